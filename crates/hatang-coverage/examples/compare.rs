//! Fast against exact on one job, with timings and the acceptance
//! figures (received power for 20 W ERP):
//! `cargo run --release -p hatang-coverage --example compare -- LAT LON H_TX F_MHZ RADIUS_M RES_M [DEM_DIR]`
//!
//! Environment: NO_EXACT=1 (fast only), EXACT_CACHE=DIR (keep exact
//! results), SPACING, NEAR, DH_RATIO, CELL, SHORT_M, INTERP, SAMPLES=1 (tuning).
use hatang_core::geo::LatLon;
use hatang_core::terrain::{LoadOptions, Mosaic};
use hatang_coverage::{loss_map, CoverageSpec, ItmParams, Mode, Model, Transmitter};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let num = |i: usize, d: f64| a.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
    let (lat, lon, h, f, radius, res) = (
        num(0, 21.4708),
        num(1, 105.435),
        num(2, 30.0),
        num(3, 1800.0),
        num(4, 25_000.0),
        num(5, 30.0),
    );
    let dem_dir = a.get(6).cloned().unwrap_or_else(|| "data/dem".into());
    let skip_exact = std::env::var("NO_EXACT").is_ok();
    let t = Instant::now();
    let dem = Mosaic::load_dir(&dem_dir, &LoadOptions::default())?;
    println!("terrain {:.3} s", t.elapsed().as_secs_f64());
    let tx = Transmitter::new(LatLon::new(lat, lon), h, f);
    let model = Model::Itm(ItmParams::signal_server());
    let mut spec = CoverageSpec::new(radius, res);
    let env = |k: &str, d: f64| {
        std::env::var(k)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(d)
    };
    spec.tuning.spacing = env("SPACING", spec.tuning.spacing);
    spec.tuning.near = env("NEAR", spec.tuning.near as f64) as usize;
    spec.tuning.wide_tangent = env(
        "WIDE_TANGENT",
        f64::from(u8::from(spec.tuning.wide_tangent)),
    ) != 0.0;
    spec.tuning.itm_samples = std::env::var("SAMPLES").is_ok();
    spec.tuning.short_path_m = env("SHORT_M", spec.tuning.short_path_m);
    spec.tuning.delta_h_cell_m = env("CELL", spec.tuning.delta_h_cell_m);
    spec.tuning.interpolate = env("INTERP", spec.tuning.interpolate as f64) as usize;
    spec.tuning.delta_h_ratio = env("DH_RATIO", spec.tuning.delta_h_ratio);
    spec.tuning.delta_h_share_m = env("DH_SHARE", spec.tuning.delta_h_share_m);
    let t = Instant::now();
    let fast = loss_map(&dem, &tx, &model, &spec)?;
    println!(
        "fast {:.3} s ({} px)",
        t.elapsed().as_secs_f64(),
        fast.raster.data().iter().filter(|v| v.is_finite()).count()
    );
    if skip_exact {
        return Ok(());
    }
    // EXACT_CACHE=DIR keeps exact results between runs (for tuning).
    let cache = std::env::var("EXACT_CACHE")
        .ok()
        .map(|d| format!("{d}/exact_{lat}_{lon}_{h}_{f}_{radius}_{res}.bin"));
    let exact: Vec<f32> = match cache.as_ref().and_then(|c| std::fs::read(c).ok()) {
        Some(b) => b
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect(),
        None => {
            let t = Instant::now();
            let exact = loss_map(&dem, &tx, &model, &spec.with_mode(Mode::Exact))?;
            println!("exact {:.3} s", t.elapsed().as_secs_f64());
            let v = exact.raster.data().to_vec();
            if let Some(c) = &cache {
                std::fs::write(
                    c,
                    v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>(),
                )?;
            }
            v
        }
    };
    // EIRP for the reference job: 20 W ERP.
    let eirp = 10.0 * (20_000.0f64).log10() + 2.15;
    let mut diffs = Vec::new();
    let (mut agree, mut n, mut agree_band, mut n_band, mut nan_mismatch) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    for (fv, ev) in fast.raster.data().iter().zip(&exact) {
        if fv.is_nan() != ev.is_nan() {
            nan_mismatch += 1;
            continue;
        }
        if ev.is_nan() {
            continue;
        }
        let pf = eirp - *fv as f64;
        let pe = eirp - *ev as f64;
        diffs.push((pf - pe).abs());
        n += 1;
        if (pf >= -110.0) == (pe >= -110.0) {
            agree += 1;
        }
        if (-120.0..=-100.0).contains(&pe) {
            n_band += 1;
            if (pf >= -110.0) == (pe >= -110.0) {
                agree_band += 1;
            }
        }
    }
    let w = fast.raster.grid().width();
    let mut worst: Vec<(f64, usize)> = fast
        .raster
        .data()
        .iter()
        .zip(&exact)
        .enumerate()
        .filter(|(_, (a, b))| a.is_finite() && b.is_finite())
        .map(|(i, (a, b))| ((a - b).abs() as f64, i))
        .collect();
    worst.sort_by(|a, b| b.0.total_cmp(&a.0));
    for &(d, i) in worst.iter().take(8) {
        let (c, r) = (i % w, i / w);
        let n = (w / 2) as f64;
        let (x, y) = ((c as f64 - n) * res, (n - r as f64) * res);
        println!(
            "  px ({c},{r}) dist {:.0} m bearing {:.2}°: fast {:.2} exact {:.2} (Δ {d:.2})",
            x.hypot(y),
            x.atan2(y).to_degrees(),
            fast.raster.data()[i],
            exact[i]
        );
    }
    {
        let n0 = (w / 2) as f64;
        let mut bands: Vec<Vec<f64>> = vec![Vec::new(); 4];
        for (i, (a, b)) in fast.raster.data().iter().zip(&exact).enumerate() {
            if !(a.is_finite() && b.is_finite()) {
                continue;
            }
            let (c, r) = ((i % w) as f64, (i / w) as f64);
            let dist = ((c - n0).hypot(r - n0)) * res;
            let band = if dist < 2000.0 {
                0
            } else if dist < 7300.0 {
                1
            } else if dist < 15000.0 {
                2
            } else {
                3
            };
            bands[band].push((a - b).abs() as f64);
        }
        for (k, mut v) in bands.into_iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            v.sort_by(f64::total_cmp);
            println!(
                "  band {k}: {} px p50 {:.3} p95 {:.3}",
                v.len(),
                v[v.len() / 2],
                v[(v.len() - 1) * 95 / 100]
            );
        }
    }
    diffs.sort_by(f64::total_cmp);
    let q = |p: f64| diffs[((diffs.len() - 1) as f64 * p) as usize];
    println!(
        "pixels {n}, nodata mismatch {nan_mismatch}; |Δ| p50 {:.3} p90 {:.3} p95 {:.3} p99 {:.3} max {:.2}; covered agreement {:.3}% all, {:.3}% in [-120,-100] ({} px)",
        q(0.5), q(0.9), q(0.95), q(0.99), q(1.0),
        100.0 * agree as f64 / n as f64,
        100.0 * agree_band as f64 / n_band.max(1) as f64,
        n_band
    );
    Ok(())
}
