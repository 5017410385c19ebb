//! Times `write_geotiff` into memory: reads the GeoTIFF given on the command
//! line, then writes it back `N` times (default 30) and prints the best and
//! median times and the size. With a third argument, also writes the result
//! to that path (to compare bytes with `cmp`).
//!
//! `cargo run --release -p hatang-raster --example geotiff_bench -- in.tif [N] [out.tif]`

use std::time::Instant;

use hatang_raster::{read_geotiff_file, write_geotiff, write_geotiff_file, GeoTiffOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: geotiff_bench IN.tif [N] [OUT.tif]")?;
    let n: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(30);
    let out = args.next();
    let raster = read_geotiff_file(&path)?;
    let opts = GeoTiffOptions {
        level: 1,
        ..GeoTiffOptions::default()
    };
    let (g, data) = (raster.grid(), raster.data());
    let ts = hatang_raster::geotiff::TILE_SIZE;
    let (across, down) = (g.width().div_ceil(ts), g.height().div_ceil(ts));
    let all_nan = (0..across * down)
        .filter(|i| {
            let (c0, r0) = (i % across * ts, i / across * ts);
            (r0..(r0 + ts).min(g.height())).all(|r| {
                data[g.index(c0, r)..g.index((c0 + ts).min(g.width()), r)]
                    .iter()
                    .all(|v| v.is_nan())
            })
        })
        .count();
    println!("{} tiles, {all_nan} without data", across * down);
    let mut times = Vec::with_capacity(n);
    let mut size = 0;
    for _ in 0..n {
        let mut buf = Vec::new();
        let t = Instant::now();
        write_geotiff(&mut buf, &raster, &opts)?;
        times.push(t.elapsed().as_secs_f64() * 1e3);
        size = buf.len();
    }
    times.sort_by(f64::total_cmp);
    println!(
        "write_geotiff {}x{}: best {:.2} ms, median {:.2} ms, {} bytes",
        raster.grid().width(),
        raster.grid().height(),
        times[0],
        times[n / 2],
        size
    );
    // The same grid without data: what a tile without data costs.
    let empty = hatang_raster::Raster::new(*raster.grid());
    let mut et = Vec::with_capacity(n);
    for _ in 0..n {
        let mut buf = Vec::new();
        let t = Instant::now();
        write_geotiff(&mut buf, &empty, &opts)?;
        et.push(t.elapsed().as_secs_f64() * 1e3);
    }
    et.sort_by(f64::total_cmp);
    println!(
        "write_geotiff without data: best {:.3} ms, median {:.3} ms",
        et[0],
        et[n / 2]
    );
    if let Some(out) = out {
        let mut ft = Vec::with_capacity(n);
        for _ in 0..n {
            // A new file each time, as for a job (not an overwrite).
            let _ = std::fs::remove_file(&out);
            let t = Instant::now();
            write_geotiff_file(&out, &raster, &opts)?;
            ft.push(t.elapsed().as_secs_f64() * 1e3);
        }
        ft.sort_by(f64::total_cmp);
        println!(
            "write_geotiff_file: best {:.2} ms, median {:.2} ms",
            ft[0],
            ft[n / 2]
        );
    }
    Ok(())
}
