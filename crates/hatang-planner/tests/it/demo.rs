//! The planner on the demo province: the gaps are covered, and every
//! planned site's villages are confirmed by re-running ITM with the planned
//! sites read back from the store.

use hatang_core::geo::LatLon;
use hatang_core::model::{Dataset, Technology};
use hatang_core::terrain::{Elevation, LoadOptions, Tile};
use hatang_data::{bundled, demo};
use hatang_planner::analysis::{self, Scope, TxIndex};
use hatang_planner::candidates::{read_planned_towers, CandidateKind};
use hatang_planner::config::PlannerConfig;
use hatang_planner::output;
use hatang_planner::plan::{plan, PlanRequest};
use hatang_planner::radio::RadioModel;
use hatang_planner::solve::Objective;
use hatang_scorecard::{config::ScorecardConfig, signal::Reading, PlaceSignal};
use hatang_store::{SqliteStore, Store};
use std::sync::OnceLock;

fn dem() -> &'static Tile {
    static DEM: OnceLock<Tile> = OnceLock::new();
    DEM.get_or_init(|| {
        Tile::from_hgt_bytes(
            bundled::SRTM_N21E105_NAME,
            bundled::SRTM_N21E105_HGT,
            &LoadOptions::default(),
        )
        .expect("bundled SRTM")
    })
}

fn the_demo() -> &'static demo::Demo {
    static DEMO: OnceLock<demo::Demo> = OnceLock::new();
    DEMO.get_or_init(|| {
        demo::generate(&demo::DemoConfig::default(), &|p| dem().elevation(p).ok()).unwrap()
    })
}

/// The demo with only the villages within `km` of the demo's gap villages
/// (every site and sector kept), to keep debug-mode tests short.
fn near_gaps(km: f64) -> Dataset {
    let d = the_demo();
    let gaps: Vec<LatLon> = d
        .dataset
        .villages
        .iter()
        .filter(|v| d.report.gap_village_ids.contains(&v.id))
        .map(|v| v.point)
        .collect();
    let mut ds = d.dataset.clone();
    ds.villages
        .retain(|v| gaps.iter().any(|g| g.distance_m(v.point) <= km * 1000.0));
    ds
}

#[test]
fn issue7_demo_plan_covers_every_village_the_demo_left_without_signal() {
    let ds = near_gaps(6.0);
    let cfg = PlannerConfig::default();
    let p = plan(&ds, dem(), &cfg, &PlanRequest::default(), &|_| {}).unwrap();
    assert!(p.verified, "not confirmed: {:?}", p.not_confirmed);
    assert!(p.uncoverable.is_empty(), "{:?}", p.uncoverable);
    assert!(p.solution.gap <= 0.01, "gap {}", p.solution.gap);
    // Every gap village of the demo is covered once the plan is built:
    // either already (the analysis finds signal) or by a planned site.
    let model = RadioModel::new(dem(), &cfg).unwrap();
    let with = hatang_planner::plan::merged(&ds, &p.planned_dataset(&ds, &cfg));
    let idx = TxIndex::new(
        analysis::transmitters(&with, Technology::Lte, &Scope::Any, true),
        cfg.max_range_km,
    );
    let after = analysis::village_signals(&ds.villages, &idx, &model);
    for g in &the_demo().report.gap_village_ids {
        let s = after
            .iter()
            .find(|s| &s.village_id == g)
            .expect("gap village in the subset");
        assert!(s.class.covered(), "{g}: {s:?}");
    }
    assert_eq!(p.after.province.none, 0);
    // The outputs.
    let dir = tempfile::tempdir().unwrap();
    output::write_all(&p, &ds, dir.path()).unwrap();
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("plan.json")).unwrap())
            .unwrap();
    assert_eq!(j["cost"].as_f64().unwrap(), p.cost);
    assert_eq!(
        j["villages_covered"].as_u64().unwrap() as usize,
        p.covered.len()
    );
    assert!(j["gap"].as_f64().unwrap() <= 0.01);
    let g: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("plan.geojson")).unwrap())
            .unwrap();
    let sites = g["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["layer"] == "site")
        .count();
    assert_eq!(sites, p.sites.len());
    let csv = std::fs::read_to_string(dir.path().join("plan.csv")).unwrap();
    assert_eq!(csv.lines().count(), p.sites.len() + 1);
}

