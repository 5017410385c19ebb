//! `hatang plan --out DIR`: where the next sites go (least-cost cover of
//! the villages without 4G, or the most people within a budget) and which
//! existing sites get 5G first. Writes `plan.json`, `plan.geojson`,
//! `plan.csv` and `upgrades_5g.csv`.

use crate::Cli;
use anyhow::Context;
use hatang_core::model::Dataset;
use hatang_core::terrain::{Elevation, LoadOptions, Mosaic, Tile};
use hatang_data::bundled;
use hatang_planner::analysis::Scope;
use hatang_planner::candidates::read_planned_towers;
use hatang_planner::config::PlannerConfig;
use hatang_planner::output;
use hatang_planner::plan::{plan, PlanRequest, Progress};
use hatang_planner::solve::{Method, Objective};
use hatang_store::{SqliteStore, Store};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `hatang plan`.
#[derive(clap::Args, Debug)]
pub struct PlanArgs {
    /// Output directory (plan.json, plan.geojson, plan.csv, upgrades_5g.csv).
    #[arg(long)]
    pub out: PathBuf,
    /// Plan for one operator (its id, e.g. viettel); default: any operator.
    #[arg(long)]
    pub operator: Option<String>,
    /// Cover the most people within this budget (cost unit of the
    /// configuration, million VND by default) instead of every village.
    #[arg(long)]
    pub budget: Option<f64>,
    /// Planner configuration (JSON; every field optional).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// A passive-infrastructure plan: CSV with id,lat,lon[,height_m][,cost].
    #[arg(long)]
    pub planned_sites: Option<PathBuf>,
    /// Terrain directory (.hgt / .tif); default: the data directory's
    /// `dem/`, else the bundled SRTM tile.
    #[arg(long)]
    pub dem: Option<PathBuf>,
    /// Solver: auto (heuristic, then the MILP), milp, heuristic or greedy.
    #[arg(long, default_value = "auto")]
    pub method: String,
    /// Time limit of the MILP, seconds.
    #[arg(long)]
    pub time_limit: Option<f64>,
    /// Plan the demo province built in memory (bundled data and terrain)
    /// instead of the data directory's store.
    #[arg(long)]
    pub demo: bool,
}

fn load_dataset(cli: &Cli, args: &PlanArgs) -> anyhow::Result<Dataset> {
    if args.demo {
        let tile = bundled_tile()?;
        let d = hatang_data::demo::generate(&hatang_data::demo::DemoConfig::default(), &|p| {
            tile.elevation(p).ok()
        })?;
        return Ok(d.dataset);
    }
    let db = super::demo::db_path(&cli.data_dir()?);
    if !db.exists() {
        anyhow::bail!(
            "no database at {}: run `hatang demo` first, or pass --demo",
            db.display()
        );
    }
    let store = SqliteStore::open(&db).with_context(|| format!("opening {}", db.display()))?;
    let ds = Dataset {
        villages: store.villages(None)?,
        operators: store.operators()?,
        sites: store.sites()?,
        sectors: store.sectors(None, None)?,
        zones: store.zones()?,
        ..Dataset::default()
    };
    if ds.villages.is_empty() {
        anyhow::bail!(
            "the store at {} has no villages: run `hatang demo` or import villages first",
            db.display()
        );
    }
    Ok(ds)
}

fn bundled_tile() -> anyhow::Result<Tile> {
    Ok(Tile::from_hgt_bytes(
        bundled::SRTM_N21E105_NAME,
        bundled::SRTM_N21E105_HGT,
        &LoadOptions::default(),
    )?)
}

