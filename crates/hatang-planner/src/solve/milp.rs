//! The MILP models, solved with COIN-OR CBC through `good_lp`.
//!
//! Set cover: `min Σ c_j x_j` s.t. `Σ_{j ∋ i} x_j ≥ 1` for every coverable
//! demand `i`, `x ∈ {0,1}`.
//!
//! Maximal covering: `max Σ w_i y_i` s.t. `y_i ≤ Σ_{j ∋ i} x_j`,
//! `Σ c_j x_j ≤ B`, `x ∈ {0,1}`, `0 ≤ y ≤ 1` (integral at an optimum).

// Index loops over parallel arrays read best in this numeric code.
#![allow(clippy::needless_range_loop)]

use super::{heuristic, Objective, SolveOptions};
use crate::cover::CoverProblem;
use crate::PlannerError;
use good_lp::solvers::coin_cbc::{coin_cbc, CoinCbcProblem};
use good_lp::{
    variable, Expression, ProblemVariables, Solution as _, SolverModel, Variable,
    WithInitialSolution, WithMipGap, WithTimeLimit,
};

/// What the MILP gave.
pub(crate) struct MilpResult {
    pub chosen: Vec<usize>,
    pub bound: f64,
    pub proven_optimal: bool,
}

struct Built {
    model: CoinCbcProblem,
    x: Vec<Variable>,
}

fn build(problem: &CoverProblem, objective: Objective, integer: bool) -> Built {
    let mut vars = ProblemVariables::new();
    let def = || {
        if integer {
            variable().binary()
        } else {
            variable().min(0.0).max(1.0)
        }
    };
    let x: Vec<Variable> = (0..problem.n_candidates())
        .map(|_| vars.add(def()))
        .collect();
    match objective {
        Objective::CoverAll => {
            let mut obj = Expression::from(0.0);
            for (j, &c) in problem.costs().iter().enumerate() {
                obj.add_mul(c, x[j]);
            }
            let mut model = vars.minimise(obj).using(coin_cbc);
            for i in 0..problem.n_demands() {
                if !problem.coverable(i) {
                    continue;
                }
                let mut e = Expression::from(0.0);
                for &j in problem.covering(i) {
                    e.add_mul(1.0, x[j as usize]);
                }
                model.add_constraint(e.geq(1.0));
            }
            Built { model, x }
        }
        Objective::MaxWeight { budget } => {
            let y: Vec<Variable> = (0..problem.n_demands())
                .map(|_| vars.add(variable().min(0.0).max(1.0)))
                .collect();
            let mut obj = Expression::from(0.0);
            for (i, &w) in problem.weights().iter().enumerate() {
                obj.add_mul(w, y[i]);
            }
            let mut model = vars.maximise(obj).using(coin_cbc);
            for i in 0..problem.n_demands() {
                let mut e = Expression::from(0.0);
                for &j in problem.covering(i) {
                    e.add_mul(1.0, x[j as usize]);
                }
                e.add_mul(-1.0, y[i]);
                model.add_constraint(e.geq(0.0));
            }
            let mut cost = Expression::from(0.0);
            for (j, &c) in problem.costs().iter().enumerate() {
                cost.add_mul(c, x[j]);
            }
            model.add_constraint(cost.leq(budget));
            Built { model, x }
        }
    }
}

/// Solves the MILP, optionally from a starting plan.
pub(crate) fn solve(
    problem: &CoverProblem,
    objective: Objective,
    options: &SolveOptions,
    start: Option<&[usize]>,
) -> Result<MilpResult, PlannerError> {
    let Built { mut model, x } = build(problem, objective, true);
    model.set_parameter("log", "0");
    model.set_parameter("slogLevel", "0");
    // The time limit is wall-clock time, not CPU time.
    model.set_parameter("timeMode", "elapsed");
    if let Some(start) = start {
        let mut on = vec![0.0; x.len()];
        for &j in start {
            on[j] = 1.0;
        }
        model = model.with_initial_solution(x.iter().copied().zip(on));
    }
    let model = model
        .with_time_limit(options.time_limit_s.max(1.0))
        .with_mip_gap(options.mip_gap.max(0.0) as f32)
        .map_err(|e| PlannerError::Solver(e.to_string()))?;
    let sol = model
        .solve()
        .map_err(|e| PlannerError::Solver(e.to_string()))?;
    let raw = sol.model();
    let proven = raw.is_proven_optimal();
    let best_possible = raw.best_possible_value();
    let obj = raw.obj_value();
    let mut chosen: Vec<usize> = (0..x.len()).filter(|&j| sol.value(x[j]) > 0.5).collect();
    repair(problem, objective, &mut chosen, start);
    let value = match objective {
        Objective::CoverAll => problem.cost_of(&chosen),
        Objective::MaxWeight { .. } => problem.covered_weight(&chosen),
    };
    let bound = if proven {
        obj
    } else if best_possible.is_finite() {
        best_possible
    } else {
        lp_relaxation(problem, objective)?
    };
    // CBC's bound is on its own objective; a repaired plan may differ.
    let bound = match objective {
        Objective::CoverAll => bound.min(value),
        Objective::MaxWeight { .. } => bound.max(value),
    };
    Ok(MilpResult {
        chosen,
        bound,
        proven_optimal: proven && (value - obj).abs() <= 1e-6 * obj.abs().max(1.0),
    })
}

/// Makes a plan feasible when the solver stopped without one: cover what
/// is uncovered greedily (set cover) or shed sites until within budget, and
/// fall back to the starting plan when that is better.
fn repair(
    problem: &CoverProblem,
    objective: Objective,
    chosen: &mut Vec<usize>,
    start: Option<&[usize]>,
) {
    match objective {
        Objective::CoverAll => {
            if !problem.covers_all(chosen) {
                let g = heuristic::greedy_cover(problem);
                let mut all: Vec<usize> = chosen.iter().chain(&g).copied().collect();
                all.sort_unstable();
                all.dedup();
                *chosen = all;
            }
            if let Some(s) = start {
                if problem.cost_of(s) < problem.cost_of(chosen) {
                    *chosen = s.to_vec();
                }
            }
        }
        Objective::MaxWeight { budget } => {
            if problem.cost_of(chosen) > budget + 1e-9 {
                *chosen = heuristic::greedy_budget(problem, budget);
            }
            if let Some(s) = start {
                if problem.covered_weight(s) > problem.covered_weight(chosen) {
                    *chosen = s.to_vec();
                }
            }
        }
    }
}

/// The LP relaxation's optimal value.
pub(crate) fn lp_relaxation(
    problem: &CoverProblem,
    objective: Objective,
) -> Result<f64, PlannerError> {
    let Built { mut model, x } = build(problem, objective, false);
    model.set_parameter("log", "0");
    let sol = model
        .solve()
        .map_err(|e| PlannerError::Solver(e.to_string()))?;
    let _ = x;
    Ok(sol.model().obj_value())
}
