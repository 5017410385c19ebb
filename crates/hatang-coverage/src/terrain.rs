//! Fast terrain lookups for the radial engine and the pixel passes.
//!
//! Heights are computed with exactly the arithmetic of
//! `hatang_core::terrain::Tile::elevation_clamped` (the exact mode's
//! profiles go through it), so that a sample taken here at the same
//! position is the same number. The per-pixel passes ([`Segment::run`],
//! [`Segment::gather`]) step along the line in the tile's grid
//! coordinates instead of converting each point from latitude and
//! longitude: the positions differ in the last bits, the heights by
//! nanometres (micrometres on synthetic cliffs).
//!
//! On x86-64 with AVX2 (detected at run time) those two passes take four
//! heights at a time, bit for bit the scalar ones (the `simd` module; the
//! portable code stays the fallback).

use hatang_core::geo::LatLon;
use hatang_core::terrain::{Mosaic, Tile};

/// Bilinear heights from a mosaic, remembering the last tile used (a
/// radial crosses few tiles). `None` outside the loaded terrain or next to
/// a kept void.
#[derive(Clone, Copy)]
pub(crate) struct Cursor<'a> {
    mosaic: &'a Mosaic,
    last: Option<(&'a Tile, Grid<'a>)>,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(mosaic: &'a Mosaic) -> Self {
        Self { mosaic, last: None }
    }

    /// The tile holding `p`, and its grid.
    #[inline]
    fn tile(&mut self, p: LatLon) -> Option<&Grid<'a>> {
        match self.last {
            Some((t, _)) if t.contains(p) => {}
            _ => {
                let t = self.mosaic.tile_at(p)?;
                self.last = Some((t, Grid::of(t)));
            }
        }
        self.last.as_ref().map(|(_, g)| g)
    }

    /// Ground height at (`lat`, `lon`), metres.
    #[inline]
    pub(crate) fn height(&mut self, lat: f64, lon: f64) -> Option<f64> {
        let h = self.tile(LatLon::new(lat, lon))?.height(lat, lon);
        if h.is_nan() {
            None
        } else {
            Some(h)
        }
    }

    /// Whether (`lat`, `lon`) lies in the loaded terrain.
    #[inline]
    pub(crate) fn contains(&mut self, lat: f64, lon: f64) -> bool {
        match self.tile(LatLon::new(lat, lon)) {
            // Without kept voids every height inside the tile is a number.
            Some(g) if !g.has_voids => true,
            Some(g) => !g.height(lat, lon).is_nan(),
            None => false,
        }
    }
}

/// One tile's grid, for lookups known to fall inside it.
#[derive(Clone, Copy)]
struct Grid<'a> {
    data: &'a [f32],
    ncols: usize,
    nrows: usize,
    west: f64,
    north: f64,
    inv_dlon: f64,
    inv_dlat: f64,
    max_x: f64,
    max_y: f64,
    has_voids: bool,
    /// Whether [`simd`] may serve this grid: AVX2 detected at run time and
    /// a grid whose indices fit the gathers' `i32`s.
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    simd: bool,
}

impl<'a> Grid<'a> {
    fn of(tile: &'a Tile) -> Self {
        let s = tile.spec();
        Self {
            data: tile.heights(),
            ncols: s.ncols,
            nrows: s.nrows,
            west: s.west_lon,
            north: s.north_lat,
            inv_dlon: 1.0 / s.dlon_deg,
            inv_dlat: 1.0 / s.dlat_deg,
            max_x: (s.ncols - 1) as f64,
            max_y: (s.nrows - 1) as f64,
            has_voids: tile.voids_found() > tile.voids_filled(),
            simd: simd::usable(tile.heights(), s.ncols, s.nrows),
        }
    }

    /// `Tile::elevation_clamped`, operation for operation.
    #[inline(always)]
    fn height(&self, lat: f64, lon: f64) -> f64 {
        self.height_xy(
            (lon - self.west) * self.inv_dlon,
            (self.north - lat) * self.inv_dlat,
        )
    }

