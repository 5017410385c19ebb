//! Errors: [`ServerError`] for the library's own failures (building the
//! state, the key file, the store) and [`ApiError`], the JSON
//! `{status, reason}` answer every failed request gets.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use hatang_store::StoreError;
use serde::Serialize;

/// What can go wrong while building or running the server.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The store failed.
    #[error("store: {0}")]
    Store(#[from] StoreError),
    /// A file (the key file, the listener) could not be read or written.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The key file exists but is not what this program writes.
    #[error("key file {path}: {reason}")]
    KeyFile {
        /// Its path.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// The demo could not be generated.
    #[error("demo: {0}")]
    Demo(String),
    /// The bundled terrain could not be read.
    #[error("terrain: {0}")]
    Terrain(String),
    /// A blocking task panicked or was cancelled.
    #[error("background task failed: {0}")]
    Task(String),
}

/// The body of every error answer: `{"status": 400, "reason": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// The HTTP status code, repeated.
    pub status: u16,
    /// Why the request failed, in words.
    pub reason: String,
}

/// A failed request: a status and a reason, answered as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Why, in words.
    pub reason: String,
}

impl ApiError {
    /// An error with this status and reason.
    pub fn new(status: StatusCode, reason: impl Into<String>) -> Self {
        Self {
            status,
            reason: reason.into(),
        }
    }

    /// 400 Bad Request.
    pub fn bad_request(reason: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, reason)
    }

    /// 401 Unauthorized (no key or a wrong key).
    pub fn unauthorized(reason: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, reason)
    }

    /// 403 Forbidden (a valid key without the right).
    pub fn forbidden(reason: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, reason)
    }

    /// 404 Not Found.
    pub fn not_found(reason: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, reason)
    }

    /// 409 Conflict.
    pub fn conflict(reason: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, reason)
    }

    /// 500 Internal Server Error.
    pub fn internal(reason: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, reason)
    }

    /// The JSON body.
    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            status: self.status.as_u16(),
            reason: self.reason.clone(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.status.as_u16(), self.reason)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        json_error(self.status, &self.reason)
    }
}

/// A JSON error answer.
pub(crate) fn json_error(status: StatusCode, reason: &str) -> Response {
    let body = serde_json::to_vec(&ErrorBody {
        status: status.as_u16(),
        reason: reason.to_string(),
    })
    .unwrap_or_else(|_| b"{\"status\":500,\"reason\":\"error\"}".to_vec());
    let mut r = (status, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match &e {
            StoreError::Rejected(_) | StoreError::BadId { .. } => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string())
            }
            StoreError::InUse { .. } => ApiError::conflict(e.to_string()),
            StoreError::Unsupported(_) => ApiError::bad_request(e.to_string()),
            _ => {
                tracing::error!("store error: {e}");
                ApiError::internal(format!("the store failed: {e}"))
            }
        }
    }
}

impl From<ServerError> for ApiError {
    fn from(e: ServerError) -> Self {
        match e {
            ServerError::Store(s) => s.into(),
            other => {
                tracing::error!("server error: {other}");
                ApiError::internal(other.to_string())
            }
        }
    }
}
