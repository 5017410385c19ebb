//! The computed layers of a data directory, for the server: the scorecard
//! (village classes, targets, commune scores), the coverage layers and the
//! site plan, computed from the store and the terrain and handed to
//! `hatang-server` through its provider traits.
//!
//! `hatang serve` builds a [`Live`], wires it into the server's state,
//! starts serving and fills it in the background: the page comes up at
//! once, and classes, targets, the plan and coverage appear as each is
//! ready. Tests call [`Live::fill`] and wait for it.
//!
//! ```no_run
//! use hatang_live::{DataDir, Live, LiveOptions};
//! use hatang_server::AppState;
//! let dir = DataDir::new("/var/lib/hatang");
//! let store = hatang_store::SqliteStore::open(dir.db())?;
//! let live = Live::new(dir.clone(), LiveOptions::all());
//! let state = live.wire(AppState::builder(Box::new(store)).data_dir(dir.path())).build()?;
//! let done = live.fill(&state, &|m| eprintln!("{m}"))?;
//! println!("{} coverage layers, {} planned sites", done.coverage_layers, done.planned_sites);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod error;
mod providers;
pub mod scorecard;

pub use error::LiveError;
pub use providers::{CoverageOptions, LiveCoverage, LivePlan, LiveScorecard};
pub use scorecard::ScorecardOptions;

use hatang_server::{AppState, AppStateBuilder};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// A data directory: `hatang.db` (the store), `dem/` (the terrain),
/// `signals/` (stored point signals, optional), `keys.json` (API keys).
///
/// ```
/// let d = hatang_live::DataDir::new("/srv/hatang");
/// assert!(d.db().ends_with("hatang.db"));
/// assert!(d.dem().ends_with("dem"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir(PathBuf);

impl DataDir {
    /// The data directory at `path`.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self(path.into())
    }

    /// Its path.
    pub fn path(&self) -> &Path {
        &self.0
    }

    /// The SQLite store.
    pub fn db(&self) -> PathBuf {
        self.0.join("hatang.db")
    }

    /// The terrain folder (SRTM `.hgt` or GeoTIFF tiles).
    pub fn dem(&self) -> PathBuf {
        self.0.join("dem")
    }

    /// The stored point signals (`villages.csv`, `zones.csv`).
    pub fn signals(&self) -> PathBuf {
        self.0.join("signals")
    }
}

/// What a [`Live`] computes.
///
/// ```
/// let o = hatang_live::LiveOptions::all();
/// assert!(o.plan && o.coverage.is_some());
/// let scorecard_only = hatang_live::LiveOptions::default();
/// assert!(!scorecard_only.plan && scorecard_only.coverage.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LiveOptions {
    /// The scorecard's options.
    pub scorecard: ScorecardOptions,
    /// The coverage layers' options; `None`: no coverage layers.
    pub coverage: Option<CoverageOptions>,
    /// Whether to show a site plan: the default one computed, or the one
    /// in [`LiveOptions::plan_file`].
    pub plan: bool,
    /// A plan written by `hatang plan --out DIR` (`DIR/plan.geojson`) to
    /// show instead of computing the default one.
    pub plan_file: Option<PathBuf>,
}

impl LiveOptions {
    /// Everything, with the defaults.
    pub fn all() -> Self {
        Self {
            scorecard: ScorecardOptions::default(),
            coverage: Some(CoverageOptions::default()),
            plan: true,
            plan_file: None,
        }
    }
}

/// What [`Live::fill`] computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Filled {
    /// Villages with a class other than unknown.
    pub villages_classified: usize,
    /// Coverage layers.
    pub coverage_layers: usize,
    /// Planned sites.
    pub planned_sites: usize,
    /// Seconds spent on the scorecard, the plan and the coverage.
    pub seconds: [f64; 3],
}

/// The providers of one data directory.
pub struct Live {
    dir: DataDir,
    options: LiveOptions,
    scorecard: Arc<LiveScorecard>,
    coverage: Arc<LiveCoverage>,
    plan: Arc<LivePlan>,
}

impl Live {
    /// Empty providers over `dir`.
    pub fn new(dir: DataDir, options: LiveOptions) -> Self {
        Self {
            dir,
            options,
            scorecard: Arc::default(),
            coverage: Arc::default(),
            plan: Arc::default(),
        }
    }

    /// Adds the providers to a server state under construction.
    pub fn wire(&self, builder: AppStateBuilder) -> AppStateBuilder {
        let mut b = builder.scorecard(self.scorecard.clone());
        if self.options.coverage.is_some() {
            b = b.coverage(self.coverage.clone());
        }
        if self.options.plan {
            b = b.plan(self.plan.clone());
        }
        b
    }

    /// Computes the scorecard (then refreshes the server's snapshot: village
    /// classes, commune colours, targets), the plan and the coverage
    /// layers, in that order; `note` hears the progress. Blocks.
    pub fn fill(&self, state: &AppState, note: &dyn Fn(&str)) -> Result<Filled, LiveError> {
        let t = Instant::now();
        note("computing the scorecard (point signals at every village)…");
        let c = scorecard::compute(&self.dir, &self.options.scorecard, note)?;
        self.scorecard.set(&c.scorecard);
        state
            .refresh()
            .map_err(|e| LiveError::Nothing(format!("refreshing the server: {e}")))?;
        let villages_classified = c
            .scorecard
            .villages
            .iter()
            .filter(|v| v.class() != hatang_scorecard::village::Class::Unknown)
            .count();
        note("scorecard ready: village classes, targets and commune scores on the map");
        let t_scorecard = t.elapsed().as_secs_f64();

        let t = Instant::now();
        let mut planned_sites = 0;
        if let (true, Some(f)) = (self.options.plan, &self.options.plan_file) {
            planned_sites = self.plan.load(f)?;
            note(&format!(
                "plan ready: {planned_sites} sites from {}",
                f.display()
            ));
        } else if self.options.plan {
            note("planning sites for the villages without signal…");
            let p = self.plan.compute(&self.dir)?;
            planned_sites = p.sites.len();
            note(&format!(
                "plan ready: {} sites cover {} of {} villages without signal",
                p.sites.len(),
                p.covered.len(),
                p.gaps.len()
            ));
        }
        let t_plan = t.elapsed().as_secs_f64();

        let t = Instant::now();
        let mut coverage_layers = 0;
        if let Some(o) = &self.options.coverage {
            note(&format!(
                "computing the coverage layers ({} m, {} km around each site)…",
                o.resolution_m,
                o.radius_m / 1000.0
            ));
            coverage_layers = self.coverage.compute(&self.dir, o)?;
            note(&format!(
                "coverage ready: {coverage_layers} layers in {:.0} s (reload the page to see them)",
                t.elapsed().as_secs_f64()
            ));
        }
        Ok(Filled {
            villages_classified,
            coverage_layers,
            planned_sites,
            seconds: [t_scorecard, t_plan, t.elapsed().as_secs_f64()],
        })
    }

    /// [`Live::fill`] on a background thread, reporting on standard error.
    pub fn fill_in_background(self, state: AppState) -> std::thread::JoinHandle<()> {
        std::thread::spawn(move || {
            if let Err(e) = self.fill(&state, &|m| eprintln!("{m}")) {
                eprintln!("not every layer could be computed: {e}");
            }
        })
    }
}
