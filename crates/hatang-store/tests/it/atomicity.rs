//! A failed import leaves the database files byte for byte as they were
//! (main file, write-ahead log and shared memory, compared after the
//! store is closed); so does opening and closing.

use crate::common::import_all;
use hatang_store::import::{import_file, ImportError, ImportKind};
use hatang_store::{SqliteStore, Store};
use std::path::{Path, PathBuf};

/// The bytes of the database and its -wal and -shm files (None: absent).
fn snapshot(db: &Path) -> Vec<(PathBuf, Option<Vec<u8>>)> {
    ["", "-wal", "-shm"]
        .iter()
        .map(|ext| {
            let p = PathBuf::from(format!("{}{ext}", db.display()));
            let bytes = std::fs::read(&p).ok();
            (p, bytes)
        })
        .collect()
}

fn assert_same(before: &[(PathBuf, Option<Vec<u8>>)], after: &[(PathBuf, Option<Vec<u8>>)]) {
    for ((p, a), (_, b)) in before.iter().zip(after) {
        assert!(
            a == b,
            "{} changed: {:?} → {:?} bytes",
            p.display(),
            a.as_ref().map(Vec::len),
            b.as_ref().map(Vec::len)
        );
    }
}

/// A store with the fixtures in it, closed; its path.
fn prepared(dir: &Path) -> PathBuf {
    let db = dir.join("hatang.db");
    let mut s = SqliteStore::open(&db).unwrap();
    import_all(&mut s);
    s.close().unwrap();
    db
}

fn sites_csv(dir: &Path, rows: &[String]) -> PathBuf {
    let p = dir.join("sites.csv");
    let mut t = String::from("Mã trạm;Vĩ độ;Kinh độ;Độ cao;Nhà mạng\r\n");
    for r in rows {
        t.push_str(r);
        t.push_str("\r\n");
    }
    std::fs::write(&p, t).unwrap();
    p
}

fn good_rows(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            format!(
                "BULK{i:04};{:.4};{:.4};{};Viettel",
                21.0 + (i % 100) as f64 * 0.005,
                105.0 + (i / 100) as f64 * 0.05,
                20 + i % 30
            )
            .replace('.', ",")
        })
        .collect()
}

/// Imports `file` into the closed store at `db`, which must fail; the
/// files must not change. Returns the error.
fn failing_import(db: &Path, file: &Path) -> ImportError {
    let before = snapshot(db);
    assert!(before[0].1.is_some());
    assert!(before[1].1.is_none(), "closing removes the WAL");
    let mut s = SqliteStore::open(db).unwrap();
    let n = s.sites().unwrap().len();
    let err = import_file(&mut s, ImportKind::Sites, file, "tester").unwrap_err();
    assert_eq!(s.sites().unwrap().len(), n);
    s.close().unwrap();
    assert_same(&before, &snapshot(db));
    err
}

#[test]
fn opening_and_closing_changes_no_byte() {
    let dir = tempfile::tempdir().unwrap();
    let db = prepared(dir.path());
    let before = snapshot(&db);
    for _ in 0..2 {
        let s = SqliteStore::open(&db).unwrap();
        assert_eq!(s.sites().unwrap().len(), 4);
        s.close().unwrap();
    }
    let s = SqliteStore::open(&db).unwrap();
    drop(s); // dropping closes too
    assert_same(&before, &snapshot(&db));
}

#[test]
fn a_bad_row_after_a_thousand_good_ones_changes_no_byte() {
    let dir = tempfile::tempdir().unwrap();
    let db = prepared(dir.path());
    let mut rows = good_rows(1000);
    rows.push("BULK_BAD;95;105,4;30;Viettel".into());
    rows.extend(good_rows(1010).split_off(1000));
    let file = sites_csv(dir.path(), &rows);
    let err = failing_import(&db, &file);
    let issues = err.issues();
    assert_eq!(issues.len(), 1, "{err}");
    assert_eq!(issues[0].row(), Some(1002));
    assert_eq!(issues[0].column.as_deref(), Some("lat"));
    assert_eq!(issues[0].header.as_deref(), Some("Vĩ độ"));
    assert_eq!(issues[0].file, file.display().to_string());
    assert!(issues[0].reason.contains("95 is not a latitude"), "{err}");

    // The same rows without the bad one land.
    let file = sites_csv(dir.path(), &good_rows(1010));
    let mut s = SqliteStore::open(&db).unwrap();
    let r = import_file(&mut s, ImportKind::Sites, &file, "tester").unwrap();
    assert_eq!(r.summary.inserted(), 1010);
    s.close().unwrap();
}

#[test]
fn a_duplicate_key_caught_by_the_database_changes_no_byte() {
    let dir = tempfile::tempdir().unwrap();
    let db = prepared(dir.path());
    let mut rows = good_rows(600);
    // The file's only fault: row 602 repeats the key of row 12.
    rows.push(rows[10].clone());
    let file = sites_csv(dir.path(), &rows);
    let err = failing_import(&db, &file);
    let issues = err.issues();
    assert_eq!(issues.len(), 1, "{err}");
    assert_eq!(issues[0].row(), Some(602));
    assert_eq!(issues[0].column.as_deref(), Some("id"));
    assert_eq!(
        issues[0].reason,
        "duplicate key 'BULK0010', already on row 12"
    );
    assert!(err
        .to_string()
        .contains(", row 602, column 'Mã trạm' (id): duplicate key"));
}

#[test]
fn a_duplicate_of_a_stored_key_is_an_update_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = prepared(dir.path());
    let file = sites_csv(
        dir.path(),
        &["PT_VTR_001;21,3227;105,4019;42;Viettel".into()],
    );
    let mut s = SqliteStore::open(&db).unwrap();
    let r = import_file(&mut s, ImportKind::Sites, &file, "tester").unwrap();
    // Name, elevation, structure and source fall back to their defaults.
    assert_eq!(r.summary.updated(), 1);
    s.close().unwrap();
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    SqliteStore::open(&db).unwrap().close().unwrap();
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute(
            "INSERT INTO schema_version VALUES (99, 'future', '2099-01-01')",
            [],
        )
        .unwrap();
    }
    match SqliteStore::open(&db) {
        Err(hatang_store::StoreError::SchemaTooNew { found: 99, .. }) => {}
        other => panic!("{other:?}"),
    }
}
