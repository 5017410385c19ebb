//! XYZ web map tiles in Web Mercator (EPSG:3857), 256 × 256 pixels,
//! rendered from one or more rasters.
//!
//! Tile `(z, x, y)` follows the usual XYZ ("slippy map") scheme: at zoom
//! `z` the world between ±85.0511° latitude is split into 2^z × 2^z tiles,
//! `x` counted eastwards from 180° W and `y` southwards from the north.

use std::f64::consts::PI;
use std::ops::RangeInclusive;

use crate::color::ColorRamp;
use crate::error::{RasterError, Result};
use crate::grid::LonLatBox;
use crate::raster::Raster;
use crate::render::encode_png_rgba;

/// Tile width and height in pixels.
pub const TILE_PIXELS: usize = 256;

/// The highest zoom level accepted.
pub const MAX_ZOOM: u8 = 30;

/// The latitude limit of Web Mercator, degrees (`atan(sinh(π))`).
pub const MAX_MERCATOR_LAT: f64 = 85.051_128_779_806_59;

/// How rasters are sampled at tile pixel centres.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sampling {
    /// The value of the raster pixel containing the point.
    Nearest,
    /// Bilinear interpolation, see [`Raster::sample_bilinear`].
    #[default]
    Bilinear,
}

fn check(z: u8, x: u32, y: u32) -> Result<f64> {
    if z > MAX_ZOOM || u64::from(x) >= 1u64 << z || u64::from(y) >= 1u64 << z {
        return Err(RasterError::InvalidTile { z, x, y });
    }
    Ok((1u64 << z) as f64)
}

/// Longitude at fractional tile column `tx` of a zoom with `n` tiles a side.
fn tile_lon(tx: f64, n: f64) -> f64 {
    tx / n * 360.0 - 180.0
}

/// Latitude at fractional tile row `ty` of a zoom with `n` tiles a side.
fn tile_lat(ty: f64, n: f64) -> f64 {
    (PI * (1.0 - 2.0 * ty / n)).sinh().atan().to_degrees()
}

/// The longitude/latitude bounds of tile (`z`, `x`, `y`).
///
/// ```
/// use hatang_raster::tile_bounds;
/// let b = tile_bounds(1, 1, 0)?;
/// assert_eq!((b.west, b.east, b.south), (0.0, 180.0, 0.0));
/// assert!((b.north - 85.0511287798).abs() < 1e-9);
/// # Ok::<(), hatang_raster::RasterError>(())
/// ```
///
/// # Errors
/// [`RasterError::InvalidTile`] unless `z <= MAX_ZOOM` and `x, y < 2^z`.
pub fn tile_bounds(z: u8, x: u32, y: u32) -> Result<LonLatBox> {
    let n = check(z, x, y)?;
    Ok(LonLatBox {
        west: tile_lon(f64::from(x), n),
        east: tile_lon(f64::from(x) + 1.0, n),
        north: tile_lat(f64::from(y), n),
        south: tile_lat(f64::from(y) + 1.0, n),
    })
}

/// The tile (`x`, `y`) at zoom `z` containing (`lon`, `lat`); points
/// beyond the Mercator square are clamped to its edge tiles.
///
/// # Errors
/// [`RasterError::InvalidTile`] if `z > MAX_ZOOM`.
pub fn tile_of(lon: f64, lat: f64, z: u8) -> Result<(u32, u32)> {
    let n = check(z, 0, 0)?;
    let max = n - 1.0;
    let tx = ((lon + 180.0) / 360.0 * n).floor().clamp(0.0, max);
    let lat = lat.clamp(-MAX_MERCATOR_LAT, MAX_MERCATOR_LAT).to_radians();
    let ty = ((1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / PI) / 2.0 * n)
        .floor()
        .clamp(0.0, max);
    // NaN input clamps to NaN; `as` turns it into 0.
    Ok((tx as u32, ty as u32))
}

