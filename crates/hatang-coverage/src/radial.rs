//! The radial engine: basic transmission loss around a site, reusing
//! everything a profile shares with its prefix.
//!
//! # Radials
//!
//! Radials leave the site at equal angles in the site's local
//! equirectangular frame (where the pixels of `GeoGrid::around` form an
//! exact square lattice, and where a straight line is a straight line in
//! latitude/longitude, like the exact mode's profiles). They are sampled
//! every resolution step. Near the site fewer radials suffice: level `l`
//! has `n0·2^l` radials and serves the distances where their spacing is at
//! most `spacing × resolution`.
//!
//! A radial born at level `l` does not trace its first part: it inherits
//! the state of its neighbour of the coarser level (the one
//! counter-clockwise of it) at its first distance — the terrain heights
//! and prefix sums so far, the upper hull, the transmitter's horizon — and
//! goes on with its own terrain.
//!
//! Along a radial, ITM's profile functions are replicated incrementally:
//! the mean system height (for N_s) and the least-squares fits from prefix
//! sums of `z` and `i·z` (O(1), with ITM's own index truncation); the
//! transmitter's horizon as a running maximum (O(1)); the receiver's
//! horizon as the tangent from the receiver to the upper convex hull of
//! the curvature-corrected points `(x_i, z_i − x_i²/2a)` — the elevation
//! angle from the receiver to point `i` is `(w_i − w_rx)/(d − x_i) − d/a`
//! — found by binary search (O(log n)); Δh with ITM's own algorithm at
//! checkpoints spaced geometrically along the radial and at window starts
//! every 50 m, interpolated bilinearly (the window's start follows the
//! transmitter's horizon, `min(15 h_tx, 0.1 d_hzn)`, and matters). A
//! radial of the finest level (within a pixel and a half of the radial it
//! was born from wherever it serves pixels), or one that stays within
//! `delta_h_share_m` (150 m) of it — the three finest levels at 30 m —
//! takes Δh from that radial's profile and grid (computing on that
//! profile what the grid lacks). On the reference job (30 m) the finest
//! level alone saves a quarter of the Δh computations (140k → 106k) and
//! the three finest 60 % more (→ 43k), for 0.09 dB on the 95th
//! percentile of |fast − exact|.
//!
//! # ITM: radials for the far field, the pixel's own samples near it
//!
//! ITM's answer hinges on the receiver's horizon, which moves with the
//! terrain right around the receiver: moving a profile's end by 5 m, or
//! re-sampling the same line at 27 m instead of 30 m, already changes the
//! loss by more than 1 dB for one pixel in twenty on Phú Thọ's hills.
//! Values taken from nearby radial samples therefore cannot follow the
//! exact per-pixel profile. So for ITM every pixel is computed on its own
//! profile, pieced together: its last `near` samples (3 by default at 45 m
//! or finer, 8 above: the last few hundred metres, where the receiver's
//! horizon and the foreground fit are decided) are cut on the exact mode's
//! line at the exact mode's fractions (the line stepped in the tile's
//! grid coordinates: the same heights to a few ulps), and the rest comes from
//! the nearest radial: prefix sums for the mean height and the fits, the
//! transmitter's running horizon and the receiver's hull (both lagging so
//! as to cover only the far part), each candidate horizon re-evaluated at
//! the pixel's own sample positions (the transmitter's best three — the
//! best one with its two neighbours —, the tangent vertex with its
//! neighbours and its two hull neighbours), and Δh for the pixel's own
//! window (short paths: on the pixel's own profile). Each radial processes the pixels
//! assigned to it in order of distance while its state is at hand, for
//! every band of the mast at once; ITM is evaluated at least every fourth
//! pixel, and a pixel whose geometry is the linear interpolation of its
//! neighbours' (within 10 % / 1 m in effective height, 0.5 mrad in horizon
//! angle, 2 % in horizon distance and Δh, the same branches of ITM) takes
//! the interpolated loss. The bisection runs level by level so that each
//! level's evaluations go to the batched ITM kernel together (see
//! `itm_batch`); N_s and γ_e come from a table of the mean system height.
//!
//! Other models (P.1812, 38.901 with terrain line of sight, the
//! distance-only ones) are evaluated at the radial samples and the pixels
//! interpolate bilinearly between the two nearest radials.

use crate::itm_kernel::ItmKernel;
use crate::model::{empirical_loss, Model, P1812Params};
use crate::terrain::{Cursor, Segment, Start};
use crate::window::{Frame, Window};
use hatang_core::geo::LatLon;
use hatang_core::terrain::Mosaic;
use hatang_itm::{
    effective_earth_curvature, effective_heights, fdim, surface_refractivity, PathGeometry,
    PathKind,
};
use hatang_raster::METRES_PER_DEGREE;
use rayon::prelude::*;

const TWO_PI: f64 = 2.0 * std::f64::consts::PI;

/// `ceil(x)` for `x ≥ 0` without a libm call (the default x86-64 target
/// has no rounding instruction).
#[inline]
fn ceil_pos(x: f64) -> usize {
    let t = x as i64;
    (if (t as f64) < x { t + 1 } else { t }) as usize
}

/// `i as f64` through `i64`: the same number, one instruction (the default
/// x86-64 target converts unsigned integers with several).
#[inline(always)]
fn fl(i: usize) -> f64 {
    i as i64 as f64
}

/// Paths of at most this many intervals get Δh from their own profile.
const SHORT_PATH: usize = 64;

/// Tuning of the radial engine. [`CoverageSpec::new`](crate::CoverageSpec::new)
/// takes [`RadialTuning::for_resolution`], which gives, on the reference
/// job (25 km at 30 m), a 95th percentile of |fast − exact| of 0.55 dB;
/// every setting trades time against that figure (see
/// `examples/compare.rs`).
///
/// ```
/// let t = hatang_coverage::RadialTuning::default();
/// assert!(t.spacing > 0.0 && t.delta_h_ratio > 1.0 && t.near >= 2);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RadialTuning {
    /// Largest distance between neighbouring radials, in pixels.
    pub spacing: f64,
    /// Ratio between successive distances at which Δh is computed exactly.
    pub delta_h_ratio: f64,
    /// Spacing of the window starts at which Δh is computed exactly, m.
    pub delta_h_cell_m: f64,
    /// ITM: how many samples next to the receiver each pixel cuts on its
    /// own line (the rest of its profile comes from the nearest radial).
    pub near: usize,
    /// ITM: besides the radial's tangent vertex for the receiver's horizon
    /// (and its two hull neighbours), re-evaluate the vertex's two
    /// neighbouring samples on the pixel's line.
    pub wide_tangent: bool,
    /// ITM: paths up to this long (m; at most 64 samples) take Δh from
    /// their own (pieced) profile rather than from the radial's.
    pub short_path_m: f64,
    /// ITM: a radial takes Δh from the radial it was born from (that
    /// radial's profile and grid of exact values) if it is of the finest
    /// level (which stays within a pixel and a half of it wherever it
    /// serves pixels), or if it stays within this many metres of it: a
    /// radial `m` levels coarser than the finest stays within `2^m + ½`
    /// pixels.
    pub delta_h_share_m: f64,
    /// ITM: along a radial's pixels, ITM is evaluated at least every this
    /// many pixels; a pixel in between whose geometry (effective heights,
    /// horizons, Δh, the model's branches) is the linear interpolation of
    /// its neighbours' takes the interpolated loss. 1: every pixel.
    pub interpolate: usize,
    /// ITM at the radial samples only, pixels interpolated between radials,
    /// as Signal-Server and SPLAT! do: about half the cost, but far from
    /// the per-pixel profiles (95th percentile of |Δ| against the exact
    /// mode 13 dB at 90 m on the reference site, against 0.8 dB for the
    /// default path). Off by default.
    pub itm_samples: bool,
}

impl RadialTuning {
    /// The default tuning for a grid of `resolution_m`. At 45 m or finer:
    /// 3 own samples per pixel (`near`; 8 above) and no `wide_tangent`.
    /// At coarse resolutions the radial's samples lie farther from the
    /// pixel's own (up to half a step), so more of the profile is cut on
    /// the pixel's line; on fine grids the tangent vertex's neighbours
    /// lie within a step of it. On the reference job (30 m), 3 samples
    /// against 4 cost 0.003 dB at the 95th percentile of |fast − exact|
    /// and 2 % of the time; without `wide_tangent`, 0.04 dB and 3 %.
    ///
    /// ```
    /// use hatang_coverage::RadialTuning;
    /// assert_eq!(RadialTuning::for_resolution(30.0).near, 3);
    /// assert!(!RadialTuning::for_resolution(30.0).wide_tangent);
    /// assert_eq!(RadialTuning::for_resolution(90.0), RadialTuning::default());
    /// ```
    pub fn for_resolution(resolution_m: f64) -> Self {
        let mut t = Self::default();
        if resolution_m <= 45.0 {
            t.near = 3;
            t.wide_tangent = false;
        }
        t
    }
}

impl Default for RadialTuning {
    fn default() -> Self {
        Self {
            spacing: 1.0,
            delta_h_ratio: 1.08,
            delta_h_cell_m: 50.0,
            near: 8,
            wide_tangent: true,
            short_path_m: 2_000.0,
            delta_h_share_m: 150.0,
            interpolate: 4,
            itm_samples: false,
        }
    }
}

/// Where the radials are.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    /// Distance between samples, metres.
    pub step: f64,
    /// Last sample index.
    pub k_max: usize,
    /// Radials at level 0.
    pub n0: usize,
    /// Finest level (`L`); there are `n0 << L` radials in all.
    pub top: usize,
    /// `bound[l]`: level `l` serves the fractional sample positions below it.
    pub bound: Vec<usize>,
    /// Radials of this level and finer take Δh from the radial they were
    /// born from (see [`RadialTuning::delta_h_share_m`]); at most `top`.
    pub share_from: usize,
}

