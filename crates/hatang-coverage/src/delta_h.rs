//! ITM's terrain irregularity Δh (its `ComputeDeltaH`), computed as
//! `hatang_itm::delta_h` computes it but without its serial dependencies
//! and without sorting.
//!
//! Each resampled point's position is computed directly (ITM accumulates
//! it point by point); as the sample a point interpolates from never goes
//! back, only a first and a last few need ITM's clamp, and the others go
//! four at a time. The fit's sums run in four lanes, and the fitted line
//! is evaluated at each point. The two deciles come from a histogram of
//! the deviations, on bins a sixteenth of their (estimated) rms wide — a
//! monotone function of the deviation: the counts give the bin of each
//! decile and its rank there, and only the few deviations in that bin are
//! ranked, on integer keys ordered like `f64::total_cmp`. So the deciles
//! are exactly the order statistics a selection would give, and the
//! results differ from ITM's in the last bits only (a test checks them to
//! 1e-9).

/// At most `10·25 − 5` points.
const MAX_SAMPLES: usize = 245;
/// The histogram: `BINS` bins `1 / BINS_PER_SIGMA` of the deviations' rms
/// wide, centred on zero; the outer ones take the rest.
const BINS: usize = 128;
const BINS_PER_SIGMA: f64 = 16.0;
/// `1.5·2⁵²`: adding and subtracting it rounds an `f64` below 2⁵¹ in
/// magnitude to a whole number.
const ROUND: f64 = 6_755_399_441_055_744.0;
/// `2⁵²`: a whole number in `[0, 2⁵²)` plus this has the number in its
/// low bits.
const EXTRACT: f64 = 4_503_599_627_370_496.0;
const LOW32: u64 = (1 << 32) - 1;
/// `2²³`: the same for `f32` and numbers in `[0, 2²³)`.
const EXTRACT_32: f32 = 8_388_608.0;

/// Δh (m) of the profile `z` (`np + 1` heights, `step` m apart) between
/// `d_start` and `d_end`. (Public for the benchmark example only.)
///
/// ```
/// let z = [0.0, 10.0, 0.0, 10.0, 0.0, 10.0, 0.0, 10.0, 0.0];
/// let dh = hatang_coverage::delta_h(&z, 30.0, 0.0, 240.0);
/// assert!(dh > 0.0 && dh.is_finite());
/// assert_eq!(hatang_coverage::delta_h(&[5.0; 9], 30.0, 0.0, 240.0), 0.0);
/// ```
pub fn delta_h(z: &[f64], step: f64, d_start: f64, d_end: f64) -> f64 {
    let x_start = d_start / step;
    let x_end = d_end / step;
    if x_end - x_start < 2.0 {
        return 0.0;
    }
    let p10 = ((0.1 * (x_end - x_start + 8.0)) as i64).clamp(4, 25) as usize;
    let n = 10 * p10 - 5;
    let scale = 1.0 - 0.8 * (-(d_end - d_start) / 50e3).exp();

    let mut buf = [0.0_f64; MAX_SAMPLES];
    let s = &mut buf[..n];
    resample(z, x_start, x_end, s);
    let line = fit(s);
    let (q10, q90) = deciles(s, &line, p10);
    (q10 - q90) / scale
}

