//! Backend-generic tests of the Store trait: each takes `&mut dyn Store`,
//! so every backend runs the same suite (see `backend_tests!` in main.rs).

use crate::common::base_dataset;
use hatang_core::geo::{Bbox, LatLon};
use hatang_core::model::*;
use hatang_store::{Action, ApplyOptions, CoverageResult, Store, StoreError, Table};

fn rejected(r: Result<hatang_store::ApplySummary, StoreError>) -> Vec<hatang_store::RecordError> {
    match r {
        Err(StoreError::Rejected(r)) => r.errors,
        other => panic!("expected a rejection, got {other:?}"),
    }
}

pub fn apply_lands_everything_and_reapply_changes_nothing(s: &mut dyn Store) {
    let ds = base_dataset();
    let first = s.apply(&ds, "tester").unwrap();
    // The four operators are seeded by the first migration.
    assert_eq!(first.inserted(), ds.len() - 4, "{first}");
    assert_eq!((first.updated(), first.unchanged()), (0, 4));
    let history = s.history(None, None).unwrap().len();
    assert_eq!(history, 4 + first.inserted());

    let again = s.apply(&ds, "tester").unwrap();
    assert_eq!(
        (again.inserted(), again.updated(), again.unchanged()),
        (0, 0, ds.len()),
        "{again}"
    );
    assert!(!again.changed());
    assert_eq!(s.history(None, None).unwrap().len(), history);

    let counts = s.counts().unwrap();
    assert_eq!(counts[&Table::Units], ds.units.len());
    assert_eq!(counts[&Table::Sectors], ds.sectors.len());
    assert_eq!(counts[&Table::History], history);
    // What went in comes out.
    assert_eq!(s.sites().unwrap(), sorted(&ds.sites, |x| x.id.clone()));
    assert_eq!(
        s.sectors(None, None).unwrap(),
        sorted(&ds.sectors, |x| x.id.clone())
    );
    assert_eq!(s.zones().unwrap(), sorted(&ds.zones, |x| x.id.clone()));
    assert_eq!(
        s.villages(None).unwrap(),
        sorted(&ds.villages, |x| x.id.clone())
    );
    let u = s
        .unit(&UnitKey::new(
            AdminLevel::Commune,
            "04792",
            Date::REFORM_2025,
        ))
        .unwrap()
        .unwrap();
    assert_eq!(u.boundary.as_ref().map(Vec::len), Some(4));
    assert!(u.boundary_approximate);
}

fn sorted<T: Clone, K: Ord>(v: &[T], key: impl Fn(&T) -> K) -> Vec<T> {
    let mut v = v.to_vec();
    v.sort_by_key(|x| key(x));
    v
}

pub fn updates_and_deletes_write_history(s: &mut dyn Store) {
    let ds = base_dataset();
    s.apply(&ds, "tester").unwrap();
    let mut site = s.site("PT_VTR_002").unwrap().unwrap();
    let before = site.clone();
    site.structure_height_m = 45.0;
    site.operators.push("viettel".into());
    let sum = s
        .apply(
            &Dataset {
                sites: vec![site.clone()],
                ..Default::default()
            },
            "alice",
        )
        .unwrap();
    assert_eq!((sum.inserted(), sum.updated(), sum.unchanged()), (0, 1, 0));
    assert_eq!(s.site("PT_VTR_002").unwrap().unwrap(), site);
    let h = s.history(Some(Table::Sites), Some("PT_VTR_002")).unwrap();
    assert_eq!(h.len(), 2);
    let last = h.last().unwrap();
    assert_eq!(
        (last.action, last.actor.as_str()),
        (Action::Update, "alice")
    );
    assert_eq!(
        last.before.as_ref().unwrap(),
        &serde_json::to_value(&before).unwrap()
    );
    assert_eq!(
        last.after.as_ref().unwrap(),
        &serde_json::to_value(&site).unwrap()
    );
    assert!(last.at.ends_with('Z') && last.at.len() == 24, "{}", last.at);

    // A site with sectors can't go; its sectors can, one by one.
    match s.delete(Table::Sites, "PT_VTR_002", "alice") {
        Err(StoreError::InUse { reason, .. }) => assert!(reason.contains("2 sector"), "{reason}"),
        other => panic!("{other:?}"),
    }
    for id in ["PT_VTR_002-U21-1", "PT_VTR_002-L26-1"] {
        assert!(s.delete(Table::Sectors, id, "alice").unwrap());
    }
    assert!(s.delete(Table::Sites, "PT_VTR_002", "alice").unwrap());
    assert!(!s.delete(Table::Sites, "PT_VTR_002", "alice").unwrap());
    assert!(s.site("PT_VTR_002").unwrap().is_none());
    let h = s.history(Some(Table::Sites), Some("PT_VTR_002")).unwrap();
    let del = h.last().unwrap();
    assert_eq!(del.action, Action::Delete);
    assert_eq!(
        del.before.as_ref().unwrap(),
        &serde_json::to_value(&site).unwrap()
    );
    assert!(del.after.is_none());

    // Composite keys delete by their entity id.
    let ind = s.indicators(Some("bts_count"), None).unwrap().remove(0);
    use hatang_store::Record;
    assert!(s
        .delete(Table::Indicators, &ind.entity_id(), "alice")
        .unwrap());
    assert!(matches!(
        s.delete(Table::Units, "province/25@2008-08-01", "alice"),
        Err(StoreError::InUse { .. })
    ));
    assert!(matches!(
        s.delete(Table::Units, "25", "alice"),
        Err(StoreError::BadId { .. })
    ));
    assert!(matches!(
        s.delete(Table::History, "1", "alice"),
        Err(StoreError::Unsupported(_))
    ));
}

