//! Locating the shared data (`HATANG_SHARED`, else `<repo>/../shared`).

use std::path::PathBuf;

/// The shared data directory; panics with a clear message when missing.
pub fn dir() -> PathBuf {
    let dir = match std::env::var_os("HATANG_SHARED") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    assert!(
        dir.join("data").is_dir() && dir.join("reference").is_dir(),
        "shared data not found at {} (expected data/ and reference/ there): set HATANG_SHARED \
         to the shared directory",
        dir.display()
    );
    dir
}

/// A file under the shared directory; panics with a clear message when missing.
pub fn file(rel: &str) -> PathBuf {
    let p = dir().join(rel);
    assert!(p.is_file(), "shared file {} is missing", p.display());
    p
}

/// The rows of a small CSV file with a header line, as strings.
pub fn csv(rel: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(file(rel)).expect("readable CSV");
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header = lines
        .next()
        .map(|h| h.split(',').map(|s| s.trim().to_string()).collect())
        .unwrap_or_default();
    let rows = lines
        .map(|l| l.split(',').map(|s| s.trim().to_string()).collect())
        .collect();
    (header, rows)
}
