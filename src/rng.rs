//! A small seeded random number generator (SplitMix64).
//!
//! Determinism is a product promise: the same seed gives the same stop, byte for byte, on
//! every host. A dozen lines of SplitMix64 give that without a dependency (the `.wasm` size
//! budget is tight) and with output that never changes under us when a crate is upgraded.

/// A deterministic pseudo-random stream.
#[derive(Clone, Debug)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A stream that depends only on `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// An independent stream for a named purpose, so that adding a draw in one place does
    /// not shift every draw elsewhere.
    pub fn derive(seed: u64, stream: &str) -> Rng {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325; // FNV-1a over the stream name
        for b in stream.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        let mut rng = Rng::new(seed ^ h);
        rng.next_u64(); // one round so that nearby seeds diverge at once
        rng
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A float uniformly in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// An integer uniformly in `[0, n)`; `n` must be positive.
    pub fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0, "below(0) has no answer");
        // Multiply-shift: unbiased enough for simulation, and branch-free.
        ((u128::from(self.next_u64()) * u128::from(n.max(1))) >> 64) as u64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A bell-shaped draw in `[-1, 1]` (the mean of three uniforms, rescaled): jitter that
    /// clusters around the typical value, as human reaction times do, with hard bounds.
    pub fn bell(&mut self) -> f64 {
        (self.unit() + self.unit() + self.unit()) * (2.0 / 3.0) - 1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_different_seeds_differ() {
        let a: Vec<u64> = (0..5)
            .map({
                let mut r = Rng::new(7);
                move |_| r.next_u64()
            })
            .collect();
        let b: Vec<u64> = (0..5)
            .map({
                let mut r = Rng::new(7);
                move |_| r.next_u64()
            })
            .collect();
        let c: Vec<u64> = (0..5)
            .map({
                let mut r = Rng::new(8);
                move |_| r.next_u64()
            })
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn derived_streams_are_independent() {
        assert_ne!(
            Rng::derive(1, "jack").next_u64(),
            Rng::derive(1, "tire").next_u64()
        );
    }

    #[test]
    fn draws_stay_in_range() {
        let mut r = Rng::new(42);
        for _ in 0..10_000 {
            assert!(r.below(6) < 6);
            let u = r.unit();
            assert!((0.0..1.0).contains(&u));
            let b = r.bell();
            assert!((-1.0..=1.0).contains(&b));
        }
    }
}
