//! Okumura-Hata and COST-231 Hata, the empirical models of urban and
//! suburban macro cells.
//!
//! Sources: M. Hata, "Empirical formula for propagation loss in land mobile
//! radio services", IEEE Trans. Veh. Technol. 29(3), 1980; COST Action 231
//! final report (Damosso, ed., 1999) §4.4.1; the formulas as restated in
//! ITU-R Report SM.2028 and in textbooks (Rappaport §4.10.3, Seybold §6.4).

use super::{Environment, Interval, Link, Loss, ModelError, PathLoss, Validity, Warning};

/// The area types of the Okumura-Hata model.
///
/// ```
/// use hatang_core::radio::{Environment, HataArea};
/// assert_eq!(HataArea::from(Environment::DenseUrban), HataArea::UrbanLarge);
/// assert_eq!(HataArea::from(Environment::Rural), HataArea::Open);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HataArea {
    /// Urban, large city (its own mobile-height correction).
    UrbanLarge,
    /// Urban, small or medium city.
    UrbanSmallMedium,
    /// Suburban.
    Suburban,
    /// Open area.
    Open,
}

impl From<Environment> for HataArea {
    fn from(e: Environment) -> Self {
        match e {
            Environment::DenseUrban => HataArea::UrbanLarge,
            Environment::Urban => HataArea::UrbanSmallMedium,
            Environment::Suburban => HataArea::Suburban,
            Environment::Rural | Environment::Open => HataArea::Open,
        }
    }
}

/// Okumura-Hata (Hata 1980): 150–1500 MHz, 1–20 km, base station 30–200 m,
/// mobile 1–10 m.
///
/// With `f` in MHz, `h_b`, `h_m` in m, `d` in km:
///
/// * urban: `L_u = 69.55 + 26.16 log f − 13.82 log h_b − a(h_m) + (44.9 −
///   6.55 log h_b) log d`
/// * small/medium city: `a(h_m) = (1.1 log f − 0.7) h_m − (1.56 log f −
///   0.8)`; large city: `8.29 (log 1.54 h_m)² − 1.1` for f ≤ 300 MHz and
///   `3.2 (log 11.75 h_m)² − 4.97` above (Hata gives the first up to 200 MHz
///   and the second from 400 MHz; the split between is ours)
/// * suburban: `L_u − 2 (log(f/28))² − 5.4`; open: `L_u − 4.78 (log f)² +
///   18.33 log f − 40.94` (both from the small/medium-city `L_u`).
///
/// `area: None` takes the area from the link's [`Environment`].
///
/// ```
/// use hatang_core::radio::{HataArea, Link, OkumuraHata, PathLoss};
/// let m = OkumuraHata { area: Some(HataArea::UrbanSmallMedium) };
/// let l = m.loss(&Link::new(900.0, 30.0, 1.5, 5_000.0)).unwrap();
/// assert!((l.db - 151.02).abs() < 0.01);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OkumuraHata {
    /// The area type; `None`: from the link's environment.
    pub area: Option<HataArea>,
}

impl OkumuraHata {
    /// The model for a fixed area type.
    pub fn new(area: HataArea) -> Self {
        Self { area: Some(area) }
    }
}

/// `a(h_m)` for a small or medium city.
fn a_hm_small(log_f: f64, h_m: f64) -> f64 {
    (1.1 * log_f - 0.7) * h_m - (1.56 * log_f - 0.8)
}

/// `a(h_m)` for a large city.
fn a_hm_large(f_mhz: f64, h_m: f64) -> f64 {
    if f_mhz <= 300.0 {
        8.29 * (1.54 * h_m).log10().powi(2) - 1.1
    } else {
        3.2 * (11.75 * h_m).log10().powi(2) - 4.97
    }
}

