//! The large-case benchmark: generates the seeded 5,000 candidates × 2,000
//! villages case and solves it with every method, printing cost, bound,
//! gap and time.
//!
//! ```text
//! cargo run --release -p hatang-planner --example large_case [SEED] [RADIUS_SCALE] [TIME_LIMIT_S]
//! ```
use hatang_planner::generate::{generate_case, CaseConfig};
use hatang_planner::solve::{gap, lp_bound, solve, Method, Objective, SolveOptions};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let seed = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(7);
    let radius_scale = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1.0);
    let time_limit_s = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(45.0);
    let t = Instant::now();
    let case = generate_case(&CaseConfig {
        seed,
        radius_scale,
        ..CaseConfig::default()
    });
    let p = &case.problem;
    let nnz: usize = p.sets().iter().map(|s| s.len()).sum();
    println!(
        "seed {seed}: {} candidates x {} villages, {nnz} coverage pairs, generated in {:.2} s",
        p.n_candidates(),
        p.n_demands(),
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let lp = lp_bound(p, Objective::CoverAll).expect("LP");
    println!(
        "LP relaxation {lp:.1} in {:.2} s",
        t.elapsed().as_secs_f64()
    );
    for method in [Method::Greedy, Method::Heuristic, Method::Auto] {
        let opts = SolveOptions {
            method,
            time_limit_s,
            ..SolveOptions::default()
        };
        let s = solve(p, Objective::CoverAll, &opts).expect("solve");
        println!(
            "{method:?}: cost {} ({} sites), bound {:.1} ({:?}), gap {:.4}, gap vs LP {:.4}, {:.2} s{}",
            s.cost,
            s.chosen.len(),
            s.bound,
            s.bound_source,
            s.gap,
            gap(Objective::CoverAll, s.cost, lp),
            s.seconds,
            if s.proven_optimal { ", proven optimal" } else { "" }
        );
    }
}
