//! Fixtures and helpers shared by the test modules.

use hatang_core::model::{known_operators, Dataset};
use hatang_store::import::{self, Context, ImportKind, ImportReport};
use hatang_store::Store;
use std::path::PathBuf;

/// The path of a file under tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The bytes of a fixture.
pub fn read(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Parses a fixture that must have no problem.
pub fn parse(kind: ImportKind, name: &str, ctx: &Context) -> Dataset {
    let p = import::parse(kind, name, &read(name), None, ctx);
    assert!(
        p.issues.is_empty(),
        "{name}: {:#?}",
        p.issues.iter().map(|i| i.to_string()).collect::<Vec<_>>()
    );
    p.dataset
}

/// Every good fixture as one dataset, the operators included.
pub fn base_dataset() -> Dataset {
    let ctx = Context::default();
    let units = parse(ImportKind::Units, "units.csv", &ctx).units;
    let with_units = Context {
        units: units.clone(),
        ..Context::default()
    };
    let mut villages = parse(ImportKind::Villages, "villages.csv", &ctx).villages;
    villages.extend(parse(ImportKind::Villages, "villages.geojson", &ctx).villages);
    Dataset {
        units,
        mappings: parse(ImportKind::Mappings, "mappings.csv", &ctx).mappings,
        villages,
        operators: known_operators(),
        sites: parse(ImportKind::Sites, "sites_vi.csv", &ctx).sites,
        sectors: parse(ImportKind::Sectors, "sectors_vi.csv", &ctx).sectors,
        zones: parse(ImportKind::Zones, "zones.geojson", &ctx).zones,
        indicators: parse(ImportKind::Indicators, "indicators.csv", &with_units).indicators,
    }
}

/// Imports a fixture that must import cleanly.
pub fn import(store: &mut dyn Store, kind: ImportKind, name: &str) -> ImportReport {
    import::import_file(store, kind, &fixture(name), "tester").unwrap_or_else(|e| panic!("{e}"))
}

/// Imports every good fixture, in dependency order.
pub fn import_all(store: &mut dyn Store) {
    import(store, ImportKind::Units, "units.csv");
    import(store, ImportKind::Mappings, "mappings.csv");
    import(store, ImportKind::Sites, "sites_vi.csv");
    import(store, ImportKind::Sectors, "sectors_vi.csv");
    import(store, ImportKind::Villages, "villages.csv");
    import(store, ImportKind::Villages, "villages.geojson");
    import(store, ImportKind::Zones, "zones.geojson");
    import(store, ImportKind::Indicators, "indicators.csv");
}