pub fn a_bad_record_refuses_the_whole_dataset(s: &mut dyn Store) {
    let mut ds = base_dataset();
    let before = s.counts().unwrap();
    ds.sectors[3].azimuth_deg = 400.0;
    ds.sites[1].point.lat = 95.0;
    let errors = rejected(s.apply(&ds, "tester"));
    let found: Vec<(Table, usize, &str)> = errors
        .iter()
        .map(|e| (e.table, e.index, e.column.as_str()))
        .collect();
    assert!(found.contains(&(Table::Sites, 1, "lat")), "{found:?}");
    assert!(
        found.contains(&(Table::Sectors, 3, "azimuth_deg")),
        "{found:?}"
    );
    assert_eq!(s.counts().unwrap(), before, "nothing may land");
}

pub fn duplicate_keys_are_caught_by_the_database(s: &mut dyn Store) {
    let mut ds = base_dataset();
    let dup = ds.sites[0].clone();
    ds.sites.push(dup);
    let mut op = known_operators()[0].clone();
    op.id = "viettel2".into(); // same network code as viettel
    ds.operators.push(op);
    let errors = rejected(s.apply(&ds, "tester"));
    let site = errors.iter().find(|e| e.table == Table::Sites).unwrap();
    assert_eq!(site.index, ds.sites.len() - 1);
    assert_eq!(site.duplicate_of, Some(0));
    assert_eq!(site.column, "id");
    assert!(site.reason.contains("duplicate key 'PT_VTR_001'"), "{site}");
    let op = errors.iter().find(|e| e.table == Table::Operators).unwrap();
    assert_eq!((op.index, op.column.as_str()), (4, "mnc"));
    assert_eq!(op.duplicate_of, Some(0));
    assert_eq!(s.sites().unwrap().len(), 0);
}

pub fn references_are_checked(s: &mut dyn Store) {
    let ds = base_dataset();
    s.apply(&ds, "tester").unwrap();
    let mut sector = ds.sectors[0].clone();
    sector.id = "new-1".into();
    sector.site_id = "NOWHERE".into();
    let mut sector2 = ds.sectors[0].clone();
    sector2.id = "new-2".into();
    sector2.operator = "mobifone".into(); // not on PT_VTR_001
    let mut ind = ds.indicators[0].clone();
    ind.unit.code = "99".into();
    let mut late = ds.indicators[0].clone();
    late.period = "2026".into(); // after old Phú Thọ ended
    let mut map = ds.mappings[0].clone();
    map.new.code = "98".into();
    let bad = Dataset {
        sectors: vec![sector, sector2],
        indicators: vec![ind, late],
        mappings: vec![map],
        ..Default::default()
    };
    let errors = rejected(s.apply(&bad, "tester"));
    let cols: Vec<(Table, usize, &str)> = errors
        .iter()
        .map(|e| (e.table, e.index, e.column.as_str()))
        .collect();
    assert_eq!(
        cols,
        [
            (Table::Mappings, 0, "new_code"),
            (Table::Sectors, 0, "site_id"),
            (Table::Sectors, 1, "operator"),
            (Table::Indicators, 0, "code"),
            (Table::Indicators, 1, "period"),
        ],
        "{errors:#?}"
    );

    // Dropping an operator from a site that still has its sectors.
    let mut site = s.site("PT_VTR_002").unwrap().unwrap();
    site.operators = vec!["vinaphone".into()];
    let errors = rejected(s.apply(
        &Dataset {
            sites: vec![site],
            ..Default::default()
        },
        "tester",
    ));
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].reason.contains("PT_VTR_002-L26-1"),
        "{}",
        errors[0]
    );
}

