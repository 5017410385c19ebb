//! Small hand-made provinces for the tests.

use hatang_core::geo::LatLon;
use hatang_core::model::*;
use hatang_scorecard::signal::{Reading, SignalMap};

pub fn commune(code: &str, area_km2: f64) -> AdminUnit {
    AdminUnit {
        key: UnitKey::new(AdminLevel::Commune, code, Date::REFORM_2025),
        valid_to: None,
        name: format!("Xã {code}"),
        unit_type: "xã".into(),
        parent_code: Some("25".into()),
        population: None,
        area_km2: Some(area_km2),
        centre: Some(LatLon::new(21.3, 105.3)),
        boundary: None,
        boundary_approximate: false,
        source: Source::Official,
    }
}

pub fn province() -> AdminUnit {
    AdminUnit {
        key: UnitKey::new(AdminLevel::Province, "25", Date::REFORM_2025),
        valid_to: None,
        name: "Phú Thọ".into(),
        unit_type: "tỉnh".into(),
        parent_code: None,
        population: None,
        area_km2: None,
        centre: None,
        boundary: None,
        boundary_approximate: false,
        source: Source::Official,
    }
}

pub fn village(id: &str, commune: &str, people: u32, difficult: bool) -> Village {
    Village {
        id: id.into(),
        name: format!("Thôn {id}"),
        kind: VillageKind::Thon,
        commune_code: commune.into(),
        point: LatLon::new(21.3, 105.3),
        population: Some(people),
        households: None,
        difficult,
        grid_power: true,
        source: Source::Synthetic,
    }
}

pub fn operators() -> Vec<String> {
    ["viettel", "vinaphone", "mobifone"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

/// Two communes, five villages with hand-made signals:
///
/// | village | commune | people | 4G | 5G |
/// |---|---|---|---|---|
/// | a | 00001 | 1000 | viettel −95 (good) | viettel −112 (fair) |
/// | b | 00001 | 600 | vinaphone −110 (fair) | — |
/// | c | 00001 | 400, difficult | viettel −130 (none) | — |
/// | d | 00002 | 800, difficult | unknown | — |
/// | e | 00002 | 300 | computed, nothing reaches | — |
pub fn small() -> (Dataset, SignalMap) {
    let ds = Dataset {
        units: vec![province(), commune("00001", 12.0), commune("00002", 8.0)],
        villages: vec![
            village("a", "00001", 1000, false),
            village("b", "00001", 600, false),
            village("c", "00001", 400, true),
            village("d", "00002", 800, true),
            village("e", "00002", 300, false),
        ],
        ..Dataset::default()
    };
    let mut s = SignalMap::default();
    s.push("a", Reading::new("viettel", Technology::Lte, Some(-95.0)));
    s.push("a", Reading::new("viettel", Technology::Nr, Some(-112.0)));
    s.push("a", Reading::new("viettel", Technology::Gsm, Some(-60.0)));
    s.push(
        "b",
        Reading::new("vinaphone", Technology::Lte, Some(-110.0)),
    );
    s.push("c", Reading::new("viettel", Technology::Lte, Some(-130.0)));
    s.push("c", Reading::new("viettel", Technology::Gsm, Some(-80.0)));
    s.push("d", Reading::new("viettel", Technology::Lte, None));
    s.computed("e");
    (ds, s)
}
