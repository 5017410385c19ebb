//! # hatang-planner — where the next sites go, and which get 5G first
//!
//! The target is 4G in every village. The planner finds the villages the
//! existing sites leave without signal, gathers candidate sites, computes
//! which of those villages each candidate would cover, and chooses the
//! cheapest set of sites that covers them all (or the most people within a
//! budget); then it re-runs the analysis with the planned sites added to
//! confirm the plan, and ranks the existing 4G sites for a 5G upgrade.
//!
//! - [`plan::plan`] — the whole run over a [`Dataset`](hatang_core::model::Dataset)
//!   and the terrain; [`output`] writes `plan.json`, `plan.geojson` (the map
//!   layer) and the tables.
//! - [`candidates`] — existing towers (co-location, the cheapest; upgrades),
//!   towers of an imported passive-infrastructure plan, and new towers on
//!   high ground near the gaps (a lattice refined to local maxima of the
//!   terrain); costs by kind in [`config::Costs`].
//! - [`radio`] — free-space screening, then ITM point to point on terrain
//!   profiles with the candidates' standard sectors
//!   ([`config::StandardSector`]): a village is covered at RSRP ≥ the fair
//!   threshold ([`config::SignalThresholds`], −115 dBm by default, the
//!   scorecard's).
//! - [`analysis`] — the village classes (good/fair/none/unknown) and their
//!   sums, before and after.
//! - [`cover`] — the covering problem as plain data (candidates × villages
//!   sets, costs, people), and [`solve`] — the exact MILP (COIN-OR CBC,
//!   feature `cbc`), a Lagrangian greedy with local search for very large
//!   cases, exhaustive search for tests; every answer carries its bound and
//!   its gap `(cost − bound) / bound`.
//! - [`generate`] — a seeded generator of large, realistic covering cases.
//! - [`fiveg`] — the 5G upgrade ranking.
//!
//! ```
//! use hatang_planner::cover::CoverProblem;
//! use hatang_planner::solve::{solve, Objective, SolveOptions};
//! // Two villages; a co-location covers one (400), a new tower both (1,200),
//! // a second co-location the other (400).
//! let p = CoverProblem::new(vec![400.0, 1200.0, 400.0], vec![vec![0], vec![0, 1], vec![1]],
//!                           vec![800.0, 650.0]).unwrap();
//! let s = solve(&p, Objective::CoverAll, &SolveOptions::default()).unwrap();
//! assert_eq!((s.chosen.clone(), s.cost, s.gap), (vec![0, 2], 800.0, 0.0));
//! ```

#![warn(missing_docs)]

pub mod analysis;
pub mod candidates;
pub mod config;
pub mod cover;
mod error;
pub mod fiveg;
pub mod generate;
pub mod output;
pub mod plan;
pub mod radio;
pub mod solve;

pub use error::PlannerError;
