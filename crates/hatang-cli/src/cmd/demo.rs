//! `hatang demo`: builds the demo province in the data directory.

use crate::Cli;
use anyhow::Context;
use hatang_core::terrain::{Elevation, LoadOptions, Tile};
use hatang_data::bundled;
use hatang_data::demo::{generate, DemoConfig};
use hatang_store::{SqliteStore, Store};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `hatang demo`.
#[derive(clap::Args, Debug)]
pub struct DemoArgs {
    /// Seed of the demo model: the same seed gives the same content.
    #[arg(long, default_value_t = DemoConfig::default().seed)]
    pub seed: u64,
}

/// The database file in a data directory.
pub fn db_path(dir: &Path) -> PathBuf {
    dir.join("hatang.db")
}

/// The terrain folder in a data directory (the demo puts the bundled SRTM tile there).
pub fn dem_dir(dir: &Path) -> PathBuf {
    dir.join("dem")
}

/// Builds the demo database afresh in `dir` and returns the generator's report.
pub fn build(dir: &Path, seed: u64) -> anyhow::Result<hatang_data::demo::DemoReport> {
    let t0 = Instant::now();
    let dem = dem_dir(dir);
    std::fs::create_dir_all(&dem)?;
    let tile_path = dem.join(bundled::SRTM_N21E105_NAME);
    if std::fs::read(&tile_path).ok().as_deref() != Some(bundled::SRTM_N21E105_HGT) {
        std::fs::write(&tile_path, bundled::SRTM_N21E105_HGT)
            .with_context(|| format!("writing {}", tile_path.display()))?;
    }
    let tile = Tile::from_hgt_bytes(
        bundled::SRTM_N21E105_NAME,
        bundled::SRTM_N21E105_HGT,
        &LoadOptions::default(),
    )?;
    let elevation = |p| tile.elevation(p).ok();
    let cfg = DemoConfig {
        seed,
        ..DemoConfig::default()
    };
    let demo = generate(&cfg, &elevation)?;

    let db = db_path(dir);
    for suffix in ["", "-wal", "-shm"] {
        let f = PathBuf::from(format!("{}{suffix}", db.display()));
        if f.exists() {
            std::fs::remove_file(&f).with_context(|| format!("removing {}", f.display()))?;
        }
    }
    let mut store = SqliteStore::open(&db).with_context(|| format!("opening {}", db.display()))?;
    store
        .apply(&demo.dataset, "demo")
        .context("storing the demo")?;
    store.close()?;
    eprintln!(
        "demo built in {:.1} s: {}",
        t0.elapsed().as_secs_f64(),
        db.display()
    );
    Ok(demo.report)
}

/// Runs `hatang demo`.
pub fn run(cli: &Cli, args: &DemoArgs) -> anyhow::Result<ExitCode> {
    let dir = cli.data_dir()?;
    let r = build(&dir, args.seed)?;
    println!(
        "Phú Thọ demo (seed {}), data directory {}",
        args.seed,
        dir.display()
    );
    println!("  communes: 148 (2025) with official codes; units before the reform and the merger mapping");
    println!(
        "  villages: {} ({} from OpenStreetMap, {} synthetic; {} especially difficult)",
        r.villages_osm + r.villages_synthetic,
        r.villages_osm,
        r.villages_synthetic,
        r.villages_difficult
    );
    println!(
        "  sites: {} synthetic towers, {} shared ({:.0} %), {} with 5G; {} sectors",
        r.sites,
        r.sites_shared,
        100.0 * r.sites_shared as f64 / r.sites.max(1) as f64,
        r.sites_5g,
        r.sectors
    );
    println!(
        "  BTS (operator × technology × site): {} in the province, {} in old Phú Thọ (reported 2022: 3,648)",
        r.bts_total, r.bts_old_phu_tho
    );
    println!(
        "  commune extents: approximate (power-diagram cells); area vs official: median ratio {:.2}, worst {:.1}",
        r.cell_area_ratio_median, r.cell_area_ratio_worst
    );
    if r.communes_outside_terrain.is_empty() {
        println!("  terrain: every commune centre lies on the loaded terrain");
    } else {
        println!(
            "  terrain: SRTM N21E105 covers {} of 148 communes; these {} lie outside it (their signal is unknown, never 'none'):",
            148 - r.communes_outside_terrain.len(),
            r.communes_outside_terrain.len()
        );
        let names: Vec<String> = r
            .communes_outside_terrain
            .iter()
            .map(|(c, n)| format!("{n} ({c})"))
            .collect();
        for chunk in names.chunks(6) {
            println!("    {}", chunk.join(", "));
        }
    }
    Ok(ExitCode::SUCCESS)
}
