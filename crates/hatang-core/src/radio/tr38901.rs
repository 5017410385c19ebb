//! 3GPP TR 38.901 (v17.0.0) §7.4: the rural macro (RMa) and urban macro
//! (UMa) path-loss models of Table 7.4.1-1, and the LOS probabilities of
//! Table 7.4.2-1.
//!
//! Distances: `d_2D` is the link's ground distance, `d_3D = √(d_2D² + (h_BS
//! − h_UT)²)`; `f_c` in GHz in the formulas, in Hz in the breakpoints, with
//! `c = 3.0·10⁸ m/s` as the report writes it.

use super::{Interval, Link, Loss, ModelError, Parameter, PathLoss, Validity, Warning};
use crate::terrain::EFFECTIVE_EARTH_K;

/// `c` as TR 38.901 uses it in the breakpoint distances.
const C_38901: f64 = 3.0e8;

/// How a 38.901 model decides between its LOS and NLOS formulas.
///
/// ```
/// assert_eq!(hatang_core::radio::LosMode::default(), hatang_core::radio::LosMode::Terrain);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LosMode {
    /// Always line of sight.
    Los,
    /// Never line of sight.
    Nlos,
    /// From the link's terrain profile: LOS when no terrain point plus the
    /// Earth bulge (effective radius 4/3 × 6 371 km) rises above the
    /// straight ray between the antennas ([`crate::terrain::Profile::line_of_sight`]).
    /// A link without a profile (or with an empty one) is refused
    /// ([`ModelError::MissingProfile`]).
    #[default]
    Terrain,
    /// The median of Table 7.4.2-1: LOS when the LOS probability at the
    /// link's distance is at least 50 %.
    Probability,
}

/// LOS probability of the RMa scenario (TR 38.901 Table 7.4.2-1):
/// 1 up to 10 m, then `exp(−(d_2D − 10) / 1000)`.
///
/// ```
/// use hatang_core::radio::rma_los_probability;
/// assert_eq!(rma_los_probability(5.0), 1.0);
/// assert!((rma_los_probability(1010.0) - (-1.0f64).exp()).abs() < 1e-12);
/// ```
pub fn rma_los_probability(d_2d_m: f64) -> f64 {
    if d_2d_m <= 10.0 {
        1.0
    } else {
        (-(d_2d_m - 10.0) / 1000.0).exp()
    }
}

/// LOS probability of the UMa scenario (TR 38.901 Table 7.4.2-1, outdoor
/// users): 1 up to 18 m, then `[18/d + exp(−d/63)(1 − 18/d)] · [1 + C'(h_UT)
/// · 5/4 · (d/100)³ · exp(−d/150)]` with `C'(h_UT) = 0` up to 13 m and
/// `((h_UT − 13)/10)^1.5` for 13–23 m.
///
/// ```
/// use hatang_core::radio::uma_los_probability;
/// // d = 100 m, h_UT = 1.5 m: 0.18 + e^(-100/63)·0.82 = 0.34767.
/// assert!((uma_los_probability(100.0, 1.5) - 0.34767).abs() < 1e-5);
/// ```
pub fn uma_los_probability(d_2d_m: f64, h_ut_m: f64) -> f64 {
    if d_2d_m <= 18.0 {
        return 1.0;
    }
    let c = if h_ut_m <= 13.0 {
        0.0
    } else {
        ((h_ut_m.min(23.0) - 13.0) / 10.0).powf(1.5)
    };
    let d = d_2d_m;
    (18.0 / d + (-d / 63.0).exp() * (1.0 - 18.0 / d))
        * (1.0 + c * 1.25 * (d / 100.0).powi(3) * (-d / 150.0).exp())
}

fn d3d(link: &Link) -> f64 {
    link.distance_m.hypot(link.h_tx_m - link.h_rx_m)
}

/// Decides LOS for `mode`, given the scenario's LOS probability.
fn decide(
    model: &'static str,
    mode: LosMode,
    link: &Link,
    p_los: impl Fn() -> f64,
) -> Result<bool, ModelError> {
    Ok(match mode {
        LosMode::Los => true,
        LosMode::Nlos => false,
        LosMode::Probability => p_los() >= 0.5,
        LosMode::Terrain => link
            .profile
            .filter(|p| p.np() > 0)
            .ok_or(ModelError::MissingProfile { model })?
            .line_of_sight(link.h_tx_m, link.h_rx_m, EFFECTIVE_EARTH_K),
    })
}

