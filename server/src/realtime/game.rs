//! `/ws/game/:id`: one game. Players get the puzzle once the game starts; others
//! may watch, and join while it runs.

use super::socket::{Connection, Incoming, Outbox, admit, interval};
use crate::legacy_api::docs;
use app::{
    accounts::{
        Viewer,
        auth::{AuthBackend, AuthSession},
    },
    core::{AppError, Id, state::AppState},
    games::{
        GameDto, GameStatus,
        hub::GameSignal,
        protocol::{GameEvent, GameRequest},
        service::games,
    },
    puzzles::service::reading,
};
use axum::{
    extract::{Path, State, WebSocketUpgrade, ws::WebSocket},
    http::request::Parts,
    response::{IntoResponse, Response},
};
use axum_login::AuthnBackend;
use futures::StreamExt;
use serde_json::Value;
use tokio::sync::broadcast::error::RecvError;

/// Chat messages replayed to a (re)connecting socket.
const CHAT_REPLAY: i64 = 50;

pub async fn upgrade(
    State(state): State<AppState>,
    session: AuthSession,
    parts: Parts,
    Path(id): Path<String>,
    ws: WebSocketUpgrade,
) -> Response {
    match admit(&state, &session, &parts) {
        Ok(user) => {
            let banned = user.ban_error().map(|error| error.to_string());
            ws.on_upgrade(move |socket| run(socket, state, user.viewer(), id, banned))
        }
        Err(refusal) => refusal.into_response(),
    }
}

/// What this socket knows about its game.
struct Seat {
    game: Id,
    user: Viewer,
    /// The puzzle document, loaded once the viewer may see it.
    puzzle: Option<Value>,
}

impl Seat {
    fn is_player(&self, dto: &GameDto) -> bool {
        dto.players.iter().any(|p| p.id == self.user.id)
    }

    /// Players see the puzzle from the start time on; until then, and for watchers,
    /// the overview comes without it.
    async fn overview(&mut self, state: &AppState, dto: &GameDto) -> GameEvent {
        let started = chrono::Utc::now() >= dto.start_time.0;
        if started && self.is_player(dto) && self.puzzle.is_none() {
            self.puzzle = puzzle_doc(state, dto.puzzle, &self.user).await;
        }
        let puzzle = if started && self.is_player(dto) { self.puzzle.clone() } else { None };
        GameEvent::Overview { game: dto.clone(), puzzle }
    }
}

async fn puzzle_doc(state: &AppState, puzzle: Id, viewer: &Viewer) -> Option<Value> {
    let (row, tests) = reading::visible(&state.pool, puzzle, Some(viewer)).await.ok()?;
    let public: Vec<_> = tests.into_iter().filter(|t| t.is_public).collect();
    let author = app::accounts::service::users::by_id(&state.pool, row.author_id).await.ok().flatten();
    Some(docs::puzzle(&row, docs::author(author.as_ref(), row.author_id), &public))
}

