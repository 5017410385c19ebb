//! Per village: the best signal per operator and technology, a class per
//! technology and the mobile-broadband class, the share of its surroundings
//! covered where its extent is known.

use crate::config::ScorecardConfig;
use crate::signal::{Best, Reading, SignalMap};
use hatang_core::geo::{point_in_ring, polygon_area_km2, voronoi_cells, Bbox, LatLon};
use hatang_core::model::{AdminUnit, Technology, Village};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How well a place is served.
///
/// Ordered `None < Unknown < Fair < Good`, so that the best of several
/// (operators, technologies) is the maximum: one operator's *unknown*
/// beside another's *none* stays unknown (unknown is never counted as
/// none), and any known fair or good wins.
///
/// ```
/// use hatang_scorecard::Class;
/// assert_eq!(Class::None.max(Class::Unknown), Class::Unknown);
/// assert_eq!(Class::Unknown.max(Class::Fair), Class::Fair);
/// assert!(Class::Fair.is_covered() && !Class::Unknown.is_covered());
/// assert_eq!("fair".parse::<Class>().unwrap(), Class::Fair);
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// No usable signal: every level is below the fair threshold, or
    /// nothing reaches the place.
    #[default]
    None,
    /// Could not be computed (the terrain profile left the loaded terrain,
    /// or the place was not computed). Never counted as none.
    Unknown,
    /// At or above the fair threshold, below the good one: weak signal.
    Fair,
    /// At or above the good threshold.
    Good,
}

impl Class {
    /// "good", "fair", "none" or "unknown".
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Good => "good",
            Class::Fair => "fair",
            Class::None => "none",
            Class::Unknown => "unknown",
        }
    }

    /// The Vietnamese label for reports.
    ///
    /// ```
    /// assert_eq!(hatang_scorecard::Class::None.vietnamese(), "không có sóng");
    /// ```
    pub fn vietnamese(self) -> &'static str {
        match self {
            Class::Good => "tốt",
            Class::Fair => "yếu",
            Class::None => "không có sóng",
            Class::Unknown => "chưa xác định",
        }
    }

    /// At least fair: the place counts as covered.
    pub fn is_covered(self) -> bool {
        matches!(self, Class::Good | Class::Fair)
    }

    /// The class of a [`Best`] under a technology's levels: a known level
    /// gives its class, except that a level below fair beside an unknown
    /// reading is unknown.
    ///
    /// ```
    /// use hatang_scorecard::{Class, config::Level, signal::Best};
    /// let l = Level { good_dbm: -105.0, fair_dbm: -115.0 };
    /// assert_eq!(Class::of(&Best { dbm: Some(-120.0), unknown: true }, &l), Class::Unknown);
    /// assert_eq!(Class::of(&Best { dbm: Some(-120.0), unknown: false }, &l), Class::None);
    /// assert_eq!(Class::of(&Best { dbm: Some(-110.0), unknown: true }, &l), Class::Fair);
    /// assert_eq!(Class::of(&Best::default(), &l), Class::None);
    /// ```
    pub fn of(best: &Best, level: &crate::config::Level) -> Class {
        let known = best.dbm.map_or(Class::None, |v| level.class(v));
        if known == Class::None && best.unknown {
            Class::Unknown
        } else {
            known
        }
    }
}

impl std::fmt::Display for Class {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Class {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "good" => Class::Good,
            "fair" => Class::Fair,
            "none" => Class::None,
            "unknown" => Class::Unknown,
            _ => return Err(format!("unknown class '{s}' (good, fair, none, unknown)")),
        })
    }
}

/// One operator's technology at a place: best level and class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// Technology.
    pub technology: Technology,
    /// Operator id.
    pub operator: String,
    /// Strongest known level, dBm.
    pub dbm: Option<f64>,
    /// Some reading could not be computed.
    pub unknown: bool,
    /// Class under the configured levels.
    pub class: Class,
}