pub fn mapping_shares_make_the_whole(s: &mut dyn Store) {
    let mut ds = base_dataset();
    let i = ds
        .mappings
        .iter()
        .position(|m| m.kind == MergeKind::Partial)
        .unwrap();
    ds.mappings[i].share = 0.3;
    let errors = rejected(s.apply(&ds, "tester"));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(
        (errors[0].table, errors[0].column.as_str()),
        (Table::Mappings, "share")
    );
    ds.mappings[i].share = 1.0; // partial with the whole share
    let errors = rejected(s.apply(&ds, "tester"));
    assert!(errors.iter().any(|e| e.index == i && e.column == "share"));
}

pub fn a_dry_run_stores_nothing(s: &mut dyn Store) {
    let ds = base_dataset();
    let sum = s
        .apply_with(&ds, "tester", ApplyOptions { dry_run: true })
        .unwrap();
    assert!(sum.dry_run);
    assert_eq!(sum.inserted(), ds.len() - 4);
    assert_eq!(s.sites().unwrap().len(), 0);
    assert_eq!(s.history(None, None).unwrap().len(), 4);
}

fn codes(r: &[hatang_store::Resolution]) -> Vec<(String, String, MergeKind)> {
    r.iter()
        .map(|r| {
            (
                r.unit.key.code.clone(),
                r.unit.key.valid_from.to_string(),
                r.kind,
            )
        })
        .collect()
}

pub fn resolve_follows_codes_across_the_reform(s: &mut dyn Store) {
    s.apply(&base_dataset(), "tester").unwrap();
    let new = "2025-07-01".to_string();
    let old = "2008-08-01".to_string();
    use MergeKind::*;
    // An old commune leads to the new one it went into.
    assert_eq!(
        codes(&s.resolve("04813", None).unwrap()),
        [("04792".into(), new.clone(), Full)]
    );
    // A split commune leads to both of its pieces.
    let r = s.resolve("04891", None).unwrap();
    assert_eq!(
        codes(&r),
        [
            ("04828".into(), new.clone(), Partial),
            ("04891".into(), new.clone(), Partial)
        ]
    );
    assert!((r[0].share - 0.4).abs() < 1e-12 && (r[1].share - 0.6).abs() < 1e-12);
    // A new code that kept its predecessor's code gives itself.
    assert_eq!(
        codes(&s.resolve("04792", None).unwrap()),
        [("04792".into(), new.clone(), Full)]
    );
    // Provinces too.
    assert_eq!(
        codes(&s.resolve("17", None).unwrap()),
        [("25".into(), new.clone(), Full)]
    );
    // Before the reform a new code leads back to its predecessors.
    let at = Some("2020-01-01".parse().unwrap());
    assert_eq!(
        codes(&s.resolve("04792", at).unwrap()),
        [
            ("04792".into(), old.clone(), Full),
            ("04813".into(), old.clone(), Full),
            ("04825".into(), old.clone(), Full)
        ]
    );
    assert_eq!(
        codes(&s.resolve("04828", at).unwrap()),
        [
            ("04789".into(), old.clone(), Full),
            ("04819".into(), old.clone(), Full),
            ("04828".into(), old.clone(), Full),
            ("04891".into(), old.clone(), Partial)
        ]
    );
    // An old code asked at an old date is itself.
    assert_eq!(
        codes(&s.resolve("04813", at).unwrap()),
        [("04813".into(), old.clone(), Full)]
    );
    let r = s.resolve("04813", None).unwrap();
    assert_eq!(r[0].path.len(), 2);
    assert!(s.resolve("99999", None).unwrap().is_empty());
}

