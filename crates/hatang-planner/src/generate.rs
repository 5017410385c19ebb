//! A seeded generator of large covering cases whose coverage sets overlap
//! the way real ones do, for benchmarks and tests.
//!
//! The model (all distances in km on a flat square):
//!
//! - **Terrain**: a smooth random relief, the sum of Gaussian hills of
//!   random height and width; `relief(p)` ∈ [0, 1] is the height relative
//!   to the highest point.
//! - **Villages**: 35 % in clusters (market towns with satellite hamlets,
//!   σ = 2 km), the rest spread out; a drawn point is kept with a
//!   probability that falls with the relief (settlements lie in valleys).
//!   People: log-normal around 1,200.
//! - **Candidates**: 20 % co-locations on existing towers (0.3–1.5 km from a
//!   village, the highest of four draws), 10 % sites of a passive
//!   infrastructure plan (anywhere near villages), 70 % new towers on high
//!   ground (the highest of eight draws within 6 km of a village).
//! - **Coverage**: a candidate's nominal radius grows with its height above
//!   the surroundings (2.7–5.4 km: a 4G 1800 MHz site reaching valley
//!   villages at −115 dBm in hilly terrain) and varies by a log-normal factor
//!   (σ = 0.2); a village
//!   is covered when it is within the radius times a per-pair shadowing
//!   factor (log-normal, σ = 0.3), halved when the relief half-way rises
//!   above both ends (a ridge in between). Coverage sets are irregular,
//!   overlap heavily, and are nested nowhere by construction: greedy is
//!   not optimal on them (a test checks it).
//! - **Costs**, in millions of VND as in [`crate::config::Costs`]:
//!   co-location 400 ± 20 %, planned site 700 ± 10 %, new tower 1,200 ×
//!   (1 + 0.5 relief) ± 10 % (hilltops need roads and power), rounded to
//!   whole millions.
//!
//! Every village is coverable: one no candidate reaches is added to the
//! set of its nearest candidate.
//!
//! ```
//! use hatang_planner::generate::{generate_case, CaseConfig};
//! let case = generate_case(&CaseConfig { candidates: 300, villages: 120, ..CaseConfig::default() });
//! assert_eq!(case.problem.n_candidates(), 300);
//! assert_eq!(case.problem.n_demands(), 120);
//! assert!(case.problem.uncoverable().is_empty());
//! // The same seed gives the same case.
//! let again = generate_case(&CaseConfig { candidates: 300, villages: 120, ..CaseConfig::default() });
//! assert_eq!(case.problem, again.problem);
//! ```

use crate::cover::CoverProblem;
use hatang_core::rng::Rng;
use serde::{Deserialize, Serialize};

/// Settings of the generator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CaseConfig {
    /// Seed: the same seed gives the same case.
    pub seed: u64,
    /// Number of candidates. Default 5,000.
    pub candidates: usize,
    /// Number of villages. Default 2,000.
    pub villages: usize,
    /// Side of the square, km. Default: √(villages) × 3.2 km (≈ 143 km for
    /// 2,000 villages, about Phú Thọ's extent and density).
    pub side_km: Option<f64>,
    /// Scale of the candidates' radii. Default 1.
    pub radius_scale: f64,
}

impl Default for CaseConfig {
    fn default() -> Self {
        Self {
            seed: 7,
            candidates: 5000,
            villages: 2000,
            side_km: None,
            radius_scale: 1.0,
        }
    }
}

/// What kind of site a generated candidate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GeneratedKind {
    /// An existing tower shared.
    Colocation,
    /// A site of the passive-infrastructure plan.
    Planned,
    /// A new tower.
    NewTower,
}

/// One generated candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeneratedCandidate {
    /// Position, km east.
    pub x_km: f64,
    /// Position, km north.
    pub y_km: f64,
    /// Kind.
    pub kind: GeneratedKind,
    /// Nominal radius, km.
    pub radius_km: f64,
}

