//! OGC API – Features, Part 1 (Core, GeoJSON): the landing page,
//! conformance, collections and their items, with bbox, datetime,
//! limit/offset paging, property filters and CSV.

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::{base_url, encode_component, shorten, Params};
use crate::snapshot::{Access, Cached, Collection, Feature, Snapshot, COLLECTION_IDS};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use hatang_core::geo::Bbox;
use hatang_core::model::Date;
use serde_json::{json, Value};

/// CRS84, the only CRS served.
pub(crate) const CRS84: &str = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
/// The conformance classes implemented.
pub(crate) const CONFORMANCE: [&str; 2] = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
];
/// Default page size.
pub(crate) const DEFAULT_LIMIT: usize = 100;
/// Largest page size (larger limits are clamped).
pub(crate) const MAX_LIMIT: usize = 10_000;

pub(crate) fn json_response(v: &Value, content_type: &'static str) -> Response {
    let mut r = serde_json::to_vec(v).unwrap_or_default().into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

/// Which encoding a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Json,
    Csv,
    Html,
}

fn format_of(params: &Params, headers: &HeaderMap, allowed: &[Format]) -> Result<Format, ApiError> {
    let f = match params.single("f")? {
        Some(v) => match v.to_ascii_lowercase().as_str() {
            "json" | "geojson" | "application/json" | "application/geo+json" => Format::Json,
            "csv" | "text/csv" => Format::Csv,
            "html" | "text/html" => Format::Html,
            other => {
                return Err(ApiError::bad_request(format!(
                    "unknown format f='{}' (json, csv{})",
                    shorten(other),
                    if allowed.contains(&Format::Html) {
                        ", html"
                    } else {
                        ""
                    }
                )))
            }
        },
        None => {
            let accept = headers
                .get(header::ACCEPT)
                .and_then(|a| a.to_str().ok())
                .unwrap_or("")
                .to_ascii_lowercase();
            let pos = |t: &str| accept.find(t);
            let json_pos = [pos("application/json"), pos("application/geo+json")]
                .into_iter()
                .flatten()
                .min();
            if allowed.contains(&Format::Html)
                && pos("text/html").is_some_and(|h| json_pos.is_none_or(|j| h < j))
            {
                Format::Html
            } else if allowed.contains(&Format::Csv)
                && pos("text/csv").is_some_and(|c| json_pos.is_none_or(|j| c < j))
            {
                Format::Csv
            } else {
                Format::Json
            }
        }
    };
    if !allowed.contains(&f) {
        return Err(ApiError::bad_request(format!(
            "format {f:?} is not offered here"
        )));
    }
    Ok(f)
}

/// `GET /`: the landing page (JSON), or the dashboard for a browser.
pub(crate) async fn landing(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Params,
) -> Result<Response, ApiError> {
    if format_of(&params, &headers, &[Format::Json, Format::Html])? == Format::Html {
        return Ok(crate::assets::index());
    }
    let base = base_url(&headers, state.inner.config.public_url.as_deref());
    Ok(json_response(
        &json!({
            "title": "hatang — Hạ tầng số Phú Thọ",
            "description": "Digital infrastructure of Phú Thọ province: mobile sites, sectors, villages' coverage, administrative units and zones (OGC API – Features), map tiles, the scorecard and the indicators.",
            "links": [
                {"href": format!("{base}/"), "rel": "self", "type": "application/json", "title": "This document"},
                {"href": format!("{base}/?f=html"), "rel": "alternate", "type": "text/html", "title": "The dashboard"},
                {"href": format!("{base}/api"), "rel": "service-desc", "type": "application/vnd.oai.openapi+json;version=3.1", "title": "The API definition (OpenAPI 3.1)"},
                {"href": format!("{base}/conformance"), "rel": "conformance", "type": "application/json", "title": "Conformance classes"},
                {"href": format!("{base}/collections"), "rel": "data", "type": "application/json", "title": "The collections"},
            ]
        }),
        "application/json",
    ))
}

