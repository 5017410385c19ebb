//! Single-band `f32` rasters on a [`GeoGrid`] and their statistics.

use crate::error::{RasterError, Result};
use crate::grid::GeoGrid;

/// The value that stands for "no data" in files (GeoTIFF `GDAL_NODATA`).
/// In memory, no data is `NaN`.
pub const NODATA_VALUE: f32 = -9999.0;

/// A single-band raster: a [`GeoGrid`] and one `f32` per pixel, row-major,
/// top (northern) row first. `NaN` means "no data".
///
/// ```
/// use hatang_raster::{GeoGrid, Raster};
/// let grid = GeoGrid::new(105.0, 21.0, 0.001, 0.001, 3, 2)?;
/// let r = Raster::from_vec(grid, vec![-70.0, -90.0, f32::NAN, -100.0, -110.0, -120.0])?;
/// assert_eq!(r.get(1, 0), Some(-90.0));
/// assert_eq!(r.get(2, 0), None); // no data
/// let s = r.stats(&[-95.0]);
/// assert_eq!((s.valid_count, s.nodata_count), (5, 1));
/// assert_eq!((s.min, s.max), (Some(-120.0), Some(-70.0)));
/// // Two pixels (-70 and -90 dBm) are at or above -95 dBm.
/// let two_pixels = 2.0 * grid.pixel_area_m2(0) / 1e6;
/// assert!((s.area_at_or_above_km2[0].1 - two_pixels).abs() < 1e-12);
/// # Ok::<(), hatang_raster::RasterError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Raster {
    grid: GeoGrid,
    data: Vec<f32>,
}

/// Summary statistics of a [`Raster`], from [`Raster::stats`].
#[derive(Debug, Clone, PartialEq)]
pub struct RasterStats {
    /// Number of pixels with data.
    pub valid_count: usize,
    /// Number of no-data (`NaN`) pixels.
    pub nodata_count: usize,
    /// Smallest valid value, `None` if there is none.
    pub min: Option<f32>,
    /// Largest valid value, `None` if there is none.
    pub max: Option<f32>,
    /// Mean of the valid values (unweighted by area), `None` if there is none.
    pub mean: Option<f64>,
    /// Area of the valid pixels, km².
    pub valid_area_km2: f64,
    /// For each requested threshold, in the order given: the threshold and
    /// the area in km² of the pixels whose value is `>=` it, each pixel
    /// counted with the true area of its row.
    pub area_at_or_above_km2: Vec<(f32, f64)>,
}

impl Raster {
    /// A raster with no data anywhere.
    pub fn new(grid: GeoGrid) -> Self {
        Self::filled(grid, f32::NAN)
    }

    /// A raster with every pixel set to `value`.
    pub fn filled(grid: GeoGrid, value: f32) -> Self {
        Raster {
            grid,
            data: vec![value; grid.pixel_count()],
        }
    }

    /// A raster from row-major data (top row first).
    ///
    /// # Errors
    /// [`RasterError::DataLength`] if `data.len() != width × height`.
    pub fn from_vec(grid: GeoGrid, data: Vec<f32>) -> Result<Self> {
        if data.len() != grid.pixel_count() {
            return Err(RasterError::DataLength {
                width: grid.width(),
                height: grid.height(),
                expected: grid.pixel_count(),
                actual: data.len(),
            });
        }
        Ok(Raster { grid, data })
    }

    /// A raster whose pixel (`col`, `row`) is `f(col, row)`.
    pub fn from_fn(grid: GeoGrid, mut f: impl FnMut(usize, usize) -> f32) -> Self {
        let mut data = Vec::with_capacity(grid.pixel_count());
        for row in 0..grid.height() {
            for col in 0..grid.width() {
                data.push(f(col, row));
            }
        }
        Raster { grid, data }
    }

    /// The grid.
    pub fn grid(&self) -> &GeoGrid {
        &self.grid
    }

    /// The pixel values, row-major, top row first; `NaN` is no data.
    pub fn data(&self) -> &[f32] {
        &self.data
    }

    /// Mutable access to the pixel values (the length cannot change).
    pub fn data_mut(&mut self) -> &mut [f32] {
        &mut self.data
    }