    /// Column and row coordinates of (`lat`, `lon`).
    #[inline(always)]
    fn xy(&self, p: LatLon) -> (f64, f64) {
        (
            (p.lon - self.west) * self.inv_dlon,
            (self.north - p.lat) * self.inv_dlat,
        )
    }

    /// The bilinear height at fractional column `x`, row `y`.
    #[inline(always)]
    fn height_xy(&self, x: f64, y: f64) -> f64 {
        let ncols = self.ncols;
        let x = x.clamp(0.0, self.max_x);
        let y = y.clamp(0.0, self.max_y);
        // (Through i32: the conversions to and from usize are slow on the
        // default target; the numbers are the same.)
        let c = (x as i32).min(ncols as i32 - 2);
        let r = (y as i32).min(self.nrows as i32 - 2);
        let fx = x - c as f64;
        let fy = y - r as f64;
        let i = r as usize * ncols + c as usize;
        let quad = &self.data[i..i + ncols + 2];
        let (h00, h01) = (quad[0] as f64, quad[1] as f64);
        let (h10, h11) = (quad[ncols] as f64, quad[ncols + 1] as f64);
        let north = h00 + (h01 - h00) * fx;
        let south = h10 + (h11 - h10) * fx;
        north + (south - north) * fy
    }

    /// Heights at fractions `(first + q) · inv` of `line`, for `q` in
    /// `0..out.len()`.
    #[inline]
    fn run(&self, line: &Line, first: usize, inv: f64, out: &mut [f64]) {
        #[cfg(target_arch = "x86_64")]
        if self.simd {
            // SAFETY: `simd` is set only where AVX2 was detected (and on a
            // grid that `simd::usable` accepted).
            unsafe { simd::run(self, line, first, inv, out) };
            return;
        }
        self.run_scalar(line, first, inv, out);
    }

    /// Heights at fractions `i · inv` of `line` for the indices `at`.
    #[inline]
    fn gather(&self, line: &Line, at: &[usize], inv: f64, out: &mut [f64]) {
        #[cfg(target_arch = "x86_64")]
        if self.simd {
            // SAFETY: as in `run`.
            unsafe { simd::gather(self, line, at, inv, out) };
            return;
        }
        self.gather_scalar(line, at, inv, out);
    }

    /// [`Grid::run`], one height at a time (the portable path, and the
    /// vector path's definition).
    #[inline]
    fn run_scalar(&self, line: &Line, first: usize, inv: f64, out: &mut [f64]) {
        for (q, slot) in out.iter_mut().enumerate() {
            let f = (first + q) as i64 as f64 * inv;
            *slot = self.height_xy(line.x0 + line.dx * f, line.y0 + line.dy * f);
        }
    }

    /// [`Grid::gather`], one height at a time.
    #[inline]
    fn gather_scalar(&self, line: &Line, at: &[usize], inv: f64, out: &mut [f64]) {
        for (&i, slot) in at.iter().zip(out.iter_mut()) {
            let f = i as i64 as f64 * inv;
            *slot = self.height_xy(line.x0 + line.dx * f, line.y0 + line.dy * f);
        }
    }
}

/// A straight line in a grid's coordinates: the point at fraction `f` is
/// `(x0 + dx·f, y0 + dy·f)`.
#[derive(Clone, Copy, Default)]
struct Line {
    x0: f64,
    y0: f64,
    dx: f64,
    dy: f64,
}

/// The straight line (in latitude/longitude) from `from` to `to`, sampled
/// at fractions `f` like the exact mode's profiles: the point is
/// `from + (to − from)·f`.
pub(crate) struct Segment<'a> {
    fast: Option<Grid<'a>>,
    cursor: Cursor<'a>,
    from: LatLon,
    dlat: f64,
    dlon: f64,
    /// The line in the tile's grid coordinates (with `fast`).
    line: Line,
}

