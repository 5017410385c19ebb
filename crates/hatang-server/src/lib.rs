//! # hatang-server
//!
//! The HTTP side of hatang: the data-sharing API (OGC API – Features for
//! sites, sectors, villages, communes, districts, provinces and zones, with
//! GeoJSON and CSV; map tiles; the scorecard, targets and indicator series;
//! reports; audited writes; API keys) and the operations-centre dashboard,
//! a MapLibre GL page embedded in the binary that works offline.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use hatang_server::{demo_store, router, serve, AppState};
//! let store = demo_store(None)?;                       // or SqliteStore::open(path)
//! let state = AppState::builder(Box::new(store))
//!     .data_dir("/var/lib/hatang")                      // keys.json lives here
//!     .build()?;
//! if let Some(key) = state.ensure_admin_key("admin")? {
//!     println!("admin key (shown once): {key}");
//! }
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! serve(listener, state, async { let _ = tokio::signal::ctrl_c().await; }).await?;
//! # Ok(()) }
//! ```
//!
//! Reads come from an immutable snapshot of the store (every feature
//! pre-rendered), swapped atomically (no lock on read paths); writes take the store's
//! mutex on a blocking thread, apply through `Store::apply`/`delete` with
//! the key's name as actor (the store's history is the audit log), and
//! swap in a new snapshot. Coverage tiles, the scorecard and reports come
//! from optional [`providers`]; while one is absent its routes answer a
//! JSON 404 "not computed yet".
//!
//! Invariants: every error is JSON `{status, reason}`; a panic in a
//! handler is answered 500 and the server goes on; bodies are limited
//! (1 MiB) and requests time out (30 s).

#![warn(missing_docs)]

mod api;
mod assets;
pub mod auth;
pub mod error;
mod extract;
mod features;
pub mod hillshade;
pub mod mvt;
mod openapi;
pub mod providers;
mod snapshot;
mod tiles;
pub mod util;
mod writes;

pub use assets::FONTSTACK;
pub use auth::{Caller, KeyInfo, KeyStore, Role};
pub use error::{ApiError, ErrorBody, ServerError};
pub use hillshade::{Hillshade, Terrain};
pub use providers::{
    CoverageLayer, CoverageProvider, LegendStep, PlanProvider, ReportInfo, ReportProvider,
    ScorecardProvider, SeriesPoint, Target, VillageClass,
};
pub use writes::{CreatedKey, NewKey};

use arc_swap::ArcSwap;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;
use hatang_store::Store;
use snapshot::Snapshot;
use std::collections::HashMap;
use std::future::Future;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::cors::{Any, CorsLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// Settings of the HTTP layer.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Base URL written in links (e.g. `https://hatang.phutho.gov.vn`);
    /// by default `http://<Host header>`.
    pub public_url: Option<String>,
    /// Longest time a request may take.
    pub request_timeout: Duration,
    /// Largest request body.
    pub max_body_bytes: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            public_url: None,
            request_timeout: Duration::from_secs(30),
            max_body_bytes: 1 << 20,
        }
    }
}

/// Builds an [`AppState`].
pub struct AppStateBuilder {
    store: Box<dyn Store>,
    data_dir: Option<PathBuf>,
    terrain: Option<Option<Terrain>>,
    coverage: Option<Arc<dyn CoverageProvider>>,
    scorecard: Option<Arc<dyn ScorecardProvider>>,
    reports: Option<Arc<dyn ReportProvider>>,
    plan: Option<Arc<dyn PlanProvider>>,
    config: ServerConfig,
}

