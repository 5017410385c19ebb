//! The dashboard in a real browser, with the real providers: starts the
//! server on a free port over a demo data directory, computes the
//! scorecard (ITM point signals at the villages), the site plan and the
//! coverage layers (ITM composite) with hatang-live — in a window around
//! Việt Trì, so that the test takes seconds (see `common::WINDOW`) — then
//! runs `tests/browser/dashboard.test.mjs` (playwright-core driving
//! Debian's chromium, WebGL through SwiftShader), which checks that the
//! page loads, layers toggle, a click on a village shows its details and
//! a click on a planned site shows the plan's, and saves screenshots to
//! `<target>/browser/dashboard.png` (the whole province) and
//! `dashboard-zoom.png` (the window, coverage and all).

use crate::common::{live_state, WINDOW};
use std::path::{Path, PathBuf};
use std::time::Duration;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboard_in_a_real_browser() {
    let root = workspace_root();
    let script = root.join("tests/browser/dashboard.test.mjs");
    let modules = root.join("tests/browser/node_modules/playwright-core");
    let chromium = std::env::var("HATANG_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).exists(),
        "chromium is missing at {chromium}: run scripts/test-all (it installs Debian's chromium and the browser test's node modules)"
    );
    assert!(
        modules.exists(),
        "{} is missing: run scripts/test-all (it runs `npm ci` in tests/browser)",
        modules.display()
    );
    let node_ok = std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(node_ok, "node is missing: run scripts/test-all");

    let (live, state) = live_state();
    let st = state.clone();
    let t = std::time::Instant::now();
    let filled = tokio::task::spawn_blocking(move || live.fill(&st, &|m| eprintln!("{m}")))
        .await
        .unwrap()
        .expect("the live providers compute");
    eprintln!(
        "providers filled in {:.1} s: {filled:?}",
        t.elapsed().as_secs_f64()
    );

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(hatang_server::serve(listener, state, async {
        let _ = stopped.await;
    }));

    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("../browser");
    std::fs::create_dir_all(&out_dir).unwrap();
    let shot = out_dir.join("dashboard.png");
    let zoom = out_dir.join("dashboard-zoom.png");
    for f in [&shot, &zoom] {
        let _ = std::fs::remove_file(f);
    }
    let w = WINDOW;
    let child = tokio::process::Command::new("node")
        .arg(&script)
        .arg(&url)
        .arg(&shot)
        .env("HATANG_CHROMIUM", &chromium)
        .env(
            "HATANG_ZOOM_BBOX",
            format!("{},{},{},{}", w.min_lon, w.min_lat, w.max_lon, w.max_lat),
        )
        .kill_on_drop(true)
        .output();
    let out = tokio::time::timeout(Duration::from_secs(300), child)
        .await
        .expect("the browser test finished within 5 minutes")
        .expect("node runs");
    let _ = stop.send(());
    let _ = server.await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("{stdout}\n{stderr}");
    assert!(
        out.status.success(),
        "the browser test failed:\n{stdout}\n{stderr}"
    );
    for f in [&shot, &zoom] {
        let size = std::fs::metadata(f).map(|m| m.len()).unwrap_or(0);
        assert!(
            size > 20_000,
            "screenshot {} is missing or tiny ({size} bytes)",
            f.display()
        );
        eprintln!("screenshot: {}", f.canonicalize().unwrap().display());
    }
}
