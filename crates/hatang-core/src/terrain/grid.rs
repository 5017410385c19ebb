//! One elevation grid in geographic coordinates, its void filling and the
//! bilinear hot path.

use super::{
    describe_box, profile, Elevation, LoadOptions, PathDistance, TerrainError, VoidPolicy,
};
use crate::geo::{Bbox, LatLon};

/// Where the samples of a grid are: the position of the first (north-west)
/// sample, the spacing, and the size. Row 0 is the northernmost row; the
/// sample at row `r`, column `c` is at latitude `north_lat − r·dlat_deg`,
/// longitude `west_lon + c·dlon_deg`.
///
/// ```
/// use hatang_core::terrain::GridSpec;
/// // SRTM3 tile N21E105: 1201×1201 samples, the first at 22 N 105 E.
/// let s = GridSpec::new(105.0, 22.0, 1.0 / 1200.0, 1.0 / 1200.0, 1201, 1201);
/// assert_eq!(s.sample_box().min_lat, 21.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GridSpec {
    /// Longitude of the first column of samples, degrees east.
    pub west_lon: f64,
    /// Latitude of the first row of samples, degrees north.
    pub north_lat: f64,
    /// Spacing between columns, degrees (> 0).
    pub dlon_deg: f64,
    /// Spacing between rows, degrees (> 0); rows go southwards.
    pub dlat_deg: f64,
    /// Number of columns (≥ 2).
    pub ncols: usize,
    /// Number of rows (≥ 2).
    pub nrows: usize,
}

impl GridSpec {
    /// A grid from its first sample, spacings and size.
    ///
    /// ```
    /// let s = hatang_core::terrain::GridSpec::new(105.0, 22.0, 0.5, 0.5, 3, 3);
    /// assert_eq!(s.ncols, 3);
    /// ```
    pub const fn new(
        west_lon: f64,
        north_lat: f64,
        dlon_deg: f64,
        dlat_deg: f64,
        ncols: usize,
        nrows: usize,
    ) -> Self {
        Self {
            west_lon,
            north_lat,
            dlon_deg,
            dlat_deg,
            ncols,
            nrows,
        }
    }

    /// The box through the outermost samples.
    ///
    /// ```
    /// let s = hatang_core::terrain::GridSpec::new(105.0, 22.0, 0.5, 0.25, 3, 5);
    /// assert_eq!(s.sample_box(), hatang_core::geo::Bbox::new(105.0, 21.0, 106.0, 22.0));
    /// ```
    pub fn sample_box(&self) -> Bbox {
        Bbox::new(
            self.west_lon,
            self.north_lat - (self.nrows.saturating_sub(1)) as f64 * self.dlat_deg,
            self.west_lon + (self.ncols.saturating_sub(1)) as f64 * self.dlon_deg,
            self.north_lat,
        )
    }

    pub(crate) fn check(&self, name: &str, max_cells: usize) -> Result<(), TerrainError> {
        let bad = |reason: String| TerrainError::BadGrid {
            name: name.to_string(),
            reason,
        };
        if self.ncols < 2 || self.nrows < 2 {
            return Err(bad(format!(
                "{}×{} samples: at least 2×2 are needed",
                self.ncols, self.nrows
            )));
        }
        match self.ncols.checked_mul(self.nrows) {
            Some(n) if n <= max_cells => {}
            _ => {
                return Err(bad(format!(
                    "{}×{} samples exceed the limit of {max_cells}",
                    self.ncols, self.nrows
                )))
            }
        }
        if !(self.dlon_deg.is_finite()
            && self.dlat_deg.is_finite()
            && self.dlon_deg > 0.0
            && self.dlat_deg > 0.0)
        {
            return Err(bad(format!(
                "spacing {} × {} degrees is not positive",
                self.dlon_deg, self.dlat_deg
            )));
        }
        let b = self.sample_box();
        if !(b.min_lat.is_finite()
            && b.max_lon.is_finite()
            && b.min_lat >= -90.0 - 1e-9
            && b.max_lat <= 90.0 + 1e-9
            && b.min_lon >= -180.0 - 1e-9
            && b.max_lon <= 360.0 + 1e-9)
        {
            return Err(bad(format!(
                "samples span {}–{} E, {}–{} N: not geographic coordinates",
                b.min_lon, b.max_lon, b.min_lat, b.max_lat
            )));
        }
        Ok(())
    }
}

