//! This process's fan-out of events. Every change is published through PostgreSQL
//! `NOTIFY` (see [`crate::events`]); the hub listens, loads the new state once per
//! process, and hands it to the sockets of that room, game or user through
//! broadcast channels. Several processes on one database each run a hub, so players
//! connected to different processes see the same room.

use super::{
    GameDto,
    protocol::{LobbyEvent, Said},
    rules::lifecycle::PRESENCE_REFRESH,
    service::{games, rooms},
};
use crate::{
    accounts::service::users,
    core::{AppError, AppResult, Id},
    events::{CHANNEL, Event},
    languages,
};
use sqlx::{PgPool, postgres::PgListener};
use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};
use tokio::sync::broadcast;

/// Room channels and game channels hold this many undelivered messages per socket.
const CAPACITY: usize = 256;
/// Lobby lists are rebuilt at most this often, however many rooms change: every lobby
/// socket gets each list, so this bounds the fan-out work when rooms churn.
const LOBBY_REFRESH: Duration = Duration::from_millis(500);

/// What a game's sockets are told.
#[derive(Clone, Debug)]
pub enum GameSignal {
    Overview(Arc<GameDto>),
    Finished(Arc<GameDto>),
    /// Shown to each reader as [`Said::seen_by`] says.
    Chat(Said),
    Language {
        username: String,
        language: String,
    },
}

/// What a waiting room's sockets are told.
#[derive(Clone, Debug)]
pub enum RoomSignal {
    Event(LobbyEvent),
    /// Shown to each reader as [`Said::lobby_event`] says.
    Chat(Said),
}

pub struct Hub {
    pool: PgPool,
    /// The `rooms:overview` frame, serialized once for all lobby sockets.
    lobby: broadcast::Sender<Arc<str>>,
    lobby_dirty: AtomicBool,
    rooms: Mutex<HashMap<Id, broadcast::Sender<RoomSignal>>>,
    games: Mutex<HashMap<Id, broadcast::Sender<GameSignal>>>,
    /// Per user: a signal that their account changed (ban, sign-out, role).
    users: Mutex<HashMap<Id, broadcast::Sender<()>>>,
    /// Per user: a signal that their notifications changed.
    notifications: Mutex<HashMap<Id, broadcast::Sender<()>>>,
    lobby_sockets: Mutex<HashMap<Id, usize>>,
}

impl Hub {
    /// Starts listening; the hub lives as long as the process.
    pub async fn start(pool: PgPool) -> AppResult<Arc<Self>> {
        let mut listener = PgListener::connect_with(&pool).await?;
        listener.listen(CHANNEL).await?;
        let hub = Arc::new(Self {
            pool,
            lobby: broadcast::channel(CAPACITY).0,
            lobby_dirty: AtomicBool::new(false),
            rooms: Mutex::default(),
            games: Mutex::default(),
            users: Mutex::default(),
            notifications: Mutex::default(),
            lobby_sockets: Mutex::default(),
        });
        tokio::spawn(Arc::clone(&hub).listen(listener));
        tokio::spawn(Arc::clone(&hub).refresh_lobby());
        tokio::spawn(Arc::clone(&hub).keep_presence());
        Ok(hub)
    }

    pub fn lobby(&self) -> broadcast::Receiver<Arc<str>> {
        self.lobby.subscribe()
    }

    pub fn room(&self, room: Id) -> broadcast::Receiver<RoomSignal> {
        subscribe(&self.rooms, room)
    }

    pub fn game(&self, game: Id) -> broadcast::Receiver<GameSignal> {
        subscribe(&self.games, game)
    }

    /// Fires whenever the user's account changes, so their sockets check it again.
    pub fn user(&self, user: Id) -> broadcast::Receiver<()> {
        subscribe(&self.users, user)
    }

    /// Fires whenever the user's notifications change, for their open pages' bell.
    pub fn notifications(&self, user: Id) -> broadcast::Receiver<()> {
        subscribe(&self.notifications, user)
    }

    /// The users with a lobby socket open in this process.
    pub fn lobby_users(&self) -> Vec<Id> {
        self.lobby_sockets.lock().unwrap_or_else(|e| e.into_inner()).keys().copied().collect()
    }

    /// Counts a user's lobby sockets in this process; returns how many are open.
    pub fn lobby_socket_opened(&self, user: Id) -> usize {
        let mut sockets = self.lobby_sockets.lock().unwrap_or_else(|e| e.into_inner());
        let count = sockets.entry(user).or_default();
        *count += 1;
        *count
    }

    /// Returns how many of the user's lobby sockets remain open in this process.
    pub fn lobby_socket_closed(&self, user: Id) -> usize {
        let mut sockets = self.lobby_sockets.lock().unwrap_or_else(|e| e.into_inner());
        let count = sockets.entry(user).or_default();
        *count = count.saturating_sub(1);
        let left = *count;
        if left == 0 {
            sockets.remove(&user);
        }
        left
    }

