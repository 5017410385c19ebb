//! Targets as data — name, indicator, scope, value, deadline, source — and
//! for each target and unit the progress and what is left (which villages,
//! which zones, how many towers, how many percentage points).
//!
//! # Indicators a target may name
//!
//! Computed by the scorecard (from the signals and the stored sites):
//!
//! | indicator | meaning | what is left |
//! |---|---|---|
//! | `villages_4g_share` | % of villages with 4G at least fair (any operator) | the villages without |
//! | `population_4g_share` | % of people in such villages | the villages without |
//! | `villages_5g_share` | % of villages with 5G at least fair | the villages without |
//! | `villages_broadband_share` | % of villages with mobile broadband (class at least fair) | the villages without |
//! | `zones_5g_share` | % of the scope's zones with 5G at least fair | the zones without |
//! | `zones_4g_share` | % of the scope's zones with 4G at least fair | the zones without |
//! | `shared_tower_share` | % of towers used by more than one operator | towers to share |
//!
//! Any other key of [`INDICATOR_KEYS`](hatang_core::model::INDICATOR_KEYS)
//! (e.g. `fibre_available_share`, `smartphone_share`) is read from the
//! harmonised series: its latest value for the unit; what is left is the
//! gap in the key's unit.
//!
//! # Default targets and their sources
//!
//! See [`default_targets`]. Sources were read from public summaries of the
//! decisions; where a value or a deadline is not in a document, the
//! target's `note` says it is an assumption. Note the numbers: the national
//! **ICT infrastructure master plan 2021–2030** is Decision 36/QĐ-TTg (11
//! January 2024); the **Digital Infrastructure Strategy to 2025, orientation
//! to 2030** is Decision 1132/QĐ-TTg (19 October 2024); the **National
//! Digital Transformation Programme** is Decision 749/QĐ-TTg (3 June 2020).
//!
//! ```
//! use hatang_scorecard::targets::{default_targets, TargetSet};
//! let t = default_targets();
//! assert!(t.targets.iter().any(|t| t.indicator == "villages_4g_share" && t.value == 100.0));
//! // Targets are data: a file replaces them.
//! let mine = TargetSet::from_toml_str(r#"
//! [[targets]]
//! id = "4g"
//! name = "Phủ sóng 4G 100% thôn"
//! indicator = "villages_4g_share"
//! value = 100.0
//! deadline = "2025"
//! source = "Kế hoạch của tỉnh"
//! "#).unwrap();
//! assert_eq!(mine.targets[0].scope.levels.len(), 2); // province and communes by default
//! ```

use crate::config::ConfigError;
use hatang_core::model::{indicator_key, parse_period, AdminLevel, ZoneKind};
use serde::{Deserialize, Serialize};

/// The indicators the scorecard computes itself (see the module table).
pub const COMPUTED_INDICATORS: &[&str] = &[
    "villages_4g_share",
    "population_4g_share",
    "villages_5g_share",
    "villages_broadband_share",
    "zones_5g_share",
    "zones_4g_share",
    "shared_tower_share",
];

fn default_levels() -> Vec<AdminLevel> {
    vec![AdminLevel::Province, AdminLevel::Commune]
}

/// Where a target is evaluated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// Levels whose units are evaluated: the province, every commune, or
    /// both (the default).
    #[serde(default = "default_levels")]
    pub levels: Vec<AdminLevel>,
    /// For zone indicators: the kinds of zones counted.
    #[serde(default)]
    pub zone_kinds: Vec<ZoneKind>,
}

impl Default for Scope {
    fn default() -> Self {
        Scope {
            levels: default_levels(),
            zone_kinds: Vec::new(),
        }
    }
}

/// A target: reach `value` (%, or the key's unit) of `indicator` in every
/// unit of the scope by the end of `deadline`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// Short stable id.
    pub id: String,
    /// Name, in Vietnamese.
    pub name: String,
    /// Name, in English.
    #[serde(default)]
    pub name_en: String,
    /// Indicator (see the module documentation).
    pub indicator: String,
    /// Where it is evaluated.
    #[serde(default)]
    pub scope: Scope,
    /// The value to reach (at least).
    pub value: f64,
    /// Deadline: a period ("2025", "2025-Q4", "2025-12"); the target is due
    /// at its end.
    pub deadline: String,
    /// Where the target comes from.
    pub source: String,
    /// Assumptions and caveats.
    #[serde(default)]
    pub note: String,
}

