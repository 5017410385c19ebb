//! The planner's settings: costs by kind of site, the standard sector a
//! candidate gets, the coverage thresholds, candidate generation, the
//! solver and the 5G weights. Serde-serialisable (JSON); every field has a
//! documented default, so a file need only name what it changes.
//!
//! ```
//! use hatang_planner::config::PlannerConfig;
//! let c = PlannerConfig::default();
//! assert_eq!(c.thresholds.fair_dbm, -115.0);
//! assert_eq!(c.costs.new_tower, 1200.0);
//! c.validate().unwrap();
//! let c: PlannerConfig = serde_json::from_str(r#"{ "costs": { "colocation": 350 } }"#).unwrap();
//! assert_eq!((c.costs.colocation, c.costs.new_tower), (350.0, 1200.0));
//! ```

use crate::solve::SolveOptions;
use crate::PlannerError;
use hatang_core::model::{SectorStatus, Source, Technology};
use hatang_core::radio::config::RadioConfig;
use serde::{Deserialize, Serialize};

/// Cost of a site by kind, in millions of VND (one number per kind; the
/// plan's total is in the same unit).
///
/// The defaults are planning assumptions, not quotations: orders of
/// magnitude from public reporting on Vietnamese BTS roll-outs (a new
/// greenfield 4G site with tower, foundation, power and transmission about
/// 1–1.5 billion VND; sharing an existing tower saves the civil works,
/// roughly two thirds). Replace them with the Department's or the
/// operators' own figures before an official study.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Costs {
    /// A new tower with its 4G equipment. Default 1,200.
    pub new_tower: f64,
    /// An operator's 4G equipment on an existing tower it does not use yet
    /// (co-location; the law prefers sharing). Default 400.
    pub colocation: f64,
    /// Adding a technology to a site the operator already uses (4G on a
    /// 2G/3G site, or 5G on a 4G site). Default 300.
    pub upgrade: f64,
    /// A tower of the passive-infrastructure plan, leased, with the 4G
    /// equipment. Default 700.
    pub planned_site: f64,
}

impl Default for Costs {
    fn default() -> Self {
        Self {
            new_tower: 1200.0,
            colocation: 400.0,
            upgrade: 300.0,
            planned_site: 700.0,
        }
    }
}

/// The standard sector configuration every candidate gets: 4G band 3
/// (1,800 MHz, the band every operator in the province runs), 20 MHz,
/// 46 dBm per sector, 17.5 dBi panels with 65° beamwidth, three sectors at
/// 0°/120°/240°, on a 35 m mast (new towers) or near the top of an
/// existing structure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StandardSector {
    /// Technology. Default 4G.
    pub technology: Technology,
    /// Nominal band, MHz. Default 1,800.
    pub band_mhz: u32,
    /// Downlink centre frequency, MHz. Default 1,842.5 (middle of B3).
    pub frequency_mhz: f64,
    /// Channel bandwidth, MHz. Default 20.
    pub bandwidth_mhz: f64,
    /// Transmit power per sector, dBm. Default 46 (40 W).
    pub tx_power_dbm: f64,
    /// Antenna gain, dBi. Default 17.5.
    pub gain_dbi: f64,
    /// Feeder loss, dB. Default 0.5 (remote radio head at the antenna).
    pub feeder_loss_db: f64,
    /// Horizontal beamwidth, degrees. Default 65.
    pub beamwidth_deg: f64,
    /// Sectors, evenly spaced from 0°. Default 3 (1 makes it omni:
    /// 360° beamwidth).
    pub sectors: u32,
    /// Electrical downtilt, degrees. Default 2.
    pub electrical_tilt_deg: f64,
    /// Mechanical downtilt, degrees. Default 0.
    pub mechanical_tilt_deg: f64,
    /// Antenna height on a new tower, m. Default 35.
    pub new_tower_height_m: f64,
    /// On an existing structure the antenna goes this far below its top,
    /// m. Default 2.
    pub below_top_m: f64,
}

impl Default for StandardSector {
    fn default() -> Self {
        Self {
            technology: Technology::Lte,
            band_mhz: 1800,
            frequency_mhz: 1842.5,
            bandwidth_mhz: 20.0,
            tx_power_dbm: 46.0,
            gain_dbi: 17.5,
            feeder_loss_db: 0.5,
            beamwidth_deg: 65.0,
            sectors: 3,
            electrical_tilt_deg: 2.0,
            mechanical_tilt_deg: 0.0,
            new_tower_height_m: 35.0,
            below_top_m: 2.0,
        }
    }
}

