//! Integration tests of hatang-store, in one binary.
//!
//! The backend-generic tests (modules `backend`, `importers`, `roundtrip`)
//! are plain functions over `&mut dyn Store`; `backend_tests!` turns each
//! into a `#[test]` for one backend. A new backend adds one more
//! `backend_tests!` block with its own opener.

mod atomicity;
mod backend;
mod common;
mod importers;
mod readers;
mod roundtrip;

/// Generates one `#[test]` per listed generic test, each on a fresh store
/// from `$open` (which returns a guard to keep alive and the store).
macro_rules! backend_tests {
    ($open:path; one: $($m:ident::$f:ident),* ; two: $($m2:ident::$f2:ident),* $(,)?) => {
        $(
            #[test]
            fn $f() {
                let (_guard, mut store) = $open();
                crate::$m::$f(&mut store);
            }
        )*
        $(
            #[test]
            fn $f2() {
                let (_g1, mut a) = $open();
                let (_g2, mut b) = $open();
                crate::$m2::$f2(&mut a, &mut b);
            }
        )*
    };
}

mod sqlite {
    use hatang_store::SqliteStore;

    /// A fresh SQLite store in a file of its own (WAL and all).
    fn open() -> (tempfile::TempDir, SqliteStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path().join("hatang.db")).unwrap();
        (dir, store)
    }

    backend_tests!(open;
        one:
        backend::apply_lands_everything_and_reapply_changes_nothing,
        backend::updates_and_deletes_write_history,
        backend::a_bad_record_refuses_the_whole_dataset,
        backend::duplicate_keys_are_caught_by_the_database,
        backend::references_are_checked,
        backend::mapping_shares_make_the_whole,
        backend::a_dry_run_stores_nothing,
        backend::resolve_follows_codes_across_the_reform,
        backend::units_are_versioned,
        backend::queries_filter,
        backend::coverage_results_round_trip,
        importers::imports_a_spreadsheet_export,
        importers::importing_twice_changes_nothing,
        importers::imports_geojson_villages_and_zones,
        importers::imports_units_mappings_and_indicators,
        importers::every_problem_is_reported_with_row_and_column,
        importers::headers_are_checked,
        importers::many_problems_are_summarised,
        importers::geojson_problems_name_the_feature,
        importers::an_update_by_import_is_history,
        roundtrip::geojson_export_is_valid_and_says_synthetic,
        roundtrip::csv_export_has_the_import_headers;
        two:
        roundtrip::csv_export_imports_back,
        roundtrip::geojson_export_imports_back,
    );

    /// The generic suite also runs on a store in memory.
    #[test]
    fn in_memory_store_passes_the_basics() {
        let mut s = SqliteStore::open_in_memory().unwrap();
        crate::backend::apply_lands_everything_and_reapply_changes_nothing(&mut s);
    }
}