/// `GET /conformance`.
pub(crate) async fn conformance() -> Response {
    json_response(&json!({ "conformsTo": CONFORMANCE }), "application/json")
}

fn date_time(d: Option<Date>) -> Value {
    d.map_or(Value::Null, |d| Value::String(format!("{d}T00:00:00Z")))
}

fn collection_json(c: &Collection, base: &str) -> Value {
    let mut extent = serde_json::Map::new();
    if let Some(b) = c.extent {
        extent.insert(
            "spatial".into(),
            json!({"bbox": [[b.min_lon, b.min_lat, b.max_lon, b.max_lat]], "crs": CRS84}),
        );
    }
    if let Some((a, b)) = c.temporal {
        extent.insert(
            "temporal".into(),
            json!({"interval": [[date_time(a), date_time(b)]], "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"}),
        );
    }
    let id = c.id;
    json!({
        "id": id,
        "title": c.title,
        "description": c.description,
        "links": [
            {"href": format!("{base}/collections/{id}"), "rel": "self", "type": "application/json", "title": c.title},
            {"href": format!("{base}/collections/{id}/items"), "rel": "items", "type": "application/geo+json", "title": "Items (GeoJSON)"},
            {"href": format!("{base}/collections/{id}/items?f=csv"), "rel": "items", "type": "text/csv", "title": "Items (CSV)"},
        ],
        "extent": Value::Object(extent),
        "itemType": "feature",
        "crs": [CRS84],
        "keyRequired": c.access == Access::Keyed,
        "queryables": c.queryables.iter().map(|q| json!({"name": q.name, "type": q.kind, "description": q.description})).collect::<Vec<_>>(),
    })
}

/// `GET /collections`.
pub(crate) async fn collections(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Params,
) -> Result<Response, ApiError> {
    format_of(&params, &headers, &[Format::Json])?;
    let snap = state.snapshot();
    let base = base_url(&headers, state.inner.config.public_url.as_deref());
    let cols: Vec<Value> = COLLECTION_IDS
        .iter()
        .filter_map(|id| snap.collection(id))
        .map(|c| collection_json(c, &base))
        .collect();
    Ok(json_response(
        &json!({
            "links": [{"href": format!("{base}/collections"), "rel": "self", "type": "application/json", "title": "The collections"}],
            "collections": cols,
        }),
        "application/json",
    ))
}

fn find<'a>(snap: &'a Snapshot, id: &str) -> Result<&'a Collection, ApiError> {
    snap.collection(id).ok_or_else(|| {
        ApiError::not_found(format!(
            "no collection '{}' (there are: {})",
            shorten(id),
            COLLECTION_IDS.join(", ")
        ))
    })
}

/// `GET /collections/{id}`.
pub(crate) async fn collection(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    params: Params,
) -> Result<Response, ApiError> {
    format_of(&params, &headers, &[Format::Json])?;
    let snap = state.snapshot();
    let c = find(&snap, &id)?;
    let base = base_url(&headers, state.inner.config.public_url.as_deref());
    Ok(json_response(
        &collection_json(c, &base),
        "application/json",
    ))
}

/// Parses `bbox` (4 or 6 numbers, CRS84).
pub(crate) fn parse_bbox(v: &str) -> Result<Bbox, ApiError> {
    let nums: Result<Vec<f64>, _> = v.split(',').map(|s| s.trim().parse::<f64>()).collect();
    let nums = nums.map_err(|_| {
        ApiError::bad_request(format!(
            "bbox must be 4 (or 6) comma-separated numbers, got '{}'",
            shorten(v)
        ))
    })?;
    let (a, b, c, d) = match nums.len() {
        4 => (nums[0], nums[1], nums[2], nums[3]),
        6 => (nums[0], nums[1], nums[3], nums[4]),
        n => {
            return Err(ApiError::bad_request(format!(
                "bbox must be 4 (or 6) numbers: min lon, min lat, max lon, max lat; got {n}"
            )))
        }
    };
    if !nums.iter().all(|x| x.is_finite()) {
        return Err(ApiError::bad_request("bbox numbers must be finite"));
    }
    if !(-180.0..=180.0).contains(&a) || !(-180.0..=180.0).contains(&c) {
        return Err(ApiError::bad_request(
            "bbox longitudes must be within −180..180",
        ));
    }
    if !(-90.0..=90.0).contains(&b) || !(-90.0..=90.0).contains(&d) {
        return Err(ApiError::bad_request(
            "bbox latitudes must be within −90..90",
        ));
    }
    if b > d {
        return Err(ApiError::bad_request(
            "bbox: the minimum latitude is above the maximum",
        ));
    }
    // min lon > max lon: the box crosses the antimeridian (kept as is).
    Ok(Bbox::new(a, b, c, d))
}