/// The classes of one place (a village's point, a zone, a sample point).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceSignal {
    /// Per technology and operator, for every pair with a reading (sorted
    /// by technology, then operator).
    pub cells: Vec<Cell>,
    /// Per technology, the best over operators (all four technologies).
    pub by_technology: BTreeMap<Technology, Class>,
    /// The mobile-broadband class: the best over the broadband
    /// technologies and every operator (SDG 9.c.1 counts the best operator).
    pub class: Class,
    /// Per operator, the best over the broadband technologies.
    pub broadband_by_operator: BTreeMap<String, Class>,
    /// The strongest known broadband reading: operator, technology, dBm.
    pub best: Option<(String, Technology, f64)>,
    /// False when the place was not computed at all (every class unknown).
    pub computed: bool,
}

impl PlaceSignal {
    /// Classifies the readings at a place; `None` (not computed) makes
    /// every class unknown.
    ///
    /// ```
    /// use hatang_core::model::Technology::*;
    /// use hatang_scorecard::{Class, PlaceSignal, config::ScorecardConfig, signal::Reading};
    /// let c = ScorecardConfig::default();
    /// let rs = [Reading::new("viettel", Lte, Some(-112.0)), Reading::new("vinaphone", Lte, Some(-101.0)),
    ///           Reading::new("viettel", Gsm, Some(-60.0))];
    /// let p = PlaceSignal::classify(Some(&rs), &c);
    /// assert_eq!(p.class, Class::Good);
    /// assert_eq!(p.class_of(Lte, "viettel"), Class::Fair);
    /// assert_eq!(p.by_technology[&Nr], Class::None);
    /// assert_eq!(PlaceSignal::classify(None, &c).class, Class::Unknown);
    /// // 2G alone is not broadband.
    /// let only2g = [Reading::new("viettel", Gsm, Some(-60.0))];
    /// assert_eq!(PlaceSignal::classify(Some(&only2g), &c).class, Class::None);
    /// ```
    pub fn classify(readings: Option<&[Reading]>, config: &ScorecardConfig) -> PlaceSignal {
        let Some(readings) = readings else {
            return PlaceSignal {
                cells: Vec::new(),
                by_technology: Technology::ALL
                    .iter()
                    .map(|t| (*t, Class::Unknown))
                    .collect(),
                class: Class::Unknown,
                broadband_by_operator: BTreeMap::new(),
                best: None,
                computed: false,
            };
        };
        let mut bests: BTreeMap<(Technology, &str), Best> = BTreeMap::new();
        for r in readings {
            bests
                .entry((r.technology, r.operator.as_str()))
                .or_default()
                .add(r.dbm);
        }
        let mut by_technology: BTreeMap<Technology, Class> =
            Technology::ALL.iter().map(|t| (*t, Class::None)).collect();
        let mut class = Class::None;
        let mut broadband_by_operator: BTreeMap<String, Class> = BTreeMap::new();
        let mut best: Option<(String, Technology, f64)> = None;
        let cells = bests
            .into_iter()
            .map(|((technology, operator), b)| {
                let c = Class::of(&b, &config.thresholds.for_technology(technology));
                let e = by_technology.entry(technology).or_insert(Class::None);
                *e = (*e).max(c);
                if config.is_broadband(technology) {
                    class = class.max(c);
                    let o = broadband_by_operator
                        .entry(operator.to_string())
                        .or_insert(Class::None);
                    *o = (*o).max(c);
                    if let Some(v) = b.dbm {
                        if best.as_ref().is_none_or(|x| v > x.2) {
                            best = Some((operator.to_string(), technology, v));
                        }
                    }
                }
                Cell {
                    technology,
                    operator: operator.to_string(),
                    dbm: b.dbm,
                    unknown: b.unknown,
                    class: c,
                }
            })
            .collect();
        PlaceSignal {
            cells,
            by_technology,
            class,
            broadband_by_operator,
            best,
            computed: true,
        }
    }

    /// The class of one operator's technology (none when it has no reading,
    /// unknown when the place was not computed).
    pub fn class_of(&self, technology: Technology, operator: &str) -> Class {
        if !self.computed {
            return Class::Unknown;
        }
        self.cells
            .iter()
            .find(|c| c.technology == technology && c.operator == operator)
            .map_or(Class::None, |c| c.class)
    }

