//! The whole planning run: find the villages without signal, gather
//! candidates, compute what each would cover, solve, and re-run the
//! analysis with the planned sites added.

use crate::analysis::{self, Class, Scope, Scorecard, TxIndex, VillageSignal};
use crate::candidates::{self, Candidate, CandidateKind, PlannedTower};
use crate::config::PlannerConfig;
use crate::cover::CoverProblem;
use crate::fiveg::{self, UpgradeRank};
use crate::radio::{Dem, RadioModel, Signal, Transmitter};
use crate::solve::{self, Objective, Solution};
use crate::PlannerError;
use hatang_core::geo::LatLon;
use hatang_core::model::{Dataset, Site, Source, Structure};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// What to plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanRequest {
    /// Any operator, or one.
    pub scope: Scope,
    /// Cover every gap at the least cost, or the most people in a budget.
    pub objective: Objective,
    /// Towers of an imported passive-infrastructure plan (may be empty).
    pub planned_towers: Vec<PlannedTower>,
}

impl Default for PlanRequest {
    fn default() -> Self {
        Self {
            scope: Scope::Any,
            objective: Objective::CoverAll,
            planned_towers: Vec::new(),
        }
    }
}

/// A stage of the run, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// The villages' signal from the existing sites.
    Baseline,
    /// Gathering candidates.
    Candidates,
    /// What each candidate would cover.
    Coverage,
    /// The optimisation.
    Solve,
    /// The analysis re-run with the planned sites.
    Verify,
    /// The 5G ranking.
    FiveG,
}

impl Stage {
    /// A short description.
    pub fn describe(self) -> &'static str {
        match self {
            Stage::Baseline => "signal at every village",
            Stage::Candidates => "candidate sites",
            Stage::Coverage => "coverage of each candidate (ITM)",
            Stage::Solve => "optimisation",
            Stage::Verify => "re-run with the planned sites",
            Stage::FiveG => "5G ranking",
        }
    }
}

/// A progress report: `done` of `total` in a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// The stage.
    pub stage: Stage,
    /// Units done.
    pub done: u64,
    /// Units in the stage.
    pub total: u64,
}

/// One site of the plan and the gap villages it covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedSite {
    /// The site's id in the planned dataset (the existing site's id for
    /// co-location and upgrades; `PLAN-…` for new and planned towers).
    pub site_id: String,
    /// The candidate.
    pub candidate: Candidate,
    /// The gap villages it covers (ids) and the signal there, dBm.
    pub villages: Vec<(String, f64)>,
    /// People in those villages.
    pub people: u64,
}

/// The plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// What was asked.
    pub request: PlanRequest,
    /// The planned sites, cheapest kind first, then by id.
    pub sites: Vec<PlannedSite>,
    /// Total cost.
    pub cost: f64,
    /// The solver's answer (candidate indices refer to the candidates with
    /// a non-empty coverage set, in [`Plan::candidates`] order).
    pub solution: Solution,
    /// The candidates that cover at least one gap village.
    pub candidates: Vec<Candidate>,
    /// Candidates examined, by kind.
    pub candidates_examined: BTreeMap<String, usize>,
    /// Villages without signal before the plan (class none, and unknown
    /// ones on the terrain with [`PlannerConfig::plan_for_unknown`]), ids.
    pub gaps: Vec<String>,
    /// Gap villages the plan covers.
    pub covered: Vec<String>,
    /// Gap villages no candidate reaches.
    pub uncoverable: Vec<String>,
    /// Villages whose class is unknown (a profile off the terrain).
    pub unknown: Vec<String>,
    /// The scorecard before.
    pub before: Scorecard,
    /// The scorecard with the planned sites.
    pub after: Scorecard,
    /// Every village each planned site was planned to cover is covered in
    /// the re-run.
    pub verified: bool,
    /// Villages planned to be covered that the re-run does not find covered
    /// (empty when verified).
    pub not_confirmed: Vec<String>,
    /// The 5G upgrade ranking of the existing sites.
    pub five_g: Vec<UpgradeRank>,
    /// Seconds per stage.
    pub seconds: BTreeMap<String, f64>,
}

