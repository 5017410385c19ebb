//! The 5G upgrade ranking.

use hatang_core::geo::LatLon;
use hatang_core::model::*;
use hatang_planner::analysis::Scope;
use hatang_planner::config::{FiveGWeights, StandardSector};
use hatang_planner::fiveg::rank_5g_upgrades;

fn site(id: &str, p: LatLon) -> Site {
    Site {
        id: id.into(),
        name: id.into(),
        point: p,
        ground_elevation_m: None,
        structure: Structure::Tower,
        structure_height_m: 40.0,
        owner: "viettel".into(),
        operators: vec!["viettel".into()],
        commune_code: None,
        source: Source::User,
    }
}

fn zone(id: &str, kind: ZoneKind, p: LatLon, polygon: Option<Vec<LatLon>>) -> Zone {
    Zone {
        id: id.into(),
        name: id.into(),
        kind,
        point: p,
        polygon,
        commune_code: None,
        approximate: true,
        source: Source::User,
    }
}

fn village(id: &str, p: LatLon, people: u32) -> Village {
    Village {
        id: id.into(),
        name: id.into(),
        kind: VillageKind::Thon,
        commune_code: "08611".into(),
        point: p,
        population: Some(people),
        households: None,
        difficult: false,
        grid_power: true,
        source: Source::User,
    }
}

#[test]
fn issue7_5g_ranks_a_site_serving_an_industrial_zone_and_a_commune_centre_first() {
    let a = LatLon::new(21.30, 105.30);
    let b = LatLon::new(21.40, 105.30);
    let mut ds = Dataset {
        sites: vec![site("A", a), site("B", b)],
        ..Dataset::default()
    };
    for s in ["A", "B"] {
        let mut sec = StandardSector::default().sectors_for(s, "viettel", 35.0);
        sec.iter_mut().for_each(|x| x.status = SectorStatus::OnAir);
        ds.sectors.extend(sec);
    }
    // B serves more people than A, but A serves an industrial zone (given
    // as a polygon around it) and a commune centre.
    ds.villages = vec![
        village("va", a.destination(90.0, 500.0), 1500),
        village("vb", b.destination(0.0, 500.0), 3000),
    ];
    let square: Vec<LatLon> = [45.0, 135.0, 225.0, 315.0]
        .iter()
        .map(|&br| a.destination(br, 3000.0))
        .collect();
    ds.zones = vec![
        zone(
            "kcn",
            ZoneKind::IndustrialZone,
            a.destination(0.0, 2600.0),
            Some(square),
        ),
        zone(
            "cc",
            ZoneKind::CommuneCentre,
            a.destination(180.0, 800.0),
            None,
        ),
    ];
    let r = rank_5g_upgrades(&ds, &Scope::Any, &FiveGWeights::default());
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].site_id, "A", "{r:#?}");
    assert_eq!(r[0].rank, 1);
    let kinds: Vec<ZoneKind> = r[0].zones.iter().map(|z| z.1).collect();
    assert!(kinds.contains(&ZoneKind::IndustrialZone) && kinds.contains(&ZoneKind::CommuneCentre));
    assert!(r[1].zones.is_empty());
    assert!(r[1].people > r[0].people);
    // A site that already has 5G is not ranked.
    let mut nr = StandardSector {
        technology: Technology::Nr,
        band_mhz: 3500,
        frequency_mhz: 3500.0,
        bandwidth_mhz: 100.0,
        ..StandardSector::default()
    }
    .sectors_for("A", "viettel", 30.0);
    nr.iter_mut().for_each(|x| x.status = SectorStatus::OnAir);
    ds.sectors.extend(nr);
    let r = rank_5g_upgrades(&ds, &Scope::Any, &FiveGWeights::default());
    assert_eq!(
        r.iter().map(|x| x.site_id.as_str()).collect::<Vec<_>>(),
        vec!["B"]
    );
}

#[test]
fn issue7_5g_weights_are_configuration() {
    let a = LatLon::new(21.30, 105.30);
    let b = LatLon::new(21.40, 105.30);
    let mut ds = Dataset {
        sites: vec![site("A", a), site("B", b)],
        ..Dataset::default()
    };
    for s in ["A", "B"] {
        let mut sec = StandardSector::default().sectors_for(s, "viettel", 35.0);
        sec.iter_mut().for_each(|x| x.status = SectorStatus::OnAir);
        ds.sectors.extend(sec);
    }
    ds.villages = vec![village("vb", b, 9000)];
    ds.zones = vec![zone("ts", ZoneKind::TouristSite, a, None)];
    let w = FiveGWeights::default();
    assert_eq!(rank_5g_upgrades(&ds, &Scope::Any, &w)[0].site_id, "B");
    let w = FiveGWeights {
        tourist_site: 20.0,
        ..w
    };
    assert_eq!(rank_5g_upgrades(&ds, &Scope::Any, &w)[0].site_id, "A");
}
