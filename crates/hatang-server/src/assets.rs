//! The embedded page: its HTML, script and style, the vendored MapLibre
//! GL JS (BSD-3-Clause, `assets/vendor/LICENSE-maplibre-gl.txt`) and the
//! SDF glyphs of Noto Sans (OFL-1.1, `assets/fonts/LICENSE-OFL.txt`).
//! Text assets are gzipped once, on first use.

use crate::error::ApiError;
use crate::extract::shorten;
use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::io::Write;
use std::sync::OnceLock;

/// The font stack the map's labels use.
pub const FONTSTACK: &str = "Noto Sans Regular";

struct Asset {
    name: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
    gzip: OnceLock<Vec<u8>>,
}

macro_rules! asset {
    ($name:expr, $ct:expr, $path:expr) => {
        Asset {
            name: $name,
            content_type: $ct,
            bytes: include_bytes!($path),
            gzip: OnceLock::new(),
        }
    };
}

static PAGE: [Asset; 3] = [
    asset!(
        "index.html",
        "text/html; charset=utf-8",
        "../assets/index.html"
    ),
    asset!(
        "app.js",
        "text/javascript; charset=utf-8",
        "../assets/app.js"
    ),
    asset!("app.css", "text/css; charset=utf-8", "../assets/app.css"),
];

static VENDOR: [Asset; 4] = [
    asset!(
        "maplibre-gl.mjs",
        "text/javascript; charset=utf-8",
        "../assets/vendor/maplibre-gl.mjs"
    ),
    asset!(
        "maplibre-gl-worker.mjs",
        "text/javascript; charset=utf-8",
        "../assets/vendor/maplibre-gl-worker.mjs"
    ),
    asset!(
        "maplibre-gl.css",
        "text/css; charset=utf-8",
        "../assets/vendor/maplibre-gl.css"
    ),
    asset!(
        "LICENSE-maplibre-gl.txt",
        "text/plain; charset=utf-8",
        "../assets/vendor/LICENSE-maplibre-gl.txt"
    ),
];

/// Glyph ranges shipped, by first code point.
static GLYPHS: [(u32, &[u8]); 7] = [
    (
        0,
        include_bytes!("../assets/fonts/Noto Sans Regular/0-255.pbf"),
    ),
    (
        256,
        include_bytes!("../assets/fonts/Noto Sans Regular/256-511.pbf"),
    ),
    (
        512,
        include_bytes!("../assets/fonts/Noto Sans Regular/512-767.pbf"),
    ),
    (
        768,
        include_bytes!("../assets/fonts/Noto Sans Regular/768-1023.pbf"),
    ),
    (
        1024,
        include_bytes!("../assets/fonts/Noto Sans Regular/1024-1279.pbf"),
    ),
    (
        7680,
        include_bytes!("../assets/fonts/Noto Sans Regular/7680-7935.pbf"),
    ),
    (
        8192,
        include_bytes!("../assets/fonts/Noto Sans Regular/8192-8447.pbf"),
    ),
];

static FONT_LICENCE: &[u8] = include_bytes!("../assets/fonts/LICENSE-OFL.txt");

fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|p| p.trim().starts_with("gzip")))
}

fn serve(a: &'static Asset, headers: Option<&HeaderMap>, cache: &'static str) -> Response {
    let gz = headers.is_some_and(accepts_gzip) && a.bytes.len() > 1024;
    let mut r = if gz {
        let body = a.gzip.get_or_init(|| {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            let _ = e.write_all(a.bytes);
            e.finish().unwrap_or_default()
        });
        let mut r = body.as_slice().into_response();
        r.headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        r
    } else {
        a.bytes.into_response()
    };
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(a.content_type),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    r
}

/// The dashboard's HTML.
pub(crate) fn index() -> Response {
    serve(&PAGE[0], None, "no-cache")
}

/// `GET /index.html`.
pub(crate) async fn index_page(headers: HeaderMap) -> Response {
    serve(&PAGE[0], Some(&headers), "no-cache")
}

/// `GET /assets/{file}`.
pub(crate) async fn page_asset(
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let a = PAGE
        .iter()
        .find(|a| a.name == file)
        .ok_or_else(|| ApiError::not_found(format!("no asset '{}'", shorten(&file))))?;
    Ok(serve(a, Some(&headers), "no-cache"))
}

/// `GET /vendor/{file}`.
pub(crate) async fn vendor_asset(
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let a = VENDOR
        .iter()
        .find(|a| a.name == file)
        .ok_or_else(|| ApiError::not_found(format!("no vendored file '{}'", shorten(&file))))?;
    Ok(serve(a, Some(&headers), "public, max-age=86400"))
}

fn empty_range(stack: &str, range: &str) -> Vec<u8> {
    // glyphs { stacks = 1: fontstack { name = 1; range = 2 } }
    let mut inner = Vec::new();
    for (field, s) in [(1u8, stack), (2u8, range)] {
        inner.push((field << 3) | 2);
        push_varint(&mut inner, s.len());
        inner.extend_from_slice(s.as_bytes());
    }
    let mut out = vec![(1 << 3) | 2];
    push_varint(&mut out, inner.len());
    out.extend_from_slice(&inner);
    out
}

fn push_varint(out: &mut Vec<u8>, mut v: usize) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// `GET /fonts/{fontstack}/{range}.pbf`: SDF glyphs. Any font stack is
/// answered with Noto Sans Regular (the only font served); ranges without
/// glyphs get an empty, valid PBF.
pub(crate) async fn glyphs(
    Path((stack, range)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    if stack == "LICENSE-OFL.txt" || range == "LICENSE-OFL.txt" {
        let mut r = FONT_LICENCE.into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        return Ok(r);
    }
    let bad = || {
        ApiError::bad_request(format!(
            "glyph ranges are named START-END.pbf with START a multiple of 256 and END = START+255 (got '{}')",
            shorten(&range)
        ))
    };
    let r = range.strip_suffix(".pbf").ok_or_else(bad)?;
    let (a, b) = r.split_once('-').ok_or_else(bad)?;
    let (a, b): (u32, u32) = (a.parse().map_err(|_| bad())?, b.parse().map_err(|_| bad())?);
    if a % 256 != 0 || b != a + 255 || b > 65_535 {
        return Err(ApiError::not_found(format!(
            "no glyph range {a}-{b}: ranges are START-END with START a multiple of 256 and END = START+255"
        )));
    }
    let mut resp = match GLYPHS.iter().find(|(s, _)| *s == a) {
        Some((_, bytes)) => (StatusCode::OK, *bytes).into_response(),
        None => (StatusCode::OK, empty_range(FONTSTACK, &format!("{a}-{b}"))).into_response(),
    };
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-protobuf"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    Ok(resp)
}
