//! Greedy, Lagrangian and local-search heuristics, and the Lagrangian
//! bounds.
//!
//! Set cover: subgradient optimisation of the Lagrangian dual (the
//! covering rows relaxed), and every few iterations a primal plan built
//! greedily with the Caprara–Fischetti–Toth score on the Lagrangian costs,
//! cleaned of redundant sites and improved by add-and-drop moves (add one
//! candidate, drop every chosen one it makes redundant, keep the move when
//! it saves money).
//!
//! Maximal covering: greedy by people gained per unit of cost (against the
//! best single site), then swap moves; the bound relaxes "a village counts
//! only when a chosen site covers it" and solves what is left as a
//! fractional knapsack.

// Index loops over parallel arrays read best in this numeric code.
#![allow(clippy::needless_range_loop)]

use super::Objective;
use crate::cover::CoverProblem;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

const EPS: f64 = 1e-9;

/// A plan from the heuristic with the Lagrangian bound found on the way.
pub(crate) struct HeuristicResult {
    pub chosen: Vec<usize>,
    pub bound: f64,
}

/// The plain greedy: for the set cover, repeatedly the candidate of least
/// cost per newly covered demand, then redundant candidates removed; for
/// maximal covering, the most weight gained per unit cost while the budget
/// allows (or the best single candidate, if better).
///
/// ```
/// use hatang_planner::cover::CoverProblem;
/// use hatang_planner::solve::{greedy, Objective};
/// let p = CoverProblem::new(
///     vec![1.5, 1.0, 1.0],
///     vec![vec![0, 1, 2, 3], vec![0, 1, 4], vec![2, 3, 5]],
///     vec![1.0; 6],
/// ).unwrap();
/// let g = greedy(&p, Objective::CoverAll);
/// assert!(p.covers_all(&g));
/// assert_eq!(p.cost_of(&g), 2.0);
/// // Within a budget of 1.5: the big candidate (4 villages).
/// assert_eq!(greedy(&p, Objective::MaxWeight { budget: 1.5 }), vec![0]);
/// ```
pub fn greedy(problem: &CoverProblem, objective: Objective) -> Vec<usize> {
    match objective {
        Objective::CoverAll => greedy_cover(problem),
        Objective::MaxWeight { budget } => greedy_budget(problem, budget),
    }
}

/// A valid bound from the Lagrangian dual after `iterations` subgradient
/// steps: a lower bound on the set cover's cost, or an upper bound on the
/// weight maximal covering can reach. Never better than the LP bound.
///
/// ```
/// use hatang_planner::cover::CoverProblem;
/// use hatang_planner::solve::{lagrangian_bound, Objective};
/// let p = CoverProblem::new(vec![1.0; 3], vec![vec![0, 1], vec![1, 2], vec![0, 2]], vec![1.0; 3]).unwrap();
/// let lb = lagrangian_bound(&p, Objective::CoverAll, 500);
/// assert!(lb <= 1.5 + 1e-9 && lb > 1.3); // the LP bound is 1.5, the optimum 2
/// ```
pub fn lagrangian_bound(problem: &CoverProblem, objective: Objective, iterations: usize) -> f64 {
    match objective {
        Objective::CoverAll => {
            let g = greedy_cover(problem);
            cover_lagrangian(problem, problem.cost_of(&g), iterations, |_| {}).0
        }
        Objective::MaxWeight { budget } => {
            let g = greedy_budget(problem, budget);
            budget_lagrangian(problem, budget, problem.covered_weight(&g), iterations)
        }
    }
}

/// The full heuristic for an objective.
pub(crate) fn run(
    problem: &CoverProblem,
    objective: Objective,
    iterations: usize,
) -> HeuristicResult {
    match objective {
        Objective::CoverAll => run_cover(problem, iterations),
        Objective::MaxWeight { budget } => {
            let mut chosen = greedy_budget(problem, budget);
            improve_budget(problem, budget, &mut chosen);
            let bound =
                budget_lagrangian(problem, budget, problem.covered_weight(&chosen), iterations);
            HeuristicResult { chosen, bound }
        }
    }
}

// ---------------------------------------------------------------- set cover

/// Non-negative f64 as an order-preserving integer key.
fn key(x: f64) -> u64 {
    x.max(0.0).to_bits()
}