pub fn units_are_versioned(s: &mut dyn Store) {
    s.apply(&base_dataset(), "tester").unwrap();
    let communes = s.units(Some(AdminLevel::Commune), None).unwrap();
    assert_eq!(communes.len(), 11);
    let now = s
        .units(Some(AdminLevel::Commune), Some(Date::REFORM_2025))
        .unwrap();
    let codes: Vec<&str> = now.iter().map(|u| u.key.code.as_str()).collect();
    assert_eq!(codes, ["04792", "04828", "04891"]);
    let then = s.units(None, Some("2025-06-30".parse().unwrap())).unwrap();
    assert_eq!(then.len(), 3 + 8);
    assert!(then.iter().all(|u| u.valid_to.is_some()));
    let v = s.unit_versions("25").unwrap();
    assert_eq!(v.len(), 2);
    assert!(v[0].key.valid_from < v[1].key.valid_from);
    assert!(s
        .unit(&UnitKey::new(
            AdminLevel::Commune,
            "04792",
            Date::REFORM_2025.pred()
        ))
        .unwrap()
        .is_none());
    assert_eq!(s.mappings().unwrap().len(), 12);

    // Versions of one code may not overlap; an old version must have ended
    // before the new one its mapping leads to begins.
    let mut overlap = s.unit_versions("04813").unwrap().remove(0);
    overlap.key.valid_from = "2025-01-01".parse().unwrap();
    overlap.valid_to = None;
    let mut open_old = s.unit_versions("04891").unwrap().remove(0);
    open_old.valid_to = None;
    let errors = rejected(s.apply(
        &Dataset {
            units: vec![overlap, open_old],
            ..Default::default()
        },
        "tester",
    ));
    let found: Vec<(usize, &str)> = errors
        .iter()
        .map(|e| (e.index, e.column.as_str()))
        .collect();
    assert_eq!(found, [(0, "valid_from"), (1, "valid_from")], "{errors:#?}");
    let m = s
        .mappings()
        .unwrap()
        .into_iter()
        .find(|m| m.old.code == "04891")
        .unwrap();
    let mut open_old = s.unit(&m.old).unwrap().unwrap();
    open_old.valid_to = None;
    let errors = rejected(s.apply(
        &Dataset {
            units: vec![open_old],
            mappings: vec![m],
            ..Default::default()
        },
        "tester",
    ));
    assert!(
        errors
            .iter()
            .any(|e| e.table == Table::Mappings && e.column == "old_code"),
        "{errors:#?}"
    );
}

pub fn queries_filter(s: &mut dyn Store) {
    s.apply(&base_dataset(), "tester").unwrap();
    assert_eq!(s.villages(Some("04792")).unwrap().len(), 2);
    assert_eq!(s.villages(Some("04828")).unwrap().len(), 2);
    assert_eq!(s.villages(None).unwrap().len(), 5);
    assert_eq!(s.sectors(Some("PT_VTR_001"), None).unwrap().len(), 3);
    assert_eq!(s.sectors(None, Some("viettel")).unwrap().len(), 4);
    assert_eq!(
        s.sectors(Some("PT_VTR_002"), Some("mobifone"))
            .unwrap()
            .len(),
        1
    );
    assert_eq!(s.operators().unwrap().len(), 4);
    assert_eq!(s.sector("PT_HB_001-G9-1").unwrap().unwrap().band_mhz, 900);
    assert!(s.sector("nope").unwrap().is_none());
    let k = UnitKey::new(AdminLevel::Province, "25", "2008-08-01".parse().unwrap());
    assert_eq!(s.indicators(None, Some(&k)).unwrap().len(), 5);
    let sm = s.indicators(Some("smartphone_share"), None).unwrap();
    assert_eq!(sm.len(), 1);
    assert_eq!(sm[0].value, 81.03);
    assert_eq!(sm[0].unit, k);
    assert!(s
        .indicators(
            None,
            Some(&UnitKey::new(AdminLevel::Province, "25", Date::REFORM_2025))
        )
        .unwrap()
        .is_empty());
    assert_eq!(s.history(Some(Table::Zones), None).unwrap().len(), 3);
    let h = s.history(None, Some("PT_VTR_001-L18-1")).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].table, Table::Sectors);
}

pub fn coverage_results_round_trip(s: &mut dyn Store) {
    let mut r = CoverageResult {
        site_id: "PT_VTR_001".into(),
        band_mhz: 1800,
        params_hash: "abc123".into(),
        computed_at: "2025-08-01T00:00:00Z".into(),
        width: 2,
        height: 2,
        bbox: Bbox::new(105.3, 21.2, 105.5, 21.4),
        raster: vec![1, 2, 3, 4, 0, 255],
        meta: serde_json::json!({"encoding": "u8", "unit": "dBm"}),
    };
    s.put_coverage(&r).unwrap();
    assert_eq!(
        s.coverage("PT_VTR_001", 1800, "abc123").unwrap(),
        Some(r.clone())
    );
    assert_eq!(s.coverage("PT_VTR_001", 900, "abc123").unwrap(), None);
    r.raster = vec![9; 10];
    s.put_coverage(&r).unwrap();
    assert_eq!(
        s.coverage("PT_VTR_001", 1800, "abc123")
            .unwrap()
            .unwrap()
            .raster,
        r.raster
    );
    assert_eq!(s.delete_coverage("PT_VTR_001").unwrap(), 1);
    assert_eq!(s.coverage("PT_VTR_001", 1800, "abc123").unwrap(), None);
    let _ = LatLon::new(0.0, 0.0);
}
