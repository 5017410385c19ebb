//! Plans the demo province and prints the figures:
//! `cargo run --release -p hatang-planner --example demo_plan`
use hatang_core::terrain::{Elevation, LoadOptions, Tile};
use hatang_data::{bundled, demo};
use hatang_planner::config::PlannerConfig;
use hatang_planner::plan::{plan, PlanRequest};
use std::time::Instant;

fn main() {
    let t0 = Instant::now();
    let dem = Tile::from_hgt_bytes(
        bundled::SRTM_N21E105_NAME,
        bundled::SRTM_N21E105_HGT,
        &LoadOptions::default(),
    )
    .expect("bundled SRTM");
    let d = demo::generate(&demo::DemoConfig::default(), &|p| dem.elevation(p).ok()).expect("demo");
    println!(
        "demo: {} villages, {} sites, {} sectors; gap villages {:?} ({:.1} s)",
        d.dataset.villages.len(),
        d.dataset.sites.len(),
        d.dataset.sectors.len(),
        d.report.gap_village_ids,
        t0.elapsed().as_secs_f64()
    );
    let cfg = PlannerConfig::default();
    {
        use hatang_planner::analysis::*;
        use hatang_planner::radio::RadioModel;
        let model = RadioModel::new(&dem, &cfg).unwrap();
        let idx = TxIndex::new(
            transmitters(
                &d.dataset,
                hatang_core::model::Technology::Lte,
                &Scope::Any,
                false,
            ),
            cfg.max_range_km,
        );
        let vs: Vec<_> = d
            .dataset
            .villages
            .iter()
            .filter(|v| d.report.gap_village_ids.contains(&v.id))
            .cloned()
            .collect();
        for (v, s) in vs.iter().zip(village_signals(&vs, &idx, &model)) {
            let site = s
                .best_site
                .as_ref()
                .and_then(|id| d.dataset.sites.iter().find(|x| &x.id == id));
            println!(
                "  {} {:?} {:?} at {:.1} km; village h {:?}, site h {:?}",
                s.village_id,
                s.class,
                s.best_dbm.map(|x| x.round()),
                site.map(|x| x.point.distance_m(v.point) / 1000.0)
                    .unwrap_or(0.0),
                dem.elevation(v.point).ok(),
                site.and_then(|x| dem.elevation(x.point).ok())
            );
        }
    }
    let t1 = Instant::now();
    let p = plan(&d.dataset, &dem, &cfg, &PlanRequest::default(), &|_| {}).expect("plan");
    println!(
        "plan in {:.2} s: {:?}",
        t1.elapsed().as_secs_f64(),
        p.seconds
    );
    println!(
        "gaps {} (unknown {}), covered {}, uncoverable {:?}, sites {}, cost {}, gap {:.4} ({:?}, {}), verified {}",
        p.gaps.len(),
        p.unknown.len(),
        p.covered.len(),
        p.uncoverable,
        p.sites.len(),
        p.cost,
        p.solution.gap,
        p.solution.bound_source,
        p.solution.method,
        p.verified
    );
    println!(
        "examined {:?}, useful {}",
        p.candidates_examined,
        p.candidates.len()
    );
    for s in &p.sites {
        println!(
            "  {} {:?} {} cost {} villages {:?}",
            s.site_id, s.candidate.kind, s.candidate.operator, s.candidate.cost, s.villages
        );
    }
    let missing: Vec<&String> = d
        .report
        .gap_village_ids
        .iter()
        .filter(|g| !p.covered.contains(g) && p.gaps.contains(g))
        .collect();
    let not_gap: Vec<&String> = d
        .report
        .gap_village_ids
        .iter()
        .filter(|g| !p.gaps.contains(g))
        .collect();
    println!("demo gap villages not covered by the plan: {missing:?}; demo gap villages the analysis finds covered/unknown: {not_gap:?}");
    println!(
        "before {:?}\nafter  {:?}",
        p.before.province, p.after.province
    );
}
