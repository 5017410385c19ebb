//! # hatang-core
//!
//! The pure heart of hatang: geodesy, the domain model (administrative units,
//! villages, operators, sites, sectors, indicators, zones), terrain, radio
//! propagation models and the link budget.
//!
//! Invariants (things that are absent): no SQL, no HTTP, no async, no file
//! paths opened behind the caller's back — readers are handed in.
//!
//! ```
//! use hatang_core::geo::LatLon;
//! let viet_tri = LatLon::new(21.3227, 105.4019);
//! let phu_tho = LatLon::new(21.4003, 105.2237);
//! let d = viet_tri.distance_m(phu_tho);
//! assert!((d - 20_400.0).abs() < 1_000.0);
//! ```

pub mod geo;
pub mod model;
pub mod radio;
pub mod rng;
pub mod terrain;