/// A list of targets, as a file holds it (`[[targets]]` in TOML, or
/// `{"targets": [...]}` in JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetSet {
    /// The targets.
    pub targets: Vec<Target>,
}

impl Default for TargetSet {
    fn default() -> Self {
        default_targets()
    }
}

impl TargetSet {
    /// Reads TOML, then [`validate`](Self::validate)s.
    pub fn from_toml_str(text: &str) -> Result<Self, ConfigError> {
        let t: Self = toml::from_str(text)?;
        t.validate()?;
        Ok(t)
    }

    /// Reads JSON, then [`validate`](Self::validate)s.
    ///
    /// ```
    /// let e = hatang_scorecard::targets::TargetSet::from_json_str(
    ///     r#"{"targets":[{"id":"x","name":"x","indicator":"happiness","value":1,"deadline":"2025","source":"-"}]}"#);
    /// assert!(e.unwrap_err().to_string().contains("happiness"));
    /// ```
    pub fn from_json_str(text: &str) -> Result<Self, ConfigError> {
        let t: Self = serde_json::from_str(text)?;
        t.validate()?;
        Ok(t)
    }

    /// TOML or JSON (`{` first).
    pub fn from_str_any(text: &str) -> Result<Self, ConfigError> {
        if text.trim_start().starts_with('{') {
            Self::from_json_str(text)
        } else {
            Self::from_toml_str(text)
        }
    }

    /// The set as TOML.
    pub fn to_toml_string(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }

    /// Checks each target: a known indicator, zone kinds exactly for zone
    /// indicators, a finite value, a deadline that is a period, unique ids.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |id: &str, field: &str, value: String, reason: &str| ConfigError::Invalid {
            setting: format!("targets[{id}].{field}"),
            value,
            reason: reason.into(),
        };
        let mut ids = std::collections::BTreeSet::new();
        for t in &self.targets {
            if t.id.trim().is_empty() || !ids.insert(t.id.as_str()) {
                return Err(bad(&t.id, "id", t.id.clone(), "must be present and unique"));
            }
            let computed = COMPUTED_INDICATORS.contains(&t.indicator.as_str());
            if !computed && indicator_key(&t.indicator).is_none() {
                return Err(bad(
                    &t.id,
                    "indicator",
                    t.indicator.clone(),
                    "is neither computed by the scorecard nor a documented indicator key",
                ));
            }
            let zones = t.indicator.starts_with("zones_");
            if zones == t.scope.zone_kinds.is_empty() {
                return Err(bad(
                    &t.id,
                    "scope.zone_kinds",
                    format!("{:?}", t.scope.zone_kinds),
                    "zone indicators need zone kinds; other indicators take none",
                ));
            }
            if t.scope.levels.is_empty() || t.scope.levels.contains(&AdminLevel::District) {
                return Err(bad(
                    &t.id,
                    "scope.levels",
                    format!("{:?}", t.scope.levels),
                    "name the province and/or communes",
                ));
            }
            if !t.value.is_finite() {
                return Err(bad(&t.id, "value", t.value.to_string(), "must be a number"));
            }
            if parse_period(&t.deadline).is_none() {
                return Err(bad(
                    &t.id,
                    "deadline",
                    t.deadline.clone(),
                    "must be a period: YYYY, YYYY-Qn or YYYY-MM",
                ));
            }
        }
        Ok(())
    }
}

