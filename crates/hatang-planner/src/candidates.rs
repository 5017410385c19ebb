//! Candidate sites: existing towers an operator could share, towers of a
//! passive-infrastructure plan, and new towers on high ground near the
//! gaps.

use crate::analysis::Scope;
use crate::config::PlannerConfig;
use crate::radio::Dem;
use crate::PlannerError;
use hatang_core::geo::{LatLon, LocalProjection};
use hatang_core::model::{Dataset, SectorStatus};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// What a candidate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CandidateKind {
    /// An existing tower the operator does not use yet.
    Colocation,
    /// A site the operator uses without the technology: add it.
    Upgrade,
    /// A tower of the imported passive-infrastructure plan.
    Planned,
    /// A new tower on high ground.
    NewTower,
}

impl CandidateKind {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            CandidateKind::Colocation => "colocation",
            CandidateKind::Upgrade => "upgrade",
            CandidateKind::Planned => "planned",
            CandidateKind::NewTower => "new_tower",
        }
    }
}

/// A candidate site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// Identifier: the existing site's id, the plan's id, or `new-N`.
    pub id: String,
    /// Kind.
    pub kind: CandidateKind,
    /// Position.
    pub point: LatLon,
    /// Antenna height above ground, m.
    pub antenna_height_m: f64,
    /// The existing site, for co-location and upgrades.
    pub site_id: Option<String>,
    /// The operator that would install (for "any operator", the one named
    /// in the plan: the operator with the most sites nearby).
    pub operator: String,
    /// Cost, in the cost unit.
    pub cost: f64,
    /// Ground height, m, where known.
    pub ground_m: Option<f64>,
}

/// A tower of a passive-infrastructure plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedTower {
    /// Identifier.
    pub id: String,
    /// Position.
    pub point: LatLon,
    /// Height of the structure, m.
    pub height_m: f64,
    /// Cost, if the plan states one (else the configured planned-site cost).
    pub cost: Option<f64>,
}

/// Reads a passive-infrastructure plan: a CSV with a header and columns
/// `id,lat,lon` and optionally `height_m` and `cost` (any order, extra
/// columns ignored).
///
/// ```
/// let csv = "id,lat,lon,height_m\nHT-1,21.5,105.2,40\nHT-2,21.6,105.1,\n";
/// let t = hatang_planner::candidates::read_planned_towers(csv.as_bytes(), "plan.csv").unwrap();
/// assert_eq!(t.len(), 2);
/// assert_eq!(t[1].height_m, 35.0);
/// let bad = "id,lat,lon\nHT-1,95,105\n";
/// let e = hatang_planner::candidates::read_planned_towers(bad.as_bytes(), "plan.csv").unwrap_err();
/// assert!(e.to_string().contains("plan.csv, row 2"));
/// ```
pub fn read_planned_towers(
    reader: impl std::io::Read,
    file: &str,
) -> Result<Vec<PlannedTower>, PlannerError> {
    let mut r = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(reader);
    let err = |row: usize, reason: String| PlannerError::Input {
        file: file.into(),
        row,
        reason,
    };
    let headers = r.headers().map_err(|e| err(1, e.to_string()))?.clone();
    let col = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(ci), Some(clat), Some(clon)) = (col("id"), col("lat"), col("lon")) else {
        return Err(err(1, "the header needs id, lat and lon".into()));
    };
    let (ch, cc) = (col("height_m"), col("cost"));
    let mut out = Vec::new();
    for (k, rec) in r.records().enumerate() {
        let row = k + 2;
        let rec = rec.map_err(|e| err(row, e.to_string()))?;
        let num = |c: Option<usize>, name: &str| -> Result<Option<f64>, PlannerError> {
            match c.and_then(|c| rec.get(c)).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(s) => s
                    .parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite())
                    .map(Some)
                    .ok_or_else(|| err(row, format!("{name}: '{s}' is not a number"))),
            }
        };
        let id = rec.get(ci).unwrap_or("").to_string();
        if id.is_empty() {
            return Err(err(row, "id: is empty".into()));
        }
        let lat = num(Some(clat), "lat")?.ok_or_else(|| err(row, "lat: is empty".into()))?;
        let lon = num(Some(clon), "lon")?.ok_or_else(|| err(row, "lon: is empty".into()))?;
        let point = LatLon::new(lat, lon);
        if !hatang_core::geo::in_vietnam(point) {
            return Err(err(row, format!("lat/lon {lat}, {lon} is outside Vietnam")));
        }
        let height_m = num(ch, "height_m")?.unwrap_or(35.0);
        if !(5.0..=150.0).contains(&height_m) {
            return Err(err(row, format!("height_m: {height_m} is outside 5–150 m")));
        }
        let cost = num(cc, "cost")?;
        if cost.is_some_and(|c| c < 0.0) {
            return Err(err(row, "cost: is negative".into()));
        }
        out.push(PlannedTower {
            id,
            point,
            height_m,
            cost,
        });
    }
    Ok(out)
}

