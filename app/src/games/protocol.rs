//! The legacy frontend's websocket protocol: one JSON text frame per message, an
//! object with an `event` discriminator. The server speaks it at `/ws` (lobby) and
//! `/ws/game/:id` (game); the Leptos pages speak it too, from the browser.

use super::{GameDto, GameOptionsInput, RoomState, RoomSummary};
use crate::{
    core::{Id, Timestamp},
    puzzles::legacy::PuzzleDocument,
};
use serde::{Deserialize, Serialize};

/// Lobby chat messages are at most this long (game chat: [`GAME_CHAT_MAX`]).
pub const LOBBY_CHAT_MAX: usize = 500;
pub const GAME_CHAT_MAX: usize = 160;
/// Language names are at most this long (the languages table's limit).
pub const LANGUAGE_NAME_MAX: usize = 32;
/// Frames larger than this are refused without being parsed.
pub const FRAME_MAX_BYTES: usize = 16 * 1024;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ts_rs::TS))]
#[serde(tag = "event")]
pub enum LobbyRequest {
    #[serde(rename = "room:host")]
    Host {
        #[serde(default)]
        #[cfg_attr(feature = "ssr", ts(optional))]
        options: Option<GameOptionsInput>,
    },
    #[serde(rename = "room:join", rename_all = "camelCase")]
    Join { room_id: Id },
    #[serde(rename = "room:join-by-invite", rename_all = "camelCase")]
    JoinByInvite { invite_code: String },
    #[serde(rename = "room:leave", rename_all = "camelCase")]
    Leave { room_id: Id },
    #[serde(rename = "room:chat-message", rename_all = "camelCase")]
    Chat { room_id: Id, message: String },
    #[serde(rename = "game:start", rename_all = "camelCase")]
    Start { room_id: Id },
    /// Not legacy: a new room for the players of a finished game.
    #[serde(rename = "room:rematch", rename_all = "camelCase")]
    Rematch { game_id: Id },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ts_rs::TS))]
#[serde(tag = "event")]
pub enum LobbyEvent {
    #[serde(rename = "rooms:overview")]
    RoomsOverview { rooms: Vec<RoomSummary> },
    #[serde(rename = "room:overview")]
    RoomOverview { room: RoomState },
    /// `blocked` (not legacy): see [`ChatMessage::blocked`].
    #[serde(rename = "room:chat-message", rename_all = "camelCase")]
    Chat {
        username: String,
        message: String,
        created_at: Timestamp,
        #[serde(default)]
        blocked: bool,
    },
    #[serde(rename = "game:start", rename_all = "camelCase")]
    GameStart { game_url: String, start_time: Timestamp },
    #[serde(rename = "rooms:not-enough")]
    NotEnough { message: String },
    #[serde(rename = "error")]
    Error { message: String },
}

/// What a client sends in a game chat message; only `message` is trusted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ChatInput {
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ts_rs::TS))]
#[serde(tag = "event")]
pub enum GameRequest {
    #[serde(rename = "game:join")]
    Join,
    #[serde(rename = "player:submitted")]
    Submitted,
    #[serde(rename = "message:send", rename_all = "camelCase")]
    Chat { chat_message: ChatInput },
    #[serde(rename = "language:change")]
    Language { language: String },
}

/// A stored game chat message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ChatMessage {
    #[serde(rename = "_id")]
    pub id: Id,
    pub username: String,
    pub message: String,
    pub created_at: Timestamp,
    /// Not legacy: written by a user the reader blocked. `message` then says so
    /// ([`BLOCKED_CHAT`]) instead of carrying the text.
    #[serde(default)]
    pub blocked: bool,
}

/// What a reader reads instead of a chat message from a user they blocked.
pub const BLOCKED_CHAT: &str = "Message from a blocked user";

/// A stored chat message and who wrote it, as the hub hands it to the sockets,
/// which show it to each reader as [`Said::seen_by`] says.
#[derive(Clone, Debug, PartialEq)]
pub struct Said {
    pub author: Id,
    pub message: ChatMessage,
}

