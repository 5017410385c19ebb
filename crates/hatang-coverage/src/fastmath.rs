//! `log10` as the library's natural logarithm times `1/ln 10`: within
//! 3e-16 (absolute below 1, relative above) of `f64::log10`, which the
//! library computes much more slowly than `ln`. (Inlined replacements for
//! `exp` and `ln` — a table of `2^(j/64)` with a polynomial, fdlibm's `ln`,
//! a table-driven `ln` — all made the ITM kernel slower than the
//! library's own.)

/// `log10(x)`.
#[inline]
pub(crate) fn log10(x: f64) -> f64 {
    x.ln() * std::f64::consts::LOG10_E
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log10_within_3e16() {
        let mut rng = hatang_core::rng::Rng::new(6);
        for i in 0..300_000 {
            let x = if i % 2 == 0 {
                10f64.powf(rng.range(-30.0, 30.0))
            } else {
                1.0 + rng.range(-1e-3, 1e-3)
            };
            let (a, b) = (log10(x), x.log10());
            assert!((a - b).abs() <= 3e-16 * b.abs().max(1.0), "{x}: {a} vs {b}");
        }
        assert_eq!(log10(1.0), 0.0);
        assert!(log10(0.0) == f64::NEG_INFINITY && log10(-1.0).is_nan());
    }
}
