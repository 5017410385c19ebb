//! Propagation models and their settings, as the coverage engine uses them.

use crate::error::CoverageError;
use hatang_core::radio::config::{self, RadioConfig};
use hatang_core::radio::{Cost231Hata, Environment, FreeSpace, OkumuraHata, Rma, Uma};
use hatang_itm::{Climate, Itm, Mdvar, Polarization, Tls};
use hatang_p1812::{P1812Config, Polarisation};

/// ITM (Longley-Rice) settings other than the frequency, which comes
/// with each transmitter.
///
/// ```
/// use hatang_coverage::ItmParams;
/// let p = ItmParams::signal_server();
/// assert_eq!((p.n_0, p.epsilon, p.sigma, p.mdvar.code()), (301.0, 15.0, 0.005, 12));
/// let itm = p.at(1800.0);
/// assert_eq!(itm.f_mhz, 1800.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItmParams {
    /// Polarisation.
    pub polarization: Polarization,
    /// Relative permittivity of the ground.
    pub epsilon: f64,
    /// Ground conductivity, S/m.
    pub sigma: f64,
    /// Surface refractivity at sea level, N-units.
    pub n_0: f64,
    /// Radio climate.
    pub climate: Climate,
    /// Mode of variability.
    pub mdvar: Mdvar,
    /// Time, location and situation percentages (for confidence /
    /// reliability use [`ItmParams::with_confidence_reliability`]).
    pub variability: Tls,
}

impl ItmParams {
    /// Signal-Server's and SPLAT!'s defaults: continental temperate climate
    /// (5), N_0 = 301, ε = 15, σ = 0.005 S/m, vertical polarisation, mdvar
    /// 12, confidence and reliability 50 %.
    pub fn signal_server() -> Self {
        Self {
            polarization: Polarization::Vertical,
            epsilon: 15.0,
            sigma: 0.005,
            n_0: 301.0,
            climate: Climate::ContinentalTemperate,
            mdvar: Mdvar::try_from(12).expect("12 is a valid mdvar"),
            variability: Tls::MEDIAN,
        }
    }

    /// The settings of the province's configuration table.
    ///
    /// ```
    /// use hatang_core::radio::config::RadioConfig;
    /// let p = hatang_coverage::ItmParams::from_config(&RadioConfig::default().itm).unwrap();
    /// assert_eq!(p.n_0, 360.0);
    /// ```
    pub fn from_config(c: &config::ItmSettings) -> Result<Self, CoverageError> {
        let bad = |e: hatang_itm::ItmError| CoverageError::Model {
            model: "ITM",
            reason: e.to_string(),
        };
        Ok(Self {
            polarization: Polarization::try_from(c.polarization.itm_code()).map_err(bad)?,
            epsilon: c.epsilon,
            sigma: c.sigma,
            n_0: c.n0,
            climate: Climate::try_from(c.climate.itm_code()).map_err(bad)?,
            mdvar: Mdvar::try_from(c.mdvar).map_err(bad)?,
            variability: Tls::new(c.time_pct, c.location_pct, c.situation_pct),
        })
    }

    /// The same settings with ITM's confidence/reliability variability
    /// (time = reliability, location = 50 %, situation = confidence).
    ///
    /// ```
    /// let p = hatang_coverage::ItmParams::signal_server().with_confidence_reliability(90.0, 50.0);
    /// assert_eq!((p.variability.time, p.variability.situation), (50.0, 90.0));
    /// ```
    pub fn with_confidence_reliability(mut self, confidence: f64, reliability: f64) -> Self {
        self.variability = Tls::new(reliability, 50.0, confidence);
        self
    }

    /// The model at a frequency.
    pub fn at(&self, f_mhz: f64) -> Itm {
        Itm {
            f_mhz,
            polarization: self.polarization,
            epsilon: self.epsilon,
            sigma: self.sigma,
            n_0: self.n_0,
            climate: self.climate,
            mdvar: self.mdvar,
        }
    }
}

/// ITU-R P.1812 settings other than the frequency.
///
/// ```
/// use hatang_core::radio::{config::RadioConfig, Environment};
/// let p = hatang_coverage::P1812Params::from_config(&RadioConfig::default().p1812, Environment::Rural);
/// assert_eq!(p.clutter_m, 0.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct P1812Params {
    /// The model's configuration (time and location percentages, ΔN, N_0, …).
    pub config: P1812Config,
    /// Representative clutter height along the path, m.
    pub clutter_m: f64,
}

impl P1812Params {
    /// The settings of the configuration table for an environment.
    pub fn from_config(c: &config::P1812Settings, environment: Environment) -> Self {
        let config = P1812Config {
            delta_n: c.delta_n,
            n0: c.n0,
            time_percent: c.time_pct,
            location_percent: c.location_pct,
            polarisation: match c.polarization {
                config::Polarization::Horizontal => Polarisation::Horizontal,
                config::Polarization::Vertical => Polarisation::Vertical,
            },
            ..P1812Config::default()
        };
        Self {
            config,
            clutter_m: c.clutter.for_environment(environment),
        }
    }
}