    /// The pixel values, consuming the raster.
    pub fn into_data(self) -> Vec<f32> {
        self.data
    }

    /// The value of pixel (`col`, `row`); `None` outside the grid or where
    /// there is no data.
    pub fn get(&self, col: usize, row: usize) -> Option<f32> {
        if col >= self.grid.width() || row >= self.grid.height() {
            return None;
        }
        let v = self.data[self.grid.index(col, row)];
        (!v.is_nan()).then_some(v)
    }

    /// Sets pixel (`col`, `row`) (`NaN` clears it).
    ///
    /// # Panics
    /// If the pixel is outside the grid.
    pub fn set(&mut self, col: usize, row: usize, value: f32) {
        assert!(
            col < self.grid.width() && row < self.grid.height(),
            "pixel ({col}, {row}) outside the {}×{} grid",
            self.grid.width(),
            self.grid.height()
        );
        let i = self.grid.index(col, row);
        self.data[i] = value;
    }

    /// The value of the pixel containing (`lon`, `lat`) (nearest
    /// neighbour); `None` outside the grid or where there is no data.
    pub fn value_at(&self, lon: f64, lat: f64) -> Option<f32> {
        let (col, row) = self.grid.pixel_of(lon, lat)?;
        self.get(col, row)
    }

    /// Bilinear interpolation between the four nearest pixel centres at
    /// (`lon`, `lat`); `None` outside the grid. Between the outermost pixel
    /// centres and the grid edge the edge values are extended. Where one of
    /// the four neighbours has no data, the nearest pixel's value is used
    /// instead (so the result is `None` only if that pixel has no data).
    pub fn sample_bilinear(&self, lon: f64, lat: f64) -> Option<f32> {
        let (col, row) = self.grid.pixel_of(lon, lat)?;
        let (c, r) = self.grid.to_pixel_coords(lon, lat);
        let w = self.grid.width();
        let h = self.grid.height();
        let fx = (c - 0.5).clamp(0.0, (w - 1) as f64);
        let fy = (r - 0.5).clamp(0.0, (h - 1) as f64);
        let c0 = fx.floor() as usize;
        let r0 = fy.floor() as usize;
        let c1 = (c0 + 1).min(w - 1);
        let r1 = (r0 + 1).min(h - 1);
        let tx = (fx - c0 as f64) as f32;
        let ty = (fy - r0 as f64) as f32;
        let at = |c: usize, r: usize| self.data[self.grid.index(c, r)];
        let (v00, v10, v01, v11) = (at(c0, r0), at(c1, r0), at(c0, r1), at(c1, r1));
        if v00.is_nan() || v10.is_nan() || v01.is_nan() || v11.is_nan() {
            return self.get(col, row);
        }
        let top = v00 + (v10 - v00) * tx;
        let bottom = v01 + (v11 - v01) * tx;
        Some(top + (bottom - top) * ty)
    }