/// The ranges of tile columns and rows at zoom `z` that cover `bounds`
/// (for pre-rendering all tiles of a raster).
///
/// ```
/// use hatang_raster::{tile_range, GeoGrid};
/// let grid = GeoGrid::around(21.3, 105.4, 10_000.0, 30.0)?;
/// let (xs, ys) = tile_range(&grid.bounds(), 12)?;
/// assert!(xs.clone().count() <= 3 && ys.clone().count() <= 3);
/// # Ok::<(), hatang_raster::RasterError>(())
/// ```
///
/// # Errors
/// [`RasterError::InvalidTile`] if `z > MAX_ZOOM`.
pub fn tile_range(bounds: &LonLatBox, z: u8) -> Result<(RangeInclusive<u32>, RangeInclusive<u32>)> {
    let (x0, y0) = tile_of(bounds.west, bounds.north, z)?;
    let (x1, y1) = tile_of(bounds.east, bounds.south, z)?;
    Ok((x0..=x1.max(x0), y0..=y1.max(y0)))
}

/// Samples `sources` at the centres of the 256 × 256 pixels of tile
/// (`z`, `x`, `y`), taking the largest value where sources overlap.
/// Returns row-major values (top row first, `NaN` where no source has
/// data), or `None` if no source's bounds overlap the tile at all.
///
/// # Errors
/// [`RasterError::InvalidTile`] for an invalid tile address.
pub fn sample_tile(
    sources: &[&Raster],
    z: u8,
    x: u32,
    y: u32,
    sampling: Sampling,
) -> Result<Option<Vec<f32>>> {
    let bounds = tile_bounds(z, x, y)?;
    let n = check(z, x, y)?;
    let overlapping: Vec<&Raster> = sources
        .iter()
        .copied()
        .filter(|r| r.grid().bounds().intersects(&bounds))
        .collect();
    if overlapping.is_empty() {
        return Ok(None);
    }
    let step = 1.0 / TILE_PIXELS as f64;
    let lons: Vec<f64> = (0..TILE_PIXELS)
        .map(|i| tile_lon(f64::from(x) + (i as f64 + 0.5) * step, n))
        .collect();
    let lats: Vec<f64> = (0..TILE_PIXELS)
        .map(|j| tile_lat(f64::from(y) + (j as f64 + 0.5) * step, n))
        .collect();
    let mut values = vec![f32::NAN; TILE_PIXELS * TILE_PIXELS];
    for r in overlapping {
        let b = r.grid().bounds();
        for (j, &lat) in lats.iter().enumerate() {
            if lat < b.south || lat > b.north {
                continue;
            }
            let row = &mut values[j * TILE_PIXELS..(j + 1) * TILE_PIXELS];
            for (v, &lon) in row.iter_mut().zip(&lons) {
                if lon < b.west || lon > b.east {
                    continue;
                }
                let s = match sampling {
                    Sampling::Nearest => r.value_at(lon, lat),
                    Sampling::Bilinear => r.sample_bilinear(lon, lat),
                };
                if let Some(s) = s {
                    // f32::max ignores NaN, so the first value wins.
                    *v = v.max(s);
                }
            }
        }
    }
    Ok(Some(values))
}

/// Renders tile (`z`, `x`, `y`) as a 256 × 256 RGBA PNG from `sources`
/// (the largest value wins where they overlap, sampled bilinearly) coloured
/// with `ramp`. Returns `None` where the tile would be fully transparent:
/// no source overlaps it, or no sampled value reaches the ramp.
///
/// ```
/// use hatang_raster::{render_tile, tile_of, ColorRamp, GeoGrid, Raster};
/// let grid = GeoGrid::around(21.3, 105.4, 5_000.0, 50.0)?;
/// let r = Raster::filled(grid, -85.0);
/// let (x, y) = tile_of(105.4, 21.3, 14)?;
/// let png = render_tile(&[&r], 14, x, y, &ColorRamp::rsrp())?.expect("covered");
/// assert_eq!(&png[1..4], b"PNG");
/// assert!(render_tile(&[&r], 14, 0, 0, &ColorRamp::rsrp())?.is_none());
/// # Ok::<(), hatang_raster::RasterError>(())
/// ```
///
/// # Errors
/// [`RasterError::InvalidTile`] for an invalid tile address.
pub fn render_tile(
    sources: &[&Raster],
    z: u8,
    x: u32,
    y: u32,
    ramp: &ColorRamp,
) -> Result<Option<Vec<u8>>> {
    render_tile_with(sources, z, x, y, ramp, Sampling::Bilinear)
}