/// Checks one extra range, refusing or warning like [`Validity::check`].
fn check_extra(
    model: &'static str,
    link: &Link,
    parameter: Parameter,
    value: f64,
    range: Interval,
    warnings: &mut Vec<Warning>,
) -> Result<(), ModelError> {
    if !value.is_finite() || value <= 0.0 {
        return Err(ModelError::InvalidInput {
            model,
            parameter,
            value,
            reason: "must be a positive number".into(),
        });
    }
    if range.contains(value) {
        Ok(())
    } else if link.extrapolate {
        warnings.push(Warning::Extrapolated {
            parameter,
            value,
            min: range.min,
            max: range.max,
        });
        Ok(())
    } else {
        Err(ModelError::OutOfRange {
            model,
            parameter,
            value,
            min: range.min,
            max: range.max,
        })
    }
}

/// TR 38.901 rural macro (RMa), Table 7.4.1-1.
///
/// * LOS, `d_BP = 2π h_BS h_UT f_c / c`: `PL1 = 20 log10(40π d_3D f_c / 3) +
///   min(0.03 h^1.72, 10) log10(d_3D) − min(0.044 h^1.72, 14.77) + 0.002
///   log10(h) d_3D` up to `d_BP`, then `PL2 = PL1(d_BP) + 40 log10(d_3D /
///   d_BP)`; 10 m ≤ d_2D ≤ 10 km.
/// * NLOS: `max(PL_LOS, PL'_NLOS)`, `PL'_NLOS = 161.04 − 7.1 log10(W) + 7.5
///   log10(h) − (24.37 − 3.7 (h/h_BS)²) log10(h_BS) + (43.42 − 3.1
///   log10(h_BS)) (log10(d_3D) − 3) + 20 log10(f_c) − (3.2 (log10(11.75
///   h_UT))² − 4.97)`; 10 m ≤ d_2D ≤ 5 km.
/// * Applicability: h_BS 10–150 m (default 35), h_UT 1–10 m (default 1.5),
///   W 5–50 m (default 20), h 5–50 m (default 5); frequency 0.5–30 GHz
///   (§7.4.1: RMa is validated to 7 GHz by measurement and applicable to
///   30 GHz).
///
/// ```
/// use hatang_core::radio::{Link, LosMode, PathLoss, Rma};
/// let rma = Rma { los: LosMode::Los, ..Rma::default() };
/// // ns-3's TR 38.901 test vector: 5 GHz, h_BS 35 m, h_UT 1.5 m, 1 km LOS.
/// let l = rma.loss(&Link::new(5000.0, 35.0, 1.5, 1_000.0)).unwrap();
/// assert!((l.db - 108.5577).abs() < 0.01);
/// assert_eq!(l.line_of_sight, Some(true));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Rma {
    /// Average building height `h`, m (default 5).
    pub building_height_m: f64,
    /// Average street width `W`, m (default 20).
    pub street_width_m: f64,
    /// How LOS is decided.
    pub los: LosMode,
}

impl Default for Rma {
    fn default() -> Self {
        Self {
            building_height_m: 5.0,
            street_width_m: 20.0,
            los: LosMode::default(),
        }
    }
}

impl Rma {
    /// Standard deviation of the shadow fading, dB (Table 7.4.1-1): 4 (LOS
    /// before the breakpoint), 6 (LOS after it), 8 (NLOS).
    ///
    /// ```
    /// let rma = hatang_core::radio::Rma::default();
    /// assert_eq!(rma.shadow_fading_db(false, 35.0, 1.5, 3.5e3, 1_000.0), 8.0);
    /// ```
    pub fn shadow_fading_db(
        &self,
        los: bool,
        h_bs_m: f64,
        h_ut_m: f64,
        freq_mhz: f64,
        d_2d_m: f64,
    ) -> f64 {
        if !los {
            8.0
        } else if d_2d_m <= rma_breakpoint_m(h_bs_m, h_ut_m, freq_mhz) {
            4.0
        } else {
            6.0
        }
    }