impl PathLoss for OkumuraHata {
    fn name(&self) -> &'static str {
        "Okumura-Hata"
    }

    fn validity(&self) -> Validity {
        Validity {
            freq_mhz: Interval::new(150.0, 1500.0),
            distance_m: Interval::new(1_000.0, 20_000.0),
            h_tx_m: Interval::new(30.0, 200.0),
            h_rx_m: Interval::new(1.0, 10.0),
        }
    }

    fn loss(&self, link: &Link) -> Result<Loss, ModelError> {
        let warnings = self.validity().check(self.name(), link)?;
        let area = self.area.unwrap_or(HataArea::from(link.environment));
        let (f, hb, hm) = (link.freq_mhz, link.h_tx_m, link.h_rx_m);
        let (log_f, log_hb, log_d) = (f.log10(), hb.log10(), (link.distance_m / 1000.0).log10());
        let base = 69.55 + 26.16 * log_f - 13.82 * log_hb + (44.9 - 6.55 * log_hb) * log_d;
        let urban_small = base - a_hm_small(log_f, hm);
        let db = match area {
            HataArea::UrbanSmallMedium => urban_small,
            HataArea::UrbanLarge => base - a_hm_large(f, hm),
            HataArea::Suburban => urban_small - 2.0 * (f / 28.0).log10().powi(2) - 5.4,
            HataArea::Open => urban_small - 4.78 * log_f * log_f + 18.33 * log_f - 40.94,
        };
        Ok(Loss::new(db).with_warnings(warnings))
    }
}

/// The area types of COST-231 Hata.
///
/// ```
/// use hatang_core::radio::{Cost231Area, Environment};
/// assert_eq!(Cost231Area::from(Environment::DenseUrban), Cost231Area::Metropolitan);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cost231Area {
    /// Medium-sized city and suburban centres with medium tree density
    /// (`C_m = 0 dB`).
    MediumCitySuburban,
    /// Metropolitan centres (`C_m = 3 dB`).
    Metropolitan,
}

impl From<Environment> for Cost231Area {
    fn from(e: Environment) -> Self {
        match e {
            Environment::DenseUrban => Cost231Area::Metropolitan,
            _ => Cost231Area::MediumCitySuburban,
        }
    }
}

/// COST-231 Hata (COST 231 final report §4.4.1): 1500–2000 MHz, 1–20 km,
/// base station 30–200 m, mobile 1–10 m.
///
/// `L = 46.3 + 33.9 log f − 13.82 log h_b − a(h_m) + (44.9 − 6.55 log h_b)
/// log d + C_m`, with the small/medium-city `a(h_m)` of Okumura-Hata and
/// `C_m` 0 dB (medium city, suburban) or 3 dB (metropolitan).
///
/// The model has no open-area variant: for a link in [`Environment::Rural`]
/// or [`Environment::Open`] (with `area: None`) it uses the medium-city
/// formula — pessimistic in open country — and says so in a warning.
///
/// ```
/// use hatang_core::radio::{Cost231Area, Cost231Hata, Link, PathLoss};
/// let m = Cost231Hata { area: Some(Cost231Area::Metropolitan) };
/// let l = m.loss(&Link::new(1800.0, 30.0, 1.5, 2_000.0)).unwrap();
/// assert!((l.db - 149.80).abs() < 0.01);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Cost231Hata {
    /// The area type; `None`: from the link's environment.
    pub area: Option<Cost231Area>,
}

impl Cost231Hata {
    /// The model for a fixed area type.
    pub fn new(area: Cost231Area) -> Self {
        Self { area: Some(area) }
    }
}

impl PathLoss for Cost231Hata {
    fn name(&self) -> &'static str {
        "COST-231 Hata"
    }

    fn validity(&self) -> Validity {
        Validity {
            freq_mhz: Interval::new(1500.0, 2000.0),
            distance_m: Interval::new(1_000.0, 20_000.0),
            h_tx_m: Interval::new(30.0, 200.0),
            h_rx_m: Interval::new(1.0, 10.0),
        }
    }

    fn loss(&self, link: &Link) -> Result<Loss, ModelError> {
        let mut warnings = self.validity().check(self.name(), link)?;
        let area = match self.area {
            Some(a) => a,
            None => {
                if matches!(link.environment, Environment::Rural | Environment::Open) {
                    warnings.push(Warning::Note(
                        "COST-231 Hata has no open-area variant: the medium-city/suburban \
                         formula was used (pessimistic in open country)"
                            .into(),
                    ));
                }
                Cost231Area::from(link.environment)
            }
        };
        let (f, hb, hm) = (link.freq_mhz, link.h_tx_m, link.h_rx_m);
        let (log_f, log_hb, log_d) = (f.log10(), hb.log10(), (link.distance_m / 1000.0).log10());
        let c_m = match area {
            Cost231Area::MediumCitySuburban => 0.0,
            Cost231Area::Metropolitan => 3.0,
        };
        let db = 46.3 + 33.9 * log_f - 13.82 * log_hb - a_hm_small(log_f, hm)
            + (44.9 - 6.55 * log_hb) * log_d
            + c_m;
        Ok(Loss::new(db).with_warnings(warnings))
    }
}
