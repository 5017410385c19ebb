//! Targets: progress and what is left per unit.

use crate::common::{operators, small};
use hatang_core::geo::LatLon;
use hatang_core::model::*;
use hatang_scorecard::config::ScorecardConfig;
use hatang_scorecard::signal::{Reading, SignalMap};
use hatang_scorecard::targets::{default_targets, Status, TargetSet};
use hatang_scorecard::{Inputs, Scorecard};

fn zone(id: &str, kind: ZoneKind, commune: &str) -> Zone {
    Zone {
        id: id.into(),
        name: format!("Zone {id}"),
        kind,
        point: LatLon::new(21.3, 105.3),
        polygon: None,
        commune_code: Some(commune.into()),
        approximate: true,
        source: Source::Synthetic,
    }
}

fn site(id: &str, ops: &[&str], commune: &str) -> Site {
    Site {
        id: id.into(),
        name: id.into(),
        point: LatLon::new(21.3, 105.3),
        ground_elevation_m: None,
        structure: Structure::Tower,
        structure_height_m: 30.0,
        owner: ops[0].into(),
        operators: ops.iter().map(|s| s.to_string()).collect(),
        commune_code: Some(commune.into()),
        source: Source::Synthetic,
    }
}

#[test]
fn issue_5_targets_progress_and_what_is_left() {
    let (mut ds, s) = small();
    ds.zones = vec![
        zone("z1", ZoneKind::IndustrialZone, "00001"),
        zone("z2", ZoneKind::IndustrialZone, "00002"),
        zone("z3", ZoneKind::TouristSite, "00002"),
    ];
    ds.sites = vec![
        site("s1", &["viettel", "mobifone"], "00001"),
        site("s2", &["viettel"], "00001"),
        site("s3", &["vinaphone"], "00002"),
        site("s4", &["viettel"], "00002"),
    ];
    ds.indicators.push(Indicator {
        unit: UnitKey::new(AdminLevel::Province, "25", Date::REFORM_2025),
        key: "smartphone_share".into(),
        period: "2025-Q4".into(),
        value: 85.0,
        source: "report".into(),
    });
    let mut zs = SignalMap::default();
    zs.push("z1", Reading::new("viettel", Technology::Nr, Some(-100.0)));
    zs.push("z2", Reading::new("viettel", Technology::Nr, Some(-125.0)));
    let ops = operators();
    let mut inputs = Inputs::new(&ds, &s, &ops, "2026-Q1");
    inputs.zone_signals = Some(&zs);
    let targets = default_targets().targets;
    let sc = Scorecard::build(&inputs, &ScorecardConfig::default(), &targets).unwrap();
    let get = |id: &str, code: &str| {
        sc.targets
            .iter()
            .find(|p| p.target_id == id && p.unit.key.code == code)
            .unwrap_or_else(|| panic!("no progress for {id} in {code}"))
    };

    // 4G in every village: a and b of five → 40 %; left c (400, none) and
    // e (300, none), most people first, then d (800), unknown (neither
    // covered nor none). Due 2025: overdue.
    let p = get("4g_villages", "25");
    assert_eq!(p.value, Some(40.0));
    assert_eq!(p.status, Status::Overdue);
    assert_eq!((p.left_count, p.left_unknown), (Some(3.0), 1));
    assert!(
        p.left[0].starts_with("c ") && p.left[1].starts_with("e "),
        "{:?}",
        p.left
    );
    assert!(
        p.left[2].starts_with("d ") && p.left[2].contains("unknown"),
        "{:?}",
        p.left
    );
    // Per commune.
    let p = get("4g_villages", "00001");
    assert!((p.value.unwrap() - 200.0 / 3.0).abs() < 1e-9);
    assert_eq!(p.left.len(), 1);

    // 5G in every industrial zone: z1 yes, z2 no.
    let p = get("5g_industrial_zones", "25");
    assert_eq!(p.value, Some(50.0));
    assert_eq!(p.left, ["z2 Zone z2 (none)"]);
    assert_eq!(get("5g_industrial_zones", "00001").status, Status::Met);
    // Tourist sites (due 2030): z3 has no zone signal at all → unknown, left.
    let p = get("5g_tourist_and_agencies", "25");
    assert_eq!((p.value, p.status), (Some(0.0), Status::Behind));
    assert_eq!(p.left, ["z3 Zone z3 (unknown)"]);
    assert_eq!(p.left_unknown, 1);
    // No commune has a commune-centre zone: only the province row, no data.
    assert_eq!(get("5g_commune_centres", "25").status, Status::NoData);
    assert!(!sc
        .targets
        .iter()
        .any(|p| p.target_id == "5g_commune_centres" && p.unit.key.code == "00001"));

    // Shared towers: 1 of 4 = 25 %; 30 % needs ceil(1.2) − 1 = 1 more.
    let p = get("shared_towers", "25");
    assert_eq!((p.value, p.left_count), (Some(25.0), Some(1.0)));
    assert_eq!(get("shared_towers", "00001").value, Some(50.0));

    // Reported: smartphones 85 % of 100 %: 15 points left, as of 2025-Q4.
    let p = get("smartphone_adults", "25");
    assert_eq!(
        (p.value, p.left_count, p.as_of.as_str()),
        (Some(85.0), Some(15.0), "2025-Q4")
    );
    assert_eq!(p.left_unit, "%");
    assert_eq!(get("fibre_available", "25").status, Status::NoData);
}

#[test]
fn targets_are_data() {
    let text = default_targets().to_toml_string();
    let back = TargetSet::from_toml_str(&text).unwrap();
    assert_eq!(back, default_targets());
    let bad = text.replace("zones_5g_share", "zones_6g_share");
    assert!(TargetSet::from_toml_str(&bad).is_err());
    let mut t = default_targets();
    t.targets[0].scope.zone_kinds.push(ZoneKind::IndustrialZone);
    assert!(
        t.validate().is_err(),
        "a village indicator takes no zone kinds"
    );
}