/// The national and provincial targets hatang loads by default.
///
/// | id | target | deadline | source |
/// |---|---|---|---|
/// | `4g_villages` | 4G in 100 % of villages | 2025 | Decision 749/QĐ-TTg (2020): universal 4G/5G mobile service by 2025 |
/// | `5g_industrial_zones` | 5G in every industrial zone | 2025 | Decision 1132/QĐ-TTg (2024): 5G in all industrial parks by 2025 |
/// | `5g_tourist_and_agencies` | 5G at tourist sites and state agency seats | 2030 (**assumption**) | Decision 1132/QĐ-TTg: priority areas for 5G, no date |
/// | `5g_commune_centres` | 5G at every commune centre | 2030 (**assumption**) | provincial target as briefed; no public provincial document found |
/// | `fibre_available` | fibre can be ordered by 100 % of households | 2025 | Decision 36/QĐ-TTg (2024) master plan; Decision 1132/QĐ-TTg |
/// | `fibre_subscribed` | fibre broadband in over 80 % of households | 2025 | Decision 749/QĐ-TTg (2020) |
/// | `smartphone_adults` | a smartphone for every adult | 2025 | Decision 36/QĐ-TTg (2024); MIC's 2021 programme |
/// | `shared_towers` | 30 % of towers shared | 2030 (**assumption**) | no numeric national target found |
pub fn default_targets() -> TargetSet {
    let t = |id: &str,
             name: &str,
             name_en: &str,
             indicator: &str,
             zone_kinds: Vec<ZoneKind>,
             value: f64,
             deadline: &str,
             source: &str,
             note: &str| Target {
        id: id.into(),
        name: name.into(),
        name_en: name_en.into(),
        indicator: indicator.into(),
        scope: Scope {
            levels: default_levels(),
            zone_kinds,
        },
        value,
        deadline: deadline.into(),
        source: source.into(),
        note: note.into(),
    };
    use ZoneKind::*;
    TargetSet {
        targets: vec![
            t(
                "4g_villages",
                "Phủ sóng 4G đến 100% thôn, bản",
                "4G in every village",
                "villages_4g_share",
                vec![],
                100.0,
                "2025",
                "Quyết định 749/QĐ-TTg (03/6/2020), Chương trình Chuyển đổi số quốc gia: phổ cập dịch vụ mạng di động 4G/5G đến năm 2025; chương trình xóa vùng lõm sóng",
                "Read as: every village's point at least fair on 4G from some operator.",
            ),
            t(
                "5g_industrial_zones",
                "Phủ sóng 5G tại 100% khu công nghiệp",
                "5G in every industrial zone",
                "zones_5g_share",
                vec![IndustrialZone],
                100.0,
                "2025",
                "Quyết định 1132/QĐ-TTg (19/10/2024), Chiến lược hạ tầng số đến năm 2025, định hướng đến năm 2030: 5G tại các khu công nghiệp đến năm 2025",
                "Zone positions in the demo are approximate (points from public knowledge).",
            ),
            t(
                "5g_tourist_and_agencies",
                "Phủ sóng 5G tại khu du lịch và trụ sở cơ quan nhà nước",
                "5G at tourist sites and state agency seats",
                "zones_5g_share",
                vec![TouristSite, StateAgency],
                100.0,
                "2030",
                "Quyết định 1132/QĐ-TTg (2024): ưu tiên mở rộng vùng phủ 5G tại khu hành chính công, di tích, điểm du lịch",
                "Assumption: the strategy lists these as priorities without a date; 2030 is its horizon.",
            ),
            t(
                "5g_commune_centres",
                "Phủ sóng 5G tại trung tâm 100% xã, phường",
                "5G at every commune centre",
                "zones_5g_share",
                vec![CommuneCentre],
                100.0,
                "2030",
                "Mục tiêu của tỉnh (theo yêu cầu của Sở); cần đối chiếu kế hoạch hạ tầng số của tỉnh",
                "Assumption: provincial target as briefed; no public provincial document was found. Confirm value and deadline.",
            ),
            t(
                "fibre_available",
                "100% hộ gia đình có khả năng truy cập cáp quang",
                "Fibre available to every household",
                "fibre_available_share",
                vec![],
                100.0,
                "2025",
                "Quyết định 36/QĐ-TTg (11/01/2024), Quy hoạch hạ tầng thông tin và truyền thông thời kỳ 2021–2030; Quyết định 1132/QĐ-TTg (2024)",
                "Reported indicator (imports): no demo value.",
            ),
            t(
                "fibre_subscribed",
                "Trên 80% hộ gia đình sử dụng cáp quang",
                "Fibre broadband in over 80 % of households",
                "fibre_household_share",
                vec![],
                80.0,
                "2025",
                "Quyết định 749/QĐ-TTg (03/6/2020): hạ tầng băng rộng cáp quang phủ trên 80% hộ gia đình đến năm 2025",
                "Reported indicator (imports).",
            ),
            t(
                "smartphone_adults",
                "100% người trưởng thành có điện thoại thông minh",
                "A smartphone for every adult",
                "smartphone_share",
                vec![],
                100.0,
                "2025",
                "Quyết định 36/QĐ-TTg (2024); chương trình phổ cập điện thoại thông minh của Bộ TT&TT (2021); Quyết định 749/QĐ-TTg (2020)",
                "The reported smartphone_share may be of the whole population rather than adults (the 2022 Phú Thọ figure is): compare with care.",
            ),
            t(
                "shared_towers",
                "Tỷ lệ cột ăng-ten dùng chung",
                "Share of towers shared by operators",
                "shared_tower_share",
                vec![],
                30.0,
                "2030",
                "Chủ trương dùng chung hạ tầng viễn thông thụ động (Luật Viễn thông 2023; Quyết định 36/QĐ-TTg)",
                "Assumption: no numeric national target was found; 30 % by 2030 is a placeholder for the department to set.",
            ),
        ],
    }
}

