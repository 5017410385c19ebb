//! Which existing 4G sites get 5G first: ranked by the people, commune
//! centres, industrial zones, tourist sites and state agencies they would
//! serve.
//!
//! A site serves a village or zone when it is the nearest 4G site (of the
//! operator, for one operator; of any, otherwise) to it and within
//! [`FiveGWeights::serve_radius_km`](crate::config::FiveGWeights). A zone
//! given as a polygon is served by the sites inside it, and by the nearest
//! site to its representative point. The score is people / 1,000 × the
//! people weight plus each served zone's weight.

use crate::analysis::Scope;
use crate::config::FiveGWeights;
use hatang_core::geo::{point_in_ring, LatLon};
use hatang_core::model::{Dataset, SectorStatus, Technology, ZoneKind};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// One site (and operator) in the 5G ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UpgradeRank {
    /// Rank, 1 first.
    pub rank: usize,
    /// The site.
    pub site_id: String,
    /// The operator that would upgrade.
    pub operator: String,
    /// Position.
    pub point: LatLon,
    /// Score.
    pub score: f64,
    /// People in the villages served.
    pub people: u64,
    /// Villages served.
    pub villages: usize,
    /// Zones served: id and kind.
    pub zones: Vec<(String, ZoneKind)>,
}

fn zone_weight(w: &FiveGWeights, k: ZoneKind) -> f64 {
    match k {
        ZoneKind::CommuneCentre => w.commune_centre,
        ZoneKind::IndustrialZone => w.industrial_zone,
        ZoneKind::TouristSite => w.tourist_site,
        ZoneKind::StateAgency => w.state_agency,
    }
}

/// Ranks the on-air 4G sites without 5G (per operator in scope), best
/// first; ties by site id.
///
/// ```
/// use hatang_core::geo::LatLon;
/// use hatang_core::model::*;
/// use hatang_planner::{analysis::Scope, config::{FiveGWeights, StandardSector}, fiveg::rank_5g_upgrades};
/// let site = |id: &str, lat: f64| Site { id: id.into(), name: id.into(), point: LatLon::new(lat, 105.3),
///     ground_elevation_m: None, structure: Structure::Tower, structure_height_m: 40.0,
///     owner: "viettel".into(), operators: vec!["viettel".into()], commune_code: None, source: Source::User };
/// let mut ds = Dataset::default();
/// ds.sites = vec![site("A", 21.30), site("B", 21.50)];
/// for s in ["A", "B"] {
///     let mut sec = StandardSector::default().sectors_for(s, "viettel", 35.0);
///     sec.iter_mut().for_each(|x| x.status = SectorStatus::OnAir);
///     ds.sectors.extend(sec);
/// }
/// ds.zones = vec![Zone { id: "kcn".into(), name: "KCN".into(), kind: ZoneKind::IndustrialZone,
///     point: LatLon::new(21.305, 105.3), polygon: None, commune_code: None, approximate: true, source: Source::User }];
/// let r = rank_5g_upgrades(&ds, &Scope::Any, &FiveGWeights::default());
/// assert_eq!(r[0].site_id, "A");
/// assert!(r[0].score > r[1].score);
/// ```
pub fn rank_5g_upgrades(dataset: &Dataset, scope: &Scope, w: &FiveGWeights) -> Vec<UpgradeRank> {
    let on = |t: Technology| {
        let mut set: HashSet<(&str, &str)> = HashSet::new();
        for s in &dataset.sectors {
            if s.technology == t && s.status == SectorStatus::OnAir && scope.includes(&s.operator) {
                set.insert((s.site_id.as_str(), s.operator.as_str()));
            }
        }
        set
    };
    let lte = on(Technology::Lte);
    let nr = on(Technology::Nr);
    let points: BTreeMap<&str, LatLon> = dataset
        .sites
        .iter()
        .map(|s| (s.id.as_str(), s.point))
        .collect();
    // Operator-sites with 4G, sorted for determinism.
    let mut pairs: Vec<(&str, &str)> = lte
        .iter()
        .copied()
        .filter(|(s, _)| points.contains_key(s))
        .collect();
    pairs.sort_unstable();
    let radius = w.serve_radius_km * 1000.0;
    // The nearest 4G pair of the same operator (or any, for Any) to a point.
    let nearest = |p: LatLon, op: Option<&str>| -> Option<(usize, f64)> {
        pairs
            .iter()
            .enumerate()
            .filter(|(_, (_, o))| op.is_none_or(|x| x == *o))
            .map(|(k, (s, _))| (k, points[s].distance_m(p)))
            .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))
    };
    let mut people = vec![0u64; pairs.len()];
    let mut villages = vec![0usize; pairs.len()];
    let mut zones: Vec<Vec<(String, ZoneKind)>> = vec![Vec::new(); pairs.len()];
    let operators: Vec<&str> = {
        let mut o: Vec<&str> = pairs.iter().map(|p| p.1).collect();
        o.sort_unstable();
        o.dedup();
        o
    };
    // Each operator's network serves its own points: rank every operator's
    // sites against its own nearest-site areas.
    for op in &operators {
        for v in &dataset.villages {
            if let Some((k, d)) = nearest(v.point, Some(op)) {
                if d <= radius {
                    people[k] += u64::from(v.population.unwrap_or(0));
                    villages[k] += 1;
                }
            }
        }
        for z in &dataset.zones {
            let mut served: Vec<usize> = Vec::new();
            if let Some((k, d)) = nearest(z.point, Some(op)) {
                if d <= radius {
                    served.push(k);
                }
            }
            if let Some(poly) = &z.polygon {
                for (k, (s, o)) in pairs.iter().enumerate() {
                    if o == op && point_in_ring(points[s], poly) && !served.contains(&k) {
                        served.push(k);
                    }
                }
            }
            for k in served {
                zones[k].push((z.id.clone(), z.kind));
            }
        }
    }
    let mut out: Vec<UpgradeRank> = pairs
        .iter()
        .enumerate()
        .filter(|(_, pair)| !nr.contains(pair))
        .map(|(k, (s, o))| {
            let score = people[k] as f64 / 1000.0 * w.people_per_1000
                + zones[k].iter().map(|z| zone_weight(w, z.1)).sum::<f64>();
            UpgradeRank {
                rank: 0,
                site_id: s.to_string(),
                operator: o.to_string(),
                point: points[s],
                score,
                people: people[k],
                villages: villages[k],
                zones: zones[k].clone(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.site_id.cmp(&b.site_id))
            .then(a.operator.cmp(&b.operator))
    });
    for (i, r) in out.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    out
}
