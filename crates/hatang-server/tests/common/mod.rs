//! Shared by the integration tests: the demo database (generated once per
//! test binary, copied per test) and a request helper.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::Router;
use hatang_server::AppState;
use hatang_store::SqliteStore;
use http_body_util::BodyExt;
use std::path::PathBuf;
use std::sync::OnceLock;
use tower::ServiceExt;

/// The demo database, made once.
pub fn demo_db() -> &'static PathBuf {
    static DB: OnceLock<PathBuf> = OnceLock::new();
    DB.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let path = dir.join("demo.sqlite");
        let store = hatang_server::demo_store(Some(&path)).unwrap();
        store.close().unwrap();
        path
    })
}

/// A fresh copy of the demo database, opened, in its own folder (which
/// is also the data directory for keys).
pub fn demo_copy() -> (SqliteStore, PathBuf) {
    let dir = tempfile::tempdir().unwrap().keep();
    let path = dir.join("hatang.sqlite");
    std::fs::copy(demo_db(), &path).unwrap();
    (SqliteStore::open(&path).unwrap(), dir)
}

/// A state over a copy of the demo, without terrain (faster) unless asked.
pub fn demo_state(terrain: bool) -> AppState {
    let (store, dir) = demo_copy();
    let mut b = AppState::builder(Box::new(store)).data_dir(dir);
    if !terrain {
        b = b.terrain(None);
    }
    b.build().unwrap()
}

/// One answer.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body[..self.body.len().min(300)])
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn content_type(&self) -> String {
        self.headers
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    }

    /// Asserts a JSON error answer `{status, reason}` with this status.
    pub fn assert_error(&self, status: u16) {
        assert_eq!(self.status.as_u16(), status, "{}", self.text());
        assert!(
            self.content_type().starts_with("application/json"),
            "{}",
            self.content_type()
        );
        let v = self.json();
        assert_eq!(v["status"], status, "{v}");
        assert!(v["reason"].as_str().is_some_and(|r| !r.is_empty()), "{v}");
    }
}

/// Sends one request through the router.
pub async fn call(
    app: &Router,
    method: Method,
    uri: &str,
    key: Option<&str>,
    body: Option<serde_json::Value>,
) -> Answer {
    let mut b = Request::builder().method(method).uri(uri);
    if let Some(k) = key {
        b = b.header("authorization", format!("Bearer {k}"));
    }
    let req = match body {
        Some(v) => b
            .header("content-type", "application/json")
            .body(Body::from(serde_json::to_vec(&v).unwrap()))
            .unwrap(),
        None => b.body(Body::empty()).unwrap(),
    };
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

pub async fn get(app: &Router, uri: &str) -> Answer {
    call(app, Method::GET, uri, None, None).await
}