    /// The cell of one operator's technology, if it has a reading.
    pub fn cell(&self, technology: Technology, operator: &str) -> Option<&Cell> {
        self.cells
            .iter()
            .find(|c| c.technology == technology && c.operator == operator)
    }
}

/// What a coverage figure counts: a technology (or mobile broadband, any
/// of the configured technologies), by any operator or by one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Service {
    /// The technology, or `None` for mobile broadband.
    pub technology: Option<Technology>,
    /// The operator, or `None` for any operator.
    pub operator: Option<String>,
}

impl Service {
    /// Whether a place's signal counts as covered for this service.
    ///
    /// ```
    /// use hatang_core::model::Technology::*;
    /// use hatang_scorecard::{PlaceSignal, Service, config::ScorecardConfig, signal::Reading};
    /// let rs = [Reading::new("viettel", Nr, Some(-110.0))];
    /// let p = PlaceSignal::classify(Some(&rs), &ScorecardConfig::default());
    /// let nr_viettel = Service { technology: Some(Nr), operator: Some("viettel".into()) };
    /// assert!(nr_viettel.covers(&p));
    /// assert!(!Service { technology: Some(Lte), operator: None }.covers(&p));
    /// assert!(Service { technology: None, operator: None }.covers(&p));
    /// ```
    pub fn covers(&self, p: &PlaceSignal) -> bool {
        match (&self.technology, &self.operator) {
            (None, None) => p.class.is_covered(),
            (Some(t), None) => p.by_technology.get(t).is_some_and(|c| c.is_covered()),
            (Some(t), Some(o)) => p.class_of(*t, o).is_covered(),
            (None, Some(o)) => p
                .broadband_by_operator
                .get(o)
                .is_some_and(|c| c.is_covered()),
        }
    }
}

/// A village's extent: its share of the commune, as a polygon when the
/// commune's boundary is known.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Extent {
    /// Outline (empty when only the area is known).
    pub ring: Vec<LatLon>,
    /// Area, m² (whole square metres, so that sums are exact).
    pub area_m2: u64,
    /// True when the outline or area is an approximation (a Voronoi cell
    /// of the villages inside an approximate commune boundary, or an equal
    /// split of the commune's area).
    pub approximate: bool,
}

/// The extents of villages: inside each commune with a boundary, the
/// Voronoi cells of its villages clipped to the boundary, their areas
/// scaled to add up to the commune's official area where it is known; in a
/// commune with only an area, an equal share of the area without outline.
/// Always approximate (villages have no surveyed boundaries). Villages of
/// communes with neither get no extent.
///
/// ```
/// use hatang_core::geo::LatLon;
/// use hatang_core::model::*;
/// let c = AdminUnit { key: UnitKey::new(AdminLevel::Commune, "00001", Date::REFORM_2025), valid_to: None,
///     name: "A".into(), unit_type: "xã".into(), parent_code: None, population: Some(2000), area_km2: Some(4.0),
///     centre: None, boundary: None, boundary_approximate: false, source: Source::Official };
/// let v = |id: &str, lon: f64| Village { id: id.into(), name: id.into(), kind: VillageKind::Thon,
///     commune_code: "00001".into(), point: LatLon::new(21.0, lon), population: Some(1000), households: None,
///     difficult: false, grid_power: true, source: Source::Synthetic };
/// let e = hatang_scorecard::village_extents(&[c], &[v("a", 105.0), v("b", 105.01)]);
/// assert_eq!(e["a"].area_m2, 2_000_000);
/// assert!(e["a"].approximate && e["a"].ring.is_empty());
/// ```
pub fn village_extents(communes: &[AdminUnit], villages: &[Village]) -> HashMap<String, Extent> {
    let mut by_commune: BTreeMap<&str, Vec<&Village>> = BTreeMap::new();
    for v in villages {
        by_commune.entry(&v.commune_code).or_default().push(v);
    }
    let mut out = HashMap::with_capacity(villages.len());
    for c in communes {
        let Some(vs) = by_commune.get(c.key.code.as_str()) else {
            continue;
        };
        match (&c.boundary, c.area_km2) {
            (Some(ring), official) if ring.len() >= 3 => {
                let pts: Vec<LatLon> = vs.iter().map(|v| v.point).collect();
                let cells = voronoi_cells(&pts, ring);
                let areas: Vec<f64> = cells.iter().map(|c| polygon_area_km2(c) * 1e6).collect();
                let sum: f64 = areas.iter().sum();
                // Scale to the official area where known, so that the
                // villages of a commune add up to it exactly.
                let target = official
                    .filter(|a| a.is_finite() && *a > 0.0 && sum > 0.0)
                    .map(|a| (a * 1e6).round() as u64);
                let mut m2: Vec<u64> = match target {
                    Some(t) => areas
                        .iter()
                        .map(|a| (a / sum * t as f64).round() as u64)
                        .collect(),
                    None => areas.iter().map(|a| a.round() as u64).collect(),
                };
                if let (Some(t), Some(i)) = (target, (0..m2.len()).max_by_key(|&i| m2[i])) {
                    let got: u64 = m2.iter().sum();
                    m2[i] = (m2[i] + t).saturating_sub(got);
                }
                for ((v, cell), area_m2) in vs.iter().zip(cells).zip(m2) {
                    out.insert(
                        v.id.clone(),
                        Extent {
                            ring: cell,
                            area_m2,
                            approximate: true,
                        },
                    );
                }
            }
            (_, Some(a)) if a.is_finite() && a > 0.0 => {
                let each = (a * 1e6 / vs.len() as f64).round() as u64;
                for v in vs {
                    out.insert(
                        v.id.clone(),
                        Extent {
                            ring: Vec::new(),
                            area_m2: each,
                            approximate: true,
                        },
                    );
                }
            }
            _ => {}
        }
    }
    out
}

