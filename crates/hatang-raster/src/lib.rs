//! Geographic rasters of hatang: received-signal (or any single-band
//! `f32`) rasters around base stations, and their outputs.
//!
//! * [`GeoGrid`]: a north-up grid in EPSG:4326 (WGS 84 longitude/latitude),
//!   with pixel ↔ coordinate conversion and per-row pixel areas;
//! * [`Raster`]: a grid plus `f32` data (`NaN` = no data) and
//!   [statistics](Raster::stats) such as the area at or above RSRP levels;
//! * [`write_geotiff`] / [`read_geotiff`]: internally tiled (256 × 256),
//!   DEFLATE-compressed Float32 GeoTIFF with `GDAL_NODATA = -9999`;
//! * [`ColorRamp`], [`render_png`], [`legend_png`]: coloured PNG overlays and
//!   legends (with a built-in 5×7 bitmap font);
//! * [`write_kml`] / [`write_kmz`]: Google Earth ground overlays;
//! * [`render_tile`] / [`tile_bounds`]: 256 × 256 XYZ web map tiles in Web
//!   Mercator (EPSG:3857) from one or more rasters.
//!
//! Writers take any [`std::io::Write`]; only the `*_file` convenience
//! functions open paths. Nothing here is async.
//!
//! ```
//! use hatang_raster::*;
//!
//! // A 2 km disc around a site at 25 m resolution, with a toy path loss.
//! let (lat, lon) = (21.322, 105.402);
//! let grid = GeoGrid::around(lat, lon, 2_000.0, 25.0)?;
//! let raster = Raster::from_fn(grid, |col, row| {
//!     let (plon, plat) = grid.pixel_center(col, row);
//!     let dx = (plon - lon) * METRES_PER_DEGREE * lat.to_radians().cos();
//!     let dy = (plat - lat) * METRES_PER_DEGREE;
//!     let d = (dx * dx + dy * dy).sqrt().max(10.0);
//!     if d > 2_000.0 { f32::NAN } else { (-40.0 - 35.0 * (d / 10.0).log10()) as f32 }
//! });
//!
//! let stats = raster.stats(&[-95.0, -105.0]);
//! assert!(stats.area_at_or_above_km2[0].1 < stats.area_at_or_above_km2[1].1);
//!
//! let mut tif = Vec::new();
//! write_geotiff(&mut tif, &raster, &GeoTiffOptions::default())?;
//! let mut kmz = Vec::new();
//! write_kmz(&mut kmz, &raster, &ColorRamp::rsrp(), "Site 1", "RSRP")?;
//! let (x, y) = tile_of(lon, lat, 15)?;
//! assert!(render_tile(&[&raster], 15, x, y, &ColorRamp::rsrp())?.is_some());
//! # Ok::<(), RasterError>(())
//! ```

#![warn(missing_docs)]

pub mod color;
pub mod error;
mod font;
pub mod geotiff;
pub mod grid;
pub mod kml;
pub mod raster;
pub mod render;
pub mod tiles;
pub mod zip;

pub use color::{ColorRamp, ColorStop, Rgba};
pub use error::{RasterError, Result};
pub use geotiff::{
    read_geotiff, read_geotiff_file, write_geotiff, write_geotiff_file, GeoTiffOptions, Predictor,
};
pub use grid::{GeoGrid, LonLatBox, EARTH_RADIUS_M, METRES_PER_DEGREE};
pub use kml::{write_kml, write_kmz, write_kmz_file};
pub use raster::{Raster, RasterStats, NODATA_VALUE};
pub use render::{encode_png_rgba, legend_png, render_png, render_rgba};
pub use tiles::{
    render_tile, render_tile_with, sample_tile, tile_bounds, tile_of, tile_range, Sampling,
};
