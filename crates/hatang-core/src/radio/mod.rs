//! Radio propagation models and the link budget.
//!
//! * [`PathLoss`] — the algorithm: basic transmission loss of a [`Link`].
//!   Each model is a value implementing it and stating its [`Validity`];
//!   outside it a model refuses with the reason ([`ModelError::OutOfRange`])
//!   unless the link allows extrapolation (screening), in which case the
//!   [`Loss`] carries a [`Warning`]. Models here: [`FreeSpace`] (ITU-R
//!   P.525), [`OkumuraHata`], [`Cost231Hata`], [`Rma`] and [`Uma`] (3GPP TR
//!   38.901). ITM and P.1812 live in their own crates and plug in through
//!   adapters implementing the same trait.
//! * [`config::RadioConfig`] — every model setting, with its source.
//! * [`antenna`] — sector patterns (3GPP parametric, MSI files) and the
//!   gain toward a target; [`link`] — EIRP, received power and the figure
//!   each technology quotes (RxLev, RSCP, RSRP, SS-RSRP).
//!
//! ```
//! use hatang_core::radio::{Environment, Link, OkumuraHata, PathLoss};
//! let hata = OkumuraHata::default();
//! let link = Link::new(900.0, 30.0, 1.5, 5_000.0).with_environment(Environment::Suburban);
//! let loss = hata.loss(&link).unwrap();
//! assert!((loss.db - 141.08).abs() < 0.01);
//! assert!(loss.warnings.is_empty());
//! // 3 GHz is outside Okumura-Hata's 150–1500 MHz: refused…
//! assert!(hata.loss(&Link::new(3000.0, 30.0, 1.5, 5_000.0)).is_err());
//! // …unless extrapolation is allowed for screening.
//! let l = hata.loss(&Link::new(3000.0, 30.0, 1.5, 5_000.0).allow_extrapolation()).unwrap();
//! assert_eq!(l.warnings.len(), 1);
//! ```

#![warn(missing_docs)]

pub mod antenna;
pub mod config;
mod free_space;
mod hata;
mod itm;
pub mod link;
mod p1812;
mod tr38901;

pub use free_space::{free_space_loss_db, FreeSpace};
pub use hata::{Cost231Area, Cost231Hata, HataArea, OkumuraHata};
pub use itm::ItmModel;
pub use p1812::P1812Model;
pub use tr38901::{rma_los_probability, uma_los_probability, LosMode, Rma, Uma};

use crate::geo::LatLon;
use crate::terrain::Profile;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Speed of light in vacuum, m/s.
pub const SPEED_OF_LIGHT_M_S: f64 = 299_792_458.0;

/// The kind of surroundings at the receiver, for models that distinguish
/// them (Hata's area types). Terrain-based models ignore it.
///
/// ```
/// use hatang_core::radio::Environment;
/// assert_eq!("suburban".parse::<Environment>().unwrap(), Environment::Suburban);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Environment {
    /// Dense urban: a large city's centre (Hata large city, COST-231
    /// metropolitan centre).
    DenseUrban,
    /// Urban: a small or medium city (Hata small/medium city, COST-231
    /// medium city).
    #[default]
    Urban,
    /// Suburban, or a town with scattered buildings.
    Suburban,
    /// Rural: villages, fields and trees (Hata open area).
    Rural,
    /// Open: no obstruction in the foreground (Hata open area).
    Open,
}

impl std::str::FromStr for Environment {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(
            match s
                .trim()
                .to_ascii_lowercase()
                .replace(['-', ' '], "_")
                .as_str()
            {
                "dense_urban" | "metropolitan" => Environment::DenseUrban,
                "urban" => Environment::Urban,
                "suburban" => Environment::Suburban,
                "rural" => Environment::Rural,
                "open" => Environment::Open,
                _ => {
                    return Err(format!(
                        "unknown environment '{s}' (dense_urban, urban, suburban, rural, open)"
                    ))
                }
            },
        )
    }
}