/// A propagation model with its settings; the frequency comes with each
/// transmitter.
///
/// ITM is the default and the model the fast engine is built around; the
/// others are selectable: P.1812 (terrain), TR 38.901 RMa/UMa (line of
/// sight decided from the terrain when their `los` mode says so), and the
/// distance-only Okumura-Hata, COST-231 Hata and free space (always
/// allowed to extrapolate, with the environment given here).
///
/// ```
/// use hatang_core::radio::config::RadioConfig;
/// use hatang_coverage::Model;
/// let m = Model::from_name("itm", &RadioConfig::default()).unwrap();
/// assert_eq!(m.name(), "ITM");
/// assert!(Model::from_name("nonsense", &RadioConfig::default()).is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Model {
    /// Longley-Rice ITM, point to point.
    Itm(ItmParams),
    /// ITU-R P.1812.
    P1812(P1812Params),
    /// 3GPP TR 38.901 rural macro.
    Rma(Rma),
    /// 3GPP TR 38.901 urban macro.
    Uma(Uma),
    /// Okumura-Hata in an environment.
    OkumuraHata(OkumuraHata, Environment),
    /// COST-231 Hata in an environment.
    Cost231(Cost231Hata, Environment),
    /// Free space.
    FreeSpace,
}

impl Model {
    /// The model's name.
    pub fn name(&self) -> &'static str {
        match self {
            Model::Itm(_) => "ITM",
            Model::P1812(_) => "P.1812",
            Model::Rma(_) => "38.901 RMa",
            Model::Uma(_) => "38.901 UMa",
            Model::OkumuraHata(..) => "Okumura-Hata",
            Model::Cost231(..) => "COST-231 Hata",
            Model::FreeSpace => "free space",
        }
    }

    /// A model by name with the configuration table's settings: `itm`,
    /// `p1812`, `rma` (or `38901`, `38901-rma`), `uma` (`38901-uma`),
    /// `hata`, `cost231`, `free-space`. Hata-type models use the rural
    /// environment (the province's setting outside towns).
    pub fn from_name(name: &str, cfg: &RadioConfig) -> Result<Self, CoverageError> {
        let env = Environment::Rural;
        Ok(
            match name.trim().to_ascii_lowercase().replace('_', "-").as_str() {
                "itm" | "longley-rice" => Model::Itm(ItmParams::from_config(&cfg.itm)?),
                "p1812" | "p.1812" => Model::P1812(P1812Params::from_config(&cfg.p1812, env)),
                "rma" | "38901" | "38.901" | "38901-rma" => Model::Rma(Rma::default()),
                "uma" | "38901-uma" => Model::Uma(Uma::default()),
                "hata" | "okumura-hata" => Model::OkumuraHata(OkumuraHata::default(), env),
                "cost231" | "cost-231" => Model::Cost231(Cost231Hata::default(), env),
                "free-space" | "freespace" | "fspl" => Model::FreeSpace,
                _ => {
                    return Err(CoverageError::Model {
                        model: "?",
                        reason: format!(
                        "unknown model '{name}' (itm, p1812, rma, uma, hata, cost231, free-space)"
                    ),
                    })
                }
            },
        )
    }

    /// Whether the model reads the terrain between the ends.
    pub fn uses_terrain(&self) -> bool {
        use hatang_core::radio::LosMode;
        match self {
            Model::Itm(_) | Model::P1812(_) => true,
            Model::Rma(m) => m.los == LosMode::Terrain,
            Model::Uma(m) => m.los == LosMode::Terrain,
            _ => false,
        }
    }
}

/// Distance-only loss through core's models, allowed to extrapolate; the
/// 38.901 models take `los` from the caller when they decide it from the
/// terrain. NaN when the model refuses.
pub(crate) fn empirical_loss(
    model: &Model,
    f_mhz: f64,
    h_tx: f64,
    h_rx: f64,
    d_m: f64,
    los: Option<bool>,
) -> f64 {
    use hatang_core::radio::{Link, LosMode, PathLoss};
    let link = Link::new(f_mhz, h_tx, h_rx, d_m).allow_extrapolation();
    let forced = |m: LosMode| match (m, los) {
        (LosMode::Terrain, Some(true)) => LosMode::Los,
        (LosMode::Terrain, _) => LosMode::Nlos,
        (m, _) => m,
    };
    let r = match model {
        Model::Rma(m) => Rma {
            los: forced(m.los),
            ..*m
        }
        .loss(&link),
        Model::Uma(m) => Uma {
            los: forced(m.los),
            ..*m
        }
        .loss(&link),
        Model::OkumuraHata(m, e) => m.loss(&link.with_environment(*e)),
        Model::Cost231(m, e) => m.loss(&link.with_environment(*e)),
        Model::FreeSpace => FreeSpace.loss(&link),
        Model::Itm(_) | Model::P1812(_) => return f64::NAN,
    };
    r.map_or(f64::NAN, |l| l.db)
}
