//! Integration tests of hatang-planner (one binary). Tests named
//! `issue7_*` are the regression tests of issue 7 (site planner).

mod demo;
mod fiveg;
mod solvers;
