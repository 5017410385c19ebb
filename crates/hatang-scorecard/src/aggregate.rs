//! Per commune and for the province: villages, people, households and area
//! covered by mobile broadband, 4G and 5G, by any operator and by each; the
//! villages by class; the villages with no or weak signal ("vùng lõm
//! sóng"), by population; and the same figures for the especially
//! difficult villages on their own.
//!
//! Every figure is an integer (areas in whole m²), so the province's
//! figures computed directly from its villages equal the sums of its
//! communes' figures exactly: [`Figures::from_villages`] and
//! [`Figures::sum`] give equal values.

use crate::village::{services, Class, Service, VillageResult};
use hatang_core::model::{AdminLevel, AdminUnit, UnitKey};
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::AddAssign;

/// Counts of villages, people, households and area.
///
/// ```
/// use hatang_scorecard::Tally;
/// let mut a = Tally { villages: 2, people: 1500, households: 400, area_m2: 3_000_000 };
/// a += Tally { villages: 1, people: 500, households: 150, area_m2: 1_000_000 };
/// assert_eq!(a.villages, 3);
/// assert_eq!(a.area_km2(), 4.0);
/// let total = Tally { villages: 4, people: 4000, households: 1000, area_m2: 8_000_000 };
/// assert_eq!(a.share_of(&total).people, Some(0.5));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Villages.
    pub villages: u64,
    /// People.
    pub people: u64,
    /// Households.
    pub households: u64,
    /// Area, m².
    pub area_m2: u64,
}

impl AddAssign for Tally {
    fn add_assign(&mut self, o: Tally) {
        self.villages += o.villages;
        self.people += o.people;
        self.households += o.households;
        self.area_m2 += o.area_m2;
    }
}

/// A tally as shares (0–1) of a total; `None` where the total is zero.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Shares {
    /// Share of villages.
    pub villages: Option<f64>,
    /// Share of people.
    pub people: Option<f64>,
    /// Share of households.
    pub households: Option<f64>,
    /// Share of area.
    pub area: Option<f64>,
}

impl Tally {
    /// Area, km².
    pub fn area_km2(&self) -> f64 {
        self.area_m2 as f64 / 1e6
    }

    /// This tally as shares of `total`.
    pub fn share_of(&self, total: &Tally) -> Shares {
        let s = |a: u64, b: u64| (b > 0).then(|| a as f64 / b as f64);
        Shares {
            villages: s(self.villages, total.villages),
            people: s(self.people, total.people),
            households: s(self.households, total.households),
            area: s(self.area_m2, total.area_m2),
        }
    }

    fn of_village(v: &VillageResult) -> Tally {
        Tally {
            villages: 1,
            people: v.people,
            households: v.households,
            area_m2: v.extent.as_ref().map_or(0, |e| e.area_m2),
        }
    }
}

/// The figures of one set of villages (all of a unit's, or its especially
/// difficult ones).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    /// Every village of the set (area: the sum of the villages' extents).
    pub total: Tally,
    /// By mobile-broadband class.
    pub by_class: BTreeMap<Class, Tally>,
    /// Covered (at least fair) per service: villages, people and
    /// households whose point is covered; area covered (see
    /// [`VillageResult::area_covered_m2`]).
    pub covered: BTreeMap<Service, Tally>,
}

impl Part {
    /// An empty part with a zero entry for every class and for every
    /// service of `operators`.
    pub fn new(operators: &[String]) -> Part {
        Part {
            total: Tally::default(),
            by_class: [Class::Good, Class::Fair, Class::None, Class::Unknown]
                .into_iter()
                .map(|c| (c, Tally::default()))
                .collect(),
            covered: services(operators)
                .into_iter()
                .map(|s| (s, Tally::default()))
                .collect(),
        }
    }

    /// Adds one village.
    pub fn add_village(&mut self, v: &VillageResult) {
        let t = Tally::of_village(v);
        self.total += t;
        *self.by_class.entry(v.class()).or_default() += t;
        for (s, tally) in self.covered.iter_mut() {
            let area_m2 = v.area_covered_m2(s);
            if s.covers(&v.signal) {
                *tally += Tally { area_m2, ..t };
            } else if area_m2 > 0 {
                // The point is not covered, but part of the surroundings is.
                *tally += Tally {
                    area_m2,
                    ..Tally::default()
                };
            }
        }
    }

    /// Adds another part (same operators).
    pub fn add_part(&mut self, o: &Part) {
        self.total += o.total;
        for (c, t) in &o.by_class {
            *self.by_class.entry(*c).or_default() += *t;
        }
        for (s, t) in &o.covered {
            *self.covered.entry(s.clone()).or_default() += *t;
        }
    }

