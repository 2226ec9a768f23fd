//! Numbers as text without `core`'s float formatting.
//!
//! `format!("{}", x)` for an `f64` pulls about 18 KB of float-printing machinery into the
//! `.wasm` (a third of the product's gzipped budget). Error messages and labels only need
//! a readable decimal, so this writes one by hand: up to six decimals, trailing zeros
//! dropped, and words for the values that are not numbers.

/// `x` as a readable decimal: `0.5`, `-3`, `1e300` as `1e300`-ish words, `NaN`.
pub fn number(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    let sign = if x < 0.0 { "-" } else { "" };
    let a = x.abs();
    if a >= 1e15 && a.fract() == 0.0 && a < 1.8e19 {
        // Every double this large is a whole number, and up to u64's range it is said
        // exactly (a seed of 2^53 is out of range by one, which "about 9.0e15" would hide).
        return format!("{sign}{}", a as u64);
    }
    if a >= 1e15 {
        // Beyond exact integers: two significant digits say enough in a message.
        let mut exp = a.log10().floor() as i32;
        let mut tenths = (a / 10f64.powi(exp) * 10.0).round() as u64;
        if tenths >= 100 {
            // 9.96e15 rounds to 10.0e15: 1.0e16.
            exp += 1;
            tenths = 10;
        }
        return format!("about {sign}{}.{}e{exp}", tenths / 10, tenths % 10);
    }
    let scaled = (a * 1e6).round() as u64;
    let (int, frac) = (scaled / 1_000_000, scaled % 1_000_000);
    if frac == 0 {
        return format!("{sign}{int}");
    }
    let digits = format!("{frac:06}");
    format!("{sign}{int}.{}", digits.trim_end_matches('0'))
}

/// Reads a plain decimal (`0.5`, `-3`, `12.25`, `7e1` is not one): what `data-*` attributes
/// hold. Not `str::parse::<f64>`, which brings 8 KB of float-parsing tables into the `.wasm`.
/// Up to 15 significant digits, which every option's range needs.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !all_digits(int) || !all_digits(frac) {
        return None;
    }
    if int.len() + frac.len() > 15 {
        return None;
    }
    let mut value = 0u64;
    for b in int.bytes().chain(frac.bytes()) {
        value = value * 10 + u64::from(b - b'0');
    }
    let scaled = value as f64 / 10f64.powi(frac.len() as i32);
    Some(if negative { -scaled } else { scaled })
}

/// `x` limited to `lo..=hi` (`lo <= hi`). Not `f64::clamp`: its assertion formats floats
/// with `Debug`, which alone drags the float printer into the `.wasm`. NaN gives `lo`.
pub fn clamp(x: f64, lo: f64, hi: f64) -> f64 {
    if x >= lo {
        if x <= hi {
            x
        } else {
            hi
        }
    } else {
        lo
    }
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn clamp_limits_and_sends_nan_low() {
        assert_eq!(super::clamp(5.0, 0.0, 1.0), 1.0);
        assert_eq!(super::clamp(-5.0, 0.0, 1.0), 0.0);
        assert_eq!(super::clamp(0.5, 0.0, 1.0), 0.5);
        assert_eq!(super::clamp(f64::NAN, 0.0, 1.0), 0.0);
    }

    #[test]
    fn plain_decimals_parse() {
        use super::parse_decimal as p;
        assert_eq!(p("0.5"), Some(0.5));
        assert_eq!(p(" 7 "), Some(7.0));
        assert_eq!(p("-3.25"), Some(-3.25));
        assert_eq!(p(".5"), Some(0.5));
        assert_eq!(p("2."), Some(2.0));
        for bad in [
            "",
            ".",
            "abc",
            "1e3",
            "1.2.3",
            "--1",
            "0x10",
            "NaN",
            "1234567890123456",
        ] {
            assert_eq!(p(bad), None, "{bad}");
        }
    }

    #[test]
    fn readable_decimals() {
        assert_eq!(number(0.5), "0.5");
        assert_eq!(number(-3.0), "-3");
        assert_eq!(number(0.05), "0.05");
        assert_eq!(number(1_234.000_25), "1234.00025");
        assert_eq!(number(f64::NAN), "NaN");
        assert_eq!(number(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(number(1e300), "about 1.0e300");
        assert_eq!(
            number(9_007_199_254_740_992.0),
            "9007199254740992",
            "2^53, exactly"
        );
        assert_eq!(number(3e19), "about 3.0e19", "past u64: rounded");
        assert_eq!(number(-9.96e19), "about -1.0e20", "rounds up a digit");
        assert_eq!(number(1e-9), "0");
    }
}
