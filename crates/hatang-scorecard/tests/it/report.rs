//! The report files: CSV with a `class` column, GeoJSON, an XLSX workbook.

use crate::common::{operators, small};
use hatang_scorecard::config::ScorecardConfig;
use hatang_scorecard::report::{tables, write_report};
use hatang_scorecard::targets::default_targets;
use hatang_scorecard::{Inputs, Scorecard};

#[test]
fn issue_5_report_writes_csv_geojson_and_xlsx() {
    let (ds, s) = small();
    let ops = operators();
    let sc = Scorecard::build(
        &Inputs::new(&ds, &s, &ops, "2026-Q1"),
        &ScorecardConfig::default(),
        &default_targets().targets,
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let written = write_report(&sc, dir.path()).unwrap();
    let names: Vec<String> = written
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for n in [
        "villages.csv",
        "communes.csv",
        "province.csv",
        "targets.csv",
        "series.csv",
        "gaps.csv",
        "zones.csv",
        "villages.geojson",
        "communes.geojson",
        "scorecard.xlsx",
    ] {
        assert!(names.iter().any(|x| x == n), "{n} missing from {names:?}");
    }

    // villages.csv: a `class` column with the classes.
    let mut r = csv::Reader::from_path(dir.path().join("villages.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let ci = h.iter().position(|c| c == "class").expect("class column");
    let classes: Vec<String> = r.records().map(|x| x.unwrap()[ci].to_string()).collect();
    assert_eq!(classes, ["good", "fair", "none", "unknown", "none"]);

    // province.csv: one row; 4G villages 2 of 5 = 40.00 %.
    let mut r = csv::Reader::from_path(dir.path().join("province.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    let col = |n: &str| {
        h.iter()
            .position(|c| c == n)
            .unwrap_or_else(|| panic!("{n}"))
    };
    assert_eq!(&rows[0][col("villages_4g")], "2");
    assert_eq!(&rows[0][col("villages_4g_pct")], "40.00");
    assert_eq!(&rows[0][col("people_4g_viettel")], "1000");
    assert_eq!(&rows[0][col("gap_villages")], "3");

    // communes.csv: one row per commune.
    let n = csv::Reader::from_path(dir.path().join("communes.csv"))
        .unwrap()
        .records()
        .count();
    assert_eq!(n, 2);

    // GeoJSON parses; every village feature has its class.
    let g: serde_json::Value =
        serde_json::from_reader(std::fs::File::open(dir.path().join("villages.geojson")).unwrap())
            .unwrap();
    assert_eq!(g["type"], "FeatureCollection");
    assert_eq!(g["features"].as_array().unwrap().len(), 5);
    assert_eq!(g["features"][2]["properties"]["class"], "none");
    assert_eq!(g["features"][0]["geometry"]["type"], "Point");
    let g: serde_json::Value =
        serde_json::from_reader(std::fs::File::open(dir.path().join("communes.geojson")).unwrap())
            .unwrap();
    assert_eq!(g["features"].as_array().unwrap().len(), 2);
    assert_eq!(g["features"][0]["properties"]["boundary_approximate"], true);

    // The workbook is a zip (XLSX) holding a sheet per table.
    let x = std::fs::read(dir.path().join("scorecard.xlsx")).unwrap();
    assert_eq!(&x[..2], b"PK");
    assert_eq!(tables(&sc).len(), 8);
    let text = String::from_utf8_lossy(&x);
    assert!(text.contains("xl/worksheets/sheet8.xml"));
}

#[test]
fn every_table_row_has_one_value_per_column() {
    let (ds, s) = small();
    let ops = operators();
    let sc = Scorecard::build(
        &Inputs::new(&ds, &s, &ops, "2026-Q1"),
        &ScorecardConfig::default(),
        &default_targets().targets,
    )
    .unwrap();
    for t in tables(&sc) {
        for r in &t.rows {
            assert_eq!(r.len(), t.columns.len(), "table {}", t.name);
        }
        let mut keys: Vec<&str> = t.columns.iter().map(|c| c.key.as_str()).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(
            keys.len(),
            t.columns.len(),
            "duplicate column in {}",
            t.name
        );
    }
}
