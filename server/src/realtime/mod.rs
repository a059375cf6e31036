//! The legacy websockets: `/ws` (the lobby) and `/ws/game/:id` (one game). Each
//! socket runs as a task that reads client frames, applies them through the games
//! service, and writes what the hub tells it. Beside them, the notifications' live
//! unread count (server-sent events).

mod game;
mod lobby;
mod notifications;
mod socket;

use app::{games::hub::Hub, state::AppState};
use axum::{Router, extract::FromRef, routing::get};
use std::sync::Arc;

/// The sockets' state: the application's, and this process's hub.
#[derive(Clone)]
pub struct Realtime {
    pub app: AppState,
    pub hub: Arc<Hub>,
}

impl FromRef<Realtime> for AppState {
    fn from_ref(state: &Realtime) -> Self {
        state.app.clone()
    }
}

impl FromRef<Realtime> for Arc<Hub> {
    fn from_ref(state: &Realtime) -> Self {
        state.hub.clone()
    }
}

pub fn router<S>(state: Realtime) -> Router<S> {
    Router::new()
        .route("/ws", get(lobby::upgrade))
        .route("/ws/game/{id}", get(game::upgrade))
        .route("/notifications/live", get(notifications::live))
        .route("/notifications/{id}/open", get(notifications::open))
        .with_state(state)
}
