//! Export then import: CSV (and GeoJSON) of every table brings back the
//! same records. Generic over the backend: the second store comes from the
//! same opener as the first.

use crate::common::import_all;
use hatang_store::export::export_table;
use hatang_store::import::{import_bytes, ImportKind};
use hatang_store::{Format, Store, Table};

/// Every table's records, as debug text (comparable across stores).
fn contents(s: &dyn Store) -> Vec<String> {
    vec![
        format!("{:?}", s.units(None, None).unwrap()),
        format!("{:?}", s.mappings().unwrap()),
        format!("{:?}", s.operators().unwrap()),
        format!("{:?}", s.sites().unwrap()),
        format!("{:?}", s.sectors(None, None).unwrap()),
        format!("{:?}", s.villages(None).unwrap()),
        format!("{:?}", s.zones().unwrap()),
        format!("{:?}", s.indicators(None, None).unwrap()),
    ]
}

/// The order a fresh store takes the files in.
const ORDER: [ImportKind; 8] = [
    ImportKind::Operators,
    ImportKind::Units,
    ImportKind::Mappings,
    ImportKind::Sites,
    ImportKind::Sectors,
    ImportKind::Villages,
    ImportKind::Zones,
    ImportKind::Indicators,
];

fn round_trip(a: &mut dyn Store, b: &mut dyn Store, format: Format) {
    import_all(a);
    let mut files = Vec::new();
    for kind in ORDER {
        let mut out = Vec::new();
        let n = export_table(&*a, kind.table(), format, &mut out).unwrap();
        assert!(n > 0, "{kind}");
        files.push((kind, out));
    }
    // Into a fresh store: the same records.
    for (kind, bytes) in &files {
        let name = format!("{kind}.{}", format.extension());
        let r =
            import_bytes(b, *kind, &name, bytes, None, "tester").unwrap_or_else(|e| panic!("{e}"));
        assert!(r.ignored_columns.is_empty(), "{r}");
    }
    assert_eq!(contents(&*a), contents(&*b));
    // Into the store they came from: nothing changes.
    let history = a.history(None, None).unwrap().len();
    for (kind, bytes) in &files {
        let r = import_bytes(a, *kind, "again", bytes, Some(format), "tester").unwrap();
        assert!(!r.summary.changed(), "{kind}: {r}");
    }
    assert_eq!(a.history(None, None).unwrap().len(), history);
}

pub fn csv_export_imports_back(a: &mut dyn Store, b: &mut dyn Store) {
    round_trip(a, b, Format::Csv);
}

pub fn geojson_export_imports_back(a: &mut dyn Store, b: &mut dyn Store) {
    round_trip(a, b, Format::GeoJson);
}

pub fn geojson_export_is_valid_and_says_synthetic(s: &mut dyn Store) {
    import_all(s);
    for table in Table::ALL {
        let mut out = Vec::new();
        let n = export_table(&*s, table, Format::GeoJson, &mut out).unwrap();
        let gj: geojson::GeoJson = serde_json::from_slice(&out)
            .unwrap_or_else(|e| panic!("{table}: {e}\n{}", String::from_utf8_lossy(&out)));
        let geojson::GeoJson::FeatureCollection(fc) = gj else {
            panic!("{table}: not a FeatureCollection")
        };
        assert_eq!(fc.features.len(), n, "{table}");
        for f in &fc.features {
            let props = f.properties.as_ref().unwrap();
            let geometry = f.geometry.as_ref().map(|g| g.value.type_name());
            match table {
                Table::Sites | Table::Villages => assert_eq!(geometry, Some("Point")),
                Table::Sectors => {
                    assert_eq!(geometry, Some("Point"));
                    assert_eq!(props["source"], "synthetic");
                }
                Table::Zones => assert!(matches!(geometry, Some("Point" | "Polygon"))),
                Table::Mappings | Table::Operators | Table::History | Table::Indicators => {
                    assert_eq!(geometry, None)
                }
                Table::Units => {}
            }
            if table == Table::Sites {
                assert_eq!(props["source"], "synthetic");
                assert!(props["operators"].is_array());
            }
        }
    }
    let mut out = Vec::new();
    export_table(&*s, Table::Units, Format::GeoJson, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    // The one unit with a boundary has a closed Polygon.
    assert!(text.contains(
        r#"{"type":"Polygon","coordinates":[[[105.33,20.8],[105.37,20.8],[105.37,20.85],[105.33,20.85],[105.33,20.8]]]}"#
    ), "{text}");
}

pub fn csv_export_has_the_import_headers(s: &mut dyn Store) {
    import_all(s);
    let mut out = Vec::new();
    export_table(&*s, Table::Sites, Format::Csv, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,name,lat,lon,ground_elevation_m,structure,structure_height_m,owner,operators,commune_code,source"
    );
    assert_eq!(
        lines.nth(2).unwrap(),
        "PT_VTR_002,Việt Trì 2,21.3301,105.3902,,guyed,36,vinaphone,vinaphone|mobifone,,synthetic"
    );
    let mut out = Vec::new();
    let n = export_table(&*s, Table::History, Format::Csv, &mut out).unwrap();
    assert_eq!(n, s.history(None, None).unwrap().len());
    assert!(String::from_utf8(out)
        .unwrap()
        .starts_with("id,table,entity_id,action,actor,at,before,after\n"));
}