#[test]
fn issue7_planned_sites_are_confirmed_by_an_itm_rerun_from_the_store() {
    let ds = near_gaps(6.0);
    let cfg = PlannerConfig::default();
    let p = plan(&ds, dem(), &cfg, &PlanRequest::default(), &|_| {}).unwrap();
    assert!(!p.sites.is_empty());
    // Land the demo and the plan in a store, read them back.
    let mut store = SqliteStore::open_in_memory().unwrap();
    store.apply(&the_demo().dataset, "demo").unwrap();
    store
        .apply(&p.planned_dataset(&ds, &cfg), "planner")
        .unwrap();
    let stored = Dataset {
        sites: store.sites().unwrap(),
        sectors: store.sectors(None, None).unwrap(),
        ..Dataset::default()
    };
    let mut villages = Vec::new();
    for s in &p.sites {
        for (v, _) in &s.villages {
            villages.push(ds.villages.iter().find(|x| &x.id == v).unwrap().clone());
        }
    }
    villages.sort_by(|a, b| a.id.cmp(&b.id));
    villages.dedup_by(|a, b| a.id == b.id);
    // Before the plan, none of them is covered; with the stored plan, all
    // are, by the scorecard's classification of the re-run ITM signal.
    let model = RadioModel::new(dem(), &cfg).unwrap();
    let sc = ScorecardConfig::default();
    for (include_planned, expect) in [(false, false), (true, true)] {
        let idx = TxIndex::new(
            analysis::transmitters(&stored, Technology::Lte, &Scope::Any, include_planned),
            cfg.max_range_km,
        );
        for s in analysis::village_signals(&villages, &idx, &model) {
            let readings: Vec<Reading> = s
                .best_operator
                .iter()
                .map(|o| Reading::new(o.clone(), Technology::Lte, s.best_dbm))
                .collect();
            let class = PlaceSignal::classify(Some(&readings), &sc).by_technology[&Technology::Lte];
            assert_eq!(
                class.is_covered(),
                expect,
                "{} with the plan: {include_planned}; {s:?}",
                s.village_id
            );
            if include_planned {
                let planned: Vec<&str> = p.sites.iter().map(|x| x.site_id.as_str()).collect();
                assert!(planned.contains(&s.best_site.as_deref().unwrap()), "{s:?}");
            }
        }
    }
}

#[test]
fn issue7_one_operator_budget_and_passive_infrastructure_plan() {
    let ds = near_gaps(6.0);
    let mut cfg = PlannerConfig::default();
    cfg.candidates.search_radius_km = 3.0;
    // A passive-infrastructure plan with a tower on the spot of a gap village's
    // best generated candidate: cheaper than a new tower, so it is chosen.
    let free = plan(&ds, dem(), &cfg, &PlanRequest::default(), &|_| {}).unwrap();
    let first = free
        .sites
        .iter()
        .find(|s| s.candidate.kind == CandidateKind::NewTower)
        .unwrap();
    let csv = format!(
        "id,lat,lon,height_m,cost\nHT-1,{},{},37,650\n",
        first.candidate.point.lat, first.candidate.point.lon
    );
    let towers = read_planned_towers(csv.as_bytes(), "plan.csv").unwrap();
    let req = PlanRequest {
        planned_towers: towers,
        ..PlanRequest::default()
    };
    let with = plan(&ds, dem(), &cfg, &req, &|_| {}).unwrap();
    assert!(with
        .sites
        .iter()
        .any(|s| s.candidate.kind == CandidateKind::Planned && s.site_id == "PLAN-HT-1"));
    assert!(with.cost < free.cost);
    // One operator: Vietnamobile has few sites, so it has many more gaps.
    let req = PlanRequest {
        scope: Scope::Operator("vietnamobile".into()),
        ..PlanRequest::default()
    };
    let vnm = plan(&ds, dem(), &cfg, &req, &|_| {}).unwrap();
    assert!(vnm.gaps.len() > free.gaps.len());
    assert!(vnm
        .sites
        .iter()
        .all(|s| s.candidate.operator == "vietnamobile"));
    assert!(
        vnm.sites
            .iter()
            .any(|s| s.candidate.kind == CandidateKind::Colocation),
        "sharing is the cheapest way"
    );
    // The most people within a budget of two new towers.
    let budget = 2.0 * cfg.costs.new_tower;
    let req = PlanRequest {
        scope: Scope::Operator("vietnamobile".into()),
        objective: Objective::MaxWeight { budget },
        ..PlanRequest::default()
    };
    let b = plan(&ds, dem(), &cfg, &req, &|_| {}).unwrap();
    assert!(b.cost <= budget);
    assert!(b.covered.len() <= vnm.covered.len());
    assert!(b.solution.covered_weight > 0.0);
    assert!(b.solution.gap <= 0.01, "gap {}", b.solution.gap);
}
