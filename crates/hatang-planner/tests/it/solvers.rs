//! The solvers against exhaustive search, and greedy against the optimum.

use hatang_core::rng::Rng;
use hatang_planner::cover::CoverProblem;
use hatang_planner::generate::{generate_case, CaseConfig};
use hatang_planner::solve::{
    solve, solve_exhaustive, BoundSource, Method, Objective, SolveOptions,
};
use proptest::prelude::*;

/// A random spatial case small enough for exhaustive search.
fn small_case(seed: u64, n: usize, m: usize) -> CoverProblem {
    let mut r = Rng::new(seed);
    let villages: Vec<(f64, f64)> = (0..m)
        .map(|_| (r.range(0.0, 10.0), r.range(0.0, 10.0)))
        .collect();
    let mut costs = Vec::new();
    let mut sets = Vec::new();
    for _ in 0..n {
        let (x, y) = (r.range(0.0, 10.0), r.range(0.0, 10.0));
        let radius = r.range(1.5, 4.0);
        let set: Vec<u32> = villages
            .iter()
            .enumerate()
            .filter(|(_, v)| (v.0 - x).hypot(v.1 - y) <= radius * (0.3 * r.normal()).exp())
            .map(|(i, _)| i as u32)
            .collect();
        costs.push([400.0, 700.0, 1200.0][r.below(3)] * r.range(0.9, 1.1));
        sets.push(set);
    }
    let weights = (0..m).map(|_| r.range(300.0, 2000.0).round()).collect();
    CoverProblem::new(costs, sets, weights).unwrap()
}

fn milp() -> SolveOptions {
    SolveOptions {
        method: Method::Milp,
        mip_gap: 0.0,
        ..SolveOptions::default()
    }
}

