//! The backend-independent interface: the [`Store`] trait and the types its
//! methods take and return.

use crate::error::StoreError;
use hatang_core::geo::Bbox;
use hatang_core::model::{
    AdminLevel, AdminUnit, Dataset, Date, Indicator, MergeKind, Operator, Sector, Site, UnitKey,
    UnitMapping, Village, Zone,
};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// A table of the store, as the CLI names it (`hatang export <table>`).
///
/// ```
/// use hatang_store::Table;
/// assert_eq!("sites".parse::<Table>().unwrap(), Table::Sites);
/// assert_eq!("admin_units".parse::<Table>().unwrap(), Table::Units);
/// assert_eq!(Table::Mappings.to_string(), "mappings");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Table {
    /// Administrative unit versions.
    Units,
    /// Old→new mapping of the 2025 reform.
    Mappings,
    /// Villages.
    Villages,
    /// Operators.
    Operators,
    /// Sites (with the operators sharing them).
    Sites,
    /// Sectors.
    Sectors,
    /// Zones.
    Zones,
    /// Indicator values.
    Indicators,
    /// The change history (read-only).
    History,
}

impl Table {
    /// Every table, in the order a dataset is applied (history last).
    pub const ALL: [Table; 9] = [
        Table::Operators,
        Table::Units,
        Table::Mappings,
        Table::Sites,
        Table::Sectors,
        Table::Villages,
        Table::Zones,
        Table::Indicators,
        Table::History,
    ];

    /// The name used on the command line, in history rows and in file names.
    ///
    /// ```
    /// assert_eq!(hatang_store::Table::Units.as_str(), "units");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Table::Units => "units",
            Table::Mappings => "mappings",
            Table::Villages => "villages",
            Table::Operators => "operators",
            Table::Sites => "sites",
            Table::Sectors => "sectors",
            Table::Zones => "zones",
            Table::Indicators => "indicators",
            Table::History => "history",
        }
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Table {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(
            match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
                "units" | "unit" | "admin_units" => Table::Units,
                "mappings" | "mapping" | "unit_mappings" => Table::Mappings,
                "villages" | "village" => Table::Villages,
                "operators" | "operator" => Table::Operators,
                "sites" | "site" => Table::Sites,
                "sectors" | "sector" | "cells" => Table::Sectors,
                "zones" | "zone" => Table::Zones,
                "indicators" | "indicator" => Table::Indicators,
                "history" => Table::History,
                _ => return Err(format!(
                    "unknown table '{s}' (units, mappings, villages, operators, sites, sectors, zones, indicators, history)"
                )),
            },
        )
    }
}

/// What happened to the records of one table in an apply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// New records.
    pub inserted: usize,
    /// Records that existed and changed.
    pub updated: usize,
    /// Records that existed exactly as given.
    pub unchanged: usize,
}

impl Counts {
    /// All three together.
    pub fn total(&self) -> usize {
        self.inserted + self.updated + self.unchanged
    }
}

/// What an apply did (or, for a dry run, would have done), table by table.
///
/// ```
/// use hatang_store::{ApplySummary, Table};
/// let mut s = ApplySummary::default();
/// s.count(Table::Sites).inserted = 2;
/// s.count(Table::Sectors).unchanged = 6;
/// assert_eq!((s.inserted(), s.updated(), s.unchanged()), (2, 0, 6));
/// assert_eq!(s.to_string(), "2 inserted, 0 updated, 6 unchanged (sites 2/0/0, sectors 0/0/6)");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ApplySummary {
    /// Counts per table, for the tables the dataset had records of.
    pub tables: BTreeMap<Table, Counts>,
    /// True when nothing was stored because the apply was a dry run.
    pub dry_run: bool,
}

impl ApplySummary {
    /// The counts of `table`, created empty if absent.
    pub fn count(&mut self, table: Table) -> &mut Counts {
        self.tables.entry(table).or_default()
    }

    /// Records inserted, all tables together.
    pub fn inserted(&self) -> usize {
        self.tables.values().map(|c| c.inserted).sum()
    }

    /// Records updated, all tables together.
    pub fn updated(&self) -> usize {
        self.tables.values().map(|c| c.updated).sum()
    }

    /// Records unchanged, all tables together.
    pub fn unchanged(&self) -> usize {
        self.tables.values().map(|c| c.unchanged).sum()
    }

    /// Whether the apply changed (or would change) anything.
    pub fn changed(&self) -> bool {
        self.inserted() + self.updated() > 0
    }
}

