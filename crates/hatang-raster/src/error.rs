//! The error type of this crate.

use std::error::Error as StdError;

/// Everything that can go wrong in `hatang-raster`.
///
/// Errors of the third-party codecs (TIFF decoding, PNG encoding) are kept
/// as boxed [`source`](StdError::source)s so that their types do not become
/// part of this crate's public API.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RasterError {
    /// A grid with an impossible geometry (non-finite or non-positive pixel
    /// size, zero width or height, latitudes beyond ±90°, too many pixels…).
    #[error("invalid grid: {0}")]
    InvalidGrid(String),
    /// Pixel data whose length does not match the grid.
    #[error("pixel data has {actual} values but the {width}×{height} grid needs {expected}")]
    DataLength {
        /// Grid width in pixels.
        width: usize,
        /// Grid height in pixels.
        height: usize,
        /// `width × height`.
        expected: usize,
        /// Length of the data that was supplied.
        actual: usize,
    },
    /// An invalid colour ramp (no stops, a non-finite or repeated threshold).
    #[error("invalid colour ramp: {0}")]
    InvalidRamp(String),
    /// A web map tile address outside the tile pyramid.
    #[error("invalid tile z={z} x={x} y={y} (x and y must be below 2^z, z at most {max_z})", max_z = crate::tiles::MAX_ZOOM)]
    InvalidTile {
        /// Zoom level.
        z: u8,
        /// Column.
        x: u32,
        /// Row (counted from the north).
        y: u32,
    },
    /// The output does not fit into the file format (e.g. a classic TIFF
    /// larger than 4 GiB, a PNG wider than 2³¹−1 pixels, a ZIP entry larger
    /// than 4 GiB).
    #[error("output too large: {0}")]
    TooLarge(String),
    /// A TIFF that is well formed but not a GeoTIFF this crate can read
    /// (not single-band Float32, not EPSG:4326, rotated, …).
    #[error("unsupported GeoTIFF: {0}")]
    Unsupported(String),
    /// The TIFF decoder rejected the file.
    #[error("cannot decode TIFF: {0}")]
    TiffDecode(#[source] Box<dyn StdError + Send + Sync>),
    /// The PNG encoder failed.
    #[error("cannot encode PNG: {0}")]
    PngEncode(#[source] Box<dyn StdError + Send + Sync>),
    /// Reading or writing failed.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}

impl From<tiff::TiffError> for RasterError {
    fn from(e: tiff::TiffError) -> Self {
        match e {
            tiff::TiffError::IoError(io) => RasterError::Io(io),
            other => RasterError::TiffDecode(Box::new(other)),
        }
    }
}

impl From<png::EncodingError> for RasterError {
    fn from(e: png::EncodingError) -> Self {
        match e {
            png::EncodingError::IoError(io) => RasterError::Io(io),
            other => RasterError::PngEncode(Box::new(other)),
        }
    }
}

/// Shorthand for `Result<T, RasterError>`.
pub type Result<T, E = RasterError> = std::result::Result<T, E>;
