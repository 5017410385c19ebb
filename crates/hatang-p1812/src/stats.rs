//! Statistics helpers: the Recommendation's approximation to the inverse
//! complementary cumulative normal distribution, and the location-variability
//! standard deviation of the section on location variability of losses.

/// Inverse complementary cumulative normal distribution `I(x)` as approximated in
/// Annex 1 of P.1812 (the attachment "An approximation to the inverse complementary
/// cumulative normal distribution function"): `I(x) = T(x) − C(x)` for `x ≤ 0.5` and
/// `I(x) = −(T(1−x) − C(1−x))` above, with `T(y) = sqrt(−2 ln y)` and `C` the rational
/// function with coefficients C0..C2, D1..D3. `x` is clamped to `[1e-6, 0.999 999]`,
/// the approximation's stated domain. Accuracy is about ±0.00045 against the exact
/// quantile; `I(0.1) ≈ 1.2817`, `I(0.5) ≈ 0`, `I(0.9) ≈ −1.2817`.
///
/// ```
/// let i = hatang_p1812::inverse_complementary_normal(0.1);
/// assert!((i - 1.281729).abs() < 1e-5);
/// assert!((hatang_p1812::inverse_complementary_normal(0.9) + i).abs() < 1e-12);
/// ```
pub fn inverse_complementary_normal(x: f64) -> f64 {
    let x = x.clamp(0.000_001, 0.999_999);
    if x <= 0.5 {
        t_minus_c(x)
    } else {
        -t_minus_c(1.0 - x)
    }
}

/// `T(y) − C(y)` of the approximation (the reference implementation labels these
/// Eqs 97a and 97b).
fn t_minus_c(y: f64) -> f64 {
    const C0: f64 = 2.515_516_698;
    const C1: f64 = 0.802_853;
    const C2: f64 = 0.010_328;
    const D1: f64 = 1.432_788;
    const D2: f64 = 0.189_269;
    const D3: f64 = 0.001_308;
    let t = (-2.0 * y.ln()).sqrt();
    let c = ((C2 * t + C1) * t + C0) / (((D3 * t + D2) * t + D1) * t + 1.0);
    t - c
}

/// Standard deviation σL (dB) of the location variability of losses for outdoor
/// receivers (P.1812 Annex 1, "Location variability of losses"):
/// `σL = (0.024 f + 0.52) · wa^0.28 · uh`, with `f` in GHz, `wa` the width (m) of the
/// square area over which the variability applies (the prediction resolution), and
/// the height factor `uh = 1` for `h < R`, `1 − (h − R)/10` for `R ≤ h < R + 10`,
/// `0` for `h ≥ R + 10`, where `h` is the receiver antenna height above ground and
/// `R` the representative clutter height at the receiver (both m).
///
/// The Recommendation notes that σL should not be applied to a receiver at sea;
/// [`crate::P1812`] already ignores σL when the last profile point is a sea point.
///
/// ```
/// // 100 m pixels, 1.8 GHz, 1.5 m antenna in 10 m clutter: uh = 1.
/// let s = hatang_p1812::location_std_dev(1.8, 1.5, 10.0, 100.0);
/// assert!((s - (0.024 * 1.8 + 0.52) * 100f64.powf(0.28)).abs() < 1e-12);
/// ```
pub fn location_std_dev(f_ghz: f64, h_rx_m: f64, clutter_m: f64, wa_m: f64) -> f64 {
    let uh = if h_rx_m < clutter_m {
        1.0
    } else if h_rx_m >= clutter_m + 10.0 {
        0.0
    } else {
        1.0 - (h_rx_m - clutter_m) / 10.0
    };
    (0.52 + 0.024 * f_ghz) * wa_m.powf(0.28) * uh
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symmetric_and_close_to_exact_quantiles() {
        // Exact upper-tail quantiles of the standard normal distribution.
        let exact = [
            (0.01, 2.326_347_874),
            (0.05, 1.644_853_627),
            (0.1, 1.281_551_566),
            (0.2, 0.841_621_234),
            (0.5, 0.0),
        ];
        for (x, q) in exact {
            let i = inverse_complementary_normal(x);
            assert!((i - q).abs() < 4.5e-4, "I({x}) = {i}, exact {q}");
            if x < 0.5 {
                let j = inverse_complementary_normal(1.0 - x);
                assert!((i + j).abs() < 1e-12, "I({x}) + I(1-{x}) = {}", i + j);
            }
        }
    }

    #[test]
    fn clamps_domain() {
        assert_eq!(
            inverse_complementary_normal(0.0),
            inverse_complementary_normal(1e-6)
        );
        assert_eq!(
            inverse_complementary_normal(1.0),
            inverse_complementary_normal(0.999_999)
        );
    }

    #[test]
    fn location_std_dev_height_factor() {
        let base = (0.52 + 0.024 * 0.5) * 500f64.powf(0.28);
        assert!((location_std_dev(0.5, 5.0, 10.0, 500.0) - base).abs() < 1e-12);
        assert!((location_std_dev(0.5, 15.0, 10.0, 500.0) - 0.5 * base).abs() < 1e-12);
        assert_eq!(location_std_dev(0.5, 20.0, 10.0, 500.0), 0.0);
    }
}
