//! Time, location and situation variability [Algorithm, §5; TN101 §10].

use crate::params::{Climate, Mdvar, Tls, VariabilityMode};
use crate::Warnings;

/// Effective earth radius used for the effective distance, metres.
const A_9000_M: f64 = 9000e3;
const THIRD: f64 = 1.0 / 3.0;

/// Coefficients of one climate's curve fits (TN101 fig. 10.13, TN101v2 eq. III.69-70).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClimateCurves {
    /// Median all-year value: c1, c2, x1, x2, x3.
    pub all_year: [f64; 5],
    /// σ_T− curve: c1, c2, x1, x2, x3.
    pub sigma_minus: [f64; 5],
    /// σ_T+ curve: c1, c2, x1, x2, x3.
    pub sigma_plus: [f64; 5],
    /// C_D [Algorithm, table 5.1].
    pub c_d: f64,
    /// z_D [Algorithm, table 5.1].
    pub z_d: f64,
    /// Frequency factors for σ_T−.
    pub bfm: [f64; 3],
    /// Frequency factors for σ_T+.
    pub bfp: [f64; 3],
}

/// One row per climate, in ITM's climate order (1 equatorial … 7 maritime
/// over sea), for callers that specialise the variability computation
/// (e.g. a coverage engine's kernel) without copying the tables.
///
/// ```
/// assert_eq!(hatang_itm::CLIMATE_CURVES[0].c_d, 1.224);
/// ```
pub const CLIMATE_CURVES: [ClimateCurves; 7] = [
    ClimateCurves {
        all_year: [-9.67, 12.7, 144.9e3, 190.3e3, 133.8e3],
        sigma_minus: [2.13, 159.5, 762.2e3, 123.6e3, 94.5e3],
        sigma_plus: [2.11, 102.3, 636.9e3, 134.8e3, 95.6e3],
        c_d: 1.224,
        z_d: 1.282,
        bfm: [1.0, 0.0, 0.0],
        bfp: [1.0, 0.0, 0.0],
    },
    ClimateCurves {
        all_year: [-0.62, 9.19, 228.9e3, 205.2e3, 143.6e3],
        sigma_minus: [2.66, 7.67, 100.4e3, 172.5e3, 136.4e3],
        sigma_plus: [6.87, 15.53, 138.7e3, 143.7e3, 98.6e3],
        c_d: 0.801,
        z_d: 2.161,
        bfm: [1.0, 0.0, 0.0],
        bfp: [0.93, 0.31, 2.00],
    },
    ClimateCurves {
        all_year: [1.26, 15.5, 262.6e3, 185.2e3, 99.8e3],
        sigma_minus: [6.11, 6.65, 138.2e3, 242.2e3, 178.6e3],
        sigma_plus: [10.08, 9.60, 165.3e3, 225.7e3, 129.7e3],
        c_d: 1.380,
        z_d: 1.282,
        bfm: [1.0, 0.0, 0.0],
        bfp: [1.0, 0.0, 0.0],
    },
    ClimateCurves {
        all_year: [-9.21, 9.05, 84.1e3, 101.1e3, 98.6e3],
        sigma_minus: [1.98, 13.11, 139.1e3, 132.7e3, 193.5e3],
        sigma_plus: [3.68, 159.3, 464.4e3, 93.1e3, 94.2e3],
        c_d: 1.000,
        z_d: 20.0,
        bfm: [1.0, 0.0, 0.0],
        bfp: [0.93, 0.19, 1.79],
    },
    ClimateCurves {
        all_year: [-0.62, 9.19, 228.9e3, 205.2e3, 143.6e3],
        sigma_minus: [2.68, 7.16, 93.7e3, 186.8e3, 133.5e3],
        sigma_plus: [4.75, 8.12, 93.2e3, 135.9e3, 113.4e3],
        c_d: 1.224,
        z_d: 1.282,
        bfm: [0.92, 0.25, 1.77],
        bfp: [0.93, 0.31, 2.00],
    },
    ClimateCurves {
        all_year: [-0.39, 2.86, 141.7e3, 315.9e3, 167.4e3],
        sigma_minus: [6.86, 10.38, 187.8e3, 169.6e3, 108.9e3],
        sigma_plus: [8.58, 13.97, 216.0e3, 152.0e3, 122.7e3],
        c_d: 1.518,
        z_d: 1.282,
        bfm: [1.0, 0.0, 0.0],
        bfp: [1.0, 0.0, 0.0],
    },
    ClimateCurves {
        all_year: [3.15, 857.9, 2222.0e3, 164.8e3, 116.3e3],
        sigma_minus: [8.51, 169.8, 609.8e3, 119.9e3, 106.6e3],
        sigma_plus: [8.43, 8.19, 136.2e3, 188.5e3, 122.9e3],
        c_d: 1.518,
        z_d: 1.282,
        bfm: [1.0, 0.0, 0.0],
        bfp: [1.0, 0.0, 0.0],
    },
];