impl Layout {
    pub(crate) fn new(radius_m: f64, resolution_m: f64, tuning: &RadialTuning) -> Self {
        let step = resolution_m;
        let k_max = (radius_m / step).ceil() as usize + 1;
        let arc = tuning.spacing * resolution_m;
        let needed = (TWO_PI * radius_m / arc).ceil().max(8.0) as usize;
        // n0 in [8, 16): the levels double up to `needed`.
        let mut top = 0;
        while (needed >> top) >= 16 {
            top += 1;
        }
        let n0 = needed.div_ceil(1 << top).max(8);
        let mut bound = Vec::with_capacity(top + 1);
        for l in 0..top {
            let n = (n0 << l) as f64;
            let s_max = n * arc / TWO_PI;
            bound.push(((s_max / step).floor() as usize).clamp(1, k_max));
        }
        bound.push(k_max + 1);
        // A radial of level l (≥ 1) lies 2^(top−l) finest spacings (at most
        // `spacing` pixels each where its pixels are) from the one it was
        // born from, and serves pixels up to half a spacing beyond. The
        // finest level always shares.
        let mut share_from = top.max(1);
        while share_from > 1 {
            let l = share_from - 1;
            let apart = ((1usize << (top - l)) as f64 + 0.5) * tuning.spacing * resolution_m;
            if apart > tuning.delta_h_share_m {
                break;
            }
            share_from = l;
        }
        Self {
            step,
            k_max,
            n0,
            top,
            bound,
            share_from,
        }
    }

    pub(crate) fn total(&self) -> usize {
        self.n0 << self.top
    }

    pub(crate) fn level(&self, j: usize) -> usize {
        if j.is_multiple_of(1 << self.top) {
            0
        } else {
            self.top - j.trailing_zeros() as usize
        }
    }

    /// First sample a radial of `level` serves.
    pub(crate) fn k_start(&self, level: usize) -> usize {
        if level == 0 {
            0
        } else {
            self.bound[level - 1]
        }
    }

    /// Bearing of radial `j`, radians clockwise from north.
    pub(crate) fn bearing(&self, j: usize) -> f64 {
        TWO_PI * j as f64 / self.total() as f64
    }

    /// The level serving fractional sample position `t`: how many of the
    /// bounds below the last are at or below `t` (counted from the top:
    /// most pixels are in the outer levels).
    #[inline]
    pub(crate) fn level_at(&self, t: f64) -> usize {
        let mut level = self.top;
        while level > 0 && fl(self.bound[level - 1]) > t {
            level -= 1;
        }
        level
    }
}

/// The loss along one radial (the sample-based models).
#[derive(Debug, Clone, Default)]
pub(crate) struct Radial {
    /// First sample stored.
    pub k_start: usize,
    /// Loss (dB) of samples `k_start ..`; the vector ends at the last
    /// sample inside the terrain.
    pub loss: Vec<f32>,
}

impl Radial {
    /// Last valid sample, if any.
    #[inline]
    pub(crate) fn k_end(&self) -> Option<usize> {
        (!self.loss.is_empty()).then(|| self.k_start + self.loss.len() - 1)
    }

    #[inline]
    pub(crate) fn get(&self, k: usize) -> Option<f32> {
        self.loss.get(k.checked_sub(self.k_start)?).copied()
    }
}

/// The losses along every radial of a site (the sample-based models).
#[derive(Debug, Clone)]
pub(crate) struct RadialSet {
    pub layout: Layout,
    pub radials: Vec<Radial>,
}

impl RadialSet {
    /// Loss at fractional sample position `t` (distance / step) and
    /// bearing `phi` (radians, [0, 2π)): bilinear between the two
    /// neighbouring radials of the level serving `t` and the two samples
    /// around `t`. NaN where neither radial reaches.
    pub(crate) fn sample(&self, t: f64, phi: f64) -> f32 {
        let lay = &self.layout;
        let level = lay.level_at(t);
        let n = lay.n0 << level;
        let u = phi * n as f64 / TWO_PI;
        let uf = u.floor();
        let fu = (u - uf) as f32;
        let j0 = (uf as usize) % n;
        let j1 = (j0 + 1) % n;
        let shift = lay.top - level;
        let (r0, r1) = (&self.radials[j0 << shift], &self.radials[j1 << shift]);
        let k = t.floor() as usize;
        let fk = (t - t.floor()) as f32;
        let w = [
            (1.0 - fu) * (1.0 - fk),
            (1.0 - fu) * fk,
            fu * (1.0 - fk),
            fu * fk,
        ];
        let v = [r0.get(k), r0.get(k + 1), r1.get(k), r1.get(k + 1)];
        let mut sum = 0.0f32;
        let mut wsum = 0.0f32;
        for (wi, vi) in w.iter().zip(v) {
            if let Some(x) = vi {
                sum += wi * x;
                wsum += wi;
            }
        }
        if wsum > 0.0 {
            return sum / wsum;
        }
        // Neither radial reaches this far: take the end of the nearer one
        // if it stops within two steps (the caller checked that the pixel
        // itself is inside the terrain).
        let near = |r: &Radial| r.k_end().filter(|&e| e + 2 >= k).and_then(|e| r.get(e));
        match (near(r0), near(r1)) {
            (Some(a), Some(b)) => {
                if fu < 0.5 {
                    a
                } else {
                    b
                }
            }
            (Some(a), None) => a,
            (None, Some(b)) => b,
            (None, None) => f32::NAN,
        }
    }
}

/// Which of `nl` radials (at bearings `2πj/nl`) is nearest to the
/// bearing `φ` of (`x`, `y`): `round(φ nl / 2π) mod nl`. A polynomial
/// arctangent (within 1.2e-8 rad) decides, the library's `atan2` only
/// where that could round the other way: the same radial as with
/// `Frame::bearing`, at a third of the cost.
#[inline]
fn nearest_radial(x: f64, y: f64, nl: usize) -> usize {
    use std::f64::consts::{FRAC_PI_2, PI};
    let (ax, ay) = (x.abs(), y.abs());
    let steep = ax > ay;
    let (num, den) = if steep { (ay, ax) } else { (ax, ay) };
    let z = if den > 0.0 { num / den } else { 0.0 };
    let w = z * z;
    // atan(z) for z in [0, 1] (degree-8 fit in z², error below 1.2e-8).
    let w2 = w * w;
    let w4 = w2 * w2;
    let p = (0.999_999_984_242_636_1 - 0.333_330_667_806_907_57 * w)
        + w2 * (0.199_924_835_784_930_73 - 0.142_025_705_116_658_68 * w)
        + w4 * ((0.106_367_540_980_621_87 - 0.074_954_454_432_997_56 * w)
            + w2 * (0.042_587_607_466_031_64 - 0.016_005_030_504_417_123 * w)
            + w4 * 0.002_834_064_299_325_769);
    let a = z * p;
    // Bearing from north, clockwise, in [0, 2π).
    let base = if steep { FRAC_PI_2 - a } else { a };
    let phi = match (x >= 0.0, y >= 0.0) {
        (true, true) => base,
        (true, false) => PI - base,
        (false, false) => PI + base,
        (false, true) => TWO_PI - base,
    };
    let scale = fl(nl) / TWO_PI;
    let mut u = phi * scale + 0.5;
    let fr = u - fl(u as i64 as usize);
    if !(1e-4..=1.0 - 1e-4).contains(&fr) {
        u = Frame::bearing(x, y) * fl(nl) / TWO_PI + 0.5;
    }
    let jl = u as i64 as usize;
    // (`φ < 2π`: only the last half-step wraps.)
    if jl >= nl {
        jl - nl
    } else {
        jl
    }
}

/// The pixels of a window, each assigned to the nearest radial of the
/// level serving its distance, in order of distance (compressed rows).
pub(crate) struct Buckets {
    offsets: Vec<u32>,
    /// (pixel index in the window, distance / step).
    items: Vec<(u32, f32)>,
}