/// Resamples the section `[x_start, x_end]` (in steps) of `z` to `s` as
/// ITM does.
///
/// Point `j` is at `p = x_start + j·dx` (ITM accumulates it); its height
/// is interpolated from the sample just above, `k = ceil(p)` kept in
/// `[k_min, np]` (ITM starts there and only moves forward, extrapolating
/// past either end): `z[k] + (z[k] − z[k − 1])·(p − k)`. As `ceil(p)`
/// never decreases with `j`, only a first few and a last few points can
/// need the clamp; the others, between, go four at a time without it.
fn resample(z: &[f64], x_start: f64, x_end: f64, s: &mut [f64]) {
    let n = s.len();
    let np = z.len() - 1;
    let dx = (x_end - x_start) / (n - 1) as i64 as f64;
    let k_min = (x_start as i64).clamp(0, np as i64 - 1) + 1;
    let at = Section {
        x_start,
        dx,
        lo: k_min as f64,
        hi: np as f64,
    };
    let mut j_lo = 0;
    while j_lo < n && at.clamped(j_lo as f64) {
        s[j_lo] = at.height(z, j_lo as f64);
        j_lo += 1;
    }
    let mut j_hi = n;
    while j_hi > j_lo && at.clamped((j_hi - 1) as f64) {
        j_hi -= 1;
        s[j_hi] = at.height(z, j_hi as f64);
    }
    let mut chunks = s[j_lo..j_hi].chunks_exact_mut(4);
    let j0 = j_lo as f64;
    let mut jf = [j0, j0 + 1.0, j0 + 2.0, j0 + 3.0];
    for c in &mut chunks {
        let mut x = [0.0; 4];
        let mut i = [0usize; 4];
        for l in 0..4 {
            (x[l], i[l]) = at.unclamped(jf[l]);
            jf[l] += 4.0;
        }
        let mut a = [0.0; 4];
        let mut b = [0.0; 4];
        for l in 0..4 {
            (a[l], b[l]) = pair(z, i[l]);
        }
        for l in 0..4 {
            c[l] = b[l] + (b[l] - a[l]) * x[l];
        }
    }
    for (l, h) in chunks.into_remainder().iter_mut().enumerate() {
        *h = at.height(z, jf[l]);
    }
}

/// Where the resampled points fall: see [`resample`].
struct Section {
    x_start: f64,
    dx: f64,
    /// `k_min` and `np`, as `f64`.
    lo: f64,
    hi: f64,
}

impl Section {
    /// Point `j`'s position `p` (`j` as `f64`) and `ceil(p)` (for
    /// `|p| < 2⁵¹`; NaN stays NaN).
    #[inline(always)]
    fn ceil(&self, j: f64) -> (f64, f64) {
        let p = self.x_start + j * self.dx;
        let r = (p + ROUND) - ROUND;
        (p, r + if r < p { 1.0 } else { 0.0 })
    }

    /// Whether point `j` needs the clamp (or is NaN).
    #[inline(always)]
    fn clamped(&self, j: f64) -> bool {
        let c = self.ceil(j).1;
        !(c >= self.lo && c <= self.hi)
    }

    /// `(p − k, k − 1)` for point `j`, `k = ceil(p)` in `[1, 2³²]`.
    #[inline(always)]
    fn unclamped(&self, j: f64) -> (f64, usize) {
        let (p, c) = self.ceil(j);
        (p - c, index(c))
    }

    /// Point `j`'s height, with the clamp (NaN goes to `k_min`).
    #[inline(always)]
    fn height(&self, z: &[f64], j: f64) -> f64 {
        let (p, c) = self.ceil(j);
        let c = if c > self.lo { c } else { self.lo };
        let c = if c < self.hi { c } else { self.hi };
        let (a, b) = pair(z, index(c));
        b + (b - a) * (p - c)
    }
}

/// `(z[i], z[i + 1])`.
#[inline(always)]
fn pair(z: &[f64], i: usize) -> (f64, f64) {
    let w = &z[i..i + 2];
    (w[0], w[1])
}

/// `k − 1` for a whole `k` in `[1, 2³²]`: the low bits of `k − 1 + 2⁵²`.
#[inline(always)]
fn index(k: f64) -> usize {
    ((k + (EXTRACT - 1.0)).to_bits() & LOW32) as usize
}

/// A fitted line: its value at the section's start, and its slope (per
/// point).
struct Line {
    y0: f64,
    slope: f64,
}

impl Line {
    /// The deviation of height `h` of point `j` (as `f64`).
    #[inline(always)]
    fn dev(&self, h: f64, j: f64) -> f64 {
        h - (self.y0 + j * self.slope)
    }
}

