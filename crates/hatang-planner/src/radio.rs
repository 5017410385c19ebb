//! Signal at a village from a transmitter: free-space screening, then ITM
//! point to point on a terrain profile, then the sector patterns and the
//! 4G/5G figure.
//!
//! Conventions (as the coverage engine's): EIRP = power + peak gain −
//! feeder loss; received power = EIRP + pattern gain toward the village −
//! basic transmission loss; RSRP = that − 10·log10(12·N_RB). Heights of
//! the pattern's elevation angle are above sea level (ground + mast).

use crate::config::PlannerConfig;
use crate::PlannerError;
use hatang_core::geo::LatLon;
use hatang_core::model::{Sector, Technology};
use hatang_core::radio::antenna::elevation_angle_deg;
use hatang_core::radio::free_space_loss_db;
use hatang_core::radio::link::SectorBudget;
use hatang_core::terrain::Elevation;
use hatang_itm::{Itm, Profile, Tls};

/// An elevation model that can be shared between threads.
pub type Dem<'a> = &'a (dyn Elevation + Sync);

/// One operator's sectors of one band on one site: they share a position,
/// an antenna height and a frequency, hence one path loss per receiver.
#[derive(Debug, Clone)]
pub struct Transmitter {
    /// Site id.
    pub site_id: String,
    /// Operator id.
    pub operator: String,
    /// Position.
    pub point: LatLon,
    /// Antenna height above ground, m (the highest of the sectors').
    pub antenna_height_m: f64,
    /// Carrier frequency, MHz.
    pub frequency_mhz: f64,
    /// The sectors' budgets.
    pub budgets: Vec<SectorBudget>,
}

impl Transmitter {
    /// Groups sector records (one technology) into transmitters by site,
    /// operator and band; `point_of` gives each site's position (sectors
    /// of unknown sites are skipped).
    ///
    /// ```
    /// use hatang_core::geo::LatLon;
    /// use hatang_planner::config::StandardSector;
    /// use hatang_planner::radio::Transmitter;
    /// let s = StandardSector::default().sectors_for("P-1", "viettel", 35.0);
    /// let tx = Transmitter::group(&s, |_| Some(LatLon::new(21.5, 105.3)));
    /// assert_eq!(tx.len(), 1);
    /// assert_eq!(tx[0].budgets.len(), 3);
    /// ```
    pub fn group<'s>(
        sectors: impl IntoIterator<Item = &'s Sector>,
        point_of: impl Fn(&str) -> Option<LatLon>,
    ) -> Vec<Transmitter> {
        let mut out: Vec<Transmitter> = Vec::new();
        let mut index: std::collections::HashMap<(String, String, u32), usize> =
            std::collections::HashMap::new();
        for s in sectors {
            let Some(p) = point_of(&s.site_id) else {
                continue;
            };
            let k = (s.site_id.clone(), s.operator.clone(), s.band_mhz);
            let i = *index.entry(k).or_insert_with(|| {
                out.push(Transmitter {
                    site_id: s.site_id.clone(),
                    operator: s.operator.clone(),
                    point: p,
                    antenna_height_m: s.antenna_height_m,
                    frequency_mhz: s.frequency_mhz,
                    budgets: Vec::new(),
                });
                out.len() - 1
            });
            let t = &mut out[i];
            t.antenna_height_m = t.antenna_height_m.max(s.antenna_height_m);
            t.budgets.push(SectorBudget::from_sector(s));
        }
        out
    }

    /// Peak EIRP over the sectors, dBm.
    pub fn peak_eirp_dbm(&self) -> f64 {
        self.budgets
            .iter()
            .map(|b| b.eirp_dbm)
            .fold(f64::NEG_INFINITY, f64::max)
    }
}

/// The signal at a point from a transmitter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Signal {
    /// The figure (RSRP for 4G), dBm.
    Dbm(f64),
    /// Screened out: beyond the range, or too weak even in free space.
    Screened,
    /// The profile leaves the loaded terrain: no number.
    Unknown,
}

/// The propagation model of the planner: terrain, ITM settings, receiver
/// height, range and screening.
#[derive(Clone, Copy)]
pub struct RadioModel<'a> {
    dem: Dem<'a>,
    cfg: &'a PlannerConfig,
    tls: Tls,
    base: Itm,
}

