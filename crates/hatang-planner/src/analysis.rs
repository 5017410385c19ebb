//! The planner's own village analysis: the best 4G signal at each village
//! from the stored sectors, point to point with ITM, and its class.
//!
//! It follows the scorecard's rules (good/fair/none/unknown from
//! configurable RSRP thresholds; unknown where a profile leaves the
//! terrain, never counted as none; covered = at least fair) so that the
//! planner can find the gaps and re-run the analysis with the planned sites
//! on its own. It stops early once a village is known to be good, so it
//! gives the class and the best signal found, not every operator's best.

use crate::config::SignalThresholds;
use crate::radio::{RadioModel, Signal, Transmitter};
use hatang_core::geo::LatLon;
use hatang_core::model::{Dataset, SectorStatus, Technology, Village};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A village's class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// At least the good threshold.
    Good,
    /// At least the fair threshold: covered.
    Fair,
    /// Below fair everywhere the terrain allows computing.
    None,
    /// No transmitter reaches fair and some profile left the terrain.
    Unknown,
}

impl Class {
    /// Whether the class counts as covered (good or fair).
    ///
    /// ```
    /// use hatang_planner::analysis::Class;
    /// assert!(Class::Fair.covered() && !Class::Unknown.covered());
    /// ```
    pub fn covered(self) -> bool {
        matches!(self, Class::Good | Class::Fair)
    }

    /// The class of a best signal, given whether some path was unknown.
    ///
    /// ```
    /// use hatang_planner::analysis::Class;
    /// use hatang_planner::config::SignalThresholds;
    /// let t = SignalThresholds::default();
    /// assert_eq!(Class::of(Some(-110.0), false, &t), Class::Fair);
    /// assert_eq!(Class::of(Some(-120.0), true, &t), Class::Unknown);
    /// assert_eq!(Class::of(None, false, &t), Class::None);
    /// ```
    pub fn of(best_dbm: Option<f64>, some_unknown: bool, t: &SignalThresholds) -> Class {
        match best_dbm {
            Some(s) if s >= t.good_dbm => Class::Good,
            Some(s) if s >= t.fair_dbm => Class::Fair,
            _ if some_unknown => Class::Unknown,
            _ => Class::None,
        }
    }
}

/// Which operators count.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Any operator (ITU's SDG 9.c.1 counts the best operator).
    #[default]
    Any,
    /// One operator (its id).
    Operator(String),
}

impl Scope {
    /// Whether an operator's transmitter counts.
    pub fn includes(&self, operator: &str) -> bool {
        match self {
            Scope::Any => true,
            Scope::Operator(o) => o == operator,
        }
    }
}

/// A village's signal and class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VillageSignal {
    /// Village id.
    pub village_id: String,
    /// Best figure found, dBm (the search stops at the first good one).
    pub best_dbm: Option<f64>,
    /// The site giving it.
    pub best_site: Option<String>,
    /// The operator giving it.
    pub best_operator: Option<String>,
    /// Class.
    pub class: Class,
}

/// A grid of transmitters for range queries.
pub struct TxIndex {
    txs: Vec<Transmitter>,
    cell_deg: f64,
    cells: HashMap<(i64, i64), Vec<usize>>,
}

impl TxIndex {
    /// Indexes transmitters with cells of about `range_km`.
    pub fn new(txs: Vec<Transmitter>, range_km: f64) -> TxIndex {
        let cell_deg = (range_km / 111.0).max(0.005);
        let mut cells: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
        for (i, t) in txs.iter().enumerate() {
            cells
                .entry(Self::key(t.point, cell_deg))
                .or_default()
                .push(i);
        }
        TxIndex {
            txs,
            cell_deg,
            cells,
        }
    }

    fn key(p: LatLon, cell: f64) -> (i64, i64) {
        ((p.lat / cell).floor() as i64, (p.lon / cell).floor() as i64)
    }

    /// The transmitters.
    pub fn transmitters(&self) -> &[Transmitter] {
        &self.txs
    }

    /// Transmitters within `range_m` of `p`, nearest first, with distances.
    pub fn near(&self, p: LatLon, range_m: f64) -> Vec<(f64, usize)> {
        let (a, b) = Self::key(p, self.cell_deg);
        let reach = (range_m / 1000.0 / 111.0 / self.cell_deg).ceil() as i64 + 1;
        let mut out = Vec::new();
        for da in -reach..=reach {
            for db in -reach..=reach {
                if let Some(list) = self.cells.get(&(a + da, b + db)) {
                    for &i in list {
                        let d = self.txs[i].point.distance_m(p);
                        if d <= range_m {
                            out.push((d, i));
                        }
                    }
                }
            }
        }
        out.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
        out
    }
}

