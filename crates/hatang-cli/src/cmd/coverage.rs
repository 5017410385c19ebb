//! `hatang coverage` (owned by the coverage engine's developer).

use crate::Cli;
use std::process::ExitCode;

/// Arguments of `hatang coverage`.
#[derive(clap::Args, Debug)]
pub struct CoverageArgs {
    /// Latitude of a site given on the command line.
    #[arg(long)]
    pub lat: Option<f64>,
}

/// Runs `hatang coverage`.
pub fn run(_cli: &Cli, _args: &CoverageArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("coverage engine not built yet")
}