impl AppStateBuilder {
    /// Keeps the API keys in `dir/keys.json` (without it they live in
    /// memory only).
    pub fn data_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.data_dir = Some(dir.into());
        self
    }

    /// The terrain of the hillshade base map (default: the bundled SRTM
    /// tile N21E105; `None` for no hillshade).
    pub fn terrain(mut self, terrain: Option<Terrain>) -> Self {
        self.terrain = Some(terrain);
        self
    }

    /// The coverage tiles' provider (issue 4).
    pub fn coverage(mut self, p: Arc<dyn CoverageProvider>) -> Self {
        self.coverage = Some(p);
        self
    }

    /// The scorecard's provider (issue 5).
    pub fn scorecard(mut self, p: Arc<dyn ScorecardProvider>) -> Self {
        self.scorecard = Some(p);
        self
    }

    /// The reports' provider.
    pub fn reports(mut self, p: Arc<dyn ReportProvider>) -> Self {
        self.reports = Some(p);
        self
    }

    /// The site plan's provider (issue 7).
    pub fn plan(mut self, p: Arc<dyn PlanProvider>) -> Self {
        self.plan = Some(p);
        self
    }

    /// HTTP settings.
    pub fn config(mut self, config: ServerConfig) -> Self {
        self.config = config;
        self
    }

    /// Reads the store, colours the terrain and opens the key file. This
    /// blocks (a second or so): call it before the runtime serves, or in
    /// `spawn_blocking`.
    pub fn build(self) -> Result<AppState, ServerError> {
        let keys = match &self.data_dir {
            Some(d) => KeyStore::open(d)?,
            None => KeyStore::in_memory(),
        };
        let terrain = match self.terrain {
            Some(t) => t,
            None => Some(Terrain::bundled()?),
        };
        let hillshade = terrain.map(|t| Arc::new(Hillshade::new(t)));
        let data = self.store.dataset()?;
        let (classes, scores) = provider_maps(self.scorecard.as_deref());
        let snap = Snapshot::build(Arc::new(data), classes, scores);
        let empty_png = Bytes::from(hillshade::encode_png(&vec![0u8; 256 * 256 * 4]));
        Ok(AppState {
            inner: Arc::new(Inner {
                store: Mutex::new(self.store),
                snapshot: ArcSwap::from_pointee(snap),
                keys,
                coverage: self.coverage,
                coverage_cache: ArcSwap::from_pointee(api::CoverageCache {
                    generation: u64::MAX,
                    layers: HashMap::new(),
                }),
                scorecard: self.scorecard,
                reports: self.reports,
                plan: self.plan,
                hillshade,
                empty_png,
                config: self.config,
            }),
        })
    }
}

pub(crate) struct Inner {
    pub store: Mutex<Box<dyn Store>>,
    pub snapshot: ArcSwap<Snapshot>,
    pub keys: KeyStore,
    pub coverage: Option<Arc<dyn CoverageProvider>>,
    pub coverage_cache: ArcSwap<api::CoverageCache>,
    pub scorecard: Option<Arc<dyn ScorecardProvider>>,
    pub reports: Option<Arc<dyn ReportProvider>>,
    pub plan: Option<Arc<dyn PlanProvider>>,
    pub hillshade: Option<Arc<Hillshade>>,
    pub empty_png: Bytes,
    pub config: ServerConfig,
}

/// Everything the handlers share: the store, the current snapshot, the
/// keys and the providers. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("keys", &self.inner.keys)
            .field("coverage", &self.inner.coverage.is_some())
            .field("scorecard", &self.inner.scorecard.is_some())
            .field("reports", &self.inner.reports.is_some())
            .field("plan", &self.inner.plan.is_some())
            .finish()
    }
}

fn provider_maps(
    p: Option<&dyn ScorecardProvider>,
) -> (HashMap<String, VillageClass>, HashMap<String, f64>) {
    match p {
        Some(p) => (
            p.village_classes().unwrap_or_default(),
            p.commune_scores().unwrap_or_default(),
        ),
        None => (HashMap::new(), HashMap::new()),
    }
}

impl AppState {
    /// Starts building a state over a store.
    pub fn builder(store: Box<dyn Store>) -> AppStateBuilder {
        AppStateBuilder {
            store,
            data_dir: None,
            terrain: None,
            coverage: None,
            scorecard: None,
            reports: None,
            plan: None,
            config: ServerConfig::default(),
        }
    }

    pub(crate) fn snapshot(&self) -> Arc<Snapshot> {
        self.inner.snapshot.load_full()
    }

    pub(crate) fn empty_png(&self) -> Bytes {
        self.inner.empty_png.clone()
    }

    /// The API keys.
    pub fn keys(&self) -> &KeyStore {
        &self.inner.keys
    }

