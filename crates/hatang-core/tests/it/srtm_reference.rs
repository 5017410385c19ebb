//! Re-cuts the shared ITM reference profiles (`reference/itm/srtm_pfls.csv`,
//! end points in `srtm_intermediate.csv`) from the real SRTM tile
//! `data/dem/N21E105.hgt` and compares every height.
//!
//! The reference was cut with: voids filled by neighbour mean, bilinear
//! sampling along the straight line in latitude/longitude, `np =
//! ceil(d / step)` with step 30 or 90 m, `step = d / np` — and `d` measured
//! in the local equirectangular projection centred on the transmitter
//! (found from the data: it reproduces every `np` and every step to the
//! rounding of the coordinates, where the great circle misses `np` on
//! long oblique paths). Hence [`PathDistance::LocalProjection`] here.

use super::shared;
use hatang_core::geo::LatLon;
use hatang_core::terrain::{Elevation, LoadOptions, PathDistance, Tile};

struct Agreement {
    rows: usize,
    np_mismatch: usize,
    /// For mismatching rows: how far the reference `d / step` is from a
    /// whole number (a ceil flip from the coordinates' rounding).
    np_margin: f64,
    diffs: Vec<f64>,
    rows_exact: usize,
    points: usize,
    points_off: usize,
    worst_m: f64,
    worst_row: usize,
    worst_step_rel: f64,
}

fn compare(tile: &Tile, distance: PathDistance) -> Agreement {
    let pfls = std::fs::read_to_string(shared::file("reference/itm/srtm_pfls.csv")).unwrap();
    let (head, ends) = shared::csv("reference/itm/srtm_intermediate.csv");
    let col = |n: &str| {
        head.iter()
            .position(|h| h == n)
            .unwrap_or_else(|| panic!("column {n} missing"))
    };
    let (tla, tlo, rla, rlo) = (col("tx_lat"), col("tx_lon"), col("rx_lat"), col("rx_lon"));
    let mut a = Agreement {
        rows: 0,
        np_mismatch: 0,
        np_margin: 0.0,
        diffs: Vec::new(),
        rows_exact: 0,
        points: 0,
        points_off: 0,
        worst_m: 0.0,
        worst_row: 0,
        worst_step_rel: 0.0,
    };
    let mut pfl = Vec::new();
    let lines: Vec<&str> = pfls.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), ends.len(), "one profile per case");
    for (i, (line, end)) in lines.iter().zip(&ends).enumerate() {
        let r: Vec<f64> = line.split(',').map(|s| s.trim().parse().unwrap()).collect();
        let f = |k: usize| end[k].parse::<f64>().unwrap();
        let (tx, rx) = (LatLon::new(f(tla), f(tlo)), LatLon::new(f(rla), f(rlo)));
        let step = if r[1] <= 30.0 + 1e-9 { 30.0 } else { 90.0 };
        tile.profile_into_with(tx, rx, step, distance, &mut pfl)
            .unwrap();
        a.rows += 1;
        if pfl[0] != r[0] {
            a.np_mismatch += 1;
            let x = r[0] * r[1] / step;
            a.np_margin = a.np_margin.max((x - x.round()).abs());
            continue;
        }
        a.worst_step_rel = a.worst_step_rel.max((pfl[1] / r[1] - 1.0).abs());
        // The reference prints heights with 2 decimals: ±0.005 m.
        let mut row_worst = 0.0f64;
        for (h, want) in pfl[2..].iter().zip(&r[2..]) {
            let d = (h - want).abs();
            a.diffs.push(d);
            a.points += 1;
            if d > 0.0051 {
                a.points_off += 1;
            }
            row_worst = row_worst.max(d);
        }
        if row_worst <= 0.0051 {
            a.rows_exact += 1;
        }
        if row_worst > a.worst_m {
            a.worst_m = row_worst;
            a.worst_row = i;
        }
    }
    a.diffs.sort_by(f64::total_cmp);
    let q = |f: f64| a.diffs[((a.diffs.len() - 1) as f64 * f) as usize];
    let within = |t: f64| a.diffs.iter().filter(|d| **d <= t).count() as f64 / a.diffs.len() as f64;
    eprintln!(
        "{distance:?}: {} profiles, np differs in {} (reference d/step within {:.1e} of a whole \
         number there); heights: median {:.4} m, 99th percentile {:.4} m, {:.1} % within 0.01 m, \
         {:.2} % within 0.05 m; rows within 0.005 m: {}, points off by > 0.005 m: {}/{}, \
         worst {:.4} m (row {}), worst step difference {:.1e}",
        a.rows,
        a.np_mismatch,
        a.np_margin,
        q(0.5),
        q(0.99),
        100.0 * within(0.01),
        100.0 * within(0.05),
        a.rows_exact,
        a.points_off,
        a.points,
        a.worst_m,
        a.worst_row,
        a.worst_step_rel
    );
    a
}

#[test]
fn real_tile_voids_are_filled() {
    let tile = Tile::open(
        shared::file("data/dem/N21E105.hgt"),
        &LoadOptions::default(),
    )
    .unwrap();
    assert_eq!(
        tile.voids_found(),
        1539,
        "the data README counts 1,539 voids"
    );
    assert_eq!(tile.voids_filled(), 1539);
    assert!(tile.heights().iter().all(|h| h.is_finite()));
    let viet_tri = tile.elevation(LatLon::new(21.3227, 105.4019)).unwrap();
    assert!(
        (0.0..100.0).contains(&viet_tri),
        "Việt Trì lies low: {viet_tri}"
    );
}

#[test]
fn reference_profiles_agree() {
    let tile = Tile::open(
        shared::file("data/dem/N21E105.hgt"),
        &LoadOptions::default(),
    )
    .unwrap();
    let a = compare(&tile, PathDistance::LocalProjection);
    assert_eq!(a.rows, 1000);
    // The end points are printed with 6 decimals (±0.06 m): a ceil can flip
    // where d / step is within a hair of a whole number, nowhere else.
    assert!(
        a.np_mismatch <= 3 && a.np_margin < 1e-3,
        "np differs in {} rows",
        a.np_mismatch
    );
    assert!(
        a.worst_step_rel < 1e-3,
        "steps agree to the coordinates' rounding"
    );
    // Heights: the same rounding moves each sample by up to ~0.1 m along a
    // slope; the voids fill identically (else differences reach 1–200 m).
    assert!(a.worst_m < 0.15, "worst height difference {} m", a.worst_m);
    assert!(
        a.diffs[a.diffs.len() / 2] < 0.01,
        "median height difference"
    );
    // The great-circle default gives the same heights wherever np agrees.
    let g = compare(&tile, PathDistance::GreatCircle);
    assert!(g.np_mismatch < 100);
}