    fn pl1(&self, d: f64, fc_ghz: f64) -> f64 {
        let h: f64 = self.building_height_m;
        let hp = h.powf(1.72);
        20.0 * (40.0 * std::f64::consts::PI * d * fc_ghz / 3.0).log10()
            + (0.03 * hp).min(10.0) * d.log10()
            - (0.044 * hp).min(14.77)
            + 0.002 * h.log10() * d
    }

    fn los_db(&self, link: &Link) -> f64 {
        let fc = link.freq_mhz / 1000.0;
        let d = d3d(link);
        let d_bp = rma_breakpoint_m(link.h_tx_m, link.h_rx_m, link.freq_mhz);
        if link.distance_m <= d_bp {
            self.pl1(d, fc)
        } else {
            self.pl1(d_bp, fc) + 40.0 * (d / d_bp).log10()
        }
    }

    fn nlos_prime_db(&self, link: &Link) -> f64 {
        let (h, w) = (self.building_height_m, self.street_width_m);
        let (hbs, hut) = (link.h_tx_m, link.h_rx_m);
        let fc = link.freq_mhz / 1000.0;
        161.04 - 7.1 * w.log10() + 7.5 * h.log10() - (24.37 - 3.7 * (h / hbs).powi(2)) * hbs.log10()
            + (43.42 - 3.1 * hbs.log10()) * (d3d(link).log10() - 3.0)
            + 20.0 * fc.log10()
            - (3.2 * (11.75 * hut).log10().powi(2) - 4.97)
    }
}

/// RMa breakpoint distance `2π h_BS h_UT f_c / c`, m.
fn rma_breakpoint_m(h_bs_m: f64, h_ut_m: f64, freq_mhz: f64) -> f64 {
    2.0 * std::f64::consts::PI * h_bs_m * h_ut_m * freq_mhz * 1e6 / C_38901
}

impl PathLoss for Rma {
    fn name(&self) -> &'static str {
        "3GPP TR 38.901 RMa"
    }

    fn validity(&self) -> Validity {
        Validity {
            freq_mhz: Interval::new(500.0, 30_000.0),
            distance_m: Interval::new(10.0, 10_000.0),
            h_tx_m: Interval::new(10.0, 150.0),
            h_rx_m: Interval::new(1.0, 10.0),
        }
    }

    fn loss(&self, link: &Link) -> Result<Loss, ModelError> {
        let name = self.name();
        let mut warnings = self.validity().check(name, link)?;
        let range = Interval::new(5.0, 50.0);
        let p = Parameter::Other("average building height (m)");
        check_extra(name, link, p, self.building_height_m, range, &mut warnings)?;
        let p = Parameter::Other("average street width (m)");
        check_extra(name, link, p, self.street_width_m, range, &mut warnings)?;
        let los = decide(name, self.los, link, || {
            rma_los_probability(link.distance_m)
        })?;
        let los_db = self.los_db(link);
        let db = if los {
            los_db
        } else {
            let p = Parameter::DistanceM;
            let nlos_range = Interval::new(10.0, 5_000.0);
            check_extra(name, link, p, link.distance_m, nlos_range, &mut warnings)?;
            los_db.max(self.nlos_prime_db(link))
        };
        Ok(Loss::new(db)
            .with_warnings(warnings)
            .with_line_of_sight(los))
    }
}

