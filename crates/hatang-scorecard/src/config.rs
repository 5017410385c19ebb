//! The scorecard's configuration: the signal levels that make a village's
//! class, which technologies count as mobile broadband, and the household
//! size used where a village gives only one of population and households.
//!
//! Every field has a default, so a file names only what it changes; an
//! unknown field is an error (a misspelt threshold must not be silently
//! ignored).
//!
//! # Defaults and their sources
//!
//! | setting | default | source |
//! |---|---|---|
//! | 4G RSRP good / fair | −105 / −115 dBm | **assumption** (see below) |
//! | 5G SS-RSRP good / fair | −105 / −115 dBm | **assumption**, as 4G |
//! | 3G CPICH RSCP good / fair | −95 / −105 dBm | **assumption** (reported only) |
//! | 2G RxLev good / fair | −85 / −95 dBm | **assumption** (reported only) |
//! | broadband | 4G, 5G | national targets count 4G/5G |
//! | people per household | 3.6 | 2019 Population and Housing Census |
//!
//! **No Vietnamese RSRP (or SS-RSRP, RSCP, RxLev) threshold has been found
//! in the regulations**: the technical regulations on mobile service quality
//! (QCVN 81:2019/BTTTT among them) measure service (throughput, success
//! rates), not a signal level that makes a place "covered". The defaults
//! above are therefore assumptions taken from common operator planning and
//! drive-test practice: RSRP −105 dBm outdoors gives useful data rates, and
//! −115 dBm is near the cell edge where a handset still attaches (3GPP TS
//! 36.133 reports RSRP from −140 to −44 dBm; the TS 36.101 reference
//! sensitivity of a 10 MHz carrier is about −124 dBm per resource
//! element, so −115 dBm keeps some 9 dB of margin). 5G SS-RSRP uses the
//! same figures ("similar", as the issue puts it). The radio configuration
//! table of `hatang-core` (`radio::config::Thresholds`) has a single
//! coverage threshold per technology (4G −110 dBm) for coverage rasters;
//! the scorecard keeps two levels because the department reports weak
//! signal ("vùng lõm sóng") separately. Check both against the
//! department's practice before an official study.
//!
//! 2G never counts as mobile broadband (2G-only service ended in Vietnam in
//! 2024); [`ScorecardConfig::validate`] refuses it in `broadband`. 3G may be
//! added to `broadband` (ITU counts it in SDG 9.c.1) but is left out by
//! default because the national targets name 4G and 5G and operators are
//! retiring 3G.
//!
//! ```
//! use hatang_scorecard::config::ScorecardConfig;
//! let c = ScorecardConfig::from_toml_str("[thresholds.lte]\ngood_dbm = -100.0\nfair_dbm = -110.0\n").unwrap();
//! assert_eq!(c.thresholds.lte.good_dbm, -100.0);
//! assert_eq!(c.thresholds.nr.good_dbm, -105.0); // untouched default
//! assert!(ScorecardConfig::from_toml_str("[thresholds.lte]\ngood = -100.0\n").is_err());
//! ```

use hatang_core::model::Technology;
use serde::{Deserialize, Serialize};

/// Why a configuration (or a targets file) was refused.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The TOML text does not parse or does not fit the fields.
    #[error("configuration (TOML): {0}")]
    Toml(#[from] toml::de::Error),
    /// The JSON text does not parse or does not fit the fields.
    #[error("configuration (JSON): {0}")]
    Json(#[from] serde_json::Error),
    /// A value is out of range.
    #[error("configuration: {setting} = {value}: {reason}")]
    Invalid {
        /// The setting, as a dotted path (e.g. `thresholds.lte.fair_dbm`).
        setting: String,
        /// Its value, as written.
        value: String,
        /// What is accepted.
        reason: String,
    },
}

/// The two levels that make a class for one technology, dBm of the figure
/// it quotes (RxLev, RSCP, RSRP, SS-RSRP).
///
/// ```
/// use hatang_scorecard::config::Level;
/// use hatang_scorecard::Class;
/// let l = Level { good_dbm: -105.0, fair_dbm: -115.0 };
/// assert_eq!(l.class(-100.0), Class::Good);
/// assert_eq!(l.class(-105.0), Class::Good);
/// assert_eq!(l.class(-110.0), Class::Fair);
/// assert_eq!(l.class(-120.0), Class::None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// At or above this level the signal is good.
    pub good_dbm: f64,
    /// At or above this level (and below `good_dbm`) it is fair; below it,
    /// none.
    pub fair_dbm: f64,
}

