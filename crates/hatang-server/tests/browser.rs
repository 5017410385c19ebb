//! The dashboard in a real browser: starts the server on a free port with
//! the demo province and runs `tests/browser/dashboard.test.mjs`
//! (playwright-core driving Debian's chromium, WebGL through SwiftShader),
//! which checks that the page loads, layers toggle and a click on a
//! village shows its details, and saves a screenshot to
//! `<target>/browser/dashboard.png`.
//!
//! Coverage and the scorecard are not computed by this crate, so the test
//! plugs in stand-ins (coverage = distance to the nearest site of the
//! operator and technology; village classes from the same distances),
//! clearly not the real models: they exercise the page's coverage layers,
//! choropleth, targets and list of villages without signal.

mod common;

use hatang_core::geo::LatLon;
use hatang_core::model::{SectorStatus, Technology};
use hatang_server::util::{world_x_to_lon, world_y_to_lat};
use hatang_server::{
    AppState, CoverageLayer, CoverageProvider, LegendStep, ScorecardProvider, Target, VillageClass,
};
use hatang_store::Store;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// A site's position, one operator on it and one technology.
type Entry = (LatLon, String, Technology);

/// Sites (position, operators, technologies) in 0.05° buckets.
struct SiteIndex {
    buckets: HashMap<(i32, i32), Vec<Entry>>,
}

impl SiteIndex {
    fn new(entries: Vec<Entry>) -> Self {
        let mut buckets: HashMap<(i32, i32), Vec<_>> = HashMap::new();
        for e in entries {
            buckets.entry(Self::cell(e.0)).or_default().push(e);
        }
        Self { buckets }
    }

    fn cell(p: LatLon) -> (i32, i32) {
        ((p.lon / 0.05).floor() as i32, (p.lat / 0.05).floor() as i32)
    }

    /// Distance (m) to the nearest site of the operator ("all": any) and
    /// technology, if within about 5 km.
    fn nearest(&self, p: LatLon, operator: &str, tech: Technology) -> Option<f64> {
        let (cx, cy) = Self::cell(p);
        let mut best: Option<f64> = None;
        for dx in -1..=1 {
            for dy in -1..=1 {
                for (q, op, t) in self.buckets.get(&(cx + dx, cy + dy)).into_iter().flatten() {
                    if *t == tech && (operator == "all" || op == operator) {
                        let d = p.distance_m(*q);
                        best = Some(best.map_or(d, |b: f64| b.min(d)));
                    }
                }
            }
        }
        best
    }
}

struct StandIn {
    sites: SiteIndex,
    villages: Vec<(String, LatLon, String)>,
}

const RAMP: [(f64, [u8; 4], &str, &str); 3] = [
    (
        1500.0,
        [26, 152, 80, 150],
        "Tốt (< 1,5 km)",
        "Good (< 1.5 km)",
    ),
    (
        3000.0,
        [242, 176, 30, 130],
        "Khá (1,5–3 km)",
        "Fair (1.5–3 km)",
    ),
    (
        4500.0,
        [215, 48, 39, 90],
        "Yếu (3–4,5 km)",
        "Weak (3–4.5 km)",
    ),
];

impl StandIn {
    fn class(&self, p: LatLon) -> VillageClass {
        match self.sites.nearest(p, "all", Technology::Lte) {
            Some(d) if d < 2500.0 => VillageClass::Good,
            Some(d) if d < 4500.0 => VillageClass::Fair,
            _ => VillageClass::None,
        }
    }
}

impl CoverageProvider for StandIn {
    fn layers(&self) -> Vec<CoverageLayer> {
        let mut l = vec![CoverageLayer {
            operator: "all".into(),
            technology: Technology::Lte,
        }];
        for op in ["viettel", "vinaphone", "mobifone"] {
            l.push(CoverageLayer {
                operator: op.into(),
                technology: Technology::Lte,
            });
        }
        l.push(CoverageLayer {
            operator: "all".into(),
            technology: Technology::Nr,
        });
        l
    }