/// The tile a line's start lies in, prepared once for many lines.
#[derive(Clone, Copy)]
pub(crate) struct Start<'a> {
    mosaic: &'a Mosaic,
    tile: Option<(&'a Tile, Grid<'a>)>,
}

impl<'a> Start<'a> {
    pub(crate) fn new(mosaic: &'a Mosaic, from: LatLon) -> Self {
        let tile = mosaic
            .tiles()
            .iter()
            .find(|t| t.contains(from))
            .map(|t| (t, Grid::of(t)));
        Self { mosaic, tile }
    }
}

impl<'a> Segment<'a> {
    #[cfg(test)]
    pub(crate) fn new(mosaic: &'a Mosaic, from: LatLon, to: LatLon) -> Self {
        Self::from_start(&Start::new(mosaic, from), from, to)
    }

    /// [`Segment::new`] from `start`'s point (`from`).
    pub(crate) fn from_start(start: &Start<'a>, from: LatLon, to: LatLon) -> Self {
        let mosaic = start.mosaic;
        // Both ends in one tile: so is the whole line (a tile is a box).
        // The first tile holding `from` is the first holding both if it
        // holds `to`.
        let fast = match start.tile {
            Some((t, g)) if t.contains(to) => Some(g),
            _ => mosaic
                .tiles()
                .iter()
                .find(|t| t.contains(from) && t.contains(to))
                .map(Grid::of),
        };
        let mut line = Line::default();
        if let Some(g) = &fast {
            let (x0, y0) = g.xy(from);
            let (x1, y1) = g.xy(to);
            line = Line {
                x0,
                y0,
                dx: x1 - x0,
                dy: y1 - y0,
            };
        }
        Self {
            fast,
            cursor: Cursor::new(mosaic),
            from,
            dlat: to.lat - from.lat,
            dlon: to.lon - from.lon,
            line,
        }
    }

    /// Heights at fractions `(first + q) · inv` for `q` in `0..out.len()`,
    /// interpolating the line in the tile's grid coordinates (within a
    /// few ulps of [`Segment::at`]'s positions); false if one of them is
    /// outside the terrain.
    #[inline]
    pub(crate) fn run(&mut self, first: usize, inv: f64, out: &mut [f64]) -> bool {
        match &self.fast {
            Some(g) => {
                g.run(&self.line, first, inv, out);
                !(g.has_voids && out.iter().any(|h| h.is_nan()))
            }
            None => {
                for (q, slot) in out.iter_mut().enumerate() {
                    match self.at((first + q) as f64 * inv) {
                        Some(h) => *slot = h,
                        None => return false,
                    }
                }
                true
            }
        }
    }

    /// Heights at fractions `i · inv` for the indices `at`, like
    /// [`Segment::run`]; NaN where outside the terrain.
    #[inline]
    pub(crate) fn gather(&mut self, at: &[usize], inv: f64, out: &mut [f64]) {
        match &self.fast {
            Some(g) => g.gather(&self.line, at, inv, out),
            None => {
                for (&i, slot) in at.iter().zip(out.iter_mut()) {
                    *slot = self.at(i as i64 as f64 * inv).unwrap_or(f64::NAN);
                }
            }
        }
    }

    /// Height at fraction `f` of the line.
    #[inline(always)]
    pub(crate) fn at(&mut self, f: f64) -> Option<f64> {
        let lat = self.from.lat + self.dlat * f;
        let lon = self.from.lon + self.dlon * f;
        match &self.fast {
            Some(g) => {
                let h = g.height(lat, lon);
                if g.has_voids && h.is_nan() {
                    None
                } else {
                    Some(h)
                }
            }
            None => self.cursor.height(lat, lon),
        }
    }
}

/// The AVX2 lookups: four heights at a time, bit for bit
/// [`Grid::height_xy`]'s (the same operations in the same order, lane by
/// lane, with no fused multiply-adds).
#[cfg(target_arch = "x86_64")]
mod simd {
    use super::{Grid, Line};
    use std::arch::x86_64::*;

