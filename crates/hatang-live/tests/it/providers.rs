//! The live providers through the server's router: village classes from
//! the real point signals, coverage tiles from the real ITM composite, the
//! plan from the planner.

use crate::common::live_state;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use hatang_server::{router, Role};
use http_body_util::BodyExt;
use tower::ServiceExt;

async fn get(app: &axum::Router, uri: &str, key: Option<&str>) -> (StatusCode, Vec<u8>) {
    let mut req = Request::get(uri);
    if let Some(k) = key {
        req = req.header("Authorization", format!("Bearer {k}"));
    }
    let res = app
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    (
        status,
        res.into_body().collect().await.unwrap().to_bytes().to_vec(),
    )
}

fn json(b: &[u8]) -> serde_json::Value {
    serde_json::from_slice(b).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_providers_fill_the_dashboard() {
    let (live, state) = live_state();
    let app = router(state.clone());

    // Before: nothing computed yet, and the server says so.
    let (s, b) = get(&app, "/plan", None).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{}", String::from_utf8_lossy(&b));
    assert!(json(&b)["reason"]
        .as_str()
        .unwrap()
        .contains("not computed"));

    let t = std::time::Instant::now();
    let st = state.clone();
    let filled = tokio::task::spawn_blocking(move || live.fill(&st, &|m| eprintln!("{m}")))
        .await
        .unwrap()
        .unwrap();
    eprintln!("filled in {:.1} s: {filled:?}", t.elapsed().as_secs_f64());
    assert!(filled.villages_classified > 100, "{filled:?}");
    assert!(filled.coverage_layers >= 4, "{filled:?}");
    assert!(filled.planned_sites >= 1, "{filled:?}");

    // Village classes from the real signals: good ones, and the demo's
    // planted gap villages inside the window are "none".
    let (s, b) = get(&app, "/collections/villages/items?class=good&limit=1", None).await;
    assert_eq!(s, StatusCode::OK);
    assert!(json(&b)["numberMatched"].as_u64().unwrap() > 50);
    // Commune colours: only communes with villages of known signal get a
    // score (those off the terrain or outside the window stay blank).
    let (_, b) = get(&app, "/collections/communes/items?limit=1000", None).await;
    let communes = json(&b)["features"].as_array().unwrap().clone();
    let scored = communes
        .iter()
        .filter(|f| f["properties"]["score"].is_number())
        .count();
    assert!(
        scored > 5 && scored < communes.len(),
        "{scored} of {} communes scored",
        communes.len()
    );
    let (_, b) = get(&app, "/targets", None).await;
    assert!(!json(&b)["targets"].as_array().unwrap().is_empty());

    // Coverage tiles: the layer list, and a tile over Việt Trì that holds
    // coloured pixels (z 10: x 811, y 449 covers 105.12–105.47° E, 21.28–21.61° N).
    let (_, b) = get(&app, "/coverage/layers", None).await;
    let layers = json(&b);
    assert!(layers["layers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["operator"] == "all" && l["technology"] == "4G"));
    let (s, png) = get(&app, "/tiles/coverage/all/4G/10/811/449.png", None).await;
    assert_eq!(s, StatusCode::OK);
    let decoder = png::Decoder::new(std::io::Cursor::new(&png));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    reader.next_frame(&mut buf).unwrap();
    let opaque = buf.chunks_exact(4).filter(|p| p[3] > 0).count();
    assert!(
        opaque > 10_000,
        "the tile over Việt Trì shows coverage ({opaque} px)"
    );

    // The plan: public without costs, agencies with them.
    let (s, b) = get(&app, "/plan", None).await;
    assert_eq!(s, StatusCode::OK);
    let public = json(&b);
    assert_eq!(public["type"], "FeatureCollection");
    let sites: Vec<_> = public["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["layer"] == "site")
        .collect();
    assert_eq!(sites.len(), filled.planned_sites);
    assert!(sites.iter().all(|f| f["properties"].get("cost").is_none()));
    assert!(public["properties"].get("cost").is_none());
    assert!(public["properties"]["villages_covered"].as_u64().unwrap() >= 1);
    let key = state.create_key("so-tttt", Role::Agency, None).unwrap();
    let (s, b) = get(&app, "/plan", Some(&key)).await;
    assert_eq!(s, StatusCode::OK);
    let full = json(&b);
    assert!(full["properties"]["cost"].as_f64().unwrap() > 0.0);
    assert!(full["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["layer"] == "site")
        .all(|f| f["properties"]["cost"].as_f64().is_some()));
}
