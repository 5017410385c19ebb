//! Indicators over time, across the July 2025 merger.
//!
//! Indicator values refer to a unit version. To draw 2021–2026 as one line
//! for a unit of today, [`harmonise`] carries every value of a unit that no
//! longer exists into the units of today through the old→new mapping:
//!
//! - a **count** (an [`IndicatorKey`](hatang_core::model::IndicatorKey)
//!   with `additive = true`: households, subscriptions, BTS…) is summed,
//!   each old value weighted by the mapping's share (the share of the old
//!   unit's population that went into the new unit; 1 for a whole unit);
//! - a **share** (`additive = false`: %, per 100 people…) is a
//!   population-weighted mean, each old value weighted by share ×
//!   population of the old unit in that period. The population comes from
//!   the `population` indicator of the old unit (the period starting nearest
//!   to it, the same period first), else the unit record. Where some contributor's
//!   population is unknown, the weights fall back to the shares alone and
//!   the point says so ([`Method::ShareWeighted`]).
//!
//! A value reported by a unit of today for a period is taken as it is and
//! wins over values carried from old units for the same period. Each point
//! lists the old units that carried into it and the predecessors that
//! reported nothing for that key and period (a count is then an
//! undercount, a share a mean over part of the population).
//!
//! ```
//! use hatang_core::model::*;
//! use hatang_scorecard::series::{harmonise, Method};
//! let old = |c: &str| UnitKey::new(AdminLevel::Commune, c, "2020-01-01".parse().unwrap());
//! let new = UnitKey::new(AdminLevel::Commune, "00010", Date::REFORM_2025);
//! let unit = |k: &UnitKey, to: Option<&str>| AdminUnit { key: k.clone(), valid_to: to.map(|d| d.parse().unwrap()),
//!     name: k.code.clone(), unit_type: "xã".into(), parent_code: None, population: None, area_km2: None,
//!     centre: None, boundary: None, boundary_approximate: false, source: Source::Official };
//! let units = vec![unit(&old("00001"), Some("2025-06-30")), unit(&old("00002"), Some("2025-06-30")), unit(&new, None)];
//! let map = |o: &UnitKey| UnitMapping { old: o.clone(), new: new.clone(), kind: MergeKind::Full, share: 1.0, note: String::new() };
//! let mappings = vec![map(&old("00001")), map(&old("00002"))];
//! let ind = |u: &UnitKey, v: f64| Indicator { unit: u.clone(), key: "fibre_households".into(),
//!     period: "2024".into(), value: v, source: "report".into() };
//! let s = harmonise(&units, &mappings, &[ind(&old("00001"), 300.0), ind(&old("00002"), 200.0)], Date::REFORM_2025);
//! assert_eq!(s.points.len(), 1);
//! assert_eq!((s.points[0].value, s.points[0].method), (500.0, Method::Summed));
//! ```

use hatang_core::model::{
    indicator_key, parse_period, AdminUnit, Date, Indicator, UnitKey, UnitMapping,
};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How a point's value was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Reported for the unit itself.
    Reported,
    /// Computed by the scorecard for the unit itself (a snapshot).
    Computed,
    /// A count summed from old units, weighted by the mapping's shares.
    Summed,
    /// A share averaged over old units, weighted by share × population.
    PopulationWeighted,
    /// A share averaged over old units, weighted by the shares alone
    /// because some old unit's population is unknown.
    ShareWeighted,
}

impl Method {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Reported => "reported",
            Method::Computed => "computed",
            Method::Summed => "summed",
            Method::PopulationWeighted => "population_weighted",
            Method::ShareWeighted => "share_weighted",
        }
    }
}

/// One old unit's part in a point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contribution {
    /// The old unit version.
    pub unit: UnitKey,
    /// Its value.
    pub value: f64,
    /// Mapping share (product along the way).
    pub share: f64,
    /// Its population in the period, if known.
    pub population: Option<f64>,
}

