//! North-up geographic grids in EPSG:4326 (WGS 84 longitude/latitude).

use crate::error::{RasterError, Result};

/// Radius of the sphere used for metric conversions, in metres (the mean
/// Earth radius R₁ of IUGG, the same value as `hatang-core`).
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Metres per degree of latitude on the sphere of [`EARTH_RADIUS_M`]
/// (≈ 111 195.08 m).
pub const METRES_PER_DEGREE: f64 = EARTH_RADIUS_M * std::f64::consts::PI / 180.0;

/// A longitude/latitude bounding box in degrees (EPSG:4326).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LonLatBox {
    /// Western edge (longitude, degrees).
    pub west: f64,
    /// Southern edge (latitude, degrees).
    pub south: f64,
    /// Eastern edge (longitude, degrees).
    pub east: f64,
    /// Northern edge (latitude, degrees).
    pub north: f64,
}

impl LonLatBox {
    /// Whether the two boxes share some area (touching edges do not count).
    ///
    /// ```
    /// use hatang_raster::LonLatBox;
    /// let a = LonLatBox { west: 0.0, south: 0.0, east: 1.0, north: 1.0 };
    /// let b = LonLatBox { west: 0.5, south: 0.5, east: 2.0, north: 2.0 };
    /// let c = LonLatBox { west: 1.0, south: 0.0, east: 2.0, north: 1.0 };
    /// assert!(a.intersects(&b));
    /// assert!(!a.intersects(&c));
    /// ```
    pub fn intersects(&self, other: &LonLatBox) -> bool {
        self.west < other.east
            && other.west < self.east
            && self.south < other.north
            && other.south < self.north
    }

    /// Whether the point lies inside the box (edges included).
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        lon >= self.west && lon <= self.east && lat >= self.south && lat <= self.north
    }
}

/// A north-up grid of square-in-degrees-per-axis pixels in EPSG:4326.
///
/// The grid is described by the longitude of its western edge and the
/// latitude of its northern edge (the outer corner of the top-left pixel,
/// i.e. GDAL's "PixelIsArea" convention), the pixel size in degrees
/// (`dx` eastwards, `dy` southwards, both positive) and its size in pixels.
/// Rows are counted from the north, columns from the west.
///
/// ```
/// use hatang_raster::GeoGrid;
/// let g = GeoGrid::new(105.0, 21.5, 0.25, 0.25, 8, 4)?;
/// assert_eq!(g.pixel_center(0, 0), (105.125, 21.375));
/// assert_eq!(g.pixel_of(105.9, 21.1), Some((3, 1)));
/// assert_eq!((g.east(), g.south()), (107.0, 20.5));
/// # Ok::<(), hatang_raster::RasterError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoGrid {
    west: f64,
    north: f64,
    dx: f64,
    dy: f64,
    width: usize,
    height: usize,
}

impl GeoGrid {
    /// The largest number of pixels a grid may have (2³¹, i.e. 8 GiB of
    /// `f32` samples).
    pub const MAX_PIXELS: usize = 1 << 31;

    /// Makes a grid from its top-left corner (`west` longitude, `north`
    /// latitude), pixel size in degrees and size in pixels.
    ///
    /// # Errors
    /// [`RasterError::InvalidGrid`] if a coordinate is not finite, a pixel
    /// size is not positive, the width or height is zero, the grid reaches
    /// beyond ±90° latitude, or it has more than [`Self::MAX_PIXELS`] pixels.
    pub fn new(
        west: f64,
        north: f64,
        dx: f64,
        dy: f64,
        width: usize,
        height: usize,
    ) -> Result<Self> {
        let bad = |m: String| Err(RasterError::InvalidGrid(m));
        if !(west.is_finite() && north.is_finite()) {
            return bad(format!("origin ({west}, {north}) is not finite"));
        }
        if !(dx.is_finite() && dy.is_finite() && dx > 0.0 && dy > 0.0) {
            return bad(format!(
                "pixel size ({dx}, {dy}) must be finite and positive"
            ));
        }
        if width == 0 || height == 0 {
            return bad(format!("size {width}×{height} has no pixels"));
        }
        match width.checked_mul(height) {
            Some(n) if n <= Self::MAX_PIXELS => {}
            _ => {
                return bad(format!(
                    "size {width}×{height} exceeds {} pixels",
                    Self::MAX_PIXELS
                ))
            }
        }
        let south = north - height as f64 * dy;
        let east = west + width as f64 * dx;
        if north > 90.0 || south < -90.0 || !east.is_finite() || !south.is_finite() {
            return bad(format!(
                "latitudes {south}..{north} reach beyond ±90° (or the extent is not finite)"
            ));
        }
        Ok(GeoGrid {
            west,
            north,
            dx,
            dy,
            width,
            height,
        })
    }

