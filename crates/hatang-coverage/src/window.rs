//! A rectangle of a grid's pixels, and the site's local frame.

use hatang_core::geo::LatLon;
use hatang_raster::{GeoGrid, METRES_PER_DEGREE};

/// A rectangle of pixels of a [`GeoGrid`]: the part of a grid a
/// transmitter's disc touches. Values computed on a window are row-major
/// over the window, `cols × rows`.
///
/// ```
/// use hatang_coverage::Window;
/// use hatang_core::geo::LatLon;
/// use hatang_raster::GeoGrid;
/// let grid = GeoGrid::new(105.0, 22.0, 0.001, 0.001, 1000, 1000)?;
/// let w = Window::around(&grid, LatLon::new(21.5, 105.5), 5_000.0).unwrap();
/// assert!(w.cols > 90 && w.cols < 120 && w.rows > 80 && w.rows < 100);
/// assert!(Window::around(&grid, LatLon::new(10.0, 105.5), 5_000.0).is_none());
/// # Ok::<(), hatang_raster::RasterError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Window {
    /// The grid.
    pub grid: GeoGrid,
    /// First column.
    pub col0: usize,
    /// First row.
    pub row0: usize,
    /// Columns.
    pub cols: usize,
    /// Rows.
    pub rows: usize,
}

impl Window {
    /// The whole grid.
    pub fn full(grid: GeoGrid) -> Self {
        Self {
            grid,
            col0: 0,
            row0: 0,
            cols: grid.width(),
            rows: grid.height(),
        }
    }

    /// The pixels of `grid` whose centres may lie within `radius_m` of
    /// `centre` (its bounding box, clipped to the grid), or `None` when
    /// none do.
    pub fn around(grid: &GeoGrid, centre: LatLon, radius_m: f64) -> Option<Self> {
        let dlat = radius_m / METRES_PER_DEGREE;
        let dlon = dlat / centre.lat.to_radians().cos().max(1e-6);
        let (c_min, r_min) = grid.to_pixel_coords(centre.lon - dlon, centre.lat + dlat);
        let (c_max, r_max) = grid.to_pixel_coords(centre.lon + dlon, centre.lat - dlat);
        let clip = |v: f64, n: usize| v.floor().clamp(0.0, n as f64) as usize;
        let (c0, c1) = (clip(c_min, grid.width()), clip(c_max + 1.0, grid.width()));
        let (r0, r1) = (clip(r_min, grid.height()), clip(r_max + 1.0, grid.height()));
        (c1 > c0 && r1 > r0).then_some(Self {
            grid: *grid,
            col0: c0,
            row0: r0,
            cols: c1 - c0,
            rows: r1 - r0,
        })
    }

    /// Number of pixels.
    pub fn len(&self) -> usize {
        self.cols * self.rows
    }

    /// Whether the window has no pixel.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Latitude of the centres of window row `r`.
    #[inline]
    pub(crate) fn lat(&self, r: usize) -> f64 {
        self.grid.row_center_lat(self.row0 + r)
    }

    /// Longitude of the centres of window column `c`.
    #[inline]
    pub(crate) fn lon(&self, c: usize) -> f64 {
        self.grid.col_center_lon(self.col0 + c)
    }
}

/// The transmitter's local equirectangular frame: metres east and north.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    pub origin: LatLon,
    pub cos_lat: f64,
}

impl Frame {
    pub(crate) fn new(origin: LatLon) -> Self {
        Self {
            origin,
            cos_lat: origin.lat.to_radians().cos(),
        }
    }

    /// Metres east and north of the origin.
    #[inline]
    pub(crate) fn xy(&self, lat: f64, lon: f64) -> (f64, f64) {
        (
            (lon - self.origin.lon) * self.cos_lat * METRES_PER_DEGREE,
            (lat - self.origin.lat) * METRES_PER_DEGREE,
        )
    }

    /// Bearing of (x, y), radians clockwise from north in [0, 2π).
    #[inline]
    pub(crate) fn bearing(x: f64, y: f64) -> f64 {
        let phi = x.atan2(y);
        if phi < 0.0 {
            phi + 2.0 * std::f64::consts::PI
        } else {
            phi
        }
    }

    /// Great-circle distance from the origin (equirectangular at the
    /// mean latitude: within a few centimetres of the haversine at 25 km),
    /// with the cosine of the mean latitude given.
    #[inline]
    pub(crate) fn distance(&self, lat: f64, lon: f64, cos_mid: f64) -> f64 {
        let (a, b) = (
            (lat - self.origin.lat).to_radians(),
            cos_mid * (lon - self.origin.lon).to_radians(),
        );
        // (No overflow to fear: `hypot`'s care is not needed.)
        hatang_core::geo::EARTH_RADIUS_M * (a * a + b * b).sqrt()
    }

    /// cos of the mean latitude of the origin and `lat`.
    #[inline]
    pub(crate) fn cos_mid(&self, lat: f64) -> f64 {
        (0.5 * (self.origin.lat + lat)).to_radians().cos()
    }
}