/// ITM's trapezoidal least-squares line through `s` (its sums in four
/// lanes, inner point `j` in lane `(j − 1) mod 4`).
fn fit(s: &[f64]) -> Line {
    let n = s.len();
    let np_s = (n - 1) as i64 as f64;
    let x_length = np_s;
    let mid0 = -0.5 * x_length;
    let mid_end = np_s + mid0;
    let mut sum = [[0.0f64; 2]; 2];
    let mut scaled = [[0.0f64; 2]; 2];
    let mut w = [[mid0 + 1.0, mid0 + 2.0], [mid0 + 3.0, mid0 + 4.0]];
    let mut chunks = s[1..n - 1].chunks_exact(4);
    for c in &mut chunks {
        for h in 0..2 {
            for l in 0..2 {
                let v = c[2 * h + l];
                sum[h][l] += v;
                scaled[h][l] += v * w[h][l];
                w[h][l] += 4.0;
            }
        }
    }
    let mut sum = [sum[0][0], sum[0][1], sum[1][0], sum[1][1]];
    let mut scaled = [scaled[0][0], scaled[0][1], scaled[1][0], scaled[1][1]];
    let w = [w[0][0], w[0][1], w[1][0], w[1][1]];
    for (l, &v) in chunks.remainder().iter().enumerate() {
        sum[l] += v;
        scaled[l] += v * w[l];
    }
    let mut sum_y = 0.5 * (s[0] + s[n - 1]) + ((sum[0] + sum[1]) + (sum[2] + sum[3]));
    let mut scaled_sum_y =
        0.5 * (s[0] - s[n - 1]) * mid0 + ((scaled[0] + scaled[1]) + (scaled[2] + scaled[3]));
    sum_y /= x_length;
    scaled_sum_y = scaled_sum_y * 12.0 / ((x_length * x_length + 2.0) * x_length);
    let fit_y = sum_y - scaled_sum_y * mid_end;
    let fit_end = sum_y + scaled_sum_y * (np_s - mid_end);
    Line {
        y0: fit_y,
        slope: (fit_end - fit_y) / np_s,
    }
}

