//! `/register`, `/login`, `/logout`, `/user/...` and `/account/preferences`.

use super::json::LegacyJson;
use app::{
    accounts::{
        PreferencesChange,
        auth::{self, AuthSession},
        rules,
        service::{credentials, preferences, users},
    },
    core::{AppError, AppResult, client::client_ip, state::AppState},
};
use axum::{
    Json,
    extract::{Path, State},
    http::{StatusCode, request::Parts},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Deserialize)]
pub struct RegisterBody {
    #[serde(default)]
    username: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

pub async fn register(
    State(state): State<AppState>,
    mut session: AuthSession,
    parts: Parts,
    LegacyJson(body): LegacyJson<RegisterBody>,
) -> AppResult<Json<Value>> {
    let form =
        credentials::Registration { username: body.username, email: body.email, password: body.password };
    let ip = client_ip(&parts, &state.config);
    let user = credentials::register(&state.pool, &state.rate_limits, ip, form).await?;
    auth::start_session(&mut session, &user).await?;
    Ok(Json(json!({ "message": "User registered successfully" })))
}

#[derive(Deserialize)]
pub struct LoginBody {
    #[serde(default)]
    identifier: String,
    #[serde(default)]
    password: String,
}

pub async fn login(
    State(state): State<AppState>,
    mut session: AuthSession,
    parts: Parts,
    LegacyJson(body): LegacyJson<LoginBody>,
) -> AppResult<Json<Value>> {
    let ip = client_ip(&parts, &state.config);
    let user =
        credentials::login(&state.pool, &state.rate_limits, ip, &body.identifier, &body.password).await?;
    if let Some(refusal) = user.ban_error() {
        return Err(refusal);
    }
    auth::start_session(&mut session, &user).await?;
    Ok(Json(json!({ "message": "Login successful" })))
}

/// Needs no session: any caller is answered, and the cookie is cleared.
pub async fn logout(mut session: AuthSession) -> AppResult<Json<Value>> {
    auth::end_session(&mut session).await?;
    Ok(Json(json!({ "message": "Logout successful" })))
}

pub async fn me(session: AuthSession) -> AppResult<Json<Value>> {
    let user = auth::require_user(&session)?;
    Ok(Json(json!({
        "isAuthenticated": true,
        "userId": user.id,
        "username": user.username,
        "role": user.role,
    })))
}

fn check_username(username: &str) -> AppResult<()> {
    rules::check_username(username).map_err(|_| AppError::BadRequest("username is invalid".into()))
}

pub async fn user(State(state): State<AppState>, Path(username): Path<String>) -> AppResult<Json<Value>> {
    check_username(&username)?;
    let user = users::by_username(&state.pool, &username)
        .await?
        .ok_or_else(|| AppError::not_found("User couldn't be found"))?;
    Ok(Json(json!({ "user": user, "message": "User was found" })))
}

pub async fn is_available(
    State(state): State<AppState>,
    Path(username): Path<String>,
) -> AppResult<Json<Value>> {
    check_username(&username)?;
    Ok(Json(json!({ "isAvailable": users::is_available(&state.pool, &username).await? })))
}

pub async fn get_preferences(State(state): State<AppState>, session: AuthSession) -> AppResult<Response> {
    let user = auth::require_user(&session)?;
    let found = preferences::get(&state.pool, user.id).await?;
    Ok(found.map(|p| Json(p).into_response()).unwrap_or_else(preferences_not_found))
}

/// PUT and PATCH: both save the keys present and keep the others.
pub async fn update_preferences(
    State(state): State<AppState>,
    session: AuthSession,
    LegacyJson(change): LegacyJson<PreferencesChange>,
) -> AppResult<Response> {
    let user = auth::require_user(&session)?;
    let saved = preferences::update(&state.pool, user.id, change).await?;
    Ok(Json(saved).into_response())
}

pub async fn delete_preferences(State(state): State<AppState>, session: AuthSession) -> AppResult<Response> {
    let user = auth::require_user(&session)?;
    if preferences::delete(&state.pool, user.id).await? {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Ok(preferences_not_found())
    }
}

fn preferences_not_found() -> Response {
    (StatusCode::NOT_FOUND, Json(json!({ "error": "Preferences not found" }))).into_response()
}
