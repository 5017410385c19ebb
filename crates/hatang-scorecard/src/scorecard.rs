//! The whole scorecard of a province for one period: what goes in
//! ([`Inputs`]) and what comes out ([`Scorecard`]).

use crate::aggregate::{Figures, UnitRef};
use crate::config::ScorecardConfig;
use crate::series::{harmonise, Series};
use crate::signal::SignalMap;
use crate::targets::{Target, TargetProgress};
use crate::village::{
    classify_villages, operators_in, village_extents, Class, PlaceSignal, Service,
    SurroundingSignals, VillageResult,
};
use hatang_core::model::{
    parse_period, AdminLevel, AdminUnit, Dataset, Date, Indicator, Site, Technology, UnitMapping,
    Village, Zone,
};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The `source` of the indicators a scorecard snapshot computes; the
/// series tells them from reported ones by it.
pub const SNAPSHOT_SOURCE: &str = "hatang scorecard";

/// Why a scorecard could not be built.
#[derive(Debug, thiserror::Error)]
pub enum ScorecardError {
    /// The configuration or the targets were refused.
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// The period is not `YYYY`, `YYYY-Qn` or `YYYY-MM`.
    #[error("period '{0}' is not YYYY, YYYY-Qn or YYYY-MM")]
    Period(String),
    /// No commune is valid at the end of the period.
    #[error("no commune is valid on {0}: the scorecard describes the units in force at the end of its period")]
    NoUnits(Date),
}

/// Everything a scorecard is computed from. Borrowed: nothing is copied
/// until the results are built.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// Every unit version (the scorecard takes the province in force at
    /// the end of `period` and its communes; the series uses them all).
    pub units: &'a [AdminUnit],
    /// The old→new mapping of the 2025 reform.
    pub mappings: &'a [UnitMapping],
    /// Villages.
    pub villages: &'a [Village],
    /// Zones (5G targets).
    pub zones: &'a [Zone],
    /// Sites (shared towers).
    pub sites: &'a [Site],
    /// Reported indicators (and earlier snapshots).
    pub indicators: &'a [Indicator],
    /// Point signals at the villages, by village id.
    pub village_signals: &'a SignalMap,
    /// Point signals at the zones, by zone id; `None`: not computed (every
    /// zone unknown).
    pub zone_signals: Option<&'a SignalMap>,
    /// Signals at sample points around villages (village id → one entry
    /// per sample, `None` where not computed), where extents were sampled.
    pub surroundings: Option<&'a SurroundingSignals>,
    /// Operator ids to report one by one (others found in the signals are
    /// added).
    pub operators: &'a [String],
    /// The period the scorecard describes ("2026-Q1").
    pub period: &'a str,
}

impl<'a> Inputs<'a> {
    /// Inputs from a dataset and the village signals, with no zone signals
    /// and no surroundings; operators are the dataset's.
    ///
    /// ```
    /// use hatang_scorecard::{Inputs, signal::SignalMap};
    /// let ds = hatang_core::model::Dataset::default();
    /// let s = SignalMap::default();
    /// let ops: Vec<String> = vec![];
    /// let i = Inputs::new(&ds, &s, &ops, "2026-Q1");
    /// assert_eq!(i.villages.len(), 0);
    /// ```
    pub fn new(
        dataset: &'a Dataset,
        village_signals: &'a SignalMap,
        operators: &'a [String],
        period: &'a str,
    ) -> Inputs<'a> {
        Inputs {
            units: &dataset.units,
            mappings: &dataset.mappings,
            villages: &dataset.villages,
            zones: &dataset.zones,
            sites: &dataset.sites,
            indicators: &dataset.indicators,
            village_signals,
            zone_signals: None,
            surroundings: None,
            operators,
            period,
        }
    }
}

/// A zone and its signal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ZoneResult {
    /// The zone.
    pub zone: Zone,
    /// Signal and classes at its point.
    pub signal: PlaceSignal,
}

impl ZoneResult {
    /// The class of one technology (any operator).
    pub fn class(&self, t: Technology) -> Class {
        self.signal
            .by_technology
            .get(&t)
            .copied()
            .unwrap_or(Class::Unknown)
    }
}

/// Towers of a unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Towers {
    /// Sites.
    pub sites: u64,
    /// Sites used by more than one operator.
    pub shared: u64,
}

impl Towers {
    /// Share of shared towers, %.
    pub fn shared_pct(&self) -> Option<f64> {
        (self.sites > 0).then(|| 100.0 * self.shared as f64 / self.sites as f64)
    }
}

