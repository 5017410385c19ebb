//! Importers: good files (spreadsheet CSV, GeoJSON), bad files (every
//! problem with file, row, column and reason), idempotence. Generic over
//! the backend.

use crate::common::{fixture, import, import_all, read};
use hatang_core::model::*;
use hatang_store::import::{import_bytes, import_file, ImportError, ImportKind, Location};
use hatang_store::{Format, Store, Table};

fn problems(e: ImportError) -> Vec<String> {
    match e {
        ImportError::Invalid(p) => p.issues.iter().map(|i| i.to_string()).collect(),
        other => panic!("expected problems, got {other}"),
    }
}

pub fn imports_a_spreadsheet_export(s: &mut dyn Store) {
    let r = import(s, ImportKind::Sites, "sites_vi.csv");
    assert_eq!(r.records, 4);
    assert_eq!(r.summary.inserted(), 4);
    assert_eq!(r.format, Format::Csv);
    assert_eq!(r.ignored_columns, ["Ghi chú", "STT"]);
    let site = s.site("PT_VTR_001").unwrap().unwrap();
    assert_eq!(site.point.lat, 21.3227);
    assert_eq!(site.point.lon, 105.4019);
    assert_eq!(site.structure, Structure::Tower);
    assert_eq!(site.structure_height_m, 42.0);
    assert_eq!(site.ground_elevation_m, Some(18.0));
    assert_eq!(site.operators, ["viettel"]);
    assert_eq!(site.owner, "viettel");
    assert_eq!(site.source, Source::Synthetic);
    let hb = s.site("PT_HB_001").unwrap().unwrap();
    assert_eq!(hb.structure, Structure::Rooftop);
    assert_eq!(hb.structure_height_m, 15.0);
    assert_eq!(hb.operators, ["viettel", "vinaphone"]);
    assert_eq!(hb.commune_code.as_deref(), Some("04792"));
    assert_eq!(
        s.site("PT_VY_001").unwrap().unwrap().ground_elevation_m,
        Some(12.5)
    );

    let r = import(s, ImportKind::Sectors, "sectors_vi.csv");
    assert_eq!(r.summary.inserted(), 7);
    let all = s.sectors(None, None).unwrap();
    let get = |id: &str| all.iter().find(|x| x.id == id).unwrap().clone();
    let l18 = get("PT_VTR_001-L18-2");
    assert_eq!(l18.operator, "viettel");
    assert_eq!(l18.technology, Technology::Lte);
    assert_eq!(l18.band_mhz, 1800);
    assert_eq!(l18.frequency_mhz, 1842.5); // the band's centre
    assert_eq!(l18.azimuth_deg, 120.0);
    assert_eq!(l18.gain_dbi, 17.5);
    assert_eq!(l18.on_air_date, Some("2020-03-01".parse().unwrap()));
    let u21 = get("PT_VTR_002-U21-1");
    assert_eq!((u21.operator.as_str(), u21.band_mhz), ("vinaphone", 2100));
    assert_eq!(u21.tx_power_dbm, 43.0);
    assert_eq!(u21.feeder_loss_db, 1.5);
    let l26 = get("PT_VTR_002-L26-1");
    assert_eq!((l26.operator.as_str(), l26.band_mhz), ("mobifone", 2600));
    assert!((l26.tx_power_dbm - 43.0103).abs() < 1e-3); // 20 W
    let g9 = get("PT_HB_001-G9-1");
    assert_eq!((g9.technology, g9.bandwidth_mhz), (Technology::Gsm, 0.2));
    let n78 = get("PT_VY_001-N35-1");
    assert_eq!((n78.band_mhz, n78.status), (3500, SectorStatus::Planned));
}

pub fn importing_twice_changes_nothing(s: &mut dyn Store) {
    import_all(s);
    let history = s.history(None, None).unwrap().len();
    let counts = s.counts().unwrap();
    for (kind, name) in [
        (ImportKind::Units, "units.csv"),
        (ImportKind::Mappings, "mappings.csv"),
        (ImportKind::Sites, "sites_vi.csv"),
        (ImportKind::Sectors, "sectors_vi.csv"),
        (ImportKind::Villages, "villages.csv"),
        (ImportKind::Villages, "villages.geojson"),
        (ImportKind::Zones, "zones.geojson"),
        (ImportKind::Indicators, "indicators.csv"),
    ] {
        let r = import(s, kind, name);
        assert_eq!(
            (r.summary.inserted(), r.summary.updated()),
            (0, 0),
            "{name}: {r}"
        );
        assert_eq!(r.summary.unchanged(), r.records, "{name}");
        assert!(r.records > 0);
    }
    assert_eq!(s.history(None, None).unwrap().len(), history);
    assert_eq!(s.counts().unwrap(), counts);
}