impl Buckets {
    /// Buckets for the pixels of `window` within `radius_m` of the site
    /// whose centre lies in the terrain.
    ///
    /// Rows are classified in parallel, each pixel into the part (a range
    /// of radials, one per thread or so) of its radial; then each part
    /// counts, places and sorts its own buckets, in parallel, in its own
    /// slice of the items. The order within a bucket is by distance, then
    /// pixel index: the same whatever the number of threads.
    pub(crate) fn new(
        layout: &Layout,
        window: &Window,
        frame: &Frame,
        terrain: &Mosaic,
        radius_m: f64,
    ) -> Self {
        let step = layout.step;
        let r2 = radius_m * radius_m;
        let total = layout.total();
        let parts = rayon::current_num_threads().clamp(1, 8).min(total);
        let part: Vec<u8> = (0..total).map(|j| (j * parts / total) as u8).collect();
        // `x` depends on the column only (`Frame::xy` is separable).
        let xs: Vec<f64> = (0..window.cols)
            .map(|col| frame.xy(window.lat(0), window.lon(col)).0)
            .collect();
        // Per row and part: (radial, pixel, distance / step).
        type Row = Vec<Vec<(u32, u32, f32)>>;
        let rows: Vec<Row> = (0..window.rows)
            .into_par_iter()
            .map(|row| {
                let mut cursor = Cursor::new(terrain);
                let lat = window.lat(row);
                let y = frame.xy(lat, window.lon(0)).1;
                let mut out: Row = vec![Vec::new(); parts];
                for (col, &x) in xs.iter().enumerate() {
                    let s2 = x * x + y * y;
                    if s2 > r2 || !cursor.contains(lat, window.lon(col)) {
                        continue;
                    }
                    let t = s2.sqrt() / step;
                    let level = layout.level_at(t);
                    let nl = layout.n0 << level;
                    let j = nearest_radial(x, y, nl) << (layout.top - level);
                    out[part[j] as usize].push((
                        j as u32,
                        (row * window.cols + col) as u32,
                        t as f32,
                    ));
                }
                out
            })
            .collect();
        // Each part's radials: [first[p], first[p + 1]).
        // (`j·parts/total ≥ p` exactly from `⌈p·total/parts⌉`.)
        let first: Vec<usize> = (0..=parts).map(|p| (p * total).div_ceil(parts)).collect();
        let counts: Vec<Vec<u32>> = (0..parts)
            .into_par_iter()
            .map(|p| {
                let mut c = vec![0u32; first[p + 1] - first[p]];
                for r in &rows {
                    for &(j, _, _) in &r[p] {
                        c[j as usize - first[p]] += 1;
                    }
                }
                c
            })
            .collect();
        let mut offsets = Vec::with_capacity(total + 1);
        offsets.push(0u32);
        for c in &counts {
            for &n in c {
                offsets.push(offsets[offsets.len() - 1] + n);
            }
        }
        let mut items = vec![(0u32, 0f32); offsets[total] as usize];
        let mut slices = Vec::with_capacity(parts);
        let mut rest: &mut [(u32, f32)] = &mut items;
        for p in 0..parts {
            let len = (offsets[first[p + 1]] - offsets[first[p]]) as usize;
            let (head, tail) = rest.split_at_mut(len);
            slices.push((p, head));
            rest = tail;
        }
        slices.into_par_iter().for_each(|(p, slice)| {
            let base = offsets[first[p]];
            let mut fill: Vec<u32> = offsets[first[p]..first[p + 1]]
                .iter()
                .map(|&o| o - base)
                .collect();
            for r in &rows {
                for &(j, idx, t) in &r[p] {
                    let slot = &mut fill[j as usize - first[p]];
                    slice[*slot as usize] = (idx, t);
                    *slot += 1;
                }
            }
            // Sort each bucket by distance (then index): deterministic.
            for j in first[p]..first[p + 1] {
                let b = &mut slice[(offsets[j] - base) as usize..(offsets[j + 1] - base) as usize];
                b.sort_unstable_by_key(bucket_key);
            }
        });
        Self { offsets, items }
    }

    fn of(&self, j: usize) -> &[(u32, f32)] {
        &self.items[self.offsets[j] as usize..self.offsets[j + 1] as usize]
    }
}

/// The order of a bucket: by distance, then pixel index (distances are
/// not negative, so their bits order them; the keys are distinct).
#[inline]
fn bucket_key(&(i, t): &(u32, f32)) -> u64 {
    (u64::from(t.to_bits()) << 32) | u64::from(i)
}

/// Builds the buckets of the pixels of a disc of `radius_m` around
/// `site` at `resolution_m` (for `examples/buckets_bench.rs`); returns
/// how many pixels they hold.
#[doc(hidden)]
pub fn bench_buckets(
    terrain: &Mosaic,
    site: LatLon,
    radius_m: f64,
    resolution_m: f64,
) -> Result<usize, crate::CoverageError> {
    let grid = hatang_raster::GeoGrid::around(site.lat, site.lon, radius_m, resolution_m)?;
    let window = Window::full(grid);
    let layout = Layout::new(
        radius_m,
        resolution_m,
        &RadialTuning::for_resolution(resolution_m),
    );
    let b = Buckets::new(&layout, &window, &Frame::new(site), terrain, radius_m);
    Ok(b.items.len())
}

/// The per-pixel path's output: one raster of losses per frequency, all
/// NaN at first, which the radials fill in place. Every pixel lies in
/// exactly one radial's bucket, so each slot is written at most once, by
/// one thread: relaxed stores suffice (rayon's joins publish them), the
/// result does not depend on the schedule, and no pixel list is gathered
/// and scattered afterwards.
pub(crate) struct Sink {
    bands: Vec<Vec<std::sync::atomic::AtomicU32>>,
}

impl Sink {
    pub(crate) fn new(bands: usize, len: usize) -> Self {
        let nan = f32::NAN.to_bits();
        Self {
            bands: (0..bands)
                .map(|_| {
                    (0..len)
                        .into_par_iter()
                        .map(|_| std::sync::atomic::AtomicU32::new(nan))
                        .collect()
                })
                .collect(),
        }
    }

    /// Sets pixel `px` of band `k`.
    #[inline]
    fn put(&self, k: usize, px: u32, v: f32) {
        self.bands[k][px as usize].store(v.to_bits(), std::sync::atomic::Ordering::Relaxed);
    }

    /// The rasters (the same allocations, reinterpreted in place).
    pub(crate) fn into_rasters(self) -> Vec<Vec<f32>> {
        self.bands
            .into_iter()
            .map(|b| {
                b.into_iter()
                    .map(|a| f32::from_bits(a.into_inner()))
                    .collect()
            })
            .collect()
    }
}

/// What the per-pixel ITM path needs about the pixels.
pub(crate) struct PixelJob<'a> {
    pub window: &'a Window,
    pub buckets: &'a Buckets,
    /// Where the losses go, one raster per frequency.
    pub sink: Sink,
    /// cos of the mean latitude of the site and each window row.
    pub cos_mid: Vec<f64>,
    pub near: usize,
    pub wide_tangent: bool,
    pub short_path: usize,
    pub interpolate: usize,
    pub resolution: f64,
    /// `1 / i` for the sample indices.
    pub recip: Vec<f64>,
    /// N_s and γ_e of the mean system height.
    pub refraction: std::sync::Arc<Refraction>,
}

/// ITM's surface refractivity N_s and effective earth curvature γ_e as
/// functions of the mean system height, tabulated every half metre and
/// interpolated linearly (relative error below 5e-9 on both: the second
/// derivatives are those of `exp(−h/9460 m)`), instead of two
/// exponentials per pixel; heights outside the table take the formulas.
///
/// ```ignore
/// let r = Refraction::new(301.0);
/// let (n_s, g) = r.at(123.4);
/// ```
pub(crate) struct Refraction {
    n_0: f64,
    /// (N_s, γ_e) at heights `H_MIN + i / 2` m.
    table: Vec<[f64; 2]>,
}

impl Refraction {
    const H_MIN: f64 = -500.0;
    const H_MAX: f64 = 9_000.0;

    pub(crate) fn new(n_0: f64) -> Self {
        let n = 2 * (Self::H_MAX - Self::H_MIN) as usize + 1;
        let table = (0..n)
            .map(|i| {
                let n_s = surface_refractivity(n_0, Self::H_MIN + 0.5 * i as f64);
                [n_s, effective_earth_curvature(n_s)]
            })
            .collect();
        Self { n_0, table }
    }

    /// The table for `n_0`, built once per process (a province job asks
    /// for it once per site).
    pub(crate) fn shared(n_0: f64) -> std::sync::Arc<Self> {
        use std::sync::{Arc, Mutex, OnceLock};
        static TABLES: OnceLock<Mutex<Vec<Arc<Refraction>>>> = OnceLock::new();
        let mut tables = TABLES
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(t) = tables.iter().find(|t| t.n_0.to_bits() == n_0.to_bits()) {
            return t.clone();
        }
        let t = Arc::new(Self::new(n_0));
        tables.push(t.clone());
        t
    }

    /// (N_s, γ_e) for mean system height `h` (m).
    #[inline]
    pub(crate) fn at(&self, h: f64) -> (f64, f64) {
        let u = 2.0 * (h - Self::H_MIN);
        if !(0.0..2.0 * (Self::H_MAX - Self::H_MIN)).contains(&u) {
            let n_s = surface_refractivity(self.n_0, h);
            return (n_s, effective_earth_curvature(n_s));
        }
        let i = u as i64 as usize;
        let f = u - fl(i);
        let (a, b) = (self.table[i], self.table[i + 1]);
        (a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f)
    }
}

impl<'a> PixelJob<'a> {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        window: &'a Window,
        buckets: &'a Buckets,
        frame: &Frame,
        tuning: &RadialTuning,
        resolution: f64,
        k_max: usize,
        n_0: f64,
        bands: usize,
    ) -> Self {
        let cos_mid = (0..window.rows)
            .map(|r| frame.cos_mid(window.lat(r)))
            .collect();
        let recip = (0..k_max + 8)
            .map(|i| if i == 0 { 0.0 } else { 1.0 / i as f64 })
            .collect();
        Self {
            window,
            buckets,
            sink: Sink::new(bands, window.len()),
            cos_mid,
            near: tuning.near.max(2),
            wide_tangent: tuning.wide_tangent,
            short_path: ((tuning.short_path_m / resolution) as usize).min(SHORT_PATH),
            interpolate: tuning.interpolate.max(1),
            resolution,
            recip,
            refraction: Refraction::shared(n_0),
        }
    }
}

/// Everything a radial needs besides its own state.
pub(crate) struct Ctx<'a> {
    pub terrain: &'a Mosaic,
    pub layout: &'a Layout,
    pub site: LatLon,
    pub z_site: f64,
    pub h_tx: f64,
    pub h_rx: f64,
    pub f_mhz: f64,
    pub n_0: f64,
    pub a_ref: f64,
    pub eval: Eval<'a>,
    pub delta_h_ratio: f64,
    pub delta_h_cell: f64,
    pub cos_lat: f64,
    /// Hears (radials done, radials in all).
    pub progress: Option<&'a (dyn Fn(usize, usize) + Sync)>,
    pub done: std::sync::atomic::AtomicUsize,
}