/// One value of one indicator for one unit of today and one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesPoint {
    /// The unit of today.
    pub unit: UnitKey,
    /// Its name.
    pub unit_name: String,
    /// Indicator key.
    pub key: String,
    /// Period ("2022", "2022-Q4", "2022-12").
    pub period: String,
    /// The value, in the key's unit.
    pub value: f64,
    /// How it was obtained.
    pub method: Method,
    /// The old units carried into it (empty for a reported value).
    pub from: Vec<Contribution>,
    /// Predecessors that reported nothing for this key and period.
    pub missing: Vec<UnitKey>,
    /// Sources, joined.
    pub source: String,
}

/// The harmonised series, and the values that could not be carried to a
/// unit of today (an old unit with no mapping, e.g. a district).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Series {
    /// Points sorted by unit, key and period start.
    pub points: Vec<SeriesPoint>,
    /// (unit, key, period) of the values left out.
    pub unresolved: Vec<(UnitKey, String, String)>,
}

impl Series {
    /// The latest point of a key for a unit (by period end).
    ///
    /// ```
    /// let s = hatang_scorecard::series::Series::default();
    /// assert!(s.latest(&hatang_core::model::UnitKey::new(hatang_core::model::AdminLevel::Province, "25",
    ///     hatang_core::model::Date::REFORM_2025), "smartphone_share").is_none());
    /// ```
    pub fn latest(&self, unit: &UnitKey, key: &str) -> Option<&SeriesPoint> {
        self.points
            .iter()
            .filter(|p| &p.unit == unit && p.key == key)
            .max_by_key(|p| parse_period(&p.period).map(|(_, end)| end))
    }
}

/// Where the old units of `units` lead on date `at`: unit key → (unit of
/// today, product of shares), following the mapping up to 4 steps.
fn forward(
    units: &HashMap<&UnitKey, &AdminUnit>,
    edges: &HashMap<&UnitKey, Vec<&UnitMapping>>,
    from: &UnitKey,
    at: Date,
) -> Vec<(UnitKey, f64)> {
    let mut out = Vec::new();
    let mut stack = vec![(from.clone(), 1.0, 0)];
    while let Some((k, share, depth)) = stack.pop() {
        if units.get(&k).is_some_and(|u| u.valid_on(at)) {
            out.push((k, share));
            continue;
        }
        if depth >= 4 {
            continue;
        }
        for m in edges.get(&k).into_iter().flatten() {
            stack.push((m.new.clone(), share * m.share, depth + 1));
        }
    }
    out
}

