//! The planner's errors.

use hatang_core::terrain::TerrainError;

/// Why planning failed.
///
/// ```
/// use hatang_planner::PlannerError;
/// let e = PlannerError::BadProblem("candidate 3 covers village 9 of 5".into());
/// assert!(e.to_string().contains("village 9"));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PlannerError {
    /// The covering problem handed in is inconsistent.
    #[error("bad covering problem: {0}")]
    BadProblem(String),
    /// A setting is out of range.
    #[error("bad planner setting {setting}: {reason}")]
    BadConfig {
        /// The setting, as a dotted path.
        setting: String,
        /// Why.
        reason: String,
    },
    /// The MILP solver failed (not: stopped on its time limit with a plan).
    #[error("MILP solver: {0}")]
    Solver(String),
    /// The exact method was asked for but this build has no MILP solver.
    #[error("this build has no MILP solver (build hatang-planner with the `cbc` feature)")]
    NoSolver,
    /// Exhaustive search was asked for on too many candidates.
    #[error("exhaustive search over {0} candidates is too large (at most 24)")]
    TooLarge(usize),
    /// Terrain could not be read where it was needed.
    #[error(transparent)]
    Terrain(#[from] TerrainError),
    /// A file handed in (a passive-infrastructure plan) is malformed.
    #[error("{file}, row {row}: {reason}")]
    Input {
        /// The file.
        file: String,
        /// Row, 1-based counting the header as row 1.
        row: usize,
        /// Why.
        reason: String,
    },
    /// Writing output failed.
    #[error("writing {what}: {source}")]
    Io {
        /// What was being written.
        what: String,
        /// The cause.
        source: std::io::Error,
    },
}
