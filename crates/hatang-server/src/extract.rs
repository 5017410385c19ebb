//! Request extractors whose failures are JSON `{status, reason}` answers:
//! the [`Caller`](crate::auth::Caller), the query parameters and JSON
//! bodies.

use crate::auth::{presented_key, Caller};
use crate::error::ApiError;
use crate::AppState;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use serde::de::DeserializeOwned;

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match presented_key(&parts.headers) {
            None => Ok(Caller::Public),
            Some(k) => state.inner.keys.authenticate(&k),
        }
    }
}

/// The query string as (name, value) pairs, in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Params(pub Vec<(String, String)>);

impl Params {
    /// The last value of `name`, if given.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Refuses a parameter given more than once.
    pub fn single(&self, name: &str) -> Result<Option<&str>, ApiError> {
        let n = self.0.iter().filter(|(k, _)| k == name).count();
        if n > 1 {
            return Err(ApiError::bad_request(format!(
                "parameter '{name}' is given {n} times"
            )));
        }
        Ok(self.get(name))
    }

    /// Parses an unsigned integer parameter within [min, max] (values
    /// above max are clamped when `clamp` is set).
    pub fn uint(
        &self,
        name: &str,
        default: usize,
        min: usize,
        max: usize,
        clamp: bool,
    ) -> Result<usize, ApiError> {
        let Some(v) = self.single(name)? else {
            return Ok(default);
        };
        let t = v.trim();
        // A whole number too large for 64 bits is still a whole number.
        let huge = !t.is_empty() && t.len() > 19 && t.bytes().all(|b| b.is_ascii_digit());
        let n: u64 = if huge {
            u64::MAX
        } else {
            t.parse().map_err(|_| {
                ApiError::bad_request(format!(
                    "parameter '{name}' must be a whole number, got '{}'",
                    crate::extract::shorten(v)
                ))
            })?
        };
        let n = usize::try_from(n).unwrap_or(usize::MAX);
        if n < min {
            return Err(ApiError::bad_request(format!(
                "parameter '{name}' must be at least {min}, got {n}"
            )));
        }
        if n > max {
            if clamp {
                return Ok(max);
            }
            return Err(ApiError::bad_request(format!(
                "parameter '{name}' must be at most {max}, got {n}"
            )));
        }
        Ok(n)
    }
}

/// A value cut to 60 characters for an error message.
pub(crate) fn shorten(v: &str) -> String {
    if v.chars().count() > 60 {
        format!("{}…", v.chars().take(60).collect::<String>())
    } else {
        v.to_string()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
            .map(|q| Params(q.0))
            .map_err(|e| ApiError::bad_request(format!("bad query string: {e}")))
    }
}

/// A JSON request body; malformed or oversized bodies get a JSON 4xx.
#[derive(Debug)]
pub(crate) struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(JsonBody(v)),
            Err(e) => Err(ApiError::new(e.status(), e.body_text())),
        }
    }
}

/// The base URL of links: the configured public URL, or `http://<Host>`.
pub(crate) fn base_url(headers: &HeaderMap, configured: Option<&str>) -> String {
    if let Some(u) = configured {
        return u.trim_end_matches('/').to_string();
    }
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.len() < 256
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]_".contains(c))
        })
        .unwrap_or("localhost");
    let proto = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .filter(|p| *p == "https")
        .unwrap_or("http");
    format!("{proto}://{host}")
}

/// Percent-encodes a query component.
pub(crate) fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