pub fn imports_geojson_villages_and_zones(s: &mut dyn Store) {
    let r = import(s, ImportKind::Villages, "villages.geojson");
    assert_eq!(r.format, Format::GeoJson);
    assert_eq!(r.ignored_columns, ["osm_id"]);
    let v = s.villages(Some("04828")).unwrap();
    assert_eq!(v.len(), 2);
    assert_eq!(v[0].point, hatang_core::geo::LatLon::new(21.3356, 105.4123));
    assert_eq!(v[0].kind, VillageKind::Other);
    assert_eq!(v[0].source, Source::Osm);
    assert_eq!(
        (v[1].kind, v[1].population, v[1].difficult),
        (VillageKind::Thon, Some(640), true)
    );

    import(s, ImportKind::Villages, "villages.csv");
    let v = s.villages(Some("04891")).unwrap();
    assert_eq!(v.len(), 1, "a code written 4891 is 04891");
    assert_eq!(
        (v[0].kind, v[0].difficult, v[0].grid_power),
        (VillageKind::Ban, true, false)
    );
    assert_eq!(s.villages(Some("04792")).unwrap()[1].population, Some(1240));

    import(s, ImportKind::Zones, "zones.geojson");
    let z = s.zones().unwrap();
    let kcn = z.iter().find(|z| z.id == "kcn-thuy-van").unwrap();
    assert_eq!(
        kcn.polygon.as_ref().unwrap().len(),
        4,
        "closing vertex dropped"
    );
    assert!((kcn.point.lat - 21.3525).abs() < 1e-9 && (kcn.point.lon - 105.385).abs() < 1e-9);
    assert!(kcn.approximate);
    let ubnd = z.iter().find(|z| z.id == "ubnd-tinh").unwrap();
    assert_eq!(
        (ubnd.commune_code.as_deref(), ubnd.approximate),
        (None, false)
    );
}

pub fn imports_units_mappings_and_indicators(s: &mut dyn Store) {
    let r = import(s, ImportKind::Units, "units.csv");
    assert_eq!(r.summary.inserted(), 15);
    let r = import(s, ImportKind::Mappings, "mappings.csv");
    assert_eq!(r.summary.inserted(), 12);
    let m = s.mappings().unwrap();
    let split: Vec<_> = m.iter().filter(|m| m.old.code == "04891").collect();
    assert_eq!(split.len(), 2);
    assert_eq!(split.iter().map(|m| m.share).sum::<f64>(), 1.0);
    assert!(m
        .iter()
        .any(|m| m.old.code == "04888" && m.new.code == "04891"));
    let r = import(s, ImportKind::Indicators, "indicators.csv");
    assert_eq!(r.summary.inserted(), 5);
    let i = s.indicators(Some("bts_count"), None).unwrap();
    assert_eq!(i[0].value, 3648.0);
    assert_eq!(i[0].unit.valid_from.to_string(), "2008-08-01");
    let f = s.indicators(Some("fibre_household_share"), None).unwrap();
    assert_eq!(f[0].value, 73.17);
}

pub fn every_problem_is_reported_with_row_and_column(s: &mut dyn Store) {
    let err = import_file(s, ImportKind::Sites, &fixture("sites_bad.csv"), "tester").unwrap_err();
    let shown = err.to_string();
    let p = problems(err);
    let file = fixture("sites_bad.csv").display().to_string();
    let want = [
        "row 3, column lat: 95 is not a latitude",
        "row 4, column operators: unknown operator 'gmobile'",
        "row 5, column structure_height_m: 500 is outside 1–150 m",
        "row 6, column lon: is required",
        "row 7, column structure_height_m: 'abc' is not a number",
        "row 8, column id: duplicate key 'B1', already on row 2",
        "row 9, column structure: unknown structure 'igloo'",
        "row 10, column lon: 21.300000,100.000000 is outside Vietnam",
    ];
    assert_eq!(p.len(), want.len(), "{p:#?}");
    for (got, want) in p.iter().zip(want) {
        assert!(
            got.starts_with(&format!("{file}, {want}")),
            "{got} / {want}"
        );
    }
    assert!(
        shown.contains("import refused, nothing stored: 8 problems"),
        "{shown}"
    );
    assert!(s.sites().unwrap().is_empty());

    import(s, ImportKind::Sites, "sites_vi.csv");
    let p = problems(
        import_file(
            s,
            ImportKind::Sectors,
            &fixture("sectors_bad.csv"),
            "tester",
        )
        .unwrap_err(),
    );
    let want = [
        "row 2, column azimuth_deg: 400 is outside 0–360°",
        "row 3, column site_id: no site 'NOPE'",
        "row 4, column operator: 'mobifone' is not among the operators of site 'PT_VTR_001'",
        "row 5, column band_mhz: 3500 MHz is not a 2G band",
        "row 6, column technology: unknown technology '6G'",
        "row 7, column tx_power_dbm: 99 dBm is outside",
    ];
    assert_eq!(p.len(), want.len(), "{p:#?}");
    for (got, want) in p.iter().zip(want) {
        assert!(got.contains(want), "{got} / {want}");
    }
    assert!(s.sectors(None, None).unwrap().is_empty());
}

