//! Cross-cutting HTTP middleware: request ids, tracing, compression, security headers,
//! and refusal of state-changing requests from foreign origins.

mod origin;
mod server_fn_status;
pub mod session;
mod text;

use app::core::config::Config;
use axum::{Router, http::HeaderName, http::HeaderValue, middleware};
use http::header;
use std::sync::Arc;
use tower::ServiceBuilder;
use tower_http::{
    compression::CompressionLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer},
    set_header::SetResponseHeaderLayer,
    trace::TraceLayer,
};

pub use origin::refuse_foreign_origins;

/// `Cache-Control` for a file found under a name that carries a hash of its
/// content: kept for a year and never revalidated. Errors are not cached.
pub fn cache_forever<B>(response: &http::Response<B>) -> Option<HeaderValue> {
    response.status().is_success().then(|| HeaderValue::from_static("public, max-age=31536000, immutable"))
}

/// `Cache-Control` for a file whose name stays while its content changes: kept, but
/// checked with the server (a 304 while unchanged) before each use.
pub fn revalidate<B>(response: &http::Response<B>) -> Option<HeaderValue> {
    response.status().is_success().then(|| HeaderValue::from_static("no-cache"))
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Wraps the whole router. Layers run top to bottom on the way in.
pub fn with_middleware<S: Clone + Send + Sync + 'static>(
    router: Router<S>,
    config: Arc<Config>,
) -> Router<S> {
    let trace = TraceLayer::new_for_http().make_span_with(|request: &http::Request<_>| {
        let request_id = request
            .extensions()
            .get::<RequestId>()
            .and_then(|id| id.header_value().to_str().ok())
            .unwrap_or("-");
        tracing::info_span!("request", id = %request_id, method = %request.method(), uri = %request.uri())
    });

    router.layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
            .layer(trace)
            .layer(PropagateRequestIdLayer::new(REQUEST_ID))
            .layer(middleware::from_fn(crate::metrics::track_requests))
            .layer(security_header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
            .layer(security_header(header::REFERRER_POLICY, "strict-origin-when-cross-origin"))
            .layer(security_header(header::X_FRAME_OPTIONS, "DENY"))
            .layer(security_header(HeaderName::from_static("cross-origin-opener-policy"), "same-origin"))
            .layer(security_header(
                HeaderName::from_static("permissions-policy"),
                "camera=(), microphone=(), geolocation=()",
            ))
            // Pages send their own nonce-based policy; everything else gets the strictest.
            .layer(security_header(
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; frame-ancestors 'none'",
            ))
            .layer(CompressionLayer::new())
            .layer(middleware::from_fn_with_state(config, refuse_foreign_origins))
            .layer(middleware::from_fn(text::refuse_unstorable_text))
            .layer(middleware::from_fn(server_fn_status::with_app_error_status)),
    )
}

fn security_header(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}
