//! # hatang-store
//!
//! Where hatang keeps its data: a synchronous [`Store`] trait over the
//! domain model of [`hatang_core::model`], with one backend per folder
//! (SQLite in [`sqlite`]; PostgreSQL can follow behind the same trait and
//! pass the same test suite), [`import`]ers for the CSV and GeoJSON files
//! people have, and [`export`]ers for every table.
//!
//! - [`Store::apply`] lands a whole [`Dataset`](hatang_core::model::Dataset)
//!   in one transaction or nothing of it; re-applying it changes nothing.
//!   Every insert, update and delete writes a history row.
//! - [`import::import_file`] reads a file (spreadsheet CSV or GeoJSON),
//!   checks every row and lands it whole, or reports every problem with
//!   file, row, column and reason.
//! - [`export::export_table`] writes a table as CSV (which imports back) or
//!   GeoJSON.
//! - [`Store::resolve`] follows an administrative code across the 2025
//!   reform.
//!
//! ```
//! use hatang_core::model::*;
//! use hatang_store::{SqliteStore, Store, Table};
//!
//! let mut store = SqliteStore::open_in_memory().unwrap();
//! let old = UnitKey::new(AdminLevel::Commune, "04813", "2008-01-01".parse().unwrap());
//! let new = UnitKey::new(AdminLevel::Commune, "04792", Date::REFORM_2025);
//! let unit = |key: &UnitKey, name: &str, to: Option<Date>| AdminUnit {
//!     key: key.clone(), valid_to: to, name: name.into(), unit_type: "xã".into(),
//!     parent_code: None, population: None, area_km2: None, centre: None,
//!     boundary: None, boundary_approximate: false, source: Source::Official,
//! };
//! let mut ds = Dataset::default();
//! ds.units = vec![
//!     unit(&old, "Yên Mông", Some(Date::REFORM_2025.pred())),
//!     unit(&new, "Tân Hòa", None),
//! ];
//! ds.mappings = vec![UnitMapping { old, new: new.clone(), kind: MergeKind::Full, share: 1.0, note: "NQ 1676".into() }];
//! let s = store.apply(&ds, "demo").unwrap();
//! assert_eq!(s.inserted(), 3);
//! assert_eq!(store.apply(&ds, "demo").unwrap().unchanged(), 3); // idempotent
//!
//! let r = store.resolve("04813", None).unwrap();
//! assert_eq!((r[0].unit.key.code.as_str(), r[0].kind), ("04792", MergeKind::Full));
//! assert_eq!(store.history(Some(Table::Units), None).unwrap().len(), 2);
//! ```

#![warn(missing_docs)]

pub mod error;
pub mod export;
pub mod import;
pub mod record;
mod resolve;
pub mod sqlite;
pub mod store;

pub use error::{RecordError, Rejected, StoreError};
pub use record::Record;
pub use sqlite::SqliteStore;
pub use store::{
    Action, ApplyOptions, ApplySummary, Counts, CoverageResult, HistoryEntry, Resolution, Store,
    Table,
};

use std::fmt;
use std::str::FromStr;

/// A file format of import and export.
///
/// ```
/// use hatang_store::Format;
/// assert_eq!("geojson".parse::<Format>().unwrap(), Format::GeoJson);
/// assert_eq!(Format::Csv.extension(), "csv");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Comma-separated values (a spreadsheet's CSV on import).
    Csv,
    /// A GeoJSON FeatureCollection.
    GeoJson,
}

impl Format {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::GeoJson => "geojson",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "geojson" | "json" => Ok(Format::GeoJson),
            _ => Err(format!("unknown format '{s}' (csv, geojson)")),
        }
    }
}