/// One elevation grid held in memory as `f32` metres (row-major, north row
/// first), voids already filled or marked (NaN).
///
/// ```
/// use hatang_core::geo::LatLon;
/// use hatang_core::terrain::{Elevation, GridSpec, LoadOptions, Tile};
/// // The centre sample is a void (-32768 declared as nodata): it is filled
/// // with the mean of its 8 neighbours.
/// let mut h = vec![10.0f32; 9];
/// h[4] = -32768.0;
/// let t = Tile::from_grid("t", GridSpec::new(105.0, 21.02, 0.01, 0.01, 3, 3), h,
///                         Some(-32768.0), &LoadOptions::default()).unwrap();
/// assert_eq!(t.voids_filled(), 1);
/// assert_eq!(t.elevation(LatLon::new(21.01, 105.01)).unwrap(), 10.0);
/// ```
#[derive(Debug, Clone)]
pub struct Tile {
    name: String,
    spec: GridSpec,
    data: Vec<f32>,
    coverage: Bbox,
    inv_dlon: f64,
    inv_dlat: f64,
    max_x: f64,
    max_y: f64,
    voids_found: usize,
    voids_filled: usize,
}

impl Tile {
    /// A tile from an in-memory grid of `spec.ncols × spec.nrows` heights
    /// (row-major, north row first). Samples equal to `nodata`, and NaNs,
    /// are voids handled per `opts.void_policy`. The tile answers inside the
    /// box through its outermost samples.
    ///
    /// ```
    /// use hatang_core::terrain::{GridSpec, LoadOptions, Tile};
    /// let err = Tile::from_grid("bad", GridSpec::new(105.0, 22.0, 0.5, 0.5, 3, 3), vec![0.0; 8],
    ///                           None, &LoadOptions::default()).unwrap_err();
    /// assert!(err.to_string().contains("8 heights"));
    /// ```
    pub fn from_grid(
        name: impl Into<String>,
        spec: GridSpec,
        heights: Vec<f32>,
        nodata: Option<f32>,
        opts: &LoadOptions,
    ) -> Result<Tile, TerrainError> {
        Tile::build(name.into(), spec, heights, nodata, opts, 0.0, false)
    }

    /// Builds a tile; `margin_px` widens the answering box beyond the
    /// outermost samples (half a pixel for `PixelIsArea` rasters), where
    /// lookups clamp to the edge samples; `whole_metres` (integer sources)
    /// rounds filled voids to whole metres like the source's own samples.
    pub(crate) fn build(
        name: String,
        spec: GridSpec,
        mut data: Vec<f32>,
        nodata: Option<f32>,
        opts: &LoadOptions,
        margin_px: f64,
        whole_metres: bool,
    ) -> Result<Tile, TerrainError> {
        spec.check(&name, opts.max_cells)?;
        if data.len() != spec.ncols * spec.nrows {
            return Err(TerrainError::BadGrid {
                name,
                reason: format!(
                    "{} heights for a {}×{} grid",
                    data.len(),
                    spec.ncols,
                    spec.nrows
                ),
            });
        }
        let fill = opts.void_policy == VoidPolicy::Fill;
        let (voids_found, void_at) = mark_voids(&mut data, nodata, fill);
        let voids_filled = if voids_found > 0 && fill {
            fill_voids(&mut data, spec.ncols, spec.nrows, whole_metres, void_at)
                .ok_or_else(|| TerrainError::AllVoid { name: name.clone() })?
        } else {
            0
        };
        let s = spec.sample_box();
        let coverage = Bbox::new(
            s.min_lon - margin_px * spec.dlon_deg,
            s.min_lat - margin_px * spec.dlat_deg,
            s.max_lon + margin_px * spec.dlon_deg,
            s.max_lat + margin_px * spec.dlat_deg,
        );
        Ok(Tile {
            name,
            spec,
            data,
            coverage,
            inv_dlon: 1.0 / spec.dlon_deg,
            inv_dlat: 1.0 / spec.dlat_deg,
            max_x: (spec.ncols - 1) as f64,
            max_y: (spec.nrows - 1) as f64,
            voids_found,
            voids_filled,
        })
    }

    /// The tile's name (file stem, e.g. "N21E105").
    ///
    /// ```
    /// # use hatang_core::terrain::{GridSpec, LoadOptions, Tile};
    /// let t = Tile::from_grid("x", GridSpec::new(0.0, 1.0, 1.0, 1.0, 2, 2), vec![0.0; 4], None,
    ///                         &LoadOptions::default()).unwrap();
    /// assert_eq!(t.name(), "x");
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Where the samples are.
    pub fn spec(&self) -> &GridSpec {
        &self.spec
    }

    /// The heights, row-major, north row first; voids kept under
    /// [`VoidPolicy::Keep`] are NaN.
    pub fn heights(&self) -> &[f32] {
        &self.data
    }

