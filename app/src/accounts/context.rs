//! Who calls a server function: the session, for every context's server functions.

use super::{
    auth::{self, AuthSession, SessionUser},
    types::Viewer,
};
use crate::core::{AppError, AppResult, state::AppState, state::use_app_state};

/// The application state and the caller's session.
pub async fn session() -> AppResult<(AppState, AuthSession)> {
    let state = use_app_state()?;
    let session = leptos_axum::extract::<AuthSession>()
        .await
        .map_err(|e| AppError::internal("auth session missing", e))?;
    Ok((state, session))
}

/// The caller if signed in and not banned.
pub async fn viewer() -> AppResult<(AppState, Option<Viewer>)> {
    let (state, session) = session().await?;
    let viewer = session.user.filter(|user| user.ban_error().is_none()).map(|user| user.viewer());
    Ok((state, viewer))
}

/// The signed-in, non-banned caller; refused otherwise.
pub async fn signed_in() -> AppResult<(AppState, SessionUser)> {
    let (state, session) = session().await?;
    Ok((state, auth::require_user(&session)?))
}
