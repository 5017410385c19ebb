//! The crate's error type.

use std::path::PathBuf;

/// What can go wrong while computing a data directory's results.
#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    /// The data directory holds no database.
    #[error("no database at {0} (run `hatang demo` or import data first)")]
    NoDatabase(PathBuf),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A configuration file (scorecard thresholds, targets) was refused.
    #[error("{path}: {source}")]
    Config {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: hatang_scorecard::config::ConfigError,
    },
    /// A signal file was refused.
    #[error("{path}: {source}")]
    Signals {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: hatang_scorecard::signal::SignalError,
    },
    /// The terrain could not be loaded.
    #[error("terrain in {path}: {source}")]
    Terrain {
        /// The folder.
        path: PathBuf,
        /// Why.
        #[source]
        source: hatang_core::terrain::TerrainError,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] hatang_store::StoreError),
    /// The coverage engine refused the job.
    #[error(transparent)]
    Coverage(#[from] hatang_coverage::CoverageError),
    /// The scorecard could not be built.
    #[error(transparent)]
    Scorecard(#[from] hatang_scorecard::ScorecardError),
    /// The planner failed.
    #[error(transparent)]
    Planner(#[from] hatang_planner::PlannerError),
    /// A raster could not be made.
    #[error(transparent)]
    Raster(#[from] hatang_raster::RasterError),
    /// A plan file was refused.
    #[error("{path}: {reason}")]
    Plan {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// Nothing to compute (e.g. no on-air 4G/5G site in the window).
    #[error("{0}")]
    Nothing(String),
}