/// How the loss is computed.
pub(crate) enum Eval<'a> {
    /// ITM per pixel (hybrid profiles), one kernel per frequency sharing
    /// the geometry, with the models themselves for the pixels the radials
    /// cannot serve.
    Itm(
        &'a [ItmKernel],
        &'a [hatang_itm::Itm],
        hatang_itm::Tls,
        &'a PixelJob<'a>,
    ),
    /// ITM at the radial samples (each on its radial's own profile);
    /// pixels interpolate between radials (screening).
    ItmSamples(&'a ItmKernel),
    /// P.1812 at the radial samples.
    P1812(&'a hatang_p1812::P1812, &'a P1812Params),
    /// A distance-based model at the radial samples (38.901 with the
    /// terrain's line of sight).
    Empirical(&'a Model),
}

/// The state a radial hands to the radials it spawns.
#[derive(Clone)]
struct Trunk {
    z: Vec<f64>,
    s0: Vec<f64>,
    s1: Vec<f64>,
    hull: Hull,
    tx_best: usize,
    tx_best_val: f64,
    los_best: f64,
    dead: bool,
}

/// Upper convex hull of curvature-corrected points, left to right.
#[derive(Clone, Default)]
struct Hull {
    x: Vec<f64>,
    w: Vec<f64>,
    i: Vec<u32>,
}

impl Hull {
    #[inline]
    fn push(&mut self, x: f64, w: f64, i: usize) {
        while self.x.len() >= 2 {
            let n = self.x.len();
            let (ax, aw) = (self.x[n - 2], self.w[n - 2]);
            let (bx, bw) = (self.x[n - 1], self.w[n - 1]);
            if (bx - ax) * (w - aw) - (bw - aw) * (x - ax) >= 0.0 {
                self.x.pop();
                self.w.pop();
                self.i.pop();
            } else {
                break;
            }
        }
        self.x.push(x);
        self.w.push(w);
        self.i.push(i as u32);
    }

    /// The vertex on the tangent from the receiver at (`d`, `w_rx`) (to
    /// the right of every point): the first vertex whose next edge, extended,
    /// passes at or below the receiver.
    #[inline]
    fn tangent(&self, d: f64, w_rx: f64) -> Option<usize> {
        self.tangent_pos(d, w_rx).map(|p| self.i[p] as usize)
    }

    /// Position (in the hull) of the tangent vertex.
    #[inline]
    fn tangent_pos(&self, d: f64, w_rx: f64) -> Option<usize> {
        if self.x.is_empty() {
            return None;
        }
        let (hx, hw) = (&self.x, &self.w);
        let (mut lo, mut hi) = (0usize, hx.len() - 1);
        while lo < hi {
            let j = (lo + hi) / 2;
            let below = (w_rx - hw[j]) * (hx[j + 1] - hx[j]) >= (hw[j + 1] - hw[j]) * (d - hx[j]);
            if below {
                hi = j;
            } else {
                lo = j + 1;
            }
        }
        Some(lo)
    }
}

/// The few highest values seen (transmitter horizon candidates), at least
/// three samples apart.
#[derive(Default)]
struct TopK {
    v: [(f64, usize); 3],
    n: usize,
}

impl TopK {
    #[inline]
    fn offer(&mut self, value: f64, i: usize) {
        if self.n == self.v.len() && value <= self.v[self.n - 1].0 {
            return;
        }
        // A neighbour of an entry replaces it when higher.
        if let Some(q) = self.v[..self.n]
            .iter()
            .position(|&(_, j)| i.abs_diff(j) <= 2)
        {
            if value > self.v[q].0 {
                self.v[q] = (value, i);
            }
        } else if self.n < self.v.len() {
            self.v[self.n] = (value, i);
            self.n += 1;
        } else {
            self.v[self.n - 1] = (value, i);
        }
        self.v[..self.n].sort_unstable_by(|a, b| b.0.total_cmp(&a.0));
    }

    fn items(&self) -> &[(f64, usize)] {
        &self.v[..self.n]
    }
}

impl Trunk {
    fn new(k_cap: usize) -> Self {
        let mut s0 = Vec::with_capacity(k_cap + 2);
        let mut s1 = Vec::with_capacity(k_cap + 2);
        s0.push(0.0);
        s1.push(0.0);
        Self {
            z: Vec::with_capacity(k_cap + 1),
            s0,
            s1,
            hull: Hull::default(),
            tx_best: 0,
            tx_best_val: f64::NEG_INFINITY,
            los_best: f64::NEG_INFINITY,
            dead: false,
        }
    }

    fn dead() -> Self {
        let mut t = Self::new(0);
        t.dead = true;
        t
    }

    fn fork(&self, k_cap: usize) -> Self {
        let mut t = self.clone();
        t.z.reserve((k_cap + 1).saturating_sub(t.z.len()));
        t.s0.reserve((k_cap + 2).saturating_sub(t.s0.len()));
        t.s1.reserve((k_cap + 2).saturating_sub(t.s1.len()));
        t
    }

    /// Adds interior point `i` (its height is already in `z`).
    #[inline]
    fn add_interior(&mut self, i: usize, step: f64, z_tx: f64, a_ref: f64, a43: f64) {
        let x = fl(i) * step;
        let zi = self.z[i];
        let v = (zi - z_tx) / x - x / (2.0 * a_ref);
        if v > self.tx_best_val {
            self.tx_best_val = v;
            self.tx_best = i;
        }
        let v43 = (zi - z_tx) / x - x / (2.0 * a43);
        if v43 > self.los_best {
            self.los_best = v43;
        }
        self.hull.push(x, zi - x * x / (2.0 * a_ref), i);
    }
}

/// Prefix access to a profile: heights and the sums ITM's fits need.
trait Prefix {
    /// Height of sample `i`.
    fn z(&self, i: usize) -> f64;
    /// `Σ_{j<i} z_j`.
    fn s0(&self, i: usize) -> f64;
    /// `Σ_{j<i} j·z_j`.
    fn s1(&self, i: usize) -> f64;
    /// The samples below this index (and the sums up to it) are the same
    /// for every profile a [`FitMemo`] serves.
    fn shared_below(&self) -> usize {
        0
    }
}

/// The last least-squares fit over shared samples (a pixel's transmitter
/// side, on its radial's part of the profile): the next pixels with the
/// same index range take its sums instead of recomputing them (the same
/// numbers).
struct FitMemo {
    key: (usize, usize),
    sums: (f64, f64),
}

impl Default for FitMemo {
    fn default() -> Self {
        Self {
            key: (usize::MAX, usize::MAX),
            sums: (0.0, 0.0),
        }
    }
}

impl Prefix for Trunk {
    #[inline]
    fn z(&self, i: usize) -> f64 {
        self.z[i]
    }
    #[inline]
    fn shared_below(&self) -> usize {
        usize::MAX
    }
    #[inline]
    fn s0(&self, i: usize) -> f64 {
        self.s0[i]
    }
    #[inline]
    fn s1(&self, i: usize) -> f64 {
        self.s1[i]
    }
}

/// A pixel's pieced profile: the radial's samples below `i0`, the pixel's
/// own from `i0` to the receiver.
struct Pieced<'a> {
    radial: &'a Trunk,
    i0: usize,
    near: &'a [f64],
    ns0: &'a [f64],
    ns1: &'a [f64],
}

impl Prefix for Pieced<'_> {
    #[inline]
    fn shared_below(&self) -> usize {
        self.i0
    }
    #[inline]
    fn z(&self, i: usize) -> f64 {
        if i < self.i0 {
            self.radial.z[i]
        } else {
            self.near[i - self.i0]
        }
    }
    #[inline]
    fn s0(&self, i: usize) -> f64 {
        if i <= self.i0 {
            self.radial.s0[i]
        } else {
            self.radial.s0[self.i0] + self.ns0[i - self.i0]
        }
    }
    #[inline]
    fn s1(&self, i: usize) -> f64 {
        if i <= self.i0 {
            self.radial.s1[i]
        } else {
            self.radial.s1[self.i0] + self.ns1[i - self.i0]
        }
    }
}

/// ITM's least-squares fit over the profile `0..=np` between two
/// distances, from prefix sums; returns the fitted heights at both ends.
#[inline]
fn fit_line(
    p: &impl Prefix,
    np: usize,
    step: f64,
    d_start: f64,
    d_end: f64,
    memo: &mut FitMemo,
) -> (f64, f64) {
    let npi = np as i64;
    let npf = fl(np);
    let mut i_start = fdim(d_start / step, 0.0) as i64;
    let mut i_end = npi - fdim(npf, d_end / step) as i64;
    if i_end <= i_start {
        i_start = fdim(i_start as f64, 1.0) as i64;
        i_end = npi - fdim(npf, i_end as f64 + 1.0) as i64;
    }
    let s = i_start.clamp(0, npi) as usize;
    let e = i_end.clamp(0, npi) as usize;
    let x_length = fl(e) - fl(s);
    let mid0 = -0.5 * x_length;
    let mid_end = fl(e) + mid0;
    let shared = e < p.shared_below();
    let (sum_y, scaled) = if shared && memo.key == (s, e) {
        memo.sums
    } else {
        let (zs, ze) = (p.z(s), p.z(e));
        let mut sum_y = 0.5 * (zs + ze);
        let mut scaled = 0.5 * (zs - ze) * mid0;
        if e > s + 1 {
            let inner0 = p.s0(e) - p.s0(s + 1);
            let inner1 = (p.s1(e) - p.s1(s + 1)) - fl(s) * inner0;
            sum_y += inner0;
            scaled += mid0 * inner0 + inner1;
        }
        sum_y /= x_length;
        scaled = scaled * 12.0 / ((x_length * x_length + 2.0) * x_length);
        if shared {
            *memo = FitMemo {
                key: (s, e),
                sums: (sum_y, scaled),
            };
        }
        (sum_y, scaled)
    };
    (sum_y - scaled * mid_end, sum_y + scaled * (npf - mid_end))
}