pub(crate) fn greedy_cover(p: &CoverProblem) -> Vec<usize> {
    let m = p.n_demands();
    let mut covered = vec![false; m];
    let mut left = (0..m).filter(|&i| p.coverable(i)).count();
    let mut heap: BinaryHeap<Reverse<(u64, usize)>> = (0..p.n_candidates())
        .filter(|&j| !p.set(j).is_empty())
        .map(|j| Reverse((key(p.costs()[j] / p.set(j).len() as f64), j)))
        .collect();
    let mut chosen = Vec::new();
    while left > 0 {
        let Some(Reverse((k, j))) = heap.pop() else {
            break;
        };
        let new = p.set(j).iter().filter(|&&i| !covered[i as usize]).count();
        if new == 0 {
            continue;
        }
        let k_now = key(p.costs()[j] / new as f64);
        if k_now != k {
            heap.push(Reverse((k_now, j)));
            continue;
        }
        chosen.push(j);
        for &i in p.set(j) {
            if !covered[i as usize] {
                covered[i as usize] = true;
                left -= 1;
            }
        }
    }
    let mut counts = p.cover_counts(&chosen);
    remove_redundant(p, &mut chosen, &mut counts);
    chosen
}

/// Drops chosen candidates whose demands are all covered twice, the
/// dearest first.
fn remove_redundant(p: &CoverProblem, chosen: &mut Vec<usize>, counts: &mut [u32]) {
    let mut order = chosen.clone();
    order.sort_by(|&a, &b| p.costs()[b].total_cmp(&p.costs()[a]).then(a.cmp(&b)));
    let mut drop = Vec::new();
    for j in order {
        if p.set(j).iter().all(|&i| counts[i as usize] >= 2) {
            for &i in p.set(j) {
                counts[i as usize] -= 1;
            }
            drop.push(j);
        }
    }
    chosen.retain(|j| !drop.contains(j));
}

/// Add-and-drop local search until no move saves money.
fn improve_cover(p: &CoverProblem, chosen: &mut Vec<usize>) {
    let n = p.n_candidates();
    let mut in_sol = vec![false; n];
    for &j in chosen.iter() {
        in_sol[j] = true;
    }
    let mut counts = p.cover_counts(chosen);
    let mut order: Vec<usize> = (0..n).filter(|&j| !p.set(j).is_empty()).collect();
    order.sort_by(|&a, &b| p.costs()[a].total_cmp(&p.costs()[b]).then(a.cmp(&b)));
    let mut touched: Vec<usize> = Vec::new();
    let mut seen = vec![false; n];
    for _pass in 0..50 {
        let mut improved = false;
        for &k in &order {
            if in_sol[k] {
                continue;
            }
            // The chosen candidates sharing a demand with k, dearest first.
            touched.clear();
            for &i in p.set(k) {
                for &j in p.covering(i as usize) {
                    let j = j as usize;
                    if in_sol[j] && !seen[j] {
                        seen[j] = true;
                        touched.push(j);
                    }
                }
            }
            for &j in &touched {
                seen[j] = false;
            }
            let ck = p.costs()[k];
            // Quick reject: even dropping all of them cannot pay for k.
            if touched.iter().map(|&j| p.costs()[j]).sum::<f64>() <= ck + EPS {
                continue;
            }
            touched.sort_by(|&a, &b| p.costs()[b].total_cmp(&p.costs()[a]).then(a.cmp(&b)));
            for &i in p.set(k) {
                counts[i as usize] += 1;
            }
            let mut saving = 0.0;
            let mut dropped = Vec::new();
            for &j in &touched {
                if p.set(j).iter().all(|&i| counts[i as usize] >= 2) {
                    for &i in p.set(j) {
                        counts[i as usize] -= 1;
                    }
                    saving += p.costs()[j];
                    dropped.push(j);
                }
            }
            if saving > ck + EPS * ck.max(1.0) {
                in_sol[k] = true;
                for &j in &dropped {
                    in_sol[j] = false;
                }
                improved = true;
            } else {
                for &j in &dropped {
                    for &i in p.set(j) {
                        counts[i as usize] += 1;
                    }
                }
                for &i in p.set(k) {
                    counts[i as usize] -= 1;
                }
            }
        }
        if !improved {
            break;
        }
    }
    *chosen = (0..n).filter(|&j| in_sol[j]).collect();
}

