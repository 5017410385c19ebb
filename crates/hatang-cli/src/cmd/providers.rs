//! Glue between the computed results (scorecard, coverage) and the server:
//! the providers the server asks, filled in the background after it starts
//! so that the page comes up at once and its classes and targets appear
//! when ready.

use hatang_core::model::AdminLevel;
use hatang_scorecard::village::{Class, Service};
use hatang_scorecard::Scorecard;
use hatang_server::{
    AppState, AppStateBuilder, CoverageLayer, CoverageProvider, LegendStep, ScorecardProvider,
    Target, VillageClass,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// What the dashboard shows of a scorecard, computed once.
struct Shown {
    summary: serde_json::Value,
    targets: Vec<Target>,
    classes: HashMap<String, VillageClass>,
    scores: HashMap<String, f64>,
}

/// The scorecard of the data directory, set once computed.
#[derive(Default)]
pub struct LiveScorecard {
    shown: OnceLock<Shown>,
}

impl LiveScorecard {
    fn set(&self, sc: &Scorecard) {
        let names: HashMap<String, String> = hatang_scorecard::targets::default_targets()
            .targets
            .into_iter()
            .map(|t| (t.id, t.name_en))
            .collect();
        let targets = sc
            .targets
            .iter()
            .filter(|t| t.unit.key.level == AdminLevel::Province)
            .map(|t| Target {
                key: t.target_id.clone(),
                label_vi: t.target_name.clone(),
                label_en: names
                    .get(&t.target_id)
                    .cloned()
                    .unwrap_or_else(|| t.target_name.clone()),
                unit: if t.indicator.contains("share") || t.target <= 100.0 {
                    "%".into()
                } else {
                    String::new()
                },
                target: t.target,
                value: t.value,
                deadline: Some(t.deadline.clone()),
                source: Some(match t.left_count {
                    Some(n) if n > 0.0 => format!("{:?}; left: {n} {}", t.status, t.left_unit),
                    _ => format!("{:?}", t.status),
                }),
            })
            .collect();
        let classes = sc
            .villages
            .iter()
            .map(|v| {
                let c = match v.class() {
                    Class::Good => VillageClass::Good,
                    Class::Fair => VillageClass::Fair,
                    Class::None => VillageClass::None,
                    Class::Unknown => VillageClass::Unknown,
                };
                (v.village.id.clone(), c)
            })
            .collect();
        let broadband = Service {
            technology: None,
            operator: None,
        };
        let scores = sc
            .communes
            .iter()
            .filter(|f| f.all.total.villages > 0)
            .map(|f| {
                let covered = f.all.covered(&broadband).villages as f64;
                (
                    f.unit.key.code.clone(),
                    100.0 * covered / f.all.total.villages as f64,
                )
            })
            .collect();
        let summary = serde_json::json!({
            "period": sc.period,
            "province": figures_json(&sc.province),
            "communes": sc.communes.iter().map(figures_json).collect::<Vec<_>>(),
            "targets": sc.targets.iter().filter(|t| t.unit.key.level == AdminLevel::Province).collect::<Vec<_>>(),
        });
        let _ = self.shown.set(Shown {
            summary,
            targets,
            classes,
            scores,
        });
    }
}

/// A unit's figures as plain JSON: villages, people and households in all,
/// by class, and covered by mobile broadband, 4G and 5G (any operator).
fn figures_json(f: &hatang_scorecard::Figures) -> serde_json::Value {
    use hatang_core::model::Technology;
    let covered = |technology: Option<Technology>| {
        f.all.covered(&Service {
            technology,
            operator: None,
        })
    };
    serde_json::json!({
        "code": f.unit.key.code,
        "name": f.unit.name,
        "type": f.unit.unit_type,
        "total": f.all.total,
        "by_class": f.all.by_class,
        "covered_broadband": covered(None),
        "covered_4g": covered(Some(Technology::Lte)),
        "covered_5g": covered(Some(Technology::Nr)),
        "gaps": f.gaps.len(),
    })
}

impl ScorecardProvider for LiveScorecard {
    fn scorecard(&self) -> Option<serde_json::Value> {
        self.shown.get().map(|s| s.summary.clone())
    }
    fn targets(&self) -> Option<Vec<Target>> {
        self.shown.get().map(|s| s.targets.clone())
    }
    fn village_classes(&self) -> Option<HashMap<String, VillageClass>> {
        self.shown.get().map(|s| s.classes.clone())
    }
    fn commune_scores(&self) -> Option<HashMap<String, f64>> {
        self.shown.get().map(|s| s.scores.clone())
    }
}

/// Province-wide coverage layers (best server of any operator, strongest
/// per operator) for 4G and 5G, set once computed.
pub struct LiveCoverage {
    layers: OnceLock<Vec<(CoverageLayer, hatang_raster::Raster)>>,
    ramp: hatang_raster::ColorRamp,
}

impl Default for LiveCoverage {
    fn default() -> Self {
        Self {
            layers: OnceLock::new(),
            ramp: hatang_raster::ColorRamp::rsrp(),
        }
    }
}

/// Resolution and radius of the dashboard's coverage layers: coarser than a
/// planning study (`hatang coverage --all` computes 90 m), so that they are
/// ready a minute after the server starts.
const DASHBOARD_RESOLUTION_M: f64 = 250.0;
const DASHBOARD_RADIUS_M: f64 = 10_000.0;

impl LiveCoverage {
    fn compute(&self, dir: &Path) -> anyhow::Result<usize> {
        use hatang_core::model::{SectorStatus, Technology};
        use hatang_core::radio::config::RadioConfig;
        use hatang_core::terrain::{LoadOptions, Mosaic};
        use hatang_coverage::{
            composite, grid_around, Composite, CompositeSpec, CoverageSpec, Model,
        };
        use hatang_store::Store;
        let db = crate::cmd::demo::db_path(dir);
        let store = hatang_store::SqliteStore::open(&db)?;
        let sites = store.sites()?;
        let sectors: Vec<_> = store
            .sectors(None, None)?
            .into_iter()
            .filter(|s| {
                s.status == SectorStatus::OnAir
                    && matches!(s.technology, Technology::Lte | Technology::Nr)
            })
            .collect();
        store.close()?;
        let terrain = Mosaic::load_dir(crate::cmd::demo::dem_dir(dir), &LoadOptions::default())?;
        let points: Vec<_> = sites.iter().map(|s| s.point).collect();
        let cov = CoverageSpec::new(DASHBOARD_RADIUS_M, DASHBOARD_RESOLUTION_M);
        let grid = grid_around(&points, cov.radius_m, cov.resolution_m)?;
        let model = Model::from_name("itm", &RadioConfig::default())?;
        let mut tiles = Vec::new();
        composite(
            &terrain,
            &sites,
            &sectors,
            &model,
            grid,
            &CompositeSpec::new(cov),
            None,
            &|_, _| {},
            &mut |t| {
                tiles.push(t);
                Ok(())
            },
        )?;
        let c = Composite::assemble(grid, tiles);
        let mut layers = Vec::new();
        for (tech, best) in &c.best {
            layers.push((
                CoverageLayer {
                    operator: "all".into(),
                    technology: *tech,
                },
                hatang_raster::Raster::from_vec(grid, best.dbm.clone())?,
            ));
        }
        for ((op, tech), dbm) in &c.strongest {
            layers.push((
                CoverageLayer {
                    operator: op.clone(),
                    technology: *tech,
                },
                hatang_raster::Raster::from_vec(grid, dbm.clone())?,
            ));
        }
        let n = layers.len();
        let _ = self.layers.set(layers);
        Ok(n)
    }
}

impl CoverageProvider for LiveCoverage {
    fn layers(&self) -> Vec<CoverageLayer> {
        self.layers
            .get()
            .map(|l| l.iter().map(|(k, _)| k.clone()).collect())
            .unwrap_or_default()
    }

    fn tile(
        &self,
        layer: &CoverageLayer,
        z: u8,
        x: u32,
        y: u32,
    ) -> Result<Option<Vec<u8>>, String> {
        let Some(layers) = self.layers.get() else {
            return Ok(None);
        };
        let Some((_, raster)) = layers.iter().find(|(k, _)| k == layer) else {
            return Ok(None);
        };
        hatang_raster::render_tile(&[raster], z, x, y, &self.ramp).map_err(|e| e.to_string())
    }

    fn legend(&self) -> Vec<LegendStep> {
        self.ramp
            .stops()
            .iter()
            .map(|s| {
                let c = s.color;
                let vi = match s.label.as_str() {
                    "excellent" => "rất tốt",
                    "very good" => "tốt",
                    "good" => "khá",
                    "fair" => "yếu",
                    other => other,
                };
                LegendStep {
                    from: f64::from(s.threshold),
                    colour: format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b),
                    label_vi: format!("≥ {} dBm — {vi}", s.threshold),
                    label_en: format!("≥ {} dBm — {}", s.threshold, s.label),
                }
            })
            .collect()
    }

    fn generation(&self) -> u64 {
        u64::from(self.layers.get().is_some())
    }
}

