//! Times the scorecard of the demo province once coverage is computed:
//! building the scorecard from the stored data and the point signals, and
//! writing the report (CSV, GeoJSON, XLSX).
//!
//! `cargo bench -p hatang-scorecard` (release). The point signals come from
//! the coverage crate (ITM point to point over the bundled terrain, radius
//! 15 km; `tests/it/points.rs`), computed and timed before the scorecard's
//! clock starts: what the 10 s limit is about is the scorecard alone.

#[path = "../tests/it/points.rs"]
mod points;

use hatang_core::geo::LatLon;
use hatang_core::terrain::{Elevation, LoadOptions, Mosaic, Tile};
use hatang_data::bundled;
use hatang_data::demo::{generate, DemoConfig};
use hatang_scorecard::config::ScorecardConfig;
use hatang_scorecard::report::write_report;
use hatang_scorecard::targets::default_targets;
use hatang_scorecard::{Inputs, Scorecard};
use std::time::Instant;

fn main() {
    let tile = Tile::from_hgt_bytes(
        bundled::SRTM_N21E105_NAME,
        bundled::SRTM_N21E105_HGT,
        &LoadOptions::default(),
    )
    .expect("bundled tile");
    let elevation = |p| tile.elevation(p).ok();
    let demo = generate(&DemoConfig::default(), &elevation).expect("demo");
    let ds = &demo.dataset;
    let points: Vec<(String, LatLon)> = ds
        .villages
        .iter()
        .map(|v| (v.id.clone(), v.point))
        .collect();
    let zpoints: Vec<(String, LatLon)> = ds.zones.iter().map(|z| (z.id.clone(), z.point)).collect();
    let terrain = Mosaic::new(vec![tile.clone()]).expect("mosaic");
    let t = Instant::now();
    let signals = points::signals(&terrain, ds, &points, 15_000.0);
    let zsignals = points::signals(&terrain, ds, &zpoints, 15_000.0);
    let t_signals = t.elapsed().as_secs_f64();
    let ops: Vec<String> = ds.operators.iter().map(|o| o.id.clone()).collect();
    let mut inputs = Inputs::new(ds, &signals, &ops, "2026-Q1");
    inputs.zone_signals = Some(&zsignals);
    let config = ScorecardConfig::default();
    let targets = default_targets().targets;
    let dir = std::env::temp_dir().join(format!("hatang-scorecard-bench-{}", std::process::id()));

    let mut build = Vec::new();
    let mut write = Vec::new();
    for _ in 0..5 {
        let t0 = Instant::now();
        let sc = Scorecard::build(&inputs, &config, &targets).expect("scorecard");
        let t1 = Instant::now();
        write_report(&sc, &dir).expect("report");
        let t2 = Instant::now();
        build.push((t1 - t0).as_secs_f64());
        write.push((t2 - t1).as_secs_f64());
    }
    let _ = std::fs::remove_dir_all(&dir);
    let med = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (b, w) = (med(&mut build), med(&mut write));
    println!(
        "demo scorecard: {} villages, {} communes, {} zones, {} sites",
        ds.villages.len(),
        148,
        ds.zones.len(),
        ds.sites.len()
    );
    println!(
        "  point signals (coverage crate, once): {:8.1} ms",
        1e3 * t_signals
    );
    println!("  build (median of 5):         {:8.1} ms", 1e3 * b);
    println!("  write report (median of 5):  {:8.1} ms", 1e3 * w);
    println!(
        "  total:                       {:8.1} ms (limit 10 s)",
        1e3 * (b + w)
    );
    assert!(b + w < 10.0, "the scorecard must take under 10 s");
}
