//! The province computed directly from its villages equals the sum of its
//! communes, both ways: province = Σ communes, and each commune = its
//! villages (so Σ over communes of their villages = the province's
//! villages).

use crate::common::{commune, operators, province};
use hatang_core::geo::LatLon;
use hatang_core::model::*;
use hatang_scorecard::config::ScorecardConfig;
use hatang_scorecard::signal::{Reading, SignalMap};
use hatang_scorecard::{Figures, Inputs, Scorecard, SurroundingSignals, UnitRef};
use proptest::prelude::*;

/// A village of the spec: commune index, population, households,
/// difficult, computed (0: not), readings (operator, technology, dBm),
/// surrounding samples.
type VillageSpec = (
    usize,
    Option<u32>,
    Option<u32>,
    bool,
    u8,
    Vec<(u8, u8, Option<i16>)>,
    u8,
);

#[derive(Debug, Clone)]
struct Spec {
    communes: Vec<bool>, // has a boundary
    villages: Vec<VillageSpec>,
}

fn spec() -> impl Strategy<Value = Spec> {
    let reading = (
        0u8..4,
        0u8..4,
        proptest::option::weighted(0.85, -140i16..-60),
    );
    let village = (
        0usize..7, // commune index (6 = not a commune: unassigned)
        proptest::option::weighted(0.8, 0u32..3000),
        proptest::option::weighted(0.5, 0u32..800),
        any::<bool>(),
        0u8..4, // 0: not computed, else computed
        proptest::collection::vec(reading, 0..6),
        0u8..6, // surroundings samples
    );
    (
        proptest::collection::vec(any::<bool>(), 1..6),
        proptest::collection::vec(village, 0..40),
    )
        .prop_map(|(communes, villages)| Spec { communes, villages })
}

fn build(spec: &Spec) -> (Dataset, SignalMap, SurroundingSignals) {
    let ops = ["viettel", "vinaphone", "mobifone", "vietnamobile"];
    let mut ds = Dataset::default();
    ds.units.push(province());
    for (i, has_boundary) in spec.communes.iter().enumerate() {
        let mut c = commune(&format!("{:05}", i + 1), 5.0 + i as f64);
        if *has_boundary {
            let o = LatLon::new(21.0 + 0.05 * i as f64, 105.0);
            c.boundary = Some(vec![
                o,
                o.destination(90.0, 3000.0),
                o.destination(90.0, 3000.0).destination(0.0, 2000.0),
                o.destination(0.0, 2000.0),
            ]);
            c.boundary_approximate = true;
        }
        ds.units.push(c);
    }
    let mut signals = SignalMap::default();
    let mut around = SurroundingSignals::new();
    for (k, (ci, pop, hh, difficult, computed, readings, samples)) in
        spec.villages.iter().enumerate()
    {
        let id = format!("v{k}");
        let ci = (*ci).min(spec.communes.len()); // == len: unassigned
        let code = format!(
            "{:05}",
            if ci == spec.communes.len() {
                99
            } else {
                ci + 1
            }
        );
        let o = LatLon::new(21.0 + 0.05 * ci as f64, 105.0);
        ds.villages.push(Village {
            id: id.clone(),
            name: id.clone(),
            kind: VillageKind::Thon,
            commune_code: code,
            point: o.destination(45.0 + 7.0 * k as f64, 300.0 + 40.0 * k as f64),
            population: *pop,
            households: *hh,
            difficult: *difficult,
            grid_power: true,
            source: Source::Synthetic,
        });
        let rs: Vec<Reading> = readings
            .iter()
            .map(|(o, t, dbm)| {
                Reading::new(
                    ops[*o as usize],
                    Technology::ALL[*t as usize],
                    dbm.map(f64::from),
                )
            })
            .collect();
        if *computed > 0 {
            signals.insert(id.clone(), rs.clone());
        }
        if *samples > 0 {
            let s: Vec<Option<Vec<Reading>>> = (0..*samples)
                .map(|j| (j % 3 != 2).then(|| rs.iter().skip(j as usize % 2).cloned().collect()))
                .collect();
            around.insert(id, s);
        }
    }
    (ds, signals, around)
}

fn check(spec: &Spec) -> Result<(), TestCaseError> {
    let (ds, signals, around) = build(spec);
    let ops = operators();
    let mut inputs = Inputs::new(&ds, &signals, &ops, "2026-Q1");
    inputs.surroundings = Some(&around);
    let sc = Scorecard::build(&inputs, &ScorecardConfig::default(), &[]).unwrap();
    // Way 1: the province computed directly equals the sum of its communes.
    let summed = Figures::sum(sc.province.unit.clone(), &sc.operators, &sc.communes);
    prop_assert_eq!(&summed, &sc.province);
    // Way 2: each commune is exactly its villages, and the communes'
    // villages together are the province's villages.
    let mut seen = 0u64;
    for c in &sc.communes {
        let direct = Figures::from_villages(
            c.unit.clone(),
            &sc.operators,
            sc.villages_of(Some(&c.unit.key.code)),
        );
        prop_assert_eq!(&direct, c);
        seen += c.all.total.villages;
    }
    prop_assert_eq!(seen + sc.unassigned.len() as u64, sc.villages.len() as u64);
    // And field by field, for readable failures.
    for (s, t) in &sc.province.all.covered {
        let sum: u64 = sc.communes.iter().map(|c| c.all.covered(s).people).sum();
        prop_assert_eq!(sum, t.people, "{:?}", s);
        let sum: u64 = sc.communes.iter().map(|c| c.all.covered(s).area_m2).sum();
        prop_assert_eq!(sum, t.area_m2, "{:?}", s);
    }
    let gaps: usize = sc.communes.iter().map(|c| c.gaps.len()).sum();
    prop_assert_eq!(gaps, sc.province.gaps.len());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn issue_5_province_equals_sum_of_communes_both_ways(spec in spec()) {
        check(&spec)?;
    }
}

#[test]
fn issue_5_province_equals_sum_of_communes_small() {
    let (ds, s) = crate::common::small();
    let ops = operators();
    let sc = Scorecard::build(
        &Inputs::new(&ds, &s, &ops, "2026-Q1"),
        &ScorecardConfig::default(),
        &[],
    )
    .unwrap();
    let summed = Figures::sum(sc.province.unit.clone(), &sc.operators, &sc.communes);
    assert_eq!(summed, sc.province);
    assert_eq!(sc.province.all.total.people, 3100);
    assert_eq!(sc.province.all.total.area_m2, 20_000_000);
    assert_eq!(sc.province.unit, UnitRef::of(&crate::common::province()));
}