/// Greedy on Lagrangian costs with the Caprara–Fischetti–Toth score.
fn lagrangian_greedy(p: &CoverProblem, u: &[f64]) -> Vec<usize> {
    let n = p.n_candidates();
    let m = p.n_demands();
    let mut covered: Vec<bool> = (0..m).map(|i| !p.coverable(i)).collect();
    let mut left = covered.iter().filter(|c| !**c).count();
    let mut mu: Vec<u32> = (0..n).map(|j| p.set(j).len() as u32).collect();
    let mut sigma: Vec<f64> = (0..n)
        .map(|j| p.set(j).iter().map(|&i| u[i as usize]).sum())
        .collect();
    let mut chosen = Vec::new();
    while left > 0 {
        let mut best = (f64::INFINITY, usize::MAX);
        for j in 0..n {
            if mu[j] == 0 {
                continue;
            }
            let g = p.costs()[j] - sigma[j];
            let s = if g > 0.0 {
                g / mu[j] as f64
            } else {
                g * mu[j] as f64
            };
            if s < best.0 {
                best = (s, j);
            }
        }
        let j = best.1;
        if j == usize::MAX {
            break;
        }
        chosen.push(j);
        for &i in p.set(j) {
            let i = i as usize;
            if !covered[i] {
                covered[i] = true;
                left -= 1;
                for &k in p.covering(i) {
                    mu[k as usize] -= 1;
                    sigma[k as usize] -= u[i];
                }
            }
        }
    }
    let mut counts = p.cover_counts(&chosen);
    remove_redundant(p, &mut chosen, &mut counts);
    chosen
}

/// Subgradient optimisation of the set cover's Lagrangian dual. Calls
/// `visit(u)` every ten iterations; returns the best bound and its
/// multipliers.
fn cover_lagrangian(
    p: &CoverProblem,
    upper: f64,
    iterations: usize,
    mut visit: impl FnMut(&[f64]),
) -> (f64, Vec<f64>) {
    let n = p.n_candidates();
    let m = p.n_demands();
    let active: Vec<bool> = (0..m).map(|i| p.coverable(i)).collect();
    let mut u: Vec<f64> = (0..m)
        .map(|i| {
            p.covering(i)
                .iter()
                .map(|&j| p.costs()[j as usize] / p.set(j as usize).len() as f64)
                .fold(f64::INFINITY, f64::min)
        })
        .map(|x| if x.is_finite() { x } else { 0.0 })
        .collect();
    let mut best = (f64::NEG_INFINITY, u.clone());
    let mut lambda = 1.0;
    let mut best_seen = f64::NEG_INFINITY;
    let mut stall = 0;
    let mut r = vec![0.0; n];
    let mut g = vec![0.0; m];
    for it in 0..iterations {
        let mut l: f64 = (0..m).filter(|&i| active[i]).map(|i| u[i]).sum();
        for j in 0..n {
            r[j] = p.costs()[j] - p.set(j).iter().map(|&i| u[i as usize]).sum::<f64>();
            if r[j] < 0.0 {
                l += r[j];
            }
        }
        if l > best.0 {
            best = (l, u.clone());
        }
        if it % 10 == 0 {
            visit(&u);
        }
        if upper - best.0 <= EPS * upper.abs().max(1.0) {
            break;
        }
        for (i, gi) in g.iter_mut().enumerate() {
            *gi = if active[i] { 1.0 } else { 0.0 };
        }
        for j in 0..n {
            if r[j] < 0.0 {
                for &i in p.set(j) {
                    g[i as usize] -= 1.0;
                }
            }
        }
        let mut norm = 0.0;
        for i in 0..m {
            if u[i] <= 0.0 && g[i] < 0.0 {
                g[i] = 0.0;
            }
            norm += g[i] * g[i];
        }
        if norm == 0.0 {
            break; // u is optimal for the dual
        }
        let t = lambda * (upper - l).max(EPS * upper.abs().max(1.0)) / norm;
        for i in 0..m {
            u[i] = (u[i] + t * g[i]).max(0.0);
        }
        if l > best_seen + EPS * best_seen.abs().max(1.0) {
            best_seen = l;
            stall = 0;
        } else {
            stall += 1;
            if stall >= 25 {
                lambda /= 2.0;
                stall = 0;
                if lambda < 1e-5 {
                    break;
                }
            }
        }
    }
    (best.0.max(0.0), best.1)
}

fn run_cover(p: &CoverProblem, iterations: usize) -> HeuristicResult {
    let mut best = greedy_cover(p);
    improve_cover(p, &mut best);
    let mut best_cost = p.cost_of(&best);
    let mut candidates: Vec<Vec<usize>> = Vec::new();
    let (lb, u) = cover_lagrangian(p, best_cost, iterations, |u| {
        candidates.push(lagrangian_greedy(p, u));
    });
    candidates.push(lagrangian_greedy(p, &u));
    // Local search on the distinct constructions, cheapest first.
    candidates.sort_by(|a, b| p.cost_of(a).total_cmp(&p.cost_of(b)));
    candidates.dedup();
    for mut c in candidates.into_iter().take(12) {
        improve_cover(p, &mut c);
        let cost = p.cost_of(&c);
        if cost < best_cost - EPS {
            best_cost = cost;
            best = c;
        }
    }
    HeuristicResult {
        chosen: best,
        bound: lb.min(best_cost),
    }
}