/// A generated case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Case {
    /// The covering problem (weights: people).
    pub problem: CoverProblem,
    /// The candidates, in the problem's order.
    pub candidates: Vec<GeneratedCandidate>,
    /// Villages: position (km) and people.
    pub villages: Vec<(f64, f64, f64)>,
}

struct Relief {
    hills: Vec<(f64, f64, f64, f64)>, // x, y, height, width
    max: f64,
}

impl Relief {
    fn new(rng: &mut Rng, side: f64) -> Relief {
        let n = (side * side / 250.0).ceil() as usize + 8;
        let hills: Vec<_> = (0..n)
            .map(|_| {
                (
                    rng.range(-0.1 * side, 1.1 * side),
                    rng.range(-0.1 * side, 1.1 * side),
                    rng.range(0.2, 1.0),
                    rng.range(2.0, 9.0),
                )
            })
            .collect();
        let mut r = Relief { hills, max: 1.0 };
        let mut max: f64 = 1e-9;
        let step = side / 60.0;
        for a in 0..=60 {
            for b in 0..=60 {
                max = max.max(r.raw(a as f64 * step, b as f64 * step));
            }
        }
        r.max = max;
        r
    }

    fn raw(&self, x: f64, y: f64) -> f64 {
        self.hills
            .iter()
            .map(|&(hx, hy, h, w)| {
                let d2 = (x - hx).powi(2) + (y - hy).powi(2);
                if d2 > 16.0 * w * w {
                    0.0
                } else {
                    h * (-d2 / (2.0 * w * w)).exp()
                }
            })
            .sum()
    }

    fn at(&self, x: f64, y: f64) -> f64 {
        (self.raw(x, y) / self.max).min(1.0)
    }
}