/// Carries every indicator value to the units valid on `at` (see the
/// module documentation). Unknown keys are treated as shares.
pub fn harmonise(
    units: &[AdminUnit],
    mappings: &[UnitMapping],
    indicators: &[Indicator],
    at: Date,
) -> Series {
    let by_key: HashMap<&UnitKey, &AdminUnit> = units.iter().map(|u| (&u.key, u)).collect();
    let mut edges: HashMap<&UnitKey, Vec<&UnitMapping>> = HashMap::new();
    let mut preds: HashMap<&UnitKey, Vec<&UnitKey>> = HashMap::new();
    for m in mappings {
        edges.entry(&m.old).or_default().push(m);
        preds.entry(&m.new).or_default().push(&m.old);
    }
    // Population of a unit per period, for the weights.
    let mut pops: HashMap<&UnitKey, Vec<(Date, f64)>> = HashMap::new();
    for i in indicators.iter().filter(|i| i.key == "population") {
        if let Some((start, _)) = parse_period(&i.period) {
            pops.entry(&i.unit).or_default().push((start, i.value));
        }
    }
    let population = |u: &UnitKey, period: &str| -> Option<f64> {
        let start = parse_period(period).map(|p| p.0);
        start
            .and_then(|start| {
                pops.get(u)?
                    .iter()
                    .min_by_key(|(d, _)| (days(*d) - days(start)).abs())
                    .map(|(_, v)| *v)
            })
            .or_else(|| by_key.get(u).and_then(|x| x.population).map(|p| p as f64))
    };

    type Group<'a> = (Vec<&'a Indicator>, Vec<(&'a Indicator, f64)>);
    let mut groups: BTreeMap<(UnitKey, String, (Date, String)), Group> = BTreeMap::new();
    let mut unresolved = Vec::new();
    for i in indicators {
        let Some((start, _)) = parse_period(&i.period) else {
            unresolved.push((i.unit.clone(), i.key.clone(), i.period.clone()));
            continue;
        };
        let pkey = (start, i.period.clone());
        if by_key.get(&i.unit).is_some_and(|u| u.valid_on(at)) {
            groups
                .entry((i.unit.clone(), i.key.clone(), pkey))
                .or_default()
                .0
                .push(i);
            continue;
        }
        let targets = forward(&by_key, &edges, &i.unit, at);
        if targets.is_empty() {
            unresolved.push((i.unit.clone(), i.key.clone(), i.period.clone()));
        }
        for (t, share) in targets {
            groups
                .entry((t, i.key.clone(), pkey.clone()))
                .or_default()
                .1
                .push((i, share));
        }
    }

    let mut points = Vec::with_capacity(groups.len());
    for ((unit, key, (_, period)), (direct, carried)) in groups {
        let unit_name = by_key
            .get(&unit)
            .map_or_else(|| unit.code.clone(), |u| u.name.clone());
        if let Some(d) = direct.last() {
            let sources: BTreeSet<&str> = direct.iter().map(|i| i.source.as_str()).collect();
            let computed = d.source.starts_with(crate::scorecard::SNAPSHOT_SOURCE);
            points.push(SeriesPoint {
                unit,
                unit_name,
                key,
                period,
                value: d.value,
                method: if computed {
                    Method::Computed
                } else {
                    Method::Reported
                },
                from: Vec::new(),
                missing: Vec::new(),
                source: sources.into_iter().collect::<Vec<_>>().join("; "),
            });
            continue;
        }
        let additive = indicator_key(&key).is_some_and(|k| k.additive);
        let from: Vec<Contribution> = carried
            .iter()
            .map(|(i, share)| Contribution {
                unit: i.unit.clone(),
                value: i.value,
                share: *share,
                population: if additive {
                    None
                } else {
                    population(&i.unit, &period)
                },
            })
            .collect();
        let (value, method) = if additive {
            (from.iter().map(|c| c.share * c.value).sum(), Method::Summed)
        } else if from.iter().all(|c| c.population.is_some_and(|p| p > 0.0)) {
            let w: f64 = from
                .iter()
                .map(|c| c.share * c.population.unwrap_or(0.0))
                .sum();
            let v: f64 = from
                .iter()
                .map(|c| c.share * c.population.unwrap_or(0.0) * c.value)
                .sum();
            (v / w, Method::PopulationWeighted)
        } else {
            let w: f64 = from.iter().map(|c| c.share).sum();
            let v: f64 = from.iter().map(|c| c.share * c.value).sum();
            (
                if w > 0.0 { v / w } else { f64::NAN },
                Method::ShareWeighted,
            )
        };
        if !value.is_finite() {
            continue;
        }
        let reported: BTreeSet<&UnitKey> = from.iter().map(|c| &c.unit).collect();
        let level = from.first().map(|c| c.unit.level);
        let missing: Vec<UnitKey> = preds
            .get(&unit)
            .into_iter()
            .flatten()
            .filter(|p| Some(p.level) == level && !reported.contains(*p))
            .map(|p| (*p).clone())
            .collect();
        let sources: BTreeSet<&str> = carried.iter().map(|(i, _)| i.source.as_str()).collect();
        points.push(SeriesPoint {
            unit,
            unit_name,
            key,
            period,
            value,
            method,
            from,
            missing,
            source: sources.into_iter().collect::<Vec<_>>().join("; "),
        });
    }
    Series { points, unresolved }
}

/// Days since 0000-03-01 (for distances between dates).
fn days(d: Date) -> i64 {
    let (y, m) = if d.month <= 2 {
        (i64::from(d.year) - 1, i64::from(d.month) + 9)
    } else {
        (i64::from(d.year), i64::from(d.month) - 3)
    };
    365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + i64::from(d.day) - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_consecutive() {
        let a = days("2024-02-28".parse().unwrap());
        assert_eq!(days("2024-02-29".parse().unwrap()), a + 1);
        assert_eq!(days("2024-03-01".parse().unwrap()), a + 2);
        assert_eq!(
            days("2025-01-01".parse().unwrap()) - days("2024-01-01".parse().unwrap()),
            366
        );
    }
}