fn bbox_meets(q: &Bbox, f: &Bbox) -> bool {
    if f.min_lat > q.max_lat || f.max_lat < q.min_lat {
        return false;
    }
    if q.min_lon <= q.max_lon {
        f.min_lon <= q.max_lon && f.max_lon >= q.min_lon
    } else {
        f.max_lon >= q.min_lon || f.min_lon <= q.max_lon
    }
}

fn parse_instant(s: &str) -> Result<Option<Date>, ApiError> {
    let s = s.trim();
    if s.is_empty() || s == ".." {
        return Ok(None);
    }
    let bad = || {
        ApiError::bad_request(format!(
            "datetime '{}' is not an RFC 3339 date or date-time, or an interval a/b with '..' for an open end",
            shorten(s)
        ))
    };
    let date = s
        .get(..10)
        .ok_or_else(bad)?
        .parse::<Date>()
        .map_err(|_| bad())?;
    let rest = &s[10..];
    if !rest.is_empty() {
        let t = rest
            .strip_prefix('T')
            .or_else(|| rest.strip_prefix('t'))
            .ok_or_else(bad)?;
        let ok = t.len() >= 8
            && t.as_bytes()[2] == b':'
            && t.as_bytes()[5] == b':'
            && t[..2].parse::<u8>().is_ok_and(|h| h < 24)
            && t[3..5].parse::<u8>().is_ok_and(|m| m < 60)
            && t[6..8].parse::<u8>().is_ok_and(|x| x < 61)
            && t[8..]
                .chars()
                .all(|c| c.is_ascii_digit() || "Zz+-.:".contains(c));
        if !ok {
            return Err(bad());
        }
    }
    Ok(Some(date))
}

/// Parses `datetime`: an instant or an interval `a/b` (open ends `..`).
pub(crate) fn parse_datetime(v: &str) -> Result<(Option<Date>, Option<Date>), ApiError> {
    match v.split_once('/') {
        Some((a, b)) => {
            let (a, b) = (parse_instant(a)?, parse_instant(b)?);
            if let (Some(x), Some(y)) = (a, b) {
                if x > y {
                    return Err(ApiError::bad_request(
                        "datetime: the interval starts after it ends",
                    ));
                }
            }
            Ok((a, b))
        }
        // An empty value (or "..") selects everything.
        None => Ok(parse_instant(v)?.map_or((None, None), |d| (Some(d), Some(d)))),
    }
}

fn time_meets(q: (Option<Date>, Option<Date>), f: Option<(Option<Date>, Option<Date>)>) -> bool {
    let Some((fa, fb)) = f else {
        return true;
    };
    let starts_before_q_ends = match (fa, q.1) {
        (Some(a), Some(qb)) => a <= qb,
        _ => true,
    };
    let ends_after_q_starts = match (fb, q.0) {
        (Some(b), Some(qa)) => b >= qa,
        _ => true,
    };
    starts_before_q_ends && ends_after_q_starts
}

const RESERVED: [&str; 5] = ["bbox", "datetime", "limit", "offset", "f"];