fn load_terrain(cli: &Cli, args: &PlanArgs) -> anyhow::Result<Box<dyn Elevation + Sync>> {
    let dir = match &args.dem {
        Some(d) => Some(d.clone()),
        None if !args.demo => {
            let d = super::demo::dem_dir(&cli.data_dir()?);
            d.is_dir().then_some(d)
        }
        None => None,
    };
    match dir {
        Some(d) => Ok(Box::new(
            Mosaic::load_dir(&d, &LoadOptions::default())
                .with_context(|| format!("loading terrain from {}", d.display()))?,
        )),
        None => Ok(Box::new(bundled_tile()?)),
    }
}

/// Runs `hatang plan`.
pub fn run(cli: &Cli, args: &PlanArgs) -> anyhow::Result<ExitCode> {
    let t0 = Instant::now();
    let mut cfg = match &args.config {
        Some(p) => serde_json::from_str::<PlannerConfig>(
            &std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?,
        )
        .with_context(|| format!("{}", p.display()))?,
        None => PlannerConfig::default(),
    };
    cfg.solve.method = match args.method.as_str() {
        "auto" => Method::Auto,
        "milp" => Method::Milp,
        "heuristic" => Method::Heuristic,
        "greedy" => Method::Greedy,
        m => anyhow::bail!("unknown method '{m}' (auto, milp, heuristic, greedy)"),
    };
    if let Some(t) = args.time_limit {
        cfg.solve.time_limit_s = t;
    }
    cfg.validate()?;
    let planned_towers = match &args.planned_sites {
        Some(p) => {
            let f = std::fs::File::open(p).with_context(|| format!("opening {}", p.display()))?;
            read_planned_towers(f, &p.display().to_string())?
        }
        None => Vec::new(),
    };
    let request = PlanRequest {
        scope: args.operator.clone().map_or(Scope::Any, Scope::Operator),
        objective: args
            .budget
            .map_or(Objective::CoverAll, |budget| Objective::MaxWeight {
                budget,
            }),
        planned_towers,
    };
    let dataset = load_dataset(cli, args)?;
    let dem = load_terrain(cli, args)?;

    let bar = ProgressBar::new(1);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg:40} [{bar:30}] {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let report = |p: Progress| {
        if bar.length() != Some(p.total) {
            bar.set_length(p.total);
            bar.set_message(p.stage.describe());
        }
        bar.set_position(p.done);
    };
    let result = plan(&dataset, dem.as_ref(), &cfg, &request, &report)?;
    bar.finish_and_clear();
    output::write_all(&result, &dataset, &args.out)?;

    println!(
        "{:<16} {:<11} {:<12} {:>10} {:>10} {:>8} {:>7}",
        "site", "kind", "operator", "lat", "lon", "cost", "villages"
    );
    for s in &result.sites {
        let c = &s.candidate;
        println!(
            "{:<16} {:<11} {:<12} {:>10.5} {:>10.5} {:>8} {:>7}",
            s.site_id,
            c.kind.as_str(),
            c.operator,
            c.point.lat,
            c.point.lon,
            c.cost,
            s.villages.len()
        );
    }
    let sol = &result.solution;
    println!(
        "{} sites, cost {} {}; {} of {} villages without signal covered ({} people); \
         gap {:.4} ({:?} bound {:.1}, {}); confirmed by the re-run: {}",
        result.sites.len(),
        result.cost,
        output::COST_UNIT,
        result.covered.len(),
        result.gaps.len(),
        sol.covered_weight,
        sol.gap,
        sol.bound_source,
        sol.bound,
        sol.method,
        if result.verified { "yes" } else { "NO" }
    );
    if !result.uncoverable.is_empty() {
        println!(
            "no candidate reaches {} villages: {}",
            result.uncoverable.len(),
            result.uncoverable.join(", ")
        );
    }
    println!(
        "villages covered before {} / after {} (unknown {}); 5G ranking: {} sites; written to {} in {:.1} s",
        result.before.province.good + result.before.province.fair,
        result.after.province.good + result.after.province.fair,
        result.after.province.unknown,
        result.five_g.len(),
        args.out.display(),
        t0.elapsed().as_secs_f64()
    );
    Ok(if result.verified {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
