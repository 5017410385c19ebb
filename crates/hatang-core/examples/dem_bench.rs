//! Times loading an elevation file with `Tile::open` (and `Tile::read_hgt`
//! for `.hgt` files): best and median of `N` runs (default 30), and a
//! checksum of the heights to compare builds.
//!
//! `cargo run --release -p hatang-core --example dem_bench -- data/dem/N21E105.hgt [N]`

use std::time::Instant;

use hatang_core::terrain::{LoadOptions, Tile};

fn stats(mut t: Vec<f64>) -> (f64, f64) {
    t.sort_by(f64::total_cmp);
    (t[0], t[t.len() / 2])
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: dem_bench FILE [N]")?;
    let n: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(30);
    let opts = LoadOptions::default();
    let mut times = Vec::with_capacity(n);
    let mut tile = None;
    for _ in 0..n {
        let t = Instant::now();
        let loaded = Tile::open(&path, &opts)?;
        times.push(t.elapsed().as_secs_f64() * 1e3);
        tile = Some(loaded);
    }
    let tile = tile.ok_or("N must be at least 1")?;
    let sum = tile
        .heights()
        .iter()
        .fold(0u64, |a, h| a.rotate_left(5) ^ u64::from(h.to_bits()));
    let (best, median) = stats(times);
    println!(
        "Tile::open {}: best {best:.3} ms, median {median:.3} ms; {} voids found, {} filled, checksum {sum:016x}",
        tile.name(),
        tile.voids_found(),
        tile.voids_filled()
    );
    if path.ends_with(".hgt") {
        let bytes = std::fs::read(&path)?;
        let mut times = Vec::with_capacity(n);
        for _ in 0..n {
            let t = Instant::now();
            let loaded = Tile::from_hgt_bytes(&path, &bytes, &opts)?;
            times.push(t.elapsed().as_secs_f64() * 1e3);
            std::hint::black_box(loaded);
        }
        let (best, median) = stats(times);
        println!("Tile::from_hgt_bytes: best {best:.3} ms, median {median:.3} ms");
    }
    Ok(())
}