/// The p10-th largest and the p10-th smallest deviation of `s` from
/// `line` (as `total_cmp` orders them).
fn deciles(s: &[f64], line: &Line, p10: usize) -> (f64, f64) {
    let n = s.len();
    // The deviations' rms, estimated from every eighth (only the bins'
    // width depends on it: a poor estimate makes the decile's bin fuller).
    let (mut sq, mut count) = (0.0, 0.0);
    for j in (3..n).step_by(8) {
        let d = line.dev(s[j], j as f64);
        sq += d * d;
        count += 1.0;
    }
    let mut rms = (sq / count).sqrt();
    if !(rms > 0.0 && rms.is_finite()) {
        // Then from all of them.
        let mut sq = 0.0;
        let mut zero = true;
        for (j, &h) in s.iter().enumerate() {
            let d = line.dev(h, j as f64);
            sq += d * d;
            zero &= d == 0.0;
        }
        if zero {
            // All deviations ±0: the difference is +0 whichever they are.
            return (0.0, 0.0);
        }
        if !(sq > 0.0 && sq.is_finite()) {
            // NaN or infinite heights, or deviations that underflow.
            return deciles_by_selection(s, line, p10);
        }
        rms = (sq / n as f64).sqrt();
    }

    // Each deviation's bin, sixteen at a time (past `n`: no bin).
    let inv_w = BINS_PER_SIGMA / rms;
    let centre = (BINS / 2) as f32;
    let top = (BINS - 1) as f32;
    let bin = |d: f64| {
        // Scaled, in single precision (each step is monotone).
        let v = (d * inv_w) as f32 + centre;
        let v = if v > 0.0 { v } else { 0.0 };
        let v = if v < top { v } else { top };
        // Rounded to a whole number, in the low bits.
        (v + EXTRACT_32).to_bits()
    };
    let mut bins = [u8::MAX; 256];
    let mut bchunks = bins[..n].chunks_exact_mut(16);
    let mut schunks = s.chunks_exact(16);
    let mut base = 0.0;
    for (b, h) in (&mut bchunks).zip(&mut schunks) {
        let mut t = [0u32; 16];
        for l in 0..16 {
            t[l] = bin(line.dev(h[l], base + l as f64));
        }
        for l in 0..16 {
            b[l] = t[l] as u8;
        }
        base += 16.0;
    }
    for (l, (b, &h)) in bchunks
        .into_remainder()
        .iter_mut()
        .zip(schunks.remainder())
        .enumerate()
    {
        *b = bin(line.dev(h, base + l as f64)) as u8;
    }

    // The histogram, in four interleaved ones so that repeated bins (of
    // nearby points) don't wait on each other.
    let mut hists = [[0u8; BINS]; 4];
    let mut chunks = bins[..n].chunks_exact(4);
    for c in &mut chunks {
        for l in 0..4 {
            hists[l][usize::from(c[l]) % BINS] += 1;
        }
    }
    for &b in chunks.remainder() {
        hists[0][usize::from(b) % BINS] += 1;
    }
    let mut hist = [0u8; BINS];
    for (b, h) in hist.iter_mut().enumerate() {
        *h = hists[0][b] + hists[1][b] + hists[2][b] + hists[3][b];
    }
    let (b_hi, above) = decile_bin(&hist, p10, true);
    let (b_lo, below) = decile_bin(&hist, p10, false);
    let m_hi = usize::from(hist[b_hi]);
    let m_lo = usize::from(hist[b_lo]);

    // Which points are in those two bins, 64 at a time (point `8w + b` of
    // each 64 as bit `8b + w`); then their ranks.
    let (mut in_hi, mut in_lo) = ([0u64; 4], [0u64; 4]);
    let pat_hi = 0x0101_0101_0101_0101u64 * b_hi as u64;
    let pat_lo = 0x0101_0101_0101_0101u64 * b_lo as u64;
    for ((hi, lo), c) in in_hi.iter_mut().zip(&mut in_lo).zip(bins.chunks_exact(64)) {
        let (mut h, mut l) = (0, 0);
        for (w, c) in c.chunks_exact(8).enumerate() {
            let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h |= zero_bytes(v ^ pat_hi) >> (7 - w);
            l |= zero_bytes(v ^ pat_lo) >> (7 - w);
        }
        (*hi, *lo) = (h, l);
    }
    let q10 = nth_in_bin(s, line, &in_hi, m_hi, m_hi + above - p10);
    let q90 = nth_in_bin(s, line, &in_lo, m_lo, p10 - 1 - below);
    (q10, q90)
}

/// The bin of `hist` that holds the p10-th largest (`from_top`) or the
/// p10-th smallest value, and how many values lie beyond it.
#[inline(always)]
fn decile_bin(hist: &[u8; BINS], p10: usize, from_top: bool) -> (usize, usize) {
    let words = BINS / 8;
    let mut beyond = 0;
    for t in 0..words {
        let w = if from_top { words - 1 - t } else { t };
        let g = &hist[w * 8..w * 8 + 8];
        let g = u64::from_le_bytes([g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7]]);
        // The sum of the eight counts (below 256).
        let c = (g.wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize;
        if beyond + c >= p10 {
            for u in 0..8 {
                let b = if from_top { w * 8 + 7 - u } else { w * 8 + u };
                let c = usize::from(hist[b]);
                if beyond + c >= p10 {
                    return (b, beyond);
                }
                beyond += c;
            }
        }
        beyond += c;
    }
    unreachable!("the histogram holds at least p10 values")
}

