//! The store's error type and the per-record errors of a refused dataset.

use crate::store::Table;
use std::fmt;

/// How many record errors a [`Rejected`]'s `Display` lists before it
/// summarises the rest as a count.
pub const ERRORS_SHOWN: usize = 20;

/// Everything that can go wrong in a [`Store`](crate::Store).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database itself failed (I/O, corruption, a locked file, …).
    #[error("database error: {0}")]
    Database(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// A schema migration failed; nothing of it was applied.
    #[error("migration {version} ({name}) failed: {reason}")]
    Migration {
        /// Version of the migration that failed.
        version: u32,
        /// Its name.
        name: &'static str,
        /// What the database said.
        reason: String,
    },
    /// The database was written by a newer hatang.
    #[error(
        "the database is at schema version {found}, newer than the {supported} this program knows"
    )]
    SchemaTooNew {
        /// Version found in the database.
        found: u32,
        /// Newest version this program knows.
        supported: u32,
    },
    /// A dataset was refused; nothing of it was stored.
    #[error("{0}")]
    Rejected(Rejected),
    /// A record can't be deleted because others refer to it.
    #[error("{table} '{id}' is still in use: {reason}")]
    InUse {
        /// Table of the record.
        table: Table,
        /// Its entity id.
        id: String,
        /// What refers to it.
        reason: String,
    },
    /// An entity id that does not have the form its table uses.
    #[error("'{id}' is not a valid {table} id: {reason}")]
    BadId {
        /// Table.
        table: Table,
        /// The id given.
        id: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An operation the table does not support (e.g. deleting history).
    #[error("{0}")]
    Unsupported(String),
    /// A stored value could not be read back into the model.
    #[error("corrupt value in {table}: {reason}")]
    Corrupt {
        /// Table.
        table: Table,
        /// What could not be read.
        reason: String,
    },
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Database(Box::new(e))
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Database(Box::new(e))
    }
}

impl StoreError {
    /// The record errors when this is a rejection, else `None`.
    ///
    /// ```
    /// use hatang_store::{RecordError, Rejected, StoreError, Table};
    /// let e = StoreError::Rejected(Rejected::new(vec![RecordError::new(Table::Sites, 0, "S1", "lat", "95 is not a latitude")]));
    /// assert_eq!(e.rejected().unwrap().errors.len(), 1);
    /// ```
    pub fn rejected(&self) -> Option<&Rejected> {
        match self {
            StoreError::Rejected(r) => Some(r),
            _ => None,
        }
    }
}

/// One problem with one record of a dataset, found by the checks or by the
/// database (a duplicate key, a missing reference).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// Table the record goes to.
    pub table: Table,
    /// Position of the record in the dataset's vector for that table
    /// (0-based). Importers turn it into a file row.
    pub index: usize,
    /// The record's entity id (its key as text), empty if it has none.
    pub key: String,
    /// The column (model field name, e.g. `lat`, `azimuth_deg`).
    pub column: String,
    /// Why the record is refused.
    pub reason: String,
    /// For a duplicate key: the index of the record that first had it.
    pub duplicate_of: Option<usize>,
}

impl RecordError {
    /// An error for the record at `index` of `table`.
    ///
    /// ```
    /// use hatang_store::{RecordError, Table};
    /// let e = RecordError::new(Table::Sectors, 2, "S1-1", "site_id", "no site 'S1'");
    /// assert_eq!(e.to_string(), "sectors #3 'S1-1', site_id: no site 'S1'");
    /// ```
    pub fn new(
        table: Table,
        index: usize,
        key: impl Into<String>,
        column: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        RecordError {
            table,
            index,
            key: key.into(),
            column: column.into(),
            reason: reason.into(),
            duplicate_of: None,
        }
    }
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} #{}", self.table, self.index + 1)?;
        if !self.key.is_empty() {
            write!(f, " '{}'", self.key)?;
        }
        write!(f, ", {}: {}", self.column, self.reason)?;
        if let Some(d) = self.duplicate_of {
            write!(f, ", already #{}", d + 1)?;
        }
        Ok(())
    }
}

/// A refused dataset: every problem found, in table order then record order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// The problems.
    pub errors: Vec<RecordError>,
}

impl Rejected {
    /// A rejection with these errors.
    pub fn new(errors: Vec<RecordError>) -> Self {
        Rejected { errors }
    }
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors.len();
        write!(
            f,
            "dataset refused, nothing stored: {n} error{}",
            if n == 1 { "" } else { "s" }
        )?;
        for e in self.errors.iter().take(ERRORS_SHOWN) {
            write!(f, "\n  {e}")?;
        }
        if n > ERRORS_SHOWN {
            write!(f, "\n  … and {} more", n - ERRORS_SHOWN)?;
        }
        Ok(())
    }
}