impl Level {
    /// The class of a known signal level.
    pub fn class(&self, dbm: f64) -> crate::Class {
        if dbm >= self.good_dbm {
            crate::Class::Good
        } else if dbm >= self.fair_dbm {
            crate::Class::Fair
        } else {
            crate::Class::None
        }
    }
}

/// The levels of each technology. See the module documentation for the
/// sources (all four are assumptions).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    /// 2G: BCCH RxLev. Default −85 / −95 dBm.
    pub gsm: Level,
    /// 3G: CPICH RSCP. Default −95 / −105 dBm.
    pub umts: Level,
    /// 4G: RSRP. Default −105 / −115 dBm.
    pub lte: Level,
    /// 5G: SS-RSRP. Default −105 / −115 dBm.
    pub nr: Level,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            gsm: Level {
                good_dbm: -85.0,
                fair_dbm: -95.0,
            },
            umts: Level {
                good_dbm: -95.0,
                fair_dbm: -105.0,
            },
            lte: Level {
                good_dbm: -105.0,
                fair_dbm: -115.0,
            },
            nr: Level {
                good_dbm: -105.0,
                fair_dbm: -115.0,
            },
        }
    }
}

impl Thresholds {
    /// The levels of a technology.
    ///
    /// ```
    /// use hatang_core::model::Technology;
    /// let t = hatang_scorecard::config::Thresholds::default();
    /// assert_eq!(t.for_technology(Technology::Lte).fair_dbm, -115.0);
    /// ```
    pub fn for_technology(&self, t: Technology) -> Level {
        match t {
            Technology::Gsm => self.gsm,
            Technology::Umts => self.umts,
            Technology::Lte => self.lte,
            Technology::Nr => self.nr,
        }
    }
}

/// Everything the scorecard's analysis can be told.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScorecardConfig {
    /// Signal levels per technology.
    pub thresholds: Thresholds,
    /// Technologies that count as mobile broadband for a village's `class`
    /// (the best of them, over every operator). Default 4G and 5G. 2G is
    /// refused.
    pub broadband: Vec<Technology>,
    /// People per household, used to fill a village's population from its
    /// households or the reverse when only one is known. Default 3.6 (the
    /// average household size of the 2019 Population and Housing Census).
    pub people_per_household: f64,
}

impl Default for ScorecardConfig {
    fn default() -> Self {
        Self {
            thresholds: Thresholds::default(),
            broadband: vec![Technology::Lte, Technology::Nr],
            people_per_household: 3.6,
        }
    }
}

impl ScorecardConfig {
    /// Reads a TOML text, then [`validate`](Self::validate)s it.
    ///
    /// ```
    /// let c = hatang_scorecard::config::ScorecardConfig::from_toml_str("").unwrap();
    /// assert_eq!(c, Default::default());
    /// ```
    pub fn from_toml_str(text: &str) -> Result<Self, ConfigError> {
        let c: Self = toml::from_str(text)?;
        c.validate()?;
        Ok(c)
    }

    /// Reads a JSON text, then [`validate`](Self::validate)s it.
    ///
    /// ```
    /// let c = hatang_scorecard::config::ScorecardConfig::from_json_str(
    ///     r#"{ "broadband": ["3G", "4G", "5G"] }"#).unwrap();
    /// assert_eq!(c.broadband.len(), 3);
    /// ```
    pub fn from_json_str(text: &str) -> Result<Self, ConfigError> {
        let c: Self = serde_json::from_str(text)?;
        c.validate()?;
        Ok(c)
    }

