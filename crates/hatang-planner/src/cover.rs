//! The covering problem as plain data: candidates with costs, the demands
//! (villages) each would cover, and the demands' weights (people).
//!
//! Everything the solvers need and nothing about radio: a caller may build
//! one by hand, from the propagation models ([`crate::plan`]) or from the
//! seeded generator ([`crate::generate`]).

use crate::PlannerError;
use serde::{Deserialize, Serialize};

/// Candidates × demands coverage sets with costs and weights.
///
/// ```
/// use hatang_planner::cover::CoverProblem;
/// // Three candidates over four villages.
/// let p = CoverProblem::new(
///     vec![3.0, 2.0, 2.0],
///     vec![vec![0, 1, 2, 3], vec![0, 1], vec![2, 3]],
///     vec![100.0, 200.0, 300.0, 400.0],
/// ).unwrap();
/// assert_eq!(p.cost_of(&[1, 2]), 4.0);
/// assert!(p.covers_all(&[0]));
/// assert_eq!(p.covered_weight(&[1]), 300.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoverProblem {
    costs: Vec<f64>,
    sets: Vec<Vec<u32>>,
    weights: Vec<f64>,
    /// For each demand, the candidates covering it (sorted).
    #[serde(skip)]
    by_demand: Vec<Vec<u32>>,
}

impl CoverProblem {
    /// A problem: `costs[j]` and `sets[j]` (demand indices, any order,
    /// duplicates ignored) per candidate, `weights[i]` per demand.
    /// Refuses negative or non-finite costs and weights and indices out of
    /// range.
    ///
    /// ```
    /// use hatang_planner::cover::CoverProblem;
    /// assert!(CoverProblem::new(vec![1.0], vec![vec![5]], vec![1.0]).is_err());
    /// assert!(CoverProblem::new(vec![-1.0], vec![vec![0]], vec![1.0]).is_err());
    /// ```
    pub fn new(
        costs: Vec<f64>,
        mut sets: Vec<Vec<u32>>,
        weights: Vec<f64>,
    ) -> Result<CoverProblem, PlannerError> {
        if costs.len() != sets.len() {
            return Err(PlannerError::BadProblem(format!(
                "{} costs for {} candidates",
                costs.len(),
                sets.len()
            )));
        }
        if let Some((j, c)) = costs
            .iter()
            .enumerate()
            .find(|(_, c)| !(c.is_finite() && **c >= 0.0))
        {
            return Err(PlannerError::BadProblem(format!(
                "candidate {j} costs {c}: costs must be finite and not negative"
            )));
        }
        if let Some((i, w)) = weights
            .iter()
            .enumerate()
            .find(|(_, w)| !(w.is_finite() && **w >= 0.0))
        {
            return Err(PlannerError::BadProblem(format!(
                "demand {i} weighs {w}: weights must be finite and not negative"
            )));
        }
        let m = weights.len();
        let mut by_demand = vec![Vec::new(); m];
        for (j, s) in sets.iter_mut().enumerate() {
            s.sort_unstable();
            s.dedup();
            for &i in s.iter() {
                let Some(list) = by_demand.get_mut(i as usize) else {
                    return Err(PlannerError::BadProblem(format!(
                        "candidate {j} covers demand {i} of {m}"
                    )));
                };
                list.push(j as u32);
            }
        }
        Ok(CoverProblem {
            costs,
            sets,
            weights,
            by_demand,
        })
    }

    /// Rebuilds the demand index after deserialising.
    ///
    /// ```
    /// use hatang_planner::cover::CoverProblem;
    /// let p = CoverProblem::new(vec![1.0], vec![vec![0]], vec![1.0]).unwrap();
    /// let s = serde_json::to_string(&p).unwrap();
    /// let q: CoverProblem = serde_json::from_str(&s).unwrap();
    /// assert_eq!(q.reindexed().unwrap(), p);
    /// ```
    pub fn reindexed(self) -> Result<CoverProblem, PlannerError> {
        CoverProblem::new(self.costs, self.sets, self.weights)
    }

    /// Number of candidates.
    pub fn n_candidates(&self) -> usize {
        self.costs.len()
    }

    /// Number of demands.
    pub fn n_demands(&self) -> usize {
        self.weights.len()
    }

    /// Candidate costs.
    pub fn costs(&self) -> &[f64] {
        &self.costs
    }

    /// The demands candidate `j` covers, sorted.
    pub fn set(&self, j: usize) -> &[u32] {
        &self.sets[j]
    }

    /// Every candidate's set.
    pub fn sets(&self) -> &[Vec<u32>] {
        &self.sets
    }

    /// Demand weights.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// The candidates covering demand `i`, sorted.
    pub fn covering(&self, i: usize) -> &[u32] {
        &self.by_demand[i]
    }

    /// Whether some candidate covers demand `i`.
    pub fn coverable(&self, i: usize) -> bool {
        !self.by_demand[i].is_empty()
    }

    /// The demands no candidate covers.
    ///
    /// ```
    /// use hatang_planner::cover::CoverProblem;
    /// let p = CoverProblem::new(vec![1.0], vec![vec![1]], vec![1.0, 1.0]).unwrap();
    /// assert_eq!(p.uncoverable(), vec![0]);
    /// ```
    pub fn uncoverable(&self) -> Vec<usize> {
        (0..self.n_demands())
            .filter(|&i| !self.coverable(i))
            .collect()
    }

    /// Total cost of a choice of candidates.
    pub fn cost_of(&self, chosen: &[usize]) -> f64 {
        chosen.iter().map(|&j| self.costs[j]).sum()
    }

    /// How many chosen candidates cover each demand.
    pub fn cover_counts(&self, chosen: &[usize]) -> Vec<u32> {
        let mut n = vec![0u32; self.n_demands()];
        for &j in chosen {
            for &i in &self.sets[j] {
                n[i as usize] += 1;
            }
        }
        n
    }

    /// Whether `chosen` covers every coverable demand.
    pub fn covers_all(&self, chosen: &[usize]) -> bool {
        self.cover_counts(chosen)
            .iter()
            .enumerate()
            .all(|(i, &n)| n > 0 || !self.coverable(i))
    }

    /// Total weight of the demands `chosen` covers.
    pub fn covered_weight(&self, chosen: &[usize]) -> f64 {
        self.cover_counts(chosen)
            .iter()
            .zip(&self.weights)
            .filter(|(n, _)| **n > 0)
            .map(|(_, w)| w)
            .sum()
    }

    /// Number of demands `chosen` covers.
    pub fn covered_count(&self, chosen: &[usize]) -> usize {
        self.cover_counts(chosen).iter().filter(|n| **n > 0).count()
    }
}
