//! # hatang-scorecard
//!
//! What the department reports upward: coverage turned into answers per
//! village, commune and province, and the targets tracked over time.
//!
//! - [`signal`]: the point signals the coverage engine gives (per village,
//!   zone or sample point: a level per operator and technology, or unknown
//!   where the terrain profile left the loaded terrain).
//! - [`config`]: the thresholds that make a class (good, fair, none,
//!   unknown), with documented defaults — assumptions, since no Vietnamese
//!   RSRP threshold has been found in the regulations.
//! - [`village`]: per village, the best signal per operator and technology,
//!   a class per technology, the mobile-broadband class (the best operator
//!   counts, as in ITU's SDG 9.c.1; 2G does not count) and the share of its
//!   surroundings covered.
//! - [`aggregate`]: per commune and for the province, villages, people and
//!   area covered by 4G, 5G and mobile broadband, by any operator and by
//!   each; the villages with no or weak signal ("vùng lõm sóng"); the
//!   especially difficult villages on their own. Integer figures: the
//!   province computed from its villages equals the sum of its communes.
//! - [`targets`]: targets as data, the national and provincial ones by
//!   default; progress and what is left per target and unit.
//! - [`series`]: indicators across the July 2025 merger, old units carried
//!   into new ones through the mapping.
//! - [`report`]: CSV, GeoJSON and XLSX.
//!
//! The crate ships its defaults as files an official can copy and edit:
//! `config/scorecard.toml` (thresholds) and `config/targets.toml` (targets);
//! tests keep them equal to the built-in defaults.
//!
//! Invariants: no IO beyond the writers and the directory handed in, no
//! SQL, no async; the same inputs give the same scorecard.
//!
//! ```
//! use hatang_core::geo::LatLon;
//! use hatang_core::model::{*, Technology::*};
//! use hatang_scorecard::{Class, Inputs, Scorecard, config::ScorecardConfig, signal::{Reading, SignalMap}};
//!
//! let mut ds = Dataset::default();
//! ds.units.push(AdminUnit { key: UnitKey::new(AdminLevel::Commune, "04792", Date::REFORM_2025), valid_to: None,
//!     name: "Tân Hòa".into(), unit_type: "phường".into(), parent_code: Some("25".into()), population: None,
//!     area_km2: Some(20.0), centre: None, boundary: None, boundary_approximate: false, source: Source::Official });
//! let village = |id: &str, pop: u32| Village { id: id.into(), name: format!("Thôn {id}"), kind: VillageKind::Thon,
//!     commune_code: "04792".into(), point: LatLon::new(21.3, 105.4), population: Some(pop), households: None,
//!     difficult: false, grid_power: true, source: Source::Synthetic };
//! ds.villages = vec![village("1", 1200), village("2", 800)];
//! let mut signals = SignalMap::default();
//! signals.push("1", Reading::new("viettel", Lte, Some(-98.0)));
//! signals.computed("2"); // nothing reaches village 2
//!
//! let operators = vec!["viettel".to_string()];
//! let inputs = Inputs::new(&ds, &signals, &operators, "2026-Q1");
//! let mut config = ScorecardConfig::default();
//! let sc = Scorecard::build(&inputs, &config, &[]).unwrap();
//! assert_eq!(sc.villages[0].class(), Class::Good);
//! assert_eq!(sc.province.no_signal().count(), 1);
//!
//! // A threshold is configuration: raise "good" above −98 dBm and village 1 becomes fair.
//! config.thresholds.lte.good_dbm = -95.0;
//! let sc = Scorecard::build(&inputs, &config, &[]).unwrap();
//! assert_eq!(sc.villages[0].class(), Class::Fair);
//! ```

#![warn(missing_docs)]

pub mod aggregate;
pub mod config;
mod evaluate;
pub mod report;
mod scorecard;
pub mod series;
pub mod signal;
pub mod targets;
pub mod village;

pub use aggregate::{Figures, Gap, Part, Shares, Tally, UnitRef};
pub use scorecard::{Inputs, Scorecard, ScorecardError, Towers, ZoneResult, SNAPSHOT_SOURCE};
pub use village::{
    classify_villages, sample_points, services, village_extents, Cell, Class, Extent, PlaceSignal,
    Service, SurroundingSignals, Surroundings, VillageResult,
};