    /// The height of the sample at `row`, `col`, if inside the grid.
    ///
    /// ```
    /// # use hatang_core::terrain::{GridSpec, LoadOptions, Tile};
    /// let t = Tile::from_grid("x", GridSpec::new(0.0, 1.0, 1.0, 1.0, 2, 2), vec![1., 2., 3., 4.],
    ///                         None, &LoadOptions::default()).unwrap();
    /// assert_eq!(t.sample(1, 0), Some(3.0));
    /// assert_eq!(t.sample(2, 0), None);
    /// ```
    pub fn sample(&self, row: usize, col: usize) -> Option<f32> {
        if row < self.spec.nrows && col < self.spec.ncols {
            self.data.get(row * self.spec.ncols + col).copied()
        } else {
            None
        }
    }

    /// How many void samples the source had.
    pub fn voids_found(&self) -> usize {
        self.voids_found
    }

    /// How many voids were filled ([`VoidPolicy::Fill`]); the rest are kept
    /// as NaN and refused on lookup.
    pub fn voids_filled(&self) -> usize {
        self.voids_filled
    }

    /// Whether `p` is inside the box this tile answers for.
    ///
    /// ```
    /// # use hatang_core::terrain::{GridSpec, LoadOptions, Tile};
    /// # use hatang_core::geo::LatLon;
    /// let t = Tile::from_grid("x", GridSpec::new(105.0, 22.0, 1.0, 1.0, 2, 2), vec![0.0; 4], None,
    ///                         &LoadOptions::default()).unwrap();
    /// assert!(t.contains(LatLon::new(21.5, 105.5)));
    /// assert!(!t.contains(LatLon::new(22.5, 105.5)));
    /// ```
    #[inline]
    pub fn contains(&self, p: LatLon) -> bool {
        self.coverage.contains(p)
    }

    /// Bilinear height at (`lat`, `lon`) with the position clamped into the
    /// grid: the hot path, branch-light and allocation-free. Call it only
    /// for points [`Tile::contains`] accepts (outside, it returns the edge
    /// value); the result is NaN next to a kept void.
    ///
    /// ```
    /// # use hatang_core::terrain::{GridSpec, LoadOptions, Tile};
    /// let t = Tile::from_grid("x", GridSpec::new(105.0, 22.0, 1.0, 1.0, 2, 2),
    ///                         vec![0., 10., 20., 30.], None, &LoadOptions::default()).unwrap();
    /// // North-west 0, north-east 10, south-west 20, south-east 30.
    /// assert_eq!(t.elevation_clamped(21.5, 105.5), 15.0);
    /// assert_eq!(t.elevation_clamped(22.0, 105.0), 0.0);
    /// ```
    #[inline]
    pub fn elevation_clamped(&self, lat: f64, lon: f64) -> f64 {
        let ncols = self.spec.ncols;
        let x = ((lon - self.spec.west_lon) * self.inv_dlon).clamp(0.0, self.max_x);
        let y = ((self.spec.north_lat - lat) * self.inv_dlat).clamp(0.0, self.max_y);
        // The cell's north-west sample, kept one short of the last column
        // and row so that its 2×2 neighbourhood exists.
        let c = (x as usize).min(ncols - 2);
        let r = (y as usize).min(self.spec.nrows - 2);
        let fx = x - c as f64;
        let fy = y - r as f64;
        let i = r * ncols + c;
        let quad = &self.data[i..i + ncols + 2];
        let (h00, h01) = (quad[0] as f64, quad[1] as f64);
        let (h10, h11) = (quad[ncols] as f64, quad[ncols + 1] as f64);
        let north = h00 + (h01 - h00) * fx;
        let south = h10 + (h11 - h10) * fx;
        north + (south - north) * fy
    }

    pub(crate) fn describe(&self) -> String {
        describe_box(&self.name, &self.coverage)
    }

    /// Fills `pfl[2..]` with heights along the straight line; both ends must
    /// be inside the tile (so is every point between).
    pub(crate) fn cut_inside(
        &self,
        from: LatLon,
        to: LatLon,
        np: usize,
        pfl: &mut Vec<f64>,
    ) -> Result<(), TerrainError> {
        let inv = 1.0 / np as f64;
        let (dlat, dlon) = (to.lat - from.lat, to.lon - from.lon);
        for i in 0..=np {
            let t = i as f64 * inv;
            let h = self.elevation_clamped(from.lat + dlat * t, from.lon + dlon * t);
            pfl.push(h);
        }
        if self.voids_found > self.voids_filled {
            if let Some(k) = pfl[2..].iter().position(|h| h.is_nan()) {
                let t = k as f64 * inv;
                return Err(TerrainError::Void {
                    point: LatLon::new(from.lat + dlat * t, from.lon + dlon * t),
                    tile: self.name.clone(),
                });
            }
        }
        Ok(())
    }
}

