//! The error type of the coverage engine.

use hatang_core::geo::LatLon;

/// Everything that can stop a coverage computation.
///
/// Pixels are never an error: a pixel whose profile leaves the loaded
/// terrain is nodata (NaN). Errors are about the job itself.
///
/// ```
/// use hatang_coverage::CoverageError;
/// let e = CoverageError::InvalidParameter { name: "radius_m", value: -1.0, reason: "must be positive" };
/// assert!(e.to_string().contains("radius_m"));
/// ```
#[derive(Debug, thiserror::Error)]
pub enum CoverageError {
    /// A job parameter is out of range.
    #[error("{name} = {value}: {reason}")]
    InvalidParameter {
        /// Which parameter.
        name: &'static str,
        /// Its value.
        value: f64,
        /// Why it is refused.
        reason: &'static str,
    },
    /// The transmitter stands outside the loaded terrain (or on a void).
    #[error("the transmitter at {lat:.6} N, {lon:.6} E is outside the loaded terrain", lat = at.lat, lon = at.lon)]
    TransmitterOutsideTerrain {
        /// Its position.
        at: LatLon,
    },
    /// The propagation model refuses the job's settings (e.g. ITM's input
    /// checks: frequency, heights, refractivity, ground constants).
    #[error("model {model}: {reason}")]
    Model {
        /// The model.
        model: &'static str,
        /// Why.
        reason: String,
    },
    /// A sector cannot be turned into a link budget (e.g. a bandwidth its
    /// technology does not define).
    #[error("sector {sector}: {reason}")]
    Sector {
        /// The sector's id.
        sector: String,
        /// Why.
        reason: String,
    },
    /// A raster could not be built or written.
    #[error(transparent)]
    Raster(#[from] hatang_raster::RasterError),
    /// Terrain could not be read.
    #[error(transparent)]
    Terrain(#[from] hatang_core::terrain::TerrainError),
}

impl CoverageError {
    pub(crate) fn param(name: &'static str, value: f64, reason: &'static str) -> Self {
        CoverageError::InvalidParameter {
            name,
            value,
            reason,
        }
    }
}
