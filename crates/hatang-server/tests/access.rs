//! The access matrix: every write route × every role (public, agency,
//! operator on its own site, operator on another's site, admin), allowed
//! or refused; every allowed write leaves an audit row naming the key,
//! with before and after, and a refused one leaves none. Also what each
//! role reads.

mod common;

use axum::http::Method;
use common::{call, demo_state};
use hatang_core::model::{Dataset, SectorStatus, Site};
use hatang_server::{router, AppState, Role};
use hatang_store::{Action, Table};
use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Who {
    Public,
    Agency,
    OperatorOwn,
    OperatorOther,
    Admin,
}

const ROLES: [Who; 5] = [
    Who::Public,
    Who::Agency,
    Who::OperatorOwn,
    Who::OperatorOther,
    Who::Admin,
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Route {
    CreateSite,
    UpdateSite,
    DeleteSite,
    CreateSector,
    UpdateSector,
    DeleteSector,
    CreateKey,
    DeleteKey,
}

const ROUTES: [Route; 8] = [
    Route::CreateSite,
    Route::UpdateSite,
    Route::DeleteSite,
    Route::CreateSector,
    Route::UpdateSector,
    Route::DeleteSector,
    Route::CreateKey,
    Route::DeleteKey,
];

fn expected(route: Route, who: Who) -> u16 {
    let keys = matches!(route, Route::CreateKey | Route::DeleteKey);
    let ok = match route {
        Route::CreateSite | Route::CreateSector | Route::CreateKey => 201,
        Route::UpdateSite | Route::UpdateSector => 200,
        Route::DeleteSite | Route::DeleteSector | Route::DeleteKey => 204,
    };
    match who {
        Who::Public => 401,
        Who::Agency => 403,
        Who::OperatorOwn if keys => 403,
        Who::OperatorOwn => ok,
        Who::OperatorOther => 403,
        Who::Admin => ok,
    }
}

struct Fixture {
    site: Site,
    sector: hatang_core::model::Sector,
}

/// A Viettel-only site of the demo and one of its sectors, as templates.
fn templates(state: &AppState) -> Fixture {
    state.with_store(|s| {
        let site = s
            .sites()
            .unwrap()
            .into_iter()
            .find(|x| x.owner == "viettel" && x.operators == ["viettel"])
            .expect("a Viettel-only site");
        let sector = s
            .sectors(Some(&site.id), Some("viettel"))
            .unwrap()
            .into_iter()
            .find(|x| x.status == SectorStatus::OnAir)
            .expect("a sector");
        Fixture { site, sector }
    })
}

fn history_len(state: &AppState, table: Table, id: &str) -> usize {
    state.with_store(|s| s.history(Some(table), Some(id)).unwrap().len())
}

#[tokio::test]
async fn every_write_route_by_every_role() {
    let state = demo_state(false);
    let admin = state
        .create_key("Sở KH&CN admin", Role::Admin, None)
        .unwrap();
    let agency = state
        .create_key("Công an tỉnh", Role::Agency, None)
        .unwrap();
    let viettel = state
        .create_key("Viettel Phú Thọ", Role::Operator, Some("viettel"))
        .unwrap();
    let mobifone = state
        .create_key("MobiFone Phú Thọ", Role::Operator, Some("mobifone"))
        .unwrap();
    let fx = templates(&state);

    // Fixtures per role: a site to change, a site to delete, a sector to
    // change and one to delete, all Viettel's; written by "setup".
    let mut ds = Dataset::default();
    for who in ROLES {
        let tag = format!("{who:?}").to_lowercase();
        for kind in ["upd", "del"] {
            let mut s = fx.site.clone();
            s.id = format!("T-{tag}-{kind}");
            s.name = format!("Test {tag} {kind}");
            ds.sites.push(s);
            let mut c = fx.sector.clone();
            c.id = format!("TS-{tag}-{kind}");
            ds.sectors.push(c);
        }
    }
    state.with_store(|s| s.apply(&ds, "setup")).unwrap();
    state.refresh().unwrap();
    let app = router(state.clone());

    let mut rows = Vec::new();
    for route in ROUTES {
        for who in ROLES {
            let tag = format!("{who:?}").to_lowercase();
            let key = match who {
                Who::Public => None,
                Who::Agency => Some(agency.as_str()),
                Who::OperatorOwn => Some(viettel.as_str()),
                Who::OperatorOther => Some(mobifone.as_str()),
                Who::Admin => Some(admin.as_str()),
            };
            let actor = match who {
                Who::Public => "public",
                Who::Agency => "Công an tỉnh",
                Who::OperatorOwn => "Viettel Phú Thọ",
                Who::OperatorOther => "MobiFone Phú Thọ",
                Who::Admin => "Sở KH&CN admin",
            };
            // The record each route touches, its table and the expected action.
            let (method, uri, body, table, id, action): (
                Method,
                String,
                Option<Value>,
                Option<Table>,
                String,
                Action,
            ) = match route {
                Route::CreateSite => {
                    let mut s = fx.site.clone();
                    s.id = format!("N-{tag}");
                    (
                        Method::POST,
                        "/sites".into(),
                        Some(json!(s)),
                        Some(Table::Sites),
                        s.id,
                        Action::Insert,
                    )
                }
                Route::UpdateSite => {
                    let mut s = fx.site.clone();
                    s.id = format!("T-{tag}-upd");
                    s.name = format!("Renamed by {tag}");
                    s.structure_height_m = 42.0;
                    (
                        Method::PUT,
                        format!("/sites/{}", s.id),
                        Some(json!(s)),
                        Some(Table::Sites),
                        s.id,
                        Action::Update,
                    )
                }
                Route::DeleteSite => {
                    // The fixture sites carry no sector (theirs hang on the template site).
                    let id = format!("T-{tag}-del");
                    (
                        Method::DELETE,
                        format!("/sites/{id}"),
                        None,
                        Some(Table::Sites),
                        id,
                        Action::Delete,
                    )
                }
                Route::CreateSector => {
                    let mut c = fx.sector.clone();
                    c.id = format!("NS-{tag}");
                    (
                        Method::POST,
                        "/sectors".into(),
                        Some(json!(c)),
                        Some(Table::Sectors),
                        c.id,
                        Action::Insert,
                    )
                }
                Route::UpdateSector => {
                    let mut c = fx.sector.clone();
                    c.id = format!("TS-{tag}-upd");
                    c.tx_power_dbm = 40.0;
                    c.electrical_tilt_deg = 6.0;
                    (
                        Method::PUT,
                        format!("/sectors/{}", c.id),
                        Some(json!(c)),
                        Some(Table::Sectors),
                        c.id,
                        Action::Update,
                    )
                }
                Route::DeleteSector => {
                    let id = format!("TS-{tag}-del");
                    (
                        Method::DELETE,
                        format!("/sectors/{id}"),
                        None,
                        Some(Table::Sectors),
                        id,
                        Action::Delete,
                    )
                }
                Route::CreateKey => (
                    Method::POST,
                    "/admin/keys".into(),
                    Some(json!({"name": format!("made by {tag}"), "role": "agency"})),
                    None,
                    String::new(),
                    Action::Insert,
                ),
                Route::DeleteKey => {
                    let k = state
                        .create_key(&format!("victim of {tag}"), Role::Agency, None)
                        .unwrap();
                    let id = k.split('_').nth(1).unwrap().to_string();
                    (
                        Method::DELETE,
                        format!("/admin/keys/{id}"),
                        None,
                        None,
                        id,
                        Action::Delete,
                    )
                }
            };
            let before = match table {
                Some(t) => history_len(&state, t, &id),
                None => state.keys().log().len(),
            };
            let a = call(&app, method.clone(), &uri, key, body).await;
            let want = expected(route, who);
            assert_eq!(
                a.status.as_u16(),
                want,
                "{route:?} by {who:?}: {}",
                a.text()
            );
            if want >= 400 {
                a.assert_error(want);
            }
            let after = match table {
                Some(t) => history_len(&state, t, &id),
                None => state.keys().log().len(),
            };
            if want < 400 {
                assert_eq!(
                    after,
                    before + 1,
                    "{route:?} by {who:?} leaves one audit row"
                );
                match table {
                    Some(t) => {
                        let h = state.with_store(|s| s.history(Some(t), Some(&id)).unwrap());
                        let last = h.last().unwrap();
                        assert_eq!(last.actor, actor);
                        assert_eq!(last.action, action);
                        assert!(!last.at.is_empty());
                        assert_eq!(last.before.is_some(), action != Action::Insert);
                        assert_eq!(last.after.is_some(), action != Action::Delete);
                    }
                    None => {
                        let log = state.keys().log();
                        let last = log.last().unwrap();
                        assert_eq!(last.actor, actor);
                        assert_eq!(
                            last.action,
                            if action == Action::Insert {
                                "insert"
                            } else {
                                "delete"
                            }
                        );
                    }
                }
            } else {
                assert_eq!(
                    after, before,
                    "{route:?} by {who:?} was refused: no audit row"
                );
            }
            rows.push(format!("{route:?} × {who:?} → {}", a.status.as_u16()));
        }
    }
    eprintln!("{}", rows.join("\n"));
    // The history is readable by agencies and admins only.
    let h = call(
        &app,
        Method::GET,
        "/history?table=sites&limit=5",
        Some(&agency),
        None,
    )
    .await;
    assert_eq!(h.status, 200);
    assert!(h.json()["entries"].as_array().unwrap().len() == 5);
    call(&app, Method::GET, "/history", Some(&viettel), None)
        .await
        .assert_error(403);
    call(&app, Method::GET, "/history", None, None)
        .await
        .assert_error(401);
    // The API sees the writes at once.
    let s = call(
        &app,
        Method::GET,
        "/collections/sites/items/T-admin-upd",
        None,
        None,
    )
    .await
    .json();
    assert_eq!(s["properties"]["name"], "Renamed by admin");
    call(
        &app,
        Method::GET,
        "/collections/sites/items/T-admin-del",
        None,
        None,
    )
    .await
    .assert_error(404);
}

#[tokio::test]
async fn what_each_role_reads() {
    let state = demo_state(false);
    let agency = state.create_key("agency", Role::Agency, None).unwrap();
    let viettel = state
        .create_key("viettel", Role::Operator, Some("viettel"))
        .unwrap();
    let app = router(state);
    // Sectors: keys only; an operator sees its own.
    call(&app, Method::GET, "/collections/sectors/items", None, None)
        .await
        .assert_error(401);
    let all = call(
        &app,
        Method::GET,
        "/collections/sectors/items?limit=1",
        Some(&agency),
        None,
    )
    .await
    .json();
    let own = call(
        &app,
        Method::GET,
        "/collections/sectors/items?limit=1",
        Some(&viettel),
        None,
    )
    .await
    .json();
    assert!(own["numberMatched"].as_u64() < all["numberMatched"].as_u64());
    let f = &all["features"][0]["properties"];
    assert!(f["tx_power_dbm"].is_number() && f["electrical_tilt_deg"].is_number());
    let mine = call(
        &app,
        Method::GET,
        "/collections/sectors/items?operator=mobifone&limit=1",
        Some(&viettel),
        None,
    )
    .await
    .json();
    assert_eq!(mine["numberMatched"], 0);
    // Sites: the public sees less than an agency.
    let pubs = call(
        &app,
        Method::GET,
        "/collections/sites/items?limit=1",
        None,
        None,
    )
    .await
    .json();
    let ags = call(
        &app,
        Method::GET,
        "/collections/sites/items?limit=1",
        Some(&agency),
        None,
    )
    .await
    .json();
    assert!(pubs["features"][0]["properties"].get("structure").is_none());
    assert!(ags["features"][0]["properties"]["structure"].is_string());
    // X-API-Key works like a bearer token.
    let r = tower::ServiceExt::oneshot(
        app.clone(),
        axum::http::Request::get("/collections/sectors/items?limit=1")
            .header("x-api-key", &agency)
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 200);
}
