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
use hatang_core::geo::LatLon;
use hatang_core::model::{AdminLevel, Dataset, Date, SectorStatus};
use hatang_core::radio::config::RadioConfig;
use hatang_core::terrain::{LoadOptions, Mosaic};
use hatang_coverage::{point_signals, Model, PointSignals, PointSpec};
use hatang_scorecard::config::ScorecardConfig;
use hatang_scorecard::report::write_report;
use hatang_scorecard::signal::{Reading, SignalMap};
use hatang_scorecard::targets::{default_targets, Status, TargetSet};
use hatang_scorecard::{
    sample_points, village_extents, Class, Inputs, Scorecard, Service, SurroundingSignals,
};
use hatang_store::{SqliteStore, Store};
use std::path::{Path, PathBuf};
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

/// Runs `hatang report`.
pub fn run(cli: &Cli, args: &ReportArgs) -> anyhow::Result<ExitCode> {
    let dir = cli.data_dir()?;
    let c = compute(&dir, args)?;
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

/// A computed scorecard with the data it was computed from and its timings.
pub struct Computed {
    /// The scorecard.
    pub scorecard: Scorecard,
    t_read: std::time::Duration,
    t_signals: std::time::Duration,
    t_scorecard: std::time::Duration,
}

/// The arguments `hatang report` takes by default (for the server).
pub fn default_args() -> ReportArgs {
    ReportArgs {
        out: PathBuf::new(),
        config: None,
        targets: None,
        signals: None,
        zone_signals: None,
        period: None,
        record: false,
        radius_km: 15.0,
        surroundings: 0,
        save_signals: false,
        show: 0,
    }
}

/// Reads the store of `dir`, gets the point signals (given, stored or
/// computed) and builds the scorecard.
pub fn compute(dir: &Path, args: &ReportArgs) -> anyhow::Result<Computed> {
    let t0 = Instant::now();
    let db = crate::cmd::demo::db_path(dir);
    anyhow::ensure!(
        db.exists(),
        "no database at {} (run `hatang demo` or import data first)",
        db.display()
    );
    let config = match &args.config {
        Some(p) => ScorecardConfig::from_str_any(&read(p)?)
            .with_context(|| format!("reading {}", p.display()))?,
        None => ScorecardConfig::default(),
    };
    let targets = match &args.targets {
        Some(p) => TargetSet::from_str_any(&read(p)?)
            .with_context(|| format!("reading {}", p.display()))?,
        None => default_targets(),
    };
    let period = args.period.clone().unwrap_or_else(current_quarter);

    let store = SqliteStore::open(&db).with_context(|| format!("opening {}", db.display()))?;
    let ds = Dataset {
        units: store.units(None, None)?,
        mappings: store.mappings()?,
        villages: store.villages(None)?,
        operators: store.operators()?,
        sites: store.sites()?,
        sectors: store.sectors(None, None)?,
        zones: store.zones()?,
        indicators: store.indicators(None, None)?,
    };
    store.close()?;
    let t_read = t0.elapsed();

    let stored = dir.join("signals");
    let t1 = Instant::now();
    let village_signals = signals_for(
        args.signals.as_deref(),
        &stored.join("villages.csv"),
        dir,
        &ds,
        Points::Villages,
        args,
    )?;
    let zone_signals = signals_for(
        args.zone_signals.as_deref(),
        &stored.join("zones.csv"),
        dir,
        &ds,
        Points::Zones,
        args,
    )?;
    let t_signals = t1.elapsed();
    if args.save_signals {
        std::fs::create_dir_all(&args.out)?;
        for (name, m) in [
            ("signals_villages.csv", &village_signals),
            ("signals_zones.csv", &zone_signals),
        ] {
            let p = args.out.join(name);
            let f =
                std::fs::File::create(&p).with_context(|| format!("writing {}", p.display()))?;
            m.write_csv(std::io::BufWriter::new(f))
                .with_context(|| format!("writing {}", p.display()))?;
        }
    }

    // Sample points around villages ("VILLAGE#k") go to the surroundings.
    let (village_signals, surroundings) = split_samples(village_signals);
    // Operators reported one by one: those with sectors in the store.
    let operators: Vec<String> = ds
        .operators
        .iter()
        .filter(|o| ds.sectors.iter().any(|s| s.operator == o.id))
        .map(|o| o.id.clone())
        .collect();
    let mut inputs = Inputs::new(&ds, &village_signals, &operators, &period);
    inputs.zone_signals = Some(&zone_signals);
    if !surroundings.is_empty() {
        inputs.surroundings = Some(&surroundings);
    }
    let t2 = Instant::now();
    let scorecard = Scorecard::build(&inputs, &config, &targets.targets)?;
    let t_scorecard = t2.elapsed();
    Ok(Computed {
        scorecard,
        t_read,
        t_signals,
        t_scorecard,
    })
}

fn read(p: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))
}

#[derive(Debug, Clone, Copy)]
enum Points {
    Villages,
    Zones,
}

/// The signals from the file given, else the stored file, else the
/// coverage engine.
fn signals_for(
    given: Option<&Path>,
    stored: &Path,
    dir: &Path,
    ds: &Dataset,
    points: Points,
    args: &ReportArgs,
) -> anyhow::Result<SignalMap> {
    let path = given.or_else(|| stored.exists().then_some(stored));
    match path {
        Some(p) => {
            let f = std::fs::File::open(p).with_context(|| format!("opening {}", p.display()))?;
            let m = SignalMap::read_csv(std::io::BufReader::new(f))
                .with_context(|| format!("reading {}", p.display()))?;
            Ok(m.best_only())
        }
        None => compute_signals(dir, ds, points, args.radius_km * 1000.0, args.surroundings),
    }
}

