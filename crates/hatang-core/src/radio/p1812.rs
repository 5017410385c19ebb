//! ITU-R P.1812 ([`hatang_p1812`]) behind the [`PathLoss`] trait.

use super::config::P1812Settings;
use super::{Environment, Interval, Link, Loss, ModelError, PathLoss, Validity};

/// P.1812 with the settings of the configuration table
/// ([`P1812Settings`]): needs the link's terrain profile and both end
/// points (for the path's latitude). The representative clutter height at
/// the receiver comes from the link's [`Environment`]; the rest of the path
/// is taken as open ground (no land-cover map is loaded).
///
/// ```
/// use hatang_core::geo::LatLon;
/// use hatang_core::radio::{config::P1812Settings, Link, P1812Model, PathLoss};
/// use hatang_core::terrain::Profile;
/// let profile = Profile::from_heights(100.0, &[50.0; 51]).unwrap();
/// let (tx, rx) = (LatLon::new(21.3, 105.4), LatLon::new(21.3, 105.4).destination(90.0, 5_000.0));
/// let m = P1812Model::new(P1812Settings::default());
/// let link = Link::new(1800.0, 30.0, 1.5, 5_000.0).with_profile(&profile).with_ends(tx, rx);
/// assert!(m.loss(&link).unwrap().db > 111.5);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct P1812Model {
    /// ΔN, N_0, time and location percentages, polarisation, clutter.
    pub settings: P1812Settings,
}

impl P1812Model {
    /// P.1812 with these settings.
    pub fn new(settings: P1812Settings) -> Self {
        Self { settings }
    }
}

fn refused(e: hatang_p1812::P1812Error) -> ModelError {
    ModelError::Refused {
        model: "P.1812",
        reason: e.to_string(),
    }
}

impl PathLoss for P1812Model {
    fn name(&self) -> &'static str {
        "P.1812"
    }

    /// The Recommendation's scope: 30 MHz–6 GHz, paths 0.25–3,000 km,
    /// antenna heights 1–3,000 m.
    fn validity(&self) -> Validity {
        Validity {
            freq_mhz: Interval::new(30.0, 6000.0),
            distance_m: Interval::new(250.0, 3_000_000.0),
            h_tx_m: Interval::new(1.0, 3000.0),
            h_rx_m: Interval::new(1.0, 3000.0),
        }
    }

    fn loss(&self, link: &Link) -> Result<Loss, ModelError> {
        let warnings = self.validity().check(self.name(), link)?;
        let profile = link
            .profile
            .ok_or(ModelError::MissingProfile { model: "P.1812" })?;
        let (Some(tx), Some(rx)) = (link.tx, link.rx) else {
            return Err(ModelError::Refused {
                model: "P.1812",
                reason: "needs both end points (latitude and longitude) of the link".into(),
            });
        };
        let s = &self.settings;
        let clutter_rx = match link.environment {
            Environment::DenseUrban => s.clutter.dense_urban_m,
            Environment::Urban => s.clutter.urban_m,
            Environment::Suburban => s.clutter.suburban_m,
            Environment::Rural | Environment::Open => s.clutter.open_m,
        };
        let config = hatang_p1812::P1812Config {
            delta_n: s.delta_n,
            n0: s.n0,
            time_percent: s.time_pct,
            location_percent: s.location_pct,
            polarisation: match s.polarization {
                super::config::Polarization::Horizontal => hatang_p1812::Polarisation::Horizontal,
                super::config::Polarization::Vertical => hatang_p1812::Polarisation::Vertical,
            },
            ..hatang_p1812::P1812Config::default()
        };
        let model = hatang_p1812::P1812::new(config).map_err(refused)?;
        let n = profile.heights().len();
        let step_km = profile.step_m() / 1000.0;
        let d_km: Vec<f64> = (0..n).map(|i| i as f64 * step_km).collect();
        let mut clutter = vec![s.clutter.open_m; n];
        if let Some(last) = clutter.last_mut() {
            *last = clutter_rx;
        }
        let p = hatang_p1812::Profile::new(&d_km, profile.heights()).with_clutter(&clutter);
        let l = hatang_p1812::Link {
            f_ghz: link.freq_mhz / 1000.0,
            htg_m: link.h_tx_m,
            hrg_m: link.h_rx_m,
            tx: hatang_p1812::GeoPoint {
                lat_deg: tx.lat,
                lon_deg: tx.lon,
            },
            rx: hatang_p1812::GeoPoint {
                lat_deg: rx.lat,
                lon_deg: rx.lon,
            },
        };
        let pred = model.predict(&l, &p).map_err(refused)?;
        Ok(Loss::new(pred.lb).with_warnings(warnings))
    }
}