    /// The covered tally of a service (zero if not tracked).
    pub fn covered(&self, s: &Service) -> Tally {
        self.covered.get(s).copied().unwrap_or_default()
    }

    /// The tally of a class.
    pub fn class(&self, c: Class) -> Tally {
        self.by_class.get(&c).copied().unwrap_or_default()
    }
}

/// A village with no or weak signal ("vùng lõm sóng").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    /// Village id.
    pub village_id: String,
    /// Name.
    pub name: String,
    /// Commune code (2025).
    pub commune_code: String,
    /// People.
    pub people: u64,
    /// Households.
    pub households: u64,
    /// Class: none or fair (weak).
    pub class: Class,
    /// Especially difficult.
    pub difficult: bool,
    /// On the grid.
    pub grid_power: bool,
    /// Strongest broadband level, dBm, if any.
    pub best_dbm: Option<f64>,
}

impl Gap {
    fn of(v: &VillageResult) -> Gap {
        Gap {
            village_id: v.village.id.clone(),
            name: v.village.name.clone(),
            commune_code: v.village.commune_code.clone(),
            people: v.people,
            households: v.households,
            class: v.class(),
            difficult: v.village.difficult,
            grid_power: v.village.grid_power,
            best_dbm: v.signal.best.as_ref().map(|b| b.2),
        }
    }
}

/// Sorts gaps by people (most first), then id.
fn sort_gaps(g: &mut [Gap]) {
    g.sort_by(|a, b| {
        b.people
            .cmp(&a.people)
            .then_with(|| a.village_id.cmp(&b.village_id))
    });
}

/// Which unit a set of figures describes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitRef {
    /// Unit version.
    pub key: UnitKey,
    /// Name.
    pub name: String,
    /// Type ("xã", "phường", "tỉnh").
    pub unit_type: String,
}

impl UnitRef {
    /// The reference of a unit version.
    pub fn of(u: &AdminUnit) -> UnitRef {
        UnitRef {
            key: u.key.clone(),
            name: u.name.clone(),
            unit_type: u.unit_type.clone(),
        }
    }

    /// A reference with only a level and code (for a unit not in the data).
    pub fn bare(level: AdminLevel, code: &str, valid_from: hatang_core::model::Date) -> UnitRef {
        UnitRef {
            key: UnitKey::new(level, code, valid_from),
            name: code.to_string(),
            unit_type: String::new(),
        }
    }
}

/// The figures of one unit (a commune or the province).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// The unit.
    pub unit: UnitRef,
    /// All its villages.
    pub all: Part,
    /// Its especially difficult villages on their own.
    pub difficult: Part,
    /// Its villages with no or weak broadband signal, most people first.
    pub gaps: Vec<Gap>,
}

impl Figures {
    /// The figures of a set of villages, computed directly.
    ///
    /// ```
    /// use hatang_scorecard::{Figures, UnitRef};
    /// use hatang_core::model::{AdminLevel, Date};
    /// let f = Figures::from_villages(UnitRef::bare(AdminLevel::Province, "25", Date::REFORM_2025), &[], []);
    /// assert_eq!(f.all.total.villages, 0);
    /// ```
    pub fn from_villages<'a>(
        unit: UnitRef,
        operators: &[String],
        villages: impl IntoIterator<Item = &'a VillageResult>,
    ) -> Figures {
        let mut f = Figures {
            unit,
            all: Part::new(operators),
            difficult: Part::new(operators),
            gaps: Vec::new(),
        };
        for v in villages {
            f.all.add_village(v);
            if v.village.difficult {
                f.difficult.add_village(v);
            }
            if matches!(v.class(), Class::None | Class::Fair) {
                f.gaps.push(Gap::of(v));
            }
        }
        sort_gaps(&mut f.gaps);
        f
    }

    /// The sum of other units' figures (e.g. the province from its
    /// communes).
    pub fn sum<'a>(
        unit: UnitRef,
        operators: &[String],
        parts: impl IntoIterator<Item = &'a Figures>,
    ) -> Figures {
        let mut f = Figures {
            unit,
            all: Part::new(operators),
            difficult: Part::new(operators),
            gaps: Vec::new(),
        };
        for p in parts {
            f.all.add_part(&p.all);
            f.difficult.add_part(&p.difficult);
            f.gaps.extend(p.gaps.iter().cloned());
        }
        sort_gaps(&mut f.gaps);
        f
    }

    /// Villages with no signal at all (class none).
    pub fn no_signal(&self) -> impl Iterator<Item = &Gap> {
        self.gaps.iter().filter(|g| g.class == Class::None)
    }
}
