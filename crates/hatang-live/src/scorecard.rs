//! The scorecard of a data directory: the store read whole, the point
//! signals at the villages and zones (given, stored, or computed with the
//! coverage engine), and [`Scorecard::build`].
//!
//! Signal files are CSV `point_id,operator,technology,dbm` (an empty `dbm`:
//! unknown; a row with empty operator and technology: a point computed with
//! nothing reaching it); sample points around a village are named
//! `VILLAGE_ID#k`.

use crate::{DataDir, LiveError};
use hatang_core::geo::{Bbox, LatLon};
use hatang_core::model::{AdminLevel, Dataset, Date, SectorStatus};
use hatang_core::radio::config::RadioConfig;
use hatang_core::terrain::{LoadOptions, Mosaic};
use hatang_coverage::{point_signals, Model, PointSignals, PointSpec};
use hatang_scorecard::config::ScorecardConfig;
use hatang_scorecard::signal::{Reading, SignalMap};
use hatang_scorecard::targets::{default_targets, TargetSet};
use hatang_scorecard::{sample_points, village_extents, Inputs, Scorecard, SurroundingSignals};
use hatang_store::{SqliteStore, Store};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How to compute a scorecard. The default: the default thresholds and
/// targets, the stored signals if any (else computed, sites within 15 km),
/// the current quarter.
///
/// ```
/// let o = hatang_live::scorecard::ScorecardOptions::default();
/// assert_eq!(o.radius_km, 15.0);
/// assert!(o.window.is_none());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ScorecardOptions {
    /// Scorecard configuration, TOML or JSON (thresholds, broadband
    /// technologies).
    pub config: Option<PathBuf>,
    /// Targets, TOML or JSON, replacing the default national and
    /// provincial ones.
    pub targets: Option<PathBuf>,
    /// Point signals at the villages (CSV), instead of the stored or
    /// computed ones.
    pub signals: Option<PathBuf>,
    /// Point signals at the zones (CSV).
    pub zone_signals: Option<PathBuf>,
    /// Period: YYYY, YYYY-Qn or YYYY-MM (default: the current quarter).
    pub period: Option<String>,
    /// When computing point signals: sites within this distance count, km.
    pub radius_km: f64,
    /// When computing point signals: sample points in each village's
    /// (approximate) extent (0: none).
    pub surroundings: usize,
    /// When computing point signals: only the villages and zones in this
    /// box (the others stay unknown). For previews and tests.
    pub window: Option<Bbox>,
}

impl Default for ScorecardOptions {
    fn default() -> Self {
        Self {
            config: None,
            targets: None,
            signals: None,
            zone_signals: None,
            period: None,
            radius_km: 15.0,
            surroundings: 0,
            window: None,
        }
    }
}

/// A computed scorecard with the signals it was computed from and its
/// timings.
pub struct Computed {
    /// The scorecard.
    pub scorecard: Scorecard,
    /// The signals used at the villages (with sample points `VILLAGE#k`).
    pub village_signals: SignalMap,
    /// The signals used at the zones.
    pub zone_signals: SignalMap,
    /// Reading the store.
    pub t_read: Duration,
    /// Getting the signals.
    pub t_signals: Duration,
    /// Building the scorecard.
    pub t_scorecard: Duration,
}

fn read(p: &Path) -> Result<String, LiveError> {
    std::fs::read_to_string(p).map_err(|source| LiveError::Io {
        path: p.to_path_buf(),
        source,
    })
}

/// Reads the whole store of a data directory.
pub fn read_dataset(dir: &DataDir) -> Result<Dataset, LiveError> {
    let db = dir.db();
    if !db.exists() {
        return Err(LiveError::NoDatabase(db));
    }
    let store = SqliteStore::open(&db)?;
    let ds = store.dataset()?;
    store.close()?;
    Ok(ds)
}

/// Loads the terrain of a data directory.
pub fn load_terrain(dir: &DataDir) -> Result<Mosaic, LiveError> {
    let dem = dir.dem();
    Mosaic::load_dir(&dem, &LoadOptions::default())
        .map_err(|source| LiveError::Terrain { path: dem, source })
}

