//! Classes: thresholds are configuration; unknown is never none; 2G is not
//! broadband; the best operator counts.

use crate::common::{operators, small};
use hatang_core::model::Technology;
use hatang_scorecard::config::ScorecardConfig;
use hatang_scorecard::{Class, Inputs, Scorecard};

fn classes(config: &ScorecardConfig) -> Vec<(String, Class)> {
    let (ds, s) = small();
    let ops = operators();
    let sc = Scorecard::build(&Inputs::new(&ds, &s, &ops, "2026-Q1"), config, &[]).unwrap();
    sc.villages
        .iter()
        .map(|v| (v.village.id.clone(), v.class()))
        .collect()
}

#[test]
fn issue_5_threshold_change_in_configuration_changes_classes() {
    let default = ScorecardConfig::from_toml_str("").unwrap();
    assert_eq!(
        classes(&default),
        [
            ("a".into(), Class::Good),
            ("b".into(), Class::Fair),
            ("c".into(), Class::None),
            ("d".into(), Class::Unknown),
            ("e".into(), Class::None),
        ]
    );
    // The same file format an official edits: stricter 4G and 5G levels.
    let strict = ScorecardConfig::from_toml_str(
        r#"
        [thresholds.lte]
        good_dbm = -94.0
        fair_dbm = -105.0
        [thresholds.nr]
        good_dbm = -94.0
        fair_dbm = -105.0
        "#,
    )
    .unwrap();
    assert_eq!(
        classes(&strict),
        [
            ("a".into(), Class::Fair),
            ("b".into(), Class::None),
            ("c".into(), Class::None),
            ("d".into(), Class::Unknown),
            ("e".into(), Class::None),
        ]
    );
    // And a laxer one, in JSON.
    let lax = ScorecardConfig::from_json_str(
        r#"{"thresholds": {"lte": {"good_dbm": -112.0, "fair_dbm": -135.0}}}"#,
    )
    .unwrap();
    let c = classes(&lax);
    assert_eq!(c[1].1, Class::Good);
    assert_eq!(c[2].1, Class::Fair);
}

#[test]
fn issue_5_unknown_is_never_counted_as_none() {
    let (ds, s) = small();
    let ops = operators();
    let sc = Scorecard::build(
        &Inputs::new(&ds, &s, &ops, "2026-Q1"),
        &ScorecardConfig::default(),
        &[],
    )
    .unwrap();
    let d = &sc.villages[3];
    assert_eq!(d.class(), Class::Unknown);
    assert!(sc.province.gaps.iter().all(|g| g.village_id != "d"));
    let ids: Vec<&str> = sc
        .province
        .no_signal()
        .map(|g| g.village_id.as_str())
        .collect();
    assert_eq!(ids, ["c", "e"]);
    assert_eq!(sc.province.all.class(Class::Unknown).people, 800);
    assert_eq!(sc.province.all.class(Class::None).people, 700);
    // Difficult villages on their own: c (none) and d (unknown).
    assert_eq!(sc.province.difficult.total.villages, 2);
    assert_eq!(sc.province.difficult.class(Class::None).villages, 1);
}

#[test]
fn issue_5_2g_is_not_broadband_and_3g_may_be_added() {
    let (ds, mut s) = small();
    s.push(
        "e",
        hatang_scorecard::signal::Reading::new("mobifone", Technology::Umts, Some(-90.0)),
    );
    let ops = operators();
    let inputs = Inputs::new(&ds, &s, &ops, "2026-Q1");
    let sc = Scorecard::build(&inputs, &ScorecardConfig::default(), &[]).unwrap();
    // c has good 2G, e good 3G: neither is broadband by default.
    assert_eq!(
        sc.villages[2].signal.by_technology[&Technology::Gsm],
        Class::Good
    );
    assert_eq!(sc.villages[2].class(), Class::None);
    assert_eq!(sc.villages[4].class(), Class::None);
    let with3g = ScorecardConfig::from_toml_str("broadband = [\"3G\", \"4G\", \"5G\"]").unwrap();
    let sc = Scorecard::build(&inputs, &with3g, &[]).unwrap();
    assert_eq!(sc.villages[4].class(), Class::Good);
    assert!(ScorecardConfig::from_toml_str("broadband = [\"2G\", \"4G\"]").is_err());
}

#[test]
fn issue_5_best_operator_counts() {
    use hatang_scorecard::Service;
    let (ds, s) = small();
    let ops = operators();
    let sc = Scorecard::build(
        &Inputs::new(&ds, &s, &ops, "2026-Q1"),
        &ScorecardConfig::default(),
        &[],
    )
    .unwrap();
    let f = sc.commune("00001").unwrap();
    let any4g = Service {
        technology: Some(Technology::Lte),
        operator: None,
    };
    let vt4g = Service {
        technology: Some(Technology::Lte),
        operator: Some("viettel".into()),
    };
    let vn4g = Service {
        technology: Some(Technology::Lte),
        operator: Some("vinaphone".into()),
    };
    let mf4g = Service {
        technology: Some(Technology::Lte),
        operator: Some("mobifone".into()),
    };
    assert_eq!(f.all.covered(&any4g).villages, 2); // a (viettel) and b (vinaphone)
    assert_eq!(f.all.covered(&vt4g).villages, 1);
    assert_eq!(f.all.covered(&vn4g).villages, 1);
    assert_eq!(f.all.covered(&mf4g).villages, 0);
    assert_eq!(f.all.covered(&any4g).people, 1600);
    // Area: 12 km² split equally among 3 villages (no boundary).
    assert_eq!(f.all.covered(&any4g).area_m2, 8_000_000);
    let nr = Service {
        technology: Some(Technology::Nr),
        operator: None,
    };
    assert_eq!(f.all.covered(&nr).villages, 1);
}