    /// Makes an admin key named `name` if none exists, and returns it (it
    /// is shown only this once); `None` if an admin key exists.
    pub fn ensure_admin_key(&self, name: &str) -> Result<Option<String>, ServerError> {
        if self.inner.keys.has_admin() {
            return Ok(None);
        }
        let (_, key) = self.inner.keys.create(name, Role::Admin, None, "setup")?;
        Ok(Some(key))
    }

    /// Makes a key (for the CLI and tests); returns the secret key.
    pub fn create_key(
        &self,
        name: &str,
        role: Role,
        operator: Option<&str>,
    ) -> Result<String, ServerError> {
        let (_, key) = self
            .inner
            .keys
            .create(name, role, operator.map(str::to_string), "setup")?;
        Ok(key)
    }

    /// Runs `f` on the store (blocking; for the CLI and tests).
    pub fn with_store<R>(&self, f: impl FnOnce(&mut dyn Store) -> R) -> R {
        let mut g = self.inner.store.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut **g)
    }

    /// Re-reads everything from the store and the scorecard provider (for
    /// example after the coverage or the scorecard was recomputed). Blocks.
    pub fn refresh(&self) -> Result<(), ServerError> {
        let g = self.inner.store.lock().unwrap_or_else(|p| p.into_inner());
        let data = g.dataset()?;
        let (classes, scores) = provider_maps(self.inner.scorecard.as_deref());
        self.inner
            .snapshot
            .store(Arc::new(Snapshot::build(Arc::new(data), classes, scores)));
        Ok(())
    }

    /// Runs a write on the store (on a blocking thread, under the store's
    /// mutex, with the current snapshot), then swaps in a snapshot with
    /// what it changed.
    pub(crate) async fn write(
        &self,
        f: impl FnOnce(&mut dyn Store, &Caller, &Snapshot) -> Result<snapshot::Changes, ApiError>
            + Send
            + 'static,
        caller: Caller,
    ) -> Result<(), ApiError> {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut g = state.inner.store.lock().unwrap_or_else(|p| p.into_inner());
            let old = state.snapshot();
            let changes = f(&mut **g, &caller, &old)?;
            state.inner.snapshot.store(Arc::new(old.patched(&changes)));
            Ok(())
        })
        .await
        .map_err(|e| ApiError::internal(format!("write task: {e}")))?
    }

    /// Runs a read on the store on a blocking thread.
    pub(crate) async fn read_store<T: Send + 'static>(
        &self,
        f: impl FnOnce(&dyn Store) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let g = state.inner.store.lock().unwrap_or_else(|p| p.into_inner());
            f(&**g)
        })
        .await
        .map_err(|e| ApiError::internal(format!("read task: {e}")))?
    }
}

/// Generates the demo province (seed 2025, the bundled terrain read as
/// `hatang demo` reads it, so the content is the same) and stores it, with
/// actor `demo`, in a new SQLite store at `path` (or in memory). Takes a
/// few seconds.
pub fn demo_store(
    path: Option<&std::path::Path>,
) -> Result<hatang_store::SqliteStore, ServerError> {
    use hatang_core::terrain::Elevation;
    let tile = hatang_core::terrain::Tile::from_hgt_bytes(
        hatang_data::bundled::SRTM_N21E105_NAME,
        hatang_data::bundled::SRTM_N21E105_HGT,
        &hatang_core::terrain::LoadOptions::default(),
    )
    .map_err(|e| ServerError::Demo(e.to_string()))?;
    let elevation = |p: hatang_core::geo::LatLon| tile.elevation(p).ok();
    let demo = hatang_data::demo::generate(&hatang_data::demo::DemoConfig::default(), &elevation)
        .map_err(|e| ServerError::Demo(e.to_string()))?;
    let mut store = match path {
        Some(p) => hatang_store::SqliteStore::open(p)?,
        None => hatang_store::SqliteStore::open_in_memory()?,
    };
    store.apply(&demo.dataset, "demo")?;
    Ok(store)
}