/// The province's scorecard for one period.
#[derive(Debug, Clone, Serialize)]
pub struct Scorecard {
    /// The period described.
    pub period: String,
    /// Its last day: the units in force then are the ones reported.
    pub date: Date,
    /// The configuration used.
    pub config: ScorecardConfig,
    /// Operators reported one by one.
    pub operators: Vec<String>,
    /// Every village, in input order.
    pub villages: Vec<VillageResult>,
    /// Village ids whose commune is not among the communes in force (left
    /// out of the commune and province figures).
    pub unassigned: Vec<String>,
    /// Per commune, in code order.
    pub communes: Vec<Figures>,
    /// The communes' unit records, in the same order (boundaries, centres).
    #[serde(skip)]
    pub commune_units: Vec<AdminUnit>,
    /// The province, computed directly from its communes' villages.
    pub province: Figures,
    /// Zones and their signals.
    pub zones: Vec<ZoneResult>,
    /// Towers per commune code, and the province's (all sites) under its own code.
    pub towers: BTreeMap<String, Towers>,
    /// The province's towers (all sites).
    pub province_towers: Towers,
    /// The snapshot: indicators computed for this period.
    pub snapshot: Vec<Indicator>,
    /// Reported indicators and snapshot, carried to today's units.
    pub series: Series,
    /// Progress of every target in every unit of its scope.
    pub targets: Vec<TargetProgress>,
}

impl Scorecard {
    /// Builds the scorecard.
    ///
    /// ```
    /// use hatang_core::geo::LatLon;
    /// use hatang_core::model::{*, Technology::*};
    /// use hatang_scorecard::{Inputs, Scorecard, Class, config::ScorecardConfig, signal::{Reading, SignalMap}, targets::default_targets};
    /// let mut ds = Dataset::default();
    /// for code in ["00001", "00002"] {
    ///     ds.units.push(AdminUnit { key: UnitKey::new(AdminLevel::Commune, code, Date::REFORM_2025), valid_to: None,
    ///         name: code.into(), unit_type: "xã".into(), parent_code: Some("25".into()), population: None,
    ///         area_km2: Some(10.0), centre: None, boundary: None, boundary_approximate: false, source: Source::Official });
    /// }
    /// let v = |id: &str, c: &str, pop: u32| Village { id: id.into(), name: id.into(), kind: VillageKind::Thon,
    ///     commune_code: c.into(), point: LatLon::new(21.3, 105.3), population: Some(pop), households: None,
    ///     difficult: false, grid_power: true, source: Source::Synthetic };
    /// ds.villages = vec![v("a", "00001", 1000), v("b", "00001", 500), v("c", "00002", 800)];
    /// let mut s = SignalMap::default();
    /// s.push("a", Reading::new("viettel", Lte, Some(-95.0)));
    /// s.push("b", Reading::new("viettel", Lte, Some(-130.0)));
    /// s.push("c", Reading::new("vinaphone", Lte, Some(-112.0)));
    /// let ops = vec!["viettel".to_string(), "vinaphone".to_string()];
    /// let sc = Scorecard::build(&Inputs::new(&ds, &s, &ops, "2026-Q1"), &ScorecardConfig::default(),
    ///     &default_targets().targets).unwrap();
    /// assert_eq!(sc.province.all.total.villages, 3);
    /// assert_eq!(sc.province.gaps.len(), 2); // b (none) and c (fair: weak)
    /// assert_eq!(sc.province.no_signal().map(|g| g.village_id.as_str()).collect::<Vec<_>>(), ["b"]);
    /// assert_eq!(sc.communes[0].all.class(Class::Good).people, 1000);
    /// ```
    pub fn build(
        inputs: &Inputs<'_>,
        config: &ScorecardConfig,
        targets: &[Target],
    ) -> Result<Scorecard, ScorecardError> {
        config.validate()?;
        crate::targets::TargetSet {
            targets: targets.to_vec(),
        }
        .validate()?;
        let (_, date) = parse_period(inputs.period)
            .ok_or_else(|| ScorecardError::Period(inputs.period.into()))?;
        let in_force = |u: &&AdminUnit| u.valid_on(date);
        let province = inputs
            .units
            .iter()
            .filter(in_force)
            .find(|u| u.key.level == AdminLevel::Province);
        // The province's communes (those naming another province as their
        // parent are left out).
        let mut communes: Vec<&AdminUnit> = inputs
            .units
            .iter()
            .filter(in_force)
            .filter(|u| u.key.level == AdminLevel::Commune)
            .filter(|u| match (province, &u.parent_code) {
                (Some(p), Some(parent)) => *parent == p.key.code,
                _ => true,
            })
            .collect();
        if communes.is_empty() {
            return Err(ScorecardError::NoUnits(date));
        }
        communes.sort_by(|a, b| a.key.code.cmp(&b.key.code));
        let province_ref = province.map(UnitRef::of).unwrap_or_else(|| {
            let code = communes[0].parent_code.clone().unwrap_or_default();
            UnitRef::bare(AdminLevel::Province, &code, communes[0].key.valid_from)
        });

        // Operators: those asked for, then any other in the signals.
        let mut operators: Vec<String> = inputs.operators.to_vec();
        for o in operators_in(inputs.village_signals)
            .into_iter()
            .chain(inputs.zone_signals.map(operators_in).unwrap_or_default())
        {
            if !operators.contains(&o) {
                operators.push(o);
            }
        }

        let commune_units: Vec<AdminUnit> = communes.iter().map(|c| (*c).clone()).collect();
        let extents = village_extents(&commune_units, inputs.villages);
        let villages = classify_villages(
            inputs.villages,
            inputs.village_signals,
            inputs.surroundings,
            &extents,
            config,
        );

        let mut by_commune: HashMap<&str, Vec<&VillageResult>> = HashMap::new();
        for v in &villages {
            by_commune
                .entry(v.village.commune_code.as_str())
                .or_default()
                .push(v);
        }
        let commune_figures: Vec<Figures> = communes
            .iter()
            .map(|c| {
                Figures::from_villages(
                    UnitRef::of(c),
                    &operators,
                    by_commune
                        .get(c.key.code.as_str())
                        .into_iter()
                        .flatten()
                        .copied(),
                )
            })
            .collect();
        let codes: std::collections::HashSet<&str> =
            communes.iter().map(|c| c.key.code.as_str()).collect();
        let unassigned: Vec<String> = villages
            .iter()
            .filter(|v| !codes.contains(v.village.commune_code.as_str()))
            .map(|v| v.village.id.clone())
            .collect();
        let province = Figures::from_villages(
            province_ref,
            &operators,
            villages
                .iter()
                .filter(|v| codes.contains(v.village.commune_code.as_str())),
        );

        let zones: Vec<ZoneResult> = inputs
            .zones
            .iter()
            .map(|z| ZoneResult {
                zone: z.clone(),
                signal: PlaceSignal::classify(
                    inputs.zone_signals.and_then(|s| s.get(&z.id)),
                    config,
                ),
            })
            .collect();

        let mut towers: BTreeMap<String, Towers> = BTreeMap::new();
        let mut province_towers = Towers::default();
        for s in inputs.sites {
            let shared = u64::from(s.operators.len() > 1);
            province_towers.sites += 1;
            province_towers.shared += shared;
            if let Some(c) = &s.commune_code {
                let t = towers.entry(c.clone()).or_default();
                t.sites += 1;
                t.shared += shared;
            }
        }

        let mut sc = Scorecard {
            period: inputs.period.to_string(),
            date,
            config: config.clone(),
            operators,
            villages,
            unassigned,
            communes: commune_figures,
            commune_units,
            province,
            zones,
            towers,
            province_towers,
            snapshot: Vec::new(),
            series: Series::default(),
            targets: Vec::new(),
        };
        sc.snapshot = sc.compute_snapshot();
        // Reported indicators, then the snapshot (which wins for its own
        // period over an earlier stored snapshot of the same period).
        let mut all: Vec<Indicator> = inputs
            .indicators
            .iter()
            .filter(|i| {
                !(i.period == sc.period
                    && i.source.starts_with(SNAPSHOT_SOURCE)
                    && sc
                        .snapshot
                        .iter()
                        .any(|s| s.unit == i.unit && s.key == i.key))
            })
            .cloned()
            .collect();
        all.extend(sc.snapshot.iter().cloned());
        sc.series = harmonise(inputs.units, inputs.mappings, &all, date);
        sc.targets = crate::evaluate::evaluate(&sc, targets);
        Ok(sc)
    }