    /// Whether the vector lookups may serve a grid of these dimensions
    /// here: AVX2 detected at run time (std caches the detection), at least
    /// 2×2 samples, and every index within `data` and an `i32`.
    pub(super) fn usable(data: &[f32], ncols: usize, nrows: usize) -> bool {
        ncols >= 2
            && nrows >= 2
            && ncols
                .checked_mul(nrows)
                .is_some_and(|n| n <= data.len() && n <= i32::MAX as usize)
            && std::arch::is_x86_feature_detected!("avx2")
    }

    /// [`Grid::height_xy`] at four points.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn height4(g: &Grid, x: __m256d, y: __m256d) -> __m256d {
        // `f64::clamp(v, 0, max)`: `v < 0 → 0`, then `v > max → max`.
        // (`max_pd(a, b)` is `a > b ? a : b` and `min_pd(a, b)` is
        // `a < b ? a : b`: −0.0 and NaN stay as they are, as in `clamp`.)
        let zero = _mm256_setzero_pd();
        let x = _mm256_min_pd(_mm256_set1_pd(g.max_x), _mm256_max_pd(zero, x));
        let y = _mm256_min_pd(_mm256_set1_pd(g.max_y), _mm256_max_pd(zero, y));
        // `as i32` truncates like `cvttpd` on the clamped numbers; NaN (0
        // with `as`, i32::MIN here) is raised to 0 by the final `max`, which
        // also keeps every index in the grid whatever the input.
        let ncols = _mm_set1_epi32(g.ncols as i32);
        let c = _mm256_cvttpd_epi32(x);
        let c = _mm_max_epi32(
            _mm_min_epi32(c, _mm_set1_epi32(g.ncols as i32 - 2)),
            _mm_setzero_si128(),
        );
        let r = _mm256_cvttpd_epi32(y);
        let r = _mm_max_epi32(
            _mm_min_epi32(r, _mm_set1_epi32(g.nrows as i32 - 2)),
            _mm_setzero_si128(),
        );
        let fx = _mm256_sub_pd(x, _mm256_cvtepi32_pd(c));
        let fy = _mm256_sub_pd(y, _mm256_cvtepi32_pd(r));
        let i = _mm_add_epi32(_mm_mullo_epi32(r, ncols), c);
        let base = g.data.as_ptr().cast::<i64>();
        // SAFETY: 0 ≤ c ≤ ncols − 2 and 0 ≤ r ≤ nrows − 2, so the pairs read
        // (4 bytes per index step, 8 bytes each) are `data[i..i + 2]` and
        // `data[i + ncols..i + ncols + 2]` with
        // i + ncols + 1 ≤ (nrows − 2)·ncols + ncols − 2 + ncols + 1
        // = nrows·ncols − 1 < data.len(), and no index overflows an i32
        // (`usable`). The gathers need no alignment.
        let (top, bottom) = unsafe {
            (
                _mm256_i32gather_epi64::<4>(base, i),
                _mm256_i32gather_epi64::<4>(base, _mm_add_epi32(i, ncols)),
            )
        };
        // [h00 h01 h00 h01 …] → [h00 h00 h00 h00 h01 h01 h01 h01].
        let split = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
        let top = _mm256_castsi256_ps(_mm256_permutevar8x32_epi32(top, split));
        let bottom = _mm256_castsi256_ps(_mm256_permutevar8x32_epi32(bottom, split));
        let h00 = _mm256_cvtps_pd(_mm256_castps256_ps128(top));
        let h01 = _mm256_cvtps_pd(_mm256_extractf128_ps::<1>(top));
        let h10 = _mm256_cvtps_pd(_mm256_castps256_ps128(bottom));
        let h11 = _mm256_cvtps_pd(_mm256_extractf128_ps::<1>(bottom));
        let north = _mm256_add_pd(h00, _mm256_mul_pd(_mm256_sub_pd(h01, h00), fx));
        let south = _mm256_add_pd(h10, _mm256_mul_pd(_mm256_sub_pd(h11, h10), fx));
        _mm256_add_pd(north, _mm256_mul_pd(_mm256_sub_pd(south, north), fy))
    }

    /// [`height4`] at fractions `f` of `line`.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn on_line(g: &Grid, line: &Line, f: __m256d) -> __m256d {
        let x = _mm256_add_pd(
            _mm256_set1_pd(line.x0),
            _mm256_mul_pd(_mm256_set1_pd(line.dx), f),
        );
        let y = _mm256_add_pd(
            _mm256_set1_pd(line.y0),
            _mm256_mul_pd(_mm256_set1_pd(line.dy), f),
        );
        height4(g, x, y)
    }

    /// Stores the first `out.len()` (≤ 4) lanes of `h`.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn store(h: __m256d, out: &mut [f64]) {
        let n = out.len();
        assert!(n <= 4);
        let p = out.as_mut_ptr();
        if n == 4 {
            // SAFETY: `out` holds four f64s (no alignment needed).
            unsafe { _mm256_storeu_pd(p, h) };
        } else {
            let lanes = _mm256_setr_epi64x(0, 1, 2, 3);
            let mask = _mm256_cmpgt_epi64(_mm256_set1_epi64x(n as i64), lanes);
            // SAFETY: only the lanes q < n = out.len() are written (the
            // others are masked off, without faults).
            unsafe { _mm256_maskstore_pd(p, mask, h) };
        }
    }

    /// [`Grid::run_scalar`], four heights at a time (the last lanes of a
    /// partial quadruple look past the line, at clamped positions, and are
    /// dropped).
    #[target_feature(enable = "avx2")]
    pub(super) fn run(g: &Grid, line: &Line, first: usize, inv: f64, out: &mut [f64]) {
        // The indices counted in f64: exact below 2^53 (always, in practice).
        if (first as u64).saturating_add(out.len() as u64 + 4) > 1 << 53 {
            return g.run_scalar(line, first, inv, out);
        }
        let inv = _mm256_set1_pd(inv);
        let four = _mm256_set1_pd(4.0);
        let mut k = _mm256_add_pd(
            _mm256_set1_pd(first as f64),
            _mm256_setr_pd(0.0, 1.0, 2.0, 3.0),
        );
        let mut chunks = out.chunks_exact_mut(4);
        for chunk in &mut chunks {
            store(on_line(g, line, _mm256_mul_pd(k, inv)), chunk);
            k = _mm256_add_pd(k, four);
        }
        match chunks.into_remainder() {
            [] => {}
            // (One left: cheaper alone.)
            [h] => {
                let f = _mm256_cvtsd_f64(_mm256_mul_pd(k, inv));
                *h = g.height_xy(line.x0 + line.dx * f, line.y0 + line.dy * f);
            }
            rest => store(on_line(g, line, _mm256_mul_pd(k, inv)), rest),
        }
    }

    /// [`Grid::gather_scalar`], four heights at a time.
    #[target_feature(enable = "avx2")]
    pub(super) fn gather(g: &Grid, line: &Line, at: &[usize], inv: f64, out: &mut [f64]) {
        let n = at.len().min(out.len());
        let inv = _mm256_set1_pd(inv);
        for (ks, chunk) in at[..n].chunks(4).zip(out[..n].chunks_mut(4)) {
            let k = |q: usize| ks.get(q).map_or(0.0, |&i| i as i64 as f64);
            if let [h] = chunk {
                // (One left: cheaper alone.)
                let f = k(0) * _mm256_cvtsd_f64(inv);
                *h = g.height_xy(line.x0 + line.dx * f, line.y0 + line.dy * f);
                continue;
            }
            let k = _mm256_setr_pd(k(0), k(1), k(2), k(3));
            store(on_line(g, line, _mm256_mul_pd(k, inv)), chunk);
        }
    }
}

