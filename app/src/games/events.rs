//! What happened in rooms and games, published through PostgreSQL `NOTIFY` after the
//! change is committed, so every server process (one or many) hears it and updates
//! its own sockets. Events name what changed; listeners load the current state.

use super::protocol::ChatMessage;
use crate::core::{Id, Timestamp};
use serde::{Deserialize, Serialize};

pub const CHANNEL: &str = "codincod_realtime";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// The list of open rooms changed.
    LobbyChanged,
    RoomChanged {
        room: Id,
    },
    RoomChat {
        room: Id,
        username: String,
        message: String,
        created_at: Timestamp,
    },
    /// The room's game was created; it starts at `start_time`.
    GameStarted {
        room: Id,
        start_time: Timestamp,
    },
    GameChanged {
        game: Id,
    },
    GameChat {
        game: Id,
        message: ChatMessage,
    },
    LanguageChanged {
        game: Id,
        username: String,
        language: String,
    },
    GameFinished {
        game: Id,
    },
}

/// Queues `events` for delivery when `tx` commits (and drops them if it rolls back).
#[cfg(feature = "ssr")]
pub async fn publish(tx: &mut sqlx::PgConnection, events: &[Event]) -> crate::core::AppResult<()> {
    for event in events {
        let payload =
            serde_json::to_string(event).map_err(|e| crate::core::AppError::internal("event", e))?;
        sqlx::query("SELECT pg_notify($1, $2)").bind(CHANNEL).bind(payload).execute(&mut *tx).await?;
    }
    Ok(())
}
