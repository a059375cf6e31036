//! The moderators' desk, `/moderation/...`. Every page answers 404 to everyone but
//! moderators (the server functions say "not found").

pub mod audit;
pub mod decisions;
pub mod desk;
pub mod reports;
pub mod review;
pub mod users;

use crate::core::Page;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

/// The ban durations a moderator picks from, as the form field `penalty`.
#[component]
fn BanLength(label: &'static str) -> impl IntoView {
    view! {
        <label class="field field--inline">
            <span>{label}</span>
            <select name="penalty">
                <option value="1">"1 day"</option>
                <option value="3">"3 days"</option>
                <option value="7">"7 days"</option>
                <option value="30">"30 days"</option>
                <option value="permanent">"Permanent"</option>
            </select>
        </label>
    }
}

/// The desk's sections, above each desk page.
#[component]
fn DeskNav() -> impl IntoView {
    view! {
        <nav class="desk-nav" aria-label="Moderation">
            <A href="/moderation" exact=true>"Desk"</A>
            <A href="/moderation/review">"Review queue"</A>
            <A href="/moderation/reports">"Reports"</A>
            <A href="/moderation/users">"Users"</A>
            <A href="/moderation/audit">"Audit log"</A>
        </nav>
    }
}

/// `n` with the noun in the singular or plural.
fn counted(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The `page` query parameter, from 1.
fn page_param() -> Memo<u32> {
    let query = use_query_map();
    Memo::new(move |_| query.read().get("page").and_then(|p| p.parse().ok()).unwrap_or(1u32))
}

/// "Nothing waits here" for an empty page.
fn empty_note<T>(page: &Page<T>, text: &'static str) -> Option<impl IntoView + use<T>> {
    page.items.is_empty().then(|| view! { <p class="muted">{text}</p> })
}

/// Dates as the desk shows them: `2026-12-01 14:05 UTC`.
fn when(at: crate::core::Timestamp) -> String {
    at.as_datetime().format("%Y-%m-%d %H:%M UTC").to_string()
}

const LOADING: &str = "Loading…";
