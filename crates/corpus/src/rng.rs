//! A small deterministic pseudo-random number generator (SplitMix64).
//!
//! Only integer arithmetic and the basic IEEE operations (which are exactly
//! rounded everywhere) are used, so a stream is the same on every platform and
//! with every compiler version. Transcendental functions from the platform's
//! math library are avoided on purpose: their last bits may differ.

/// SplitMix64 (Steele, Lea and Flood, 2014).
#[derive(Clone, Debug)]
pub(crate) struct Rng {
    state: u64,
}

/// The SplitMix64 output function, also a good 64-bit mixer.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// The stream of record `index` of the corpus `seed`: independent of every
    /// other record, so records can be generated in any order.
    pub(crate) fn for_record(seed: u64, index: u64) -> Rng {
        let a = mix(seed ^ 0x5851_F42D_4C95_7F2D);
        let b = mix(index.wrapping_add(0x1405_7B7E_F767_814F));
        Rng {
            state: mix(a ^ b.rotate_left(23)),
        }
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.state)
    }

    /// A number in `0..n` (n > 0), without modulo bias worth speaking of.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    /// A number in `[0, 1)`.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index chosen with the given weights (not all zero).
    pub(crate) fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| w as u64).sum();
        let mut x = self.below(total as usize) as u64;
        for (i, &w) in weights.iter().enumerate() {
            if x < w as u64 {
                return i;
            }
            x -= w as u64;
        }
        weights.len() - 1
    }

    /// An approximately standard normal number (the Irwin-Hall sum of twelve
    /// uniforms), which needs no logarithm or cosine.
    pub(crate) fn normal(&mut self) -> f64 {
        let mut sum = 0.0;
        for _ in 0..12 {
            sum += self.unit();
        }
        sum - 6.0
    }
}

/// `e^x` for moderate `x`, from basic operations only, so that it gives the
/// same bits everywhere.
pub(crate) fn exp(x: f64) -> f64 {
    const LN2: f64 = std::f64::consts::LN_2;
    let x = x.clamp(-60.0, 60.0);
    let k = (x / LN2).round();
    let r = x - k * LN2;
    let mut term = 1.0;
    let mut sum = 1.0;
    for n in 1..=18 {
        term = term * r / n as f64;
        sum += term;
    }
    let scale = f64::from_bits(((1023 + k as i64) as u64) << 52);
    sum * scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_fixed() {
        let mut r = Rng::for_record(1, 0);
        let first: Vec<u64> = (0..3).map(|_| r.next_u64()).collect();
        let mut again = Rng::for_record(1, 0);
        let second: Vec<u64> = (0..3).map(|_| again.next_u64()).collect();
        assert_eq!(first, second);
        let mut other = Rng::for_record(1, 1);
        assert_ne!(first[0], other.next_u64());
    }

    #[test]
    fn exp_is_close_to_the_library() {
        for x in [-3.0, -0.5, 0.0, 0.7, 1.0, 2.5, 8.0] {
            let rel = (exp(x) - f64::exp(x)).abs() / f64::exp(x);
            assert!(rel < 1e-12, "{x}: {rel}");
        }
    }

    #[test]
    fn below_stays_in_range() {
        let mut r = Rng::for_record(7, 7);
        for n in 1..50 {
            assert!(r.below(n) < n);
        }
        let w = r.weighted(&[0, 3, 0]);
        assert_eq!(w, 1);
    }
}
