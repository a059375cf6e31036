//! The JSON API under `/api/v1` that the legacy TypeScript frontend uses. Handlers
//! here only translate the legacy wire format to and from the context services.

mod accounts;
mod comments;
mod health;
mod json;
mod leaderboard;
mod moderation;
mod pagination;
mod puzzles;
mod submissions;

use app::{core::config::Config, state::AppState};
use axum::{
    Json, Router,
    extract::{DefaultBodyLimit, OriginalUri},
    http::{HeaderValue, Method, StatusCode},
    response::IntoResponse,
    routing::{get, post},
};
use http::header::{AUTHORIZATION, CONNECTION, CONTENT_TYPE, UPGRADE};
use serde::Serialize;
use tower_http::cors::{AllowOrigin, CorsLayer};

/// The legacy API's body limit (Fastify's default).
const BODY_LIMIT: usize = 1024 * 1024;

pub fn router<S>(state: AppState) -> Router<S> {
    let config = state.config.clone();
    Router::new()
        .route("/health", get(health::health))
        .route("/register", post(accounts::register))
        .route("/login", post(accounts::login))
        .route("/logout", post(accounts::logout))
        .route("/user/me", get(accounts::me))
        .route("/user/{username}", get(accounts::user))
        .route("/user/{username}/isAvailable", get(accounts::is_available))
        .route("/user/{username}/puzzle", get(puzzles::by_user))
        .route("/user/{username}/activity", get(submissions::activity))
        .route("/execute", post(submissions::execute))
        .route("/submission", post(submissions::submit))
        .route("/submission/game", post(submissions::link_to_game))
        .route("/report", post(moderation::report))
        .route("/submission/{id}", get(submissions::get))
        .route("/puzzle", get(puzzles::list).post(puzzles::create))
        .route("/puzzle/{id}", get(puzzles::get).put(puzzles::update).delete(puzzles::delete))
        .route("/puzzle/{id}/solution", get(puzzles::solution))
        .route("/puzzle/{id}/comment", post(comments::on_puzzle))
        .route("/comment/{id}", get(comments::get).delete(comments::delete))
        .route("/comment/{id}/comment", post(comments::reply))
        .route("/comment/{id}/vote", post(comments::vote))
        .route("/programming-language", get(puzzles::languages))
        .route("/programming-language/{id}", get(puzzles::language))
        .route(
            "/account/preferences",
            get(accounts::get_preferences)
                .put(accounts::update_preferences)
                .patch(accounts::update_preferences)
                .delete(accounts::delete_preferences),
        )
        .route("/leaderboard/recalculate", get(leaderboard::not_a_mode).post(leaderboard::recalculate))
        .route("/leaderboard/user/{id}", get(leaderboard::user))
        .route("/leaderboard/{mode}", get(leaderboard::ranking))
        .route("/moderation/review", get(moderation::review_queue))
        .route("/moderation/puzzle/{id}/approve", post(moderation::approve))
        .route("/moderation/puzzle/{id}/revise", post(moderation::revise))
        .route("/moderation/report/{id}/resolve", post(moderation::resolve))
        .route("/moderation/user/{id}/ban/temporary", post(moderation::ban_temporary))
        .route("/moderation/user/{id}/ban/permanent", post(moderation::ban_permanent))
        .route("/moderation/user/{id}/ban/history", get(moderation::ban_history))
        .route("/moderation/user/{id}/unban", post(moderation::unban))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(cors(&config))
        .with_state(state)
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

/// The legacy framework's 404 body.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteNotFound {
    status_code: u16,
    error: &'static str,
    message: String,
}

async fn not_found(method: Method, OriginalUri(uri): OriginalUri) -> impl IntoResponse {
    let message = format!("Route {method}:{} not found", uri.path());
    (StatusCode::NOT_FOUND, Json(RouteNotFound { status_code: 404, error: "Not Found", message }))
}
