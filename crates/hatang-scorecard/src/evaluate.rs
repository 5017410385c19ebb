//! Target evaluation: for each target and each unit of its scope, the
//! value reached and what is left.

use crate::aggregate::UnitRef;
use crate::scorecard::{Scorecard, Towers};
use crate::targets::{Target, TargetProgress};
use crate::village::{Class, Service, VillageResult};
use hatang_core::model::{indicator_key, parse_period, AdminLevel, Technology};

/// One unit to evaluate a target in.
struct Unit<'a> {
    unit: &'a UnitRef,
    /// `None`: the whole province.
    commune: Option<&'a str>,
}

pub(crate) fn evaluate(sc: &Scorecard, targets: &[Target]) -> Vec<TargetProgress> {
    let mut out = Vec::new();
    let assigned: std::collections::HashSet<&str> = sc
        .communes
        .iter()
        .map(|c| c.unit.key.code.as_str())
        .collect();
    for t in targets {
        let deadline_end = parse_period(&t.deadline).map(|p| p.1);
        let overdue = deadline_end.is_some_and(|d| sc.date > d);
        let mut units = Vec::new();
        if t.scope.levels.contains(&AdminLevel::Province) {
            units.push(Unit {
                unit: &sc.province.unit,
                commune: None,
            });
        }
        if t.scope.levels.contains(&AdminLevel::Commune) {
            units.extend(sc.communes.iter().map(|c| Unit {
                unit: &c.unit,
                commune: Some(c.unit.key.code.as_str()),
            }));
        }
        for u in units {
            let villages: Vec<&VillageResult> = sc
                .villages
                .iter()
                .filter(|v| match u.commune {
                    Some(c) => v.village.commune_code == c,
                    None => assigned.contains(v.village.commune_code.as_str()),
                })
                .collect();
            let mut p = TargetProgress {
                target_id: t.id.clone(),
                target_name: t.name.clone(),
                indicator: t.indicator.clone(),
                unit: u.unit.clone(),
                value: None,
                target: t.value,
                deadline: t.deadline.clone(),
                as_of: sc.period.clone(),
                status: crate::targets::Status::NoData,
                left_count: None,
                left_unit: String::new(),
                left_unknown: 0,
                left: Vec::new(),
            };
            let keep = match t.indicator.as_str() {
                "villages_4g_share"
                | "population_4g_share"
                | "villages_5g_share"
                | "villages_broadband_share" => {
                    let technology = match t.indicator.as_str() {
                        "villages_5g_share" => Some(Technology::Nr),
                        "villages_broadband_share" => None,
                        _ => Some(Technology::Lte),
                    };
                    let s = Service {
                        technology,
                        operator: None,
                    };
                    let by_people = t.indicator == "population_4g_share";
                    villages_progress(&mut p, &villages, &s, by_people);
                    !villages.is_empty() || u.commune.is_none()
                }
                "zones_5g_share" | "zones_4g_share" => {
                    let tech = if t.indicator == "zones_5g_share" {
                        Technology::Nr
                    } else {
                        Technology::Lte
                    };
                    let zones: Vec<_> = sc
                        .zones
                        .iter()
                        .filter(|z| t.scope.zone_kinds.contains(&z.zone.kind))
                        .filter(|z| {
                            u.commune
                                .is_none_or(|c| z.zone.commune_code.as_deref() == Some(c))
                        })
                        .collect();
                    let mut left: Vec<_> = zones
                        .iter()
                        .filter(|z| !z.class(tech).is_covered())
                        .collect();
                    // Known gaps first, then unknown; stable otherwise.
                    left.sort_by_key(|z| z.class(tech) == Class::Unknown);
                    p.left_unknown = left
                        .iter()
                        .filter(|z| z.class(tech) == Class::Unknown)
                        .count() as u64;
                    if !zones.is_empty() {
                        p.value =
                            Some(100.0 * (zones.len() - left.len()) as f64 / zones.len() as f64);
                    }
                    p.left_count = Some(left.len() as f64);
                    p.left_unit = "zones".into();
                    p.left = left
                        .iter()
                        .map(|z| format!("{} {} ({})", z.zone.id, z.zone.name, z.class(tech)))
                        .collect();
                    !zones.is_empty() || u.commune.is_none()
                }
                "shared_tower_share" => {
                    let towers = match u.commune {
                        None => sc.province_towers,
                        Some(c) => sc.towers.get(c).copied().unwrap_or_default(),
                    };
                    tower_progress(&mut p, towers);
                    towers.sites > 0 || u.commune.is_none()
                }
                key => {
                    let point = sc.series.latest(&u.unit.key, key);
                    if let Some(pt) = point {
                        p.value = Some(pt.value);
                        p.as_of = pt.period.clone();
                        p.left_count = Some((t.value - pt.value).max(0.0));
                    }
                    p.left_unit = indicator_key(key).map_or("", |k| k.unit).to_string();
                    point.is_some() || u.commune.is_none()
                }
            };
            if keep {
                p.status = TargetProgress::status_of(p.value, t.value, overdue);
                out.push(p);
            }
        }
    }
    out
}

fn villages_progress(
    p: &mut TargetProgress,
    villages: &[&VillageResult],
    s: &Service,
    people: bool,
) {
    let class_of = |v: &VillageResult| match s.technology {
        Some(t) => v.signal.by_technology.get(&t).copied().unwrap_or_default(),
        None => v.signal.class,
    };
    let mut left: Vec<&&VillageResult> = villages.iter().filter(|v| !s.covers(&v.signal)).collect();
    // Known gaps first (most people first), then the unknown ones.
    left.sort_by(|a, b| {
        (class_of(a) == Class::Unknown)
            .cmp(&(class_of(b) == Class::Unknown))
            .then_with(|| b.people.cmp(&a.people))
            .then_with(|| a.village.id.cmp(&b.village.id))
    });
    p.left_unknown = left
        .iter()
        .filter(|v| class_of(v) == Class::Unknown)
        .count() as u64;
    if people {
        let total: u64 = villages.iter().map(|v| v.people).sum();
        let missing: u64 = left.iter().map(|v| v.people).sum();
        if total > 0 {
            p.value = Some(100.0 * (total - missing) as f64 / total as f64);
        }
    } else if !villages.is_empty() {
        p.value = Some(100.0 * (villages.len() - left.len()) as f64 / villages.len() as f64);
    }
    p.left_count = Some(left.len() as f64);
    p.left_unit = "villages".into();
    let class_of = |v: &VillageResult| match s.technology {
        Some(t) => v.signal.by_technology.get(&t).copied().unwrap_or_default(),
        None => v.signal.class,
    };
    p.left = left
        .iter()
        .map(|v| {
            format!(
                "{} {} ({} people, {})",
                v.village.id,
                v.village.name,
                v.people,
                class_of(v)
            )
        })
        .collect();
}

fn tower_progress(p: &mut TargetProgress, towers: Towers) {
    p.value = towers.shared_pct();
    let need = (p.target / 100.0 * towers.sites as f64).ceil() - towers.shared as f64;
    p.left_count = Some(need.max(0.0));
    p.left_unit = "towers".into();
}