/// Up to `n` points spread evenly inside an extent's outline (a grid over
/// its bounding box, keeping the points inside), to ask the coverage
/// engine for the signal around a village. Empty for an extent without
/// outline.
///
/// ```
/// use hatang_core::geo::LatLon;
/// let o = LatLon::new(21.0, 105.0);
/// let ring = vec![o, o.destination(90.0, 1000.0), o.destination(90.0, 1000.0).destination(0.0, 1000.0), o.destination(0.0, 1000.0)];
/// let e = hatang_scorecard::Extent { ring, area_m2: 1_000_000, approximate: true };
/// let pts = hatang_scorecard::sample_points(&e, 9);
/// assert!(pts.len() >= 4 && pts.len() <= 9);
/// ```
pub fn sample_points(extent: &Extent, n: usize) -> Vec<LatLon> {
    let Some(b) = Bbox::around(extent.ring.iter().copied()) else {
        return Vec::new();
    };
    if n == 0 || extent.ring.len() < 3 {
        return Vec::new();
    }
    // Grow the grid until enough points fall inside (at most a few rounds).
    let mut k = (n as f64).sqrt().ceil().max(1.0) as usize;
    let mut best = Vec::new();
    for _ in 0..4 {
        let mut pts = Vec::new();
        for i in 0..k {
            for j in 0..k {
                let p = LatLon::new(
                    b.min_lat + (i as f64 + 0.5) / k as f64 * (b.max_lat - b.min_lat),
                    b.min_lon + (j as f64 + 0.5) / k as f64 * (b.max_lon - b.min_lon),
                );
                if point_in_ring(p, &extent.ring) {
                    pts.push(p);
                }
            }
        }
        if pts.len() > best.len() {
            best = pts;
        }
        if best.len() >= n {
            break;
        }
        k += (k / 2).max(1);
    }
    if best.len() > n {
        // Keep an even subset.
        let step = best.len() as f64 / n as f64;
        best = (0..n).map(|i| best[(i as f64 * step) as usize]).collect();
    }
    best
}

/// The share of a village's surroundings covered, from the signals at
/// sample points in its extent: per service, the covered samples out of
/// those whose class is known (unknown samples are left out of both).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Surroundings {
    /// Sample points asked for.
    pub samples: u32,
    /// Samples with a known broadband class.
    pub known: u32,
    /// Covered samples per service (only services with at least one).
    pub covered: BTreeMap<Service, u32>,
}