/// Elsewhere: the portable lookups only.
#[cfg(not(target_arch = "x86_64"))]
mod simd {
    pub(super) fn usable(_: &[f32], _: usize, _: usize) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hatang_core::terrain::{Elevation, GridSpec, LoadOptions};

    #[test]
    fn segment_samples_are_the_exact_profiles_samples() {
        let spec = GridSpec::new(105.0, 21.2, 0.001, 0.001, 201, 201);
        let h: Vec<f32> = (0..201 * 201)
            .map(|i| ((i * 7919) % 613) as f32 * 0.7)
            .collect();
        let dem = Mosaic::new(vec![Tile::from_grid(
            "t",
            spec,
            h,
            None,
            &LoadOptions::default(),
        )
        .unwrap()])
        .unwrap();
        let (a, b) = (
            LatLon::new(21.0123, 105.0311),
            LatLon::new(21.1877, 105.1702),
        );
        let mut pfl = Vec::new();
        dem.profile_into(a, b, 30.0, &mut pfl).unwrap();
        let np = pfl[0] as usize;
        let inv = 1.0 / np as f64;
        let mut seg = Segment::new(&dem, a, b);
        for i in 0..=np {
            assert_eq!(
                seg.at(i as f64 * inv).unwrap().to_bits(),
                pfl[2 + i].to_bits(),
                "sample {i}"
            );
        }
        // The grid-coordinate passes: the same heights to a micrometre (on
        // this terrain's 400 m steps between neighbouring samples).
        let mut run = vec![0.0; np + 1];
        assert!(seg.run(0, inv, &mut run));
        let at: Vec<usize> = (0..=np).rev().collect();
        let mut gathered = vec![0.0; np + 1];
        seg.gather(&at, inv, &mut gathered);
        for i in 0..=np {
            assert!((run[i] - pfl[2 + i]).abs() < 1e-6, "run {i}");
            assert!((gathered[np - i] - pfl[2 + i]).abs() < 1e-6, "gather {i}");
        }
    }
}