    fn tile(
        &self,
        layer: &CoverageLayer,
        z: u8,
        x: u32,
        y: u32,
    ) -> Result<Option<Vec<u8>>, String> {
        let mut px = vec![0u8; 256 * 256 * 4];
        let mut any = false;
        for j in 0..256u32 {
            let lat = world_y_to_lat(f64::from(y) + (f64::from(j) + 0.5) / 256.0, z);
            for i in 0..256u32 {
                let lon = world_x_to_lon(f64::from(x) + (f64::from(i) + 0.5) / 256.0, z);
                let Some(d) =
                    self.sites
                        .nearest(LatLon::new(lat, lon), &layer.operator, layer.technology)
                else {
                    continue;
                };
                if let Some(step) = RAMP.iter().find(|s| d < s.0) {
                    let o = ((j * 256 + i) * 4) as usize;
                    px[o..o + 4].copy_from_slice(&step.1);
                    any = true;
                }
            }
        }
        Ok(any.then(|| hatang_server::hillshade::encode_png(&px)))
    }

    fn legend(&self) -> Vec<LegendStep> {
        RAMP.iter()
            .map(|s| LegendStep {
                from: s.0,
                colour: format!("#{:02x}{:02x}{:02x}", s.1[0], s.1[1], s.1[2]),
                label_vi: format!("{} — mô phỏng thử", s.2),
                label_en: format!("{} — test stand-in", s.3),
            })
            .collect()
    }
}

impl ScorecardProvider for StandIn {
    fn scorecard(&self) -> Option<serde_json::Value> {
        Some(serde_json::json!({"stand_in": true}))
    }

    fn targets(&self) -> Option<Vec<Target>> {
        let classes = self.village_classes()?;
        let good = classes
            .values()
            .filter(|c| **c != VillageClass::None)
            .count();
        Some(vec![Target {
            key: "villages_mobile_broadband".into(),
            label_vi: "Thôn có băng rộng di động (thử)".into(),
            label_en: "Villages with mobile broadband (test)".into(),
            unit: "%".into(),
            target: 100.0,
            value: Some((100.0 * good as f64 / classes.len().max(1) as f64 * 10.0).round() / 10.0),
            deadline: Some("2025".into()),
            source: Some("test stand-in".into()),
        }])
    }

    fn village_classes(&self) -> Option<HashMap<String, VillageClass>> {
        Some(
            self.villages
                .iter()
                .map(|(id, p, _)| (id.clone(), self.class(*p)))
                .collect(),
        )
    }

    fn commune_scores(&self) -> Option<HashMap<String, f64>> {
        let mut tally: HashMap<&str, (usize, usize)> = HashMap::new();
        for (_, p, c) in &self.villages {
            let e = tally.entry(c.as_str()).or_default();
            e.1 += 1;
            if self.class(*p) == VillageClass::Good {
                e.0 += 1;
            }
        }
        Some(
            tally
                .into_iter()
                .map(|(c, (g, n))| (c.to_string(), 100.0 * g as f64 / n as f64))
                .collect(),
        )
    }
}

fn stand_in(store: &dyn Store) -> StandIn {
    let sites: HashMap<String, LatLon> = store
        .sites()
        .unwrap()
        .into_iter()
        .map(|s| (s.id, s.point))
        .collect();
    let mut entries = Vec::new();
    for s in store.sectors(None, None).unwrap() {
        if s.status == SectorStatus::OnAir {
            if let Some(p) = sites.get(&s.site_id) {
                entries.push((*p, s.operator.clone(), s.technology));
            }
        }
    }
    entries.sort_by(|a, b| {
        (a.1.as_str(), a.2, a.0.lat.to_bits()).cmp(&(b.1.as_str(), b.2, b.0.lat.to_bits()))
    });
    entries.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1 && a.2 == b.2);
    let villages = store
        .villages(None)
        .unwrap()
        .into_iter()
        .map(|v| (v.id, v.point, v.commune_code))
        .collect();
    StandIn {
        sites: SiteIndex::new(entries),
        villages,
    }
}

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

    let (store, dir) = common::demo_copy();
    let fake = Arc::new(stand_in(&store));
    let state = AppState::builder(Box::new(store))
        .data_dir(dir)
        .coverage(fake.clone())
        .scorecard(fake)
        .build()
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(hatang_server::serve(listener, state, async {
        let _ = stopped.await;
    }));

    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("../browser");
    std::fs::create_dir_all(&out_dir).unwrap();
    let shot = out_dir.join("dashboard.png");
    let _ = std::fs::remove_file(&shot);
    let child = tokio::process::Command::new("node")
        .arg(&script)
        .arg(&url)
        .arg(&shot)
        .env("HATANG_CHROMIUM", &chromium)
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
    let size = std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0);
    assert!(
        size > 20_000,
        "screenshot {} is missing or tiny ({size} bytes)",
        shot.display()
    );
    eprintln!("screenshot: {}", shot.canonicalize().unwrap().display());
}