/// TR 38.901 urban macro (UMa), Table 7.4.1-1.
///
/// * LOS, `d'_BP = 4 h'_BS h'_UT f_c / c` with `h' = h − h_E`:
///   `PL1 = 28.0 + 22 log10(d_3D) + 20 log10(f_c)` up to `d'_BP`, then
///   `PL2 = 28.0 + 40 log10(d_3D) + 20 log10(f_c) − 9 log10(d'_BP² +
///   (h_BS − h_UT)²)`.
/// * NLOS: `max(PL_LOS, 13.54 + 39.08 log10(d_3D) + 20 log10(f_c) − 0.6
///   (h_UT − 1.5))`.
/// * 10 m ≤ d_2D ≤ 5 km, 1.5 ≤ h_UT ≤ 22.5 m, 0.5–100 GHz.
/// * h_E: Note 1 draws it at random (1 m with probability `1/(1 + C(d_2D,
///   h_UT))`); C is 0 for h_UT ≤ 13 m, so 1 m (the default here) is exact
///   for street-level users.
/// * h_BS: the table fixes 25 m. The formulas carry h_BS only through d_3D
///   and the breakpoint, so 10–50 m is accepted as valid here (our
///   extension, for the tower heights of a provincial town); beyond that it
///   is refused or extrapolated.
///
/// ```
/// use hatang_core::radio::{Link, LosMode, PathLoss, Uma};
/// let uma = Uma { los: LosMode::Nlos, ..Uma::default() };
/// // ns-3's TR 38.901 test vector: 5 GHz, h_BS 25 m, h_UT 1.5 m, 1 km NLOS.
/// let l = uma.loss(&Link::new(5000.0, 25.0, 1.5, 1_000.0)).unwrap();
/// assert!((l.db - 144.7641).abs() < 0.01);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Uma {
    /// How LOS is decided.
    pub los: LosMode,
    /// Effective environment height `h_E`, m (default 1).
    pub h_e_m: f64,
}

impl Default for Uma {
    fn default() -> Self {
        Self {
            los: LosMode::default(),
            h_e_m: 1.0,
        }
    }
}

impl Uma {
    /// Standard deviation of the shadow fading, dB (Table 7.4.1-1): 4 LOS,
    /// 6 NLOS.
    ///
    /// ```
    /// assert_eq!(hatang_core::radio::Uma::default().shadow_fading_db(true), 4.0);
    /// ```
    pub fn shadow_fading_db(&self, los: bool) -> f64 {
        if los {
            4.0
        } else {
            6.0
        }
    }

    fn los_db(&self, link: &Link) -> f64 {
        let fc = link.freq_mhz / 1000.0;
        let d = d3d(link);
        let d_bp =
            4.0 * (link.h_tx_m - self.h_e_m) * (link.h_rx_m - self.h_e_m) * link.freq_mhz * 1e6
                / C_38901;
        if link.distance_m <= d_bp {
            28.0 + 22.0 * d.log10() + 20.0 * fc.log10()
        } else {
            28.0 + 40.0 * d.log10() + 20.0 * fc.log10()
                - 9.0 * (d_bp * d_bp + (link.h_tx_m - link.h_rx_m).powi(2)).log10()
        }
    }
}

impl PathLoss for Uma {
    fn name(&self) -> &'static str {
        "3GPP TR 38.901 UMa"
    }

    fn validity(&self) -> Validity {
        Validity {
            freq_mhz: Interval::new(500.0, 100_000.0),
            distance_m: Interval::new(10.0, 5_000.0),
            h_tx_m: Interval::new(10.0, 50.0),
            h_rx_m: Interval::new(1.5, 22.5),
        }
    }

    fn loss(&self, link: &Link) -> Result<Loss, ModelError> {
        let name = self.name();
        let warnings = self.validity().check(name, link)?;
        if !(self.h_e_m.is_finite() && self.h_e_m >= 0.0 && self.h_e_m < link.h_rx_m) {
            return Err(ModelError::InvalidInput {
                model: name,
                parameter: Parameter::Other("effective environment height h_E (m)"),
                value: self.h_e_m,
                reason: "must be at least 0 and below the receiver".into(),
            });
        }
        let los = decide(name, self.los, link, || {
            uma_los_probability(link.distance_m, link.h_rx_m)
        })?;
        let los_db = self.los_db(link);
        let db = if los {
            los_db
        } else {
            let fc = link.freq_mhz / 1000.0;
            let nlos =
                13.54 + 39.08 * d3d(link).log10() + 20.0 * fc.log10() - 0.6 * (link.h_rx_m - 1.5);
            los_db.max(nlos)
        };
        Ok(Loss::new(db)
            .with_warnings(warnings)
            .with_line_of_sight(los))
    }
}
