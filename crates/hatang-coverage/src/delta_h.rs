//! ITM's terrain irregularity Δh (its `ComputeDeltaH`), computed as
//! `hatang_itm::delta_h` computes it but without its serial dependencies:
//! each resampled point's position is computed directly (ITM accumulates
//! it point by point), the fit's sums run in several lanes and the fitted
//! line is evaluated at each point, and the deciles are selected on
//! integer keys (ordered like `f64::total_cmp`), the lower one among the
//! values the upper one's partition left below it. The results differ
//! from ITM's in the last bits only; a test checks them to 1e-9.

const MAX_SAMPLES: usize = 245;

/// Δh (m) of the profile `z` (`np + 1` heights, `step` m apart) between
/// `d_start` and `d_end`.
pub(crate) fn delta_h(z: &[f64], step: f64, d_start: f64, d_end: f64) -> f64 {
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
    // ITM's first index, then for each point `p` the sample just above
    // (`ceil(p)`, kept in `[i + 1, np]`: ITM only moves forward and
    // extrapolates past either end).
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
    // ITM's trapezoidal least-squares fit over the whole resampled section.
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

    // Deviations, then the two deciles (order statistics), selected on
    // integer keys ordered as `f64::total_cmp` orders the values.
    let mut keys = [0i64; MAX_SAMPLES];
    for (j, (k, &sj)) in keys.iter_mut().zip(s).enumerate() {
        *k = order_key(sj - (fit_y + j as i64 as f64 * slope));
    }
    let keys = &mut keys[..n];
    let q10 = from_key(*keys.select_nth_unstable(n - p10).1);
    let q90 = from_key(*keys[..n - p10].select_nth_unstable(p10 - 1).1);
    (q10 - q90) / (1.0 - 0.8 * (-(d_end - d_start) / 50e3).exp())
}

/// An integer ordered as `f64::total_cmp` orders `x` (its own inverse).
#[inline]
fn order_key(x: f64) -> i64 {
    let b = x.to_bits() as i64;
    b ^ (((b >> 63) as u64) >> 1) as i64
}

#[inline]
fn from_key(k: i64) -> f64 {
    f64::from_bits((k ^ (((k >> 63) as u64) >> 1) as i64) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use hatang_core::rng::Rng;

    #[test]
    fn matches_hatang_itm() {
        let mut rng = Rng::new(42);
        for case in 0..2000 {
            let np = 2 + rng.below(900);
            let step = rng.range(10.0, 100.0);
            let mut z = Vec::with_capacity(np + 1);
            let mut h = rng.range(0.0, 500.0);
            for _ in 0..=np {
                h += rng.range(-30.0, 30.0);
                // Plateaus make ties.
                z.push(if case % 3 == 0 {
                    (h / 10.0).round() * 10.0
                } else {
                    h
                });
            }
            let d = np as f64 * step;
            let d_start = rng.range(0.0, 0.3 * d);
            let d_end = d - rng.range(0.0, 0.3 * d);
            let p = hatang_itm::Profile::new(step, &z).unwrap();
            let want = hatang_itm::delta_h(&p, d_start, d_end);
            let got = delta_h(&z, step, d_start, d_end);
            assert!(
                (got - want).abs() <= 1e-9 * want.abs().max(1.0),
                "case {case}: {got} vs {want}"
            );
        }
    }
}

#[cfg(test)]
mod timing {
    #[test]
    #[ignore = "timing; run with --release --ignored --nocapture"]
    fn delta_h_timing() {
        let mut rng = hatang_core::rng::Rng::new(1);
        let mut h = 200.0;
        let z: Vec<f64> = (0..=830)
            .map(|_| {
                h += rng.range(-20.0, 20.0);
                h
            })
            .collect();
        let mut s = 0.0;
        for k in 0..20_000 {
            let np = 300 + k % 500;
            s += super::delta_h(&z[..=np], 30.0, 450.0, np as f64 * 30.0 - 22.5);
        }
        let t = std::time::Instant::now();
        for k in 0..20_000 {
            let np = 300 + k % 500;
            s += super::delta_h(&z[..=np], 30.0, 450.0, np as f64 * 30.0 - 22.5);
        }
        let a = t.elapsed().as_secs_f64() / 20_000.0;
        let t = std::time::Instant::now();
        for k in 0..20_000 {
            let np = 300 + k % 500;
            let p = hatang_itm::Profile::new(30.0, &z[..=np]).unwrap();
            s += hatang_itm::delta_h(&p, 450.0, np as f64 * 30.0 - 22.5);
        }
        let b = t.elapsed().as_secs_f64() / 20_000.0;
        println!(
            "delta_h {:.0} ns, hatang-itm {:.0} ns ({s})",
            a * 1e9,
            b * 1e9
        );
    }
}
