//! Δh (ITM's terrain irregularity) on real profiles: the engine's
//! `delta_h` against its previous version (kept below as `delta_h_old`),
//! single thread, best of 5 passes, ns per call; and whether their results
//! differ:
//! `cargo run --release -p hatang-coverage --example delta_h_bench -- [N_PROFILES] [DEM_DIR]`
//!
//! The profiles (2,000 by default) are cut at 30 m steps from 21.4708 N
//! 105.435 E at random bearings, 2–25 km long. Three in four are measured
//! from `min(450 m, 0.1·d_hzn)` to `d − min(22.5 m, 0.1·d_hzn)` (ITM's ends
//! for a 30 m transmitter and a 1.5 m receiver, with random horizon
//! distances), the fourth on a random section as the engine's grid of Δh
//! asks. Timed twice: as the profiles lie in memory, and each first copied
//! to one buffer (as the engine's profile is at hand; the copying timed
//! alone and taken off).
use hatang_core::geo::LatLon;
use hatang_core::rng::Rng;
use hatang_core::terrain::{Elevation, LoadOptions, Mosaic};
use std::hint::black_box;
use std::time::Instant;

/// `delta_h`'s signature.
type DeltaH = fn(&[f64], f64, f64, f64) -> f64;

struct Case {
    z: Vec<f64>,
    step: f64,
    d_start: f64,
    d_end: f64,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let count: usize = a.first().and_then(|s| s.parse().ok()).unwrap_or(2000);
    let dem_dir = a.get(1).cloned().unwrap_or_else(|| "data/dem".into());
    let dem = Mosaic::load_dir(&dem_dir, &LoadOptions::default())?;
    let site = LatLon::new(21.4708, 105.435);
    let mut rng = Rng::new(7);
    let mut pfl = Vec::new();
    let mut cases = Vec::with_capacity(count);
    while cases.len() < count {
        let to = site.destination(rng.range(0.0, 360.0), rng.range(2_000.0, 25_000.0));
        dem.profile_into(site, to, 30.0, &mut pfl)?;
        let step = pfl[1];
        let z = pfl[2..].to_vec();
        let d = (z.len() - 1) as f64 * step;
        let (d_start, d_end) = if cases.len() % 4 == 3 {
            // A section of the engine's grid: any start, any end.
            let a = rng.range(0.0, 0.5 * d);
            (a, rng.range(a + 3.0 * step, d))
        } else {
            let start = 450.0f64.min(0.1 * rng.range(0.05, 1.0) * d);
            (start, d - 22.5f64.min(0.1 * rng.range(0.05, 1.0) * d))
        };
        cases.push(Case {
            z,
            step,
            d_start,
            d_end,
        });
    }
    let full = cases
        .iter()
        .filter(|c| (c.d_end - c.d_start) / c.step >= 242.0)
        .count();

    let mut worst = 0.0f64;
    let mut differ = 0;
    for c in &cases {
        let old = delta_h_old(&c.z, c.step, c.d_start, c.d_end);
        let new = hatang_coverage::delta_h(&c.z, c.step, c.d_start, c.d_end);
        if old.to_bits() != new.to_bits() {
            differ += 1;
            worst = worst.max((old - new).abs() / old.abs().max(1.0));
        }
    }
    println!(
        "{} profiles ({} with n = 245): {} results differ from the old ones, by at most {:e} (relative)",
        cases.len(),
        full,
        differ,
        worst
    );