/// Turns every error answer that is not JSON (from the framework: 404 of
/// an unknown route, 405, 408, 413, a bad path parameter, …) into JSON
/// `{status, reason}`.
async fn json_errors(req: Request, next: Next) -> Response {
    let resp = next.run(req).await;
    let status = resp.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return resp;
    }
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let text = axum::body::to_bytes(body, 4096)
        .await
        .ok()
        .and_then(|b| String::from_utf8(b.to_vec()).ok())
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| {
            match status {
                StatusCode::METHOD_NOT_ALLOWED => "method not allowed on this route",
                StatusCode::REQUEST_TIMEOUT | StatusCode::SERVICE_UNAVAILABLE => {
                    "the request took too long"
                }
                StatusCode::PAYLOAD_TOO_LARGE => "the body is too large",
                _ => status.canonical_reason().unwrap_or("error"),
            }
            .to_string()
        });
    let mut out = error::json_error(status, text.trim());
    for h in [header::ALLOW, header::WWW_AUTHENTICATE] {
        if let Some(v) = parts.headers.get(&h) {
            out.headers_mut().insert(h, v.clone());
        }
    }
    out
}

fn panic_response(err: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    let what = err
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "panic".into());
    tracing::error!("handler panicked: {what}");
    error::json_error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal error (the server logged it and goes on)",
    )
}

async fn not_found() -> ApiError {
    ApiError::not_found("no such route (GET / lists the API; GET /api describes it)")
}

async fn api_doc(axum::extract::State(state): axum::extract::State<AppState>) -> Response {
    let doc = openapi::document(&state.snapshot());
    let mut r = serde_json::to_vec(&doc).unwrap_or_default().into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/vnd.oai.openapi+json;version=3.1"),
    );
    r
}

/// The whole application: API, tiles and the dashboard, with the
/// middleware (panic catching, JSON errors, compression, CORS, timeouts,
/// body limits, tracing).
pub fn router(state: AppState) -> Router {
    let config = state.inner.config.clone();
    let routes = Router::new()
        .route("/", get(features::landing))
        .route("/conformance", get(features::conformance))
        .route("/collections", get(features::collections))
        .route("/collections/{id}", get(features::collection))
        .route("/collections/{id}/items", get(features::items))
        .route("/collections/{id}/items/{fid}", get(features::item))
        .route("/api", get(api_doc))
        .route("/meta", get(api::meta))
        .route("/tiles/vector/{z}/{x}/{y}", get(api::vector_tile))
        .route("/tiles/hillshade/{z}/{x}/{y}", get(api::hillshade_tile))
        .route(
            "/tiles/coverage/{operator}/{technology}/{z}/{x}/{y}",
            get(api::coverage_tile),
        )
        .route("/coverage/layers", get(api::coverage_layers))
        .route("/coverage/legend.png", get(api::coverage_legend))
        .route("/scorecard", get(api::scorecard))
        .route("/targets", get(api::targets))
        .route("/indicators", get(api::indicators))
        .route("/indicators/{key}", get(api::indicator_series))
        .route("/plan", get(api::plan))
        .route("/reports", get(api::reports))
        .route("/reports/{id}", get(api::report))
        .route("/history", get(writes::history))
        .route("/sites", post(writes::create_site))
        .route(
            "/sites/{id}",
            put(writes::update_site).delete(writes::delete_site),
        )
        .route("/sectors", post(writes::create_sector))
        .route(
            "/sectors/{id}",
            put(writes::update_sector).delete(writes::delete_sector),
        )
        .route(
            "/admin/keys",
            get(writes::list_keys).post(writes::create_key),
        )
        .route("/admin/keys/log", get(writes::key_log))
        .route(
            "/admin/keys/{id}",
            axum::routing::delete(writes::delete_key),
        )
        .route("/fonts/{stack}/{range}", get(assets::glyphs))
        .route("/index.html", get(assets::index_page))
        .route("/assets/{file}", get(assets::page_asset))
        .route("/vendor/{file}", get(assets::vendor_asset))
        .fallback(not_found)
        .with_state(state);
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([
            Method::GET,
            Method::HEAD,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::HeaderName::from_static("x-api-key"),
        ]);
    // Layers: the last added runs first.
    routes
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .layer(cors)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            config.request_timeout,
        ))
        .layer(TraceLayer::new_for_http())
        .layer(middleware::from_fn(json_errors))
        .layer(CompressionLayer::new().quality(CompressionLevel::Fastest))
        .layer(CatchPanicLayer::custom(panic_response))
}

/// Serves the application on `listener` until `shutdown` completes, then
/// finishes the requests in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    let app = router(state);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|e| ServerError::Io {
            what: "serving".into(),
            source: e,
        })
}
