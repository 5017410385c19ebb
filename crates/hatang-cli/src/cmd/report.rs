//! `hatang report --out DIR`: the province's scorecard (village coverage
//! classes, commune and province figures, targets, indicator series) as
//! CSV, GeoJSON and an XLSX workbook.
//!
//! Reads the store in the data directory (`hatang demo` builds one), takes
//! the point signals at the villages and zones from `--signals` /
//! `--zone-signals`, else from `DATA_DIR/signals/villages.csv` and
//! `DATA_DIR/signals/zones.csv` where a coverage run stored them, else
//! computes them with the coverage engine (ITM point to point over the
//! terrain in `DATA_DIR/dem`, the on-air sectors, receiver 1.5 m), writes
//! the report and prints a short summary. Signal files are CSV `point_id,operator,technology,dbm`
//! (an empty `dbm`: unknown; a row with empty operator and technology: a
//! point computed with nothing reaching it); sample points around a
//! village are named `VILLAGE_ID#k`.

use crate::Cli;
use anyhow::Context;
use hatang_core::model::Dataset;
use hatang_live::scorecard::{compute, ScorecardOptions};
use hatang_live::DataDir;
use hatang_scorecard::report::write_report;
use hatang_scorecard::targets::Status;
use hatang_scorecard::{Class, Scorecard, Service};
use hatang_store::{SqliteStore, Store};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `hatang report`.
#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// Folder to write the report into (created if needed).
    #[arg(long)]
    pub out: PathBuf,
    /// Scorecard configuration, TOML or JSON (thresholds, broadband
    /// technologies); defaults documented in hatang-scorecard.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Targets, TOML or JSON, replacing the default national and
    /// provincial ones.
    #[arg(long)]
    pub targets: Option<PathBuf>,
    /// Point signals at the villages (CSV), instead of the stored or
    /// computed ones.
    #[arg(long)]
    pub signals: Option<PathBuf>,
    /// Point signals at the zones (CSV).
    #[arg(long)]
    pub zone_signals: Option<PathBuf>,
    /// Period the scorecard describes: YYYY, YYYY-Qn or YYYY-MM. Default:
    /// the current quarter.
    #[arg(long)]
    pub period: Option<String>,
    /// Store this period's snapshot indicators (4G share of villages and
    /// people, shared towers) in the database, so that later reports show
    /// them as a series.
    #[arg(long)]
    pub record: bool,
    /// When computing point signals: sites within this distance count, km.
    #[arg(long, default_value_t = 15.0)]
    pub radius_km: f64,
    /// When computing point signals: sample points in each village's
    /// (approximate) extent, for the share of its surroundings covered (0:
    /// none; each sample costs as much as a village).
    #[arg(long, default_value_t = 0)]
    pub surroundings: usize,
    /// Write the point signals used into the report folder
    /// (signals_villages.csv, signals_zones.csv), to read back with
    /// --signals / --zone-signals.
    #[arg(long)]
    pub save_signals: bool,
    /// How many gap villages to list on the terminal.
    #[arg(long, default_value_t = 15)]
    pub show: usize,
}

/// The library's options for these arguments.
fn options(args: &ReportArgs) -> ScorecardOptions {
    ScorecardOptions {
        config: args.config.clone(),
        targets: args.targets.clone(),
        signals: args.signals.clone(),
        zone_signals: args.zone_signals.clone(),
        period: args.period.clone(),
        radius_km: args.radius_km,
        surroundings: args.surroundings,
        window: None,
    }
}

