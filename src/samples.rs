//! Summaries of measured samples: the median and percentiles. Shared by the frame budget
//! (the display's interval from recent frame gaps) and the benchmarks.

/// A sorted copy, by insertion. The series here are short (16 frame gaps in the product, a
/// few hundred frame times in a benchmark), and the standard library's sort would be the
/// product's only one: 3.3 KB of .wasm for sixteen numbers.
fn sorted(samples: &[f64]) -> Vec<f64> {
    let mut sorted = samples.to_vec();
    for i in 1..sorted.len() {
        let mut j = i;
        while j > 0 && sorted[j - 1].total_cmp(&sorted[j]).is_gt() {
            sorted.swap(j - 1, j);
            j -= 1;
        }
    }
    sorted
}

/// The median (the mean of the middle two for an even count); 0 for none.
pub fn median(samples: &[f64]) -> f64 {
    let sorted = sorted(samples);
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// The `p`th percentile (0 to 100) by the nearest-rank method: the smallest sample that at
/// least `p` percent of the samples do not exceed. 0 for none.
pub fn percentile(samples: &[f64], p: f64) -> f64 {
    let sorted = sorted(samples);
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_percentiles() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(median(&[]), 0.0);
        let hundred: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&hundred, 99.0), 99.0);
        assert_eq!(percentile(&hundred, 50.0), 50.0);
        assert_eq!(percentile(&[7.0], 99.0), 7.0);
    }

    #[test]
    fn sorting_matches_the_standard_sort() {
        let mut rng = crate::rng::Rng::new(7);
        for n in [0, 1, 2, 3, 16, 300] {
            let samples: Vec<f64> = (0..n).map(|_| rng.below(1000) as f64 / 7.0).collect();
            let mut expected = samples.clone();
            expected.sort_by(f64::total_cmp);
            assert_eq!(sorted(&samples), expected, "{n} samples");
        }
    }
}