impl StandardSector {
    /// The sector records of this configuration on a site, for an operator,
    /// at `antenna_height_m`.
    ///
    /// ```
    /// use hatang_planner::config::StandardSector;
    /// let s = StandardSector::default().sectors_for("P-1", "viettel", 35.0);
    /// assert_eq!(s.len(), 3);
    /// assert_eq!(s[1].azimuth_deg, 120.0);
    /// assert!(s[0].check(&hatang_core::model::known_operators()).is_empty());
    /// ```
    pub fn sectors_for(
        &self,
        site_id: &str,
        operator: &str,
        antenna_height_m: f64,
    ) -> Vec<hatang_core::model::Sector> {
        let n = self.sectors.max(1);
        (0..n)
            .map(|k| hatang_core::model::Sector {
                id: format!(
                    "{site_id}-{operator}-{}{}-p{}",
                    self.technology.as_str(),
                    self.band_mhz,
                    k + 1
                ),
                site_id: site_id.to_string(),
                operator: operator.to_string(),
                technology: self.technology,
                band_mhz: self.band_mhz,
                frequency_mhz: self.frequency_mhz,
                bandwidth_mhz: self.bandwidth_mhz,
                azimuth_deg: 360.0 * k as f64 / n as f64,
                mechanical_tilt_deg: self.mechanical_tilt_deg,
                electrical_tilt_deg: self.electrical_tilt_deg,
                antenna_height_m,
                antenna_model: None,
                gain_dbi: self.gain_dbi,
                beamwidth_deg: if n == 1 { 360.0 } else { self.beamwidth_deg },
                tx_power_dbm: self.tx_power_dbm,
                feeder_loss_db: self.feeder_loss_db,
                status: SectorStatus::Planned,
                on_air_date: None,
                off_air_date: None,
                source: Source::User,
            })
            .collect()
    }
}

/// Signal classes of a village, as the scorecard draws them: 4G RSRP,
/// dBm. A village is covered when it reaches at least fair.
///
/// The defaults (good ≥ −105 dBm, fair ≥ −115 dBm) are common outdoor
/// planning levels for LTE, not regulation: no Vietnamese RSRP threshold
/// has been found in the regulations. Keep them equal to the scorecard's.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignalThresholds {
    /// Good from this RSRP, dBm. Default −105.
    pub good_dbm: f64,
    /// Fair (covered) from this RSRP, dBm. Default −115.
    pub fair_dbm: f64,
}

impl Default for SignalThresholds {
    fn default() -> Self {
        Self {
            good_dbm: -105.0,
            fair_dbm: -115.0,
        }
    }
}

/// How candidates are found.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CandidateSettings {
    /// Existing towers up to this far from an uncovered village are
    /// co-location candidates, km. Default 12.
    pub colocation_radius_km: f64,
    /// Generated candidates: a lattice out to this far around each
    /// uncovered village, km. Default 6.
    pub search_radius_km: f64,
    /// Lattice spacing, m. Default 1,000.
    pub grid_spacing_m: f64,
    /// Each lattice cell's candidate is the highest point of the cell
    /// (sampled on a 7 × 7 sub-grid), then climbed uphill on the terrain to
    /// a local maximum in steps of this length, m. Default 90 (an SRTM3
    /// sample).
    pub climb_step_m: f64,
    /// Generated candidates closer than this to one kept are dropped, m.
    /// Default 300.
    pub min_separation_m: f64,
    /// At most this many generated candidates, the highest above their
    /// surroundings kept. Default 4,000.
    pub max_generated: usize,
}

impl Default for CandidateSettings {
    fn default() -> Self {
        Self {
            colocation_radius_km: 12.0,
            search_radius_km: 6.0,
            grid_spacing_m: 1000.0,
            climb_step_m: 90.0,
            min_separation_m: 300.0,
            max_generated: 4000,
        }
    }
}

/// Weights of the 5G upgrade ranking: score = people / 1,000 × `people_per_1000`
/// + the weight of every zone of each kind served.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FiveGWeights {
    /// Per 1,000 people served. Default 1.
    pub people_per_1000: f64,
    /// Per commune centre served. Default 3 (the national target: 5G in
    /// every commune centre).
    pub commune_centre: f64,
    /// Per industrial zone served. Default 5.
    pub industrial_zone: f64,
    /// Per tourist site served. Default 2.
    pub tourist_site: f64,
    /// Per state agency served. Default 2.
    pub state_agency: f64,
    /// A 5G site serves the points it is the nearest 4G site to, up to this
    /// far, km. Default 2.5 (3.5 GHz outdoor cell range in towns).
    pub serve_radius_km: f64,
}