/// ITM's effective heights and final horizons (its `quick_pfl` after the
/// horizon search) for a profile of `np` intervals of `step`.
#[allow(clippy::too_many_arguments)]
#[inline]
fn geometry(
    p: &impl Prefix,
    np: usize,
    step: f64,
    h_m: [f64; 2],
    mut theta: [f64; 2],
    mut d_hzn: [f64; 2],
    dh: f64,
    n_s: f64,
    gamma_e: f64,
    memo: &mut FitMemo,
) -> PathGeometry {
    let d = fl(np) * step;
    let a_e = 1.0 / gamma_e;
    let h_e = effective_heights(
        d,
        [p.z(0), p.z(np)],
        h_m,
        a_e,
        dh,
        &mut theta,
        &mut d_hzn,
        |from, to| fit_line(p, np, step, from, to, memo),
    );
    PathGeometry {
        kind: PathKind::PointToPoint,
        d_m: d,
        h_m,
        h_e_m: h_e,
        theta_hzn: theta,
        d_hzn_m: d_hzn,
        delta_h_m: dh,
        n_s,
        gamma_e,
    }
}

/// A pixel whose geometry is known, waiting for the model.
struct Pending {
    px: u32,
    g: PathGeometry,
    los_branch: bool,
    /// Whether ITM's line-of-sight formula applies (d < d_sML).
    los_mode: bool,
}

impl Pending {
    fn new(px: u32, g: PathGeometry, los_branch: bool) -> Self {
        let a_e = 1.0 / g.gamma_e;
        let los_mode = g.d_m < (2.0 * g.h_e_m[0] * a_e).sqrt() + (2.0 * g.h_e_m[1] * a_e).sqrt();
        Self {
            px,
            g,
            los_branch,
            los_mode,
        }
    }
}

/// Whether `m`'s geometry is, within small tolerances, the linear
/// interpolation of `a`'s and `b`'s at its distance, with the same
/// branches: then so is its loss.
fn between(a: &Pending, m: &Pending, b: &Pending) -> bool {
    if a.los_branch != m.los_branch || m.los_branch != b.los_branch {
        return false;
    }
    let (la, lm, lb) = (a.los_mode, m.los_mode, b.los_mode);
    if la != lm || lm != lb {
        return false;
    }
    let (ga, gm, gb) = (&a.g, &m.g, &b.g);
    let span = gb.d_m - ga.d_m;
    if span <= 0.0 {
        return false;
    }
    let w = (gm.d_m - ga.d_m) / span;
    let near = |pa: f64, pm: f64, pb: f64, rel: f64, abs: f64| {
        let want = pa + (pb - pa) * w;
        (pm - want).abs() <= rel * want.abs() + abs
    };
    (0..2).all(|i| {
        near(ga.h_e_m[i], gm.h_e_m[i], gb.h_e_m[i], 0.1, 1.0)
            && near(ga.theta_hzn[i], gm.theta_hzn[i], gb.theta_hzn[i], 0.0, 5e-4)
            && near(ga.d_hzn_m[i], gm.d_hzn_m[i], gb.d_hzn_m[i], 0.02, 10.0)
    }) && near(ga.delta_h_m, gm.delta_h_m, gb.delta_h_m, 0.02, 1.0)
}

/// The losses of pixels in order of distance along a radial: ITM at
/// anchors every `span` pixels, in between each pixel either
/// interpolated (when its geometry lies between its neighbours', beyond
/// `min_d` metres) or evaluated, by bisection. The bisection runs level
/// by level so that each level's evaluations go to the kernel as one
/// batch; which pixels are evaluated does not depend on the order (each
/// interval's decision depends on its two ends only).
fn evaluate(pending: &[Pending], kernels: &[ItmKernel], span: usize, min_d: f64, sink: &Sink) {
    let n = pending.len();
    if n == 0 {
        return;
    }
    let nk = kernels.len();
    let mut vals = vec![f32::NAN; n * nk];
    let span = span.max(1);
    let mut batch: Vec<usize> = (0..n).step_by(span).collect();
    if batch.last() != Some(&(n - 1)) {
        batch.push(n - 1);
    }
    let mut intervals: Vec<(usize, usize)> = batch.windows(2).map(|w| (w[0], w[1])).collect();
    let mut geoms: Vec<&PathGeometry> = Vec::with_capacity(batch.len());
    let mut losses: Vec<f64> = Vec::with_capacity(batch.len());
    let mut next = Vec::with_capacity(intervals.len());
    loop {
        geoms.clear();
        geoms.extend(batch.iter().map(|&i| &pending[i].g));
        losses.resize(batch.len(), 0.0);
        for (k, kernel) in kernels.iter().enumerate() {
            kernel.losses(&geoms, &mut losses);
            for (&i, &v) in batch.iter().zip(&losses) {
                vals[i * nk + k] = v as f32;
            }
        }
        batch.clear();
        next.clear();
        for &(x, y) in &intervals {
            if y <= x + 1 {
                continue;
            }
            let smooth = pending[x].g.d_m >= min_d
                && ((x + 1)..y).all(|m| between(&pending[x], &pending[m], &pending[y]));
            if smooth {
                let (dx, dy) = (pending[x].g.d_m, pending[y].g.d_m);
                for m in (x + 1)..y {
                    let w = ((pending[m].g.d_m - dx) / (dy - dx)) as f32;
                    for k in 0..nk {
                        let (vx, vy) = (vals[x * nk + k], vals[y * nk + k]);
                        vals[m * nk + k] = vx + (vy - vx) * w;
                    }
                }
            } else {
                let mid = (x + y) / 2;
                batch.push(mid);
                next.push((x, mid));
                next.push((mid, y));
            }
        }
        if batch.is_empty() {
            break;
        }
        std::mem::swap(&mut intervals, &mut next);
    }
    for (i, p) in pending.iter().enumerate() {
        for k in 0..nk {
            sink.put(k, p.px, vals[i * nk + k]);
        }
    }
}

/// Per-sample horizons and refractivity.
#[derive(Clone, Copy, Default)]
struct Horizon {
    theta: [f64; 2],
    d_hzn: [f64; 2],
    n_s: f64,
    gamma_e: f64,
    los43: bool,
}

/// A radial's profile and its Δh grid, handed to the radials it spawns
/// that stay close to it (see [`RadialTuning::delta_h_share_m`]): they
/// take Δh from them (computing on this profile what the grid lacks)
/// instead of from their own profiles.
type DeltaHSource = std::sync::Arc<(Vec<f64>, DeltaHGrid)>;

/// What one radial produced.
pub(crate) enum Output {
    /// Losses at its samples.
    Samples(Radial),
    /// Losses of its pixels (written to the job's [`Sink`]).
    Pixels,
}

/// Δh along a radial for the pixels it serves, as a function of the
/// window's start (which follows each pixel's own transmitter horizon:
/// `min(15 h_tx, 0.1 d_hzn)`) and of the distance: computed exactly with
/// ITM's `delta_h` on the radial's profile at a grid of starts (every
/// `CELL_M` metres) and of distances (geometric checkpoints), lazily, and
/// interpolated bilinearly.
#[derive(Clone)]
struct DeltaHGrid {
    checks: Vec<usize>,
    cells: usize,
    cell_m: f64,
    memo: Vec<f64>,
    /// The interval of checkpoints last used.
    hint: usize,
}

impl DeltaHGrid {
    fn new(k_last: usize, ratio: f64, cell_m: f64, max_start_m: f64) -> Self {
        let mut checks = vec![1usize];
        let mut c = 1usize;
        while c < k_last {
            c = ((fl(c) * ratio).ceil() as usize).max(c + 1).min(k_last);
            checks.push(c);
        }
        let cells = (max_start_m / cell_m).ceil() as usize + 1;
        let memo = vec![f64::NAN; cells * checks.len()];
        Self {
            checks,
            cells,
            cell_m,
            memo,
            hint: 1,
        }
    }

    /// Δh for a window starting at `d_start` and ending `end_gap` before a
    /// receiver at fractional sample `t`.
    fn at(&mut self, z: &[f64], step: f64, d_start: f64, t: f64, end_gap: f64) -> f64 {
        if self.checks.len() < 2 || z.len() < 2 {
            return 0.0;
        }
        // The pixels come in order of distance: move the last interval.
        let last = self.checks.len() - 1;
        let mut q = self.hint.clamp(1, last);
        while q < last && (fl(self.checks[q])) <= t {
            q += 1;
        }
        while q > 1 && (fl(self.checks[q - 1])) > t {
            q -= 1;
        }
        self.hint = q;
        let (c0, c1) = (self.checks[q - 1], self.checks[q]);
        let ft = ((t - fl(c0)) / fl(c1 - c0)).clamp(0.0, 1.0);
        let u = (d_start / self.cell_m).clamp(0.0, fl(self.cells - 1));
        let a = (u as usize).min(self.cells.saturating_sub(2));
        let fu = u - fl(a);
        let mut v = [[0.0; 2]; 2];
        for (ia, row) in v.iter_mut().enumerate() {
            // A start on a cell needs only that cell.
            if (ia == 0 && fu == 1.0) || (ia == 1 && fu == 0.0) {
                continue;
            }
            for (ic, val) in row.iter_mut().enumerate() {
                if (ic == 0 && ft == 1.0) || (ic == 1 && ft == 0.0) {
                    continue;
                }
                let cell = a + ia;
                let ci = q - 1 + ic;
                let slot = cell * self.checks.len() + ci;
                if self.memo[slot].is_nan() {
                    let c = self.checks[ci].min(z.len() - 1);
                    let d = fl(c) * step;
                    self.memo[slot] = crate::delta_h::delta_h(
                        &z[..=c],
                        step,
                        fl(cell) * self.cell_m,
                        d - end_gap,
                    );
                }
                *val = self.memo[slot];
            }
        }
        let mix = |r: [f64; 2]| {
            if ft == 0.0 {
                r[0]
            } else if ft == 1.0 {
                r[1]
            } else {
                r[0] + (r[1] - r[0]) * ft
            }
        };
        if fu == 0.0 {
            mix(v[0])
        } else if fu == 1.0 {
            mix(v[1])
        } else {
            let (lo, hi) = (mix(v[0]), mix(v[1]));
            lo + (hi - lo) * fu
        }
    }
}

