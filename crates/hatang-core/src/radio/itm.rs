//! Longley-Rice ITM ([`hatang_itm`]) behind the [`PathLoss`] trait.

use super::config::ItmSettings;
use super::{Interval, Link, Loss, ModelError, PathLoss, Validity, Warning};

/// ITM point-to-point with the settings of the configuration table
/// ([`ItmSettings`]): needs the link's terrain profile. ITM's own refusals
/// (return codes ≥ 1000) come back as [`ModelError::Refused`] naming the
/// code; its warning flags as [`Warning::Note`]s.
///
/// ```
/// use hatang_core::radio::{config::ItmSettings, ItmModel, Link, PathLoss};
/// use hatang_core::terrain::Profile;
/// let profile = Profile::from_heights(100.0, &[120.0; 51]).unwrap();
/// let itm = ItmModel::new(ItmSettings::default());
/// let loss = itm.loss(&Link::new(1800.0, 30.0, 1.5, 5_000.0).with_profile(&profile)).unwrap();
/// assert!(loss.db > 111.5); // at least free-space loss at 5 km, 1.8 GHz
/// assert!(itm.loss(&Link::new(1800.0, 30.0, 1.5, 5_000.0)).is_err()); // no profile
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItmModel {
    /// Climate, refractivity, ground, polarisation and variability.
    pub settings: ItmSettings,
}

impl ItmModel {
    /// ITM with these settings.
    pub fn new(settings: ItmSettings) -> Self {
        Self { settings }
    }

    /// The [`hatang_itm::Itm`] value for a frequency, with raw codes
    /// converted (an invalid code is a refusal naming ITM's return code).
    pub fn itm(&self, freq_mhz: f64) -> Result<hatang_itm::Itm, ModelError> {
        let s = &self.settings;
        let refused = |e: hatang_itm::ItmError| ModelError::Refused {
            model: "ITM",
            reason: format!("{e} (ITM return code {})", e.code()),
        };
        Ok(hatang_itm::Itm {
            f_mhz: freq_mhz,
            polarization: hatang_itm::Polarization::try_from(s.polarization.itm_code())
                .map_err(refused)?,
            epsilon: s.epsilon,
            sigma: s.sigma,
            n_0: s.n0,
            climate: hatang_itm::Climate::try_from(s.climate.itm_code()).map_err(refused)?,
            mdvar: hatang_itm::Mdvar::try_from(s.mdvar).map_err(refused)?,
        })
    }
}

impl PathLoss for ItmModel {
    fn name(&self) -> &'static str {
        "ITM"
    }

    /// ITM's own limits (NTIA ITM v1.4): 20 MHz–20 GHz, terminals 0.5–3,000
    /// m, paths 1–2,000 km (it computes below 1 km with a warning, so the
    /// range starts at 10 m here).
    fn validity(&self) -> Validity {
        Validity {
            freq_mhz: Interval::new(20.0, 20_000.0),
            distance_m: Interval::new(10.0, 2_000_000.0),
            h_tx_m: Interval::new(0.5, 3000.0),
            h_rx_m: Interval::new(0.5, 3000.0),
        }
    }

    fn loss(&self, link: &Link) -> Result<Loss, ModelError> {
        let mut warnings = self.validity().check(self.name(), link)?;
        let profile = link
            .profile
            .ok_or(ModelError::MissingProfile { model: "ITM" })?;
        let itm = self.itm(link.freq_mhz)?;
        let pfl =
            hatang_itm::Profile::from_pfl(profile.as_pfl()).map_err(|e| ModelError::Refused {
                model: "ITM",
                reason: format!("malformed profile: {e}"),
            })?;
        let s = &self.settings;
        let tls = hatang_itm::Tls::new(s.time_pct, s.location_pct, s.situation_pct);
        let p = itm
            .p2p_tls(link.h_tx_m, link.h_rx_m, &pfl, tls)
            .map_err(|e| ModelError::Refused {
                model: "ITM",
                reason: format!("{e} (ITM return code {})", e.code()),
            })?;
        if !p.warnings.is_empty() {
            warnings.push(Warning::Note(format!("ITM warnings {}", p.warnings)));
        }
        let mut loss = Loss::new(p.loss_db).with_warnings(warnings);
        loss.line_of_sight = Some(matches!(
            p.intermediate.mode,
            hatang_itm::PropagationMode::LineOfSight
        ));
        Ok(loss)
    }
}
