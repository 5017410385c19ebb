//! The read API over the demo province: OGC API – Features (landing,
//! conformance, collections, items with paging, bbox, datetime, filters,
//! CSV), errors as JSON, tiles, glyphs, the OpenAPI document, and that no
//! request takes the server down.

mod common;

use axum::http::Method;
use axum::http::StatusCode;
use common::{call, demo_copy, demo_state, get};
use hatang_server::{router, AppState, Role, ScorecardProvider, Target, VillageClass};
use std::collections::HashMap;
use std::sync::Arc;

#[tokio::test]
async fn ogc_landing_conformance_collections() {
    let app = router(demo_state(false));
    let a = get(&app, "/").await;
    assert_eq!(a.status, 200);
    let v = a.json();
    let rels: Vec<&str> = v["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["rel"].as_str().unwrap())
        .collect();
    for r in ["self", "service-desc", "conformance", "data"] {
        assert!(rels.contains(&r), "{rels:?}");
    }
    let c = get(&app, "/conformance").await.json();
    assert!(c["conformsTo"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x.as_str().unwrap().ends_with("/conf/core")));
    let cols = get(&app, "/collections").await.json();
    let ids: Vec<&str> = cols["collections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    for id in [
        "sites",
        "sectors",
        "villages",
        "communes",
        "provinces",
        "zones",
    ] {
        assert!(ids.contains(&id), "{ids:?}");
    }
    let one = get(&app, "/collections/communes").await.json();
    assert_eq!(one["itemType"], "feature");
    assert!(
        one["extent"]["spatial"]["bbox"][0]
            .as_array()
            .unwrap()
            .len()
            == 4
    );
    assert!(one["links"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["rel"] == "items"));
    // A browser asking for HTML gets the dashboard.
    let mut req = axum::http::Request::builder()
        .uri("/")
        .header("accept", "text/html,application/xhtml+xml");
    req = req.header("accept-encoding", "identity");
    let resp =
        tower::ServiceExt::oneshot(app.clone(), req.body(axum::body::Body::empty()).unwrap())
            .await
            .unwrap();
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
}

#[tokio::test]
async fn items_paging_filters_bbox_datetime_csv() {
    let app = router(demo_state(false));
    let a = get(&app, "/collections/sites/items?limit=10").await;
    assert_eq!(a.status, 200);
    assert_eq!(a.content_type(), "application/geo+json");
    let v = a.json();
    assert_eq!(v["type"], "FeatureCollection");
    assert_eq!(v["numberReturned"], 10);
    let matched = v["numberMatched"].as_u64().unwrap();
    assert!(matched > 1000, "{matched}");
    let next = v["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["rel"] == "next")
        .unwrap()["href"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(next.contains("offset=10"), "{next}");
    let path = next.splitn(4, '/').nth(3).unwrap();
    let p2 = get(&app, &format!("/{path}")).await.json();
    assert_ne!(p2["features"][0]["id"], v["features"][0]["id"]);
    assert!(p2["links"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["rel"] == "prev"));
    // Public site properties: position, operators, technologies; no structure.
    let f = &v["features"][0];
    assert!(f["properties"]["operators"].is_array());
    assert!(f["properties"]["technologies"].is_array());
    assert!(f["properties"].get("structure_height_m").is_none());
    // Property filters.
    let vt = get(
        &app,
        "/collections/sites/items?operator=viettel&technology=4G&limit=10000",
    )
    .await
    .json();
    let n_vt = vt["numberMatched"].as_u64().unwrap();
    assert!(n_vt > 100 && n_vt < matched);
    for f in vt["features"].as_array().unwrap() {
        assert!(f["properties"]["operators"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o == "viettel"));
        assert!(f["properties"]["technologies"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "4G"));
    }
    // bbox: around Việt Trì.
    let bb = get(
        &app,
        "/collections/villages/items?bbox=105.35,21.25,105.45,21.35&limit=1000",
    )
    .await
    .json();
    let n = bb["numberReturned"].as_u64().unwrap();
    assert!(n > 0);
    for f in bb["features"].as_array().unwrap() {
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        assert!((105.35..=105.45).contains(&lon) && (21.25..=21.35).contains(&lat));
    }
    // datetime: the communes in force on a date before and after the reform.
    let after = get(
        &app,
        "/collections/communes/items?datetime=2025-08-01&limit=1",
    )
    .await
    .json();
    assert_eq!(after["numberMatched"], 148);
    let before = get(
        &app,
        "/collections/communes/items?datetime=2020-01-01&limit=1",
    )
    .await
    .json();
    assert!(before["numberMatched"].as_u64().unwrap() > 148);
    // One feature, and CSV.
    let id = v["features"][0]["id"].as_str().unwrap();
    let one = get(&app, &format!("/collections/sites/items/{id}")).await;
    assert_eq!(one.status, 200);
    assert_eq!(one.json()["id"], id);
    let csv = get(&app, "/collections/villages/items?f=csv&limit=5").await;
    assert!(csv.content_type().starts_with("text/csv"));
    let text = csv.text();
    assert!(text.starts_with("id,lon,lat,name,"), "{text}");
    assert_eq!(text.lines().count(), 6);
    // Villages carry their class (unknown until the scorecard exists).
    let vil = get(&app, "/collections/villages/items?limit=1")
        .await
        .json();
    assert_eq!(vil["features"][0]["properties"]["class"], "unknown");
}

#[tokio::test]
async fn bad_requests_get_json_4xx_and_the_server_keeps_serving() {
    let state = demo_state(false);
    let app = router(state);
    for (uri, status) in [
        ("/collections/sites/items?limit=abc", 400),
        ("/collections/sites/items?limit=0", 400),
        ("/collections/sites/items?bbox=1,2,3", 400),
        ("/collections/sites/items?bbox=a,b,c,d", 400),
        ("/collections/sites/items?datetime=yesterday", 400),
        ("/collections/sites/items?colour=red", 400),
        ("/collections/sites/items?f=xml", 400),
        ("/collections/sites/items?shared=maybe", 400),
        ("/collections/nope", 404),
        ("/collections/nope/items", 404),
        ("/collections/sites/items/nope", 404),
        ("/collections/sectors/items", 401),
        ("/history", 401),
        ("/admin/keys", 401),
        ("/no/such/route", 404),
        ("/tiles/vector/99/0/0.mvt", 404),
        ("/tiles/vector/3/9/0.mvt", 404),
        ("/tiles/vector/a/b/c.mvt", 400),
        ("/tiles/coverage/viettel/4G/8/200/110.png", 404),
        ("/tiles/coverage/viettel/6G/8/200/110.png", 400),
        ("/scorecard", 404),
        ("/targets", 404),
        ("/fonts/Noto%20Sans%20Regular/1-2.pbf", 404),
        ("/indicators/happiness", 404),
        ("/reports/nope", 404),
    ] {
        get(&app, uri).await.assert_error(status);
    }
    // A wrong key on a public route is refused too; a missing one is not.
    call(
        &app,
        Method::GET,
        "/collections/sites/items",
        Some("htk_00000000_wrong"),
        None,
    )
    .await
    .assert_error(401);
    // Method not allowed, unsupported body, malformed body, too large a body.
    call(&app, Method::DELETE, "/collections", None, None)
        .await
        .assert_error(405);
    let r = tower::ServiceExt::oneshot(
        app.clone(),
        axum::http::Request::post("/sites")
            .header("content-type", "application/json")
            .header("authorization", "Bearer htk_00000000_wrong")
            .body(axum::body::Body::from("{"))
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 401);
    // Still serving.
    assert_eq!(
        get(&app, "/collections/sites/items?limit=1").await.status,
        200
    );
}

#[tokio::test]
async fn bodies_are_checked() {
    let state = demo_state(false);
    let admin = state.create_key("admin", Role::Admin, None).unwrap();
    let app = router(state);
    let big = serde_json::json!({"name": "x".repeat(2 << 20), "role": "agency"});
    call(&app, Method::POST, "/admin/keys", Some(&admin), Some(big))
        .await
        .assert_error(413);
    let r = tower::ServiceExt::oneshot(
        app.clone(),
        axum::http::Request::post("/admin/keys")
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {admin}"))
            .body(axum::body::Body::from("{not json"))
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 400);
    call(
        &app,
        Method::POST,
        "/admin/keys",
        Some(&admin),
        Some(serde_json::json!({"name": "x", "role": "emperor"})),
    )
    .await
    .assert_error(422);
    call(
        &app,
        Method::POST,
        "/admin/keys",
        Some(&admin),
        Some(serde_json::json!({"name": "x", "role": "operator"})),
    )
    .await
    .assert_error(422);
    call(
        &app,
        Method::POST,
        "/sites",
        Some(&admin),
        Some(serde_json::json!({"id": "x"})),
    )
    .await
    .assert_error(422);
    assert_eq!(get(&app, "/conformance").await.status, 200);
}

struct Panicky;

impl ScorecardProvider for Panicky {
    fn scorecard(&self) -> Option<serde_json::Value> {
        panic!("the scorecard provider failed")
    }
    fn targets(&self) -> Option<Vec<Target>> {
        Some(vec![Target {
            key: "villages_4g".into(),
            label_vi: "Thôn có 4G".into(),
            label_en: "Villages with 4G".into(),
            unit: "%".into(),
            target: 100.0,
            value: Some(97.0),
            deadline: Some("2025".into()),
            source: None,
        }])
    }
    fn village_classes(&self) -> Option<HashMap<String, VillageClass>> {
        Some(HashMap::from([(
            "v-04792-001".to_string(),
            VillageClass::None,
        )]))
    }
}

#[tokio::test]
async fn a_panic_is_a_json_500_and_the_server_goes_on() {
    let (store, _) = common::demo_copy();
    let state = hatang_server::AppState::builder(Box::new(store))
        .terrain(None)
        .scorecard(Arc::new(Panicky))
        .build()
        .unwrap();
    let app = router(state);
    get(&app, "/scorecard").await.assert_error(500);
    let t = get(&app, "/targets").await.json();
    assert_eq!(t["targets"][0]["progress"], 0.97);
    let v = get(&app, "/collections/villages/items?class=none")
        .await
        .json();
    assert!(v["numberMatched"].as_u64().unwrap() <= 1);
    assert_eq!(get(&app, "/conformance").await.status, 200);
}

#[tokio::test]
async fn tiles_glyphs_indicators_and_openapi() {
    let app = router(demo_state(true));
    // Vector tile over Việt Trì at z10 holds villages and sites.
    let t = get(&app, "/tiles/vector/10/811/449.mvt").await;
    assert_eq!(t.status, 200);
    assert_eq!(t.content_type(), "application/vnd.mapbox-vector-tile");
    for layer in ["villages", "sites", "communes"] {
        assert!(
            t.body.windows(layer.len()).any(|w| w == layer.as_bytes()),
            "{layer}"
        );
    }
    // Far away: an empty tile.
    let e = get(&app, "/tiles/vector/10/0/0.mvt").await;
    assert_eq!(e.status, 200);
    assert!(e.body.is_empty());
    let h = get(&app, "/tiles/hillshade/10/811/449.png").await;
    assert_eq!(h.status, 200);
    assert_eq!(&h.body[..4], b"\x89PNG");
    let g = get(&app, "/fonts/Noto%20Sans%20Regular/7680-7935.pbf").await;
    assert_eq!(g.status, 200);
    assert!(g.body.len() > 10_000, "Vietnamese glyphs");
    let g2 = get(&app, "/fonts/Noto%20Sans%20Regular,Arial/40960-41215.pbf").await;
    assert_eq!(g2.status, 200);
    let ind = get(&app, "/indicators/smartphone_share").await.json();
    assert_eq!(ind["series"][0]["points"][0]["value"], 81.03);
    let api = get(&app, "/api").await;
    assert_eq!(api.status, 200);
    let doc = api.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for p in [
        "/collections/sites/items",
        "/collections/sectors/items/{featureId}",
        "/sites/{id}",
        "/admin/keys",
        "/tiles/vector/{z}/{x}/{y}.mvt",
    ] {
        assert!(doc["paths"].get(p).is_some(), "{p}");
    }
    let params = doc["paths"]["/collections/sites/items"]["get"]["parameters"]
        .as_array()
        .unwrap();
    assert!(params.iter().any(|p| p["name"] == "operator"));
    for page in [
        "/index.html",
        "/assets/app.js",
        "/assets/app.css",
        "/vendor/maplibre-gl.mjs",
        "/vendor/maplibre-gl-worker.mjs",
        "/vendor/maplibre-gl.css",
        "/meta",
    ] {
        assert_eq!(get(&app, page).await.status, 200, "{page}");
    }
}

/// A fixed plan: one planned site covering one village.
struct FixedPlan;

impl hatang_server::PlanProvider for FixedPlan {
    fn plan(&self) -> Option<serde_json::Value> {
        Some(serde_json::json!({
            "type": "FeatureCollection",
            "properties": {"cost": 1500.0, "cost_unit": "million VND", "gap": 0.0, "villages_covered": 1, "gap_villages": 1},
            "features": [
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": [105.2, 21.4]},
                 "properties": {"layer": "site", "site_id": "PLAN-1", "kind": "new_tower", "operator": "viettel", "cost": 1500.0, "villages": ["v1"]}},
                {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[105.2, 21.4], [105.21, 21.41]]},
                 "properties": {"layer": "link", "site_id": "PLAN-1", "village_id": "v1"}}
            ]
        }))
    }
}

