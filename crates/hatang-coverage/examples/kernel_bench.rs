//! The ITM kernel one geometry at a time (`loss`) against batches of 64
//! (`losses`; also 8 and 1), single thread, best of 5 passes; every value
//! checked against `loss` and `hatang-itm` (1e-9, relative):
//! `cargo run --release -p hatang-coverage --example kernel_bench -- [FILE|-] [F_MHZ...]`
//!
//! Without FILE (or with `-`), the geometries are ITM's own
//! (`Itm::p2p_geometry`) for 100,000 profiles cut at 30 m steps from the
//! reference site (21.4708 N 105.435 E, 30 m mast, 1.5 m receiver) on the
//! bundled SRTM tile (`data/dem`), at random bearings and distances of
//! 0.3–25 km (seed 7). FILE: records of 12 little-endian f64 — d_m,
//! h_m[0], h_m[1], h_e_m[0], h_e_m[1], theta_hzn[0], theta_hzn[1],
//! d_hzn_m[0], d_hzn_m[1], delta_h_m, n_s, gamma_e (point-to-point), e.g.
//! the engine's own geometries of a job. The kernels use Signal-Server's
//! ITM settings at each frequency (default 1800 and 3500 MHz).
use hatang_coverage::{BenchKernel, ItmParams};
use hatang_itm::{PathGeometry, PathKind};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let path = a.first().cloned().unwrap_or_else(|| "-".into());
    let mut freqs: Vec<f64> = a[1.min(a.len())..]
        .iter()
        .map(|s| s.parse())
        .collect::<Result<_, _>>()?;
    if freqs.is_empty() {
        freqs = vec![1800.0, 3500.0];
    }
    let geoms: Vec<PathGeometry> = if path == "-" {
        from_terrain(100_000)?
    } else {
        let bytes = std::fs::read(&path)?;
        bytes
            .chunks_exact(96)
            .map(|r| {
                let v: Vec<f64> = r
                    .chunks_exact(8)
                    .map(|b| f64::from_le_bytes(b.try_into().unwrap()))
                    .collect();
                PathGeometry {
                    kind: PathKind::PointToPoint,
                    d_m: v[0],
                    h_m: [v[1], v[2]],
                    h_e_m: [v[3], v[4]],
                    theta_hzn: [v[5], v[6]],
                    d_hzn_m: [v[7], v[8]],
                    delta_h_m: v[9],
                    n_s: v[10],
                    gamma_e: v[11],
                }
            })
            .collect()
    };
    let refs: Vec<&PathGeometry> = geoms.iter().collect();
    let (h_tx, h_rx) = (geoms[0].h_m[0], geoms[0].h_m[1]);
    println!(
        "{} geometries from {path}, masts {h_tx} m / {h_rx} m",
        geoms.len()
    );
    let p = ItmParams::signal_server();
    for f in freqs {
        let kernel = BenchKernel::new(&p.at(f), p.variability, h_tx, h_rx)?;
        let best = |run: &mut dyn FnMut() -> f64| {
            (0..5)
                .map(|_| {
                    let t = Instant::now();
                    std::hint::black_box(run());
                    t.elapsed().as_secs_f64()
                })
                .fold(f64::INFINITY, f64::min)
                / geoms.len() as f64
                * 1e9
        };
        let mut one = vec![0.0; geoms.len()];
        let t_one = best(&mut || {
            for (o, g) in one.iter_mut().zip(&geoms) {
                *o = kernel.loss(std::hint::black_box(g));
            }
            one[0]
        });
        let mut batch = vec![0.0; geoms.len()];
        let mut batched = |size: usize| {
            best(&mut || {
                for (o, gs) in batch.chunks_mut(size).zip(refs.chunks(size)) {
                    kernel.losses(std::hint::black_box(gs), o);
                }
                batch[0]
            })
        };
        let (t_8, t_1) = (batched(8), batched(1));
        let t_batch = batched(64);
        let itm = p.at(f);
        let (mut worst, mut worst_itm) = (0.0f64, 0.0f64);
        for (i, ((&a, &b), g)) in one.iter().zip(&batch).zip(&geoms).enumerate() {
            let rel = (a - b).abs() / a.abs().max(1.0);
            assert!(
                rel <= 1e-9 || (a.is_nan() && b.is_nan()),
                "geometry {i}: loss {a} vs losses {b}"
            );
            if let Ok(want) = itm.predict_tls(g, p.variability) {
                let rel_itm = (b - want.loss_db).abs() / want.loss_db.abs().max(1.0);
                assert!(
                    rel_itm <= 1e-9,
                    "geometry {i}: losses {b} vs hatang-itm {want:?}"
                );
                worst_itm = worst_itm.max(rel_itm);
            }
            if rel.is_finite() {
                worst = worst.max(rel);
            }
        }
        let fallbacks = kernel.fallbacks(&refs);
        println!(
            "{f} MHz: loss {t_one:.1} ns/geometry; losses in batches of 64 {t_batch:.1} \
             ns/geometry ({:.2}x), of 8 {t_8:.1}, of 1 {t_1:.1}; scalar fallback {fallbacks} \
             of {} ({:.3} %); largest relative difference of losses from loss {worst:.1e}, \
             from hatang-itm {worst_itm:.1e}",
            t_one / t_batch,
            geoms.len(),
            100.0 * fallbacks as f64 / geoms.len() as f64
        );
    }
    Ok(())
}

/// ITM's geometries of `n` real profiles around the reference site.
fn from_terrain(n: usize) -> Result<Vec<PathGeometry>, Box<dyn std::error::Error>> {
    use hatang_core::geo::LatLon;
    use hatang_core::terrain::{Elevation, LoadOptions, Mosaic};
    let dem = Mosaic::load_dir("data/dem", &LoadOptions::default())?;
    let site = LatLon::new(21.4708, 105.435);
    let itm = ItmParams::signal_server().at(1800.0);
    let mut rng = hatang_core::rng::Rng::new(7);
    let mut pfl = Vec::new();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let to = site.destination(rng.range(0.0, 360.0), rng.range(300.0, 25_000.0));
        dem.profile_into(site, to, 30.0, &mut pfl)?;
        let p = hatang_itm::Profile::new(pfl[1], &pfl[2..])?;
        out.push(itm.p2p_geometry(30.0, 1.5, &p));
    }
    Ok(out)
}
