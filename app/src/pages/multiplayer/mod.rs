//! The multiplayer pages, live over the same websockets as the legacy frontend: the
//! lobby and a game, one lazy island for both (see `components::community` for why
//! islands are grouped).

pub mod game;
pub mod lobby;

use crate::{
    accounts::User,
    components::{code_editor::EditorScript, islands::hydrating, session::SignedIn},
};
use game::Game;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use lobby::Lobby;

#[component]
pub fn LobbyPage() -> impl IntoView {
    view! {
        <Title text="Multiplayer"/>
        <h1>"Multiplayer"</h1>
        <SignedIn
            why="Log in to play against others."
            signed_in=|user| view! { <Multiplayer part=MultiplayerPart::Lobby(user)/> }
        />
    }
}

#[component]
pub fn GamePage() -> impl IntoView {
    let id = use_params_map().read_untracked().get("id").unwrap_or_default();
    view! {
        <Title text="Game"/>
        <EditorScript/>
        <SignedIn
            why="Log in to play against others."
            signed_in=move |user| view! { <Multiplayer part=MultiplayerPart::Game { id: id.clone(), user }/> }
        />
    }
}

/// What the multiplayer island shows, for the signed-in user.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub enum MultiplayerPart {
    Lobby(User),
    Game { id: String, user: User },
}

#[island(lazy)]
fn Multiplayer(part: MultiplayerPart) -> impl IntoView {
    hydrating();
    match part {
        MultiplayerPart::Lobby(user) => view! { <Lobby user/> }.into_any(),
        MultiplayerPart::Game { id, user } => view! { <Game id user/> }.into_any(),
    }
}
