//! Time of the pixel bucketing of the reference job (2.2 million pixels
//! of a 25 km disc at 30 m assigned to 5,632 radials and sorted by
//! distance), the best of `N` runs (default 20):
//! `cargo run --release -p hatang-coverage --example buckets_bench -- [N] [THREADS]`
use hatang_core::geo::LatLon;
use hatang_core::terrain::{LoadOptions, Mosaic};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let runs: usize = a.first().and_then(|s| s.parse().ok()).unwrap_or(20);
    if let Some(t) = a.get(1).and_then(|s| s.parse().ok()) {
        rayon::ThreadPoolBuilder::new()
            .num_threads(t)
            .build_global()?;
    }
    let dem = Mosaic::load_dir("data/dem", &LoadOptions::default())?;
    let site = LatLon::new(21.4708, 105.435);
    let mut best = f64::INFINITY;
    let mut n = 0;
    for _ in 0..runs {
        let t = Instant::now();
        n = hatang_coverage::bench_buckets(&dem, site, 25_000.0, 30.0)?;
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "{n} pixels bucketed on {} threads: best {:.1} ms of {runs}",
        rayon::current_num_threads(),
        best * 1e3
    );
    Ok(())
}
