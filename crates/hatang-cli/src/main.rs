//! `hatang`: plan and monitor a province's digital infrastructure.
//!
//! Thin glue: every command parses its arguments, calls the library crates
//! and prints. Only this crate uses `anyhow`.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

mod cmd;

/// hatang — digital infrastructure planning for Phú Thọ.
#[derive(Parser, Debug)]
#[command(name = "hatang", version, about)]
pub struct Cli {
    /// Data directory (database, computed coverage). Defaults to the user's
    /// data directory (e.g. ~/.local/share/hatang).
    #[arg(long, global = true, env = "HATANG_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the demo province (Phú Thọ, bundled data + seeded model) in the data directory.
    Demo(cmd::demo::DemoArgs),
    /// Import a file; it lands whole or not at all.
    Import(cmd::data::ImportArgs),
    /// Export a table as CSV or GeoJSON.
    Export(cmd::data::ExportArgs),
    /// Administrative units across the 2025 reform.
    Units(cmd::data::UnitsArgs),
    /// Basic transmission loss for a file of cases (reference check).
    Loss(cmd::loss::LossArgs),
    /// Write the scorecard (villages' classes, commune and province figures, targets, series) as CSV, GeoJSON and XLSX.
    Report(cmd::report::ReportArgs),
    /// Serve the API and the operations-centre dashboard.
    Serve(cmd::serve::ServeArgs),
    /// Plan new sites and upgrades that close the coverage gap at the least cost.
    Plan(cmd::plan::PlanArgs),
    /// Coverage rasters: one site given on the command line, a site of the
    /// store, an operator, or the whole province.
    Coverage(cmd::coverage::CoverageArgs),
}

impl Cli {
    /// The data directory, created if needed.
    pub fn data_dir(&self) -> anyhow::Result<PathBuf> {
        let dir = match &self.data_dir {
            Some(d) => d.clone(),
            None => dirs::data_dir()
                .ok_or_else(|| anyhow::anyhow!("no user data directory; pass --data-dir"))?
                .join("hatang"),
        };
        std::fs::create_dir_all(&dir)?;
        Ok(dir)
    }
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match cmd::run(&cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
