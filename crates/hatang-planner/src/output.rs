//! The plan as files: `plan.json` (cost, villages covered, the gap), a
//! GeoJSON layer for the map and the dashboard (`plan.geojson`), and the
//! table (`plan.csv`, `upgrades_5g.csv`).

use crate::plan::Plan;
use crate::PlannerError;
use hatang_core::model::Dataset;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::Path;

/// The cost unit of the configuration's defaults.
pub const COST_UNIT: &str = "million VND";

/// `plan.json`: the figures of the plan. `gap` is the optimality gap as a
/// fraction, `(cost − bound) / bound`.
pub fn plan_json(plan: &Plan) -> Value {
    let s = &plan.solution;
    json!({
        "cost": plan.cost,
        "cost_unit": COST_UNIT,
        "villages_covered": plan.covered.len(),
        "people_covered": s.covered_weight,
        "gap": s.gap,
        "bound": s.bound,
        "bound_source": s.bound_source,
        "lp_bound": s.lp_bound,
        "proven_optimal": s.proven_optimal,
        "method": s.method,
        "objective": plan.request.objective,
        "scope": plan.request.scope,
        "sites": plan.sites.iter().map(|p| json!({
            "site_id": p.site_id,
            "kind": p.candidate.kind,
            "operator": p.candidate.operator,
            "lat": p.candidate.point.lat,
            "lon": p.candidate.point.lon,
            "antenna_height_m": p.candidate.antenna_height_m,
            "cost": p.candidate.cost,
            "people": p.people,
            "villages": p.villages.iter().map(|(v, dbm)| json!({"id": v, "rsrp_dbm": dbm})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "gap_villages": plan.gaps,
        "covered_villages": plan.covered,
        "uncoverable_villages": plan.uncoverable,
        "unknown_villages": plan.unknown.len(),
        "candidates_examined": plan.candidates_examined,
        "candidates_useful": plan.candidates.len(),
        "verified": plan.verified,
        "not_confirmed": plan.not_confirmed,
        "scorecard_before": plan.before.province,
        "scorecard_after": plan.after.province,
        "communes_changed": plan.after.communes.iter()
            .filter(|(c, a)| plan.before.communes.get(*c) != Some(a))
            .map(|(c, a)| json!({"commune": c, "before": plan.before.communes.get(c), "after": a}))
            .collect::<Vec<_>>(),
        "five_g_top": plan.five_g.iter().take(20).collect::<Vec<_>>(),
        "seconds": plan.seconds,
    })
}

/// `plan.geojson`: a FeatureCollection for the map. Each feature has a
/// `layer` property: `site` (a planned site: kind, operator, cost, the
/// villages it covers), `village` (a gap village: covered or not, by which
/// site) and `link` (a line from a site to each village it covers).
pub fn plan_geojson(plan: &Plan, dataset: &Dataset) -> Value {
    let points: HashMap<&str, &hatang_core::model::Village> = dataset
        .villages
        .iter()
        .map(|v| (v.id.as_str(), v))
        .collect();
    let mut by_village: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut features = Vec::new();
    for p in &plan.sites {
        let c = &p.candidate;
        features.push(json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [c.point.lon, c.point.lat]},
            "properties": {
                "layer": "site",
                "site_id": p.site_id,
                "kind": c.kind,
                "operator": c.operator,
                "cost": c.cost,
                "antenna_height_m": c.antenna_height_m,
                "people": p.people,
                "villages": p.villages.iter().map(|v| v.0.clone()).collect::<Vec<_>>(),
            }
        }));
        for (v, dbm) in &p.villages {
            by_village.entry(v.as_str()).or_default().push(&p.site_id);
            if let Some(vp) = points.get(v.as_str()) {
                features.push(json!({
                    "type": "Feature",
                    "geometry": {"type": "LineString", "coordinates": [
                        [c.point.lon, c.point.lat], [vp.point.lon, vp.point.lat]]},
                    "properties": {"layer": "link", "site_id": p.site_id, "village_id": v, "rsrp_dbm": dbm}
                }));
            }
        }
    }
    for g in &plan.gaps {
        if let Some(v) = points.get(g.as_str()) {
            let sites = by_village.get(g.as_str()).cloned().unwrap_or_default();
            features.push(json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [v.point.lon, v.point.lat]},
                "properties": {
                    "layer": "village",
                    "village_id": v.id,
                    "name": v.name,
                    "commune_code": v.commune_code,
                    "population": v.population,
                    "covered_by_plan": !sites.is_empty(),
                    "sites": sites,
                }
            }));
        }
    }
    json!({
        "type": "FeatureCollection",
        "name": "hatang plan",
        "properties": {
            "cost": plan.cost,
            "cost_unit": COST_UNIT,
            "gap": plan.solution.gap,
            "proven_optimal": plan.solution.proven_optimal,
            "method": plan.solution.method,
            "sites": plan.sites.len(),
            "villages_covered": plan.covered.len(),
            "gap_villages": plan.gaps.len(),
            "people_covered": plan.solution.covered_weight,
            "verified": plan.verified,
        },
        "features": features,
    })
}

