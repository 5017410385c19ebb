//! Integration tests of hatang-scorecard (one binary, one module per
//! concern). Regression tests of issue 5 are named `issue_5_…`.

mod classes;
mod common;
mod demo;
mod points;
mod report;
mod series;
mod sums;
mod targets;