/// The vector lookups against the scalar ones, bit for bit.
#[cfg(test)]
mod simd_tests {
    use super::*;
    use hatang_core::terrain::{GridSpec, LoadOptions, VoidPolicy};

    /// xorshift64*: reproducible numbers without a dependency.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        /// Uniform in [lo, hi).
        fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
            lo + (hi - lo) * ((self.next() >> 11) as f64 / (1u64 << 53) as f64)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    /// A rough synthetic tile (cliffs, negative heights, −0.0), with every
    /// `void_every`-th sample a kept void.
    fn tile(ncols: usize, nrows: usize, void_every: Option<usize>) -> Tile {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let h: Vec<f32> = (0..ncols * nrows)
            .map(|i| match (void_every, i % 97) {
                (Some(v), _) if i % v == 3 => f32::NAN,
                (_, 0) => -0.0,
                _ => (rng.uniform(-120.0, 3100.0) as f32) * if i % 5 == 0 { 0.001 } else { 1.0 },
            })
            .collect();
        let opts = LoadOptions {
            void_policy: VoidPolicy::Keep,
            ..LoadOptions::default()
        };
        let spec = GridSpec::new(105.0, 21.2, 0.001, 0.001, ncols, nrows);
        Tile::from_grid("t", spec, h, None, &opts).unwrap()
    }

    /// The grid twice: vector lookups (where this machine has them) and
    /// scalar ones.
    fn grids(t: &Tile) -> (Grid<'_>, Grid<'_>) {
        let g = Grid::of(t);
        #[cfg(target_arch = "x86_64")]
        assert_eq!(g.simd, std::arch::is_x86_feature_detected!("avx2"));
        (g, Grid { simd: false, ..g })
    }

    fn same(a: &[f64], b: &[f64], what: &dyn Fn() -> String) {
        for (q, (x, y)) in a.iter().zip(b).enumerate() {
            assert_eq!(x.to_bits(), y.to_bits(), "lane {q}: {x} vs {y}, {}", what());
        }
    }