#[tokio::test]
async fn issue_7_the_plan_is_served_costs_to_agencies_only() {
    // Not wired: a JSON 404 saying so.
    let app = router(demo_state(false));
    let a = get(&app, "/plan").await;
    a.assert_error(404);
    assert!(a.json()["reason"]
        .as_str()
        .unwrap()
        .contains("not computed"));

    let (store, dir) = demo_copy();
    let state = AppState::builder(Box::new(store))
        .data_dir(dir)
        .terrain(None)
        .plan(std::sync::Arc::new(FixedPlan))
        .build()
        .unwrap();
    let app = router(state.clone());
    let meta = get(&app, "/meta").await.json();
    assert_eq!(meta["plan"], true);
    let a = get(&app, "/plan").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.content_type().starts_with("application/geo+json"));
    let v = a.json();
    assert_eq!(v["features"].as_array().unwrap().len(), 2);
    assert!(v["properties"].get("cost").is_none(), "{v}");
    assert!(v["features"][0]["properties"].get("cost").is_none(), "{v}");
    assert_eq!(v["features"][0]["properties"]["site_id"], "PLAN-1");
    for (role, op) in [(Role::Agency, None), (Role::Admin, None)] {
        let key = state.create_key("k", role, op).unwrap();
        let v = call(&app, Method::GET, "/plan", Some(&key), None)
            .await
            .json();
        assert_eq!(v["properties"]["cost"], 1500.0);
        assert_eq!(v["features"][0]["properties"]["cost"], 1500.0);
    }
    let key = state
        .create_key("op", Role::Operator, Some("viettel"))
        .unwrap();
    let v = call(&app, Method::GET, "/plan", Some(&key), None)
        .await
        .json();
    assert!(
        v["properties"].get("cost").is_none(),
        "operators see no costs"
    );
    // A wrong key is refused, not treated as public.
    call(&app, Method::GET, "/plan", Some("htk_wrong"), None)
        .await
        .assert_error(401);
}