    /// A square grid centred on (`lat`, `lon`) reaching at least
    /// `radius_m` metres north, south, east and west of the centre (so it
    /// covers the disc of that radius, up to a fraction of a pixel far from
    /// the equator), with pixels of about `resolution_m` × `resolution_m`
    /// metres.
    ///
    /// The pixel height is `dy = resolution_m / METRES_PER_DEGREE`
    /// (≈ 111 195 m per degree on the sphere of radius 6 371 008.8 m) and
    /// the pixel width `dx = dy / cos(lat)`, so pixels are square in metres
    /// at the centre latitude. The grid has `2n + 1` pixels on each side
    /// with `n = ceil(radius_m / resolution_m)`; the centre pixel's centre
    /// is exactly at (`lat`, `lon`).
    ///
    /// ```
    /// use hatang_raster::GeoGrid;
    /// // 10 km around a site in Phú Thọ at 30 m resolution.
    /// let g = GeoGrid::around(21.32, 105.40, 10_000.0, 30.0)?;
    /// assert_eq!((g.width(), g.height()), (669, 669));
    /// let (lon, lat) = g.pixel_center(334, 334);
    /// assert!((lon - 105.40).abs() < 1e-9 && (lat - 21.32).abs() < 1e-9);
    /// // A pixel near the centre is about 30 m × 30 m.
    /// assert!((g.pixel_area_m2(334) - 900.0).abs() < 0.01);
    /// # Ok::<(), hatang_raster::RasterError>(())
    /// ```
    ///
    /// # Errors
    /// [`RasterError::InvalidGrid`] if an argument is not finite, the
    /// radius is negative, the resolution is not positive, `|lat| >= 90`,
    /// or the resulting grid is invalid (see [`GeoGrid::new`]).
    pub fn around(lat: f64, lon: f64, radius_m: f64, resolution_m: f64) -> Result<Self> {
        if !(lat.is_finite() && lon.is_finite()) || lat.abs() >= 90.0 {
            return Err(RasterError::InvalidGrid(format!(
                "centre ({lat}, {lon}) is not a valid latitude/longitude"
            )));
        }
        if !(radius_m.is_finite() && radius_m >= 0.0) {
            return Err(RasterError::InvalidGrid(format!(
                "radius {radius_m} m must be finite and non-negative"
            )));
        }
        if !(resolution_m.is_finite() && resolution_m > 0.0) {
            return Err(RasterError::InvalidGrid(format!(
                "resolution {resolution_m} m must be finite and positive"
            )));
        }
        let half = (radius_m / resolution_m).ceil();
        if half > (Self::MAX_PIXELS as f64).sqrt() {
            return Err(RasterError::InvalidGrid(format!(
                "radius {radius_m} m at {resolution_m} m needs too many pixels"
            )));
        }
        let n = half as usize;
        let side = 2 * n + 1;
        let dy = resolution_m / METRES_PER_DEGREE;
        let dx = dy / lat.to_radians().cos();
        let ext = n as f64 + 0.5;
        GeoGrid::new(lon - ext * dx, lat + ext * dy, dx, dy, side, side)
    }