    /// A random line: ends anywhere on the grid or up to 6 samples beyond
    /// each edge, sometimes exactly on an edge (first and last row and
    /// column, where the cell is clamped) or along it.
    fn line(rng: &mut Rng, g: &Grid) -> Line {
        let mut coord = |max: f64| match rng.below(8) {
            0 => 0.0,
            1 => max,
            2 => -0.0,
            3 => rng.uniform(-6.0, 0.0),
            4 => rng.uniform(max, max + 6.0),
            5 => max - rng.uniform(0.0, 1e-9),
            _ => rng.uniform(0.0, max),
        };
        let (x0, y0, x1, y1) = (
            coord(g.max_x),
            coord(g.max_y),
            coord(g.max_x),
            coord(g.max_y),
        );
        let (x1, y1) = match rng.below(6) {
            0 => (x0, y1), // along a column (an edge one at times)
            1 => (x1, y0), // along a row
            _ => (x1, y1),
        };
        Line {
            x0,
            y0,
            dx: x1 - x0,
            dy: y1 - y0,
        }
    }

    fn check(t: &Tile, seed: u64) {
        let (vector, scalar) = grids(t);
        let mut rng = Rng(seed);
        let (mut a, mut b) = ([0.0; 30], [0.0; 30]);
        for case in 0..20_000 {
            let l = line(&mut rng, &vector);
            let n = 1 + case % 30;
            let np = n + rng.below(300);
            let inv = 1.0 / np as f64;
            let first = rng.below(np + 2);
            vector.run(&l, first, inv, &mut a[..n]);
            scalar.run_scalar(&l, first, inv, &mut b[..n]);
            same(&a[..n], &b[..n], &|| {
                format!("run {case}: first {first} np {np}")
            });
            let at: Vec<usize> = (0..n).map(|_| rng.below(np + 3)).collect();
            vector.gather(&l, &at, inv, &mut a[..n]);
            scalar.gather_scalar(&l, &at, inv, &mut b[..n]);
            same(&a[..n], &b[..n], &|| {
                format!("gather {case}: at {at:?} np {np}")
            });
            // A shorter `at` than `out` (and the other way): the common length.
            let m = rng.below(n + 1);
            a[..n].fill(7.0);
            b[..n].fill(7.0);
            vector.gather(&l, &at[..m], inv, &mut a[..n]);
            scalar.gather_scalar(&l, &at[..m], inv, &mut b[..n]);
            same(&a[..n], &b[..n], &|| format!("short gather {case}"));
        }
    }

    #[test]
    fn vector_lookups_are_the_scalar_ones() {
        check(&tile(37, 29, None), 1);
        check(&tile(2, 2, None), 2);
        check(&tile(2, 11, None), 3);
        check(&tile(13, 2, None), 4);
    }

    #[test]
    fn vector_lookups_find_the_voids() {
        let t = tile(41, 23, Some(17));
        check(&t, 5);
        // The segment passes: a void next to a sample makes `run` fail and
        // `gather` answer NaN, as before.
        let a = LatLon::new(21.2 - 0.0031, 105.0);
        let b = LatLon::new(21.2 - 0.0031, 105.039);
        let dem = Mosaic::new(vec![t]).unwrap();
        let mut seg = Segment::new(&dem, a, b);
        let mut out = [0.0; 9];
        assert!(!seg.run(0, 1.0 / 8.0, &mut out));
        assert!(out.iter().any(|h| h.is_nan()) && out.iter().any(|h| !h.is_nan()));
    }

