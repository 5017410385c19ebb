//! Exhaustive search over every subset of candidates: the reference the
//! other methods are tested against on small cases.

use super::{BoundSource, Objective, Solution};
use crate::cover::CoverProblem;
use crate::PlannerError;
use std::time::Instant;

/// The optimum by trying all 2ⁿ subsets (n ≤ 24). Ties go to the subset
/// with the smaller bit pattern (candidate 0 is the lowest bit).
///
/// ```
/// use hatang_planner::cover::CoverProblem;
/// use hatang_planner::solve::{solve_exhaustive, Objective};
/// let p = CoverProblem::new(vec![1.0; 3], vec![vec![0, 1], vec![1, 2], vec![0, 2]], vec![1.0; 3]).unwrap();
/// let s = solve_exhaustive(&p, Objective::CoverAll).unwrap();
/// assert_eq!((s.cost, s.chosen.len()), (2.0, 2));
/// let s = solve_exhaustive(&p, Objective::MaxWeight { budget: 1.0 }).unwrap();
/// assert_eq!(s.covered_weight, 2.0);
/// ```
pub fn solve_exhaustive(
    problem: &CoverProblem,
    objective: Objective,
) -> Result<Solution, PlannerError> {
    let t0 = Instant::now();
    let n = problem.n_candidates();
    if n > 24 {
        return Err(PlannerError::TooLarge(n));
    }
    let m = problem.n_demands();
    let words = m.div_ceil(64).max(1);
    let masks: Vec<Vec<u64>> = (0..n)
        .map(|j| {
            let mut b = vec![0u64; words];
            for &i in problem.set(j) {
                b[i as usize / 64] |= 1 << (i % 64);
            }
            b
        })
        .collect();
    let mut need = vec![0u64; words];
    for i in (0..m).filter(|&i| problem.coverable(i)) {
        need[i / 64] |= 1 << (i % 64);
    }
    let mut best: Option<(f64, u64)> = None;
    let mut acc = vec![0u64; words];
    for s in 0u64..(1u64 << n) {
        acc.iter_mut().for_each(|w| *w = 0);
        let mut cost = 0.0;
        for (j, mask) in masks.iter().enumerate() {
            if s >> j & 1 == 1 {
                cost += problem.costs()[j];
                for (a, b) in acc.iter_mut().zip(mask) {
                    *a |= b;
                }
            }
        }
        let value = match objective {
            Objective::CoverAll => {
                if acc.iter().zip(&need).any(|(a, n)| a & n != *n) {
                    continue;
                }
                -cost
            }
            Objective::MaxWeight { budget } => {
                if cost > budget + 1e-9 {
                    continue;
                }
                (0..m)
                    .filter(|&i| acc[i / 64] >> (i % 64) & 1 == 1)
                    .map(|i| problem.weights()[i])
                    .sum()
            }
        };
        if best.is_none_or(|(v, _)| value > v + 1e-9) {
            best = Some((value, s));
        }
    }
    let (_, s) = best.unwrap_or((0.0, 0));
    let chosen: Vec<usize> = (0..n).filter(|j| s >> j & 1 == 1).collect();
    let cost = problem.cost_of(&chosen);
    let covered_weight = problem.covered_weight(&chosen);
    Ok(Solution {
        covered: problem.covered_count(&chosen),
        bound: match objective {
            Objective::CoverAll => cost,
            Objective::MaxWeight { .. } => covered_weight,
        },
        chosen,
        cost,
        covered_weight,
        uncoverable: problem.uncoverable(),
        bound_source: BoundSource::Exhaustive,
        lp_bound: None,
        gap: 0.0,
        proven_optimal: true,
        method: "exhaustive".into(),
        seconds: t0.elapsed().as_secs_f64(),
    })
}