/// The providers of a data directory, to fill once the server is up.
pub struct Providers {
    dir: PathBuf,
    scorecard: Arc<LiveScorecard>,
    coverage: Arc<LiveCoverage>,
}

/// Adds the providers to the server's state.
pub fn wire(builder: AppStateBuilder, dir: &Path) -> anyhow::Result<(AppStateBuilder, Providers)> {
    let scorecard = Arc::new(LiveScorecard::default());
    let coverage = Arc::new(LiveCoverage::default());
    let builder = builder
        .scorecard(scorecard.clone())
        .coverage(coverage.clone());
    Ok((
        builder,
        Providers {
            dir: dir.to_path_buf(),
            scorecard,
            coverage,
        },
    ))
}

impl Providers {
    /// Computes the scorecard in a background thread, then refreshes the
    /// server's snapshot (village classes, commune colours, targets).
    pub fn fill_in_background(self, state: AppState) {
        std::thread::spawn(move || {
            eprintln!("computing the scorecard (point signals at every village)…");
            match crate::cmd::report::compute(&self.dir, &crate::cmd::report::default_args()) {
                Ok(c) => {
                    self.scorecard.set(&c.scorecard);
                    match state.refresh() {
                        Ok(()) => eprintln!("scorecard ready: village classes, targets and commune scores on the map"),
                        Err(e) => eprintln!("scorecard computed, refresh failed: {e}"),
                    }
                }
                Err(e) => eprintln!("scorecard not available: {e:#}"),
            }
            eprintln!(
                "computing the coverage layers ({DASHBOARD_RESOLUTION_M} m, {} km around each site)…",
                DASHBOARD_RADIUS_M / 1000.0
            );
            let t = std::time::Instant::now();
            match self.coverage.compute(&self.dir) {
                Ok(n) => eprintln!(
                    "coverage ready: {n} layers in {:.0} s (reload the page to see them)",
                    t.elapsed().as_secs_f64()
                ),
                Err(e) => eprintln!("coverage not available: {e:#}"),
            }
        });
    }
}