impl Elevation for Tile {
    #[inline]
    fn elevation(&self, p: LatLon) -> Result<f64, TerrainError> {
        if !self.contains(p) {
            return Err(TerrainError::OutsideTerrain {
                point: p,
                loaded: format!("1 tile: {}", self.describe()),
            });
        }
        let h = self.elevation_clamped(p.lat, p.lon);
        if h.is_nan() {
            return Err(TerrainError::Void {
                point: p,
                tile: self.name.clone(),
            });
        }
        Ok(h)
    }

    fn coverage(&self) -> Bbox {
        self.coverage
    }

    fn profile_into_with(
        &self,
        from: LatLon,
        to: LatLon,
        step_m: f64,
        distance: PathDistance,
        pfl: &mut Vec<f64>,
    ) -> Result<(), TerrainError> {
        let (np, step) = profile::plan(from, to, step_m, distance)?;
        for p in [from, to] {
            if !self.contains(p) {
                return Err(TerrainError::OutsideTerrain {
                    point: p,
                    loaded: format!("1 tile: {}", self.describe()),
                });
            }
        }
        pfl.clear();
        pfl.reserve(np + 3);
        pfl.push(np as f64);
        pfl.push(step);
        self.cut_inside(from, to, np, pfl)
    }
}

/// Samples marked per rayon task by [`mark_voids`].
const MARK_CHUNK: usize = 1 << 16;

/// Sets every void (NaN, infinite, or `nodata`) to NaN, in parallel chunks
/// whose loop is branch-free so that it vectorizes; returns how many there
/// are and, with `want_indices`, their indices in ascending order (a chunk
/// with voids is rescanned for them while in cache).
fn mark_voids(data: &mut [f32], nodata: Option<f32>, want_indices: bool) -> (usize, Vec<usize>) {
    use rayon::prelude::*;
    let chunks: Vec<(usize, Vec<usize>)> = data
        .par_chunks_mut(MARK_CHUNK)
        .enumerate()
        .map(|(k, chunk)| {
            let mut voids = 0usize;
            for h in chunk.iter_mut() {
                let void = !h.is_finite() | nodata.is_some_and(|nd| *h == nd);
                voids += usize::from(void);
                *h = if void { f32::NAN } else { *h };
            }
            let mut at = Vec::new();
            if want_indices && voids > 0 {
                at.reserve_exact(voids);
                let base = k * MARK_CHUNK;
                at.extend(
                    chunk
                        .iter()
                        .enumerate()
                        .filter(|(_, h)| h.is_nan())
                        .map(|(j, _)| base + j),
                );
            }
            (voids, at)
        })
        .collect();
    let voids = chunks.iter().map(|c| c.0).sum();
    let mut void_at = Vec::with_capacity(if want_indices { voids } else { 0 });
    for (_, at) in chunks {
        void_at.extend(at);
    }
    (voids, void_at)
}