struct ItemsQuery {
    bbox: Option<Bbox>,
    datetime: Option<(Option<Date>, Option<Date>)>,
    limit: usize,
    offset: usize,
    filters: Vec<(&'static str, Vec<String>)>,
}

fn items_query(c: &Collection, params: &Params) -> Result<ItemsQuery, ApiError> {
    let mut filters = Vec::new();
    for (k, v) in &params.0 {
        if RESERVED.contains(&k.as_str()) {
            continue;
        }
        let Some(q) = c.queryables.iter().find(|q| q.name == k) else {
            let names: Vec<&str> = c.queryables.iter().map(|q| q.name).collect();
            return Err(ApiError::bad_request(format!(
                "unknown query parameter '{}' (bbox, datetime, limit, offset, f, or a property of {}: {})",
                shorten(k),
                c.id,
                names.join(", ")
            )));
        };
        let values: Vec<String> = v
            .split(',')
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty())
            .collect();
        if values.is_empty() {
            // An empty value filters nothing.
            continue;
        }
        if q.kind == "boolean" && values.iter().any(|v| v != "true" && v != "false") {
            return Err(ApiError::bad_request(format!(
                "parameter '{}' must be true or false",
                q.name
            )));
        }
        if q.kind == "integer" && values.iter().any(|v| v.parse::<i64>().is_err()) {
            return Err(ApiError::bad_request(format!(
                "parameter '{}' must be a whole number",
                q.name
            )));
        }
        filters.push((q.name, values));
    }
    Ok(ItemsQuery {
        bbox: params.single("bbox")?.map(parse_bbox).transpose()?,
        datetime: params.single("datetime")?.map(parse_datetime).transpose()?,
        limit: params.uint("limit", DEFAULT_LIMIT, 1, MAX_LIMIT, true)?,
        offset: params.uint("offset", 0, 0, usize::MAX / 2, false)?,
        filters,
    })
}

fn matches(f: &Feature, q: &ItemsQuery, only_owner: Option<&str>) -> bool {
    if let Some(o) = only_owner {
        if !f.owners.iter().any(|x| x == o) {
            return false;
        }
    }
    if let Some(b) = &q.bbox {
        match &f.bbox {
            Some(fb) if bbox_meets(b, fb) => {}
            _ => return false,
        }
    }
    if let Some(t) = q.datetime {
        if !time_meets(t, f.time) {
            return false;
        }
    }
    q.filters.iter().all(|(name, want)| {
        f.filters
            .iter()
            .find(|(n, _)| n == name)
            .is_some_and(|(_, have)| have.iter().any(|h| want.contains(h)))
    })
}

/// Who may read a collection's items, and whether only their own.
fn read_scope<'a>(c: &Collection, caller: &'a Caller) -> Result<Option<&'a str>, ApiError> {
    match c.access {
        Access::Public => Ok(None),
        Access::Keyed => {
            caller.require_key()?;
            if caller.reads_all() {
                Ok(None)
            } else if let Some(op) = caller.operator() {
                Ok(Some(op))
            } else {
                Err(ApiError::forbidden("this collection needs an agency key"))
            }
        }
    }
}

fn rendered<'a>(f: &'a Feature, caller: &Caller) -> &'a crate::snapshot::Rendered {
    match &f.full {
        Some(full) if caller.sees_full(&f.owners) => full,
        _ => &f.public,
    }
}

fn query_with(params: &Params, limit: usize, offset: usize, f: Option<&str>) -> String {
    let mut parts: Vec<String> = params
        .0
        .iter()
        .filter(|(k, _)| k != "limit" && k != "offset" && k != "f")
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect();
    parts.push(format!("limit={limit}"));
    if offset > 0 {
        parts.push(format!("offset={offset}"));
    }
    if let Some(f) = f {
        parts.push(format!("f={f}"));
    }
    parts.join("&")
}

/// `GET /collections/{id}/items`.
pub(crate) async fn items(
    State(state): State<AppState>,
    Path(id): Path<String>,
    caller: Caller,
    headers: HeaderMap,
    uri: axum::http::Uri,
    params: Params,
) -> Result<Response, ApiError> {
    let snap = state.snapshot();
    let base = base_url(&headers, state.inner.config.public_url.as_deref());
    let key = format!(
        "{}|{base}|{uri}|{}",
        caller_class(&caller),
        accept_key(&headers)
    );
    if let Some(hit) = snap.responses.get(&key) {
        return Ok(hit.respond(&headers));
    }
    let r = items_uncached(&snap, &id, &caller, &headers, &params, &base)?;
    Ok(snap.responses.put(key, r).respond(&headers))
}