fn near_any(p: LatLon, targets: &[LatLon], r_m: f64) -> bool {
    targets.iter().any(|t| t.distance_m(p) <= r_m)
}

/// The operator with the most sites within 10 km of `p` (ties: the
/// smallest id), for candidates where any operator may install.
fn local_operator(dataset: &Dataset, p: LatLon) -> String {
    let mut n: HashMap<&str, usize> = HashMap::new();
    for s in &dataset.sites {
        if s.point.distance_m(p) <= 10_000.0 {
            for o in &s.operators {
                *n.entry(o.as_str()).or_default() += 1;
            }
        }
    }
    n.into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(o, _)| o.to_string())
        .unwrap_or_else(|| "viettel".into())
}

/// Existing towers near the gaps: for one operator, co-location on towers
/// it does not use and upgrades of its sites without the technology; for
/// any operator, every tower near a gap (the standard configuration on its
/// top may reach what the present sectors do not), as an upgrade when the
/// tower has no sector of the technology and as a co-location of the local
/// operator otherwise.
pub fn existing_site_candidates(
    dataset: &Dataset,
    gaps: &[LatLon],
    scope: &Scope,
    cfg: &PlannerConfig,
) -> Vec<Candidate> {
    let tech = cfg.sector.technology;
    let r = cfg.candidates.colocation_radius_km * 1000.0;
    let mut has_tech: HashMap<&str, HashSet<&str>> = HashMap::new();
    for s in &dataset.sectors {
        if s.technology == tech && s.status != SectorStatus::Decommissioned {
            has_tech
                .entry(s.site_id.as_str())
                .or_default()
                .insert(s.operator.as_str());
        }
    }
    let mut out = Vec::new();
    for site in &dataset.sites {
        if !near_any(site.point, gaps, r) {
            continue;
        }
        let height = (site.structure_height_m - cfg.sector.below_top_m).max(5.0);
        let with_tech = has_tech.get(site.id.as_str());
        let (kind, operator) = match scope {
            Scope::Operator(op) => {
                if !site.operators.iter().any(|o| o == op) {
                    (CandidateKind::Colocation, op.clone())
                } else if with_tech.is_none_or(|s| !s.contains(op.as_str())) {
                    (CandidateKind::Upgrade, op.clone())
                } else {
                    continue;
                }
            }
            Scope::Any => {
                if with_tech.is_none_or(|s| s.is_empty()) {
                    let op = site
                        .operators
                        .first()
                        .cloned()
                        .unwrap_or_else(|| local_operator(dataset, site.point));
                    (CandidateKind::Upgrade, op)
                } else {
                    // An operator not yet on the tower shares it.
                    let present: HashSet<&str> =
                        site.operators.iter().map(String::as_str).collect();
                    let local = local_operator(dataset, site.point);
                    let op = if !present.contains(local.as_str()) {
                        local
                    } else {
                        let mut others: Vec<&str> = dataset
                            .operators
                            .iter()
                            .map(|o| o.id.as_str())
                            .filter(|o| !present.contains(o))
                            .filter(|o| {
                                hatang_core::model::known_operators()
                                    .iter()
                                    .any(|k| k.id == *o)
                            })
                            .collect();
                        others.sort_unstable();
                        match others.first() {
                            Some(o) => o.to_string(),
                            None => continue,
                        }
                    };
                    (CandidateKind::Colocation, op)
                }
            }
        };
        let cost = match kind {
            CandidateKind::Upgrade => cfg.costs.upgrade,
            _ => cfg.costs.colocation,
        };
        out.push(Candidate {
            id: site.id.clone(),
            kind,
            point: site.point,
            antenna_height_m: height,
            site_id: Some(site.id.clone()),
            operator,
            cost,
            ground_m: site.ground_elevation_m,
        });
    }
    out
}

/// The towers of a passive-infrastructure plan near the gaps.
pub fn planned_candidates(
    dataset: &Dataset,
    towers: &[PlannedTower],
    gaps: &[LatLon],
    scope: &Scope,
    cfg: &PlannerConfig,
) -> Vec<Candidate> {
    let r = cfg.max_range_km * 1000.0;
    towers
        .iter()
        .filter(|t| near_any(t.point, gaps, r))
        .map(|t| Candidate {
            id: t.id.clone(),
            kind: CandidateKind::Planned,
            point: t.point,
            antenna_height_m: (t.height_m - cfg.sector.below_top_m).max(5.0),
            site_id: None,
            operator: match scope {
                Scope::Operator(o) => o.clone(),
                Scope::Any => local_operator(dataset, t.point),
            },
            cost: t.cost.unwrap_or(cfg.costs.planned_site),
            ground_m: None,
        })
        .collect()
}

