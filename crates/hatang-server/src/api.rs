//! The dashboard's other endpoints: map tiles (vector, hillshade,
//! coverage), the scorecard and targets, indicator series, reports and the
//! page's metadata.

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::{shorten, Params};
use crate::features::json_response;
use crate::providers::CoverageLayer;
use crate::util::{valid_tile, TileSlots};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use hatang_core::model::{indicator_key, Technology, INDICATOR_KEYS};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;

/// Parses `{z}/{x}/{y}.ext` path parts.
fn tile_coords(z: &str, x: &str, y: &str, exts: &[&str]) -> Result<(u8, u32, u32), ApiError> {
    let y = exts.iter().find_map(|e| y.strip_suffix(e)).ok_or_else(|| {
        ApiError::not_found(format!(
            "tile names end in {} (got '{}')",
            exts.join(" or "),
            shorten(y)
        ))
    })?;
    let bad = || ApiError::bad_request("tile coordinates must be whole numbers z/x/y");
    let z: u8 = z.parse().map_err(|_| bad())?;
    let x: u32 = x.parse().map_err(|_| bad())?;
    let y: u32 = y.parse().map_err(|_| bad())?;
    if !valid_tile(z, x, y) {
        return Err(ApiError::not_found(format!(
            "tile {z}/{x}/{y} does not exist (zoom 0–24, x and y below 2^z)"
        )));
    }
    Ok((z, x, y))
}

fn bytes_response(b: Bytes, content_type: &'static str, cache: &'static str) -> Response {
    let mut r = b.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    r
}

fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|p| p.trim().starts_with("gzip")))
}

/// Renders a tile that is not cached yet. From zoom 8 on a tile costs a
/// few milliseconds: it is rendered right on the async worker, which under
/// load beats handing it to the blocking pool (hundreds of threads
/// fighting for the cores made the cold-start tail three times longer).
/// Coarser tiles hold much more and go to the blocking pool.
async fn render<T: Send + 'static>(
    z: u8,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    if z >= 8 {
        Ok(f())
    } else {
        tokio::task::spawn_blocking(f)
            .await
            .map_err(|e| ApiError::internal(e.to_string()))
    }
}