/// The transmitters of a dataset's sectors of one technology that count:
/// on air, plus planned ones when `include_planned`.
pub fn transmitters(
    dataset: &Dataset,
    technology: Technology,
    scope: &Scope,
    include_planned: bool,
) -> Vec<Transmitter> {
    let sites: HashMap<&str, LatLon> = dataset
        .sites
        .iter()
        .map(|s| (s.id.as_str(), s.point))
        .collect();
    Transmitter::group(
        dataset.sectors.iter().filter(|s| {
            s.technology == technology
                && scope.includes(&s.operator)
                && (s.status == SectorStatus::OnAir
                    || (include_planned && s.status == SectorStatus::Planned))
        }),
        |id| sites.get(id).copied(),
    )
}

/// Every village's best signal and class from the indexed transmitters.
pub fn village_signals(
    villages: &[Village],
    index: &TxIndex,
    model: &RadioModel<'_>,
) -> Vec<VillageSignal> {
    let t = model.config().thresholds;
    let range = model.config().max_range_km * 1000.0;
    villages
        .par_iter()
        .map_init(Vec::new, |pfl, v| {
            let mut best: Option<(f64, usize)> = None;
            let mut unknown = model.dem().elevation(v.point).is_err();
            if !unknown {
                for (_, i) in index.near(v.point, range) {
                    match model.signal(&index.txs[i], v.point, pfl) {
                        Signal::Dbm(s) => {
                            if best.is_none_or(|(b, _)| s > b) {
                                best = Some((s, i));
                            }
                            if s >= t.good_dbm {
                                break;
                            }
                        }
                        Signal::Unknown => unknown = true,
                        Signal::Screened => {}
                    }
                }
            }
            let best_dbm = best.map(|b| b.0);
            VillageSignal {
                village_id: v.id.clone(),
                best_dbm,
                best_site: best.map(|b| index.txs[b.1].site_id.clone()),
                best_operator: best.map(|b| index.txs[b.1].operator.clone()),
                class: Class::of(best_dbm, unknown, &t),
            }
        })
        .collect()
}

/// Counts of villages and people by class.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ClassCounts {
    /// Villages good.
    pub good: usize,
    /// Villages fair.
    pub fair: usize,
    /// Villages without signal.
    pub none: usize,
    /// Villages unknown.
    pub unknown: usize,
    /// People in covered (good or fair) villages.
    pub people_covered: u64,
    /// People in villages without signal.
    pub people_none: u64,
}

impl ClassCounts {
    /// Share of villages covered among those known (good + fair) / (good +
    /// fair + none); unknown villages are left out, never counted as none.
    ///
    /// ```
    /// let c = hatang_planner::analysis::ClassCounts { good: 8, fair: 1, none: 1, unknown: 5, ..Default::default() };
    /// assert_eq!(c.covered_share(), 0.9);
    /// ```
    pub fn covered_share(&self) -> f64 {
        let known = self.good + self.fair + self.none;
        if known == 0 {
            0.0
        } else {
            (self.good + self.fair) as f64 / known as f64
        }
    }
}

/// The scorecard a set of village signals gives: for the province and per
/// commune (2025 code).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    /// The whole province.
    pub province: ClassCounts,
    /// Per commune code.
    pub communes: std::collections::BTreeMap<String, ClassCounts>,
}

impl Scorecard {
    /// Sums the classes of `signals` (in the order of `villages`).
    pub fn of(villages: &[Village], signals: &[VillageSignal]) -> Scorecard {
        let mut s = Scorecard::default();
        for (v, sig) in villages.iter().zip(signals) {
            let people = u64::from(v.population.unwrap_or(0));
            for c in [
                &mut s.province,
                s.communes.entry(v.commune_code.clone()).or_default(),
            ] {
                match sig.class {
                    Class::Good => c.good += 1,
                    Class::Fair => c.fair += 1,
                    Class::None => c.none += 1,
                    Class::Unknown => c.unknown += 1,
                }
                if sig.class.covered() {
                    c.people_covered += people;
                } else if sig.class == Class::None {
                    c.people_none += people;
                }
            }
        }
        s
    }
}