/// The `t`-th smallest (from 0) deviation of the `m` points whose bits
/// are set in `mask` (point `64k + 8w + b` as bit `8b + w` of `mask[k]`):
/// by sorting networks on their order keys when they are at most 16, else
/// by a selection.
#[inline(always)]
fn nth_in_bin(s: &[f64], line: &Line, mask: &[u64; 4], m: usize, t: usize) -> f64 {
    let key = |j: usize| order_key(line.dev(s[j], j as f64));
    if m > 16 {
        let mut keys = [0i64; MAX_SAMPLES];
        let mut i = 0;
        for_points(mask, |j| {
            keys[i] = key(j);
            i += 1;
        });
        return from_key(*keys[..i].select_nth_unstable(t).1);
    }
    let mut k = [i64::MAX; 16];
    let mut i = 0;
    for_points(mask, |j| {
        if let Some(slot) = k.get_mut(i) {
            *slot = key(j);
        }
        i += 1;
    });
    // Batcher's odd–even merge sort: eight, eight more, then the merge.
    macro_rules! sort2 {
        ($($a:literal $b:literal),*) => {$(
            let (x, y) = (k[$a], k[$b]);
            k[$a] = x.min(y);
            k[$b] = x.max(y);
        )*};
    }
    sort2!(0 1, 2 3, 0 2, 1 3, 1 2, 4 5, 6 7, 4 6, 5 7, 5 6);
    sort2!(0 4, 2 6, 2 4, 1 5, 3 7, 3 5, 1 2, 3 4, 5 6);
    if m > 8 {
        sort2!(8 9, 10 11, 8 10, 9 11, 9 10, 12 13, 14 15, 12 14, 13 15, 13 14);
        sort2!(8 12, 10 14, 10 12, 9 13, 11 15, 11 13, 9 10, 11 12, 13 14);
        sort2!(0 8, 4 12, 4 8, 2 10, 6 14, 6 10, 2 4, 6 8, 10 12);
        sort2!(1 9, 5 13, 5 9, 3 11, 7 15, 7 11, 3 5, 7 9, 11 13);
        sort2!(1 2, 3 4, 5 6, 7 8, 9 10, 11 12, 13 14);
    }
    from_key(k[t % 16])
}

/// Calls `f` with each point whose bit is set in `mask` (see
/// [`nth_in_bin`]).
#[inline(always)]
fn for_points(mask: &[u64; 4], mut f: impl FnMut(usize)) {
    for (k, &bits) in mask.iter().enumerate() {
        let mut bits = bits;
        while bits != 0 {
            let bit = bits.trailing_zeros() as usize;
            f(k * 64 + bit % 8 * 8 + bit / 8);
            bits &= bits - 1;
        }
    }
}

/// The high bit of each zero byte of `v`.
#[inline(always)]
fn zero_bytes(v: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    !(((v & LOW7) + LOW7) | v | LOW7)
}