/// Fills NaN samples in place, scanning row by row from the north-west
/// (Gauss–Seidel): a void with at least one valid sample among its 8
/// neighbours takes their mean (rounded to whole metres when `whole_metres`);
/// samples filled earlier in the scan count as valid. Scans repeat until no
/// void is left. `pending` lists the voids (the NaN samples) in ascending
/// order. Returns the number filled, or `None` when no sample is valid.
fn fill_voids(
    data: &mut [f32],
    ncols: usize,
    nrows: usize,
    whole_metres: bool,
    mut pending: Vec<usize>,
) -> Option<usize> {
    let total = pending.len();
    let mut still = Vec::new();
    while !pending.is_empty() {
        still.clear();
        for &i in &pending {
            let (r, c) = (i / ncols, i % ncols);
            let (mut sum, mut n) = (0.0f64, 0u32);
            for rr in r.saturating_sub(1)..=(r + 1).min(nrows - 1) {
                for cc in c.saturating_sub(1)..=(c + 1).min(ncols - 1) {
                    let h = data[rr * ncols + cc];
                    if !h.is_nan() {
                        sum += h as f64;
                        n += 1;
                    }
                }
            }
            if n > 0 {
                let mean = sum / n as f64;
                data[i] = if whole_metres { mean.round() } else { mean } as f32;
            } else {
                still.push(i);
            }
        }
        if still.len() == pending.len() {
            return None;
        }
        std::mem::swap(&mut pending, &mut still);
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tile(data: Vec<f32>, policy: VoidPolicy) -> Result<Tile, TerrainError> {
        Tile::from_grid(
            "t",
            GridSpec::new(105.0, 21.04, 0.01, 0.01, 5, 5),
            data,
            Some(-32768.0),
            &LoadOptions {
                void_policy: policy,
                ..LoadOptions::default()
            },
        )
    }

    #[test]
    fn bilinear_matches_hand_values() {
        let t = Tile::from_grid(
            "t",
            GridSpec::new(105.0, 22.0, 1.0, 1.0, 2, 2),
            vec![0., 10., 20., 30.],
            None,
            &LoadOptions::default(),
        )
        .unwrap();
        // x = 0.25 (east), y = 0.5 (south): north 2.5, south 22.5 → 12.5.
        assert!((t.elevation(LatLon::new(21.5, 105.25)).unwrap() - 12.5).abs() < 1e-12);
        // Edges and corners.
        assert_eq!(t.elevation(LatLon::new(21.0, 106.0)).unwrap(), 30.0);
        assert_eq!(t.elevation(LatLon::new(22.0, 106.0)).unwrap(), 10.0);
        assert!(t.elevation(LatLon::new(21.0, 106.0000001)).is_err());
    }

    #[test]
    fn large_void_fills_from_the_rim() {
        // A 3×3 void in a 5×5 grid of 100 m: pass 1 fills the 8 rim cells,
        // pass 2 the centre, all to exactly 100.
        let mut d = vec![100.0f32; 25];
        for r in 1..4 {
            for c in 1..4 {
                d[r * 5 + c] = -32768.0;
            }
        }
        let t = tile(d, VoidPolicy::Fill).unwrap();
        assert_eq!(t.voids_found(), 9);
        assert_eq!(t.voids_filled(), 9);
        assert!(t.heights().iter().all(|h| *h == 100.0));
    }

    #[test]
    fn void_fill_scans_in_place() {
        // Row 0: 30 void void 40 0 …, the rest 0. Scanning row-major:
        // (0,1) sees 30, 0 (0,2 is still void), 0, 0, 0 → 30/4 = 7.5;
        // (0,2) then sees the new 7.5 and 40, 0, 0, 0 → 47.5/5 = 9.5.
        let mut d = vec![0.0f32; 25];
        d[0] = 30.0;
        d[1] = -32768.0;
        d[2] = -32768.0;
        d[3] = 40.0;
        let t = tile(d.clone(), VoidPolicy::Fill).unwrap();
        assert_eq!(t.sample(0, 1), Some(7.5));
        assert_eq!(t.sample(0, 2), Some(9.5));
        // Whole metres (integer sources): 7.5 → 8 (half away from zero),
        // then (8 + 40) / 5 = 9.6 → 10.
        let mut data = d;
        for h in data.iter_mut() {
            if *h == -32768.0 {
                *h = f32::NAN;
            }
        }
        assert_eq!(fill_voids(&mut data, 5, 5, true, vec![1, 2]), Some(2));
        assert_eq!((data[1], data[2]), (8.0, 10.0));
    }

    #[test]
    fn kept_voids_are_refused_not_used() {
        let mut d = vec![5.0f32; 25];
        d[12] = -32768.0;
        let t = tile(d, VoidPolicy::Keep).unwrap();
        assert_eq!(t.voids_filled(), 0);
        let e = t.elevation(LatLon::new(21.02, 105.02)).unwrap_err();
        assert!(matches!(e, TerrainError::Void { .. }), "{e}");
        // Far from the void, fine.
        assert_eq!(t.elevation(LatLon::new(21.0, 105.0)).unwrap(), 5.0);
        let mut buf = Vec::new();
        assert!(t
            .profile_into(
                LatLon::new(21.0, 105.0),
                LatLon::new(21.04, 105.04),
                100.0,
                &mut buf
            )
            .is_err());
    }

    #[test]
    fn all_void_is_an_error() {
        let e = tile(vec![-32768.0; 25], VoidPolicy::Fill).unwrap_err();
        assert!(e.to_string().contains("every sample is void"));
    }

    #[test]
    fn outside_names_point_and_tile() {
        let t = tile(vec![1.0; 25], VoidPolicy::Fill).unwrap();
        let e = t
            .elevation(LatLon::new(20.5, 105.01))
            .unwrap_err()
            .to_string();
        assert!(e.contains("20.500000 N, 105.010000 E"), "{e}");
        assert!(e.contains("t [105.000000–105.040000 E"), "{e}");
    }
}