    /// Longitude of the western edge, degrees.
    pub fn west(&self) -> f64 {
        self.west
    }

    /// Latitude of the northern edge, degrees.
    pub fn north(&self) -> f64 {
        self.north
    }

    /// Longitude of the eastern edge, degrees.
    pub fn east(&self) -> f64 {
        self.west + self.width as f64 * self.dx
    }

    /// Latitude of the southern edge, degrees.
    pub fn south(&self) -> f64 {
        self.north - self.height as f64 * self.dy
    }

    /// Pixel width in degrees of longitude.
    pub fn dx(&self) -> f64 {
        self.dx
    }

    /// Pixel height in degrees of latitude (positive; rows go south).
    pub fn dy(&self) -> f64 {
        self.dy
    }

    /// Number of columns.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Number of rows.
    pub fn height(&self) -> usize {
        self.height
    }

    /// `width × height`.
    pub fn pixel_count(&self) -> usize {
        self.width * self.height
    }

    /// The outer bounds of the grid.
    pub fn bounds(&self) -> LonLatBox {
        LonLatBox {
            west: self.west,
            south: self.south(),
            east: self.east(),
            north: self.north,
        }
    }

    /// Index of pixel (`col`, `row`) in row-major data (top row first).
    /// Does not check bounds.
    pub fn index(&self, col: usize, row: usize) -> usize {
        row * self.width + col
    }

    /// Longitude of the centre of column `col`.
    pub fn col_center_lon(&self, col: usize) -> f64 {
        self.west + (col as f64 + 0.5) * self.dx
    }

    /// Latitude of the centre of row `row`.
    pub fn row_center_lat(&self, row: usize) -> f64 {
        self.north - (row as f64 + 0.5) * self.dy
    }

    /// `(lon, lat)` of the centre of pixel (`col`, `row`). Does not check
    /// bounds.
    pub fn pixel_center(&self, col: usize, row: usize) -> (f64, f64) {
        (self.col_center_lon(col), self.row_center_lat(row))
    }

    /// Continuous pixel coordinates `(col, row)` of a point: pixel (c, r)
    /// covers `[c, c+1) × [r, r+1)` and its centre is at `(c+0.5, r+0.5)`.
    /// The result may lie outside the grid.
    pub fn to_pixel_coords(&self, lon: f64, lat: f64) -> (f64, f64) {
        ((lon - self.west) / self.dx, (self.north - lat) / self.dy)
    }

    /// `(col, row)` of the pixel containing (`lon`, `lat`), or `None` outside
    /// the grid (or for non-finite input).
    pub fn pixel_of(&self, lon: f64, lat: f64) -> Option<(usize, usize)> {
        let (c, r) = self.to_pixel_coords(lon, lat);
        if c >= 0.0 && r >= 0.0 && c < self.width as f64 && r < self.height as f64 {
            Some((c as usize, r as usize))
        } else {
            None
        }
    }

    /// Area of one pixel of row `row` in m² on the sphere of radius
    /// [`EARTH_RADIUS_M`]: `R² · Δλ · (sin φ_top − sin φ_bottom)`.
    /// It shrinks with the cosine of the latitude.
    pub fn pixel_area_m2(&self, row: usize) -> f64 {
        let top = (self.north - row as f64 * self.dy).to_radians();
        let bottom = (self.north - (row + 1) as f64 * self.dy).to_radians();
        EARTH_RADIUS_M * EARTH_RADIUS_M * self.dx.to_radians() * (top.sin() - bottom.sin()).abs()
    }

