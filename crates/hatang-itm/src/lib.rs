//! # hatang-itm — the Longley-Rice Irregular Terrain Model in pure Rust
//!
//! A complete implementation of the ITS Irregular Terrain Model (ITM,
//! Longley-Rice) with the semantics of version 1.4 of NTIA/ITS's public
//! `itm` library: point-to-point mode from a terrain profile and area mode
//! from path statistics, time/location/situation and
//! confidence/reliability variability, every mode of variability (0-3 with
//! the +10 and +20 flags), the seven radio climates, both polarisations,
//! arbitrary ground constants and refractivity, siting criteria, ITM's
//! warning flags and its error return codes. It reproduces NTIA's results
//! to floating-point accuracy.
//!
//! ## Usage
//!
//! The model is a value, [`Itm`], holding the radio and environmental
//! parameters; each call predicts one path:
//!
//! ```
//! use hatang_itm::{Climate, Itm, Profile, Tls};
//!
//! let itm = Itm::new(1800.0).with_climate(Climate::Equatorial).with_n_0(360.0);
//!
//! // A profile in ITM's pfl layout: np, step (m), np + 1 heights (m).
//! let pfl = [4.0, 1000.0, 20.0, 45.0, 80.0, 40.0, 15.0];
//! let profile = Profile::from_pfl(&pfl)?;
//!
//! match itm.p2p_tls(30.0, 1.5, &profile, Tls::new(50.0, 50.0, 50.0)) {
//!     Ok(p) => {
//!         println!("loss {:.1} dB, mode {:?}, warnings {}", p.loss_db, p.intermediate.mode, p.warnings);
//!         assert!(p.loss_db > p.intermediate.a_fs_db);
//!     }
//!     Err(e) => panic!("ITM refused ({}): {e}", e.code()),
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Return codes
//!
//! ITM's return codes map onto `Result<Prediction, ItmError>`: code 0 is
//! `Ok` with empty [`Prediction::warnings`], code 1 is `Ok` with warning
//! flags ([`Warnings`]), and every code ≥ 1000 is an [`ItmError`] variant
//! (see [`ItmError::code`]). Codes for invalid enumerations (climate 1002,
//! polarisation 1010, mdvar 1014, siting criteria 1019/1020) arise when
//! converting raw codes into the typed parameters ([`Climate`],
//! [`Polarization`], [`Mdvar`], [`SitingCriteria`]).
//!
//! ## Performance and reuse
//!
//! Nothing allocates. The profile-dependent work — the mean path height
//! that scales the refractivity ([`mean_system_height`]), the horizon
//! search ([`find_horizons`]), the least-squares terrain fit
//! ([`least_squares_fit`]), the terrain irregularity Δh ([`delta_h`]) and
//! the effective heights ([`quick_pfl`]) — is exposed as separate
//! functions over a borrowed [`Profile`], and gathered into a
//! [`PathGeometry`] by [`Itm::p2p_geometry`] /
//! [`PathGeometry::point_to_point`]. A caller can compute that once and
//! evaluate it for several frequencies, climates or variabilities with
//! [`Itm::predict_tls`] / [`Itm::predict_cr`], and can cut one long
//! radial profile once and take [`Profile::prefix`] views of it for every
//! point along it.

#![deny(missing_docs)]

mod complex;
mod error;
mod model;
mod params;
mod propagation;
mod terrain;
#[cfg(test)]
mod tests;
mod variability;
mod warnings;

pub use complex::Complex;
pub use error::{ItmError, ProfileError};
pub use model::{AreaPath, IntermediateValues, Itm, PathGeometry, Prediction};
pub use params::{
    Climate, Cr, Mdvar, PathKind, Polarization, PropagationMode, SitingCriteria, Tls,
    VariabilityMode,
};
pub use propagation::{
    effective_earth_curvature, free_space_loss, line_of_sight_fit, surface_refractivity,
};
pub use terrain::{
    delta_h, effective_heights, fdim, find_horizons, least_squares_fit, mean_system_height,
    quick_pfl, Horizons, Profile, TerrainParameters,
};
pub use variability::inverse_ccdf;
pub use variability::{climate_curve, combine_variability, ClimateCurves, CLIMATE_CURVES};
pub use warnings::Warnings;
