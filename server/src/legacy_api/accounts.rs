//! `/register`, `/login`, `/logout`, `/user/...` and `/account/preferences`.

use super::json::LegacyJson;
use app::{
    accounts::{
        Caller, PreferencesChange,
        auth::{self, AuthSession},
        rules,
        service::{credentials, preferences, users},
    },
    core::{AppError, AppResult},
    state::AppState,
};
use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
pub struct Message {
    message: &'static str,
}

fn message(message: &'static str) -> Json<Message> {
    Json(Message { message })
}

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
    caller: Caller,
    LegacyJson(body): LegacyJson<RegisterBody>,
) -> AppResult<Json<Message>> {
    let form =
        credentials::Registration { username: body.username, email: body.email, password: body.password };
    let account = credentials::register(&state.pool, &state.rate_limits, &caller, form).await?;
    auth::start_session(&mut session, &account).await?;
    Ok(message("User registered successfully"))
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
    caller: Caller,
    LegacyJson(body): LegacyJson<LoginBody>,
) -> AppResult<Json<Message>> {
    let account =
        credentials::login(&state.pool, &state.rate_limits, &caller, &body.identifier, &body.password)
            .await?;
    auth::start_session(&mut session, &account).await?;
    Ok(message("Login successful"))
}

/// Needs no session: any caller is answered, and the cookie is cleared.
pub async fn logout(mut session: AuthSession) -> AppResult<Json<Message>> {
    auth::end_session(&mut session).await?;
    Ok(message("Logout successful"))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Me {
    is_authenticated: bool,
    user_id: app::core::Id,
    username: String,
    role: app::accounts::Role,
}

pub async fn me(caller: Caller) -> AppResult<Json<Me>> {
    let user = users::me(&caller)?;
    Ok(Json(Me {
        is_authenticated: true,
        user_id: user.id,
        username: user.username.clone(),
        role: user.role,
    }))
}

fn check_username(username: &str) -> AppResult<()> {
    rules::check_username(username).map_err(|_| AppError::BadRequest("username is invalid".into()))
}

#[derive(Serialize)]
pub struct UserFound {
    user: app::accounts::PublicUser,
    message: &'static str,
}

pub async fn user(State(state): State<AppState>, Path(username): Path<String>) -> AppResult<Json<UserFound>> {
    check_username(&username)?;
    let user = users::by_username(&state.pool, &username)
        .await?
        .ok_or_else(|| AppError::not_found("User couldn't be found"))?;
    Ok(Json(UserFound { user, message: "User was found" }))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Availability {
    is_available: bool,
}

pub async fn is_available(
    State(state): State<AppState>,
    Path(username): Path<String>,
) -> AppResult<Json<Availability>> {
    check_username(&username)?;
    Ok(Json(Availability { is_available: users::is_available(&state.pool, &username).await? }))
}

pub async fn get_preferences(State(state): State<AppState>, caller: Caller) -> AppResult<Response> {
    let found = preferences::mine(&state.pool, &caller).await?;
    Ok(found.map(|p| Json(p).into_response()).unwrap_or_else(preferences_not_found))
}

/// PUT and PATCH: both save the keys present and keep the others.
pub async fn update_preferences(
    State(state): State<AppState>,
    caller: Caller,
    LegacyJson(change): LegacyJson<PreferencesChange>,
) -> AppResult<Response> {
    let saved = preferences::update(&state.pool, &caller, change).await?;
    Ok(Json(saved).into_response())
}

pub async fn delete_preferences(State(state): State<AppState>, caller: Caller) -> AppResult<Response> {
    if preferences::delete(&state.pool, &caller).await? {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Ok(preferences_not_found())
    }
}

#[derive(Serialize)]
pub struct NotFoundError {
    error: &'static str,
}

fn preferences_not_found() -> Response {
    (StatusCode::NOT_FOUND, Json(NotFoundError { error: "Preferences not found" })).into_response()
}
