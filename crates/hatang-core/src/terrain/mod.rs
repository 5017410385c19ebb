//! Terrain: elevation models, mosaics and path profiles.
//!
//! * [`Tile`] — one elevation grid: an SRTM `.hgt` tile (1″ 3601×3601 or
//!   3″ 1201×1201), a GeoTIFF (Int16 or Float32 with ModelTiepoint /
//!   ModelPixelScale georeferencing and the `GDAL_NODATA` tag) or an
//!   in-memory grid. Voids are filled when the tile loads (see
//!   [`VoidPolicy`]) and counted, never used as heights.
//! * [`Mosaic`] — several tiles, with the box they cover; loads a directory of
//!   `.hgt` / `.tif` files.
//! * [`Elevation`] — the algorithm: bilinear elevation at a point and path
//!   profiles in ITM's `pfl` layout, implemented by both.
//! * [`Profile`] — a path profile (`[np, step_m, h0 … h_np]`), with the
//!   geometric line-of-sight test over a 4/3-Earth ([`Profile::clearance`]).
//!
//! Every sample position follows the SRTM convention: a `.hgt` sample sits
//! *on* an integer multiple of the arc-second spacing (the first row is the
//! north edge, the first column the west edge, and neighbouring tiles share
//! their edge row and column). GeoTIFF rasters say where their samples are
//! (`PixelIsArea`: pixel centres; `PixelIsPoint`: pixel corners), see
//! [`Tile::from_geotiff_bytes`].
//!
//! ```
//! use hatang_core::geo::LatLon;
//! use hatang_core::terrain::{Elevation, GridSpec, LoadOptions, Tile};
//! // A 3×3 grid sloping 10 m per sample eastwards, 0.01° spacing.
//! let spec = GridSpec::new(105.0, 21.02, 0.01, 0.01, 3, 3);
//! let tile = Tile::from_grid("demo", spec, vec![0., 10., 20., 0., 10., 20., 0., 10., 20.], None,
//!                            &LoadOptions::default()).unwrap();
//! let h = tile.elevation(LatLon::new(21.01, 105.005)).unwrap();
//! assert!((h - 5.0).abs() < 1e-9);
//! let profile = tile.profile(LatLon::new(21.01, 105.0), LatLon::new(21.01, 105.02), 100.0).unwrap();
//! assert_eq!(profile.np(), 21); // 2 076 m at ≤ 100 m steps
//! assert_eq!(profile.heights()[0], 0.0);
//! assert!((profile.heights()[21] - 20.0).abs() < 1e-9);
//! ```

#![warn(missing_docs)]

mod geotiff;
mod grid;
mod hgt;
mod mosaic;
mod profile;

pub use grid::{GridSpec, Tile};
pub use hgt::parse_tile_name;
pub use mosaic::Mosaic;
pub use profile::{clearance, profile_len, Clearance, PathDistance, Profile, EFFECTIVE_EARTH_K};

use crate::geo::{Bbox, LatLon};
use std::path::PathBuf;

/// What to do with void cells (SRTM −32768, a GeoTIFF's `GDAL_NODATA`
/// value, or NaN).
///
/// ```
/// assert_eq!(hatang_core::terrain::VoidPolicy::default(),
///            hatang_core::terrain::VoidPolicy::Fill);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VoidPolicy {
    /// Fill every void with the mean of its valid neighbours (of the 8
    /// around it), in place, scanning row by row from the north-west corner:
    /// a sample filled earlier in the scan counts as valid for the next
    /// ones; scans repeat until no void is left, so large voids fill from
    /// their rim inwards. Integer sources (`.hgt`, Int16/UInt16/Int32
    /// GeoTIFF) round each filled value to whole metres (half away from
    /// zero), like their own samples. This is the fill the shared ITM
    /// reference profiles were cut with. The count is reported by
    /// [`Tile::voids_filled`].
    #[default]
    Fill,
    /// Keep voids: an elevation or profile that needs a void sample is an
    /// error ([`TerrainError::Void`]).
    Keep,
}