impl fmt::Display for ApplySummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} inserted, {} updated, {} unchanged",
            self.inserted(),
            self.updated(),
            self.unchanged()
        )?;
        if !self.tables.is_empty() {
            let parts: Vec<String> = self
                .tables
                .iter()
                .map(|(t, c)| format!("{t} {}/{}/{}", c.inserted, c.updated, c.unchanged))
                .collect();
            write!(f, " ({})", parts.join(", "))?;
        }
        if self.dry_run {
            write!(f, " [dry run: nothing stored]")?;
        }
        Ok(())
    }
}

/// How to apply a dataset.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApplyOptions {
    /// Check everything (including what only the database can check:
    /// duplicate keys, references) and report, but store nothing.
    pub dry_run: bool,
}

/// The kind of change a history row records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// A new record.
    Insert,
    /// A changed record.
    Update,
    /// A removed record.
    Delete,
}

impl Action {
    /// "insert", "update" or "delete".
    ///
    /// ```
    /// assert_eq!(hatang_store::Action::Update.as_str(), "update");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Insert => "insert",
            Action::Update => "update",
            Action::Delete => "delete",
        }
    }
}

impl FromStr for Action {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "insert" => Ok(Action::Insert),
            "update" => Ok(Action::Update),
            "delete" => Ok(Action::Delete),
            _ => Err(format!("unknown action '{s}'")),
        }
    }
}

/// One change to one record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    /// Sequence number, increasing.
    pub id: i64,
    /// Table of the record.
    pub table: Table,
    /// The record's entity id (see [`Record::entity_id`](crate::Record::entity_id)).
    pub entity_id: String,
    /// What happened.
    pub action: Action,
    /// Who did it (user name, `import`, `demo`, …).
    pub actor: String,
    /// When, UTC, ISO 8601 (`2025-07-01T08:30:00.000Z`).
    pub at: String,
    /// The record before (absent for an insert), as the model serialises it.
    pub before: Option<serde_json::Value>,
    /// The record after (absent for a delete).
    pub after: Option<serde_json::Value>,
}

/// One unit version a code leads to, from [`Store::resolve`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resolution {
    /// The version reached.
    pub unit: AdminUnit,
    /// `Full` when every mapping on the way was a whole unit; `Partial`
    /// when only part of a unit went that way. A version that is itself the
    /// answer (the code is valid at the date asked) is `Full`.
    pub kind: MergeKind,
    /// Product of the shares on the way (1 for the version itself).
    pub share: f64,
    /// The versions passed through, from the code's version to `unit`.
    pub path: Vec<UnitKey>,
}

/// A computed coverage raster of one site and band, kept so it need not be
/// computed again while its parameters are the same.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageResult {
    /// The site (not checked against the sites table: plans may compute
    /// coverage of sites that are not stored).
    pub site_id: String,
    /// Nominal band, MHz.
    pub band_mhz: u32,
    /// Hash of every input that shapes the raster (sectors, model, terrain).
    pub params_hash: String,
    /// When it was computed, UTC ISO 8601.
    pub computed_at: String,
    /// Raster width, cells.
    pub width: u32,
    /// Raster height, cells.
    pub height: u32,
    /// Extent of the raster.
    pub bbox: Bbox,
    /// The raster, encoded as its producer chooses (described in `meta`).
    pub raster: Vec<u8>,
    /// Anything else (encoding, units, model name), as JSON.
    pub meta: serde_json::Value,
}

/// A storage backend of hatang. One implementation per backend folder
/// (`src/sqlite/`, later `src/postgres/`); the integration tests take a
/// `&mut dyn Store` so every backend passes the same suite.
///
/// All methods are synchronous. Lists are ordered by primary key.
///
/// ```
/// use hatang_core::model::*;
/// use hatang_store::{SqliteStore, Store, Table};
///
/// let mut store = SqliteStore::open_in_memory().unwrap();
/// let mut ds = Dataset::default();
/// ds.operators = known_operators(); // already seeded: unchanged
/// let s = store.apply(&ds, "alice").unwrap();
/// assert_eq!((s.inserted(), s.unchanged()), (0, 4));
/// assert_eq!(store.operators().unwrap().len(), 4);
/// assert!(store.history(Some(Table::Sites), None).unwrap().is_empty());
/// ```
pub trait Store: Send {
    /// The backend's name ("sqlite").
    fn backend(&self) -> &'static str;

    /// Lands the whole dataset in one transaction, or nothing of it.
    ///
    /// Records are upserted by primary key; records the dataset lacks are
    /// left alone. Every record is checked (the model's `check()`s plus the
    /// store's own: known operators, existing sites and units, mapping
    /// shares, …), duplicate keys within the dataset are caught by the
    /// database, and every problem is reported in
    /// [`StoreError::Rejected`]. Each inserted or changed record writes a
    /// history row; an unchanged record writes nothing.
    fn apply_with(
        &mut self,
        dataset: &Dataset,
        actor: &str,
        options: ApplyOptions,
    ) -> Result<ApplySummary, StoreError>;