/// The curve shape shared by the median and the σ_T fits, at the
/// effective distance `d_e` (m), for one row of [`ClimateCurves`].
///
/// ```
/// let c = &hatang_itm::CLIMATE_CURVES[4].all_year;
/// assert!(hatang_itm::climate_curve(c, 0.0).abs() < 1e-12);
/// ```
#[inline]
pub fn climate_curve(c: &[f64; 5], d_e: f64) -> f64 {
    let [c1, c2, x1, x2, x3] = *c;
    let r = (d_e - x2) / x3;
    let s = d_e / x1;
    (c1 + c2 / (1.0 + r * r)) * (s * s) / (1.0 + s * s)
}

/// Inverse of the complementary standard normal distribution, Q⁻¹(q), by
/// the rational approximation of Abramowitz & Stegun 26.2.23 (error below
/// 4.5 × 10⁻⁴), as ITM uses it. `q` is a fraction in (0, 1).
///
/// ```
/// use hatang_itm::inverse_ccdf;
/// assert!(inverse_ccdf(0.5).abs() < 1e-3);
/// assert!((inverse_ccdf(0.1) - 1.2816).abs() < 1e-3);
/// assert!((inverse_ccdf(0.9) + 1.2816).abs() < 1e-3);
/// ```
#[must_use]
pub fn inverse_ccdf(q: f64) -> f64 {
    const C_0: f64 = 2.515516;
    const C_1: f64 = 0.802853;
    const C_2: f64 = 0.010328;
    const D_1: f64 = 1.432788;
    const D_2: f64 = 0.189269;
    const D_3: f64 = 0.001308;

    let x = if q > 0.5 { 1.0 - q } else { q };
    let t = (-2.0 * x.ln()).sqrt();
    let zeta = ((C_2 * t + C_1) * t + C_0) / (((D_3 * t + D_2) * t + D_1) * t + 1.0);
    let z = t - zeta;
    if q > 0.5 {
        -z
    } else {
        z
    }
}

/// The path parameters the variability depends on.
pub(crate) struct VariabilityPath {
    pub h_e_m: [f64; 2],
    pub delta_h_m: f64,
    pub f_mhz: f64,
    pub d_m: f64,
    pub a_ref_db: f64,
}