/// Runs a plan over `dataset` on the terrain `dem`.
///
/// `progress` is called from several threads as work is done.
///
/// ```
/// use hatang_core::geo::LatLon;
/// use hatang_core::model::*;
/// use hatang_core::terrain::{GridSpec, LoadOptions, Tile};
/// use hatang_planner::{config::PlannerConfig, plan::{plan, PlanRequest}};
/// // Flat ground, one village, no site: the planner puts a tower near it.
/// let dem = Tile::from_grid("flat", GridSpec::new(105.0, 22.0, 0.01, 0.01, 101, 101),
///                           vec![20.0; 101 * 101], None, &LoadOptions::default()).unwrap();
/// let mut ds = Dataset::default();
/// ds.villages.push(Village { id: "v1".into(), name: "Thôn 1".into(), kind: VillageKind::Thon,
///     commune_code: "04792".into(), point: LatLon::new(21.5, 105.5), population: Some(900),
///     households: None, difficult: true, grid_power: true, source: Source::User });
/// let mut cfg = PlannerConfig::default();
/// cfg.candidates.search_radius_km = 2.0;
/// let p = plan(&ds, &dem, &cfg, &PlanRequest::default(), &|_| {}).unwrap();
/// assert_eq!(p.gaps, vec!["v1".to_string()]);
/// assert_eq!(p.covered, vec!["v1".to_string()]);
/// assert_eq!(p.sites.len(), 1);
/// assert!(p.verified);
/// assert_eq!(p.cost, cfg.costs.new_tower);
/// ```
pub fn plan(
    dataset: &Dataset,
    dem: Dem<'_>,
    cfg: &PlannerConfig,
    request: &PlanRequest,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Plan, PlannerError> {
    let model = RadioModel::new(dem, cfg)?;
    let tech = cfg.sector.technology;
    let mut seconds = BTreeMap::new();
    let mut clock = Instant::now();
    let mut lap = |name: &str, seconds: &mut BTreeMap<String, f64>| {
        seconds.insert(name.to_string(), clock.elapsed().as_secs_f64());
        clock = Instant::now();
    };

    // 1. Baseline.
    let nv = dataset.villages.len() as u64;
    progress(Progress {
        stage: Stage::Baseline,
        done: 0,
        total: nv,
    });
    let index = TxIndex::new(
        analysis::transmitters(dataset, tech, &request.scope, false),
        cfg.max_range_km,
    );
    let before_signals = analysis::village_signals(&dataset.villages, &index, &model);
    progress(Progress {
        stage: Stage::Baseline,
        done: nv,
        total: nv,
    });
    let before = Scorecard::of(&dataset.villages, &before_signals);
    let gap_idx: Vec<usize> = (0..dataset.villages.len())
        .filter(|&i| match before_signals[i].class {
            Class::None => true,
            Class::Unknown => {
                cfg.plan_for_unknown && dem.elevation(dataset.villages[i].point).is_ok()
            }
            _ => false,
        })
        .collect();
    let gaps: Vec<String> = gap_idx
        .iter()
        .map(|&i| dataset.villages[i].id.clone())
        .collect();
    let unknown: Vec<String> = before_signals
        .iter()
        .filter(|s| s.class == Class::Unknown)
        .map(|s| s.village_id.clone())
        .collect();
    let gap_points: Vec<LatLon> = gap_idx.iter().map(|&i| dataset.villages[i].point).collect();
    lap("baseline", &mut seconds);

    // 2. Candidates.
    progress(Progress {
        stage: Stage::Candidates,
        done: 0,
        total: 3,
    });
    let mut all = candidates::existing_site_candidates(dataset, &gap_points, &request.scope, cfg);
    all.extend(candidates::planned_candidates(
        dataset,
        &request.planned_towers,
        &gap_points,
        &request.scope,
        cfg,
    ));
    all.extend(candidates::high_ground_candidates(
        dataset,
        dem,
        &gap_points,
        &request.scope,
        cfg,
    ));
    let mut examined: BTreeMap<String, usize> = BTreeMap::new();
    for c in &all {
        *examined.entry(c.kind.as_str().to_string()).or_default() += 1;
    }
    progress(Progress {
        stage: Stage::Candidates,
        done: 3,
        total: 3,
    });
    lap("candidates", &mut seconds);

    // 3. Coverage of each candidate over the gap villages.
    let gap_index = GapIndex::new(&gap_points, cfg.max_range_km);
    let done = AtomicU64::new(0);
    let total = all.len() as u64;
    progress(Progress {
        stage: Stage::Coverage,
        done: 0,
        total,
    });
    let sets: Vec<Vec<(u32, f64)>> = all
        .par_iter()
        .map_init(Vec::new, |pfl, c| {
            let sectors = cfg
                .sector
                .sectors_for(&c.id, &c.operator, c.antenna_height_m);
            let tx = Transmitter::group(&sectors, |_| Some(c.point));
            let mut set = Vec::new();
            if let Some(tx) = tx.first() {
                for g in gap_index.near(c.point, cfg.max_range_km * 1000.0) {
                    if let Signal::Dbm(s) = model.signal(tx, gap_points[g], pfl) {
                        if s >= cfg.thresholds.fair_dbm {
                            set.push((g as u32, s));
                        }
                    }
                }
            }
            let d = done.fetch_add(1, Ordering::Relaxed) + 1;
            if d % 16 == 0 || d == total {
                progress(Progress {
                    stage: Stage::Coverage,
                    done: d,
                    total,
                });
            }
            set
        })
        .collect();
    let keep: Vec<usize> = (0..all.len()).filter(|&j| !sets[j].is_empty()).collect();
    let useful: Vec<Candidate> = keep.iter().map(|&j| all[j].clone()).collect();
    let useful_sets: Vec<Vec<(u32, f64)>> = keep.iter().map(|&j| sets[j].clone()).collect();
    lap("coverage", &mut seconds);

    // 4. Solve.
    progress(Progress {
        stage: Stage::Solve,
        done: 0,
        total: 1,
    });
    let weights: Vec<f64> = gap_idx
        .iter()
        .map(|&i| people_of(&dataset.villages[i]) as f64)
        .collect();
    let problem = CoverProblem::new(
        useful.iter().map(|c| c.cost).collect(),
        useful_sets
            .iter()
            .map(|s| s.iter().map(|x| x.0).collect())
            .collect(),
        weights,
    )?;
    let solution = solve::solve(&problem, request.objective, &cfg.solve)?;
    progress(Progress {
        stage: Stage::Solve,
        done: 1,
        total: 1,
    });
    lap("solve", &mut seconds);

    // 5. The planned sites.
    let mut sites: Vec<PlannedSite> = solution
        .chosen
        .iter()
        .map(|&j| {
            let c = &useful[j];
            let villages: Vec<(String, f64)> = useful_sets[j]
                .iter()
                .map(|&(g, s)| (gaps[g as usize].clone(), (s * 10.0).round() / 10.0))
                .collect();
            let people = useful_sets[j]
                .iter()
                .map(|&(g, _)| people_of(&dataset.villages[gap_idx[g as usize]]))
                .sum();
            PlannedSite {
                site_id: planned_site_id(c),
                candidate: c.clone(),
                villages,
                people,
            }
        })
        .collect();
    sites.sort_by(|a, b| {
        a.candidate
            .kind
            .cmp(&b.candidate.kind)
            .then(a.site_id.cmp(&b.site_id))
    });
    let mut covered: Vec<String> = sites
        .iter()
        .flat_map(|s| s.villages.iter().map(|v| v.0.clone()))
        .collect();
    covered.sort();
    covered.dedup();
    let uncoverable: Vec<String> = problem
        .uncoverable()
        .into_iter()
        .map(|g| gaps[g].clone())
        .collect();

    // 6. Re-run with the planned sites.
    let nv2 = nv;
    progress(Progress {
        stage: Stage::Verify,
        done: 0,
        total: nv2,
    });
    let with_plan = merged(dataset, &planned_dataset_of(dataset, &sites, cfg));
    let index2 = TxIndex::new(
        analysis::transmitters(&with_plan, tech, &request.scope, true),
        cfg.max_range_km,
    );
    let after_signals = analysis::village_signals(&dataset.villages, &index2, &model);
    progress(Progress {
        stage: Stage::Verify,
        done: nv2,
        total: nv2,
    });
    let after = Scorecard::of(&dataset.villages, &after_signals);
    let class_after: HashMap<&str, &VillageSignal> = after_signals
        .iter()
        .map(|s| (s.village_id.as_str(), s))
        .collect();
    let not_confirmed: Vec<String> = covered
        .iter()
        .filter(|v| {
            !class_after
                .get(v.as_str())
                .is_some_and(|s| s.class.covered())
        })
        .cloned()
        .collect();
    lap("verify", &mut seconds);

    // 7. 5G ranking.
    let five_g = fiveg::rank_5g_upgrades(dataset, &request.scope, &cfg.five_g);
    progress(Progress {
        stage: Stage::FiveG,
        done: 1,
        total: 1,
    });
    lap("five_g", &mut seconds);

    Ok(Plan {
        request: request.clone(),
        cost: solution.cost,
        sites,
        solution,
        candidates: useful,
        candidates_examined: examined,
        gaps,
        covered,
        uncoverable,
        unknown,
        before,
        after,
        verified: not_confirmed.is_empty(),
        not_confirmed,
        five_g,
        seconds,
    })
}

fn people_of(v: &hatang_core::model::Village) -> u64 {
    match (v.population, v.households) {
        (Some(p), _) => u64::from(p),
        (None, Some(h)) => (f64::from(h) * 3.6).round() as u64,
        _ => 0,
    }
}

fn planned_site_id(c: &Candidate) -> String {
    match (&c.site_id, c.kind) {
        (Some(s), _) => s.clone(),
        (None, CandidateKind::Planned) => format!("PLAN-{}", c.id),
        (None, _) => format!("PLAN-{}", c.id),
    }
}

/// The records the plan adds or changes: new sites (new and planned
/// towers), the existing sites that gain an operator (co-location), and
/// every planned sector (status `planned`).
fn planned_dataset_of(dataset: &Dataset, sites: &[PlannedSite], cfg: &PlannerConfig) -> Dataset {
    let existing: HashMap<&str, &Site> = dataset.sites.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut out = Dataset::default();
    for ps in sites {
        let c = &ps.candidate;
        match c.site_id.as_deref().and_then(|id| existing.get(id)) {
            Some(site) => {
                if !site.operators.contains(&c.operator) {
                    let mut s = (*site).clone();
                    s.operators.push(c.operator.clone());
                    out.sites.push(s);
                }
            }
            None => out.sites.push(Site {
                id: ps.site_id.clone(),
                name: format!(
                    "{} {}",
                    if c.kind == CandidateKind::Planned {
                        "Planned tower"
                    } else {
                        "New tower"
                    },
                    c.id
                ),
                point: c.point,
                ground_elevation_m: c.ground_m.map(|h| (h * 10.0).round() / 10.0),
                structure: Structure::Tower,
                structure_height_m: c.antenna_height_m + cfg.sector.below_top_m,
                owner: c.operator.clone(),
                operators: vec![c.operator.clone()],
                commune_code: None,
                source: Source::User,
            }),
        }
        out.sectors.extend(
            cfg.sector
                .sectors_for(&ps.site_id, &c.operator, c.antenna_height_m),
        );
    }
    out
}

impl Plan {
    /// The records to apply to a store to add the plan: new sites, the
    /// shared sites with their new operator, and the planned sectors
    /// (status `planned`).
    pub fn planned_dataset(&self, dataset: &Dataset, cfg: &PlannerConfig) -> Dataset {
        planned_dataset_of(dataset, &self.sites, cfg)
    }
}

/// `base` with `extra`'s sites and sectors upserted by id.
pub fn merged(base: &Dataset, extra: &Dataset) -> Dataset {
    let mut out = base.clone();
    for s in &extra.sites {
        match out.sites.iter_mut().find(|x| x.id == s.id) {
            Some(x) => *x = s.clone(),
            None => out.sites.push(s.clone()),
        }
    }
    let ids: std::collections::HashSet<&str> =
        extra.sectors.iter().map(|s| s.id.as_str()).collect();
    out.sectors.retain(|s| !ids.contains(s.id.as_str()));
    out.sectors.extend(extra.sectors.iter().cloned());
    out
}

/// Gap villages by grid cell.
struct GapIndex {
    points: Vec<LatLon>,
    cell: f64,
    cells: HashMap<(i64, i64), Vec<usize>>,
}

impl GapIndex {
    fn new(points: &[LatLon], range_km: f64) -> GapIndex {
        let cell = (range_km / 111.0).max(0.005);
        let mut cells: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
        for (i, p) in points.iter().enumerate() {
            cells
                .entry(((p.lat / cell).floor() as i64, (p.lon / cell).floor() as i64))
                .or_default()
                .push(i);
        }
        GapIndex {
            points: points.to_vec(),
            cell,
            cells,
        }
    }

    fn near(&self, p: LatLon, range_m: f64) -> Vec<usize> {
        let (a, b) = (
            (p.lat / self.cell).floor() as i64,
            (p.lon / self.cell).floor() as i64,
        );
        let reach = (range_m / 1000.0 / 111.0 / self.cell).ceil() as i64 + 1;
        let mut out = Vec::new();
        for da in -reach..=reach {
            for db in -reach..=reach {
                if let Some(l) = self.cells.get(&(a + da, b + db)) {
                    out.extend(
                        l.iter()
                            .copied()
                            .filter(|&i| self.points[i].distance_m(p) <= range_m),
                    );
                }
            }
        }
        out.sort_unstable();
        out
    }
}