    /// [`apply_with`](Store::apply_with) with the default options.
    fn apply(&mut self, dataset: &Dataset, actor: &str) -> Result<ApplySummary, StoreError> {
        self.apply_with(dataset, actor, ApplyOptions::default())
    }

    /// Deletes one record by its entity id (see
    /// [`Record::entity_id`](crate::Record::entity_id)), writing a history row. `Ok(false)`
    /// when there was no such record; [`StoreError::InUse`] when others
    /// refer to it (a site with sectors, a unit with indicators, …).
    fn delete(&mut self, table: Table, entity_id: &str, actor: &str) -> Result<bool, StoreError>;

    /// Unit versions, optionally of one level and in force on a date.
    fn units(
        &self,
        level: Option<AdminLevel>,
        valid_on: Option<Date>,
    ) -> Result<Vec<AdminUnit>, StoreError>;

    /// One unit version.
    fn unit(&self, key: &UnitKey) -> Result<Option<AdminUnit>, StoreError>;

    /// Every version of every unit with this code, oldest first.
    fn unit_versions(&self, code: &str) -> Result<Vec<AdminUnit>, StoreError>;

    /// The whole old→new mapping.
    fn mappings(&self) -> Result<Vec<UnitMapping>, StoreError>;

    /// The unit versions `code` leads to across the reform, with the
    /// full/partial flag: with `at = None` the versions in force now (an
    /// old code follows the mapping forward; a current code gives itself),
    /// with a date the versions in force on that date (a new code follows
    /// the mapping back to its predecessors). Empty when the code is
    /// unknown.
    fn resolve(&self, code: &str, at: Option<Date>) -> Result<Vec<Resolution>, StoreError> {
        let versions = self.unit_versions(code)?;
        if versions.is_empty() {
            return Ok(Vec::new());
        }
        crate::resolve::resolve(self, &versions, at)
    }

    /// Villages, all or of one commune (2025 code).
    fn villages(&self, commune_code: Option<&str>) -> Result<Vec<Village>, StoreError>;

    /// Operators.
    fn operators(&self) -> Result<Vec<Operator>, StoreError>;

    /// Sites, with the operators sharing each.
    fn sites(&self) -> Result<Vec<Site>, StoreError>;

    /// One site.
    fn site(&self, id: &str) -> Result<Option<Site>, StoreError>;

    /// Sectors, all or of one site and/or one operator.
    fn sectors(
        &self,
        site_id: Option<&str>,
        operator: Option<&str>,
    ) -> Result<Vec<Sector>, StoreError>;

    /// One sector.
    fn sector(&self, id: &str) -> Result<Option<Sector>, StoreError>;

    /// Zones.
    fn zones(&self) -> Result<Vec<Zone>, StoreError>;

    /// Indicator values, all or of one key and/or one unit version.
    fn indicators(
        &self,
        key: Option<&str>,
        unit: Option<&UnitKey>,
    ) -> Result<Vec<Indicator>, StoreError>;

    /// Everything the store holds, as one [`Dataset`] (what the analyses
    /// and the server read whole).
    ///
    /// ```
    /// use hatang_store::{SqliteStore, Store};
    /// let store = SqliteStore::open_in_memory()?;
    /// let ds = store.dataset()?;
    /// assert!(ds.sites.is_empty() && ds.villages.is_empty());
    /// # Ok::<(), hatang_store::StoreError>(())
    /// ```
    fn dataset(&self) -> Result<Dataset, StoreError> {
        Ok(Dataset {
            units: self.units(None, None)?,
            mappings: self.mappings()?,
            villages: self.villages(None)?,
            operators: self.operators()?,
            sites: self.sites()?,
            sectors: self.sectors(None, None)?,
            zones: self.zones()?,
            indicators: self.indicators(None, None)?,
        })
    }

    /// History, oldest first: all, of one table, or of one record.
    fn history(
        &self,
        table: Option<Table>,
        entity_id: Option<&str>,
    ) -> Result<Vec<HistoryEntry>, StoreError>;

    /// Number of records in each table.
    fn counts(&self) -> Result<BTreeMap<Table, usize>, StoreError>;

    /// Stores a coverage result, replacing the one with the same site, band
    /// and parameter hash. Coverage results are a cache: no history.
    fn put_coverage(&mut self, result: &CoverageResult) -> Result<(), StoreError>;

    /// The coverage result for a site, band and parameter hash, if stored.
    fn coverage(
        &self,
        site_id: &str,
        band_mhz: u32,
        params_hash: &str,
    ) -> Result<Option<CoverageResult>, StoreError>;

    /// Removes every coverage result of a site; returns how many.
    fn delete_coverage(&mut self, site_id: &str) -> Result<usize, StoreError>;
}