/// What decides the content of an items answer besides the URL.
fn caller_class(caller: &Caller) -> String {
    if caller.reads_all() {
        "all".into()
    } else if let Some(op) = caller.operator() {
        format!("op:{op}")
    } else {
        "public".into()
    }
}

/// The part of the Accept header that can change the format.
fn accept_key(headers: &HeaderMap) -> &'static str {
    let a = headers
        .get(header::ACCEPT)
        .and_then(|a| a.to_str().ok())
        .unwrap_or("");
    if a.contains("text/csv") {
        "csv"
    } else {
        ""
    }
}

fn items_uncached(
    snap: &Snapshot,
    id: &str,
    caller: &Caller,
    headers: &HeaderMap,
    params: &Params,
    base: &str,
) -> Result<Cached, ApiError> {
    let c = find(snap, id)?;
    let format = format_of(params, headers, &[Format::Json, Format::Csv])?;
    let q = items_query(c, params)?;
    let only = read_scope(c, caller)?;
    let matched: Vec<&Feature> = c
        .features
        .iter()
        .map(|f| &**f)
        .filter(|f| matches(f, &q, only))
        .collect();
    let page: Vec<&Feature> = matched
        .iter()
        .skip(q.offset)
        .take(q.limit)
        .copied()
        .collect();
    if format == Format::Csv {
        return Ok(Cached::new(
            csv_bytes(c, &page, caller),
            "text/csv; charset=utf-8",
        ));
    }
    let url = format!("{base}/collections/{}/items", c.id);
    let mut links = vec![
        json!({"href": format!("{url}?{}", query_with(params, q.limit, q.offset, None)), "rel": "self", "type": "application/geo+json", "title": "This page"}),
        json!({"href": format!("{url}?{}", query_with(params, q.limit, q.offset, Some("csv"))), "rel": "alternate", "type": "text/csv", "title": "This page as CSV"}),
        json!({"href": format!("{base}/collections/{}", c.id), "rel": "collection", "type": "application/json", "title": c.title}),
    ];
    if q.offset + page.len() < matched.len() {
        links.push(json!({"href": format!("{url}?{}", query_with(params, q.limit, q.offset + q.limit, None)), "rel": "next", "type": "application/geo+json", "title": "Next page"}));
    }
    if q.offset > 0 {
        links.push(json!({"href": format!("{url}?{}", query_with(params, q.limit, q.offset.saturating_sub(q.limit), None)), "rel": "prev", "type": "application/geo+json", "title": "Previous page"}));
    }
    let head = json!({
        "type": "FeatureCollection",
        "numberMatched": matched.len(),
        "numberReturned": page.len(),
        "timeStamp": snap.built_at,
        "links": links,
    });
    // Splice the pre-rendered features into the head object.
    let mut text = serde_json::to_string(&head).unwrap_or_default();
    text.pop();
    let body_len: usize = page
        .iter()
        .map(|f| rendered(f, caller).json.len() + 1)
        .sum();
    text.reserve(body_len + 16);
    text.push_str(",\"features\":[");
    for (i, f) in page.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&rendered(f, caller).json);
    }
    text.push_str("]}");
    Ok(Cached::new(text.into_bytes(), "application/geo+json"))
}

fn csv_cell(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| csv_cell(Some(x)))
            .collect::<Vec<_>>()
            .join(";"),
        Some(other) => other.to_string(),
    }
}

fn csv_response(c: &Collection, page: &[&Feature], caller: &Caller) -> Response {
    let mut resp = csv_bytes(c, page, caller).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    resp
}

