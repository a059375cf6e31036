//! Cross-site request forgery defence: a request that can change state must come
//! from one of our origins. Requests without an `Origin` header are not from a
//! browser page (browsers send it on every cross-origin and same-origin POST), so
//! server-to-server callers such as the legacy SvelteKit server pass.

use app::core::{AppError, config::Config};
use axum::{
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http::{Method, header::ORIGIN};
use std::sync::Arc;

pub async fn refuse_foreign_origins(
    State(config): State<Arc<Config>>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let origin = request.headers().get(ORIGIN).and_then(|v| v.to_str().ok());
    match origin {
        Some(origin) if !safe && !config.trusted_origins().contains(&origin.trim_end_matches('/')) => {
            tracing::warn!(origin, "refused a cross-origin request");
            AppError::Forbidden("Cross-origin request refused".into()).into_response()
        }
        _ => next.run(request).await,
    }
}
