//! `/notifications`: the signed-in user's notifications, newest first. Opening one
//! (`/notifications/{id}/open`, a plain link) marks it read and leads to its target.

use crate::{
    components::{
        errors::Failure,
        islands::{hydrating, reload_after},
        pager::Pager,
    },
    notifications::{
        Notification,
        api::{MarkAllNotificationsRead, notifications},
        rules,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

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
                            <MarkAllRead unread/>
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

/// Marks every notification read, then loads the page again to show it.
#[island(lazy)]
fn MarkAllRead(unread: bool) -> impl IntoView {
    hydrating();
    let mark_all = ServerAction::<MarkAllNotificationsRead>::new();
    reload_after(mark_all);
    view! {
        <ActionForm action=mark_all attr:class="inline-form notifications__actions">
            <button type="submit" class="button button--ghost" disabled=!unread>
                "Mark all read"
            </button>
        </ActionForm>
    }
}

#[component]
fn Item(notification: Notification) -> impl IntoView {
    let Notification { id, kind, actor, puzzle_title, reason, read, created_at, .. } = notification;
    view! {
        <li id=format!("notification-{id}") class="notification" class:notification--unread=!read
            data-testid="notification" data-kind=kind.as_str()>
            // A plain link: the server marks it read and redirects to the target.
            <a href=format!("/notifications/{id}/open") rel="external" class="notification__link">
                {(!read).then(|| view! { <span class="notification__dot" aria-hidden="true"></span><span class="visually-hidden">"Unread: "</span> })}
                {actor.map(|name| view! { <strong>{name}</strong>" " })}
                {rules::headline(kind)}
                {puzzle_title.map(|title| view! { ": " <em>{title}</em> })}
            </a>
            {reason.map(|reason| view! { <p class="notification__reason">{reason}</p> })}
            <time datetime=created_at.to_string()>
                {created_at.as_datetime().format("%Y-%m-%d %H:%M UTC").to_string()}
            </time>
        </li>
    }
}
