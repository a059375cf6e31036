//! The caller of a server function, for every context's server functions.

use super::{auth::AuthSession, caller::Caller};
use crate::{
    core::{AppError, AppResult, client::client_ip},
    state::{AppState, use_app_state},
};

/// The application state and the caller's session.
pub async fn session() -> AppResult<(AppState, AuthSession)> {
    let state = use_app_state()?;
    let session = leptos_axum::extract::<AuthSession>()
        .await
        .map_err(|e| AppError::internal("auth session missing", e))?;
    Ok((state, session))
}

/// The application state and who calls.
pub async fn caller() -> AppResult<(AppState, Caller)> {
    let (state, session) = session().await?;
    let caller = caller_of(&state, &session);
    Ok((state, caller))
}

/// The caller a session stands for, seen from the request being served.
pub fn caller_of(state: &AppState, session: &AuthSession) -> Caller {
    let address = leptos::prelude::use_context::<http::request::Parts>()
        .map(|parts| client_ip(&parts, &state.config))
        .unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
    Caller::of_session(session.user.clone(), address, session_id(session))
}

fn session_id(session: &AuthSession) -> Option<String> {
    session.session.id().map(|id| id.to_string())
}

/// Handlers of the legacy API and the sockets take the caller as an extractor.
impl<S> axum::extract::FromRequestParts<S> for Caller
where
    S: Send + Sync,
    AppState: axum::extract::FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut http::request::Parts, state: &S) -> AppResult<Self> {
        let app = <AppState as axum::extract::FromRef<S>>::from_ref(state);
        let session = AuthSession::from_request_parts(parts, state)
            .await
            .map_err(|(_, message)| AppError::internal("auth session missing", message))?;
        let id = session_id(&session);
        Ok(Caller::of_session(session.user, client_ip(parts, &app.config), id))
    }
}
