//! The readers never panic: arbitrary bytes, CSV-shaped noise and
//! GeoJSON-shaped noise give records or problems, never a crash.

use hatang_store::import::{
    self, fold, parse_bool, parse_date, parse_number, parse_ring, parse_whole, Context, ImportKind,
};
use hatang_store::Format;
use proptest::prelude::*;
use serde_json::{json, Value};

fn parse_all(bytes: &[u8]) {
    let ctx = Context::default();
    for kind in ImportKind::ALL {
        for format in [Format::Csv, Format::GeoJson] {
            let p = import::parse(kind, "fuzz", bytes, Some(format), &ctx);
            // Every record has a location; every problem is printable.
            let n = p.dataset.len();
            assert_eq!(n, p.locations.len());
            for i in &p.issues {
                let _ = i.to_string();
            }
        }
    }
}

/// A cell a spreadsheet might hold, or nonsense.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{1,6}",
        "-?[0-9]{1,3}[.,][0-9]{0,6}",
        "[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}",
        "[a-zA-ZđĐạảãàáâầấậẩẫăằắặẳẵ _|/+-]{0,12}",
        Just(String::new()),
        Just("\"".to_string()),
        Just("\"a;b,c\r\nd\"".to_string()),
        "\\PC{0,8}",
        Just("95".to_string()),
        Just("1e308".to_string()),
        Just("NaN".to_string()),
        Just("[[105.1,21.1],[105.2".to_string()),
        Just("[[105.1,21.1],[105.2,21.1],[105.2,21.2]]".to_string()),
    ]
}

/// A header line drawn from the names every kind knows, plus noise.
fn header() -> impl Strategy<Value = Vec<String>> {
    let names: Vec<String> = ImportKind::ALL
        .iter()
        .flat_map(|k| import::columns(*k).iter())
        .flat_map(|c| std::iter::once(c.name).chain(c.aliases.iter().copied()))
        .map(str::to_string)
        .collect();
    prop::collection::vec(
        prop_oneof![4 => prop::sample::select(names), 1 => "\\PC{0,6}"],
        1..12,
    )
}

fn csv_text() -> impl Strategy<Value = String> {
    (
        header(),
        prop::collection::vec(prop::collection::vec(cell(), 0..14), 0..8),
        prop::sample::select(vec![",", ";", "\t"]),
        prop::sample::select(vec!["\n", "\r\n", "\r"]),
        any::<bool>(),
    )
        .prop_map(|(h, rows, sep, nl, bom)| {
            let mut s = if bom {
                "\u{feff}".to_string()
            } else {
                String::new()
            };
            s.push_str(&h.join(sep));
            for r in rows {
                s.push_str(nl);
                s.push_str(&r.join(sep));
            }
            s
        })
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>().prop_map(|f| json!(f)),
        (-1000i64..1000).prop_map(|i| json!(i)),
        cell().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(("[a-z_]{1,8}", inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

fn geometry() -> impl Strategy<Value = Value> {
    let pos = prop::collection::vec(-200.0f64..200.0, 0..4);
    prop_oneof![
        Just(Value::Null),
        pos.clone()
            .prop_map(|p| json!({"type": "Point", "coordinates": p})),
        prop::collection::vec(prop::collection::vec(pos.clone(), 0..6), 0..3)
            .prop_map(|r| json!({"type": "Polygon", "coordinates": r})),
        prop::collection::vec(pos, 0..4)
            .prop_map(|l| json!({"type": "LineString", "coordinates": l})),
        json_value(),
    ]
}

fn geojson_text() -> impl Strategy<Value = String> {
    let names: Vec<String> = ImportKind::ALL
        .iter()
        .flat_map(|k| import::columns(*k).iter().map(|c| c.name.to_string()))
        .collect();
    let props = prop::collection::vec(
        (
            prop_oneof![3 => prop::sample::select(names), 1 => "\\PC{0,6}"],
            prop_oneof![2 => cell().prop_map(Value::String), 1 => json_value()],
        ),
        0..10,
    )
    .prop_map(|kv| Value::Object(kv.into_iter().collect()));
    prop::collection::vec((geometry(), props), 0..6).prop_map(|fs| {
        let features: Vec<Value> = fs
            .into_iter()
            .map(|(g, p)| json!({"type": "Feature", "geometry": g, "properties": p}))
            .collect();
        json!({"type": "FeatureCollection", "features": features}).to_string()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        parse_all(&bytes);
    }

    #[test]
    fn csv_shaped_noise_never_panics(text in csv_text()) {
        parse_all(text.as_bytes());
    }

    #[test]
    fn geojson_shaped_noise_never_panics(text in geojson_text()) {
        parse_all(text.as_bytes());
    }

    #[test]
    fn truncated_geojson_never_panics(text in geojson_text(), cut in 0usize..2000) {
        let b = text.as_bytes();
        parse_all(&b[..cut.min(b.len())]);
    }

    #[test]
    fn value_readers_never_panic(s in "\\PC{0,24}", dc in any::<bool>()) {
        let _ = fold(&s);
        let _ = parse_number(&s, dc);
        let _ = parse_whole(&s, dc);
        let _ = parse_date(&s);
        let _ = parse_bool(&s);
        let _ = parse_ring(&s);
    }

    #[test]
    fn numbers_read_back(x in -1.0e6f64..1.0e6) {
        prop_assert_eq!(parse_number(&x.to_string(), false).unwrap(), x);
        prop_assert_eq!(parse_number(&x.to_string().replace('.', ","), true).unwrap(), x);
    }
}