/// [`deciles`] by a selection on all the deviations.
fn deciles_by_selection(s: &[f64], line: &Line, p10: usize) -> (f64, f64) {
    let n = s.len();
    let mut keys = [0i64; MAX_SAMPLES];
    for (j, (k, &h)) in keys.iter_mut().zip(s).enumerate() {
        *k = order_key(line.dev(h, j as f64));
    }
    let keys = &mut keys[..n];
    let q10 = from_key(*keys.select_nth_unstable(n - p10).1);
    let q90 = from_key(*keys[..n - p10].select_nth_unstable(p10 - 1).1);
    (q10, q90)
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
            assert_matches_itm(&z, step, d_start, d_end, case);
        }
    }

    /// `delta_h` within 1e-9 of `hatang_itm::delta_h`.
    fn assert_matches_itm(z: &[f64], step: f64, d_start: f64, d_end: f64, case: usize) {
        let p = hatang_itm::Profile::new(step, z).unwrap();
        let want = hatang_itm::delta_h(&p, d_start, d_end);
        let got = delta_h(z, step, d_start, d_end);
        assert!(
            (got - want).abs() <= 1e-9 * want.abs().max(1.0),
            "case {case}: {got} vs {want}"
        );
    }

    /// Profiles of several kinds, on sections of 245 points (the usual
    /// case), of 35 (the fewest) and between, some past the profile's ends.
    #[test]
    fn matches_hatang_itm_on_all_sizes_and_kinds() {
        let mut rng = Rng::new(7);
        for case in 0..3000 {
            let np = 3 + rng.below(900);
            let step = rng.range(10.0, 100.0);
            let mut h = rng.range(-50.0, 500.0);
            let mut g = 0.0;
            let z: Vec<f64> = (0..=np)
                .map(|i| match case % 8 {
                    // Rough, and smooth.
                    0 => {
                        h += rng.range(-30.0, 30.0);
                        h
                    }
                    1 => {
                        g = 0.95 * g + rng.range(-2.0, 2.0);
                        h += g;
                        h
                    }
                    // Whole metres, as SRTM's, and wide plateaus.
                    2 => {
                        h += rng.range(-3.0, 3.0);
                        h.round()
                    }
                    3 => {
                        h += rng.range(-30.0, 30.0);
                        (h / 25.0).round() * 25.0
                    }
                    // Flat (sea), level, a ramp.
                    4 => 0.0,
                    5 => 137.0,
                    6 => 12.5 + 0.75 * i as f64,
                    // A step with a spike.
                    _ => {
                        if i == np / 3 {
                            900.0
                        } else if i < np / 2 {
                            10.0
                        } else {
                            60.0
                        }
                    }
                })
                .collect();
            let d = np as f64 * step;
            let (d_start, d_end) = match case % 5 {
                // 245 points.
                0 | 1 => (rng.range(0.0, 450.0), d - rng.range(0.0, 22.5)),
                // 35 points (2 to 32 steps).
                2 => {
                    let a = rng.range(0.0, 0.5 * d);
                    (a, a + step * rng.range(2.0, 32.0))
                }
                // Past the ends.
                3 => (rng.range(-3.0, 0.0) * step, d + rng.range(0.0, 3.0) * step),
                _ => {
                    let a = rng.range(0.0, 0.8 * d);
                    (a, rng.range(a, d))
                }
            };
            assert_matches_itm(&z, step, d_start, d_end, case);
        }
    }

    /// A NaN or infinite height in the section makes Δh NaN (`hatang_itm`
    /// refuses such profiles); one outside it is never read.
    #[test]
    fn non_finite_heights() {
        let z: Vec<f64> = (0..=400).map(|i| (i as f64 * 0.37).sin() * 40.0).collect();
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            for at in [0, 5, 99, 100, 150, 400] {
                let mut zb = z.clone();
                zb[at] = bad;
                for (d_start, d_end) in [(450.0, 11_977.5), (0.0, 12_000.0), (3_000.0, 3_600.0)] {
                    let got = delta_h(&zb, 30.0, d_start, d_end);
                    // Samples `floor(x_start)` to `ceil(x_end)` are read.
                    if (d_start / 30.0).floor() as usize <= at
                        && at <= (d_end / 30.0).ceil() as usize
                    {
                        assert!(got.is_nan(), "{bad} at {at}, {d_start}..{d_end}: {got}");
                    } else {
                        let want = delta_h(&z, 30.0, d_start, d_end);
                        assert_eq!(
                            got.to_bits(),
                            want.to_bits(),
                            "{bad} at {at}, {d_start}..{d_end}"
                        );
                    }
                }
            }
        }
    }

    /// The deciles against a sort, on deviations made to be awkward: ties,
    /// zeros of both signs, a few huge ones, all alike, tiny ones.
    #[test]
    fn deciles_match_a_sort() {
        let mut rng = Rng::new(11);
        let level = Line {
            y0: 0.0,
            slope: 0.0,
        };
        for case in 0..4000 {
            let p10 = 4 + rng.below(22);
            let n = 10 * p10 - 5;
            let s: Vec<f64> = (0..n)
                .map(|_| match case % 6 {
                    0 => rng.normal() * 10.0,
                    1 => (rng.normal() * 3.0).round(),
                    2 => [0.0, -0.0, 1.0, -1.0][rng.below(4)],
                    3 => {
                        if rng.chance(0.05) {
                            rng.normal() * 1e12
                        } else {
                            rng.normal() * 1e-3
                        }
                    }
                    4 => {
                        if rng.chance(0.8) {
                            4.25
                        } else {
                            rng.normal()
                        }
                    }
                    _ => rng.normal() * 1e-300,
                })
                .collect();
            let mut sorted = s.clone();
            sorted.sort_by(f64::total_cmp);
            let (q10, q90) = deciles(&s, &level, p10);
            assert_eq!(
                (q10.to_bits(), q90.to_bits()),
                (sorted[n - p10].to_bits(), sorted[p10 - 1].to_bits()),
                "case {case}"
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