impl Surroundings {
    /// The share of known samples covered for a service (0–1), or `None`
    /// when no sample is known.
    pub fn share(&self, s: &Service) -> Option<f64> {
        (self.known > 0)
            .then(|| f64::from(self.covered.get(s).copied().unwrap_or(0)) / f64::from(self.known))
    }
}

/// Everything the scorecard knows about one village.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VillageResult {
    /// The village as stored.
    pub village: Village,
    /// People counted (population, or households × household size).
    pub people: u64,
    /// Households counted (households, or population ÷ household size).
    pub households: u64,
    /// Signal and classes at its point.
    pub signal: PlaceSignal,
    /// Its extent, if known.
    pub extent: Option<Extent>,
    /// Share of its surroundings covered, where its extent was sampled.
    pub surroundings: Option<Surroundings>,
}

impl VillageResult {
    /// The mobile-broadband class (the `class` column).
    pub fn class(&self) -> Class {
        self.signal.class
    }

    /// Area, m², of the extent covered for a service: the extent times the
    /// share of its surroundings covered where sampled, else the whole
    /// extent when the village's point is covered.
    pub fn area_covered_m2(&self, s: &Service) -> u64 {
        let Some(e) = &self.extent else { return 0 };
        match self.surroundings.as_ref().and_then(|x| x.share(s)) {
            Some(share) => (e.area_m2 as f64 * share).round() as u64,
            None if s.covers(&self.signal) => e.area_m2,
            None => 0,
        }
    }
}

/// The services a scorecard reports: mobile broadband, 4G and 5G, each by
/// any operator and by each of `operators`.
pub fn services(operators: &[String]) -> Vec<Service> {
    let mut out = Vec::new();
    for t in [None, Some(Technology::Lte), Some(Technology::Nr)] {
        out.push(Service {
            technology: t,
            operator: None,
        });
        for o in operators {
            out.push(Service {
                technology: t,
                operator: Some(o.clone()),
            });
        }
    }
    out
}

/// Signals at sample points around villages: village id → one entry per
/// sample point, `None` where the sample was not computed.
pub type SurroundingSignals = HashMap<String, Vec<Option<Vec<Reading>>>>;

/// Classifies every village from the signals at its point (`signals`,
/// keyed by village id) and, where given, at sample points around it
/// (`surroundings`: village id → the signals at each sample; a sample that
/// was not computed is `None`).
///
/// ```
/// use hatang_core::geo::LatLon;
/// use hatang_core::model::{*, Technology::*};
/// use hatang_scorecard::{classify_villages, Class, config::ScorecardConfig, signal::{Reading, SignalMap}};
/// let v = |id: &str| Village { id: id.into(), name: id.into(), kind: VillageKind::Thon,
///     commune_code: "00001".into(), point: LatLon::new(21.0, 105.0), population: Some(900), households: None,
///     difficult: false, grid_power: true, source: Source::Synthetic };
/// let mut s = SignalMap::default();
/// s.push("a", Reading::new("viettel", Lte, Some(-100.0)));
/// s.push("b", Reading::new("viettel", Lte, Some(-125.0)));
/// s.push("c", Reading::new("viettel", Lte, None));
/// let r = classify_villages(&[v("a"), v("b"), v("c"), v("d")], &s, None, &Default::default(), &ScorecardConfig::default());
/// let classes: Vec<Class> = r.iter().map(|x| x.class()).collect();
/// assert_eq!(classes, [Class::Good, Class::None, Class::Unknown, Class::Unknown]);
/// assert_eq!(r[0].households, 250); // 900 / 3.6
/// ```
pub fn classify_villages(
    villages: &[Village],
    signals: &SignalMap,
    surroundings: Option<&SurroundingSignals>,
    extents: &HashMap<String, Extent>,
    config: &ScorecardConfig,
) -> Vec<VillageResult> {
    villages
        .iter()
        .map(|v| {
            let signal = PlaceSignal::classify(signals.get(&v.id), config);
            let hh = config.people_per_household;
            let (people, households) = match (v.population, v.households) {
                (Some(p), Some(h)) => (u64::from(p), u64::from(h)),
                (Some(p), None) => (u64::from(p), (f64::from(p) / hh).round() as u64),
                (None, Some(h)) => ((f64::from(h) * hh).round() as u64, u64::from(h)),
                (None, None) => (0, 0),
            };
            let surroundings = surroundings
                .and_then(|m| m.get(&v.id))
                .map(|samples| surroundings_of(samples, config));
            VillageResult {
                village: v.clone(),
                people,
                households,
                signal,
                extent: extents.get(&v.id).cloned(),
                surroundings,
            }
        })
        .collect()
}

