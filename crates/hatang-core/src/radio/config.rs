//! Every setting of the radio models in one documented table, with the
//! source of each default. Serde-serialisable (TOML, JSON); every field
//! has a default, so a file need only name what it changes.
//!
//! ```
//! use hatang_core::radio::config::{Climate, RadioConfig};
//! let c = RadioConfig::default();
//! assert_eq!(c.itm.climate, Climate::ContinentalSubtropical);
//! assert_eq!(c.rx_height_m, 1.5);
//! c.validate().unwrap();
//! // Partial files keep the other defaults.
//! let c: RadioConfig = serde_json::from_str(r#"{ "itm": { "epsilon": 25.0 } }"#).unwrap();
//! assert_eq!((c.itm.epsilon, c.itm.sigma), (25.0, 0.005));
//! ```

use super::link::FigureSettings;
use serde::{Deserialize, Serialize};

/// ITM radio climates (Longley-Rice; codes 1–7 as ITM numbers them).
///
/// ```
/// assert_eq!(hatang_core::radio::config::Climate::MaritimeTemperateOverSea.itm_code(), 7);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Climate {
    /// 1 — equatorial (Congo).
    Equatorial,
    /// 2 — continental subtropical (Sudan).
    ContinentalSubtropical,
    /// 3 — maritime subtropical (west coast of Africa).
    MaritimeSubtropical,
    /// 4 — desert (Sahara).
    Desert,
    /// 5 — continental temperate.
    ContinentalTemperate,
    /// 6 — maritime temperate, over land (United Kingdom).
    MaritimeTemperateOverLand,
    /// 7 — maritime temperate, over sea.
    MaritimeTemperateOverSea,
}

impl Climate {
    /// ITM's climate code, 1–7.
    pub fn itm_code(self) -> i32 {
        match self {
            Climate::Equatorial => 1,
            Climate::ContinentalSubtropical => 2,
            Climate::MaritimeSubtropical => 3,
            Climate::Desert => 4,
            Climate::ContinentalTemperate => 5,
            Climate::MaritimeTemperateOverLand => 6,
            Climate::MaritimeTemperateOverSea => 7,
        }
    }
}

/// Antenna polarisation.
///
/// ```
/// assert_eq!(hatang_core::radio::config::Polarization::Vertical.itm_code(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarization {
    /// Horizontal (ITM code 0).
    Horizontal,
    /// Vertical (ITM code 1).
    Vertical,
}

impl Polarization {
    /// ITM's code: 0 horizontal, 1 vertical.
    pub fn itm_code(self) -> i32 {
        match self {
            Polarization::Horizontal => 0,
            Polarization::Vertical => 1,
        }
    }
}

/// Settings of the Longley-Rice Irregular Terrain Model (point-to-point).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ItmSettings {
    /// Radio climate. Default: continental subtropical (2). Phú Thọ is an
    /// inland humid-subtropical monsoon climate (Köppen Cwa: wet summer,
    /// drier winter), which the Longley-Rice classes place between
    /// continental subtropical (a wet and a dry season, "Sudan") and
    /// maritime subtropical (coastal monsoon); inland, the former fits
    /// better.
    pub climate: Climate,
    /// Surface refractivity N_s, N-units (ITM accepts 250–400). Default 360:
    /// the Longley-Rice/ITS guide's typical values are 320 (continental
    /// subtropical) and 370 (maritime subtropical); ITU-R P.453's
    /// annual-mean maps put humid south-east Asian lowlands near 21.3 N
    /// 105.3 E at roughly 350–370 (read off the map, not from the digital
    /// files). Phú Thọ's ground lies 10–300 m above sea level, so N_s ≈ N_0.
    pub n0: f64,
    /// Relative permittivity of the ground. Default 15: "average ground"
    /// of the ITS guide to ITM (Hufford et al., NTIA 82-100), the default of
    /// SPLAT! and Signal-Server, and ITU-R P.527's value for medium-dry
    /// ground; fits Phú Thọ's farmland and forest.
    pub epsilon: f64,
    /// Ground conductivity, S/m. Default 0.005: the same "average ground"
    /// (SPLAT!/Signal-Server default, farmland and forest).
    pub sigma: f64,
    /// Polarisation. Default vertical: mobile base-station antennas
    /// (±45° cross-polar panels act as vertical for ground reflection);
    /// Signal-Server's default.
    pub polarization: Polarization,
    /// ITM variability mode `mdvar`. Default 12: mobile (2) with location
    /// variability eliminated (+10), SPLAT!'s and Signal-Server's
    /// point-to-point setting, as in NTIA's own p2p test cases — a coverage
    /// map computes every location, so location variability is not added
    /// again.
    pub mdvar: i32,
    /// Time variability, % (0–100 exclusive). Default 50 (median;
    /// Signal-Server's default reliability).
    pub time_pct: f64,
    /// Location variability, %. Default 50.
    pub location_pct: f64,
    /// Situation (confidence) variability, %. Default 50 (Signal-Server's
    /// default confidence).
    pub situation_pct: f64,
}