/// Options for loading elevation data.
///
/// ```
/// let o = hatang_core::terrain::LoadOptions::default();
/// assert_eq!(o.max_cells, 100_000_000);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LoadOptions {
    /// Void handling.
    pub void_policy: VoidPolicy,
    /// Largest grid accepted, in samples (protects against a corrupt header
    /// asking for gigabytes). A 1″ SRTM tile has about 13 million.
    pub max_cells: usize,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            void_policy: VoidPolicy::Fill,
            max_cells: 100_000_000,
        }
    }
}

/// Everything that can go wrong with terrain.
#[derive(Debug, thiserror::Error)]
pub enum TerrainError {
    /// A file could not be opened or read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A reader handed in failed.
    #[error("reading {what}: {source}")]
    Read {
        /// What was being read.
        what: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A `.hgt` file name does not give the tile's corner.
    #[error("'{name}' is not an SRTM tile name (expected e.g. N21E105.hgt)")]
    BadTileName {
        /// The name.
        name: String,
    },
    /// A `.hgt` file has a size that is neither SRTM1 nor SRTM3.
    #[error("{name}: {len} bytes is neither an SRTM1 (3601×3601) nor an SRTM3 (1201×1201) .hgt")]
    BadHgtSize {
        /// The tile name.
        name: String,
        /// Its length in bytes.
        len: usize,
    },
    /// A GeoTIFF could not be decoded or is not a usable elevation model.
    #[error("{name}: {reason}")]
    GeoTiff {
        /// The file or tile name.
        name: String,
        /// Why.
        reason: String,
    },
    /// An in-memory grid is inconsistent.
    #[error("grid '{name}': {reason}")]
    BadGrid {
        /// The tile name.
        name: String,
        /// Why.
        reason: String,
    },
    /// Nothing to fill voids from.
    #[error("{name}: every sample is void")]
    AllVoid {
        /// The tile name.
        name: String,
    },
    /// A point lies outside the loaded terrain.
    #[error("point {lat:.6} N, {lon:.6} E is outside the loaded terrain ({loaded})", lat = point.lat, lon = point.lon)]
    OutsideTerrain {
        /// The point asked for.
        point: LatLon,
        /// What is loaded: tile names and their boxes.
        loaded: String,
    },
    /// A point needs a void sample (only with [`VoidPolicy::Keep`]).
    #[error("point {lat:.6} N, {lon:.6} E falls next to a void sample of tile {tile}", lat = point.lat, lon = point.lon)]
    Void {
        /// The point asked for.
        point: LatLon,
        /// The tile.
        tile: String,
    },
    /// A profile request or a `pfl` array is invalid.
    #[error("invalid profile: {reason}")]
    BadProfile {
        /// Why.
        reason: String,
    },
    /// A directory holds no elevation file.
    #[error("no elevation file (.hgt, .tif, .tiff) in {dir}")]
    EmptyDirectory {
        /// The directory.
        dir: PathBuf,
    },
    /// Nothing is loaded.
    #[error("the mosaic holds no tile")]
    EmptyMosaic,
}

/// An elevation model: ground height at a point, and path profiles.
///
/// Heights are metres above the geoid of the source (EGM96 for SRTM).
///
/// ```
/// use hatang_core::geo::LatLon;
/// use hatang_core::terrain::{Elevation, GridSpec, LoadOptions, Tile};
/// let tile = Tile::from_grid("flat", GridSpec::new(105.0, 22.0, 0.5, 0.5, 3, 3),
///                            vec![12.0; 9], None, &LoadOptions::default()).unwrap();
/// assert_eq!(tile.elevation(LatLon::new(21.3, 105.4)).unwrap(), 12.0);
/// let err = tile.elevation(LatLon::new(20.0, 105.4)).unwrap_err();
/// assert!(err.to_string().contains("20.000000 N"));
/// let mut buf = Vec::new();
/// tile.profile_into(LatLon::new(21.3, 105.4), LatLon::new(21.31, 105.4), 30.0, &mut buf).unwrap();
/// assert_eq!(buf[0] as usize + 3, buf.len());
/// ```
pub trait Elevation {
    /// Ground height at `p` by bilinear interpolation between the four
    /// surrounding samples; an error names the point and what is loaded
    /// when `p` is outside.
    fn elevation(&self, p: LatLon) -> Result<f64, TerrainError>;