/// A deterministic standard normal for a (candidate, village) pair.
fn pair_normal(seed: u64, j: usize, i: usize) -> f64 {
    let mut r = Rng::new(seed ^ ((j as u64) << 32 | i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    r.normal()
}

/// Generates a case.
pub fn generate_case(cfg: &CaseConfig) -> Case {
    let side = cfg
        .side_km
        .unwrap_or_else(|| (cfg.villages.max(1) as f64).sqrt() * 3.2);
    let root = Rng::new(cfg.seed);
    let mut trng = root.fork("terrain");
    let relief = Relief::new(&mut trng, side);
    let clamp = |v: f64| v.clamp(0.0, side);

    // Villages.
    let mut vrng = root.fork("villages");
    let n_clusters = (cfg.villages / 25).max(1);
    let clusters: Vec<(f64, f64)> = (0..n_clusters)
        .map(|_| (vrng.range(0.0, side), vrng.range(0.0, side)))
        .collect();
    let mut villages: Vec<(f64, f64, f64)> = Vec::with_capacity(cfg.villages);
    while villages.len() < cfg.villages {
        let (x, y) = if vrng.chance(0.35) {
            let c = clusters[vrng.below(clusters.len())];
            (
                clamp(c.0 + 2.0 * vrng.normal()),
                clamp(c.1 + 2.0 * vrng.normal()),
            )
        } else {
            (vrng.range(0.0, side), vrng.range(0.0, side))
        };
        if vrng.chance(1.0 - 0.85 * relief.at(x, y)) {
            let people = (1200.0 * (0.5 * vrng.normal()).exp()).round().max(50.0);
            villages.push((x, y, people));
        }
    }

    // Candidates.
    let mut crng = root.fork("candidates");
    let mut candidates = Vec::with_capacity(cfg.candidates);
    let mut costs = Vec::with_capacity(cfg.candidates);
    for _ in 0..cfg.candidates {
        let u = crng.uniform();
        let kind = if u < 0.2 {
            GeneratedKind::Colocation
        } else if u < 0.3 {
            GeneratedKind::Planned
        } else {
            GeneratedKind::NewTower
        };
        let anchor = if villages.is_empty() {
            (side / 2.0, side / 2.0)
        } else {
            let v = villages[crng.below(villages.len())];
            (v.0, v.1)
        };
        let (tries, rmin, rmax) = match kind {
            GeneratedKind::Colocation => (4, 0.3, 1.5),
            GeneratedKind::Planned => (1, 0.0, 6.0),
            GeneratedKind::NewTower => (8, 0.5, 6.0),
        };
        let mut best = (anchor.0, anchor.1, -1.0);
        for _ in 0..tries {
            let a = crng.range(0.0, std::f64::consts::TAU);
            let d = crng.range(rmin, rmax);
            let (x, y) = (clamp(anchor.0 + d * a.cos()), clamp(anchor.1 + d * a.sin()));
            let h = relief.at(x, y);
            if h > best.2 {
                best = (x, y, h);
            }
        }
        let (x, y, h) = best;
        let base = match kind {
            GeneratedKind::Colocation => 2.7,
            GeneratedKind::Planned => 3.0,
            GeneratedKind::NewTower => 3.0,
        };
        let radius = cfg.radius_scale * base * (1.0 + 0.8 * h) * (0.2 * crng.normal()).exp();
        let cost = match kind {
            GeneratedKind::Colocation => 400.0 * crng.range(0.8, 1.2),
            GeneratedKind::Planned => 700.0 * crng.range(0.9, 1.1),
            GeneratedKind::NewTower => 1200.0 * (1.0 + 0.5 * h) * crng.range(0.9, 1.1),
        }
        .round();
        candidates.push(GeneratedCandidate {
            x_km: x,
            y_km: y,
            kind,
            radius_km: radius,
        });
        costs.push(cost);
    }

    // Coverage, through a bucket grid of villages.
    let cell = 5.0;
    let nb = (side / cell).ceil() as usize + 1;
    let mut grid: Vec<Vec<usize>> = vec![Vec::new(); nb * nb];
    let bucket = |x: f64| ((x / cell) as usize).min(nb - 1);
    for (i, v) in villages.iter().enumerate() {
        grid[bucket(v.1) * nb + bucket(v.0)].push(i);
    }
    let mut sets: Vec<Vec<u32>> = Vec::with_capacity(candidates.len());
    for (j, c) in candidates.iter().enumerate() {
        let reach = c.radius_km * 2.5;
        let (x0, x1) = (bucket((c.x_km - reach).max(0.0)), bucket(c.x_km + reach));
        let (y0, y1) = (bucket((c.y_km - reach).max(0.0)), bucket(c.y_km + reach));
        let mut set = Vec::new();
        for by in y0..=y1 {
            for bx in x0..=x1 {
                for &i in &grid[by * nb + bx] {
                    let v = villages[i];
                    let d = ((v.0 - c.x_km).powi(2) + (v.1 - c.y_km).powi(2)).sqrt();
                    if d > reach {
                        continue;
                    }
                    let mut f = (0.3 * pair_normal(cfg.seed, j, i)).exp();
                    let mid = relief.at((v.0 + c.x_km) / 2.0, (v.1 + c.y_km) / 2.0);
                    if mid > relief.at(c.x_km, c.y_km) + 0.05 && mid > relief.at(v.0, v.1) + 0.05 {
                        f *= 0.5;
                    }
                    if d <= c.radius_km * f {
                        set.push(i as u32);
                    }
                }
            }
        }
        sets.push(set);
    }
    // Every village coverable: the nearest candidate reaches an orphan.
    let mut covered = vec![false; villages.len()];
    for s in &sets {
        for &i in s {
            covered[i as usize] = true;
        }
    }
    for (i, v) in villages.iter().enumerate() {
        if covered[i] || candidates.is_empty() {
            continue;
        }
        let j = (0..candidates.len())
            .min_by(|&a, &b| {
                let da = (candidates[a].x_km - v.0).hypot(candidates[a].y_km - v.1);
                let db = (candidates[b].x_km - v.0).hypot(candidates[b].y_km - v.1);
                da.total_cmp(&db)
            })
            .unwrap_or(0);
        sets[j].push(i as u32);
    }
    let weights = villages.iter().map(|v| v.2).collect();
    let problem =
        CoverProblem::new(costs, sets, weights).expect("the generator makes consistent problems");
    Case {
        problem,
        candidates,
        villages,
    }
}
