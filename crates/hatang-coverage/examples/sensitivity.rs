//! How much does ITM's answer move when a pixel's profile moves a little?
//! (Why the fast engine cuts each pixel's last samples on the pixel's own
//! line instead of reading values off nearby radial samples.)
//!
//! `cargo run --release -p hatang-coverage --example sensitivity` (from the
//! workspace root): 20 000 random points within 25 km of the reference
//! site; |Δ loss| percentiles when the same profile is re-sampled at 27 or
//! 33 m instead of 30 m, when its end moves 5 or 15 m sideways or 15 m
//! along, and which part of ITM's geometry carries the change.
use hatang_core::geo::LatLon;
use hatang_core::terrain::{Elevation, LoadOptions, Mosaic};
use hatang_coverage::ItmParams;
use hatang_itm::PathGeometry;

fn percentiles(name: &str, v: &mut [f64]) {
    v.sort_by(f64::total_cmp);
    let q = |p: f64| v[((v.len() - 1) as f64 * p) as usize];
    println!(
        "{name:24} p50 {:.3}  p90 {:.3}  p95 {:.3}  p99 {:.3} dB",
        q(0.5),
        q(0.9),
        q(0.95),
        q(0.99)
    );
}

fn main() {
    let dem =
        Mosaic::load_dir("data/dem", &LoadOptions::default()).expect("run from the workspace root");
    let site = LatLon::new(21.4708, 105.435);
    let p = ItmParams::signal_server();
    let itm = p.at(1800.0);
    let m = hatang_raster::METRES_PER_DEGREE;
    let cl = site.lat.to_radians().cos();
    let at = |x: f64, y: f64| LatLon::new(site.lat + y / m, site.lon + x / (m * cl));
    let geometry = |to: LatLon, step: f64| -> PathGeometry {
        let mut pfl = Vec::new();
        dem.profile_into(site, to, step, &mut pfl)
            .expect("inside the tile");
        itm.p2p_geometry(
            30.0,
            1.5,
            &hatang_itm::Profile::from_pfl(&pfl).expect("valid"),
        )
    };
    let loss = |g: &PathGeometry| itm.predict_tls(g, p.variability).expect("valid").loss_db;

    // (name, sideways m, along m, step m)
    let variants = [
        ("re-sampled at 27 m", 0.0, 0.0, 27.0),
        ("re-sampled at 33 m", 0.0, 0.0, 33.0),
        ("end 5 m sideways", 5.0, 0.0, 30.0),
        ("end 15 m sideways", 15.0, 0.0, 30.0),
        ("end 15 m along", 0.0, 15.0, 30.0),
    ];
    let parts = ["swap Δh", "swap h_e", "swap tx horizon", "swap rx horizon"];
    let mut d: Vec<Vec<f64>> = vec![Vec::new(); variants.len()];
    let mut swaps: Vec<Vec<f64>> = vec![Vec::new(); parts.len()];
    let mut rng = hatang_core::rng::Rng::new(3);
    for _ in 0..20_000 {
        let r = 25_000.0 * rng.range(0.0, 1.0).sqrt();
        let a = rng.range(0.0, 2.0 * std::f64::consts::PI);
        let (x, y) = (r * a.sin(), r * a.cos());
        let (ux, uy) = (a.sin(), a.cos());
        let g0 = geometry(at(x, y), 30.0);
        let l0 = loss(&g0);
        for (i, (_, side, along, step)) in variants.iter().enumerate() {
            let to = at(x + side * uy + along * ux, y - side * ux + along * uy);
            d[i].push((loss(&geometry(to, *step)) - l0).abs());
        }
        // Which part of the geometry carries a 5 m sideways move?
        let g1 = geometry(at(x + 5.0 * uy, y - 5.0 * ux), 30.0);
        for (i, v) in swaps.iter_mut().enumerate() {
            let mut g = g0;
            match i {
                0 => g.delta_h_m = g1.delta_h_m,
                1 => g.h_e_m = g1.h_e_m,
                2 => {
                    g.theta_hzn[0] = g1.theta_hzn[0];
                    g.d_hzn_m[0] = g1.d_hzn_m[0];
                }
                _ => {
                    g.theta_hzn[1] = g1.theta_hzn[1];
                    g.d_hzn_m[1] = g1.d_hzn_m[1];
                }
            }
            v.push((loss(&g) - l0).abs());
        }
    }
    for (i, v) in d.iter_mut().enumerate() {
        percentiles(variants[i].0, v);
    }
    println!("5 m sideways, one part of the geometry at a time:");
    for (i, v) in swaps.iter_mut().enumerate() {
        percentiles(parts[i], v);
    }
}