    /// Reads TOML or JSON, telling them apart by the first non-blank
    /// character (`{` is JSON).
    ///
    /// ```
    /// use hatang_scorecard::config::ScorecardConfig;
    /// assert!(ScorecardConfig::from_str_any("{}").is_ok());
    /// assert!(ScorecardConfig::from_str_any("people_per_household = 4.0").is_ok());
    /// ```
    pub fn from_str_any(text: &str) -> Result<Self, ConfigError> {
        if text.trim_start().starts_with('{') {
            Self::from_json_str(text)
        } else {
            Self::from_toml_str(text)
        }
    }

    /// The configuration as TOML (every field, defaults included).
    pub fn to_toml_string(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }

    /// Checks the levels (finite, −160 to −20 dBm, good ≥ fair), that
    /// `broadband` is not empty and holds no 2G, and the household size.
    ///
    /// ```
    /// let mut c = hatang_scorecard::config::ScorecardConfig::default();
    /// c.broadband.push(hatang_core::model::Technology::Gsm);
    /// assert!(c.validate().unwrap_err().to_string().contains("2G"));
    /// ```
    pub fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |setting: String, value: String, reason: &str| ConfigError::Invalid {
            setting,
            value,
            reason: reason.into(),
        };
        for (name, l) in [
            ("gsm", self.thresholds.gsm),
            ("umts", self.thresholds.umts),
            ("lte", self.thresholds.lte),
            ("nr", self.thresholds.nr),
        ] {
            for (field, v) in [("good_dbm", l.good_dbm), ("fair_dbm", l.fair_dbm)] {
                if !(v.is_finite() && (-160.0..=-20.0).contains(&v)) {
                    return Err(invalid(
                        format!("thresholds.{name}.{field}"),
                        v.to_string(),
                        "must be a level between −160 and −20 dBm",
                    ));
                }
            }
            if l.good_dbm < l.fair_dbm {
                return Err(invalid(
                    format!("thresholds.{name}.good_dbm"),
                    l.good_dbm.to_string(),
                    "must not be below fair_dbm",
                ));
            }
        }
        if self.broadband.is_empty() {
            return Err(invalid(
                "broadband".into(),
                "[]".into(),
                "name at least one technology (3G, 4G, 5G)",
            ));
        }
        if self.broadband.contains(&Technology::Gsm) {
            return Err(invalid(
                "broadband".into(),
                "2G".into(),
                "2G is not mobile broadband (2G-only service ended in Vietnam in 2024)",
            ));
        }
        let h = self.people_per_household;
        if !(h.is_finite() && (1.0..=20.0).contains(&h)) {
            return Err(invalid(
                "people_per_household".into(),
                h.to_string(),
                "must be between 1 and 20",
            ));
        }
        Ok(())
    }

    /// Whether a technology counts as mobile broadband here.
    pub fn is_broadband(&self, t: Technology) -> bool {
        self.broadband.contains(&t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_and_json_round_trip() {
        let c = ScorecardConfig::default();
        let t = c.to_toml_string();
        assert_eq!(ScorecardConfig::from_toml_str(&t).unwrap(), c);
        let j = serde_json::to_string(&c).unwrap();
        assert!(j.contains("\"4G\""), "{j}");
        assert_eq!(ScorecardConfig::from_json_str(&j).unwrap(), c);
    }

    #[test]
    fn the_shipped_file_is_the_defaults() {
        let text = include_str!("../config/scorecard.toml");
        assert_eq!(
            ScorecardConfig::from_toml_str(text).unwrap(),
            ScorecardConfig::default()
        );
    }

    #[test]
    fn bad_values_are_named() {
        let e = ScorecardConfig::from_toml_str(
            "[thresholds.nr]\ngood_dbm = -120.0\nfair_dbm = -110.0\n",
        )
        .unwrap_err();
        assert!(e.to_string().contains("thresholds.nr.good_dbm"), "{e}");
        let e = ScorecardConfig::from_toml_str("broadband = []").unwrap_err();
        assert!(e.to_string().contains("broadband"), "{e}");
        let e = ScorecardConfig::from_json_str(
            r#"{"thresholds":{"lte":{"good_dbm":5,"fair_dbm":-115}}}"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("−160"), "{e}");
        assert!(ScorecardConfig::from_toml_str("colour = 1").is_err());
    }
}