/// The attenuation relative to free space (dB) at the requested quantiles:
/// A_ref less the median all-year correction and the time, location and
/// situation deviations. Flags extreme quantiles in `warnings`.
pub(crate) fn variability(
    tls: &Tls,
    p: &VariabilityPath,
    climate: Climate,
    mdvar: Mdvar,
    warnings: &mut Warnings,
) -> f64 {
    let curves = &CLIMATE_CURVES[climate.index()];

    let mut z_t = inverse_ccdf(tls.time / 100.0);
    let mut z_l = inverse_ccdf(tls.location / 100.0);
    let z_s = inverse_ccdf(tls.situation / 100.0);

    let wn = p.f_mhz / 47.7;

    // Effective distance [Algorithm, eq. 5.3].
    let d_ex = (2.0 * A_9000_M * p.h_e_m[0]).sqrt()
        + (2.0 * A_9000_M * p.h_e_m[1]).sqrt()
        + (575.7e12 / wn).powf(THIRD);
    let d_e = if p.d_m < d_ex {
        130e3 * p.d_m / d_ex
    } else {
        130e3 + p.d_m - d_ex
    };

    // Situation variability [Algorithm, eq. 5.10]; "+20" removes its direct part.
    let sigma_s = if mdvar.no_situation_variability {
        0.0
    } else {
        5.0 + 3.0 * (-d_e / 100e3).exp()
    };

    let v_med = climate_curve(&curves.all_year, d_e);

    match mdvar.mode {
        VariabilityMode::SingleMessage => {
            z_t = z_s;
            z_l = z_s;
        }
        VariabilityMode::Accidental => z_l = z_s,
        VariabilityMode::Mobile => z_l = z_t,
        VariabilityMode::Broadcast => {}
    }

    if z_t.abs() > 3.10 || z_l.abs() > 3.10 || z_s.abs() > 3.10 {
        *warnings |= Warnings::EXTREME_VARIABILITIES;
    }

    // Location variability; "+10" removes it.
    let sigma_l = if mdvar.no_location_variability {
        0.0
    } else {
        let delta_h_d = p.delta_h_m * (1.0 - 0.8 * (-p.d_m / 50e3).exp());
        10.0 * wn * delta_h_d / (wn * delta_h_d + 13.0)
    };

    // Time variability.
    let q = (0.133 * wn).ln();
    let g_minus = curves.bfm[0] + curves.bfm[1] / ((curves.bfm[2] * q) * (curves.bfm[2] * q) + 1.0);
    let g_plus = curves.bfp[0] + curves.bfp[1] / ((curves.bfp[2] * q) * (curves.bfp[2] * q) + 1.0);
    let sigma_t_minus = climate_curve(&curves.sigma_minus, d_e) * g_minus;
    let sigma_t_plus = climate_curve(&curves.sigma_plus, d_e) * g_plus;
    let sigma_td = curves.c_d * sigma_t_plus;
    let tgtd = (sigma_t_plus - sigma_td) * curves.z_d;

    let sigma_t = if z_t < 0.0 {
        sigma_t_minus
    } else if z_t <= curves.z_d {
        sigma_t_plus
    } else {
        sigma_td + tgtd / z_t
    };
    combine_variability(
        mdvar.mode,
        p.a_ref_db,
        v_med,
        [sigma_s, sigma_t, sigma_l],
        [z_t, z_l, z_s],
    )
}

/// The last step of ITM's variability: the situation, time and location
/// deviations (`sigma` = [σ_S, σ_T, σ_L], dB) at their standard normal
/// deviates (`z` = [z_T, z_L, z_S]) combined by the variability mode
/// [Algorithm, eq. 5.11], subtracted from the reference attenuation with the
/// median `v_med`, and a negative result softened so that the loss never
/// drops far below free space [Algorithm, eq. 52].
///
/// ```
/// use hatang_itm::{combine_variability, VariabilityMode};
/// // At the medians (all deviates zero) only v_med is left.
/// let a = combine_variability(VariabilityMode::Broadcast, 20.0, 2.0, [5.0, 3.0, 4.0], [0.0; 3]);
/// assert_eq!(a, 18.0);
/// ```
#[inline]
pub fn combine_variability(
    mode: VariabilityMode,
    a_ref_db: f64,
    v_med: f64,
    sigma: [f64; 3],
    z: [f64; 3],
) -> f64 {
    let [sigma_s, sigma_t, sigma_l] = sigma;
    let [z_t, z_l, z_s] = z;
    let y_l = sigma_l * z_l;
    let y_t = sigma_t * z_t;

    // Combination [Algorithm, eq. 5.11].
    let y_s_temp =
        sigma_s * sigma_s + (y_t * y_t) / (7.8 + z_s * z_s) + (y_l * y_l) / (24.0 + z_s * z_s);

    let (y_r, y_s) = match mode {
        VariabilityMode::SingleMessage => (
            0.0,
            (sigma_t * sigma_t + sigma_l * sigma_l + y_s_temp).sqrt() * z_s,
        ),
        VariabilityMode::Accidental => (y_t, (sigma_l * sigma_l + y_s_temp).sqrt() * z_s),
        VariabilityMode::Mobile => (
            (sigma_t * sigma_t + sigma_l * sigma_l).sqrt() * z_t,
            y_s_temp.sqrt() * z_s,
        ),
        VariabilityMode::Broadcast => (y_t + y_l, y_s_temp.sqrt() * z_s),
    };

    let result = a_ref_db - v_med - y_r - y_s;

    // Soften negative values so the loss never drops far below free space [Algorithm, eq. 52].
    if result < 0.0 {
        result * (29.0 - result) / (29.0 - 10.0 * result)
    } else {
        result
    }
}
