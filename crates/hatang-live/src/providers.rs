//! The providers the server asks: the scorecard, the coverage layers and
//! the site plan of a data directory, each set once computed.

use crate::scorecard::{load_terrain, read_dataset};
use crate::{DataDir, LiveError};
use hatang_core::geo::Bbox;
use hatang_core::model::AdminLevel;
use hatang_scorecard::village::{Class, Service};
use hatang_scorecard::Scorecard;
use hatang_server::{
    CoverageLayer, CoverageProvider, LegendStep, PlanProvider, ScorecardProvider, Target,
    VillageClass,
};
use std::collections::HashMap;
use std::sync::OnceLock;

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
    /// Shows this scorecard (the first one set stays).
    pub fn set(&self, sc: &Scorecard) {
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
        // The share of a commune's villages with mobile broadband among
        // those whose signal is known: a commune with none known (off the
        // terrain, outside the computed window) gets no colour, not 0 %.
        let scores = sc
            .communes
            .iter()
            .filter_map(|f| {
                let unknown = f
                    .all
                    .by_class
                    .get(&Class::Unknown)
                    .map_or(0, |t| t.villages);
                let known = f.all.total.villages.saturating_sub(unknown);
                (known > 0).then(|| {
                    let covered = f.all.covered(&broadband).villages as f64;
                    (f.unit.key.code.clone(), 100.0 * covered / known as f64)
                })
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

/// How the dashboard's coverage layers are computed: coarser than a
/// planning study (`hatang coverage --all` computes 90 m), so that they are
/// ready a minute after the server starts.
///
/// ```
/// let o = hatang_live::CoverageOptions::default();
/// assert_eq!((o.radius_m, o.resolution_m), (10_000.0, 250.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoverageOptions {
    /// Radius around each site, m.
    pub radius_m: f64,
    /// Pixel size, m.
    pub resolution_m: f64,
    /// Only the sites in this box (for previews and tests).
    pub window: Option<Bbox>,
}

impl Default for CoverageOptions {
    fn default() -> Self {
        Self {
            radius_m: 10_000.0,
            resolution_m: 250.0,
            window: None,
        }
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

impl LiveCoverage {
    /// Computes the layers of the on-air 4G and 5G sectors of `dir` (ITM
    /// over its terrain, the radio configuration's defaults) and keeps
    /// them; returns how many layers.
    pub fn compute(&self, dir: &DataDir, opts: &CoverageOptions) -> Result<usize, LiveError> {
        use hatang_core::model::{SectorStatus, Technology};
        use hatang_core::radio::config::RadioConfig;
        use hatang_coverage::{
            composite, grid_around, Composite, CompositeSpec, CoverageSpec, Model,
        };
        let ds = read_dataset(dir)?;
        let sites: Vec<_> = ds
            .sites
            .into_iter()
            .filter(|s| opts.window.is_none_or(|w| w.contains(s.point)))
            .collect();
        let sectors: Vec<_> = ds
            .sectors
            .into_iter()
            .filter(|s| {
                s.status == SectorStatus::OnAir
                    && matches!(s.technology, Technology::Lte | Technology::Nr)
                    && sites.iter().any(|x| x.id == s.site_id)
            })
            .collect();
        if sectors.is_empty() {
            return Err(LiveError::Nothing(
                "no on-air 4G or 5G sector to compute coverage for".into(),
            ));
        }
        let terrain = load_terrain(dir)?;
        let points: Vec<_> = sites.iter().map(|s| s.point).collect();
        let cov = CoverageSpec::new(opts.radius_m, opts.resolution_m);
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

/// The site plan of a data directory (cover every village without signal
/// at the least cost, any operator, the planner's default costs), set once
/// computed.
#[derive(Default)]
pub struct LivePlan {
    geojson: OnceLock<serde_json::Value>,
}

impl LivePlan {
    /// Plans (as `hatang plan` does by default) and keeps the plan's
    /// GeoJSON; returns the plan.
    pub fn compute(&self, dir: &DataDir) -> Result<hatang_planner::plan::Plan, LiveError> {
        use hatang_planner::config::PlannerConfig;
        use hatang_planner::plan::{plan, PlanRequest};
        let ds = read_dataset(dir)?;
        let terrain = load_terrain(dir)?;
        let cfg = PlannerConfig::default();
        let p = plan(&ds, &terrain, &cfg, &PlanRequest::default(), &|_| {})?;
        let _ = self
            .geojson
            .set(hatang_planner::output::plan_geojson(&p, &ds));
        Ok(p)
    }
}

impl LivePlan {
    /// Shows a plan written by `hatang plan` (`plan.geojson`) and returns
    /// how many planned sites it has. The file must be a GeoJSON
    /// FeatureCollection whose features carry a `layer` property (`site`,
    /// `link` or `village`); anything else is refused with the reason.
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// let f = dir.path().join("plan.geojson");
    /// std::fs::write(&f, r#"{"type":"FeatureCollection","properties":{},"features":[
    ///   {"type":"Feature","geometry":{"type":"Point","coordinates":[105.2,21.4]},
    ///    "properties":{"layer":"site","site_id":"P1","villages":["v1"]}}]}"#)?;
    /// let plan = hatang_live::LivePlan::default();
    /// assert_eq!(plan.load(&f)?, 1);
    /// std::fs::write(&f, r#"{"type":"Feature"}"#)?;
    /// assert!(hatang_live::LivePlan::default().load(&f).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn load(&self, path: &std::path::Path) -> Result<usize, LiveError> {
        let bad = |reason: String| LiveError::Plan {
            path: path.to_path_buf(),
            reason,
        };
        let text = std::fs::read_to_string(path).map_err(|source| LiveError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let v: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| bad(format!("not JSON: {e}")))?;
        if v["type"] != "FeatureCollection" {
            return Err(bad("not a GeoJSON FeatureCollection".into()));
        }
        let features = v["features"]
            .as_array()
            .ok_or_else(|| bad("no `features` array".into()))?;
        let mut sites = 0;
        for (i, f) in features.iter().enumerate() {
            match f["properties"]["layer"].as_str() {
                Some("site") => sites += 1,
                Some("link" | "village") => {}
                other => {
                    return Err(bad(format!(
                        "feature {i}: `layer` is {other:?}, not site, link or village"
                    )))
                }
            }
            if f["geometry"]["coordinates"].as_array().is_none() {
                return Err(bad(format!("feature {i}: no geometry coordinates")));
            }
        }
        let _ = self.geojson.set(v);
        Ok(sites)
    }
}

impl PlanProvider for LivePlan {
    fn plan(&self) -> Option<serde_json::Value> {
        self.geojson.get().cloned()
    }
}