/// The plan as a table (CSV): one row per planned site.
pub fn write_plan_csv(plan: &Plan, w: impl std::io::Write) -> Result<(), csv::Error> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record([
        "site_id",
        "kind",
        "operator",
        "lat",
        "lon",
        "antenna_height_m",
        "cost",
        "villages",
        "people",
        "village_ids",
    ])?;
    for p in &plan.sites {
        let c = &p.candidate;
        out.write_record([
            p.site_id.clone(),
            c.kind.as_str().to_string(),
            c.operator.clone(),
            format!("{:.6}", c.point.lat),
            format!("{:.6}", c.point.lon),
            format!("{}", c.antenna_height_m),
            format!("{}", c.cost),
            p.villages.len().to_string(),
            p.people.to_string(),
            p.villages
                .iter()
                .map(|v| v.0.as_str())
                .collect::<Vec<_>>()
                .join(";"),
        ])?;
    }
    out.flush()?;
    Ok(())
}

/// The 5G ranking as a table (CSV).
pub fn write_5g_csv(plan: &Plan, w: impl std::io::Write) -> Result<(), csv::Error> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record([
        "rank", "site_id", "operator", "lat", "lon", "score", "people", "villages", "zones",
    ])?;
    for r in &plan.five_g {
        out.write_record([
            r.rank.to_string(),
            r.site_id.clone(),
            r.operator.clone(),
            format!("{:.6}", r.point.lat),
            format!("{:.6}", r.point.lon),
            format!("{:.3}", r.score),
            r.people.to_string(),
            r.villages.to_string(),
            r.zones
                .iter()
                .map(|z| format!("{}:{}", z.0, z.1.as_str()))
                .collect::<Vec<_>>()
                .join(";"),
        ])?;
    }
    out.flush()?;
    Ok(())
}

/// Writes `plan.json`, `plan.geojson`, `plan.csv` and `upgrades_5g.csv`
/// into `dir` (created if needed).
pub fn write_all(plan: &Plan, dataset: &Dataset, dir: &Path) -> Result<(), PlannerError> {
    let io = |what: &str| {
        let what = what.to_string();
        move |source: std::io::Error| PlannerError::Io { what, source }
    };
    std::fs::create_dir_all(dir).map_err(io(&dir.display().to_string()))?;
    let write_json = |name: &str, v: &Value| -> Result<(), PlannerError> {
        let p = dir.join(name);
        let text = serde_json::to_string_pretty(v).map_err(|e| PlannerError::Io {
            what: p.display().to_string(),
            source: e.into(),
        })?;
        std::fs::write(&p, text).map_err(io(&p.display().to_string()))
    };
    write_json("plan.json", &plan_json(plan))?;
    write_json("plan.geojson", &plan_geojson(plan, dataset))?;
    for (name, f) in [
        (
            "plan.csv",
            write_plan_csv as fn(&Plan, std::fs::File) -> Result<(), csv::Error>,
        ),
        ("upgrades_5g.csv", write_5g_csv),
    ] {
        let p = dir.join(name);
        let file = std::fs::File::create(&p).map_err(io(&p.display().to_string()))?;
        f(plan, file).map_err(|e| PlannerError::Io {
            what: p.display().to_string(),
            source: std::io::Error::other(e.to_string()),
        })?;
    }
    Ok(())
}
