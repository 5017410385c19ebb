//! Integration tests of hatang-raster (one test binary, one module per area).

mod common;
mod fuzz;
mod gdal;
mod geotiff;
mod kmz;
mod render;
mod tiles;
