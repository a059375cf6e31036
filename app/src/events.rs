//! What changed, published through PostgreSQL `NOTIFY` inside the transaction that
//! made the change, so every server process (one or many) hears it once the change
//! is committed, and nothing when it rolls back. Events carry ids only: listeners
//! load what they show, and no user text ever travels in a notification (whose
//! payload PostgreSQL limits to 8,000 bytes).

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
    /// A chat message was written in a room's lobby.
    RoomChat {
        room: Id,
        message: Id,
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
        message: Id,
    },
    LanguageChanged {
        game: Id,
        user: Id,
        language: Id,
    },
    GameFinished {
        game: Id,
    },
    /// A user's standing changed: banned, signed out, new password or role. Their
    /// open sockets check again who they are.
    UserChanged {
        user: Id,
    },
    /// A user's notifications changed (one written, or read): their open pages
    /// fetch the unread count again.
    NotificationsChanged {
        user: Id,
    },
}

/// Queues `events` for delivery when `tx` commits (and drops them if it rolls back).
#[cfg(feature = "ssr")]
pub async fn publish(tx: &mut sqlx::PgConnection, events: &[Event]) -> crate::core::AppResult<()> {
    for event in events {
        let payload =
            serde_json::to_string(event).map_err(|e| crate::core::AppError::internal("event", e))?;
        sqlx::query_scalar!("SELECT pg_notify($1, $2)", CHANNEL, payload).fetch_one(&mut *tx).await?;
    }
    Ok(())
}
