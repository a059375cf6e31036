//! What both sockets share: who may connect, heartbeats, frame limits and parsing.

use app::{
    accounts::Caller,
    core::{AppError, Id, config::Config, text::json_has_nul},
    games::{protocol::FRAME_MAX_BYTES, service::games},
};
use axum::{
    extract::ws::{Message, Utf8Bytes, WebSocket},
    http::HeaderMap,
};
use futures::{SinkExt, stream::SplitSink};
use governor::{DefaultDirectRateLimiter, Quota};
use serde::{Serialize, de::DeserializeOwned};
use std::{
    num::NonZeroU32,
    time::{Duration, Instant},
};
use tokio::sync::broadcast::{self, error::RecvError};

/// The server pings this often, and drops a socket that has not answered for longer
/// than [`PONG_TIMEOUT`].
pub const PING_INTERVAL: Duration = Duration::from_secs(30);
pub const PONG_TIMEOUT: Duration = Duration::from_secs(35);

/// Sockets open from our pages, the legacy frontend or no page at all: a page of
/// another origin cannot open one with the user's cookie.
pub fn check_origin(config: &Config, headers: &HeaderMap) -> Result<(), AppError> {
    let origin = headers.get(http::header::ORIGIN).and_then(|v| v.to_str().ok());
    match origin {
        Some(origin) if !config.trusted_origins().contains(&origin.trim_end_matches('/')) => {
            Err(AppError::Forbidden("Origin not allowed".into()))
        }
        _ => Ok(()),
    }
}

/// Resolves when the followed account changed; pending forever without one.
pub async fn account_changed(changes: &mut Option<broadcast::Receiver<()>>) {
    match changes {
        Some(receiver) => match receiver.recv().await {
            Ok(()) | Err(RecvError::Lagged(_)) => {}
            Err(RecvError::Closed) => std::future::pending().await,
        },
        None => std::future::pending().await,
    }
}

/// Reads the caller's account again after it changed. A ban or an ended session
/// closes the socket at once, saying why in the event `error` makes; returns
/// whether the socket stays open.
pub async fn recheck<E: Serialize>(
    caller: &mut Caller,
    pool: &sqlx::PgPool,
    out: &mut Outbox,
    error: impl FnOnce(String) -> E,
) -> bool {
    match caller.refreshed(pool).await {
        Ok(fresh) => {
            *caller = fresh;
            true
        }
        Err(reason) => {
            let message = reason.to_string();
            out.send(&error(message.clone())).await;
            out.refuse(&message).await;
            false
        }
    }
}

/// The users whose chat the caller's socket collapses (those they blocked), read
/// when it opens and again after each change to the account.
pub async fn blocked_by(caller: &Caller, pool: &sqlx::PgPool) -> Vec<Id> {
    games::blocked_chat(pool, caller).await.unwrap_or_else(|error| {
        tracing::warn!(%error, "could not read whom a socket's user blocked");
        Vec::new()
    })
}

/// The sending half of a socket.
pub struct Outbox {
    sink: SplitSink<WebSocket, Message>,
    _open: crate::metrics::OpenSocket,
}

impl Outbox {
    pub fn new(sink: SplitSink<WebSocket, Message>) -> Self {
        Self { sink, _open: crate::metrics::OpenSocket::new() }
    }

    /// Sends one event as a JSON text frame; `false` once the socket is gone.
    pub async fn send<T: Serialize>(&mut self, event: &T) -> bool {
        match serde_json::to_string(event) {
            Ok(text) => self.send_frame(&text).await,
            Err(_) => true,
        }
    }

    /// Sends a frame serialized once for many sockets.
    pub async fn send_frame(&mut self, text: &str) -> bool {
        crate::metrics::socket_message("sent");
        self.sink.send(Message::Text(Utf8Bytes::from(text))).await.is_ok()
    }

    pub async fn ping(&mut self) -> bool {
        self.sink.send(Message::Ping(Default::default())).await.is_ok()
    }

    /// Closes with a policy-violation code (1008) and a reason.
    pub async fn refuse(&mut self, reason: &str) {
        // Close reasons are limited to 123 bytes.
        let reason: String = reason
            .chars()
            .scan(0, |bytes, c| {
                *bytes += c.len_utf8();
                (*bytes <= 123).then_some(c)
            })
            .collect();
        let frame = axum::extract::ws::CloseFrame { code: 1008, reason: Utf8Bytes::from(reason) };
        let _ = self.sink.send(Message::Close(Some(frame))).await;
    }
}

/// What a frame from the client amounted to.
pub enum Incoming<T> {
    Request(T),
    /// Unusable: the error text to send back.
    Invalid(String),
    /// Nothing to do (a pong, a ping, a binary frame we ignore).
    Nothing,
    Closed,
}

/// Heartbeat and message-rate bookkeeping of one socket.
pub struct Connection {
    last_seen: Instant,
    messages: DefaultDirectRateLimiter,
}

impl Default for Connection {
    fn default() -> Self {
        Self::new()
    }
}

impl Connection {
    /// At most 20 messages in a burst, refilled at 4 a second.
    pub fn new() -> Self {
        let quota = Quota::per_second(NonZeroU32::new(4).unwrap_or(NonZeroU32::MIN))
            .allow_burst(NonZeroU32::new(20).unwrap_or(NonZeroU32::MIN));
        Self { last_seen: Instant::now(), messages: DefaultDirectRateLimiter::direct(quota) }
    }

    /// Whether the client answered recently enough to keep the socket.
    pub fn alive(&self) -> bool {
        self.last_seen.elapsed() <= PONG_TIMEOUT
    }

    pub fn read<T: DeserializeOwned>(&mut self, frame: Option<Result<Message, axum::Error>>) -> Incoming<T> {
        let Some(Ok(message)) = frame else {
            return Incoming::Closed;
        };
        self.last_seen = Instant::now();
        let text = match message {
            Message::Text(text) => {
                crate::metrics::socket_message("received");
                text
            }
            Message::Close(_) => return Incoming::Closed,
            Message::Binary(_) => return Incoming::Invalid("parsing message failed".into()),
            Message::Ping(_) | Message::Pong(_) => return Incoming::Nothing,
        };
        if text.len() > FRAME_MAX_BYTES {
            return Incoming::Invalid(format!("Message too large (at most {FRAME_MAX_BYTES} bytes)"));
        }
        if self.messages.check().is_err() {
            return Incoming::Invalid("Too many messages: slow down".into());
        }
        if json_has_nul(text.as_bytes()) {
            return Incoming::Invalid("Text may not contain NUL characters".into());
        }
        match serde_json::from_str(&text) {
            Ok(request) => Incoming::Request(request),
            Err(_) => Incoming::Invalid("parsing message failed".into()),
        }
    }
}

pub fn interval() -> tokio::time::Interval {
    let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + PING_INTERVAL, PING_INTERVAL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tick
}