impl Ctx<'_> {
    fn a43() -> f64 {
        4.0 / 3.0 * hatang_core::geo::EARTH_RADIUS_M
    }

    /// Traces radial `j` from its trunk; returns its output and the
    /// radials it spawns.
    fn trace(
        &self,
        j: usize,
        mut trunk: Trunk,
        inherit: Option<&DeltaHSource>,
    ) -> (Output, Vec<(usize, Trunk)>, Option<DeltaHSource>) {
        let lay = self.layout;
        let level = lay.level(j);
        let k_out = lay.k_start(level);
        let mut children: Vec<(usize, usize)> = ((level + 1)..=lay.top)
            .map(|m| (j + (1 << (lay.top - m)), lay.k_start(m)))
            .collect();
        children.reverse(); // pop() yields the nearest first
        let mut spawned = Vec::with_capacity(children.len());

        let phi = lay.bearing(j);
        let dlat = lay.step * phi.cos() / METRES_PER_DEGREE;
        let dlon = lay.step * phi.sin() / (METRES_PER_DEGREE * self.cos_lat);
        let step = lay.step;
        let z_tx = self.z_site + self.h_tx;
        let a43 = Self::a43();
        let mut cursor = Cursor::new(self.terrain);
        let pixel_path = matches!(self.eval, Eval::Itm(..));
        let mut hz: Vec<Horizon> = Vec::new();

        let mut k = trunk.z.len();
        while k <= lay.k_max && !trunk.dead {
            while let Some(&(cj, ks)) = children.last() {
                if ks == k {
                    spawned.push((cj, trunk.fork(lay.k_max)));
                    children.pop();
                } else {
                    break;
                }
            }
            let z = if k == 0 {
                Some(self.z_site)
            } else {
                cursor.height(self.site.lat + fl(k) * dlat, self.site.lon + fl(k) * dlon)
            };
            let Some(z) = z else {
                trunk.dead = true;
                break;
            };
            trunk.z.push(z);
            let last0 = trunk.s0[k];
            let last1 = trunk.s1[k];
            trunk.s0.push(last0 + z);
            trunk.s1.push(last1 + fl(k) * z);
            // (The per-pixel path keeps its own horizons and hull.)
            if k >= 2 && !pixel_path {
                trunk.add_interior(k - 1, step, z_tx, self.a_ref, a43);
            }
            if !pixel_path && k >= k_out {
                hz.push(if k == 0 {
                    Horizon::default()
                } else {
                    self.horizon(&trunk, k, z_tx, a43)
                });
            }
            k += 1;
        }
        // Radials born beyond where this one left the terrain are dead.
        for (cj, _) in children.into_iter().rev() {
            spawned.push((cj, Trunk::dead()));
        }
        let mut source = None;
        let out = match self.eval {
            Eval::Itm(kernels, itms, tls, job) => {
                let dh = self.pixels(j, &trunk, kernels, itms, tls, job, inherit);
                if level < lay.top {
                    if let Some(dh) = dh {
                        source = Some(std::sync::Arc::new((std::mem::take(&mut trunk.z), dh)));
                    }
                }
                Output::Pixels
            }
            _ => {
                let loss = if trunk.z.len() <= k_out {
                    Vec::new()
                } else {
                    self.samples(&trunk, k_out, &hz, phi)
                };
                Output::Samples(Radial {
                    k_start: k_out,
                    loss,
                })
            }
        };
        (out, spawned, source)
    }

    /// Refractivity and both horizons at radial sample `k` (≥ 1).
    #[inline]
    fn horizon(&self, t: &Trunk, k: usize, z_tx: f64, a43: f64) -> Horizon {
        let step = self.layout.step;
        let d = fl(k) * step;
        let p10 = (0.1 * fl(k)) as usize;
        let h_sys = (t.s0[k - p10 + 1] - t.s0[p10]) / fl(k - 2 * p10 + 1);
        let n_s = surface_refractivity(self.n_0, h_sys);
        let gamma_e = effective_earth_curvature(n_s);
        let a = 1.0 / gamma_e;
        let z_rx = t.z[k] + self.h_rx;
        let mut theta = [
            (z_rx - z_tx) / d - d / (2.0 * a),
            -(z_rx - z_tx) / d - d / (2.0 * a),
        ];
        let mut d_hzn = [d, d];
        if t.tx_best >= 1 {
            let x = fl(t.tx_best) * step;
            let v = (t.z[t.tx_best] - z_tx) / x - x / (2.0 * a);
            if v > theta[0] {
                theta[0] = v;
                d_hzn[0] = x;
            }
        }
        if let Some(i) = t.hull.tangent(d, z_rx - d * d / (2.0 * self.a_ref)) {
            let d_rx = d - fl(i) * step;
            let v = -(z_rx - t.z[i]) / d_rx - d_rx / (2.0 * a);
            if v > theta[1] {
                theta[1] = v;
                d_hzn[1] = d_rx;
            }
        }
        let los43 = t.los_best <= (z_rx - z_tx) / d - d / (2.0 * a43);
        Horizon {
            theta,
            d_hzn,
            n_s,
            gamma_e,
            los43,
        }
    }

    /// The ITM path: every pixel of the radial on its pieced profile.
    #[allow(clippy::too_many_arguments)]
    fn pixels(
        &self,
        j: usize,
        radial: &Trunk,
        kernels: &[ItmKernel],
        itms: &[hatang_itm::Itm],
        tls: hatang_itm::Tls,
        job: &PixelJob<'_>,
        inherit: Option<&DeltaHSource>,
    ) -> Option<DeltaHGrid> {
        let items = job.buckets.of(j);
        if items.is_empty() {
            return None;
        }
        let sink = &job.sink;
        let window = job.window;
        let width = window.cols;
        let res = job.resolution;
        let frame = Frame::new(self.site);
        let step = self.layout.step;
        let site = self.site;
        let start = Start::new(self.terrain, site);
        let h_m = [self.h_tx, self.h_rx];
        let z_tx = self.z_site + self.h_tx;
        let a_ref = self.a_ref;
        let n_r = radial.z.len(); // radial samples 0..n_r
                                  // The lagging far-field structures: points 1..=upto.
        let mut hull = Hull::default();
        let mut top = TopK::default();
        let mut cand = [0usize; 24];
        let (dh_z, mut dh) = match inherit {
            Some(src) if src.0.len() >= n_r => (&src.0[..], src.1.clone()),
            _ => (
                &radial.z[..],
                DeltaHGrid::new(
                    n_r.saturating_sub(1),
                    self.delta_h_ratio,
                    self.delta_h_cell,
                    15.0 * self.h_tx,
                ),
            ),
        };
        let mut upto = 0usize;
        let mut memo = FitMemo::default();
        let near_max = job.near;
        let mut near = vec![0.0; near_max + 1];
        let mut ns0 = vec![0.0; near_max + 2];
        let mut ns1 = vec![0.0; near_max + 2];
        let mut full = Vec::new();
        let mut pending: Vec<Pending> = Vec::with_capacity(items.len());

        for &(px, t) in items {
            let (col, row) = (px as usize % width, px as usize / width);
            let (lat, lon) = (window.lat(row), window.lon(col));
            let to = LatLon::new(lat, lon);
            let d = frame.distance(lat, lon, job.cos_mid[row]);
            if d < 1e-3 {
                // The site's own pixel: handled by the caller (NaN here).
                continue;
            }
            let np = ceil_pos(d / res).max(1);
            let e = d / fl(np);
            let m = near_max.min(np - 1);
            let i0 = np - m; // ≥ 1
            let mut seg = Segment::from_start(&start, site, to);
            // The radial must reach the far part; otherwise cut the whole profile.
            if i0 > n_r || (t as f64) > fl(n_r) + 1.0 {
                self.exact_pixel(&mut seg, np, e, itms, tls, &mut full, px, sink);
                continue;
            }
            // The pixel's own samples i0..=np, on the exact mode's line.
            let inv = 1.0 / fl(np);
            if !seg.run(i0, inv, &mut near[..=m]) {
                continue; // (left NaN)
            }
            for q in 0..=m {
                ns0[q + 1] = ns0[q] + near[q];
                ns1[q + 1] = ns1[q] + fl(i0 + q) * near[q];
            }
            let p = Pieced {
                radial,
                i0,
                near: &near[..=m],
                ns0: &ns0,
                ns1: &ns1,
            };
            // Far-field structures up to i0 - 1.
            while upto + 1 < i0 {
                upto += 1;
                let x = fl(upto) * step;
                let zi = radial.z[upto];
                top.offer((zi - z_tx) / x - x / (2.0 * a_ref), upto);
                hull.push(x, zi - x * x / (2.0 * a_ref), upto);
            }

            let p10 = (0.1 * fl(np)) as usize;
            let h_sys = (p.s0(np - p10 + 1) - p.s0(p10)) / fl(np - 2 * p10 + 1);
            let (n_s, gamma_e) = job.refraction.at(h_sys);
            let a = 1.0 / gamma_e;
            let two_a = 2.0 * a;
            let z_rx = near[m] + self.h_rx;
            let mut theta = [
                (z_rx - z_tx) / d - d / two_a,
                -(z_rx - z_tx) / d - d / two_a,
            ];
            let mut d_hzn = [d, d];
            // Reciprocals of the integers spare the divisions.
            let inv_e = 1.0 / e;
            let inv_two_a = 1.0 / two_a;
            let recip = &job.recip;
            if np >= recip.len() {
                self.exact_pixel(&mut seg, np, e, itms, tls, &mut full, px, sink);
                continue;
            }
            // Far candidates (the radial's best few for the transmitter, the
            // tangent vertex and its hull neighbours for the receiver),
            // re-evaluated at the pixel's own positions and their neighbours.
            // (Overlapping neighbourhoods repeat a position: evaluating it
            // twice changes nothing and costs less than sorting them out.)
            let (mut th0, mut th1) = (theta[0], theta[1]);
            let (mut x0, mut x1) = (f64::NAN, f64::NAN);
            let mut horizons = |i: usize, h: f64| {
                let x = fl(i) * e;
                let v = (h - z_tx) * (inv_e * recip[i]) - x * inv_two_a;
                let better = v > th0;
                th0 = if better { v } else { th0 };
                x0 = if better { x } else { x0 };
                let v = (h - z_rx) * (inv_e * recip[np - i]) - (d - x) * inv_two_a;
                let better = v > th1;
                th1 = if better { v } else { th1 };
                x1 = if better { x } else { x1 };
            };
            if i0 >= 2 {
                let mut nc = 0;
                let to_exact = |r: usize| ((fl(r) * step / e + 0.5) as usize).clamp(1, i0 - 1);
                let mut add = |c: usize, wide: bool, nc: &mut usize| {
                    let lo = if wide { c.saturating_sub(1).max(1) } else { c };
                    let hi = if wide { (c + 1).min(i0 - 1) } else { c };
                    for x in lo..=hi {
                        if *nc < cand.len() {
                            cand[*nc] = x;
                            *nc += 1;
                        }
                    }
                };
                // (The neighbours of the radial's best only: those of the
                // runners-up change 0.1 % of the pixels by a few tenths.)
                for (w, &(_, r)) in top.items().iter().enumerate() {
                    add(to_exact(r), w == 0, &mut nc);
                }
                if let Some(pos) = hull.tangent_pos(d, z_rx - d * d / (2.0 * a_ref)) {
                    for q in pos.saturating_sub(1)..=(pos + 1).min(hull.i.len() - 1) {
                        add(
                            to_exact(hull.i[q] as usize),
                            q == pos && job.wide_tangent,
                            &mut nc,
                        );
                    }
                }
                let mut hs = [0.0f64; 24];
                seg.gather(&cand[..nc], inv, &mut hs[..nc]);
                for (&i, &h) in cand[..nc].iter().zip(&hs[..nc]) {
                    // (NaN: outside the terrain, or next to a void.)
                    if !h.is_nan() {
                        horizons(i, h);
                    }
                }
            }
            // Near candidates: the pixel's own samples.
            for (q, &h) in near[..m].iter().enumerate() {
                horizons(i0 + q, h);
            }
            if !x0.is_nan() {
                theta[0] = th0;
                d_hzn[0] = x0;
            }
            if !x1.is_nan() {
                theta[1] = th1;
                d_hzn[1] = d - x1;
            }
            let d_start = (15.0 * h_m[0]).min(0.1 * d_hzn[0]);
            let end_gap = (15.0 * h_m[1]).min(0.1 * d_hzn[1]);
            // Short paths: Δh on the pixel's own (pieced) profile; long
            // ones: from the radial's grid of exact values.
            let delta_h = if np <= job.short_path {
                let mut zz = [0.0f64; SHORT_PATH + 1];
                for (i, z) in zz.iter_mut().enumerate().take(np + 1) {
                    *z = p.z(i);
                }
                crate::delta_h::delta_h(&zz[..=np], e, d_start, d - end_gap)
            } else {
                dh.at(dh_z, step, d_start, d / step, end_gap)
            };
            let los_branch = d_hzn[0] + d_hzn[1] > 1.5 * d;
            let g = geometry(
                &p, np, e, h_m, theta, d_hzn, delta_h, n_s, gamma_e, &mut memo,
            );
            pending.push(Pending::new(px, g, los_branch));
        }
        evaluate(&pending, kernels, job.interpolate, 20.0 * res, sink);
        Some(dh)
    }

    /// A pixel the radials cannot serve: its whole profile, and ITM itself.
    #[allow(clippy::too_many_arguments)]
    fn exact_pixel(
        &self,
        seg: &mut Segment<'_>,
        np: usize,
        e: f64,
        itms: &[hatang_itm::Itm],
        tls: hatang_itm::Tls,
        buf: &mut Vec<f64>,
        px: u32,
        sink: &Sink,
    ) {
        buf.clear();
        let inv = 1.0 / fl(np);
        for i in 0..=np {
            match seg.at(fl(i) * inv) {
                Some(h) => buf.push(h),
                None => break,
            }
        }
        let profile = (buf.len() == np + 1)
            .then(|| hatang_itm::Profile::new(e, buf).ok())
            .flatten();
        for (k, itm) in itms.iter().enumerate() {
            let v = profile
                .as_ref()
                .and_then(|p| itm.p2p_tls(self.h_tx, self.h_rx, p, tls).ok())
                .map_or(f32::NAN, |r| r.loss_db as f32);
            sink.put(k, px, v);
        }
    }

    /// The sample-based models: loss at every sample of the radial.
    fn samples(&self, t: &Trunk, k_out: usize, hz: &[Horizon], phi: f64) -> Vec<f32> {
        let step = self.layout.step;
        let k_last = t.z.len() - 1;
        let first = k_out.max(1);
        let mut out = vec![f32::NAN; k_last + 1 - k_out];
        if first > k_last {
            return out;
        }
        match self.eval {
            Eval::Itm(..) => {}
            Eval::ItmSamples(kernel) => {
                let mut dh = DeltaHGrid::new(
                    k_last,
                    self.delta_h_ratio,
                    self.delta_h_cell,
                    15.0 * self.h_tx,
                );
                let mut memo = FitMemo::default();
                for k in first..=k_last {
                    let h = &hz[k - k_out];
                    let d = fl(k) * step;
                    let d_start = (15.0 * self.h_tx).min(0.1 * h.d_hzn[0]);
                    let end_gap = (15.0 * self.h_rx).min(0.1 * h.d_hzn[1]);
                    let delta_h = dh.at(&t.z, step, d_start, fl(k), end_gap);
                    let _ = d;
                    let g = geometry(
                        t,
                        k,
                        step,
                        [self.h_tx, self.h_rx],
                        h.theta,
                        h.d_hzn,
                        delta_h,
                        h.n_s,
                        h.gamma_e,
                        &mut memo,
                    );
                    out[k - k_out] = kernel.loss(&g) as f32;
                }
            }
            Eval::P1812(model, params) => {
                let d_km: Vec<f64> = (0..=k_last).map(|i| i as f64 * step / 1000.0).collect();
                let clutter = vec![params.clutter_m; k_last + 1];
                let dlat = step * phi.cos() / METRES_PER_DEGREE;
                let dlon = step * phi.sin() / (METRES_PER_DEGREE * self.cos_lat);
                let k_min = ((251.0 / step).ceil() as usize).max(4);
                for k in first.max(k_min)..=k_last {
                    let link = hatang_p1812::Link {
                        f_ghz: self.f_mhz / 1000.0,
                        htg_m: self.h_tx,
                        hrg_m: self.h_rx,
                        tx: hatang_p1812::GeoPoint {
                            lat_deg: self.site.lat,
                            lon_deg: self.site.lon,
                        },
                        rx: hatang_p1812::GeoPoint {
                            lat_deg: self.site.lat + k as f64 * dlat,
                            lon_deg: self.site.lon + k as f64 * dlon,
                        },
                    };
                    let p = hatang_p1812::Profile::new(&d_km[..=k], &t.z[..=k])
                        .with_clutter(&clutter[..=k]);
                    out[k - k_out] = model.predict(&link, &p).map_or(f64::NAN, |r| r.lb) as f32;
                }
                // P.1812 starts at 0.25 km: nearer samples take its first value.
                if first < k_min && k_min <= k_last {
                    let v = out[k_min - k_out];
                    for o in &mut out[(first - k_out)..(k_min - k_out)] {
                        *o = v;
                    }
                }
            }
            Eval::Empirical(model) => {
                for k in first..=k_last {
                    let h = &hz[k - k_out];
                    let d = fl(k) * step;
                    out[k - k_out] =
                        empirical_loss(model, self.f_mhz, self.h_tx, self.h_rx, d, Some(h.los43))
                            as f32;
                }
            }
        }
        if k_out == 0 && out.len() > 1 {
            out[0] = out[1];
        }
        out
    }

    /// Traces radial `j` and everything it spawns.
    fn process(
        &self,
        j: usize,
        trunk: Trunk,
        inherit: Option<DeltaHSource>,
    ) -> Vec<(usize, Output)> {
        let (output, children, source) = if trunk.dead {
            let lay = self.layout;
            let level = lay.level(j);
            let kids = ((level + 1)..=lay.top)
                .map(|m| (j + (1 << (lay.top - m)), Trunk::dead()))
                .collect();
            let out = match self.eval {
                // Its pixels still get their own profiles.
                Eval::Itm(kernels, itms, tls, job) => {
                    let t = Trunk::new(0);
                    self.pixels(j, &t, kernels, itms, tls, job, None);
                    Output::Pixels
                }
                _ => Output::Samples(Radial {
                    k_start: lay.k_start(level),
                    loss: Vec::new(),
                }),
            };
            (out, kids, None)
        } else {
            self.trace(j, trunk, inherit.as_ref())
        };
        if let Some(p) = self.progress {
            let d = self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            p(d, self.layout.total());
        }
        let mut out: Vec<(usize, Output)> = children
            .into_par_iter()
            .flat_map_iter(|(cj, t)| {
                let src = source
                    .as_ref()
                    .filter(|_| self.layout.level(cj) >= self.layout.share_from);
                self.process(cj, t, src.cloned())
            })
            .collect();
        out.push((j, output));
        out
    }

    /// Every radial of the layout, in order.
    pub(crate) fn run(&self) -> Vec<Output> {
        let lay = self.layout;
        let cap = lay.k_max;
        let mut all: Vec<(usize, Output)> = (0..lay.n0)
            .into_par_iter()
            .flat_map_iter(|i| self.process(i << lay.top, Trunk::new(cap), None))
            .collect();
        all.sort_unstable_by_key(|(j, _)| *j);
        debug_assert_eq!(all.len(), lay.total());
        all.into_iter().map(|(_, r)| r).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Plain {
        z: Vec<f64>,
        s0: Vec<f64>,
        s1: Vec<f64>,
    }

    impl Prefix for Plain {
        fn z(&self, i: usize) -> f64 {
            self.z[i]
        }
        fn s0(&self, i: usize) -> f64 {
            self.s0[i]
        }
        fn s1(&self, i: usize) -> f64 {
            self.s1[i]
        }
    }

    #[test]
    fn refraction_table_within_5e9() {
        for n_0 in [250.0, 301.0, 400.0] {
            let r = Refraction::new(n_0);
            let mut h = -700.0;
            while h < 9_500.0 {
                let (n_s, g) = r.at(h);
                let want = surface_refractivity(n_0, h);
                assert!(
                    (n_s - want).abs() <= 5e-9 * want,
                    "{n_0} {h}: {n_s} vs {want}"
                );
                let want = effective_earth_curvature(want);
                assert!((g - want).abs() <= 5e-9 * want, "{n_0} {h}: {g} vs {want}");
                h += 0.373;
            }
        }
    }

    #[test]
    fn fit_from_prefix_sums_matches_itm() {
        let z: Vec<f64> = (0..=57)
            .map(|i| 100.0 + 30.0 * (i as f64 * 0.37).sin() + i as f64)
            .collect();
        let mut s0 = vec![0.0];
        let mut s1 = vec![0.0];
        for (i, &h) in z.iter().enumerate() {
            s0.push(s0[i] + h);
            s1.push(s1[i] + i as f64 * h);
        }
        let plain = Plain {
            z: z.clone(),
            s0,
            s1,
        };
        let step = 30.0;
        for np in [1usize, 2, 3, 10, 57] {
            let p = hatang_itm::Profile::new(step, &z[..=np]).unwrap();
            let d = np as f64 * step;
            for (a, b) in [
                (0.0, d),
                (450.0, d - 22.5),
                (10.0, 0.9 * d),
                (0.2 * d, d),
                (d - 40.0, d),
            ] {
                let want = hatang_itm::least_squares_fit(&p, a, b);
                let got = fit_line(&plain, np, step, a, b, &mut FitMemo::default());
                let same = |a: f64, b: f64| (a.is_nan() && b.is_nan()) || (a - b).abs() < 1e-8;
                assert!(
                    same(want.0, got.0) && same(want.1, got.1),
                    "np {np} [{a}, {b}]: {want:?} vs {got:?}"
                );
            }
        }
    }

    #[test]
    fn nearest_radial_is_atan2s() {
        let mut rng = hatang_core::rng::Rng::new(3);
        for i in 0..300_000 {
            let nl = [8usize, 11, 88, 704, 5632, 11_264][i % 6];
            let (x, y) = if i % 5 == 0 {
                // On (or next to) a bisector between two radials.
                let phi = (rng.below(nl) as f64 + 0.5) * TWO_PI / nl as f64;
                let r = rng.range(1.0, 30_000.0);
                (r * phi.sin(), r * phi.cos())
            } else {
                (
                    rng.range(-30_000.0, 30_000.0),
                    rng.range(-30_000.0, 30_000.0),
                )
            };
            let want = ((Frame::bearing(x, y) * nl as f64 / TWO_PI + 0.5) as usize) % nl;
            assert_eq!(nearest_radial(x, y, nl), want, "{x} {y} {nl}");
        }
        assert_eq!(nearest_radial(0.0, 0.0, 8), 0);
        assert_eq!(nearest_radial(0.0, -5.0, 8), 4);
        assert_eq!(nearest_radial(-5.0, 0.0, 8), 6);
    }

    #[test]
    fn delta_h_is_shared_within_150_m() {
        let levels = |res: f64| {
            let l = Layout::new(25_000.0, res, &RadialTuning::for_resolution(res));
            l.top + 1 - l.share_from
        };
        // 1.5, 2.5 and 4.5 pixels of 30 m; 1.5 of 90 m; the finest level
        // whatever the resolution.
        assert_eq!(levels(30.0), 3);
        assert_eq!(levels(90.0), 1);
        assert_eq!(levels(250.0), 1);
        let finest = RadialTuning {
            delta_h_share_m: 0.0,
            ..RadialTuning::default()
        };
        let l = Layout::new(25_000.0, 30.0, &finest);
        assert_eq!(l.share_from, l.top);
    }

    #[test]
    fn layout_levels_double_and_cover() {
        let lay = Layout::new(25_000.0, 30.0, &RadialTuning::default());
        assert!((8..16).contains(&lay.n0));
        let arc = TWO_PI * 25_000.0 / lay.total() as f64;
        assert!(arc <= 60.0 + 1e-9, "{arc}");
        assert!(lay.bound.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(*lay.bound.last().unwrap(), lay.k_max + 1);
        assert_eq!(lay.level(0), 0);
        assert_eq!(lay.level(1), lay.top);
        assert_eq!(lay.level(1 << lay.top), 0);
    }

    #[test]
    fn hull_tangent_is_the_highest_angle() {
        let mut rng = hatang_core::rng::Rng::new(11);
        for _ in 0..200 {
            let mut hull = Hull::default();
            let pts: Vec<(f64, f64)> = (1..60)
                .map(|i| (i as f64 * 30.0, rng.range(0.0, 300.0)))
                .collect();
            for (i, &(x, w)) in pts.iter().enumerate() {
                hull.push(x, w, i);
            }
            let d = 60.0 * 30.0 + rng.range(1.0, 500.0);
            let w_rx = rng.range(-100.0, 400.0);
            let best = pts
                .iter()
                .enumerate()
                .map(|(i, &(x, w))| ((w - w_rx) / (d - x), i))
                .fold((f64::NEG_INFINITY, 0), |a, b| if b.0 > a.0 { b } else { a });
            let got = hull.tangent(d, w_rx).unwrap();
            let (x, w) = pts[got];
            assert!(((w - w_rx) / (d - x) - best.0).abs() < 1e-12);
        }
    }
}

#[cfg(test)]
mod sample_path_tests {
    use super::*;
    use hatang_core::terrain::LoadOptions;

    /// The sample path reproduces ITM on each radial's own profile.
    #[test]
    fn samples_match_itm_on_the_radial_profile() {
        let dem = Mosaic::load_dir(
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/dem"),
            &LoadOptions::default(),
        )
        .unwrap();
        let site = LatLon::new(21.4708, 105.435);
        let itm = crate::model::ItmParams::signal_server();
        let kernel = ItmKernel::new(&itm.at(1800.0), itm.variability, 30.0, 1.5).unwrap();
        let tuning = RadialTuning {
            spacing: 1e5,
            delta_h_ratio: 1.0 + 1e-9,
            delta_h_cell_m: 0.5,
            itm_samples: true,
            ..RadialTuning::default()
        };
        let layout = Layout::new(6_000.0, 90.0, &tuning);
        assert_eq!(layout.top, 0);
        let z_site = Cursor::new(&dem).height(site.lat, site.lon).unwrap();
        let a_ref = 1.0 / effective_earth_curvature(surface_refractivity(301.0, z_site));
        let ctx = Ctx {
            terrain: &dem,
            layout: &layout,
            site,
            z_site,
            h_tx: 30.0,
            h_rx: 1.5,
            f_mhz: 1800.0,
            n_0: 301.0,
            a_ref,
            eval: Eval::ItmSamples(&kernel),
            delta_h_ratio: tuning.delta_h_ratio,
            delta_h_cell: tuning.delta_h_cell_m,
            cos_lat: site.lat.to_radians().cos(),
            progress: None,
            done: Default::default(),
        };
        // Exact but for Δh's window start, interpolated between 0.5 m cells.
        let mut errs = Vec::new();
        for (j, out) in ctx.run().into_iter().enumerate() {
            let Output::Samples(r) = out else { panic!() };
            let phi = layout.bearing(j);
            let dlat = layout.step * phi.cos() / METRES_PER_DEGREE;
            let dlon = layout.step * phi.sin() / (METRES_PER_DEGREE * ctx.cos_lat);
            let mut c = Cursor::new(&dem);
            let z: Vec<f64> = (0..=r.k_end().unwrap())
                .map(|k| {
                    if k == 0 {
                        z_site
                    } else {
                        c.height(site.lat + k as f64 * dlat, site.lon + k as f64 * dlon)
                            .unwrap()
                    }
                })
                .collect();
            for k in 1..z.len() {
                let p = hatang_itm::Profile::new(layout.step, &z[..=k]).unwrap();
                let want = itm
                    .at(1800.0)
                    .p2p_tls(30.0, 1.5, &p, itm.variability)
                    .unwrap()
                    .loss_db;
                errs.push((want - r.get(k).unwrap() as f64).abs());
            }
        }
        errs.sort_by(f64::total_cmp);
        let p99 = errs[errs.len() * 99 / 100];
        assert!(
            p99 < 0.05 && errs[errs.len() - 1] < 1.0,
            "p99 {p99}, max {}",
            errs[errs.len() - 1]
        );
    }
}