/// Point signals from the coverage engine at the villages (and, with
/// `--surroundings N`, at up to N sample points in each village's extent,
/// named `VILLAGE#k`) or at the zones: ITM point to point over the terrain
/// in the data directory, the on-air sectors, the radio configuration's
/// model settings (receiver height, profile step, figures), sites within
/// `radius_m`. A point whose profile leaves the terrain is unknown.
fn compute_signals(
    dir: &Path,
    ds: &Dataset,
    points: Points,
    radius_m: f64,
    surroundings: usize,
) -> anyhow::Result<SignalMap> {
    let mut at: Vec<(String, LatLon)> = match points {
        Points::Villages => ds
            .villages
            .iter()
            .map(|v| (v.id.clone(), v.point))
            .collect(),
        Points::Zones => ds.zones.iter().map(|z| (z.id.clone(), z.point)).collect(),
    };
    if matches!(points, Points::Villages) && surroundings > 0 {
        let communes: Vec<_> = ds
            .units
            .iter()
            .filter(|u| u.key.level == AdminLevel::Commune && u.valid_to.is_none())
            .cloned()
            .collect();
        let extents = village_extents(&communes, &ds.villages);
        for v in &ds.villages {
            if let Some(e) = extents.get(&v.id) {
                for (k, p) in sample_points(e, surroundings).into_iter().enumerate() {
                    at.push((format!("{}#{k}", v.id), p));
                }
            }
        }
    }
    let dem = crate::cmd::demo::dem_dir(dir);
    let terrain = Mosaic::load_dir(&dem, &LoadOptions::default())
        .with_context(|| format!("loading the terrain in {}", dem.display()))?;
    let cfg = RadioConfig::default();
    let model = Model::from_name("itm", &cfg)?;
    let mut spec = PointSpec::new(radius_m);
    spec.rx_height_m = cfg.rx_height_m;
    spec.step_m = cfg.profile_step_m;
    spec.figures = cfg.figures;
    let sectors: Vec<_> = ds
        .sectors
        .iter()
        .filter(|s| s.status == SectorStatus::OnAir)
        .cloned()
        .collect();
    eprintln!(
        "computing point signals at {} {} (ITM, sites within {:.0} km, {} on-air sectors)…",
        at.len(),
        match points {
            Points::Villages => "village points",
            Points::Zones => "zones",
        },
        radius_m / 1000.0,
        sectors.len()
    );
    let positions: Vec<LatLon> = at.iter().map(|p| p.1).collect();
    let out = point_signals(&terrain, &positions, &ds.sites, &sectors, &model, &spec)?;
    Ok(at
        .into_iter()
        .zip(&out)
        .map(|((id, _), p)| (id, readings(p)))
        .collect())
}

/// The scorecard's readings of one point: the best known level of each
/// operator's technology, and an unknown reading where some sector's
/// profile left the terrain.
fn readings(p: &PointSignals) -> Vec<Reading> {
    let mut out = Vec::new();
    for s in &p.signals {
        if let Some(dbm) = s.dbm {
            out.push(Reading::new(s.operator.clone(), s.technology, Some(dbm)));
        }
        if s.unknown > 0 {
            out.push(Reading::new(s.operator.clone(), s.technology, None));
        }
    }
    out
}

/// Splits sample points (`VILLAGE#k`) from the villages' own signals.
fn split_samples(all: SignalMap) -> (SignalMap, SurroundingSignals) {
    let mut own = SignalMap::default();
    let mut samples: std::collections::BTreeMap<String, Vec<(usize, String)>> = Default::default();
    let ids: Vec<String> = all.ids().map(str::to_string).collect();
    for id in ids {
        match id
            .rsplit_once('#')
            .and_then(|(v, k)| Some((v, k.parse::<usize>().ok()?)))
        {
            Some((v, k)) => samples.entry(v.to_string()).or_default().push((k, id)),
            None => own.insert(id.clone(), all.get(&id).unwrap_or(&[]).to_vec()),
        }
    }
    let mut around = SurroundingSignals::new();
    for (v, mut ks) in samples {
        ks.sort();
        let n = ks.last().map_or(0, |k| k.0 + 1);
        let mut list = vec![None; n];
        for (k, id) in ks {
            list[k] = all.get(&id).map(<[_]>::to_vec);
        }
        around.insert(v, list);
    }
    (own, around)
}

/// The quarter of today (UTC), e.g. "2026-Q1".
fn current_quarter() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let d = civil_from_days((secs / 86_400) as i64);
    format!("{}-Q{}", d.year, (d.month - 1) / 3 + 1)
}

/// The date `days` after 1970-01-01 (proleptic Gregorian).
fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date { year, month, day }
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

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0).to_string(), "1970-01-01");
        assert_eq!(civil_from_days(20_270).to_string(), "2025-07-01");
        assert_eq!(civil_from_days(19_782).to_string(), "2024-02-29");
    }

    #[test]
    fn samples_are_split_from_villages() {
        use hatang_core::model::Technology;
        let mut m = SignalMap::default();
        m.push("v1", Reading::new("viettel", Technology::Lte, Some(-90.0)));
        m.push(
            "v1#0",
            Reading::new("viettel", Technology::Lte, Some(-100.0)),
        );
        m.computed("v1#2");
        let (own, around) = split_samples(m);
        assert_eq!(own.len(), 1);
        let s = &around["v1"];
        assert_eq!(s.len(), 3);
        assert!(s[0].is_some() && s[1].is_none() && s[2].as_ref().unwrap().is_empty());
    }
}
