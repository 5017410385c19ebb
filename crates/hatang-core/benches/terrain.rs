//! Throughput of the hot paths: bilinear elevation, profile cutting and
//! the empirical path-loss models. A plain timing harness (no external
//! bench crate): `cargo bench -p hatang-core`.

use hatang_core::geo::LatLon;
use hatang_core::radio::{Link, LosMode, OkumuraHata, PathLoss, Rma};
use hatang_core::rng::Rng;
use hatang_core::terrain::{Elevation, GridSpec, LoadOptions, Tile};
use std::hint::black_box;
use std::time::Instant;

fn time<T>(label: &str, n: usize, mut f: impl FnMut() -> T) {
    // Warm up, then measure.
    for _ in 0..n / 10 {
        black_box(f());
    }
    let t = Instant::now();
    for _ in 0..n {
        black_box(f());
    }
    let ns = t.elapsed().as_nanos() as f64 / n as f64;
    println!("{label:<48} {ns:>10.1} ns/op");
}

fn main() {
    // A synthetic SRTM1-sized tile (3601 × 3601 samples, 52 MB of f32).
    let n = 3601;
    let d = 1.0 / 3600.0;
    let heights: Vec<f32> = (0..n * n)
        .map(|i| ((i % n) as f32 * 0.37 + (i / n) as f32 * 0.11) % 900.0)
        .collect();
    let tile = Tile::from_grid(
        "N21E105",
        GridSpec::new(105.0, 22.0, d, d, n, n),
        heights,
        None,
        &LoadOptions::default(),
    )
    .unwrap();
    let mut rng = Rng::new(7);
    let points: Vec<LatLon> = (0..1 << 16)
        .map(|_| LatLon::new(21.0 + rng.uniform(), 105.0 + rng.uniform()))
        .collect();
    let mut k = 0;
    time("Tile::elevation_clamped, random points", 5_000_000, || {
        k = (k + 1) & 0xffff;
        let p = points[k];
        tile.elevation_clamped(p.lat, p.lon)
    });
    time(
        "Tile::elevation (checked), random points",
        5_000_000,
        || {
            k = (k + 1) & 0xffff;
            tile.elevation(points[k]).unwrap()
        },
    );
    let mut buf = Vec::with_capacity(4096);
    let from = LatLon::new(21.3, 105.4);
    time(
        "Tile::profile_into, 10 km at 30 m (334 pts)",
        20_000,
        || {
            k = (k + 1) & 0xffff;
            let to = from.destination((k % 360) as f64, 10_000.0);
            tile.profile_into(from, to, 30.0, &mut buf).unwrap();
            buf.len()
        },
    );
    let hata = OkumuraHata::default();
    time("OkumuraHata::loss", 2_000_000, || {
        k = (k + 1) & 0xffff;
        hata.loss(&Link::new(900.0, 30.0, 1.5, 1_000.0 + (k % 19_000) as f64))
            .unwrap()
            .db
    });
    let rma = Rma {
        los: LosMode::Terrain,
        ..Rma::default()
    };
    let profile = tile
        .profile(from, from.destination(45.0, 5_000.0), 30.0)
        .unwrap();
    time("Rma::loss with terrain LOS test (167 pts)", 500_000, || {
        rma.loss(&Link::new(3500.0, 35.0, 1.5, profile.distance_m()).with_profile(&profile))
            .unwrap()
            .db
    });
}
