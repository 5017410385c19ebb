//! The demo province: the villages the demo left without signal are found
//! from the signal alone — point signals from the coverage crate (ITM over
//! the bundled SRTM terrain, the stored on-air sectors), classified by the
//! scorecard; the generator's list of gap villages is used only to check.

use crate::points::signals;
use hatang_core::geo::LatLon;
use hatang_core::terrain::{Elevation, LoadOptions, Mosaic, Tile};
use hatang_data::bundled;
use hatang_data::demo::{generate, Demo, DemoConfig};
use hatang_scorecard::config::ScorecardConfig;
use hatang_scorecard::targets::default_targets;
use hatang_scorecard::{Class, Figures, Inputs, Scorecard};
use std::collections::BTreeSet;

fn tile() -> Tile {
    Tile::from_hgt_bytes(
        bundled::SRTM_N21E105_NAME,
        bundled::SRTM_N21E105_HGT,
        &LoadOptions::default(),
    )
    .unwrap()
}

fn demo(tile: &Tile) -> Demo {
    let elevation = |p| tile.elevation(p).ok();
    generate(&DemoConfig::default(), &elevation).unwrap()
}

/// The whole province would take minutes in a debug build (ITM is a
/// workspace crate, not optimised there), so this test computes the
/// signals of every village of the communes that hold a gap village (and
/// of every zone), and classifies all of them from those signals alone.
/// The full province is run in release by the benchmark and by
/// `hatang report` (see the crate's report).
#[test]
fn issue_5_demo_gap_villages_are_found_from_the_signal_alone() {
    let tile = tile();
    let d = demo(&tile);
    let ds = &d.dataset;
    let terrain = Mosaic::new(vec![tile]).unwrap();
    let gap_communes: BTreeSet<&str> = ds
        .villages
        .iter()
        .filter(|v| d.report.gap_village_ids.contains(&v.id))
        .map(|v| v.commune_code.as_str())
        .collect();
    let points: Vec<(String, LatLon)> = ds
        .villages
        .iter()
        .filter(|v| gap_communes.contains(v.commune_code.as_str()))
        .map(|v| (v.id.clone(), v.point))
        .collect();
    let village_signals = signals(&terrain, ds, &points, 15_000.0);
    let zpoints: Vec<(String, LatLon)> = ds.zones.iter().map(|z| (z.id.clone(), z.point)).collect();
    let zone_signals = signals(&terrain, ds, &zpoints, 15_000.0);
    let ops: Vec<String> = ds.operators.iter().map(|o| o.id.clone()).collect();
    let mut inputs = Inputs::new(ds, &village_signals, &ops, "2026-Q1");
    inputs.zone_signals = Some(&zone_signals);
    let sc = Scorecard::build(
        &inputs,
        &ScorecardConfig::default(),
        &default_targets().targets,
    )
    .unwrap();

    // Every village the demo left without signal is classed none, and
    // listed among the province's villages without signal.
    assert_eq!(
        d.report.gap_village_ids.len(),
        DemoConfig::default().gap_villages
    );
    let no_signal: BTreeSet<&str> = sc
        .province
        .no_signal()
        .map(|g| g.village_id.as_str())
        .collect();
    for id in &d.report.gap_village_ids {
        let v = sc.villages.iter().find(|v| &v.village.id == id).unwrap();
        assert_eq!(
            v.class(),
            Class::None,
            "gap village {id}: best {:?}, cells {:?}",
            v.signal.best,
            v.signal.cells
        );
        assert!(no_signal.contains(id.as_str()), "{id} not listed");
    }
    // The analysis is not "everything is none": most villages of the same
    // communes do have broadband.
    let computed: Vec<_> = sc
        .villages
        .iter()
        .filter(|v| gap_communes.contains(v.village.commune_code.as_str()))
        .collect();
    let covered = computed.iter().filter(|v| v.class().is_covered()).count();
    assert!(
        covered * 2 > computed.len(),
        "{covered} of {} villages covered",
        computed.len()
    );
    // Villages not computed are unknown, never none.
    assert!(sc
        .villages
        .iter()
        .filter(|v| !gap_communes.contains(v.village.commune_code.as_str()))
        .all(|v| v.class() == Class::Unknown));
    assert!(sc.province.gaps.iter().all(|g| g.class != Class::Unknown));
    // Province = Σ communes on the demo too.
    let summed = Figures::sum(sc.province.unit.clone(), &sc.operators, &sc.communes);
    assert_eq!(summed, sc.province);
    assert_eq!(sc.communes.len(), 148);
    assert!(sc.unassigned.is_empty(), "{:?}", sc.unassigned);
}
