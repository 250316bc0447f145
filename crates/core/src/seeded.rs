//! A small deterministic number generator (a 64-bit LCG): the same seed gives
//! the same numbers on every machine and run. For drawing evaluation examples,
//! generating benchmark instances and test inputs, never for anything secret.

/// The generator's state.
#[derive(Debug, Clone)]
pub struct Seeded(u64);

impl Seeded {
    pub fn new(seed: u64) -> Seeded {
        Seeded(seed)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n.max(1)
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_numbers() {
        let mut a = Seeded::new(7);
        let mut b = Seeded::new(7);
        let xs: Vec<usize> = (0..20).map(|_| a.below(10)).collect();
        assert_eq!(xs, (0..20).map(|_| b.below(10)).collect::<Vec<_>>());
        assert!(xs.iter().all(|&x| x < 10));
        assert!(xs.iter().any(|&x| x != xs[0]));
        assert_eq!(Seeded::new(1).below(0), 0);
        assert!((3..=5).contains(&Seeded::new(3).between(3, 5)));
    }
}