/// Reads the store of `dir`, gets the point signals (given, stored or
/// computed) and builds the scorecard; `note` hears what is being done.
///
/// ```no_run
/// use hatang_live::{scorecard, DataDir};
/// let dir = DataDir::new("/var/lib/hatang");
/// let c = scorecard::compute(&dir, &scorecard::ScorecardOptions::default(), &|m| eprintln!("{m}"))?;
/// println!("{} villages", c.scorecard.villages.len());
/// # Ok::<(), hatang_live::LiveError>(())
/// ```
pub fn compute(
    dir: &DataDir,
    opts: &ScorecardOptions,
    note: &dyn Fn(&str),
) -> Result<Computed, LiveError> {
    let t0 = Instant::now();
    let config = match &opts.config {
        Some(p) => {
            ScorecardConfig::from_str_any(&read(p)?).map_err(|source| LiveError::Config {
                path: p.clone(),
                source,
            })?
        }
        None => ScorecardConfig::default(),
    };
    let targets = match &opts.targets {
        Some(p) => TargetSet::from_str_any(&read(p)?).map_err(|source| LiveError::Config {
            path: p.clone(),
            source,
        })?,
        None => default_targets(),
    };
    let period = opts.period.clone().unwrap_or_else(current_quarter);
    let ds = read_dataset(dir)?;
    let t_read = t0.elapsed();

    let stored = dir.signals();
    let t1 = Instant::now();
    let village_signals = signals_for(
        opts.signals.as_deref(),
        &stored.join("villages.csv"),
        dir,
        &ds,
        Points::Villages,
        opts,
        note,
    )?;
    let zone_signals = signals_for(
        opts.zone_signals.as_deref(),
        &stored.join("zones.csv"),
        dir,
        &ds,
        Points::Zones,
        opts,
        note,
    )?;
    let t_signals = t1.elapsed();

    // Sample points around villages ("VILLAGE#k") go to the surroundings.
    let (own, surroundings) = split_samples(&village_signals);
    // Operators reported one by one: those with sectors in the store.
    let operators: Vec<String> = ds
        .operators
        .iter()
        .filter(|o| ds.sectors.iter().any(|s| s.operator == o.id))
        .map(|o| o.id.clone())
        .collect();
    let mut inputs = Inputs::new(&ds, &own, &operators, &period);
    inputs.zone_signals = Some(&zone_signals);
    if !surroundings.is_empty() {
        inputs.surroundings = Some(&surroundings);
    }
    let t2 = Instant::now();
    let scorecard = Scorecard::build(&inputs, &config, &targets.targets)?;
    let t_scorecard = t2.elapsed();
    Ok(Computed {
        scorecard,
        village_signals,
        zone_signals,
        t_read,
        t_signals,
        t_scorecard,
    })
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
    dir: &DataDir,
    ds: &Dataset,
    points: Points,
    opts: &ScorecardOptions,
    note: &dyn Fn(&str),
) -> Result<SignalMap, LiveError> {
    let path = given.or_else(|| stored.exists().then_some(stored));
    match path {
        Some(p) => {
            let f = std::fs::File::open(p).map_err(|source| LiveError::Io {
                path: p.to_path_buf(),
                source,
            })?;
            let m = SignalMap::read_csv(std::io::BufReader::new(f)).map_err(|source| {
                LiveError::Signals {
                    path: p.to_path_buf(),
                    source,
                }
            })?;
            Ok(m.best_only())
        }
        None => compute_signals(dir, ds, points, opts, note),
    }
}

/// Point signals from the coverage engine at the villages (and, with
/// `surroundings` N, at up to N sample points in each village's extent,
/// named `VILLAGE#k`) or at the zones: ITM point to point over the terrain
/// in the data directory, the on-air sectors, the radio configuration's
/// model settings (receiver height, profile step, figures), sites within
/// the radius. A point whose profile leaves the terrain is unknown.
fn compute_signals(
    dir: &DataDir,
    ds: &Dataset,
    points: Points,
    opts: &ScorecardOptions,
    note: &dyn Fn(&str),
) -> Result<SignalMap, LiveError> {
    let inside = |p: LatLon| opts.window.is_none_or(|w| w.contains(p));
    let mut at: Vec<(String, LatLon)> = match points {
        Points::Villages => ds
            .villages
            .iter()
            .filter(|v| inside(v.point))
            .map(|v| (v.id.clone(), v.point))
            .collect(),
        Points::Zones => ds
            .zones
            .iter()
            .filter(|z| inside(z.point))
            .map(|z| (z.id.clone(), z.point))
            .collect(),
    };
    if matches!(points, Points::Villages) && opts.surroundings > 0 {
        let communes: Vec<_> = ds
            .units
            .iter()
            .filter(|u| u.key.level == AdminLevel::Commune && u.valid_to.is_none())
            .cloned()
            .collect();
        let extents = village_extents(&communes, &ds.villages);
        for v in ds.villages.iter().filter(|v| inside(v.point)) {
            if let Some(e) = extents.get(&v.id) {
                for (k, p) in sample_points(e, opts.surroundings).into_iter().enumerate() {
                    at.push((format!("{}#{k}", v.id), p));
                }
            }
        }
    }
    let terrain = load_terrain(dir)?;
    let cfg = RadioConfig::default();
    let model = Model::from_name("itm", &cfg)?;
    let radius_m = opts.radius_km * 1000.0;
    let spec = PointSpec::from_config(radius_m, &cfg);
    let sectors: Vec<_> = ds
        .sectors
        .iter()
        .filter(|s| s.status == SectorStatus::OnAir)
        .cloned()
        .collect();
    note(&format!(
        "computing point signals at {} {} (ITM, sites within {:.0} km, {} on-air sectors)…",
        at.len(),
        match points {
            Points::Villages => "village points",
            Points::Zones => "zones",
        },
        radius_m / 1000.0,
        sectors.len()
    ));
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
fn split_samples(all: &SignalMap) -> (SignalMap, SurroundingSignals) {
    let mut own = SignalMap::default();
    let mut samples: std::collections::BTreeMap<String, Vec<(usize, String)>> = Default::default();
    for id in all.ids() {
        match id
            .rsplit_once('#')
            .and_then(|(v, k)| Some((v, k.parse::<usize>().ok()?)))
        {
            Some((v, k)) => samples
                .entry(v.to_string())
                .or_default()
                .push((k, id.to_string())),
            None => own.insert(id.to_string(), all.get(id).unwrap_or(&[]).to_vec()),
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
///
/// ```
/// let q = hatang_live::scorecard::current_quarter();
/// assert!(q.len() == 7 && q.as_bytes()[4] == b'-');
/// ```
pub fn current_quarter() -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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
        let (own, around) = split_samples(&m);
        assert_eq!(own.len(), 1);
        let s = &around["v1"];
        assert_eq!(s.len(), 3);
        assert!(s[0].is_some() && s[1].is_none() && s[2].as_ref().unwrap().is_empty());
    }
}
