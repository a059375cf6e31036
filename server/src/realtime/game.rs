//! `/ws/game/:id`: one game. Players get the puzzle once the game starts; others
//! may watch, and join while it runs.

use super::socket::{
    Connection, Incoming, Outbox, account_changed, blocked_by, check_origin, interval, recheck,
};
use app::{
    accounts::Caller,
    core::{AppError, Id},
    games::{
        GameDto, GameStatus,
        hub::{GameSignal, Hub},
        protocol::{GameEvent, GameRequest},
        service::{self as games_service, games},
    },
    puzzles::{legacy::PuzzleDocument, service::documents},
    state::AppState,
};
use axum::{
    extract::{Path, State, WebSocketUpgrade, ws::WebSocket},
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use futures::StreamExt;
use std::sync::Arc;
use tokio::sync::broadcast::error::RecvError;

/// Chat messages replayed to a (re)connecting socket.
const CHAT_REPLAY: i64 = 50;

pub async fn upgrade(
    State(state): State<AppState>,
    State(hub): State<Arc<Hub>>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
    ws: WebSocketUpgrade,
) -> Response {
    if let Err(refusal) = check_origin(&state.config, &headers) {
        return refusal.into_response();
    }
    match games_service::admit(&state, &caller) {
        Ok(_) => ws.on_upgrade(move |socket| run(socket, state, hub, caller, id, None)),
        // The legacy socket told banned users why before closing.
        Err(AppError::Banned { message, .. }) => {
            ws.on_upgrade(move |socket| run(socket, state, hub, caller, id, Some(message)))
        }
        Err(refusal) => refusal.into_response(),
    }
}

/// What this socket knows about its game.
struct Seat {
    game: Id,
    caller: Caller,
    /// Users whose chat this socket collapses.
    blocked: Vec<Id>,
    /// The puzzle document, loaded once the caller may see it.
    puzzle: Option<Box<PuzzleDocument>>,
}

impl Seat {
    fn is_player(&self, dto: &GameDto) -> bool {
        self.caller.signed_in().is_some_and(|user| dto.players.iter().any(|p| p.id == user.id))
    }

    /// The overview, with the puzzle when the games service says the caller sees it.
    async fn overview(&mut self, state: &AppState, dto: &GameDto) -> GameEvent {
        let shown = games::shows_puzzle(dto, &self.caller, chrono::Utc::now());
        if shown && self.puzzle.is_none() {
            self.puzzle =
                documents::for_players(&state.pool, &self.caller, dto.puzzle).await.ok().map(Box::new);
        }
        let puzzle = if shown { self.puzzle.clone() } else { None };
        GameEvent::Overview { game: dto.clone(), puzzle }
    }
}

async fn run(
    socket: WebSocket,
    state: AppState,
    hub: Arc<Hub>,
    caller: Caller,
    id: String,
    banned: Option<String>,
) {
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
    let mut signals = hub.game(game);
    let mut account_changes = caller.signed_in().map(|user| hub.user(user.id));
    let dto = match games::dto(&state.pool, game).await {
        Ok(Some(dto)) => dto,
        _ => {
            out.send(&GameEvent::Nonexistent { message: "Game not found".into() }).await;
            return out.refuse("Game not found").await;
        }
    };
    let blocked = blocked_by(&caller, &state.pool).await;
    let mut seat = Seat { game, caller, blocked, puzzle: None };
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
                Ok(GameSignal::Chat(said)) => out.send(&GameEvent::Chat { chat_message: said.seen_by(&seat.blocked) }).await,
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
            _ = account_changed(&mut account_changes) => {
                seat.blocked = blocked_by(&seat.caller, &state.pool).await;
                recheck(&mut seat.caller, &state.pool, &mut out, |message| GameEvent::Error { message }).await
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
    for said in games::recent_chat(&state.pool, seat.game, CHAT_REPLAY).await.unwrap_or_default() {
        if !out.send(&GameEvent::Chat { chat_message: said.seen_by(&seat.blocked) }).await {
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
    let caller = &seat.caller;
    let outcome = match request {
        GameRequest::Join => games::join_late(pool, caller, seat.game).await,
        GameRequest::Submitted => games::announce_change(pool, seat.game).await,
        GameRequest::Chat { chat_message } => {
            match games::chat(pool, caller, seat.game, &chat_message.message).await {
                Err(AppError::Banned { message, .. }) => {
                    Err(AppError::Forbidden(format!("Cannot send message: You are banned. {message}")))
                }
                other => other.map(drop),
            }
        }
        GameRequest::Language { language } if language.trim().is_empty() => Ok(()),
        GameRequest::Language { language } => {
            games::announce_language(pool, caller, seat.game, &language).await
        }
    };
    match outcome {
        Ok(()) => true,
        Err(error) => out.send(&GameEvent::Error { message: error.to_string() }).await,
    }
}
