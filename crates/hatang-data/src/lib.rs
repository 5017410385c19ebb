//! # hatang-data
//!
//! The public data hatang ships for Phú Thọ, compiled into the binary so
//! that `hatang demo` works offline from any directory, and the seeded model
//! that fills what no public source has (villages, sites, zones).
//!
//! - [`bundled`]: the raw files (see `data/README.md` for sources and licences).
//! - [`admin`]: the 148 communes of 2025 joined to their official codes,
//!   the units before the reform, and the validated old→new mapping.
//! - [`demo`]: the demo province: real communes and terrain, OSM places,
//!   and synthetic villages, sites, sectors and zones, each marked as such.
//!
//! Invariants: no database, no HTTP; the same seed gives the same dataset.
//!
//! ```
//! let admin = hatang_data::admin::load().unwrap();
//! assert_eq!(admin.communes_2025().count(), 148);
//! ```

pub mod admin;
pub mod bundled;
pub mod demo;
