//! `/multiplayer`: open rooms, hosting with options, joining by code, and the room
//! with its members and chat until the owner starts the game. The page is in the
//! parent module, beside its island.

use crate::{
    accounts::User,
    components::{
        chat::{ChatForm, ChatLine},
        forms::Checkbox,
        islands::here,
        live_socket::{Link, LiveSocket, use_live_socket},
    },
    core::Id,
    games::{
        GameOptionsInput, GameVisibility, RoomState, RoomSummary,
        protocol::{LOBBY_CHAT_MAX, LobbyEvent, LobbyRequest},
        rules::{lifecycle::COUNTDOWN, modes::GameMode},
    },
};
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
struct Line {
    username: String,
    message: String,
    blocked: bool,
}

/// The lobby, live over its socket.
#[component]
pub fn Lobby(user: User) -> impl IntoView {
    let rooms = RwSignal::new(Vec::<RoomSummary>::new());
    let room = RwSignal::new(None::<RoomState>);
    let chat = RwSignal::new(Vec::<Line>::new());
    let notice = RwSignal::new(None::<String>);
    let socket = use_live_socket("/ws".into(), move |event: LobbyEvent| match event {
        LobbyEvent::RoomsOverview { rooms: list } => rooms.set(list),
        LobbyEvent::RoomOverview { room: state } => {
            notice.set(None);
            room.set(Some(state));
        }
        LobbyEvent::Chat { username, message, blocked, .. } => {
            chat.update(|lines| lines.push(Line { username, message, blocked }))
        }
        LobbyEvent::GameStart { game_url, .. } => {
            let _ = window().location().set_href(&game_url);
        }
        LobbyEvent::NotEnough { message } | LobbyEvent::Error { message } => notice.set(Some(message)),
    });
    // Coming from a finished game's "Rematch": join (or open) its rematch room.
    let rematch = here().search_params().get_str("rematch").and_then(|id| id.parse().ok());
    Effect::new(move || {
        if let Some(game_id) = rematch {
            socket.send(&LobbyRequest::Rematch { game_id });
        }
    });
    let room_id = Memo::new(move |_| room.with(|r| r.as_ref().map(|r| r.room_id)));
    view! {
        <p class="muted" role="status" data-testid="link">
            {move || match socket.link.get() {
                Link::Open => "Connected.",
                Link::Connecting => "Connecting…",
                Link::Retrying => "Connection lost; reconnecting…",
                Link::Refused => "The server refused the connection.",
            }}
        </p>
        {move || notice.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
        // Keyed on the room, not its state: a member joining must not reset the
        // message being typed.
        {move || match room_id.get() {
            Some(room_id) => view! { <Room room_id user=user.id chat socket room/> }.into_any(),
            None => view! {
                <div class="lobby">
                    <HostForm socket/>
                    <section class="panel" aria-labelledby="rooms-title">
                        <h2 id="rooms-title">"Open rooms"</h2>
                        <JoinByCode socket/>
                        <RoomList rooms socket/>
                    </section>
                </div>
            }
            .into_any(),
        }}
    }
}

/// The countdowns the host picks from (all within `COUNTDOWN_SECONDS`).
const COUNTDOWN_CHOICES: [u32; 6] = [5, 10, 15, 20, 30, 60];

#[component]
fn HostForm(socket: LiveSocket) -> impl IntoView {
    let mode = RwSignal::new(GameMode::Fastest);
    let minutes = RwSignal::new(15u32);
    let countdown = RwSignal::new(COUNTDOWN.num_seconds() as u32);
    let private = RwSignal::new(false);
    let rated = RwSignal::new(true);
    let host = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let options = GameOptionsInput {
            max_game_duration_in_seconds: Some(f64::from(minutes.get_untracked() * 60)),
            countdown_in_seconds: Some(f64::from(countdown.get_untracked())),
            mode: Some(mode.get_untracked()),
            visibility: Some(if private.get_untracked() {
                GameVisibility::Private
            } else {
                GameVisibility::Public
            }),
            rated: Some(rated.get_untracked()),
            allowed_languages: Vec::new(),
        };
        socket.send(&LobbyRequest::Host { options: Some(options) });
    };
    view! {
        <section class="panel" aria-labelledby="host-title">
            <h2 id="host-title">"Host a room"</h2>
            <form class="form" on:submit=host>
                <div class="field">
                    <label for="mode">"Mode"</label>
                    <select id="mode" on:change=move |e| {
                        if let Ok(m) = event_target_value(&e).parse() { mode.set(m) }
                    }>
                        {GameMode::ALL.iter().map(|&m| view! {
                            <option value=m.as_str() selected=move || mode.get() == m>{m.as_str()}</option>
                        }).collect_view()}
                    </select>
                    <p class="field__hint" data-testid="mode-description">{move || mode.get().description()}</p>
                </div>
                <div class="field">
                    <label for="countdown">"Countdown before the puzzle appears"</label>
                    <select id="countdown" on:change=move |e| {
                        if let Ok(seconds) = event_target_value(&e).parse() { countdown.set(seconds) }
                    }>
                        {COUNTDOWN_CHOICES.iter().map(|&seconds| view! {
                            <option value=seconds selected=move || countdown.get() == seconds>{format!("{seconds} s")}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="minutes">"Duration (minutes)"</label>
                    <input id="minutes" type="number" min="1" max="120" value=minutes.get_untracked()
                        on:input=move |e| {
                            if let Ok(m) = event_target_value(&e).parse::<u32>() { minutes.set(m.clamp(1, 120)) }
                        }/>
                </div>
                <label class="checkbox">
                    <Checkbox checked=private on_change=Callback::new(move |on| private.set(on))/>
                    "Private (join by invite code)"
                </label>
                <label class="checkbox">
                    <Checkbox checked=rated on_change=Callback::new(move |on| rated.set(on))/>
                    "Rated"
                </label>
                <button type="submit" class="button button--primary">"Host room"</button>
            </form>
        </section>
    }
}

#[component]
fn JoinByCode(socket: LiveSocket) -> impl IntoView {
    let code = RwSignal::new(String::new());
    view! {
        <form class="form form--inline" on:submit=move |e: leptos::ev::SubmitEvent| {
            e.prevent_default();
            socket.send(&LobbyRequest::JoinByInvite { invite_code: code.get_untracked().trim().to_uppercase() });
        }>
            <div class="field">
                <label for="invite">"Invite code"</label>
                <input id="invite" maxlength="6" autocomplete="off" on:input=move |e| code.set(event_target_value(&e))/>
            </div>
            <button type="submit" class="button button--ghost">"Join"</button>
        </form>
    }
}

#[component]
fn RoomList(rooms: RwSignal<Vec<RoomSummary>>, socket: LiveSocket) -> impl IntoView {
    view! {
        <ul class="room-list" data-testid="rooms">
            {move || {
                let list = rooms.get();
                if list.is_empty() {
                    return view! { <li class="muted">"No open rooms: host one!"</li> }.into_any();
                }
                list.into_iter().map(|summary| {
                    let room_id = summary.room_id;
                    view! {
                        <li>
                            <span>{format!("Room {} · {} player(s)", &room_id.to_string()[18..], summary.amount_of_players_joined)}</span>
                            <button type="button" class="button button--ghost" on:click=move |_| socket.send(&LobbyRequest::Join { room_id })>
                                "Join"
                            </button>
                        </li>
                    }
                }).collect_view().into_any()
            }}
        </ul>
    }
}

#[component]
fn Room(
    room_id: Id,
    user: Id,
    chat: RwSignal<Vec<Line>>,
    socket: LiveSocket,
    room: RwSignal<Option<RoomState>>,
) -> impl IntoView {
    let owner = Memo::new(move |_| room.with(|r| r.as_ref().is_some_and(|r| r.owner.user_id == user)));
    let draft = RwSignal::new(String::new());
    let send_chat = Callback::new(move |message| socket.send(&LobbyRequest::Chat { room_id, message }));
    let leave = move |_| {
        socket.send(&LobbyRequest::Leave { room_id });
        room.set(None);
        chat.set(Vec::new());
    };
    view! {
        <section class="panel room" aria-labelledby="room-title" data-testid="room">
            <h2 id="room-title">"Your room"</h2>
            {move || room.get().map(|state| view! {
                {state.options.map(|o| view! {
                    <p class="muted">{format!("{} · {} minutes · {}", o.mode, o.max_game_duration_in_seconds / 60, if o.rated { "rated" } else { "unrated" })}</p>
                })}
                {state.invite_code.map(|code| view! { <p>"Invite code: " <strong data-testid="invite-code">{code}</strong></p> })}
                <ul class="members" data-testid="members">
                    {state.users.into_iter().map(|user| view! {
                        <li>
                            {user.username}
                            {(user.user_id == state.owner.user_id).then(|| view! { <span class="badge">"owner"</span> })}
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <div class="room__actions">
                {move || owner.get().then(|| view! {
                    <button type="button" class="button button--primary" on:click=move |_| socket.send(&LobbyRequest::Start { room_id })>
                        "Start game"
                    </button>
                })}
                <button type="button" class="button button--ghost" on:click=leave>"Leave"</button>
            </div>
            <div class="chat" aria-label="Room chat">
                <ol class="chat__lines" tabindex="0" data-testid="room-chat" aria-live="polite">
                    {move || chat.get().into_iter().map(|line| view! {
                        <li><ChatLine username=line.username message=line.message blocked=line.blocked/></li>
                    }).collect_view()}
                </ol>
                <ChatForm id="room-message" max_length=LOBBY_CHAT_MAX draft on_send=send_chat/>
            </div>
        </section>
    }
}
