//! The legacy websockets: `/ws` (the lobby) and `/ws/game/:id` (one game). Each
//! socket runs as a task that reads client frames, applies them through the games
//! service, and writes what the hub tells it.

mod game;
mod lobby;
mod socket;

use app::core::state::AppState;
use axum::{Router, routing::get};

pub fn router() -> Router<AppState> {
    Router::new().route("/ws", get(lobby::upgrade)).route("/ws/game/{id}", get(game::upgrade))
}