impl Default for FiveGWeights {
    fn default() -> Self {
        Self {
            people_per_1000: 1.0,
            commune_centre: 3.0,
            industrial_zone: 5.0,
            tourist_site: 2.0,
            state_agency: 2.0,
            serve_radius_km: 2.5,
        }
    }
}

/// All planner settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlannerConfig {
    /// Costs by kind.
    pub costs: Costs,
    /// The candidates' sector configuration.
    pub sector: StandardSector,
    /// Village classes.
    pub thresholds: SignalThresholds,
    /// The propagation settings (ITM, receiver height, profile step).
    /// Defaults: hatang-core's configuration table.
    pub radio: RadioConfig,
    /// Transmitters farther than this from a village are not evaluated,
    /// km. Default 15 (the coverage engine's province-wide radius).
    pub max_range_km: f64,
    /// Free-space screening: a pair is evaluated with ITM only when the
    /// free-space signal plus this margin reaches the fair threshold, dB.
    /// Default 6 (ITM's line-of-sight loss can fall a few dB below free
    /// space by ground reflection).
    pub screening_margin_db: f64,
    /// Plan also for villages whose class is unknown only because some
    /// transmitter's path leaves the loaded terrain (the village itself is
    /// on it and nothing computed reaches fair): the plan makes them known
    /// to be covered. Default true. Villages off the terrain are never
    /// planned for.
    pub plan_for_unknown: bool,
    /// Candidate generation.
    pub candidates: CandidateSettings,
    /// Solver settings.
    pub solve: SolveOptions,
    /// 5G ranking weights.
    pub five_g: FiveGWeights,
}

impl Default for PlannerConfig {
    fn default() -> Self {
        Self {
            costs: Costs::default(),
            sector: StandardSector::default(),
            thresholds: SignalThresholds::default(),
            radio: RadioConfig::default(),
            max_range_km: 15.0,
            screening_margin_db: 6.0,
            plan_for_unknown: true,
            candidates: CandidateSettings::default(),
            solve: SolveOptions::default(),
            five_g: FiveGWeights::default(),
        }
    }
}

impl PlannerConfig {
    /// Checks every setting.
    ///
    /// ```
    /// let mut c = hatang_planner::config::PlannerConfig::default();
    /// c.thresholds.good_dbm = -120.0;
    /// assert!(c.validate().unwrap_err().to_string().contains("thresholds"));
    /// ```
    pub fn validate(&self) -> Result<(), PlannerError> {
        let bad = |setting: &str, reason: String| {
            Err(PlannerError::BadConfig {
                setting: setting.into(),
                reason,
            })
        };
        self.radio.validate().map_err(|e| PlannerError::BadConfig {
            setting: format!("radio.{}", e.setting),
            reason: e.reason.into(),
        })?;
        for (name, c) in [
            ("costs.new_tower", self.costs.new_tower),
            ("costs.colocation", self.costs.colocation),
            ("costs.upgrade", self.costs.upgrade),
            ("costs.planned_site", self.costs.planned_site),
        ] {
            if !(c.is_finite() && c >= 0.0) {
                return bad(name, format!("{c} is not a cost"));
            }
        }
        let t = &self.thresholds;
        if t.good_dbm < t.fair_dbm || !t.good_dbm.is_finite() || !t.fair_dbm.is_finite() {
            return bad(
                "thresholds",
                format!(
                    "good ({}) must not be below fair ({})",
                    self.thresholds.good_dbm, self.thresholds.fair_dbm
                ),
            );
        }
        if !(self.max_range_km > 0.0 && self.max_range_km <= 100.0) {
            return bad(
                "max_range_km",
                format!("{} is not 0–100 km", self.max_range_km),
            );
        }
        let s = &self.sector;
        if hatang_core::model::band(s.technology, s.band_mhz).is_none() {
            return bad(
                "sector.band_mhz",
                format!("{} MHz is not a {} band", s.band_mhz, s.technology.as_str()),
            );
        }
        if !(s.new_tower_height_m >= 5.0 && s.new_tower_height_m <= 150.0) {
            return bad(
                "sector.new_tower_height_m",
                format!("{} is not 5–150 m", s.new_tower_height_m),
            );
        }
        let c = &self.candidates;
        if !(c.grid_spacing_m >= 50.0 && c.climb_step_m > 0.0 && c.search_radius_km > 0.0) {
            return bad(
                "candidates",
                "grid spacing ≥ 50 m, climb step and search radius positive".into(),
            );
        }
        if !(self.solve.time_limit_s > 0.0 && self.solve.mip_gap >= 0.0) {
            return bad("solve", "time limit positive, gap not negative".into());
        }
        Ok(())
    }
}