    let time = |f: DeltaH| {
        let mut best = f64::INFINITY;
        let mut s = 0.0;
        for _ in 0..5 {
            let t = Instant::now();
            for c in &cases {
                s += f(black_box(&c.z), c.step, c.d_start, c.d_end);
            }
            best = best.min(t.elapsed().as_secs_f64());
        }
        black_box(s);
        best / cases.len() as f64 * 1e9
    };
    // The same with each profile first copied to one buffer, as the
    // engine's profiles are at hand (less the copying).
    let hot = |f: DeltaH| {
        let mut best = f64::INFINITY;
        let mut s = 0.0;
        let mut buf = vec![0.0; cases.iter().map(|c| c.z.len()).max().unwrap_or(0)];
        for _ in 0..5 {
            let t = Instant::now();
            for c in &cases {
                let z = &mut buf[..c.z.len()];
                z.copy_from_slice(&c.z);
                s += f(black_box(z), c.step, c.d_start, c.d_end);
            }
            best = best.min(t.elapsed().as_secs_f64());
        }
        black_box(s);
        best / cases.len() as f64 * 1e9
    };
    let copy: DeltaH = |z, _, _, _| z[0];
    // Both warmed up first.
    time(delta_h_old);
    time(hatang_coverage::delta_h);
    let old = time(delta_h_old);
    let new = time(hatang_coverage::delta_h);
    println!(
        "profiles in memory: old {old:.1} ns/call, new {new:.1} ns/call, {:.2}x",
        old / new
    );
    let base = hot(copy);
    let old = hot(delta_h_old) - base;
    let new = hot(hatang_coverage::delta_h) - base;
    println!(
        "profiles in cache: old {old:.1} ns/call, new {new:.1} ns/call, {:.2}x (less {base:.1} ns of copying)",
        old / new
    );
    Ok(())
}

/// The previous `delta_h`, verbatim.
fn delta_h_old(z: &[f64], step: f64, d_start: f64, d_end: f64) -> f64 {
    const MAX_SAMPLES: usize = 245;
    let np = (z.len() - 1) as i64;
    let x_start = d_start / step;
    let x_end = d_end / step;
    if x_end - x_start < 2.0 {
        return 0.0;
    }
    let p10 = ((0.1 * (x_end - x_start + 8.0)) as i64).clamp(4, 25) as usize;
    let n = 10 * p10 - 5;
    let np_s = (n - 1) as i64 as f64;

    let dx = (x_end - x_start) / np_s;
    let k_min = (x_start as i64).clamp(0, np - 1) + 1;
    let mut buf = [0.0_f64; MAX_SAMPLES];
    for (j, sj) in buf[..n].iter_mut().enumerate() {
        let p = x_start + j as i64 as f64 * dx;
        let t = p as i64;
        let k = (t + i64::from((t as f64) < p)).clamp(k_min, np) as usize;
        let x = p - k as f64;
        *sj = z[k] + (z[k] - z[k - 1]) * x;
    }
    let s = &buf[..n];
    let x_length = np_s;
    let mid0 = -0.5 * x_length;
    let mid_end = np_s + mid0;
    let mut sum = [0.0f64; 4];
    let mut scaled = [0.0f64; 4];
    let inner = &s[1..n - 1];
    let mut chunks = inner.chunks_exact(4);
    let mut base = mid0 + 1.0;
    for c in &mut chunks {
        for l in 0..4 {
            sum[l] += c[l];
            scaled[l] += c[l] * (base + l as f64);
        }
        base += 4.0;
    }
    for (l, &h) in chunks.remainder().iter().enumerate() {
        sum[l] += h;
        scaled[l] += h * (base + l as f64);
    }
    let mut sum_y = 0.5 * (s[0] + s[n - 1]) + ((sum[0] + sum[1]) + (sum[2] + sum[3]));
    let mut scaled_sum_y =
        0.5 * (s[0] - s[n - 1]) * mid0 + ((scaled[0] + scaled[1]) + (scaled[2] + scaled[3]));
    sum_y /= x_length;
    scaled_sum_y = scaled_sum_y * 12.0 / ((x_length * x_length + 2.0) * x_length);
    let fit_y = sum_y - scaled_sum_y * mid_end;
    let fit_end = sum_y + scaled_sum_y * (np_s - mid_end);
    let slope = (fit_end - fit_y) / np_s;

    let mut keys = [0i64; MAX_SAMPLES];
    for (j, (k, &sj)) in keys.iter_mut().zip(s).enumerate() {
        *k = order_key(sj - (fit_y + j as i64 as f64 * slope));
    }
    let keys = &mut keys[..n];
    let q10 = from_key(*keys.select_nth_unstable(n - p10).1);
    let q90 = from_key(*keys[..n - p10].select_nth_unstable(p10 - 1).1);
    (q10 - q90) / (1.0 - 0.8 * (-(d_end - d_start) / 50e3).exp())
}

#[inline]
fn order_key(x: f64) -> i64 {
    let b = x.to_bits() as i64;
    b ^ (((b >> 63) as u64) >> 1) as i64
}

#[inline]
fn from_key(k: i64) -> f64 {
    f64::from_bits((k ^ (((k >> 63) as u64) >> 1) as i64) as u64)
}
