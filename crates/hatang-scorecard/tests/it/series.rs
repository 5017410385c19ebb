//! Indicators across the July 2025 merger, checked against values worked
//! by hand.

use hatang_core::model::*;
use hatang_scorecard::series::{harmonise, Method, Series};

fn old(level: AdminLevel, code: &str) -> UnitKey {
    UnitKey::new(level, code, "2020-01-01".parse().unwrap())
}

fn new(level: AdminLevel, code: &str) -> UnitKey {
    UnitKey::new(level, code, Date::REFORM_2025)
}

fn unit(key: UnitKey) -> AdminUnit {
    let is_old = key.valid_from < Date::REFORM_2025;
    AdminUnit {
        name: format!("{} {}", if is_old { "old" } else { "new" }, key.code),
        valid_to: is_old.then(|| Date::REFORM_2025.pred()),
        key,
        unit_type: "xã".into(),
        parent_code: None,
        population: None,
        area_km2: None,
        centre: None,
        boundary: None,
        boundary_approximate: false,
        source: Source::Official,
    }
}

fn map(o: UnitKey, n: UnitKey, share: f64) -> UnitMapping {
    UnitMapping {
        old: o,
        new: n,
        kind: if share < 1.0 {
            MergeKind::Partial
        } else {
            MergeKind::Full
        },
        share,
        note: String::new(),
    }
}

fn ind(unit: UnitKey, key: &str, period: &str, value: f64) -> Indicator {
    Indicator {
        unit,
        key: key.into(),
        period: period.into(),
        value,
        source: "hand".into(),
    }
}

/// Old communes A 00001, B 00002, C 00003 (split in halves), D 00004 and E
/// 00005; new X (00001: it kept A's code, as the reform did for seats) =
/// A + B + ½C, and Y (00004) = ½C + D + E. Old provinces 25 and 26 → new 25.
fn setup() -> Series {
    use AdminLevel::*;
    let c = |x: &str| old(Commune, x);
    let (x, y) = (new(Commune, "00001"), new(Commune, "00004"));
    let units = vec![
        unit(c("00001")),
        unit(c("00002")),
        unit(c("00003")),
        unit(c("00004")),
        unit(c("00005")),
        unit(x.clone()),
        unit(y.clone()),
        unit(old(Province, "25")),
        unit(old(Province, "26")),
        unit(new(Province, "25")),
    ];
    let mappings = vec![
        map(c("00001"), x.clone(), 1.0),
        map(c("00002"), x.clone(), 1.0),
        map(c("00003"), x.clone(), 0.5),
        map(c("00003"), y.clone(), 0.5),
        map(c("00004"), y.clone(), 1.0),
        map(c("00005"), y.clone(), 1.0),
        map(old(Province, "25"), new(Province, "25"), 1.0),
        map(old(Province, "26"), new(Province, "25"), 1.0),
    ];
    let mut i = Vec::new();
    // Period 1 (2024): old units.
    for (code, pop, fibre, smart) in [
        ("00001", 1000.0, 200.0, 50.0),
        ("00002", 3000.0, 900.0, 70.0),
        ("00003", 2000.0, 600.0, 80.0),
        ("00004", 1500.0, 100.0, 56.0),
    ] {
        i.push(ind(c(code), "population", "2024", pop));
        i.push(ind(c(code), "fibre_households", "2024", fibre));
        i.push(ind(c(code), "smartphone_share", "2024", smart));
    }
    // E reports a share but has no population anywhere.
    i.push(ind(c("00004"), "fibre_household_share", "2024", 40.0));
    i.push(ind(c("00005"), "fibre_household_share", "2024", 60.0));
    // 2023: only A and B report; no 2023 population (the nearest, 2024, is used).
    i.push(ind(c("00001"), "smartphone_share", "2023", 40.0));
    i.push(ind(c("00002"), "smartphone_share", "2023", 60.0));
    // Old province 25 (2022), as the demo has it.
    i.push(ind(old(Province, "25"), "smartphone_share", "2022", 81.03));
    // Period 2 (2026): the new units report themselves.
    i.push(ind(x.clone(), "fibre_households", "2026", 1500.0));
    i.push(ind(y.clone(), "fibre_households", "2026", 450.0));
    i.push(ind(x.clone(), "smartphone_share", "2026", 72.5));
    // Y also has a value carried from an old unit for 2026 (a late report
    // under the old code): the new unit's own value wins.
    i.push(ind(y.clone(), "smartphone_share", "2026", 66.0));
    i.push(ind(c("00004"), "smartphone_share", "2026", 10.0));
    harmonise(&units, &mappings, &i, Date::REFORM_2025)
}

fn value(s: &Series, code: &str, level: AdminLevel, key: &str, period: &str) -> (f64, Method) {
    let p = s
        .points
        .iter()
        .find(|p| p.unit == new(level, code) && p.key == key && p.period == period)
        .unwrap_or_else(|| panic!("no point {code} {key} {period}"));
    (p.value, p.method)
}

