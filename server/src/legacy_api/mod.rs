//! The JSON API under `/api/v1` that the legacy TypeScript frontend uses. Handlers
//! here only translate the legacy wire format to and from the context services.

mod accounts;
mod comments;
mod health;
mod json;
mod leaderboard;
mod moderation;
pub mod openapi;
mod pagination;
mod puzzles;
mod submissions;
pub mod typescript;

use app::core::ErrorBody;
use app::{core::config::Config, state::AppState};
use axum::{
    Json, Router,
    extract::{DefaultBodyLimit, OriginalUri},
    http::{HeaderValue, Method, StatusCode},
    response::IntoResponse,
};
use http::header::{AUTHORIZATION, CONNECTION, CONTENT_TYPE, UPGRADE};
use serde::Serialize;
use tower_http::cors::{AllowOrigin, CorsLayer};
use ts_rs::TS;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The legacy API's body limit (Fastify's default).
const BODY_LIMIT: usize = 1024 * 1024;

/// The API under `/api/v1`, its OpenAPI document and the documentation page.
pub fn router<S: Clone + Send + Sync + 'static>(state: AppState) -> Router<S> {
    let config = state.config.clone();
    let (api, document) = routes().split_for_parts();
    let api = api
        .merge(openapi::router(&document))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(cors(&config))
        .with_state(state);
    Router::new().nest("/api/v1", api)
}

/// Every endpoint, each documented by the `#[utoipa::path]` of its handler
/// (`routes!` groups the handlers of one path).
fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::base())
        .routes(routes!(health::health))
        .routes(routes!(accounts::register))
        .routes(routes!(accounts::login))
        .routes(routes!(accounts::logout))
        .routes(routes!(accounts::me))
        .routes(routes!(accounts::user))
        .routes(routes!(accounts::is_available))
        .routes(routes!(puzzles::by_user))
        .routes(routes!(submissions::activity))
        .routes(routes!(submissions::execute))
        .routes(routes!(submissions::submit))
        .routes(routes!(submissions::link_to_game))
        .routes(routes!(moderation::report))
        .routes(routes!(submissions::get))
        .routes(routes!(puzzles::list, puzzles::create))
        .routes(routes!(puzzles::get, puzzles::update, puzzles::delete))
        .routes(routes!(puzzles::solution))
        .routes(routes!(puzzles::languages))
        .routes(routes!(puzzles::language))
        .routes(routes!(
            accounts::get_preferences,
            accounts::update_preferences,
            accounts::delete_preferences
        ))
        .routes(routes!(moderation::ban_temporary))
        .routes(routes!(moderation::ban_permanent))
        .routes(routes!(moderation::ban_history))
        .routes(routes!(moderation::unban))
        .routes(routes!(comments::on_puzzle))
        .routes(routes!(comments::get, comments::delete))
        .routes(routes!(comments::reply))
        .routes(routes!(comments::vote))
        .routes(routes!(leaderboard::not_a_mode, leaderboard::recalculate))
        .routes(routes!(leaderboard::user))
        .routes(routes!(leaderboard::ranking))
        .routes(routes!(moderation::review_queue))
        .routes(routes!(moderation::approve))
        .routes(routes!(moderation::revise))
        .routes(routes!(moderation::resolve))
}

/// Exactly the configured legacy frontend origin, with credentials.
fn cors(config: &Config) -> CorsLayer {
    let origin = HeaderValue::from_str(config.frontend_url.trim_end_matches('/'))
        .map(AllowOrigin::exact)
        .unwrap_or_else(|_| AllowOrigin::list([]));
    CorsLayer::new()
        .allow_origin(origin)
        .allow_credentials(true)
        .allow_headers([AUTHORIZATION, CONTENT_TYPE])
        .expose_headers([UPGRADE, CONNECTION])
        .allow_methods([Method::GET, Method::HEAD, Method::PUT, Method::PATCH, Method::POST, Method::DELETE])
}

/// The legacy framework's 404 body (`statusCode`, `error`, `message`).
async fn not_found(method: Method, OriginalUri(uri): OriginalUri) -> impl IntoResponse {
    let message = format!("Route {method}:{} not found", uri.path());
    let body =
        ErrorBody { status_code: Some(404), error: "Not Found".into(), message, ..ErrorBody::default() };
    (StatusCode::NOT_FOUND, Json(body))
}

/// The legacy body of some not-found answers: `error` only.
#[derive(Serialize, ToSchema, TS)]
pub struct BareError {
    error: &'static str,
}

impl BareError {
    pub fn answer(status: StatusCode, error: &'static str) -> axum::response::Response {
        (status, Json(BareError { error })).into_response()
    }
}