#[test]
fn issue7_milp_finds_the_exhaustive_optimum_on_small_cases() {
    for seed in 1..=12 {
        let p = small_case(seed, 18, 30);
        let ex = solve_exhaustive(&p, Objective::CoverAll).unwrap();
        let m = solve(&p, Objective::CoverAll, &milp()).unwrap();
        assert!(p.covers_all(&m.chosen), "seed {seed}");
        assert!(
            (m.cost - ex.cost).abs() < 1e-6,
            "seed {seed}: MILP {} vs exhaustive {}",
            m.cost,
            ex.cost
        );
        assert!(
            m.proven_optimal && m.gap < 1e-6,
            "seed {seed}: gap {}",
            m.gap
        );
        assert_eq!(m.bound_source, BoundSource::Milp);
        // Maximal covering with half the optimum's cost as budget.
        let obj = Objective::MaxWeight {
            budget: ex.cost / 2.0,
        };
        let ex2 = solve_exhaustive(&p, obj).unwrap();
        let m2 = solve(&p, obj, &milp()).unwrap();
        assert!(p.cost_of(&m2.chosen) <= ex.cost / 2.0 + 1e-6);
        assert!(
            (m2.covered_weight - ex2.covered_weight).abs() < 1e-6,
            "seed {seed}: MILP {} vs exhaustive {}",
            m2.covered_weight,
            ex2.covered_weight
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// Every method gives a feasible plan, no better than the optimum,
    /// and a bound on the right side of it.
    #[test]
    fn issue7_every_method_is_feasible_and_bounded(seed in 0u64..10_000, n in 2usize..14, m in 1usize..25) {
        let p = small_case(seed, n, m);
        let ex = solve_exhaustive(&p, Objective::CoverAll).unwrap();
        for method in [Method::Auto, Method::Heuristic, Method::Greedy, Method::Milp] {
            let s = solve(&p, Objective::CoverAll, &SolveOptions { method, ..SolveOptions::default() }).unwrap();
            prop_assert!(p.covers_all(&s.chosen));
            prop_assert!(s.cost >= ex.cost - 1e-6);
            prop_assert!(s.bound <= ex.cost + 1e-6, "{:?} bound {} above the optimum {}", method, s.bound, ex.cost);
            prop_assert!(s.gap >= 0.0);
            prop_assert_eq!(s.uncoverable.clone(), ex.uncoverable.clone());
        }
        let budget = ex.cost * 0.6;
        let obj = Objective::MaxWeight { budget };
        let ex2 = solve_exhaustive(&p, obj).unwrap();
        for method in [Method::Auto, Method::Heuristic, Method::Greedy] {
            let s = solve(&p, obj, &SolveOptions { method, ..SolveOptions::default() }).unwrap();
            prop_assert!(s.cost <= budget + 1e-6);
            prop_assert!(s.covered_weight <= ex2.covered_weight + 1e-6);
            prop_assert!(s.bound >= ex2.covered_weight - 1e-6, "{:?} bound {} below the optimum {}", method, s.bound, ex2.covered_weight);
        }
    }
}

#[test]
fn issue7_greedy_alone_is_not_optimal_on_a_generated_case() {
    let case = generate_case(&CaseConfig {
        seed: 3,
        candidates: 500,
        villages: 200,
        ..CaseConfig::default()
    });
    let p = &case.problem;
    let greedy = solve(
        p,
        Objective::CoverAll,
        &SolveOptions {
            method: Method::Greedy,
            ..SolveOptions::default()
        },
    )
    .unwrap();
    let opt = solve(p, Objective::CoverAll, &milp()).unwrap();
    assert!(opt.proven_optimal);
    assert!(p.covers_all(&greedy.chosen) && p.covers_all(&opt.chosen));
    assert!(
        greedy.cost > opt.cost + 1.0,
        "greedy {} should cost more than the optimum {}",
        greedy.cost,
        opt.cost
    );
    // The heuristic with local search lands closer, and Auto is optimal.
    let h = solve(
        p,
        Objective::CoverAll,
        &SolveOptions {
            method: Method::Heuristic,
            ..SolveOptions::default()
        },
    )
    .unwrap();
    assert!(h.cost <= greedy.cost && h.cost >= opt.cost - 1e-6);
    assert!(h.lp_bound.unwrap() <= opt.cost + 1e-6);
    let auto = solve(p, Objective::CoverAll, &SolveOptions::default()).unwrap();
    assert!((auto.cost - opt.cost).abs() < 1e-6 || auto.gap <= 0.002);
}

#[test]
fn issue7_generated_cases_are_seeded_spatial_and_overlapping() {
    let cfg = CaseConfig {
        seed: 11,
        candidates: 800,
        villages: 300,
        ..CaseConfig::default()
    };
    let a = generate_case(&cfg);
    assert_eq!(a, generate_case(&cfg));
    let b = generate_case(&CaseConfig {
        seed: 12,
        ..cfg.clone()
    });
    assert_ne!(a.problem, b.problem);
    let p = &a.problem;
    assert!(p.uncoverable().is_empty());
    // Sets overlap: villages are covered by several candidates on average.
    let mean_cover = (0..p.n_demands())
        .map(|i| p.covering(i).len())
        .sum::<usize>() as f64
        / p.n_demands() as f64;
    assert!(mean_cover > 3.0, "mean cover {mean_cover}");
    // Spatial: a candidate covers only villages near it.
    for (j, c) in a.candidates.iter().enumerate() {
        for &i in p.set(j) {
            let v = a.villages[i as usize];
            let d = (v.0 - c.x_km).hypot(v.1 - c.y_km);
            assert!(d <= c.radius_km * 2.5 + 1e-9 || p.covering(i as usize).len() == 1);
        }
    }
    // Costs vary by kind: co-location is the cheapest on average.
    let mean = |k| {
        let v: Vec<f64> = a
            .candidates
            .iter()
            .zip(p.costs())
            .filter(|(c, _)| c.kind == k)
            .map(|(_, &x)| x)
            .collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    use hatang_planner::generate::GeneratedKind::*;
    assert!(mean(Colocation) < mean(Planned) && mean(Planned) < mean(NewTower));
}

#[test]
fn issue7_uncoverable_villages_are_reported_not_planned() {
    let p = CoverProblem::new(
        vec![1.0, 2.0],
        vec![vec![0], vec![0, 1]],
        vec![1.0, 1.0, 1.0],
    )
    .unwrap();
    let s = solve(&p, Objective::CoverAll, &SolveOptions::default()).unwrap();
    assert_eq!(s.uncoverable, vec![2]);
    assert_eq!(s.chosen, vec![1]);
}
