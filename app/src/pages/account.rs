//! The account pages, `/login`, `/register`, `/notifications` and `/settings`, and
//! their island: the log-in and sign-up forms, "Mark all read" and the settings,
//! one lazy island for all (see `components::community` for why islands are
//! grouped). The forms are in `auth`, `notifications` and `settings`.

use super::{
    auth::{LoginForm, RegisterForm},
    notifications::{Item, MarkAllRead},
    settings::Settings,
};
use crate::{
    components::{errors::Failure, islands::hydrating, pager::Pager},
    notifications::api::notifications,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Where to go after signing in: the `next` query parameter, if any.
fn next_path() -> String {
    use_query_map().read_untracked().get("next").unwrap_or_default()
}

#[component]
pub fn LoginPage() -> impl IntoView {
    view! {
        <Title text="Log in"/>
        <Account part=AccountPart::Login { next: next_path() }/>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    view! {
        <Title text="Create an account"/>
        <Account part=AccountPart::Register { next: next_path() }/>
    }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <Title text="Settings"/>
        <h1>"Settings"</h1>
        <Account part=AccountPart::Settings/>
    }
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let page =
        use_query_map().read_untracked().get("page").and_then(|p| p.parse().ok()).unwrap_or(1u32).max(1);
    let list = OnceResource::new(notifications(page));
    view! {
        <Title text="Notifications"/>
        <h1>"Notifications"</h1>
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading your notifications…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(page) => {
                        let unread = page.items.iter().any(|n| !n.read);
                        view! {
                            <Account part=AccountPart::MarkAllRead { unread }/>
                            {if page.items.is_empty() {
                                view! { <p class="muted">"Nothing yet: replies, comments on your puzzles and moderators' decisions will show here."</p> }.into_any()
                            } else {
                                view! {
                                    <ol class="notifications" data-testid="notifications">
                                        {page.items.clone().into_iter().map(|n| view! { <Item notification=n/> }).collect_view()}
                                    </ol>
                                }.into_any()
                            }}
                            <Pager page link=|n| format!("/notifications?page={n}") noun="notifications"/>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <Failure error why="Log in to see your notifications."/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// What the account island shows.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub enum AccountPart {
    /// The log-in form; the server function sends the user on to `next`.
    Login { next: String },
    /// The sign-up form, then on to `next`.
    Register { next: String },
    /// "Mark all read", enabled while some notification is unread.
    MarkAllRead { unread: bool },
    /// Every settings section, each saving in place.
    Settings,
}

#[island(lazy)]
fn Account(part: AccountPart) -> impl IntoView {
    hydrating();
    match part {
        AccountPart::Login { next } => view! { <LoginForm next/> }.into_any(),
        AccountPart::Register { next } => view! { <RegisterForm next/> }.into_any(),
        AccountPart::MarkAllRead { unread } => view! { <MarkAllRead unread/> }.into_any(),
        AccountPart::Settings => view! { <Settings/> }.into_any(),
    }
}