fn surroundings_of(samples: &[Option<Vec<Reading>>], config: &ScorecardConfig) -> Surroundings {
    let mut s = Surroundings {
        samples: samples.len() as u32,
        known: 0,
        covered: BTreeMap::new(),
    };
    for sample in samples {
        let p = PlaceSignal::classify(sample.as_deref(), config);
        if p.class == Class::Unknown {
            continue;
        }
        s.known += 1;
        for svc in covered_services(&p) {
            *s.covered.entry(svc).or_default() += 1;
        }
    }
    s
}

/// Every service a place's signal covers (each once).
fn covered_services(p: &PlaceSignal) -> BTreeSet<Service> {
    let mut out = BTreeSet::new();
    let svc = |technology: Option<Technology>, operator: Option<&str>| Service {
        technology,
        operator: operator.map(str::to_string),
    };
    for c in p.cells.iter().filter(|c| c.class.is_covered()) {
        out.insert(svc(Some(c.technology), Some(&c.operator)));
        out.insert(svc(Some(c.technology), None));
    }
    for (o, c) in &p.broadband_by_operator {
        if c.is_covered() {
            out.insert(svc(None, Some(o)));
            out.insert(svc(None, None));
        }
    }
    out
}

/// Operator ids that appear in a signal map, sorted.
pub fn operators_in(signals: &SignalMap) -> Vec<String> {
    let mut set = BTreeSet::new();
    for id in signals.ids() {
        for r in signals.get(id).unwrap_or(&[]) {
            set.insert(r.operator.clone());
        }
    }
    set.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use hatang_core::model::{AdminLevel, Date, Source, UnitKey, VillageKind};

    #[test]
    fn extents_add_up_to_the_official_area() {
        let o = LatLon::new(21.0, 105.0);
        let ring = vec![
            o,
            o.destination(90.0, 3000.0),
            o.destination(90.0, 3000.0).destination(0.0, 2000.0),
            o.destination(0.0, 2000.0),
        ];
        let mut c = AdminUnit {
            key: UnitKey::new(AdminLevel::Commune, "00001", Date::REFORM_2025),
            valid_to: None,
            name: "A".into(),
            unit_type: "xã".into(),
            parent_code: None,
            population: None,
            area_km2: Some(7.123_456_7),
            centre: None,
            boundary: Some(ring),
            boundary_approximate: true,
            source: Source::Synthetic,
        };
        let vs: Vec<Village> = (0..7)
            .map(|k| Village {
                id: format!("v{k}"),
                name: format!("v{k}"),
                kind: VillageKind::Thon,
                commune_code: "00001".into(),
                point: o.destination(20.0 + 9.0 * k as f64, 400.0 + 300.0 * k as f64),
                population: Some(100),
                households: None,
                difficult: false,
                grid_power: true,
                source: Source::Synthetic,
            })
            .collect();
        let e = village_extents(std::slice::from_ref(&c), &vs);
        let sum: u64 = e.values().map(|x| x.area_m2).sum();
        assert_eq!(sum, 7_123_457);
        assert!(e.values().all(|x| x.approximate && x.ring.len() >= 3));
        // Without an official area: the cells' own areas (6 km²).
        c.area_km2 = None;
        let e = village_extents(&[c], &vs);
        let sum: u64 = e.values().map(|x| x.area_m2).sum();
        assert!((sum as f64 - 6e6).abs() < 1e3, "{sum}");
    }
}
