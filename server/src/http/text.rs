//! Request bodies and query strings are checked before any handler runs: bigger than
//! [`BODY_LIMIT`] is a 413, and a NUL character, which PostgreSQL cannot store in
//! text, is a 400 — for the legacy API and server functions alike.

use app::core::{
    AppError,
    text::{form_has_nul, json_has_nul},
};
use axum::{
    body::Body,
    extract::Request,
    middleware::Next,
    response::{IntoResponse, Response},
};
use http::header::CONTENT_TYPE;

/// The largest body any endpoint takes (server functions; the legacy API keeps its
/// own, smaller limit).
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

fn has_nul(content_type: &str, body: &[u8]) -> bool {
    if content_type.starts_with("application/x-www-form-urlencoded") {
        form_has_nul(body)
    } else {
        // JSON, and JSON sent as text/plain or without a type by the legacy frontend.
        json_has_nul(body)
    }
}

fn refused() -> Response {
    AppError::BadRequest("Text may not contain NUL characters".into()).into_response()
}

pub async fn refuse_unstorable_text(request: Request, next: Next) -> Response {
    if request.uri().query().is_some_and(|query| form_has_nul(query.as_bytes())) {
        return refused();
    }
    let (parts, body) = request.into_parts();
    let bytes = match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(_) => return AppError::PayloadTooLarge("Request body is too large".into()).into_response(),
    };
    let content_type = parts.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if has_nul(content_type, &bytes) {
        return refused();
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}