    /// Statistics of the raster; `thresholds` lists the values for which the
    /// area of pixels `>=` the threshold is wanted (e.g. RSRP levels).
    pub fn stats(&self, thresholds: &[f32]) -> RasterStats {
        use rayon::prelude::*;
        // Rows in parallel, then folded in row order: the same figures
        // whatever the number of threads.
        struct Row {
            valid: usize,
            min: f32,
            max: f32,
            sum: f64,
            counts: Vec<usize>,
        }
        let width = self.grid.width().max(1);
        let rows: Vec<Row> = self
            .data
            .par_chunks_exact(width)
            .map(|values| {
                let mut r = Row {
                    valid: 0,
                    min: f32::INFINITY,
                    max: f32::NEG_INFINITY,
                    sum: 0.0,
                    counts: vec![0; thresholds.len()],
                };
                for &v in values {
                    if v.is_nan() {
                        continue;
                    }
                    r.valid += 1;
                    r.min = r.min.min(v);
                    r.max = r.max.max(v);
                    r.sum += f64::from(v);
                    for (n, &t) in r.counts.iter_mut().zip(thresholds) {
                        *n += usize::from(v >= t);
                    }
                }
                r
            })
            .collect();
        let mut valid_count = 0usize;
        let mut min = f32::INFINITY;
        let mut max = f32::NEG_INFINITY;
        let mut sum = 0.0f64;
        let mut valid_area_m2 = 0.0f64;
        let mut areas_m2 = vec![0.0f64; thresholds.len()];
        for (row, r) in rows.iter().enumerate() {
            let area = self.grid.pixel_area_m2(row);
            valid_count += r.valid;
            min = min.min(r.min);
            max = max.max(r.max);
            sum += r.sum;
            valid_area_m2 += r.valid as f64 * area;
            for (a, &n) in areas_m2.iter_mut().zip(&r.counts) {
                *a += n as f64 * area;
            }
        }
        let any = valid_count > 0;
        RasterStats {
            valid_count,
            nodata_count: self.data.len() - valid_count,
            min: any.then_some(min),
            max: any.then_some(max),
            mean: any.then(|| sum / valid_count as f64),
            valid_area_km2: valid_area_m2 / 1e6,
            area_at_or_above_km2: thresholds
                .iter()
                .zip(areas_m2)
                .map(|(&t, a)| (t, a / 1e6))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> GeoGrid {
        GeoGrid::new(105.0, 22.0, 0.5, 0.5, 4, 4).unwrap()
    }

    #[test]
    fn from_vec_checks_length() {
        let e = Raster::from_vec(grid(), vec![0.0; 15]).unwrap_err();
        assert!(matches!(
            e,
            RasterError::DataLength {
                expected: 16,
                actual: 15,
                ..
            }
        ));
    }

    #[test]
    fn stats_use_row_areas() {
        // Rows have different latitudes, hence different pixel areas.
        let r = Raster::from_fn(grid(), |c, row| {
            if c == 0 {
                f32::NAN
            } else {
                -(row as f32) * 10.0 - 80.0
            }
        });
        let s = r.stats(&[-85.0, -200.0, 0.0]);
        assert_eq!(s.valid_count, 12);
        assert_eq!(s.nodata_count, 4);
        assert_eq!(s.min, Some(-110.0));
        assert_eq!(s.max, Some(-80.0));
        assert_eq!(s.mean, Some(-95.0));
        let g = r.grid();
        let row_km2 = |row| 3.0 * g.pixel_area_m2(row) / 1e6;
        assert!((s.area_at_or_above_km2[0].1 - row_km2(0)).abs() < 1e-9);
        let all: f64 = (0..4).map(row_km2).sum();
        assert!((s.area_at_or_above_km2[1].1 - all).abs() < 1e-9);
        assert!((s.valid_area_km2 - all).abs() < 1e-9);
        assert_eq!(s.area_at_or_above_km2[2], (0.0, 0.0));
        assert!(g.pixel_area_m2(0) < g.pixel_area_m2(3));
    }

    #[test]
    fn stats_of_empty_raster() {
        let s = Raster::new(grid()).stats(&[-100.0]);
        assert_eq!((s.valid_count, s.nodata_count), (0, 16));
        assert_eq!((s.min, s.max, s.mean), (None, None, None));
        assert_eq!(s.area_at_or_above_km2, vec![(-100.0, 0.0)]);
    }

    #[test]
    fn bilinear_sampling() {
        let g = GeoGrid::new(0.0, 2.0, 1.0, 1.0, 2, 2).unwrap();
        let mut r = Raster::from_vec(g, vec![0.0, 10.0, 20.0, 30.0]).unwrap();
        assert_eq!(r.sample_bilinear(1.0, 1.0), Some(15.0));
        assert_eq!(r.sample_bilinear(0.5, 1.5), Some(0.0));
        assert_eq!(r.sample_bilinear(0.1, 1.9), Some(0.0)); // edge extended
        assert_eq!(r.sample_bilinear(0.75, 1.5), Some(2.5));
        assert_eq!(r.sample_bilinear(2.5, 1.0), None);
        r.set(1, 1, f32::NAN);
        assert_eq!(r.sample_bilinear(0.9, 0.9), Some(20.0)); // nearest fallback
        assert_eq!(r.sample_bilinear(1.1, 0.9), None);
        assert_eq!(r.value_at(1.5, 1.5), Some(10.0));
    }
}