/// Runs `hatang report`.
pub fn run(cli: &Cli, args: &ReportArgs) -> anyhow::Result<ExitCode> {
    let dir = cli.data_dir()?;
    let c = compute(&DataDir::new(&dir), &options(args), &|m| eprintln!("{m}"))?;
    if args.save_signals {
        std::fs::create_dir_all(&args.out)?;
        for (name, m) in [
            ("signals_villages.csv", &c.village_signals),
            ("signals_zones.csv", &c.zone_signals),
        ] {
            let p = args.out.join(name);
            let f =
                std::fs::File::create(&p).with_context(|| format!("writing {}", p.display()))?;
            m.write_csv(std::io::BufWriter::new(f))
                .with_context(|| format!("writing {}", p.display()))?;
        }
    }
    let sc = &c.scorecard;
    let t2 = Instant::now();
    let written = write_report(sc, &args.out)
        .with_context(|| format!("writing the report to {}", args.out.display()))?;
    let t_scorecard = c.t_scorecard + t2.elapsed();

    if args.record {
        let db = crate::cmd::demo::db_path(&dir);
        let mut store =
            SqliteStore::open(&db).with_context(|| format!("opening {}", db.display()))?;
        let snapshot = Dataset {
            indicators: sc.snapshot.clone(),
            ..Dataset::default()
        };
        let s = store
            .apply(&snapshot, "report")
            .context("recording the snapshot")?;
        println!("recorded the {} snapshot: {s}", sc.period);
        store.close()?;
    }

    summary(sc, args.show);
    println!(
        "wrote {} files to {} (read {:.2} s, signals {:.2} s, scorecard and report {:.2} s)",
        written.len(),
        args.out.display(),
        c.t_read.as_secs_f64(),
        c.t_signals.as_secs_f64(),
        t_scorecard.as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

fn pct(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// The short summary on the terminal.
fn summary(sc: &Scorecard, show: usize) {
    let p = &sc.province;
    let total = p.all.total;
    let svc = |t| Service {
        technology: t,
        operator: None,
    };
    let lte = p
        .all
        .covered(&svc(Some(hatang_core::model::Technology::Lte)));
    let nr = p
        .all
        .covered(&svc(Some(hatang_core::model::Technology::Nr)));
    let mbb = p.all.covered(&svc(None));
    println!(
        "Scorecard {} — {} {} ({} communes, {} villages, {} people)",
        sc.period,
        p.unit.unit_type,
        p.unit.name,
        sc.communes.len(),
        total.villages,
        total.people
    );
    for (name, c) in [("4G", lte), ("5G", nr), ("mobile broadband", mbb)] {
        println!(
            "  {name:<17} villages {:5.1} %   people {:5.1} %",
            pct(c.villages, total.villages),
            pct(c.people, total.people)
        );
    }
    let none = p.all.class(Class::None);
    let fair = p.all.class(Class::Fair);
    let unknown = p.all.class(Class::Unknown);
    println!(
        "  villages without signal: {} ({} people); weak signal: {} ({} people); unknown (off the terrain): {}",
        none.villages, none.people, fair.villages, fair.people, unknown.villages
    );
    let names: std::collections::HashMap<&str, &str> = sc
        .communes
        .iter()
        .map(|c| (c.unit.key.code.as_str(), c.unit.name.as_str()))
        .collect();
    let no_signal: Vec<_> = p.no_signal().collect();
    if !no_signal.is_empty() {
        println!("  without signal, most people first:");
        for g in no_signal.iter().take(show) {
            println!(
                "    {:<14} {:<28} {:<22} {:>6} people{}",
                g.village_id,
                g.name,
                names.get(g.commune_code.as_str()).copied().unwrap_or(""),
                g.people,
                if g.difficult {
                    ", especially difficult"
                } else {
                    ""
                }
            );
        }
        if no_signal.len() > show {
            println!("    … and {} more (gaps.csv)", no_signal.len() - show);
        }
    }
    let d = &p.difficult;
    println!(
        "  especially difficult villages: {}, with 4G {}, without signal {}",
        d.total.villages,
        d.covered(&svc(Some(hatang_core::model::Technology::Lte)))
            .villages,
        d.class(Class::None).villages
    );
    let province_rows: Vec<_> = sc
        .targets
        .iter()
        .filter(|t| t.unit.key == p.unit.key)
        .collect();
    let met = province_rows
        .iter()
        .filter(|t| t.status == Status::Met)
        .count();
    println!(
        "  targets (province): {met} of {} met; targets.csv has every commune",
        province_rows.len()
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;
    use hatang_scorecard::signal::SignalMap;
    use std::path::Path;

    /// End to end on the demo: every village computed, the odd ones with
    /// good Viettel 4G, the even ones with nothing; the report lists the
    /// even ones as without signal, and `--record` stores the snapshot.
    #[test]
    fn issue_5_report_command_writes_the_scorecard() {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        crate::cmd::demo::build(&data, 2025).unwrap();
        let store = SqliteStore::open(crate::cmd::demo::db_path(&data)).unwrap();
        let villages = store.villages(None).unwrap();
        store.close().unwrap();
        let sig = tmp.path().join("villages.csv");
        let mut m = SignalMap::default();
        for (i, v) in villages.iter().enumerate() {
            if i % 2 == 1 {
                m.push(
                    &v.id,
                    hatang_scorecard::signal::Reading::new(
                        "viettel",
                        hatang_core::model::Technology::Lte,
                        Some(-90.0),
                    ),
                );
            } else {
                m.computed(&v.id);
            }
        }
        m.write_csv(std::fs::File::create(&sig).unwrap()).unwrap();
        let zsig = tmp.path().join("zones.csv");
        std::fs::write(&zsig, "point_id,operator,technology,dbm\n").unwrap();
        let out = tmp.path().join("out");
        let s = |p: &Path| p.display().to_string();
        let cli = crate::Cli::try_parse_from([
            "hatang",
            "--data-dir",
            &s(&data),
            "report",
            "--out",
            &s(&out),
            "--signals",
            &s(&sig),
            "--zone-signals",
            &s(&zsig),
            "--period",
            "2026-Q1",
            "--record",
        ])
        .unwrap();
        let crate::Command::Report(args) = &cli.command else {
            panic!("not the report command")
        };
        assert_eq!(run(&cli, args).unwrap(), ExitCode::SUCCESS);
        let mut r = csv::Reader::from_path(out.join("villages.csv")).unwrap();
        let ci = r
            .headers()
            .unwrap()
            .iter()
            .position(|h| h == "class")
            .unwrap();
        let classes: Vec<String> = r.records().map(|x| x.unwrap()[ci].to_string()).collect();
        assert_eq!(classes.len(), villages.len());
        for (i, c) in classes.iter().enumerate() {
            assert_eq!(c, if i % 2 == 1 { "good" } else { "none" }, "village {i}");
        }
        for f in [
            "communes.csv",
            "province.csv",
            "targets.csv",
            "series.csv",
            "scorecard.xlsx",
        ] {
            assert!(out.join(f).exists(), "{f}");
        }
        let store = SqliteStore::open(crate::cmd::demo::db_path(&data)).unwrap();
        let snap = store.indicators(Some("villages_4g_share"), None).unwrap();
        assert_eq!(snap.len(), 149, "province and 148 communes");
        assert!(snap.iter().all(|i| i.period == "2026-Q1"));
    }
}