impl Default for ItmSettings {
    fn default() -> Self {
        Self {
            climate: Climate::ContinentalSubtropical,
            n0: 360.0,
            epsilon: 15.0,
            sigma: 0.005,
            polarization: Polarization::Vertical,
            mdvar: 12,
            time_pct: 50.0,
            location_pct: 50.0,
            situation_pct: 50.0,
        }
    }
}

/// Representative clutter heights per environment, m (ITU-R P.1812-7
/// Table 2 — the same as P.452's; the "rural" class counts as open).
///
/// ```
/// use hatang_core::radio::{config::ClutterHeights, Environment};
/// assert_eq!(ClutterHeights::default().for_environment(Environment::Suburban), 10.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClutterHeights {
    /// Open or rural ground, water (Table 2: 0 m).
    pub open_m: f64,
    /// Suburban (10 m).
    pub suburban_m: f64,
    /// Urban, trees, forest (15 m).
    pub urban_m: f64,
    /// Dense urban (20 m).
    pub dense_urban_m: f64,
}

impl Default for ClutterHeights {
    fn default() -> Self {
        Self {
            open_m: 0.0,
            suburban_m: 10.0,
            urban_m: 15.0,
            dense_urban_m: 20.0,
        }
    }
}

impl ClutterHeights {
    /// The height for an environment.
    pub fn for_environment(&self, e: super::Environment) -> f64 {
        use super::Environment::*;
        match e {
            DenseUrban => self.dense_urban_m,
            Urban => self.urban_m,
            Suburban => self.suburban_m,
            Rural | Open => self.open_m,
        }
    }
}

/// Settings of ITU-R P.1812 (point-to-area, 30 MHz–6 GHz).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct P1812Settings {
    /// Average radio-refractivity lapse rate through the lowest 1 km ΔN,
    /// N-units/km. Default 45: ITU-R P.453's ΔN map (DN50) near 21.3 N
    /// 105.3 E reads about 45 (read off the map; the adapter should take
    /// the digital map's value at the path centre when it has it).
    pub delta_n: f64,
    /// Sea-level surface refractivity N_0, N-units. Default 360 (see
    /// [`ItmSettings::n0`]; P.453 N050 map).
    pub n0: f64,
    /// Time percentage p, % (1–50 in P.1812). Default 50.
    pub time_pct: f64,
    /// Location percentage p_L, % (1–99). Default 50.
    pub location_pct: f64,
    /// Polarisation. Default vertical (as for ITM).
    pub polarization: Polarization,
    /// Representative clutter heights at the terminals.
    pub clutter: ClutterHeights,
}

impl Default for P1812Settings {
    fn default() -> Self {
        Self {
            delta_n: 45.0,
            n0: 360.0,
            time_pct: 50.0,
            location_pct: 50.0,
            polarization: Polarization::Vertical,
            clutter: ClutterHeights::default(),
        }
    }
}

/// Signal levels that count as coverage, per technology, dBm of the
/// figure each quotes (see [`super::link::Figure`]).
///
/// The defaults are outdoor thresholds common in operators' planning and
/// drive-test practice, not regulation; check them against QCVN
/// 81:2019/BTTTT (Annex B, coverage maps) and the Department's practice
/// before an official study.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Thresholds {
    /// 2G: received BCCH level (RxLev), dBm. Default −95 (RxLev 16).
    pub gsm_rxlev_dbm: f64,
    /// 3G: CPICH RSCP, dBm. Default −100.
    pub umts_rscp_dbm: f64,
    /// 4G: RSRP, dBm. Default −110.
    pub lte_rsrp_dbm: f64,
    /// 5G: SS-RSRP, dBm. Default −110.
    pub nr_ss_rsrp_dbm: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            gsm_rxlev_dbm: -95.0,
            umts_rscp_dbm: -100.0,
            lte_rsrp_dbm: -110.0,
            nr_ss_rsrp_dbm: -110.0,
        }
    }
}

impl Thresholds {
    /// The threshold for a technology, dBm.
    ///
    /// ```
    /// use hatang_core::model::Technology;
    /// let t = hatang_core::radio::config::Thresholds::default();
    /// assert_eq!(t.for_technology(Technology::Lte), -110.0);
    /// ```
    pub fn for_technology(&self, t: crate::model::Technology) -> f64 {
        use crate::model::Technology::*;
        match t {
            Gsm => self.gsm_rxlev_dbm,
            Umts => self.umts_rscp_dbm,
            Lte => self.lte_rsrp_dbm,
            Nr => self.nr_ss_rsrp_dbm,
        }
    }
}

/// All radio settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RadioConfig {
    /// ITM settings.
    pub itm: ItmSettings,
    /// P.1812 settings.
    pub p1812: P1812Settings,
    /// Receiver antenna height above ground, m. Default 1.5: a handset at
    /// street level (TR 38.901's default h_UT; the usual Hata h_m).
    pub rx_height_m: f64,
    /// Terrain profile step, m. Default 90: about the SRTM3 sample spacing
    /// at 21° N (92.6 m north–south, 86.5 m east–west); use 30 with SRTM1.
    pub profile_step_m: f64,
    /// Let models answer outside their validity range, with a warning
    /// (screening). Default false: refuse.
    pub extrapolate: bool,
    /// How received power becomes each technology's figure.
    pub figures: FigureSettings,
    /// Coverage thresholds.
    pub thresholds: Thresholds,
}

