//! Base64 decoding (standard alphabet, RFC 4648): WebDriver returns
//! screenshots as base64 PNG data.

/// Decodes standard base64. Padding is optional; ASCII whitespace (line
/// breaks in wrapped output) is skipped. An error names the first bad byte.
pub fn decode(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    let mut padding = 0;
    for (i, byte) in text.bytes().enumerate() {
        if byte.is_ascii_whitespace() {
            continue;
        }
        if byte == b'=' {
            padding += 1;
            continue;
        }
        if padding > 0 {
            return Err(format!("base64: data after padding at byte {i}"));
        }
        let sextet = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return Err(format!("base64: invalid byte {byte:#04x} at {i}")),
        };
        buffer = (buffer << 6) | u32::from(sextet);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    // Leftover bits must be the zero padding of the last byte; six leftover
    // bits mean a lone character, which cannot encode a byte.
    if bits >= 6 || padding > 2 {
        return Err("base64: truncated input".to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn rfc_4648_vectors() {
        for (encoded, plain) in [
            ("", ""),
            ("Zg==", "f"),
            ("Zm8=", "fo"),
            ("Zm9v", "foo"),
            ("Zm9vYg==", "foob"),
            ("Zm9vYmE=", "fooba"),
            ("Zm9vYmFy", "foobar"),
        ] {
            assert_eq!(decode(encoded).unwrap(), plain.as_bytes(), "{encoded}");
        }
    }

    #[test]
    fn unpadded_wrapped_and_binary() {
        assert_eq!(decode("Zm8").unwrap(), b"fo");
        assert_eq!(decode("Zm9v\r\nYmFy\n").unwrap(), b"foobar");
        // The PNG signature, as in every WebDriver screenshot.
        assert_eq!(
            decode("iVBORw0KGgo=").unwrap(),
            [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a]
        );
        assert_eq!(decode("+/+/").unwrap(), [0xfb, 0xff, 0xbf]);
    }

    #[test]
    fn invalid_input() {
        assert!(decode("Zm9v!").unwrap_err().contains("invalid byte"));
        assert!(decode("Z").unwrap_err().contains("truncated"));
        assert!(decode("Zg==Zg==").unwrap_err().contains("after padding"));
        assert!(
            decode("-_").is_err(),
            "URL-safe alphabet is not standard base64"
        );
    }
}