/// One radio link, as every path-loss model sees it.
///
/// Distances and heights in metres, frequency in MHz. `distance_m` is the
/// ground (great-circle, 2-D) distance; antenna heights are above local
/// ground. Terrain models read the [`Profile`] (ITM's `pfl` layout) and,
/// where they need the location (P.1812's latitude-dependent terms), the end
/// points.
///
/// ```
/// use hatang_core::radio::{Environment, Link};
/// let link = Link::new(1842.5, 30.0, 1.5, 2_000.0).with_environment(Environment::Rural);
/// assert_eq!(link.environment, Environment::Rural);
/// assert!(!link.extrapolate);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Link<'a> {
    /// Carrier frequency, MHz.
    pub freq_mhz: f64,
    /// Transmitter (base station) antenna height above ground, m.
    pub h_tx_m: f64,
    /// Receiver antenna height above ground, m.
    pub h_rx_m: f64,
    /// Ground distance between the antennas, m.
    pub distance_m: f64,
    /// Terrain profile from transmitter to receiver, if cut.
    pub profile: Option<&'a Profile>,
    /// Transmitter position, if known.
    pub tx: Option<LatLon>,
    /// Receiver position, if known.
    pub rx: Option<LatLon>,
    /// Surroundings of the receiver.
    pub environment: Environment,
    /// Allow a model to answer outside its validity range (screening): the
    /// result then carries a warning instead of being refused.
    pub extrapolate: bool,
}

impl<'a> Link<'a> {
    /// A link without terrain, in the default [`Environment::Urban`].
    ///
    /// ```
    /// let l = hatang_core::radio::Link::new(900.0, 30.0, 1.5, 1_000.0);
    /// assert!(l.profile.is_none());
    /// ```
    pub fn new(freq_mhz: f64, h_tx_m: f64, h_rx_m: f64, distance_m: f64) -> Self {
        Self {
            freq_mhz,
            h_tx_m,
            h_rx_m,
            distance_m,
            profile: None,
            tx: None,
            rx: None,
            environment: Environment::default(),
            extrapolate: false,
        }
    }

    /// The same link over the terrain `profile`.
    ///
    /// ```
    /// use hatang_core::radio::Link;
    /// use hatang_core::terrain::Profile;
    /// let p = Profile::from_heights(500.0, &[10.0, 12.0, 11.0]).unwrap();
    /// let l = Link::new(900.0, 30.0, 1.5, p.distance_m()).with_profile(&p);
    /// assert_eq!(l.profile.unwrap().np(), 2);
    /// ```
    pub fn with_profile(mut self, profile: &'a Profile) -> Self {
        self.profile = Some(profile);
        self
    }

    /// The same link between known end points.
    pub fn with_ends(mut self, tx: LatLon, rx: LatLon) -> Self {
        self.tx = Some(tx);
        self.rx = Some(rx);
        self
    }

    /// The same link in another environment.
    pub fn with_environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// The same link, letting models extrapolate (with a warning).
    pub fn allow_extrapolation(mut self) -> Self {
        self.extrapolate = true;
        self
    }
}

/// A link parameter a model bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Parameter {
    /// Frequency, MHz.
    FrequencyMhz,
    /// Ground distance, m.
    DistanceM,
    /// Transmitter height, m.
    TxHeightM,
    /// Receiver height, m.
    RxHeightM,
    /// Another, named input.
    Other(&'static str),
}

impl fmt::Display for Parameter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Parameter::FrequencyMhz => "frequency (MHz)",
            Parameter::DistanceM => "distance (m)",
            Parameter::TxHeightM => "transmitter height (m)",
            Parameter::RxHeightM => "receiver height (m)",
            Parameter::Other(s) => s,
        })
    }
}

/// A closed interval `[min, max]` (either end may be infinite).
///
/// ```
/// use hatang_core::radio::Interval;
/// assert!(Interval::new(150.0, 1500.0).contains(900.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// Lower end.
    pub min: f64,
    /// Upper end.
    pub max: f64,
}

