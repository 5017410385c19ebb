//! ITM's terrain irregularity Δh (its `ComputeDeltaH`), computed exactly as
//! `hatang_itm::delta_h` computes it, without re-checking the profile,
//! stepping through the profile in one jump per resampled point, and
//! selecting the lower decile among the values the upper decile's
//! partition left below it. The deciles are order statistics, so the
//! numbers are the same; a test checks them bit for bit.

const MAX_SAMPLES: usize = 245;

/// Δh (m) of the profile `z` (`np + 1` heights, `step` m apart) between
/// `d_start` and `d_end`.
pub(crate) fn delta_h(z: &[f64], step: f64, d_start: f64, d_end: f64) -> f64 {
    let np = (z.len() - 1) as i64;
    let mut x_start = d_start / step;
    let x_end = d_end / step;
    if x_end - x_start < 2.0 {
        return 0.0;
    }
    let p10 = ((0.1 * (x_end - x_start + 8.0)) as i64).clamp(4, 25) as usize;
    let n = 10 * p10 - 5;
    let np_s = (n - 1) as f64;

    let dx = (x_end - x_start) / np_s;
    let mut i = (x_start as i64).clamp(0, np - 1);
    x_start -= i as f64 + 1.0;
    let mut buf = [0.0_f64; MAX_SAMPLES];
    for sj in buf.iter_mut().take(n) {
        while x_start > 0.0 && i + 1 < np {
            x_start -= 1.0;
            i += 1;
        }
        let iu = i as usize;
        *sj = z[iu + 1] + (z[iu + 1] - z[iu]) * x_start;
        x_start += dx;
    }
    let s = &buf[..n];
    // ITM's trapezoidal least-squares fit over the whole resampled section.
    let x_length = np_s;
    let mut mid = -0.5 * x_length;
    let mid_end = np_s + mid;
    let mut sum_y = 0.5 * (s[0] + s[n - 1]);
    let mut scaled_sum_y = 0.5 * (s[0] - s[n - 1]) * mid;
    for &h in &s[1..n - 1] {
        mid += 1.0;
        sum_y += h;
        scaled_sum_y += h * mid;
    }
    sum_y /= x_length;
    scaled_sum_y = scaled_sum_y * 12.0 / ((x_length * x_length + 2.0) * x_length);
    let mut fit_y = sum_y - scaled_sum_y * mid_end;
    let fit_end = sum_y + scaled_sum_y * (np_s - mid_end);
    let slope = (fit_end - fit_y) / np_s;

    // Deviations, then the two deciles (order statistics).
    let s = &mut buf[..n];
    for sj in s.iter_mut() {
        *sj -= fit_y;
        fit_y += slope;
    }
    let q10 = *s.select_nth_unstable_by(n - p10, f64::total_cmp).1;
    let q90 = *s[..n - p10]
        .select_nth_unstable_by(p10 - 1, f64::total_cmp)
        .1;
    (q10 - q90) / (1.0 - 0.8 * (-(d_end - d_start) / 50e3).exp())
}

#[cfg(test)]
mod tests {
    use super::*;
    use hatang_core::rng::Rng;

    #[test]
    fn matches_hatang_itm_bit_for_bit() {
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
            assert_eq!(
                got.to_bits(),
                want.to_bits(),
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