    /// The indicators this scorecard computes for its period, for the
    /// province and every commune: `villages_4g_share`,
    /// `population_4g_share` (where the unit has villages) and
    /// `shared_tower_share` (where it has sites). Villages whose class is
    /// unknown count as not covered (coverage there cannot be claimed); the
    /// figures say how many they are. Their source starts with
    /// [`SNAPSHOT_SOURCE`]; store them to keep a snapshot per period.
    fn compute_snapshot(&self) -> Vec<Indicator> {
        let lte = Service {
            technology: Some(Technology::Lte),
            operator: None,
        };
        let l = self.config.thresholds.lte;
        let source = format!(
            "{SNAPSHOT_SOURCE} (4G at least fair: RSRP ≥ {} dBm)",
            l.fair_dbm
        );
        let mut out = Vec::new();
        let mut push = |f: &Figures, towers: Option<&Towers>| {
            let total = f.all.total;
            let cov = f.all.covered(&lte).share_of(&total);
            let mut add = |key: &str, v: Option<f64>| {
                if let Some(v) = v {
                    out.push(Indicator {
                        unit: f.unit.key.clone(),
                        key: key.into(),
                        period: self.period.clone(),
                        value: (v * 1e6).round() / 1e6,
                        source: source.clone(),
                    });
                }
            };
            add("villages_4g_share", cov.villages.map(|s| 100.0 * s));
            add("population_4g_share", cov.people.map(|s| 100.0 * s));
            add("shared_tower_share", towers.and_then(Towers::shared_pct));
        };
        push(&self.province, Some(&self.province_towers));
        for c in &self.communes {
            push(c, self.towers.get(&c.unit.key.code));
        }
        out
    }

    /// The figures of a commune by code.
    pub fn commune(&self, code: &str) -> Option<&Figures> {
        self.communes.iter().find(|c| c.unit.key.code == code)
    }

    /// The villages of a commune (all when `code` is `None`).
    pub fn villages_of<'s>(
        &'s self,
        code: Option<&'s str>,
    ) -> impl Iterator<Item = &'s VillageResult> + 's {
        self.villages
            .iter()
            .filter(move |v| code.is_none_or(|c| v.village.commune_code == c))
    }
}