impl Interval {
    /// `[min, max]`.
    pub const fn new(min: f64, max: f64) -> Self {
        Self { min, max }
    }

    /// Everything positive: `(0, ∞)` in effect (`min` is the smallest
    /// positive number).
    pub const POSITIVE: Interval = Interval::new(f64::MIN_POSITIVE, f64::INFINITY);

    /// Whether `x` lies inside (NaN never does).
    pub fn contains(&self, x: f64) -> bool {
        x >= self.min && x <= self.max
    }
}

/// Where a model is valid: frequency, distance and both heights.
///
/// ```
/// use hatang_core::radio::{Interval, Link, Validity};
/// let v = Validity {
///     freq_mhz: Interval::new(150.0, 1500.0),
///     distance_m: Interval::new(1_000.0, 20_000.0),
///     h_tx_m: Interval::new(30.0, 200.0),
///     h_rx_m: Interval::new(1.0, 10.0),
/// };
/// assert!(v.check("demo", &Link::new(900.0, 30.0, 1.5, 5_000.0)).unwrap().is_empty());
/// let e = v.check("demo", &Link::new(900.0, 20.0, 1.5, 5_000.0)).unwrap_err();
/// assert!(e.to_string().contains("transmitter height"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Validity {
    /// Frequency range, MHz.
    pub freq_mhz: Interval,
    /// Ground distance range, m.
    pub distance_m: Interval,
    /// Transmitter height range above ground, m.
    pub h_tx_m: Interval,
    /// Receiver height range above ground, m.
    pub h_rx_m: Interval,
}

impl Validity {
    /// Checks `link` against the range: physically meaningless inputs
    /// (non-finite, or frequency, distance or a height not positive) are
    /// always refused; an input outside the range is refused, or — when the
    /// link allows extrapolation — reported as a warning.
    pub fn check(&self, model: &'static str, link: &Link) -> Result<Vec<Warning>, ModelError> {
        let inputs = [
            (Parameter::FrequencyMhz, link.freq_mhz, self.freq_mhz),
            (Parameter::DistanceM, link.distance_m, self.distance_m),
            (Parameter::TxHeightM, link.h_tx_m, self.h_tx_m),
            (Parameter::RxHeightM, link.h_rx_m, self.h_rx_m),
        ];
        let mut warnings = Vec::new();
        for (parameter, value, range) in inputs {
            if !(value.is_finite() && value > 0.0) {
                return Err(ModelError::InvalidInput {
                    model,
                    parameter,
                    value,
                    reason: "must be a positive number".into(),
                });
            }
            if !range.contains(value) {
                if link.extrapolate {
                    warnings.push(Warning::Extrapolated {
                        parameter,
                        value,
                        min: range.min,
                        max: range.max,
                    });
                } else {
                    return Err(ModelError::OutOfRange {
                        model,
                        parameter,
                        value,
                        min: range.min,
                        max: range.max,
                    });
                }
            }
        }
        Ok(warnings)
    }
}

/// Something the caller should know about a result.
#[derive(Debug, Clone, PartialEq)]
pub enum Warning {
    /// The model was used outside its validity range.
    Extrapolated {
        /// Which input.
        parameter: Parameter,
        /// Its value.
        value: f64,
        /// The range's lower end.
        min: f64,
        /// The range's upper end.
        max: f64,
    },
    /// A model-specific note (e.g. an ITM warning flag).
    Note(String),
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::Extrapolated {
                parameter,
                value,
                min,
                max,
            } => write!(
                f,
                "extrapolated: {parameter} = {value} is outside the validity range {min}–{max}"
            ),
            Warning::Note(s) => f.write_str(s),
        }
    }
}

