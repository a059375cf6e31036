//! `/notifications`: the signed-in user's notifications, newest first. Opening one
//! (`/notifications/{id}/open`, a plain link) marks it read and leads to its target.
//! The page itself is in `account`, beside its island; here are its parts.

use crate::{
    components::islands::reload_after,
    notifications::{Notification, api::MarkAllNotificationsRead, rules},
};
use leptos::prelude::*;

/// Marks every notification read, then loads the page again to show it.
#[component]
pub fn MarkAllRead(unread: bool) -> impl IntoView {
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
pub fn Item(notification: Notification) -> impl IntoView {
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