    #[test]
    fn vector_lookups_stay_in_the_grid() {
        // Beyond the clamps' contract (finite positions): infinities clamp
        // like the scalar code, NaN positions give NaN and read inside.
        let t = tile(5, 4, None);
        let (vector, scalar) = grids(&t);
        for (x0, y0, dx, dy) in [
            (f64::INFINITY, 1.0, 0.0, 1.0),
            (f64::NEG_INFINITY, f64::INFINITY, 0.0, 0.0),
            (1.0, 1.0, f64::INFINITY, f64::NEG_INFINITY),
            (f64::NAN, 2.0, 1.0, 1.0),
            (1.0, 2.0, 1.0, f64::NAN),
            (1e300, -1e300, 1e300, 1e300),
        ] {
            let l = Line { x0, y0, dx, dy };
            let (mut a, mut b) = ([0.0; 7], [0.0; 7]);
            vector.run(&l, 0, 0.25, &mut a);
            scalar.run_scalar(&l, 0, 0.25, &mut b);
            for (x, y) in a.iter().zip(&b) {
                assert!(
                    x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()),
                    "{x} vs {y}"
                );
            }
        }
    }
}

/// `cargo test --release -p hatang-coverage --lib terrain_bench -- --ignored --nocapture`
#[cfg(test)]
mod bench {
    use super::*;
    use hatang_core::terrain::{GridSpec, LoadOptions};
    use std::hint::black_box;
    use std::time::Instant;

    #[test]
    #[ignore]
    fn terrain_bench() {
        let n = 1201;
        let h: Vec<f32> = (0..n * n)
            .map(|i| ((i * 7919) % 613) as f32 * 0.7)
            .collect();
        let spec = GridSpec::new(105.0, 22.0, 1.0 / 1200.0, 1.0 / 1200.0, n, n);
        let t = Tile::from_grid("t", spec, h, None, &LoadOptions::default()).unwrap();
        let g = Grid::of(&t);
        let s = Grid { simd: false, ..g };
        // Pixels every third of a sample within 278 samples of the centre,
        // radial by radial (pixels sorted by bearing, then distance).
        let mut px: Vec<(f64, f64)> = Vec::new();
        for r in -834i32..=834 {
            for c in -834i32..=834 {
                let d = ((r * r + c * c) as f64).sqrt();
                if d > 1.0 && d <= 834.0 {
                    px.push((c as f64 / 3.0, r as f64 / 3.0));
                }
            }
        }
        px.sort_by(|a, b| {
            let (ba, bb) = (a.1.atan2(a.0), b.1.atan2(b.0));
            (ba / 0.002)
                .floor()
                .total_cmp(&(bb / 0.002).floor())
                .then((a.0.hypot(a.1)).total_cmp(&b.0.hypot(b.1)))
        });
        for (name, lens) in [
            ("run 5 + gather 10", (5, 10)),
            ("run 9 + gather 24", (9, 24)),
        ] {
            for (which, grid) in [
                ("scalar", &s),
                ("vector", &g),
                ("scalar", &s),
                ("vector", &g),
            ] {
                let t0 = Instant::now();
                let mut acc = 0.0;
                let (mut out, mut hs) = ([0.0; 9], [0.0; 24]);
                let mut at = [0usize; 24];
                for &(dx, dy) in &px {
                    let line = Line {
                        x0: 600.0,
                        y0: 600.0,
                        dx,
                        dy,
                    };
                    let np = (dx.hypot(dy) * 3.0).ceil() as usize;
                    let inv = 1.0 / np as f64;
                    let first = np.saturating_sub(lens.0 - 1);
                    grid.run(&line, first, inv, &mut out[..lens.0]);
                    for (q, a) in at[..lens.1].iter_mut().enumerate() {
                        *a = (np * (q + 1)) / (lens.1 + 2);
                    }
                    grid.gather(&line, &at[..lens.1], inv, &mut hs[..lens.1]);
                    acc += out[0] + hs[lens.1 - 1];
                    black_box(&mut out);
                    black_box(&mut hs);
                }
                let e = t0.elapsed();
                println!(
                    "{name} {which}: {:.1} ms for {} pixels ({:.1} ns/pixel) {acc}",
                    e.as_secs_f64() * 1e3,
                    px.len(),
                    e.as_secs_f64() * 1e9 / px.len() as f64
                );
            }
        }
    }
}