// --------------------------------------------------------- maximal covering

pub(crate) fn greedy_budget(p: &CoverProblem, budget: f64) -> Vec<usize> {
    let m = p.n_demands();
    let mut covered = vec![false; m];
    let mut spent = 0.0;
    let mut chosen: Vec<usize> = Vec::new();
    let n = p.n_candidates();
    let mut taken = vec![false; n];
    loop {
        let mut best = (0.0, usize::MAX);
        for j in 0..n {
            let c = p.costs()[j];
            if taken[j] || spent + c > budget + EPS {
                continue;
            }
            let gain: f64 = p
                .set(j)
                .iter()
                .filter(|&&i| !covered[i as usize])
                .map(|&i| p.weights()[i as usize])
                .sum();
            if gain <= 0.0 {
                continue;
            }
            let ratio = if c <= 0.0 { f64::INFINITY } else { gain / c };
            if ratio > best.0 {
                best = (ratio, j);
            }
        }
        let j = best.1;
        if j == usize::MAX {
            break;
        }
        taken[j] = true;
        spent += p.costs()[j];
        chosen.push(j);
        for &i in p.set(j) {
            covered[i as usize] = true;
        }
    }
    // The best single candidate within budget, if it beats the greedy.
    let single = (0..n)
        .filter(|&j| p.costs()[j] <= budget + EPS)
        .max_by(|&a, &b| {
            let wa: f64 = p.set(a).iter().map(|&i| p.weights()[i as usize]).sum();
            let wb: f64 = p.set(b).iter().map(|&i| p.weights()[i as usize]).sum();
            wa.total_cmp(&wb).then(b.cmp(&a))
        });
    if let Some(s) = single {
        if p.covered_weight(&[s]) > p.covered_weight(&chosen) + EPS {
            return vec![s];
        }
    }
    chosen
}

/// Swap one chosen candidate for a better unchosen one, then fill the
/// budget greedily, until nothing improves.
fn improve_budget(p: &CoverProblem, budget: f64, chosen: &mut Vec<usize>) {
    let n = p.n_candidates();
    for _pass in 0..20 {
        let mut improved = false;
        let mut counts = p.cover_counts(chosen);
        let mut spent = p.cost_of(chosen);
        let mut idx = 0;
        while idx < chosen.len() {
            let j = chosen[idx];
            let loss: f64 = p
                .set(j)
                .iter()
                .filter(|&&i| counts[i as usize] == 1)
                .map(|&i| p.weights()[i as usize])
                .sum();
            for &i in p.set(j) {
                counts[i as usize] -= 1;
            }
            let room = budget - (spent - p.costs()[j]);
            let mut best = (loss + EPS * loss.max(1.0), usize::MAX);
            for k in 0..n {
                if k == j || p.costs()[k] > room + EPS || chosen.contains(&k) {
                    continue;
                }
                let gain: f64 = p
                    .set(k)
                    .iter()
                    .filter(|&&i| counts[i as usize] == 0)
                    .map(|&i| p.weights()[i as usize])
                    .sum();
                if gain > best.0 {
                    best = (gain, k);
                }
            }
            if best.1 != usize::MAX {
                let k = best.1;
                spent += p.costs()[k] - p.costs()[j];
                chosen[idx] = k;
                for &i in p.set(k) {
                    counts[i as usize] += 1;
                }
                improved = true;
            } else {
                for &i in p.set(j) {
                    counts[i as usize] += 1;
                }
            }
            idx += 1;
        }
        // Fill what budget is left.
        loop {
            let mut best = (0.0, usize::MAX);
            for k in 0..n {
                if p.costs()[k] > budget - spent + EPS || chosen.contains(&k) {
                    continue;
                }
                let gain: f64 = p
                    .set(k)
                    .iter()
                    .filter(|&&i| counts[i as usize] == 0)
                    .map(|&i| p.weights()[i as usize])
                    .sum();
                if gain > best.0 {
                    best = (gain, k);
                }
            }
            if best.1 == usize::MAX {
                break;
            }
            let k = best.1;
            chosen.push(k);
            spent += p.costs()[k];
            for &i in p.set(k) {
                counts[i as usize] += 1;
            }
            improved = true;
        }
        if !improved {
            break;
        }
    }
}