    /// The box inside which [`Elevation::elevation`] answers (a mosaic may
    /// have holes inside it).
    fn coverage(&self) -> Bbox;

    /// Cuts the profile from `from` to `to` into `pfl`, reusing its
    /// allocation, in ITM's layout `[np, step_m, h0, …, h_np]`.
    ///
    /// The path is the straight line in latitude/longitude (both linearly
    /// interpolated: point `i` is at `from + (to − from)·i/np`); its length
    /// `d` is the great-circle distance ([`LatLon::distance_m`]);
    /// `np = max(1, ceil(d / step_m))` intervals of `d / np` metres each (so
    /// the actual step is at most `step_m`). See [`profile_len`], and
    /// [`Elevation::profile_into_with`] for the other distance convention.
    fn profile_into(
        &self,
        from: LatLon,
        to: LatLon,
        step_m: f64,
        pfl: &mut Vec<f64>,
    ) -> Result<(), TerrainError> {
        self.profile_into_with(from, to, step_m, PathDistance::GreatCircle, pfl)
    }

    /// [`Elevation::profile_into`] with the path length measured as
    /// `distance` says (this decides `np` and the step; the heights are
    /// sampled at the same fractions of the straight line either way).
    fn profile_into_with(
        &self,
        from: LatLon,
        to: LatLon,
        step_m: f64,
        distance: PathDistance,
        pfl: &mut Vec<f64>,
    ) -> Result<(), TerrainError> {
        let (np, step) = profile::plan(from, to, step_m, distance)?;
        pfl.clear();
        pfl.reserve(np + 3);
        pfl.push(np as f64);
        pfl.push(step);
        let inv = 1.0 / np as f64;
        for i in 0..=np {
            let t = i as f64 * inv;
            let p = LatLon::new(
                from.lat + (to.lat - from.lat) * t,
                from.lon + (to.lon - from.lon) * t,
            );
            pfl.push(self.elevation(p)?);
        }
        Ok(())
    }

    /// The profile from `from` to `to` (see [`Elevation::profile_into`]).
    fn profile(&self, from: LatLon, to: LatLon, step_m: f64) -> Result<Profile, TerrainError> {
        let mut pfl = Vec::new();
        self.profile_into(from, to, step_m, &mut pfl)?;
        Ok(Profile::from_pfl_unchecked(pfl))
    }
}

impl<T: Elevation + ?Sized> Elevation for &T {
    fn elevation(&self, p: LatLon) -> Result<f64, TerrainError> {
        (**self).elevation(p)
    }
    fn coverage(&self) -> Bbox {
        (**self).coverage()
    }
    fn profile_into_with(
        &self,
        from: LatLon,
        to: LatLon,
        step_m: f64,
        distance: PathDistance,
        pfl: &mut Vec<f64>,
    ) -> Result<(), TerrainError> {
        (**self).profile_into_with(from, to, step_m, distance, pfl)
    }
}

/// "N21E105 [105.000000–106.000000 E, 21.000000–22.000000 N]".
pub(crate) fn describe_box(name: &str, b: &Bbox) -> String {
    format!(
        "{name} [{:.6}–{:.6} E, {:.6}–{:.6} N]",
        b.min_lon, b.max_lon, b.min_lat, b.max_lat
    )
}
