//! One module per command.

use crate::{Cli, Command};
use std::process::ExitCode;

pub mod coverage;
pub mod data;
pub mod demo;
pub mod loss;
pub mod plan;
pub mod report;
pub mod serve;

/// Runs the parsed command.
pub fn run(cli: &Cli) -> anyhow::Result<ExitCode> {
    match &cli.command {
        Command::Demo(a) => demo::run(cli, a),
        Command::Import(a) => data::import(cli, a),
        Command::Export(a) => data::export(cli, a),
        Command::Units(a) => data::units(cli, a),
        Command::Loss(a) => loss::run(a),
        Command::Plan(a) => plan::run(cli, a),
        Command::Serve(a) => serve::run(cli, a),
        Command::Report(a) => report::run(cli, a),
        Command::Coverage(a) => coverage::run(cli, a),
    }
}
