//! `hatang import`, `hatang export`, `hatang units resolve`.

use crate::cmd::demo::db_path;
use crate::Cli;
use anyhow::Context;
use hatang_core::model::Date;
use hatang_store::export::export_table;
use hatang_store::import::{import_file, ImportKind};
use hatang_store::{Format, SqliteStore, Store, Table};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `hatang import`.
#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// What the file holds: units, mappings, villages, operators, sites, sectors, zones, indicators.
    pub kind: String,
    /// The file (CSV — a spreadsheet's export is fine — or GeoJSON).
    pub file: PathBuf,
    /// Who is importing (kept in the history).
    #[arg(long, default_value = "cli")]
    pub actor: String,
}

/// Arguments of `hatang export`.
#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// Table: units, mappings, villages, operators, sites, sectors, zones, indicators, history.
    pub table: String,
    /// Format: csv or geojson.
    #[arg(long, default_value = "csv")]
    pub format: String,
    /// Write to this file instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Arguments of `hatang units`.
#[derive(clap::Args, Debug)]
pub struct UnitsArgs {
    #[command(subcommand)]
    pub command: UnitsCommand,
}

/// Subcommands of `hatang units`.
#[derive(clap::Subcommand, Debug)]
pub enum UnitsCommand {
    /// The unit versions a code leads to across the July 2025 reform.
    Resolve {
        /// Official code (zero-padded, e.g. 04813).
        code: String,
        /// The date at which to resolve (YYYY-MM-DD); default: today's units.
        #[arg(long)]
        at: Option<String>,
    },
}

fn open(cli: &Cli) -> anyhow::Result<SqliteStore> {
    let db = db_path(&cli.data_dir()?);
    SqliteStore::open(&db).with_context(|| format!("opening {}", db.display()))
}

fn parse_kind(s: &str) -> anyhow::Result<ImportKind> {
    ImportKind::ALL
        .into_iter()
        .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
        .with_context(|| {
            let all: Vec<&str> = ImportKind::ALL.iter().map(|k| k.as_str()).collect();
            format!("unknown kind '{s}' ({})", all.join(", "))
        })
}

/// Runs `hatang import`.
pub fn import(cli: &Cli, args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let kind = parse_kind(&args.kind)?;
    let mut store = open(cli)?;
    let result = import_file(&mut store, kind, &args.file, &args.actor);
    store.close()?;
    match result {
        Ok(report) => {
            println!("{report}");
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("import refused, nothing was changed:\n{e}");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// Runs `hatang export`.
pub fn export(cli: &Cli, args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let table: Table = args.table.parse().map_err(|e: String| anyhow::anyhow!(e))?;
    let format: Format = args
        .format
        .parse()
        .map_err(|e: String| anyhow::anyhow!(e))?;
    let store = open(cli)?;
    let mut out: Box<dyn Write> = match &args.out {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let n = export_table(&store, table, format, &mut out)?;
    out.flush()?;
    drop(out);
    if args.out.is_some() {
        eprintln!("{n} records");
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `hatang units`.
pub fn units(cli: &Cli, args: &UnitsArgs) -> anyhow::Result<ExitCode> {
    match &args.command {
        UnitsCommand::Resolve { code, at } => {
            let at: Option<Date> = at
                .as_deref()
                .map(|s| s.parse().map_err(|e: String| anyhow::anyhow!(e)))
                .transpose()?;
            let store = open(cli)?;
            let found = store.resolve(code, at)?;
            if found.is_empty() {
                eprintln!("no unit has code {code}");
                return Ok(ExitCode::FAILURE);
            }
            for r in found {
                let u = &r.unit;
                let to = u.valid_to.map(|d| d.to_string()).unwrap_or_default();
                println!(
                    "{}\t{} {}\t{}\t{}..{}\t{}\tshare {:.3}",
                    u.key.code,
                    u.unit_type,
                    u.name,
                    u.key.level.as_str(),
                    u.key.valid_from,
                    to,
                    r.kind.as_str(),
                    r.share
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