    /// Total area of the grid in km².
    pub fn area_km2(&self) -> f64 {
        let top = self.north.to_radians();
        let bottom = self.south().to_radians();
        EARTH_RADIUS_M
            * EARTH_RADIUS_M
            * (self.width as f64 * self.dx).to_radians()
            * (top.sin() - bottom.sin()).abs()
            / 1e6
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_grids() {
        assert!(GeoGrid::new(f64::NAN, 0.0, 1.0, 1.0, 1, 1).is_err());
        assert!(GeoGrid::new(0.0, 0.0, 0.0, 1.0, 1, 1).is_err());
        assert!(GeoGrid::new(0.0, 0.0, 1.0, -1.0, 1, 1).is_err());
        assert!(GeoGrid::new(0.0, 0.0, 1.0, 1.0, 0, 1).is_err());
        assert!(GeoGrid::new(0.0, 91.0, 1.0, 1.0, 1, 1).is_err());
        assert!(GeoGrid::new(0.0, -89.5, 1.0, 1.0, 1, 1).is_err());
        assert!(GeoGrid::new(0.0, 0.0, 1e-9, 1e-9, usize::MAX, 2).is_err());
        assert!(GeoGrid::new(-180.0, 90.0, 1.0, 1.0, 360, 180).is_ok());
        assert!(GeoGrid::around(90.0, 0.0, 1.0, 1.0).is_err());
        assert!(GeoGrid::around(0.0, 0.0, 1.0, 0.0).is_err());
        assert!(GeoGrid::around(0.0, 0.0, -1.0, 1.0).is_err());
        assert!(GeoGrid::around(0.0, 0.0, 1e12, 1.0).is_err());
    }

    #[test]
    fn around_is_centred_and_covers_radius() {
        for &(lat, lon) in &[(21.3, 105.2), (0.0, 0.0), (-45.0, 170.0), (60.0, -3.0)] {
            let g = GeoGrid::around(lat, lon, 5_000.0, 100.0).unwrap();
            assert_eq!(g.width(), 101);
            assert_eq!(g.height(), 101);
            let (clon, clat) = g.pixel_center(50, 50);
            assert!((clon - lon).abs() < 1e-9 && (clat - lat).abs() < 1e-9);
            // North-south half extent in metres ≥ radius.
            assert!((g.north() - lat) * METRES_PER_DEGREE >= 5_000.0);
            // East-west half extent at the centre latitude ≥ radius.
            let ew = (g.east() - lon).to_radians() * EARTH_RADIUS_M * lat.to_radians().cos();
            assert!(ew >= 5_000.0, "{ew}");
            assert!((g.dy() - 100.0 / 111_195.08).abs() < 1e-9);
        }
        let one = GeoGrid::around(10.0, 10.0, 0.0, 30.0).unwrap();
        assert_eq!((one.width(), one.height()), (1, 1));
    }

    #[test]
    fn pixel_area_follows_latitude() {
        let g = GeoGrid::new(0.0, 60.0, 0.01, 0.01, 10, 6000).unwrap();
        let eq = g.pixel_area_m2(5999); // just north of the equator
        let sixty = g.pixel_area_m2(0); // just south of 60°N
        let cell = (0.01f64.to_radians() * EARTH_RADIUS_M).powi(2);
        assert!((eq / cell - 1.0).abs() < 1e-4);
        assert!((sixty / cell - 0.5).abs() < 1e-3);
        let sum: f64 = (0..g.height()).map(|r| g.pixel_area_m2(r)).sum::<f64>() * 10.0;
        assert!((sum / 1e6 / g.area_km2() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn pixel_lookup() {
        let g = GeoGrid::new(100.0, 20.0, 0.5, 0.25, 4, 4).unwrap();
        assert_eq!(g.pixel_of(100.0, 20.0), Some((0, 0)));
        assert_eq!(g.pixel_of(101.99, 19.01), Some((3, 3)));
        assert_eq!(g.pixel_of(102.0, 19.5), None);
        assert_eq!(g.pixel_of(100.5, 19.0), None);
        assert_eq!(g.pixel_of(f64::NAN, 19.5), None);
        for r in 0..4 {
            for c in 0..4 {
                let (lon, lat) = g.pixel_center(c, r);
                assert_eq!(g.pixel_of(lon, lat), Some((c, r)));
            }
        }
    }
}