async fn run(socket: WebSocket, state: AppState, user: Viewer, id: String, banned: Option<String>) {
    let (sink, mut stream) = socket.split();
    let mut out = Outbox::new(sink);
    if let Some(ban) = banned {
        let message = format!("You are banned: {ban}");
        out.send(&GameEvent::Error { message: message.clone() }).await;
        return out.refuse(&message).await;
    }
    let Ok(game) = id.parse::<Id>() else {
        out.send(&GameEvent::Error { message: "Game not found".into() }).await;
        return out.refuse("Game not found").await;
    };
    let mut signals = state.hub.game(game);
    let dto = match games::dto(&state.pool, game).await {
        Ok(Some(dto)) => dto,
        _ => {
            out.send(&GameEvent::Nonexistent { message: "Game not found".into() }).await;
            return out.refuse("Game not found").await;
        }
    };
    let mut seat = Seat { game, user, puzzle: None };
    if !greet(&state, &mut seat, &dto, &mut out).await {
        return;
    }

    let mut connection = Connection::new();
    let mut heartbeat = interval();
    let mut reveal = reveal_at(&dto);
    let mut open = true;
    while open {
        open = tokio::select! {
            frame = stream.next() => match connection.read::<GameRequest>(frame) {
                Incoming::Request(request) => handle(&state, &mut seat, request, &mut out).await,
                Incoming::Invalid(message) => out.send(&GameEvent::Error { message }).await,
                Incoming::Nothing => true,
                Incoming::Closed => false,
            },
            signal = signals.recv() => match signal {
                Ok(GameSignal::Overview(dto)) => {
                    reveal = reveal_at(&dto);
                    let event = seat.overview(&state, &dto).await;
                    out.send(&event).await
                }
                Ok(GameSignal::Finished(dto)) => out.send(&GameEvent::Finished { game: (*dto).clone() }).await,
                Ok(GameSignal::Chat(chat_message)) => out.send(&GameEvent::Chat { chat_message }).await,
                Ok(GameSignal::Language { username, language }) => {
                    out.send(&GameEvent::Language { username, language }).await
                }
                Err(RecvError::Lagged(_)) => true,
                Err(RecvError::Closed) => false,
            },
            _ = sleep_until(reveal) => {
                reveal = None;
                match games::dto(&state.pool, seat.game).await {
                    Ok(Some(dto)) => {
                        let event = seat.overview(&state, &dto).await;
                        out.send(&event).await
                    }
                    _ => true,
                }
            }
            _ = heartbeat.tick() => connection.alive() && out.ping().await,
        };
    }
}

/// The first frames: the game (finished, or its overview), an `error` for watchers
/// who are not players, and the recent chat.
async fn greet(state: &AppState, seat: &mut Seat, dto: &GameDto, out: &mut Outbox) -> bool {
    let first = if dto.status == GameStatus::Completed {
        GameEvent::Finished { game: dto.clone() }
    } else {
        seat.overview(state, dto).await
    };
    if !out.send(&first).await {
        return false;
    }
    // Watchers stay connected: the legacy frontend offers them to join from here.
    if !seat.is_player(dto) && !out.send(&GameEvent::Error { message: "User not in this game".into() }).await
    {
        return false;
    }
    for chat_message in games::recent_chat(&state.pool, seat.game, CHAT_REPLAY).await.unwrap_or_default() {
        if !out.send(&GameEvent::Chat { chat_message }).await {
            return false;
        }
    }
    true
}

/// When the puzzle is due to be shown, if the game has not started yet.
fn reveal_at(dto: &GameDto) -> Option<tokio::time::Instant> {
    let wait = (dto.start_time.0 - chrono::Utc::now()).to_std().ok()?;
    Some(tokio::time::Instant::now() + wait)
}

async fn sleep_until(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(deadline) => tokio::time::sleep_until(deadline).await,
        None => std::future::pending().await,
    }
}

async fn handle(state: &AppState, seat: &mut Seat, request: GameRequest, out: &mut Outbox) -> bool {
    let pool = &state.pool;
    let outcome = match request {
        GameRequest::Join => games::join_late(pool, &seat.user, seat.game).await,
        GameRequest::Submitted => games::announce_change(pool, seat.game).await,
        GameRequest::Chat { chat_message } => match current_ban(state, seat.user.id).await {
            Some(reason) => {
                Err(AppError::Forbidden(format!("Cannot send message: You are banned. {reason}")))
            }
            None => games::chat(pool, &seat.user, seat.game, &chat_message.message).await.map(drop),
        },
        GameRequest::Language { language } if language.trim().is_empty() => Ok(()),
        GameRequest::Language { language } => {
            games::announce_language(pool, &seat.user, seat.game, &language).await
        }
    };
    match outcome {
        Ok(()) => true,
        Err(error) => out.send(&GameEvent::Error { message: error.to_string() }).await,
    }
}

/// A ban imposed since the socket opened also silences the chat.
async fn current_ban(state: &AppState, user: Id) -> Option<String> {
    let fresh = AuthBackend::new(state.pool.clone()).get_user(&user).await.ok().flatten()?;
    fresh.ban_error().map(|error| error.to_string())
}