/// Where a target stands in a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Reached.
    Met,
    /// Not reached, deadline not passed.
    Behind,
    /// Not reached and the deadline has passed.
    Overdue,
    /// No value to compare (no village, no zone, nothing reported).
    NoData,
}

impl Status {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Behind => "behind",
            Status::Overdue => "overdue",
            Status::NoData => "no_data",
        }
    }

    /// Vietnamese label.
    pub fn vietnamese(self) -> &'static str {
        match self {
            Status::Met => "đạt",
            Status::Behind => "chưa đạt",
            Status::Overdue => "quá hạn, chưa đạt",
            Status::NoData => "chưa có số liệu",
        }
    }
}

/// A target's progress in one unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetProgress {
    /// Target id.
    pub target_id: String,
    /// Target name (Vietnamese).
    pub target_name: String,
    /// Indicator.
    pub indicator: String,
    /// The unit.
    pub unit: crate::UnitRef,
    /// The value reached.
    pub value: Option<f64>,
    /// The target value.
    pub target: f64,
    /// Deadline period.
    pub deadline: String,
    /// The period the value describes.
    pub as_of: String,
    /// Where it stands.
    pub status: Status,
    /// How much is left: villages, zones, towers, or the gap in the key's
    /// unit.
    pub left_count: Option<f64>,
    /// What `left_count` counts ("villages", "zones", "towers", or the
    /// key's unit).
    pub left_unit: String,
    /// Of `left_count`, how many are left only because their class is
    /// unknown (off the loaded terrain): neither covered nor "none".
    pub left_unknown: u64,
    /// The villages or zones left ("id name (…, class)"): those known to
    /// lack the service first, most people first, then the unknown ones.
    pub left: Vec<String>,
}

impl TargetProgress {
    /// The status from value, target, and whether the deadline has passed.
    pub(crate) fn status_of(value: Option<f64>, target: f64, overdue: bool) -> Status {
        match value {
            None => Status::NoData,
            Some(v) if v + 1e-9 >= target => Status::Met,
            Some(_) if overdue => Status::Overdue,
            Some(_) => Status::Behind,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_file_is_the_defaults() {
        let text = include_str!("../config/targets.toml");
        assert_eq!(TargetSet::from_toml_str(text).unwrap(), default_targets());
    }

    #[test]
    #[ignore = "prints the default targets as TOML (to refresh config/targets.toml)"]
    fn print_default_targets() {
        println!("{}", default_targets().to_toml_string());
    }
}
