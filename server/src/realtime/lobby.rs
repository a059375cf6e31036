//! `/ws`: the waiting room.

use super::socket::{
    Connection, Incoming, Outbox, account_changed, blocked_by, check_origin, interval, recheck,
};
use app::{
    accounts::Caller,
    core::{AppError, Id},
    games::{
        hub::{Hub, RoomSignal, overview_frame},
        protocol::{LobbyEvent, LobbyRequest},
        service::{
            self as games,
            rooms::{self, StartError},
        },
    },
    state::AppState,
};
use axum::{
    extract::{State, WebSocketUpgrade, ws::WebSocket},
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use futures::StreamExt;
use std::sync::Arc;
use tokio::sync::broadcast::{self, error::RecvError};

pub async fn upgrade(
    State(state): State<AppState>,
    State(hub): State<Arc<Hub>>,
    caller: Caller,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    let admitted =
        check_origin(&state.config, &headers).and_then(|()| games::admit(&state, &caller).map(drop));
    match admitted {
        Ok(()) => ws.on_upgrade(move |socket| run(socket, state, hub, caller)),
        Err(refusal) => refusal.into_response(),
    }
}

/// The room the socket follows, with its events.
struct Following {
    room: Id,
    events: broadcast::Receiver<RoomSignal>,
}

async fn run(socket: WebSocket, state: AppState, hub: Arc<Hub>, caller: Caller) {
    let Some(user) = caller.signed_in().map(|user| user.id) else { return };
    let (sink, mut stream) = socket.split();
    let mut out = Outbox::new(sink);
    let mut connection = Connection::new();
    let mut lobby = hub.lobby();
    let mut following: Option<Following> = None;
    let mut heartbeat = interval();
    let mut account_changes = Some(hub.user(user));
    let mut caller = caller;
    let mut blocked = blocked_by(&caller, &state.pool).await;
    hub.lobby_socket_opened(user);
    if let Err(error) = rooms::record_presence(&state.pool, &[user]).await {
        tracing::warn!(%error, "could not record a lobby socket");
    }

    let mut open = match overview_frame(&state.pool).await {
        Ok(frame) => out.send_frame(&frame).await,
        Err(_) => out.send(&LobbyEvent::RoomsOverview { rooms: Vec::new() }).await,
    };
    while open {
        open = tokio::select! {
            frame = stream.next() => match connection.read::<LobbyRequest>(frame) {
                Incoming::Request(request) => handle(&state, &hub, &caller, request, &mut out, &mut following).await,
                Incoming::Invalid(message) => out.send(&LobbyEvent::Error { message }).await,
                Incoming::Nothing => true,
                Incoming::Closed => false,
            },
            overview = lobby.recv() => match overview {
                Ok(frame) => out.send_frame(&frame).await,
                Err(RecvError::Lagged(_)) => true,
                Err(RecvError::Closed) => false,
            },
            signal = next(&mut following) => match signal {
                Some(RoomSignal::Event(event)) => out.send(&event).await,
                Some(RoomSignal::Chat(said)) => out.send(&said.lobby_event(&blocked)).await,
                None => true,
            },
            _ = account_changed(&mut account_changes) => {
                blocked = blocked_by(&caller, &state.pool).await;
                recheck(&mut caller, &state.pool, &mut out, |message| LobbyEvent::Error { message }).await
            }
            _ = heartbeat.tick() => connection.alive() && out.ping().await,
        };
    }
    if hub.lobby_socket_closed(user) == 0
        && let Err(error) = rooms::leave_all(&state.pool, user).await
    {
        tracing::warn!(%error, "could not take a disconnected user out of their room");
    }
}

/// The next signal of the followed room; pending forever when there is none.
async fn next(following: &mut Option<Following>) -> Option<RoomSignal> {
    match following {
        Some(f) => match f.events.recv().await {
            Ok(event) => Some(event),
            Err(RecvError::Lagged(_)) => None,
            Err(RecvError::Closed) => {
                *following = None;
                None
            }
        },
        None => std::future::pending().await,
    }
}

/// Applies one request; returns whether the socket is still open.
async fn handle(
    state: &AppState,
    hub: &Hub,
    caller: &Caller,
    request: LobbyRequest,
    out: &mut Outbox,
    following: &mut Option<Following>,
) -> bool {
    let pool = &state.pool;
    let outcome = match request {
        LobbyRequest::Host { options } => {
            let options = options.unwrap_or_default().resolve();
            match rooms::host(pool, caller, options).await {
                Ok(room) => return enter(state, hub, room, None, out, following).await,
                Err(error) => Err(error),
            }
        }
        LobbyRequest::Join { room_id } => match rooms::join(pool, caller, room_id).await {
            Ok(joined) => return enter(state, hub, joined.room, joined.started_at, out, following).await,
            Err(error) => Err(error),
        },
        LobbyRequest::JoinByInvite { invite_code } => {
            match rooms::join_by_invite(pool, caller, &invite_code).await {
                Ok(joined) => return enter(state, hub, joined.room, joined.started_at, out, following).await,
                Err(error) => Err(error),
            }
        }
        LobbyRequest::Rematch { game_id } => match rooms::rematch(pool, caller, game_id).await {
            Ok(joined) => return enter(state, hub, joined.room, joined.started_at, out, following).await,
            Err(error) => Err(error),
        },
        LobbyRequest::Leave { room_id } => {
            if following.as_ref().is_some_and(|f| f.room == room_id) {
                *following = None;
            }
            rooms::leave(pool, caller, room_id).await
        }
        LobbyRequest::Chat { room_id, message } => rooms::chat(pool, caller, room_id, &message).await,
        LobbyRequest::Start { room_id } => match rooms::start(pool, caller, room_id).await {
            Ok(_) => Ok(()),
            Err(StartError::NoPuzzle) => {
                return out.send(&LobbyEvent::NotEnough { message: StartError::NoPuzzle.to_string() }).await;
            }
            Err(StartError::App(error)) => Err(error),
        },
    };
    match outcome {
        Ok(()) => true,
        Err(error) => out.send(&LobbyEvent::Error { message: message_of(error) }).await,
    }
}

/// Follows `room` and shows it now: its overview, and its game's start if it has one.
async fn enter(
    state: &AppState,
    hub: &Hub,
    room: Id,
    started_at: Option<app::core::Timestamp>,
    out: &mut Outbox,
    following: &mut Option<Following>,
) -> bool {
    *following = Some(Following { room, events: hub.room(room) });
    if let Ok(Some(current)) = rooms::state(&state.pool, room).await
        && !out.send(&LobbyEvent::RoomOverview { room: current }).await
    {
        return false;
    }
    match started_at {
        Some(start_time) => {
            out.send(&LobbyEvent::GameStart { game_url: format!("/multiplayer/{room}"), start_time }).await
        }
        None => true,
    }
}

/// The text of an `error` event: the legacy wordings where they exist.
fn message_of(error: AppError) -> String {
    match error {
        AppError::Internal => "Something went wrong".into(),
        other => other.to_string(),
    }
}