    async fn listen(self: Arc<Self>, mut listener: PgListener) {
        loop {
            match listener.recv().await {
                Ok(notification) => match serde_json::from_str::<Event>(notification.payload()) {
                    Ok(event) => {
                        if let Err(error) = self.dispatch(event).await {
                            tracing::warn!(%error, "could not deliver a realtime event");
                        }
                    }
                    Err(error) => tracing::warn!(%error, "unreadable realtime event"),
                },
                // The listener reconnects by itself; events sent meanwhile are lost.
                Err(error) => {
                    tracing::warn!(%error, "realtime listener interrupted");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
            }
        }
    }

    async fn dispatch(&self, event: Event) -> AppResult<()> {
        match event {
            Event::LobbyChanged => self.lobby_dirty.store(true, Ordering::Relaxed),
            Event::RoomChanged { room } => {
                if let Some(sender) = live(&self.rooms, room)
                    && let Some(state) = rooms::state(&self.pool, room).await?
                {
                    let _ = sender.send(RoomSignal::Event(LobbyEvent::RoomOverview { room: state }));
                }
            }
            Event::RoomChat { room, message } => {
                if let Some(sender) = live(&self.rooms, room)
                    && let Some(said) = games::chat_message(&self.pool, message).await?
                {
                    let _ = sender.send(RoomSignal::Chat(said));
                }
            }
            Event::GameStarted { room, start_time } => {
                if let Some(sender) = live(&self.rooms, room) {
                    let _ = sender.send(RoomSignal::Event(LobbyEvent::GameStart {
                        game_url: format!("/multiplayer/{room}"),
                        start_time,
                    }));
                }
            }
            Event::GameChanged { game } | Event::GameFinished { game } => {
                if let Some(sender) = live(&self.games, game)
                    && let Some(dto) = games::dto(&self.pool, game).await?
                {
                    let dto = Arc::new(dto);
                    let finished = matches!(event, Event::GameFinished { .. });
                    let _ = sender.send(if finished {
                        GameSignal::Finished(dto)
                    } else {
                        GameSignal::Overview(dto)
                    });
                }
            }
            Event::GameChat { game, message } => {
                if let Some(sender) = live(&self.games, game)
                    && let Some(said) = games::chat_message(&self.pool, message).await?
                {
                    let _ = sender.send(GameSignal::Chat(said));
                }
            }
            Event::LanguageChanged { game, user, language } => {
                if let Some(sender) = live(&self.games, game)
                    && let Some(player) = users::by_id(&self.pool, user).await?
                    && let Some(language) = languages::service::by_id(&self.pool, language).await?
                {
                    let _ = sender.send(GameSignal::Language {
                        username: player.username,
                        language: language.language,
                    });
                }
            }
            Event::UserChanged { user } => {
                if let Some(sender) = live(&self.users, user) {
                    let _ = sender.send(());
                }
            }
            Event::NotificationsChanged { user } => {
                if let Some(sender) = live(&self.notifications, user) {
                    let _ = sender.send(());
                }
            }
        }
        Ok(())
    }

    /// Keeps this process's lobby users present, so their rooms stay open.
    async fn keep_presence(self: Arc<Self>) {
        let period = PRESENCE_REFRESH.to_std().unwrap_or(Duration::from_secs(30));
        let mut tick = tokio::time::interval(period);
        loop {
            tick.tick().await;
            let users = self.lobby_users();
            if !users.is_empty()
                && let Err(error) = rooms::record_presence(&self.pool, &users).await
            {
                tracing::warn!(%error, "could not record who is in the lobby");
            }
        }
    }

    /// Sends the open rooms to every lobby socket, at most once per interval: when a
    /// room changed, and when a listed game's countdown ends (it leaves the list then).
    async fn refresh_lobby(self: Arc<Self>) {
        let mut tick = tokio::time::interval(LOBBY_REFRESH);
        let mut next_start = None;
        loop {
            tick.tick().await;
            let countdown_over = next_start.is_some_and(|start| start <= chrono::Utc::now());
            let dirty = self.lobby_dirty.swap(false, Ordering::Relaxed) || countdown_over;
            if self.lobby.receiver_count() == 0 || !dirty {
                continue;
            }
            match overview_frame(&self.pool).await {
                Ok(frame) => {
                    let _ = self.lobby.send(frame);
                }
                Err(error) => tracing::warn!(%error, "could not list the rooms"),
            }
            next_start = rooms::next_start(&self.pool).await.unwrap_or_default();
        }
    }
}

/// The open rooms as a `rooms:overview` frame.
pub async fn overview_frame(pool: &PgPool) -> AppResult<Arc<str>> {
    let rooms = rooms::overview(pool).await?;
    let frame = serde_json::to_string(&LobbyEvent::RoomsOverview { rooms })
        .map_err(|error| AppError::internal("lobby overview", error))?;
    Ok(frame.into())
}

fn subscribe<T: Clone>(
    channels: &Mutex<HashMap<Id, broadcast::Sender<T>>>,
    id: Id,
) -> broadcast::Receiver<T> {
    let mut channels = channels.lock().unwrap_or_else(|e| e.into_inner());
    channels.retain(|_, sender| sender.receiver_count() > 0);
    channels.entry(id).or_insert_with(|| broadcast::channel(CAPACITY).0).subscribe()
}

/// The channel of `id` if any socket here listens to it.
fn live<T>(channels: &Mutex<HashMap<Id, broadcast::Sender<T>>>, id: Id) -> Option<broadcast::Sender<T>> {
    let channels = channels.lock().unwrap_or_else(|e| e.into_inner());
    channels.get(&id).filter(|sender| sender.receiver_count() > 0).cloned()
}