/// New towers on high ground near the gaps: a lattice of
/// `grid_spacing_m` out to `search_radius_km` around every gap village
/// (one lattice for all, so nearby gaps share points); in each cell the
/// highest of a 7 × 7 sub-grid, climbed uphill to a local maximum of the
/// terrain; points closer than `min_separation_m` to a higher one dropped;
/// the `max_generated` highest above their surroundings kept.
pub fn high_ground_candidates(
    dataset: &Dataset,
    dem: Dem<'_>,
    gaps: &[LatLon],
    scope: &Scope,
    cfg: &PlannerConfig,
) -> Vec<Candidate> {
    let c = &cfg.candidates;
    let Some(origin) = gaps.first().copied() else {
        return Vec::new();
    };
    let proj = LocalProjection::new(origin);
    let s = c.grid_spacing_m;
    let r = c.search_radius_km * 1000.0;
    let mut cells: HashSet<(i64, i64)> = HashSet::new();
    for g in gaps {
        let (x, y) = proj.forward(*g);
        let n = (r / s).ceil() as i64;
        let (cx, cy) = ((x / s).floor() as i64, (y / s).floor() as i64);
        for a in -n..=n {
            for b in -n..=n {
                let (px, py) = ((cx + a) as f64 * s + s / 2.0, (cy + b) as f64 * s + s / 2.0);
                if (px - x).hypot(py - y) <= r + s / 2.0 {
                    cells.insert((cx + a, cy + b));
                }
            }
        }
    }
    let mut cells: Vec<(i64, i64)> = cells.into_iter().collect();
    cells.sort_unstable();
    let elev = |p: LatLon| dem.elevation(p).ok();
    // (point, height, prominence)
    let mut peaks: Vec<(LatLon, f64, f64)> = Vec::new();
    for (a, b) in cells {
        let mut best: Option<(LatLon, f64)> = None;
        for i in 0..7 {
            for j in 0..7 {
                let x = (a as f64 + (i as f64 + 0.5) / 7.0) * s;
                let y = (b as f64 + (j as f64 + 0.5) / 7.0) * s;
                let p = proj.inverse(x, y);
                if let Some(h) = elev(p) {
                    if best.is_none_or(|(_, bh)| h > bh) {
                        best = Some((p, h));
                    }
                }
            }
        }
        let Some((mut p, mut h)) = best else {
            continue;
        };
        // Climb to a local maximum.
        for _ in 0..30 {
            let mut moved = false;
            for k in 0..8 {
                let q = p.destination(45.0 * k as f64, c.climb_step_m);
                if let Some(hq) = elev(q) {
                    if hq > h + 0.01 {
                        p = q;
                        h = hq;
                        moved = true;
                    }
                }
            }
            if !moved {
                break;
            }
        }
        // Prominence: height above the mean of a 1.5 km ring.
        let ring: Vec<f64> = (0..12)
            .filter_map(|k| elev(p.destination(30.0 * k as f64, 1500.0)))
            .collect();
        let prom = if ring.is_empty() {
            0.0
        } else {
            h - ring.iter().sum::<f64>() / ring.len() as f64
        };
        peaks.push((p, h, prom));
    }
    // Highest first; drop points near a kept higher one.
    peaks.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.lat.total_cmp(&y.0.lat)));
    let sep = c.min_separation_m.max(1.0);
    let mut near: HashMap<(i64, i64), Vec<LatLon>> = HashMap::new();
    let mut kept: Vec<(LatLon, f64, f64)> = Vec::new();
    for pk in peaks {
        let (x, y) = proj.forward(pk.0);
        let (kx, ky) = ((x / sep).floor() as i64, (y / sep).floor() as i64);
        let clear = (-1..=1).all(|a| {
            (-1..=1).all(|b| {
                near.get(&(kx + a, ky + b))
                    .is_none_or(|l| l.iter().all(|q| q.distance_m(pk.0) >= sep))
            })
        });
        if clear {
            near.entry((kx, ky)).or_default().push(pk.0);
            kept.push(pk);
        }
    }
    if kept.len() > c.max_generated {
        kept.sort_by(|x, y| y.2.total_cmp(&x.2));
        kept.truncate(c.max_generated);
    }
    kept.sort_by(|x, y| {
        x.0.lat
            .total_cmp(&y.0.lat)
            .then(x.0.lon.total_cmp(&y.0.lon))
    });
    kept.into_iter()
        .enumerate()
        .map(|(k, (p, h, _))| Candidate {
            id: format!("new-{:04}", k + 1),
            kind: CandidateKind::NewTower,
            point: LatLon::new((p.lat * 1e6).round() / 1e6, (p.lon * 1e6).round() / 1e6),
            antenna_height_m: cfg.sector.new_tower_height_m,
            site_id: None,
            operator: match scope {
                Scope::Operator(o) => o.clone(),
                Scope::Any => local_operator(dataset, p),
            },
            cost: cfg.costs.new_tower,
            ground_m: Some(h),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use hatang_core::terrain::{GridSpec, LoadOptions, Tile};

    /// A cone 400 m high at 21.5 N 105.5 E on flat 50 m ground.
    fn cone() -> Tile {
        let n = 201;
        let d = 0.001;
        let spec = GridSpec::new(105.4, 21.6, d, d, n, n);
        let mut h = Vec::with_capacity(n * n);
        for r in 0..n {
            for c in 0..n {
                let lat = 21.6 - r as f64 * d;
                let lon = 105.4 + c as f64 * d;
                let dist = LatLon::new(lat, lon).distance_m(LatLon::new(21.5, 105.5));
                h.push((50.0 + 400.0 * (1.0 - dist / 3000.0)).max(50.0) as f32);
            }
        }
        Tile::from_grid("cone", spec, h, None, &LoadOptions::default()).unwrap()
    }

    #[test]
    fn generated_candidates_climb_to_the_hill_top() {
        let dem = cone();
        let gap = LatLon::new(21.5, 105.52);
        let mut cfg = PlannerConfig::default();
        cfg.candidates.search_radius_km = 3.0;
        let ds = Dataset::default();
        let c = high_ground_candidates(&ds, &dem, &[gap], &Scope::Any, &cfg);
        assert!(!c.is_empty());
        let top = c
            .iter()
            .max_by(|a, b| a.ground_m.unwrap().total_cmp(&b.ground_m.unwrap()))
            .unwrap();
        assert!(
            top.point.distance_m(LatLon::new(21.5, 105.5)) < 150.0,
            "{top:?}"
        );
        assert!(top.ground_m.unwrap() > 420.0);
        // Points are at least the minimum separation apart.
        for (i, a) in c.iter().enumerate() {
            for b in &c[i + 1..] {
                assert!(a.point.distance_m(b.point) >= cfg.candidates.min_separation_m - 1e-6);
            }
        }
        assert!(c
            .iter()
            .all(|x| x.kind == CandidateKind::NewTower && x.cost == cfg.costs.new_tower));
    }

    #[test]
    fn existing_sites_become_colocation_or_upgrade_by_scope() {
        use hatang_core::model::{Site, Structure};
        let site = Site {
            id: "S1".into(),
            name: "S1".into(),
            point: LatLon::new(21.5, 105.5),
            ground_elevation_m: None,
            structure: Structure::Tower,
            structure_height_m: 40.0,
            owner: "viettel".into(),
            operators: vec!["viettel".into()],
            commune_code: None,
            source: hatang_core::model::Source::User,
        };
        let cfg = PlannerConfig::default();
        let mut ds = Dataset {
            sites: vec![site],
            operators: hatang_core::model::known_operators(),
            ..Dataset::default()
        };
        let gap = [LatLon::new(21.52, 105.5)];
        // Viettel without 4G there: an upgrade; MobiFone: a co-location.
        let v = existing_site_candidates(&ds, &gap, &Scope::Operator("viettel".into()), &cfg);
        assert_eq!(
            (v[0].kind, v[0].cost),
            (CandidateKind::Upgrade, cfg.costs.upgrade)
        );
        assert_eq!(v[0].antenna_height_m, 38.0);
        let m = existing_site_candidates(&ds, &gap, &Scope::Operator("mobifone".into()), &cfg);
        assert_eq!(
            (m[0].kind, m[0].cost),
            (CandidateKind::Colocation, cfg.costs.colocation)
        );
        // With Viettel's 4G on air, Viettel has nothing to add; any operator shares it.
        let mut s = cfg.sector.sectors_for("S1", "viettel", 38.0);
        s.iter_mut().for_each(|x| x.status = SectorStatus::OnAir);
        ds.sectors = s;
        assert!(
            existing_site_candidates(&ds, &gap, &Scope::Operator("viettel".into()), &cfg)
                .is_empty()
        );
        let any = existing_site_candidates(&ds, &gap, &Scope::Any, &cfg);
        assert_eq!(any[0].kind, CandidateKind::Colocation);
        assert_ne!(any[0].operator, "viettel");
        // Too far from any gap: nothing.
        assert!(
            existing_site_candidates(&ds, &[LatLon::new(22.5, 105.5)], &Scope::Any, &cfg)
                .is_empty()
        );
    }
}