impl Default for RadioConfig {
    fn default() -> Self {
        Self {
            itm: ItmSettings::default(),
            p1812: P1812Settings::default(),
            rx_height_m: 1.5,
            profile_step_m: 90.0,
            extrapolate: false,
            figures: FigureSettings::default(),
            thresholds: Thresholds::default(),
        }
    }
}

/// A setting outside what its model accepts.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{setting} = {value}: {reason}")]
pub struct ConfigError {
    /// The setting, as a dotted path (e.g. "itm.n0").
    pub setting: &'static str,
    /// Its value.
    pub value: f64,
    /// The accepted range.
    pub reason: &'static str,
}

impl RadioConfig {
    /// Checks every setting against what its model accepts (ITM's own input
    /// ranges, P.1812's percentages).
    ///
    /// ```
    /// let mut c = hatang_core::radio::config::RadioConfig::default();
    /// c.itm.n0 = 200.0;
    /// assert_eq!(c.validate().unwrap_err().setting, "itm.n0");
    /// ```
    pub fn validate(&self) -> Result<(), ConfigError> {
        let open_pct = |x: f64| x > 0.0 && x < 100.0;
        let checks: [(&'static str, f64, bool, &'static str); 15] = [
            (
                "itm.n0",
                self.itm.n0,
                (250.0..=400.0).contains(&self.itm.n0),
                "ITM accepts 250–400 N-units",
            ),
            (
                "itm.epsilon",
                self.itm.epsilon,
                self.itm.epsilon >= 1.0,
                "at least 1",
            ),
            (
                "itm.sigma",
                self.itm.sigma,
                self.itm.sigma > 0.0,
                "positive",
            ),
            (
                "itm.mdvar",
                self.itm.mdvar as f64,
                (0..=33).contains(&self.itm.mdvar) && self.itm.mdvar % 10 <= 3,
                "0–3, plus 10 and/or 20",
            ),
            (
                "itm.time_pct",
                self.itm.time_pct,
                open_pct(self.itm.time_pct),
                "between 0 and 100 %",
            ),
            (
                "itm.location_pct",
                self.itm.location_pct,
                open_pct(self.itm.location_pct),
                "between 0 and 100 %",
            ),
            (
                "itm.situation_pct",
                self.itm.situation_pct,
                open_pct(self.itm.situation_pct),
                "between 0 and 100 %",
            ),
            (
                "p1812.delta_n",
                self.p1812.delta_n,
                self.p1812.delta_n > 0.0 && self.p1812.delta_n < 157.0,
                "0–157 N-units/km",
            ),
            (
                "p1812.n0",
                self.p1812.n0,
                (250.0..=450.0).contains(&self.p1812.n0),
                "250–450 N-units",
            ),
            (
                "p1812.time_pct",
                self.p1812.time_pct,
                (1.0..=50.0).contains(&self.p1812.time_pct),
                "P.1812 covers 1–50 %",
            ),
            (
                "p1812.location_pct",
                self.p1812.location_pct,
                (1.0..=99.0).contains(&self.p1812.location_pct),
                "P.1812 covers 1–99 %",
            ),
            (
                "rx_height_m",
                self.rx_height_m,
                self.rx_height_m > 0.0 && self.rx_height_m <= 100.0,
                "0–100 m",
            ),
            (
                "profile_step_m",
                self.profile_step_m,
                self.profile_step_m >= 1.0 && self.profile_step_m <= 1000.0,
                "1–1000 m",
            ),
            (
                "figures.cpich_offset_db",
                self.figures.cpich_offset_db,
                (-30.0..=0.0).contains(&self.figures.cpich_offset_db),
                "−30 to 0 dB",
            ),
            (
                "figures.ssb_boost_db",
                self.figures.ssb_boost_db,
                (-10.0..=10.0).contains(&self.figures.ssb_boost_db),
                "−10 to 10 dB",
            ),
        ];
        for (setting, value, ok, reason) in checks {
            if !(ok && value.is_finite()) {
                return Err(ConfigError {
                    setting,
                    value,
                    reason,
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trip() {
        let c = RadioConfig::default();
        let s = serde_json::to_string_pretty(&c).unwrap();
        assert!(
            s.contains("\"climate\": \"continental_subtropical\""),
            "{s}"
        );
        let back: RadioConfig = serde_json::from_str(&s).unwrap();
        assert_eq!(back, c);
        let empty: RadioConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, c);
    }

    #[test]
    fn invalid_settings_are_named() {
        let mut c = RadioConfig::default();
        c.itm.mdvar = 14;
        assert_eq!(c.validate().unwrap_err().setting, "itm.mdvar");
        c.itm.mdvar = 23;
        c.validate().unwrap();
        c.p1812.time_pct = 60.0;
        assert!(c.validate().unwrap_err().to_string().contains("1–50"));
    }
}
