//! `/register`, `/login`, `/logout`, `/user/...` and `/account/preferences`.

use super::{
    BareError,
    json::LegacyJson,
    openapi::{
        BadRequest, Conflict, Forbidden, NotFound, PayloadTooLarge, TooManyRequests, Unauthorized, Username,
    },
};
use app::{
    accounts::{
        Caller, Preferences, PreferencesChange,
        auth::{self, AuthSession},
        rules,
        service::{credentials, preferences, users},
    },
    core::{AppError, AppResult},
    state::AppState,
};
use axum::{
    Json,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema, TS)]
pub struct Message {
    message: &'static str,
}

fn message(message: &'static str) -> Json<Message> {
    Json(Message { message })
}

#[derive(Deserialize, ToSchema, TS)]
pub struct RegisterBody {
    #[serde(default)]
    username: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

#[utoipa::path(post, path = "/register", tag = "accounts", request_body = RegisterBody,
    responses((status = 200, body = Message, description = "Registered and signed in: sets the `token` cookie"),
        BadRequest, Forbidden, Conflict, PayloadTooLarge, TooManyRequests))]
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

#[derive(Deserialize, ToSchema, TS)]
pub struct LoginBody {
    #[serde(default)]
    identifier: String,
    #[serde(default)]
    password: String,
}

#[utoipa::path(post, path = "/login", tag = "accounts", request_body = LoginBody,
    responses((status = 200, body = Message, description = "Signed in: sets the `token` cookie"),
        BadRequest, Unauthorized, Forbidden, PayloadTooLarge, TooManyRequests))]
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
#[utoipa::path(post, path = "/logout", tag = "accounts",
    responses((status = 200, body = Message, description = "Signed out: clears the `token` cookie"),
        BadRequest, Forbidden, PayloadTooLarge))]
pub async fn logout(mut session: AuthSession) -> AppResult<Json<Message>> {
    auth::end_session(&mut session).await?;
    Ok(message("Logout successful"))
}

#[derive(Serialize, ToSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct Me {
    is_authenticated: bool,
    user_id: app::core::Id,
    username: String,
    role: app::accounts::Role,
}

#[utoipa::path(get, path = "/user/me", tag = "accounts", security(("token" = [])),
    responses((status = 200, body = Me), Unauthorized))]
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

#[derive(Serialize, ToSchema, TS)]
pub struct UserFound {
    user: app::accounts::PublicUser,
    message: &'static str,
}

#[utoipa::path(get, path = "/user/{username}", tag = "accounts", params(Username),
    responses((status = 200, body = UserFound), BadRequest, NotFound))]
pub async fn user(
    State(state): State<AppState>,
    Username { username }: Username,
) -> AppResult<Json<UserFound>> {
    check_username(&username)?;
    let user = users::by_username(&state.pool, &username)
        .await?
        .ok_or_else(|| AppError::not_found("User couldn't be found"))?;
    Ok(Json(UserFound { user, message: "User was found" }))
}

#[derive(Serialize, ToSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct Availability {
    is_available: bool,
}

#[utoipa::path(get, path = "/user/{username}/isAvailable", tag = "accounts", params(Username),
    responses((status = 200, body = Availability), BadRequest))]
pub async fn is_available(
    State(state): State<AppState>,
    Username { username }: Username,
) -> AppResult<Json<Availability>> {
    check_username(&username)?;
    Ok(Json(Availability { is_available: users::is_available(&state.pool, &username).await? }))
}

#[utoipa::path(get, path = "/account/preferences", tag = "accounts", security(("token" = [])),
    responses((status = 200, body = Preferences), Unauthorized,
        (status = 404, body = BareError, description = "No preferences saved yet")))]
pub async fn get_preferences(State(state): State<AppState>, caller: Caller) -> AppResult<Response> {
    let found = preferences::mine(&state.pool, &caller).await?;
    Ok(found.map(|p| Json(p).into_response()).unwrap_or_else(preferences_not_found))
}

/// PUT and PATCH: both save the keys present and keep the others.
#[utoipa::path(method(put, patch), path = "/account/preferences", tag = "accounts", security(("token" = [])),
    request_body = PreferencesChange,
    responses((status = 200, body = Preferences), BadRequest, Unauthorized, Forbidden, PayloadTooLarge))]
pub async fn update_preferences(
    State(state): State<AppState>,
    caller: Caller,
    LegacyJson(change): LegacyJson<PreferencesChange>,
) -> AppResult<Response> {
    let saved = preferences::update(&state.pool, &caller, change).await?;
    Ok(Json(saved).into_response())
}

#[utoipa::path(delete, path = "/account/preferences", tag = "accounts", security(("token" = [])),
    responses((status = 204, description = "Deleted"), Unauthorized, Forbidden,
        (status = 404, body = BareError, description = "No preferences saved yet")))]
pub async fn delete_preferences(State(state): State<AppState>, caller: Caller) -> AppResult<Response> {
    if preferences::delete(&state.pool, &caller).await? {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Ok(preferences_not_found())
    }
}

fn preferences_not_found() -> Response {
    BareError::answer(StatusCode::NOT_FOUND, "Preferences not found")
}