pub fn headers_are_checked(s: &mut dyn Store) {
    let csv = "Mã trạm;Kinh độ;Độ cao\n1;105;30\n";
    let p = problems(
        import_bytes(s, ImportKind::Sites, "x.csv", csv.as_bytes(), None, "t").unwrap_err(),
    );
    assert_eq!(p.len(), 2, "{p:#?}");
    assert!(
        p[0].starts_with("x.csv, row 1, column lat: required column is missing"),
        "{}",
        p[0]
    );
    assert!(p[1].contains("column operators"), "{}", p[1]);

    let csv = "id,lat,Vĩ độ,lon,structure_height_m,operators\n";
    let p = problems(
        import_bytes(s, ImportKind::Sites, "x.csv", csv.as_bytes(), None, "t").unwrap_err(),
    );
    assert!(
        p[0].contains("'lat' and 'Vĩ độ' both name column lat"),
        "{p:?}"
    );

    let p = problems(
        import_bytes(s, ImportKind::Sites, "x.csv", b"foo,bar\n1,2\n", None, "t").unwrap_err(),
    );
    assert!(p[0].starts_with("x.csv: no header row"), "{p:?}");

    // A title above the header is skipped; rows keep their numbers.
    let csv = "DANH SÁCH TRẠM BTS\n\nid,lat,lon,structure_height_m,operators\nA,21.3,105.4,30,viettel\nB,91,105.4,30,viettel\n";
    let p = problems(
        import_bytes(s, ImportKind::Sites, "t.csv", csv.as_bytes(), None, "t").unwrap_err(),
    );
    assert_eq!(
        p,
        ["t.csv, row 5, column lat: 91 is not a latitude (−90 to 90)"]
    );
}

pub fn many_problems_are_summarised(s: &mut dyn Store) {
    let mut csv = String::from("id,lat,lon,structure_height_m,operators\n");
    for i in 0..50 {
        csv.push_str(&format!("S{i},99,105.4,30,viettel\n"));
    }
    let err =
        import_bytes(s, ImportKind::Sites, "many.csv", csv.as_bytes(), None, "t").unwrap_err();
    assert_eq!(err.issues().len(), 50);
    let shown = err.to_string();
    assert!(shown.contains("50 problems"));
    assert!(shown.contains("many.csv, row 21, column lat"));
    assert!(!shown.contains("many.csv, row 22,"));
    assert!(shown.ends_with("… and 30 more"), "{shown}");
    assert!(matches!(err.issues()[0].location, Location::Row(2)));
}

pub fn geojson_problems_name_the_feature(s: &mut dyn Store) {
    let gj = br#"{"type":"FeatureCollection","features":[
        {"type":"Feature","geometry":{"type":"Point","coordinates":[105.4,21.3]},"properties":{"id":"a","name":"A","commune_code":"04792"}},
        {"type":"Feature","geometry":{"type":"Point","coordinates":[105.4,95]},"properties":{"id":"b","name":"B","commune_code":"04792"}},
        {"type":"Feature","geometry":{"type":"LineString","coordinates":[[105.4,21.3],[105.5,21.3]]},"properties":{"id":"c","name":"C","commune_code":"04792"}},
        {"type":"Feature","geometry":null,"properties":{"id":"a","name":"D","commune_code":"04792","lat":21.2,"lon":105.2}}
    ]}"#;
    let p =
        problems(import_bytes(s, ImportKind::Villages, "v.geojson", gj, None, "t").unwrap_err());
    assert_eq!(p.len(), 3, "{p:#?}");
    assert!(
        p[0].starts_with("v.geojson, feature 2, column lat: 95"),
        "{}",
        p[0]
    );
    assert!(
        p[1].starts_with("v.geojson, feature 3: a LineString geometry"),
        "{}",
        p[1]
    );
    assert_eq!(
        p[2],
        "v.geojson, feature 4, column id: duplicate key 'a', already on feature 1"
    );
    assert!(s.villages(None).unwrap().is_empty());
}

pub fn an_update_by_import_is_history(s: &mut dyn Store) {
    import(s, ImportKind::Sites, "sites_vi.csv");
    let csv = read("sites_vi.csv");
    let text = String::from_utf8(csv)
        .unwrap()
        .replace(";42;Viettel;", ";45;Viettel;");
    let r = import_bytes(
        s,
        ImportKind::Sites,
        "sites_vi.csv",
        text.as_bytes(),
        None,
        "bob",
    )
    .unwrap();
    assert_eq!(
        (
            r.summary.inserted(),
            r.summary.updated(),
            r.summary.unchanged()
        ),
        (0, 1, 3)
    );
    let h = s.history(Some(Table::Sites), Some("PT_VTR_001")).unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[1].actor, "bob");
    assert_eq!(h[1].before.as_ref().unwrap()["structure_height_m"], 42.0);
    assert_eq!(h[1].after.as_ref().unwrap()["structure_height_m"], 45.0);
}