impl std::fmt::Debug for RadioModel<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RadioModel")
            .field("itm", &self.base)
            .finish()
    }
}

impl<'a> RadioModel<'a> {
    /// The model over `dem` with the settings of `cfg`.
    pub fn new(dem: Dem<'a>, cfg: &'a PlannerConfig) -> Result<RadioModel<'a>, PlannerError> {
        cfg.validate()?;
        let s = &cfg.radio.itm;
        let bad = |e: hatang_itm::ItmError| PlannerError::BadConfig {
            setting: "radio.itm".into(),
            reason: e.to_string(),
        };
        let base = Itm::new(1000.0)
            .with_climate(hatang_itm::Climate::try_from(s.climate.itm_code()).map_err(bad)?)
            .with_n_0(s.n0)
            .with_ground(s.epsilon, s.sigma)
            .with_polarization(
                hatang_itm::Polarization::try_from(s.polarization.itm_code()).map_err(bad)?,
            )
            .with_mdvar(hatang_itm::Mdvar::try_from(s.mdvar).map_err(bad)?);
        Ok(RadioModel {
            dem,
            cfg,
            tls: Tls::new(s.time_pct, s.location_pct, s.situation_pct),
            base,
        })
    }

    /// The terrain.
    pub fn dem(&self) -> Dem<'a> {
        self.dem
    }

    /// The settings.
    pub fn config(&self) -> &'a PlannerConfig {
        self.cfg
    }

    /// The best figure at `rx` over the transmitter's sectors (`pfl` is a
    /// reusable profile buffer).
    pub fn signal(&self, tx: &Transmitter, rx: LatLon, pfl: &mut Vec<f64>) -> Signal {
        let d = tx.point.distance_m(rx);
        if d > self.cfg.max_range_km * 1000.0 {
            return Signal::Screened;
        }
        let Some(b0) = tx.budgets.first() else {
            return Signal::Screened;
        };
        let offset = rsrp_offset_db(b0);
        let fs = free_space_loss_db(tx.frequency_mhz, d.max(1.0));
        if tx.peak_eirp_dbm() - fs - offset + self.cfg.screening_margin_db
            < self.cfg.thresholds.fair_dbm
        {
            return Signal::Screened;
        }
        let rx_h = self.cfg.radio.rx_height_m;
        let (loss, h_tx_amsl, h_rx_amsl) = if d < 2.0 * self.cfg.radio.profile_step_m {
            // Too short for a profile: free space, ground heights at the ends.
            let (Ok(g0), Ok(g1)) = (self.dem.elevation(tx.point), self.dem.elevation(rx)) else {
                return Signal::Unknown;
            };
            (fs, g0 + tx.antenna_height_m, g1 + rx_h)
        } else {
            if self
                .dem
                .profile_into(tx.point, rx, self.cfg.radio.profile_step_m, pfl)
                .is_err()
            {
                return Signal::Unknown;
            }
            let Ok(profile) = Profile::from_pfl(pfl) else {
                return Signal::Unknown;
            };
            let itm = Itm {
                f_mhz: tx.frequency_mhz,
                ..self.base
            };
            let Ok(p) = itm.p2p_tls(tx.antenna_height_m, rx_h, &profile, self.tls) else {
                return Signal::Unknown;
            };
            (
                p.loss_db,
                pfl[2] + tx.antenna_height_m,
                pfl[pfl.len() - 1] + rx_h,
            )
        };
        let bearing = tx.point.bearing_deg(rx);
        let elev = elevation_angle_deg(h_tx_amsl, h_rx_amsl, d.max(1.0));
        let best = tx
            .budgets
            .iter()
            .map(|b| b.received_dbm(bearing, elev, loss) - rsrp_offset_db(b))
            .fold(f64::NEG_INFINITY, f64::max);
        Signal::Dbm(best)
    }
}

/// The figure's offset below total received power, dB (10·log10(12·N_RB)
/// for 4G/5G, the CPICH share for 3G, none for 2G).
fn rsrp_offset_db(b: &SectorBudget) -> f64 {
    let s = hatang_core::radio::link::FigureSettings::default();
    match b.figure(0.0, &s) {
        Ok(f) => -f.dbm,
        Err(_) => match b.technology {
            Technology::Gsm => 0.0,
            _ => 30.0,
        },
    }
}
