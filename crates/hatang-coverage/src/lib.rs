//! # hatang-coverage — terrain-aware coverage rasters
//!
//! Basic transmission loss on a grid around a transmitter, from the
//! terrain and a propagation model (ITM by default; P.1812, TR 38.901
//! RMa/UMa, Okumura-Hata, COST-231 and free space selectable), then the
//! sectors' patterns, received power and each technology's figure;
//! best-server and strongest-signal composites of many sites computed by
//! tiles; and point-to-point signals at given points (villages).
//!
//! ## Conventions (stated once)
//!
//! * EIRP = transmit power + peak antenna gain − feeder loss = ERP + 2.15 dB.
//! * Received power (dBm) is for an **isotropic receiver**: EIRP + the
//!   pattern's relative gain toward the pixel (≤ 0, 3GPP parametric sector
//!   pattern from azimuth, beamwidth, mechanical and electrical downtilt,
//!   and the elevation angle from the antenna to the receiver) − basic
//!   transmission loss.
//! * The figure: RSRP = received power − 10·log10(12·N_RB) for the cell's
//!   bandwidth (4G), SS-RSRP likewise (5G), RSCP = received power + the
//!   CPICH share (3G), RxLev = received power (2G): `hatang_core::radio::link`.
//! * Pixels are those of [`hatang_raster::GeoGrid::around`] (or of any grid
//!   through [`losses_on`]); a pixel's path is the straight line in
//!   latitude/longitude from the site to the pixel's centre. Pixels outside
//!   the radius, or whose path leaves the loaded terrain, are **nodata
//!   (NaN), never a number**.
//!
//! ## Two engines
//!
//! * [`Mode::Exact`] — for every pixel, the profile cut from the site with
//!   the terrain API (bilinear, step = the resolution) and one model call.
//!   It shares nothing with the radial engine; it is the reference.
//! * [`Mode::Fast`] — the radial engine. Radials leave the site, fewer near
//!   it (levels doubling outwards); along each, ITM's profile functions are
//!   carried incrementally: the mean height and least-squares fits from
//!   prefix sums, the transmitter's horizon as a running maximum, the
//!   receiver's horizon as a tangent to the upper convex hull of the
//!   curvature-corrected terrain (O(log n)), Δh exactly at geometric
//!   checkpoints and interpolated.
//!
//!   ITM's answer hinges on the receiver's horizon, which moves with the
//!   terrain right at the receiver: on Phú Thọ's hills, moving a profile's
//!   end by 5 m, or re-sampling the same line at 27 m instead of 30 m,
//!   already changes the loss by more than 1 dB for one pixel in twenty.
//!   Values read off radial samples (as Signal-Server and SPLAT! do) differ
//!   from the per-pixel profiles by 4 dB at the 95th percentile. So, for
//!   ITM, each pixel is computed on its own profile, pieced together: its
//!   last `near` samples are cut exactly as the exact mode cuts them, the
//!   rest comes from the nearest radial (prefix sums, a lagging hull and
//!   horizon candidates re-evaluated at the pixel's own positions, Δh from a
//!   grid of exact values along the radial), and the geometry goes through
//!   a specialised ITM evaluation, bit-compatible with `hatang-itm` to
//!   1e-9. All the bands of one mast share the geometry ([`losses_multi`]).
//!   Along a radial's pixels, a pixel whose geometry lies between its
//!   neighbours' takes the interpolated loss. See [`RadialTuning`].
//!
//!   The other models are evaluated at the radial samples and the pixels
//!   interpolate between the two nearest radials.
//!
//! Parallelism (rayon) is lock-free and deterministic: every radial, pixel
//! and tile is a pure function of the inputs, written to its own place, so
//! the same inputs give bit-identical outputs on any number of threads.
//!
//! ## Accuracy and speed (see `bench.sh`)
//!
//! Reference job (Phù Ninh hill, 30 m mast, 1800 MHz, 25 km at 30 m,
//! Signal-Server's ITM settings), fast against exact over 2 181 705
//! pixels: 95th percentile of |Δ| 0.55 dB, covered-or-not at −110 dBm
//! agreeing on 99.92 % of pixels and on 98.93 % of those between −120 and
//! −100 dBm; Tam Đảo (40 m, 3.5 GHz, 15 km at 30 m): 0.43 dB, 99.99 %,
//! 98.84 %. The whole `hatang coverage` command for the reference job:
//! 0.51 s wall, 1.0 s CPU and 80 MB on two cores (Signal-Server: 26.4 s).
//!
//! ```
//! use hatang_core::geo::LatLon;
//! use hatang_core::terrain::{GridSpec, LoadOptions, Mosaic, Tile};
//! use hatang_coverage::{loss_map, CoverageSpec, ItmParams, Mode, Model, Transmitter};
//!
//! // Terrain: a ridge running north-south, 3 km east of the site.
//! let spec = GridSpec::new(105.0, 21.1, 0.001, 0.001, 201, 201);
//! let h: Vec<f32> = (0..201 * 201)
//!     .map(|i| { let c = (i % 201) as f32; 20.0 + 120.0 * (-(c - 130.0).powi(2) / 30.0).exp() })
//!     .collect();
//! let dem = Mosaic::new(vec![Tile::from_grid("t", spec, h, None, &LoadOptions::default())?])?;
//!
//! let tx = Transmitter::new(LatLon::new(21.0, 105.1), 30.0, 900.0);
//! let model = Model::Itm(ItmParams::signal_server());
//! let fast = loss_map(&dem, &tx, &model, &CoverageSpec::new(5_000.0, 100.0))?;
//! let exact = loss_map(&dem, &tx, &model, &CoverageSpec::new(5_000.0, 100.0).with_mode(Mode::Exact))?;
//!
//! let c = fast.raster.grid().width() / 2;
//! let before = fast.raster.get(c + 20, c).unwrap(); // 2 km east, before the ridge
//! let behind = fast.raster.get(c + 45, c).unwrap(); // 4.5 km east, behind it
//! assert!(behind > before + 10.0);
//! assert!((behind - exact.raster.get(c + 45, c).unwrap()).abs() < 1.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

mod cache;
mod composite;
mod delta_h;
mod error;
mod fastmath;
mod group;
mod itm_batch;
mod itm_kernel;
mod loss;
mod model;
mod points;
mod radial;
mod sector;
mod terrain;
mod window;

pub use cache::{decode_losses, encode_losses, params_hash, terrain_fingerprint, LossCache};
pub use composite::{
    composite, grid_around, BestServer, Composite, CompositeSpec, CompositeSummary, NO_SECTOR,
};
#[doc(hidden)]
pub use delta_h::delta_h;
pub use error::CoverageError;
pub use group::SiteBand;
#[doc(hidden)]
pub use itm_batch::BenchKernel;
pub use loss::{
    loss_map, loss_map_with_progress, losses_multi, losses_on, losses_on_with_progress,
    CoverageSpec, LossMap, Mode, Transmitter,
};
pub use model::{ItmParams, Model, P1812Params};
pub use points::{point_signals, OperatorSignal, PointSignals, PointSpec};
#[doc(hidden)]
pub use radial::bench_buckets;
pub use radial::RadialTuning;
pub use sector::{sector_power, SectorRadio, ViewAngles};
pub use window::Window;