impl Said {
    /// The message as a reader who blocked `blocked` sees it: collapsed, without
    /// its text, when they blocked its author.
    pub fn seen_by(&self, blocked: &[Id]) -> ChatMessage {
        let mut message = self.message.clone();
        if blocked.contains(&self.author) {
            message.message = BLOCKED_CHAT.to_owned();
            message.blocked = true;
        }
        message
    }

    /// The same, as a waiting room's `room:chat-message`.
    pub fn lobby_event(&self, blocked: &[Id]) -> LobbyEvent {
        let seen = self.seen_by(blocked);
        LobbyEvent::Chat {
            username: seen.username,
            message: seen.message,
            created_at: seen.created_at,
            blocked: seen.blocked,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ts_rs::TS))]
#[serde(tag = "event")]
pub enum GameEvent {
    /// `puzzle` is the legacy puzzle document, sent to players once the game started.
    #[serde(rename = "game:overview")]
    Overview {
        game: GameDto,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        puzzle: Option<Box<PuzzleDocument>>,
    },
    #[serde(rename = "game:finished")]
    Finished { game: GameDto },
    #[serde(rename = "game:nonexistent")]
    Nonexistent { message: String },
    #[serde(rename = "message:send", rename_all = "camelCase")]
    Chat { chat_message: ChatMessage },
    #[serde(rename = "language:change")]
    Language { language: String, username: String },
    #[serde(rename = "error")]
    Error { message: String },
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn requests_read_the_legacy_frames() {
        let host: LobbyRequest = serde_json::from_value(json!({ "event": "room:host" })).unwrap();
        assert_eq!(host, LobbyRequest::Host { options: None });
        let join: LobbyRequest = serde_json::from_value(
            json!({ "event": "room:join", "roomId": "507f1f77bcf86cd799439011", "x": 1 }),
        )
        .unwrap();
        assert!(matches!(join, LobbyRequest::Join { .. }));
        let chat: GameRequest = serde_json::from_value(json!({
            "event": "message:send",
            "chatMessage": { "username": "spoofed", "message": "hi", "createdAt": "2026-01-01T00:00:00.000Z" }
        }))
        .unwrap();
        assert_eq!(chat, GameRequest::Chat { chat_message: ChatInput { message: "hi".into() } });
        assert!(serde_json::from_value::<GameRequest>(json!({ "event": "nope" })).is_err());
        assert!(
            serde_json::from_value::<LobbyRequest>(json!({ "event": "room:join", "roomId": 5 })).is_err()
        );
    }

    #[test]
    fn a_blocked_authors_chat_is_collapsed_for_the_blocker_only() {
        let (bob, carol) = (Id::from_bytes([2; 12]), Id::from_bytes([3; 12]));
        let said = Said {
            author: bob,
            message: ChatMessage {
                id: Id::from_bytes([9; 12]),
                username: "bob".into(),
                message: "you are all terrible".into(),
                created_at: Timestamp::parse("2026-01-01T00:00:00Z").unwrap(),
                blocked: false,
            },
        };
        assert_eq!(said.seen_by(&[carol]), said.message, "others read it as written");
        let hidden = said.seen_by(&[carol, bob]);
        assert!(hidden.blocked);
        assert_eq!(hidden.message, BLOCKED_CHAT);
        let LobbyEvent::Chat { message, blocked, .. } = said.lobby_event(&[bob]) else { panic!() };
        assert_eq!((message.as_str(), blocked), (BLOCKED_CHAT, true));
    }

    #[test]
    fn events_write_the_legacy_frames() {
        let event = LobbyEvent::GameStart {
            game_url: "/multiplayer/x".into(),
            start_time: Timestamp::parse("2026-01-01T00:00:15Z").unwrap(),
        };
        assert_eq!(
            serde_json::to_value(event).unwrap(),
            json!({ "event": "game:start", "gameUrl": "/multiplayer/x", "startTime": "2026-01-01T00:00:15.000Z" })
        );
        let error = GameEvent::Error { message: "parsing message failed".into() };
        assert_eq!(
            serde_json::to_value(error).unwrap(),
            json!({ "event": "error", "message": "parsing message failed" })
        );
    }
}
