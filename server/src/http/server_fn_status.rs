//! Leptos answers every failed server function with status 500. This gives the
//! response the status of the `AppError` it carries instead (404, 403, 429...), so
//! clients, logs and browsers see client errors as client errors.

use app::core::AppError;
use axum::{body::Body, extract::Request, middleware::Next, response::Response};
use http::{HeaderName, StatusCode};

const SERVER_FN_ERROR: HeaderName = HeaderName::from_static("serverfnerror");
/// Error bodies are a short JSON value; anything bigger is left alone.
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn with_app_error_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(SERVER_FN_ERROR)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BODY).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, Body::from(bytes))
}