/// Upper bound on the weight within `budget`: the covering links relaxed
/// with multipliers μ ∈ [0, w], the rest a fractional knapsack.
fn budget_lagrangian(p: &CoverProblem, budget: f64, lower: f64, iterations: usize) -> f64 {
    let n = p.n_candidates();
    let m = p.n_demands();
    let w = p.weights();
    let mut mu: Vec<f64> = w.to_vec();
    let mut best = f64::INFINITY;
    let mut lambda = 1.0;
    let mut order: Vec<usize> = (0..n).collect();
    let mut v = vec![0.0; n];
    let mut x = vec![0.0; n];
    let mut stall = 0;
    for _ in 0..iterations.max(1) {
        let mut l: f64 = (0..m).map(|i| (w[i] - mu[i]).max(0.0)).sum();
        for j in 0..n {
            v[j] = p.set(j).iter().map(|&i| mu[i as usize]).sum();
            x[j] = 0.0;
        }
        order.sort_by(|&a, &b| {
            let ra = v[a] / p.costs()[a].max(1e-12);
            let rb = v[b] / p.costs()[b].max(1e-12);
            rb.total_cmp(&ra).then(a.cmp(&b))
        });
        let mut room = budget;
        for &j in &order {
            if v[j] <= 0.0 {
                break;
            }
            let c = p.costs()[j];
            if c <= room {
                x[j] = 1.0;
                room -= c;
                l += v[j];
            } else {
                let f = if c > 0.0 { room / c } else { 1.0 };
                x[j] = f;
                l += f * v[j];
                break;
            }
        }
        if l < best - EPS {
            best = l;
            stall = 0;
        } else {
            stall += 1;
            if stall >= 20 {
                lambda /= 2.0;
                stall = 0;
            }
        }
        if best - lower <= EPS * best.max(1.0) || lambda < 1e-6 {
            break;
        }
        // Subgradient of L in μ: Σ_j a_ij x_j − y_i.
        let mut g = vec![0.0; m];
        for i in 0..m {
            g[i] = -if w[i] - mu[i] > 0.0 { 1.0 } else { 0.0 };
        }
        for j in 0..n {
            if x[j] > 0.0 {
                for &i in p.set(j) {
                    g[i as usize] += x[j];
                }
            }
        }
        let norm: f64 = g.iter().map(|x| x * x).sum();
        if norm == 0.0 {
            break;
        }
        let t = lambda * (l - lower).max(EPS) / norm;
        for i in 0..m {
            mu[i] = (mu[i] - t * g[i]).clamp(0.0, w[i]);
        }
    }
    best.max(lower)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{generate_case, CaseConfig};
    use crate::solve::solve_exhaustive;

    #[test]
    fn local_search_never_worsens_and_stays_feasible() {
        let case = generate_case(&CaseConfig {
            seed: 5,
            candidates: 400,
            villages: 150,
            ..CaseConfig::default()
        });
        let p = &case.problem;
        let g = greedy_cover(p);
        let mut h = g.clone();
        improve_cover(p, &mut h);
        assert!(p.covers_all(&h));
        assert!(p.cost_of(&h) <= p.cost_of(&g));
        let r = run_cover(p, 300);
        assert!(p.covers_all(&r.chosen));
        assert!(r.bound <= p.cost_of(&r.chosen));
    }

    #[test]
    fn lagrangian_bounds_hold_against_exhaustive_search() {
        for seed in 0..6 {
            let case = generate_case(&CaseConfig {
                seed,
                candidates: 16,
                villages: 25,
                side_km: Some(12.0),
                ..CaseConfig::default()
            });
            let p = &case.problem;
            let ex = solve_exhaustive(p, Objective::CoverAll).unwrap();
            let lb = lagrangian_bound(p, Objective::CoverAll, 400);
            assert!(lb <= ex.cost + 1e-6, "seed {seed}: {lb} > {}", ex.cost);
            let budget = ex.cost / 2.0;
            let ex2 = solve_exhaustive(p, Objective::MaxWeight { budget }).unwrap();
            let ub = lagrangian_bound(p, Objective::MaxWeight { budget }, 400);
            assert!(
                ub >= ex2.covered_weight - 1e-6,
                "seed {seed}: {ub} < {}",
                ex2.covered_weight
            );
        }
    }
}