/// [`render_tile`] with a choice of [`Sampling`].
///
/// # Errors
/// [`RasterError::InvalidTile`] for an invalid tile address.
pub fn render_tile_with(
    sources: &[&Raster],
    z: u8,
    x: u32,
    y: u32,
    ramp: &ColorRamp,
    sampling: Sampling,
) -> Result<Option<Vec<u8>>> {
    let Some(values) = sample_tile(sources, z, x, y, sampling)? else {
        return Ok(None);
    };
    let rgba: Vec<u8> = values
        .iter()
        .flat_map(|&v| ramp.color_for(v).to_array())
        .collect();
    if rgba.chunks_exact(4).all(|p| p[3] == 0) {
        return Ok(None);
    }
    encode_png_rgba(TILE_PIXELS, TILE_PIXELS, &rgba).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::GeoGrid;

    #[test]
    fn bounds_of_known_tiles() {
        let b = tile_bounds(0, 0, 0).unwrap();
        assert_eq!((b.west, b.east), (-180.0, 180.0));
        assert!((b.north - MAX_MERCATOR_LAT).abs() < 1e-12);
        assert!((b.south + MAX_MERCATOR_LAT).abs() < 1e-12);
        assert!(tile_bounds(1, 2, 0).is_err());
        assert!(tile_bounds(31, 0, 0).is_err());
        assert!(tile_bounds(30, (1 << 30) - 1, (1 << 30) - 1).is_ok());
        // Round trip through tile_of at a Vietnamese location.
        for z in [0u8, 5, 12, 18, 30] {
            let (x, y) = tile_of(105.4, 21.3, z).unwrap();
            let b = tile_bounds(z, x, y).unwrap();
            assert!(b.contains(105.4, 21.3), "z{z}: {b:?}");
        }
        assert_eq!(tile_of(-200.0, 89.0, 3).unwrap(), (0, 0));
        assert_eq!(tile_of(200.0, -89.0, 3).unwrap(), (7, 7));
    }

    #[test]
    fn overlapping_sources_take_the_max() {
        let g = GeoGrid::new(105.0, 21.5, 0.01, 0.01, 40, 40).unwrap();
        let a = Raster::filled(g, -100.0);
        let mut b = Raster::filled(g, -90.0);
        b.set(0, 0, f32::NAN);
        // At zoom 8 one tile holds the whole grid.
        let (x, y) = tile_of(105.2, 21.3, 8).unwrap();
        let tb = tile_bounds(8, x, y).unwrap();
        assert!(tb.contains(105.0, 21.5) && tb.contains(105.4, 21.1));
        let v = sample_tile(&[&a, &b], 8, x, y, Sampling::Nearest)
            .unwrap()
            .unwrap();
        let count = |x: f32| v.iter().filter(|&&v| v == x).count();
        // The grid is about 73 × 78 tile pixels; b's no-data corner shows a.
        assert!(count(-90.0) > 5000, "{}", count(-90.0));
        assert!((1..=9).contains(&count(-100.0)), "{}", count(-100.0));
        assert_eq!(
            count(-90.0) + count(-100.0) + v.iter().filter(|v| v.is_nan()).count(),
            v.len()
        );
        let only_a = sample_tile(&[&a], 8, x, y, Sampling::Bilinear)
            .unwrap()
            .unwrap();
        assert!(only_a.iter().all(|&v| v.is_nan() || v == -100.0));
        assert!(sample_tile(&[&a], 8, 0, 0, Sampling::Nearest)
            .unwrap()
            .is_none());
    }
}