/// `GET /tiles/vector/{z}/{x}/{y}.mvt`.
pub(crate) async fn vector_tile(
    State(state): State<AppState>,
    Path((z, x, y)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (z, x, y) = tile_coords(&z, &x, &y, &[".mvt", ".pbf"])?;
    let snap = state.snapshot();
    let t = if snap.vector.cached(z, x, y) {
        snap.vector.tile(z, x, y)
    } else {
        let s = snap.clone();
        render(z, move || s.vector.tile(z, x, y)).await?
    };
    let mut r = if accepts_gzip(&headers) {
        let mut r = bytes_response(t.gzip, "application/vnd.mapbox-vector-tile", "no-cache");
        r.headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        r
    } else {
        bytes_response(t.raw, "application/vnd.mapbox-vector-tile", "no-cache")
    };
    r.headers_mut()
        .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    Ok(r)
}

/// `GET /tiles/hillshade/{z}/{x}/{y}.png`.
pub(crate) async fn hillshade_tile(
    State(state): State<AppState>,
    Path((z, x, y)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let (z, x, y) = tile_coords(&z, &x, &y, &[".png"])?;
    let Some(h) = state.inner.hillshade.clone() else {
        return Err(ApiError::not_found("no terrain is loaded"));
    };
    let png = if h.cached(z, x, y) {
        h.tile(z, x, y)
    } else {
        render(z, move || h.tile(z, x, y)).await?
    };
    Ok(bytes_response(png, "image/png", "public, max-age=86400"))
}

/// Cached coverage tiles of one provider generation.
pub(crate) struct CoverageCache {
    pub generation: u64,
    pub layers: HashMap<CoverageLayer, TileSlots<Bytes>>,
}

fn not_computed(what: &str) -> ApiError {
    ApiError::not_found(format!("{what} is not computed yet"))
}

/// `GET /coverage/layers`.
pub(crate) async fn coverage_layers(State(state): State<AppState>) -> Result<Response, ApiError> {
    let (layers, legend) = match state.inner.coverage.clone() {
        Some(p) => tokio::task::spawn_blocking(move || (p.layers(), p.legend()))
            .await
            .map_err(|e| ApiError::internal(e.to_string()))?,
        None => (Vec::new(), Vec::new()),
    };
    let layers: Vec<_> = layers
        .iter()
        .map(|l| {
            json!({
                "operator": l.operator,
                "technology": l.technology.as_str(),
                "tiles": format!("/tiles/coverage/{}/{}/{{z}}/{{x}}/{{y}}.png", l.operator, l.technology.as_str()),
            })
        })
        .collect();
    Ok(json_response(
        &json!({"computed": state.inner.coverage.is_some(), "layers": layers, "legend": legend}),
        "application/json",
    ))
}

/// `GET /coverage/legend.png`.
pub(crate) async fn coverage_legend(State(state): State<AppState>) -> Result<Response, ApiError> {
    let p = state
        .inner
        .coverage
        .clone()
        .ok_or_else(|| not_computed("coverage"))?;
    let png = tokio::task::spawn_blocking(move || p.legend_png())
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?
        .ok_or_else(|| ApiError::not_found("the coverage provider draws no legend image"))?;
    Ok(bytes_response(Bytes::from(png), "image/png", "no-cache"))
}

/// `GET /tiles/coverage/{operator}/{technology}/{z}/{x}/{y}.png`.
pub(crate) async fn coverage_tile(
    State(state): State<AppState>,
    Path((operator, technology, z, x, y)): Path<(String, String, String, String, String)>,
) -> Result<Response, ApiError> {
    let (z, x, y) = tile_coords(&z, &x, &y, &[".png"])?;
    let technology: Technology = technology
        .parse()
        .map_err(|e: String| ApiError::bad_request(shorten(&e)))?;
    let p = state
        .inner
        .coverage
        .clone()
        .ok_or_else(|| not_computed("coverage"))?;
    let layer = CoverageLayer {
        operator,
        technology,
    };
    // Fast path: a tile already rendered for the current generation is
    // served from the cache without leaving the async worker.
    {
        let cache = state.inner.coverage_cache.load();
        if cache.generation == p.generation() {
            if let Some(b) = cache
                .layers
                .get(&layer)
                .and_then(|slots| slots.slot(z, x, y))
                .and_then(|slot| slot.get())
            {
                return Ok(bytes_response(b.clone(), "image/png", "no-cache"));
            }
        }
    }
    let st = state.clone();
    let png = render(z, move || -> Result<Bytes, ApiError> {
        let gen = p.generation();
        let mut cache = st.inner.coverage_cache.load_full();
        if cache.generation != gen || cache.layers.is_empty() {
            let extent = st.snapshot().extent;
            let layers = p
                .layers()
                .into_iter()
                .map(|l| (l, TileSlots::new(&extent, crate::tiles::CACHE_MAX_Z)))
                .collect();
            let fresh = Arc::new(CoverageCache {
                generation: gen,
                layers,
            });
            st.inner.coverage_cache.store(fresh.clone());
            cache = fresh;
        }
        let Some(slots) = cache.layers.get(&layer) else {
            return Err(ApiError::not_found(format!(
                "no coverage layer {}/{}",
                shorten(&layer.operator),
                layer.technology.as_str()
            )));
        };
        let render = || -> Result<Bytes, ApiError> {
            match p.tile(&layer, z, x, y) {
                Ok(Some(png)) => Ok(Bytes::from(png)),
                Ok(None) => Ok(st.empty_png()),
                Err(e) => Err(ApiError::internal(format!("coverage tile: {e}"))),
            }
        };
        match slots.slot(z, x, y) {
            Some(slot) => {
                if let Some(b) = slot.get() {
                    return Ok(b.clone());
                }
                let b = render()?;
                Ok(slot.get_or_init(|| b).clone())
            }
            None => render(),
        }
    })
    .await??;
    Ok(bytes_response(png, "image/png", "no-cache"))
}

/// `GET /scorecard`.
pub(crate) async fn scorecard(State(state): State<AppState>) -> Result<Response, ApiError> {
    let p = state
        .inner
        .scorecard
        .clone()
        .ok_or_else(|| not_computed("the scorecard"))?;
    let v = tokio::task::spawn_blocking(move || p.scorecard())
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?
        .ok_or_else(|| not_computed("the scorecard"))?;
    Ok(json_response(&v, "application/json"))
}

/// `GET /targets`.
pub(crate) async fn targets(State(state): State<AppState>) -> Result<Response, ApiError> {
    let p = state
        .inner
        .scorecard
        .clone()
        .ok_or_else(|| not_computed("the targets' progress"))?;
    let t = tokio::task::spawn_blocking(move || p.targets())
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?
        .ok_or_else(|| not_computed("the targets' progress"))?;
    let items: Vec<_> = t
        .iter()
        .map(|t| {
            let progress = t
                .value
                .filter(|_| t.target.abs() > f64::EPSILON)
                .map(|v| (v / t.target).clamp(0.0, 10.0));
            let mut v = serde_json::to_value(t).unwrap_or_default();
            if let Some(m) = v.as_object_mut() {
                m.insert("progress".into(), json!(progress));
            }
            v
        })
        .collect();
    Ok(json_response(
        &json!({"targets": items}),
        "application/json",
    ))
}

/// `GET /indicators`: the documented keys and what is stored of each.
pub(crate) async fn indicators(State(state): State<AppState>) -> Response {
    let snap = state.snapshot();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for i in &snap.data.indicators {
        *counts.entry(i.key.as_str()).or_default() += 1;
    }
    let keys: Vec<_> = INDICATOR_KEYS
        .iter()
        .map(|k| {
            json!({
                "key": k.key,
                "unit": k.unit,
                "description": k.description,
                "additive": k.additive,
                "values": counts.get(k.key).copied().unwrap_or(0),
            })
        })
        .collect();
    json_response(&json!({"keys": keys}), "application/json")
}

/// `GET /indicators/{key}`: the series of one indicator, per unit version.
pub(crate) async fn indicator_series(
    State(state): State<AppState>,
    Path(key): Path<String>,
    params: Params,
) -> Result<Response, ApiError> {
    let k = indicator_key(&key).ok_or_else(|| {
        ApiError::not_found(format!(
            "unknown indicator '{}' (GET /indicators lists them)",
            shorten(&key)
        ))
    })?;
    let unit_filter = params.single("unit")?.map(str::to_string);
    let snap = state.snapshot();
    let names: HashMap<String, &str> = snap
        .data
        .units
        .iter()
        .map(|u| (u.key.to_string(), u.name.as_str()))
        .collect();
    let mut series: std::collections::BTreeMap<String, Vec<serde_json::Value>> = Default::default();
    for i in snap.data.indicators.iter().filter(|i| i.key == k.key) {
        series.entry(i.unit.to_string()).or_default().push(
            json!({"period": i.period, "value": i.value, "source": i.source, "computed": false}),
        );
    }
    if let Some(p) = state.inner.scorecard.clone() {
        let extra = tokio::task::spawn_blocking(move || p.indicator_series())
            .await
            .map_err(|e| ApiError::internal(e.to_string()))?;
        for s in extra.into_iter().filter(|s| s.key == k.key) {
            series.entry(s.unit.clone()).or_default().push(
                json!({"period": s.period, "value": s.value, "source": s.source, "computed": true}),
            );
        }
    }
    let out: Vec<_> = series
        .into_iter()
        .filter(|(u, _)| {
            unit_filter.as_deref().is_none_or(|f| {
                u == f
                    || u.split('/')
                        .nth(1)
                        .is_some_and(|rest| rest.starts_with(&format!("{f}@")))
            })
        })
        .map(|(u, mut pts)| {
            pts.sort_by(|a, b| a["period"].as_str().cmp(&b["period"].as_str()));
            json!({"unit": u, "unit_name": names.get(&u).copied(), "points": pts})
        })
        .collect();
    Ok(json_response(
        &json!({"key": k.key, "unit": k.unit, "description": k.description, "series": out}),
        "application/json",
    ))
}

/// `GET /reports`.
pub(crate) async fn reports(State(state): State<AppState>) -> Result<Response, ApiError> {
    let list = match state.inner.reports.clone() {
        Some(p) => tokio::task::spawn_blocking(move || p.list())
            .await
            .map_err(|e| ApiError::internal(e.to_string()))?,
        None => Vec::new(),
    };
    Ok(json_response(&json!({"reports": list}), "application/json"))
}

/// `GET /reports/{id}`.
pub(crate) async fn report(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let p = state
        .inner
        .reports
        .clone()
        .ok_or_else(|| ApiError::not_found("no reports are available yet"))?;
    let id2 = id.clone();
    let (info, bytes) = tokio::task::spawn_blocking(move || {
        let info = p.list().into_iter().find(|r| r.id == id2);
        let bytes = match &info {
            Some(_) => p
                .render(&id2)
                .map_err(|e| ApiError::internal(format!("report: {e}")))?,
            None => None,
        };
        Ok::<_, ApiError>((info, bytes))
    })
    .await
    .map_err(|e| ApiError::internal(e.to_string()))??;
    let (Some(info), Some(bytes)) = (info, bytes) else {
        return Err(ApiError::not_found(format!("no report '{}'", shorten(&id))));
    };
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&info.media_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    let safe: String = info
        .filename
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "._-".contains(*c))
        .collect();
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}

/// `GET /plan`: the site plan as GeoJSON (features with a `layer`
/// property: `site`, `link`, `village`; the plan's figures under
/// `properties`). Costs are shown to agencies and administrators only.
pub(crate) async fn plan(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Response, ApiError> {
    let p = state
        .inner
        .plan
        .clone()
        .ok_or_else(|| not_computed("the site plan"))?;
    let mut v = tokio::task::spawn_blocking(move || p.plan())
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?
        .ok_or_else(|| not_computed("the site plan"))?;
    if !caller.reads_all() {
        strip_costs(&mut v);
    }
    Ok(json_response(&v, "application/geo+json"))
}

/// Removes every `cost` member of the plan's and its features' properties.
fn strip_costs(v: &mut serde_json::Value) {
    if let Some(p) = v.get_mut("properties").and_then(|p| p.as_object_mut()) {
        p.remove("cost");
    }
    if let Some(fs) = v.get_mut("features").and_then(|f| f.as_array_mut()) {
        for f in fs {
            if let Some(p) = f.get_mut("properties").and_then(|p| p.as_object_mut()) {
                p.remove("cost");
            }
        }
    }
}

/// `GET /meta`: what the page needs to start: extent, operators and their
/// colours, what is computed.
pub(crate) async fn meta(State(state): State<AppState>) -> Response {
    let snap = state.snapshot();
    let e = snap.extent;
    let count = |id: &str| snap.collection(id).map_or(0, |c| c.features.len());
    json_response(
        &json!({
            "extent": [e.min_lon, e.min_lat, e.max_lon, e.max_lat],
            "terrain": state.inner.hillshade.as_ref().map(|h| {
                let b = h.terrain().bbox();
                [b.min_lon, b.min_lat, b.max_lon, b.max_lat]
            }),
            "operators": snap.data.operators.iter()
                .filter(|o| snap.data.sites.iter().any(|s| s.operators.contains(&o.id)))
                .map(|o| json!({"id": o.id, "brand": o.brand, "colour": o.colour})).collect::<Vec<_>>(),
            "counts": {
                "communes": snap.data.units.iter().filter(|u| u.key.level == hatang_core::model::AdminLevel::Commune && u.valid_to.is_none()).count(),
                "villages": count("villages"),
                "sites": count("sites"),
                "sectors": count("sectors"),
                "zones": count("zones"),
            },
            "coverage": state.inner.coverage.is_some(),
            "scorecard": state.inner.scorecard.is_some(),
            "reports": state.inner.reports.is_some(),
            "plan": state.inner.plan.is_some(),
            "built_at": snap.built_at,
            "fontstack": crate::assets::FONTSTACK,
        }),
        "application/json",
    )
}