/// A basic transmission loss and what to know about it.
///
/// ```
/// let l = hatang_core::radio::Loss::new(120.0);
/// assert_eq!(l.db, 120.0);
/// assert!(l.warnings.is_empty() && l.line_of_sight.is_none());
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Loss {
    /// Basic transmission loss, dB (isotropic antennas).
    pub db: f64,
    /// Warnings (extrapolation, model notes); empty when none.
    pub warnings: Vec<Warning>,
    /// The line-of-sight decision, for models that take one.
    pub line_of_sight: Option<bool>,
}

impl Loss {
    /// A loss without warnings.
    pub fn new(db: f64) -> Self {
        Self {
            db,
            warnings: Vec::new(),
            line_of_sight: None,
        }
    }

    /// The same loss with `warnings` added.
    pub fn with_warnings(mut self, mut warnings: Vec<Warning>) -> Self {
        self.warnings.append(&mut warnings);
        self
    }

    /// The same loss with a line-of-sight decision.
    pub fn with_line_of_sight(mut self, los: bool) -> Self {
        self.line_of_sight = Some(los);
        self
    }
}

/// Why a model gives no loss.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelError {
    /// An input is outside the model's validity range (and the link does
    /// not allow extrapolation).
    #[error("{model}: {parameter} = {value} is outside the validity range {min}–{max} (allow extrapolation to screen anyway)")]
    OutOfRange {
        /// The model.
        model: &'static str,
        /// Which input.
        parameter: Parameter,
        /// Its value.
        value: f64,
        /// The range's lower end.
        min: f64,
        /// The range's upper end.
        max: f64,
    },
    /// An input no model can use.
    #[error("{model}: {parameter} = {value} is invalid: {reason}")]
    InvalidInput {
        /// The model.
        model: &'static str,
        /// Which input.
        parameter: Parameter,
        /// Its value.
        value: f64,
        /// Why.
        reason: String,
    },
    /// The model needs a terrain profile and the link has none.
    #[error("{model} needs a terrain profile for this link")]
    MissingProfile {
        /// The model.
        model: &'static str,
    },
    /// The model refuses for its own reason (adapters of ITM and P.1812
    /// report their error codes here).
    #[error("{model}: {reason}")]
    Refused {
        /// The model.
        model: &'static str,
        /// Why.
        reason: String,
    },
}

/// A path-loss model: basic transmission loss of a link.
///
/// Implementors are values (holding their settings) that state where they
/// are valid; [`PathLoss::loss`] refuses outside that range unless
/// [`Link::extrapolate`] is set, in which case the [`Loss`] carries a
/// [`Warning::Extrapolated`].
///
/// ```
/// use hatang_core::radio::{FreeSpace, Link, PathLoss};
/// let models: Vec<Box<dyn PathLoss>> = vec![Box::new(FreeSpace)];
/// for m in &models {
///     let l = m.loss(&Link::new(1000.0, 30.0, 1.5, 1_000.0)).unwrap();
///     assert!((l.db - 92.45).abs() < 0.01, "{}", m.name());
/// }
/// ```
pub trait PathLoss {
    /// The model's name, for reports and errors.
    fn name(&self) -> &'static str;

    /// Where the model is valid.
    fn validity(&self) -> Validity;

    /// Basic transmission loss of `link`, dB.
    fn loss(&self, link: &Link) -> Result<Loss, ModelError>;
}

impl<T: PathLoss + ?Sized> PathLoss for &T {
    fn name(&self) -> &'static str {
        (**self).name()
    }
    fn validity(&self) -> Validity {
        (**self).validity()
    }
    fn loss(&self, link: &Link) -> Result<Loss, ModelError> {
        (**self).loss(link)
    }
}

impl<T: PathLoss + ?Sized> PathLoss for Box<T> {
    fn name(&self) -> &'static str {
        (**self).name()
    }
    fn validity(&self) -> Validity {
        (**self).validity()
    }
    fn loss(&self, link: &Link) -> Result<Loss, ModelError> {
        (**self).loss(link)
    }
}
