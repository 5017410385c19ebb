//! The integration tests of hatang-core (one binary, one module per area).

mod geotiff;
mod never_panic;
mod radio_published;
mod shared;
mod srtm_reference;