fn csv_bytes(c: &Collection, page: &[&Feature], caller: &Caller) -> Vec<u8> {
    let full_cols = caller.reads_all()
        || caller.operator().is_some_and(|o| {
            page.iter().all(|f| f.owners.iter().any(|x| x == o)) && !page.is_empty()
        });
    let cols = if full_cols {
        c.full_columns
    } else {
        c.public_columns
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["id", "lon", "lat"];
    header.extend_from_slice(cols);
    let _ = w.write_record(&header);
    for f in page {
        let r = rendered(f, caller);
        let mut row = vec![
            f.id.clone(),
            f.point.map(|p| format!("{:.6}", p.lon)).unwrap_or_default(),
            f.point.map(|p| format!("{:.6}", p.lat)).unwrap_or_default(),
        ];
        row.extend(cols.iter().map(|k| csv_cell(r.props.get(*k))));
        let _ = w.write_record(&row);
    }
    w.into_inner().unwrap_or_default()
}

/// `GET /collections/{id}/items/{featureId}`.
pub(crate) async fn item(
    State(state): State<AppState>,
    Path((id, fid)): Path<(String, String)>,
    caller: Caller,
    headers: HeaderMap,
    params: Params,
) -> Result<Response, ApiError> {
    let snap = state.snapshot();
    let c = find(&snap, &id)?;
    let format = format_of(&params, &headers, &[Format::Json, Format::Csv])?;
    let only = read_scope(c, &caller)?;
    let not_found = || {
        ApiError::not_found(format!(
            "no feature '{}' in collection '{}'",
            shorten(&fid),
            c.id
        ))
    };
    let f = c
        .index
        .get(&fid)
        .map(|&i| &*c.features[i])
        .ok_or_else(not_found)?;
    if let Some(o) = only {
        if !f.owners.iter().any(|x| x == o) {
            return Err(not_found());
        }
    }
    if format == Format::Csv {
        return Ok(csv_response(c, &[f], &caller));
    }
    let base = base_url(&headers, state.inner.config.public_url.as_deref());
    let mut v: Value = serde_json::from_str(&rendered(f, &caller).json).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut v {
        m.insert(
            "links".into(),
            json!([
                {"href": format!("{base}/collections/{}/items/{}", c.id, encode_component(&f.id)), "rel": "self", "type": "application/geo+json", "title": "This feature"},
                {"href": format!("{base}/collections/{}", c.id), "rel": "collection", "type": "application/json", "title": c.title},
            ]),
        );
    }
    Ok(json_response(&v, "application/geo+json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bbox_parsing() {
        assert!(parse_bbox("105,21,106,22").is_ok());
        assert!(parse_bbox("105,21,0,106,22,100").is_ok());
        assert!(parse_bbox("105,21,106").is_err());
        assert!(parse_bbox("a,b,c,d").is_err());
        assert!(parse_bbox("105,23,106,22").is_err());
        assert!(parse_bbox("105,21,106,NaN").is_err());
        let am = parse_bbox("179,0,-179,1").unwrap();
        assert!(bbox_meets(&am, &Bbox::new(179.5, 0.5, 179.5, 0.5)));
        assert!(!bbox_meets(&am, &Bbox::new(0.0, 0.5, 0.0, 0.5)));
    }

    #[test]
    fn datetime_parsing() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(
            parse_datetime("2025-07-01").unwrap(),
            (Some(d("2025-07-01")), Some(d("2025-07-01")))
        );
        assert_eq!(
            parse_datetime("2025-07-01T10:00:00Z/..").unwrap(),
            (Some(d("2025-07-01")), None)
        );
        assert_eq!(
            parse_datetime("../2020-01-01").unwrap(),
            (None, Some(d("2020-01-01")))
        );
        assert!(parse_datetime("yesterday").is_err());
        assert!(parse_datetime("2025-07-01T99:00:00Z").is_err());
        assert!(parse_datetime("2025-07-02/2025-07-01").is_err());
        assert!(time_meets(
            (Some(d("2025-07-01")), Some(d("2025-07-01"))),
            Some((Some(d("2025-07-01")), None))
        ));
        assert!(!time_meets(
            (Some(d("2025-07-01")), Some(d("2025-07-01"))),
            Some((Some(d("2008-01-01")), Some(d("2025-06-30"))))
        ));
    }
}