#[test]
fn issue_5_two_period_series_across_the_merger_matches_hand_worked_values() {
    use AdminLevel::Commune;
    let s = setup();
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;

    // fibre_households is a count (additive): sum, each old value × share.
    // X 2024 = A 200 × 1 + B 900 × 1 + C 600 × 0.5 = 200 + 900 + 300 = 1400
    let (v, m) = value(&s, "00001", Commune, "fibre_households", "2024");
    assert!(close(v, 1400.0), "{v}");
    assert_eq!(m, Method::Summed);
    // Y 2024 = C 600 × 0.5 + D 100 × 1 = 300 + 100 = 400
    let (v, _) = value(&s, "00004", Commune, "fibre_households", "2024");
    assert!(close(v, 400.0), "{v}");
    // 2026: reported by X and Y themselves.
    assert_eq!(
        value(&s, "00001", Commune, "fibre_households", "2026"),
        (1500.0, Method::Reported)
    );
    assert_eq!(
        value(&s, "00004", Commune, "fibre_households", "2026"),
        (450.0, Method::Reported)
    );

    // smartphone_share is a share: mean weighted by share × population.
    // X 2024 = (1·1000·50 + 1·3000·70 + 0.5·2000·80) / (1000 + 3000 + 0.5·2000)
    //        = (50,000 + 210,000 + 80,000) / 5,000 = 340,000 / 5,000 = 68
    let (v, m) = value(&s, "00001", Commune, "smartphone_share", "2024");
    assert!(close(v, 68.0), "{v}");
    assert_eq!(m, Method::PopulationWeighted);
    // Y 2024 = (0.5·2000·80 + 1·1500·56) / (0.5·2000 + 1500)
    //        = (80,000 + 84,000) / 2,500 = 164,000 / 2,500 = 65.6
    let (v, _) = value(&s, "00004", Commune, "smartphone_share", "2024");
    assert!(close(v, 65.6), "{v}");
    // 2026: X's own 72.5; Y's own 66 wins over D's late 10.
    assert_eq!(
        value(&s, "00001", Commune, "smartphone_share", "2026"),
        (72.5, Method::Reported)
    );
    assert_eq!(
        value(&s, "00004", Commune, "smartphone_share", "2026"),
        (66.0, Method::Reported)
    );

    // population (a count) 2024: X = 1000 + 3000 + 0.5·2000 = 5000; Y = 0.5·2000 + 1500 = 2500.
    assert!(close(
        value(&s, "00001", Commune, "population", "2024").0,
        5000.0
    ));
    assert!(close(
        value(&s, "00004", Commune, "population", "2024").0,
        2500.0
    ));

    // 2023: only A and B; weights from their nearest population (2024):
    // X 2023 = (1000·40 + 3000·60) / (1000 + 3000) = 220,000 / 4,000 = 55, C missing.
    let p = s
        .points
        .iter()
        .find(|p| {
            p.unit == new(Commune, "00001") && p.key == "smartphone_share" && p.period == "2023"
        })
        .unwrap();
    assert!(close(p.value, 55.0), "{}", p.value);
    assert_eq!(p.missing, [old(Commune, "00003")]);

    // E has no population: Y's fibre_household_share falls back to the
    // shares alone and says so: (1·40 + 1·60) / (1 + 1) = 50.
    let (v, m) = value(&s, "00004", Commune, "fibre_household_share", "2024");
    assert!(close(v, 50.0), "{v}");
    assert_eq!(m, Method::ShareWeighted);

    // The province: old Phú Thọ's 81.03 (2022) carried into the new
    // province, old Vĩnh Phúc (26) listed as missing.
    let p = s
        .points
        .iter()
        .find(|p| p.unit == new(AdminLevel::Province, "25") && p.key == "smartphone_share")
        .unwrap();
    assert_eq!((p.period.as_str(), p.value), ("2022", 81.03));
    assert_eq!(p.missing, [old(AdminLevel::Province, "26")]);

    // One line per unit and key, 2023 → 2026, in period order.
    let line: Vec<(&str, f64)> = s
        .points
        .iter()
        .filter(|p| p.unit == new(Commune, "00001") && p.key == "smartphone_share")
        .map(|p| (p.period.as_str(), p.value))
        .collect();
    assert_eq!(
        line.iter().map(|x| x.0).collect::<Vec<_>>(),
        ["2023", "2024", "2026"]
    );
    assert!(s.unresolved.is_empty());
}

#[test]
fn series_of_the_demo_carries_old_phu_tho_into_the_new_province() {
    let admin = hatang_data::admin::load().unwrap();
    let flat = |_p: hatang_core::geo::LatLon| Some(20.0);
    let demo =
        hatang_data::demo::generate(&hatang_data::demo::DemoConfig::default(), &flat).unwrap();
    let ds = &demo.dataset;
    let s = harmonise(&ds.units, &ds.mappings, &ds.indicators, Date::REFORM_2025);
    let p = s
        .points
        .iter()
        .find(|p| p.unit == admin.province_2025().key && p.key == "fibre_household_share")
        .unwrap();
    assert_eq!((p.period.as_str(), p.value), ("2022", 73.17));
    assert_eq!(
        p.missing.len(),
        2,
        "old Hòa Bình and Vĩnh Phúc did not report"
    );
}
