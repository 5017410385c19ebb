//! A demo data directory (store + bundled SRTM tile), made once per test
//! binary and copied per test; the live options the tests use.

use hatang_core::geo::Bbox;
use hatang_live::{CoverageOptions, DataDir, Live, LiveOptions, ScorecardOptions};
use hatang_server::AppState;
use hatang_store::SqliteStore;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The demo, made once.
fn demo_master() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let store = hatang_server::demo_store(Some(&dir.join("hatang.db"))).unwrap();
        store.close().unwrap();
        let dem = dir.join("dem");
        std::fs::create_dir_all(&dem).unwrap();
        std::fs::write(
            dem.join(hatang_data::bundled::SRTM_N21E105_NAME),
            hatang_data::bundled::SRTM_N21E105_HGT,
        )
        .unwrap();
        dir
    })
}

/// A fresh copy of the demo data directory.
pub fn demo_dir() -> DataDir {
    let src = demo_master();
    let dir = tempfile::tempdir().unwrap().keep();
    std::fs::copy(src.join("hatang.db"), dir.join("hatang.db")).unwrap();
    std::fs::create_dir_all(dir.join("dem")).unwrap();
    let tile = hatang_data::bundled::SRTM_N21E105_NAME;
    std::fs::copy(src.join("dem").join(tile), dir.join("dem").join(tile)).unwrap();
    DataDir::new(dir)
}

/// The part of the province the tests compute: Việt Trì, Phù Ninh, Lâm
/// Thao and the hills west of them (about 40 × 40 km), so that a test
/// takes seconds, not the minute the whole province takes. Villages and
/// zones outside stay unknown; the plan covers the whole province.
pub const WINDOW: Bbox = Bbox::new(105.05, 21.2, 105.45, 21.55);

/// The options of the tests: scorecard and coverage in [`WINDOW`] (or the
/// whole province with `HATANG_LIVE_FULL=1`), the plan.
pub fn options() -> LiveOptions {
    let window = if std::env::var_os("HATANG_LIVE_FULL").is_some() {
        None
    } else {
        Some(WINDOW)
    };
    LiveOptions {
        scorecard: ScorecardOptions {
            window,
            ..ScorecardOptions::default()
        },
        coverage: Some(CoverageOptions {
            window,
            ..CoverageOptions::default()
        }),
        plan: true,
        plan_file: None,
    }
}

/// A server state over a fresh demo copy with the live providers wired
/// (and not yet filled).
pub fn live_state() -> (Live, AppState) {
    let dir = demo_dir();
    let store = SqliteStore::open(dir.db()).unwrap();
    let live = Live::new(dir.clone(), options());
    let state = live
        .wire(AppState::builder(Box::new(store)).data_dir(dir.path()))
        .build()
        .unwrap();
    (live, state)
}
