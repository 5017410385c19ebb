//! Glue between the computed results (scorecard, coverage) and the server:
//! the providers the server asks, filled in the background after it starts
//! so that the page comes up at once and its classes and targets appear
//! when ready.

use hatang_core::model::AdminLevel;
use hatang_scorecard::village::{Class, Service};
use hatang_scorecard::Scorecard;
use hatang_server::{AppState, AppStateBuilder, ScorecardProvider, Target, VillageClass};
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

/// The providers of a data directory, to fill once the server is up.
pub struct Providers {
    dir: PathBuf,
    scorecard: Arc<LiveScorecard>,
}

/// Adds the providers to the server's state.
pub fn wire(builder: AppStateBuilder, dir: &Path) -> anyhow::Result<(AppStateBuilder, Providers)> {
    let scorecard = Arc::new(LiveScorecard::default());
    let builder = builder.scorecard(scorecard.clone());
    Ok((
        builder,
        Providers {
            dir: dir.to_path_buf(),
            scorecard,
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
        });
    }
}
