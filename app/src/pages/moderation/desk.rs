//! `/moderation`: what waits in each queue.

use super::{DeskNav, LOADING, counted};
use crate::{components::errors::Failure, moderation::api::desk_summary};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DeskPage() -> impl IntoView {
    let counts = Resource::new(|| (), |_| desk_summary());
    view! {
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">{LOADING}</p> }>
            {move || Suspend::new(async move {
                match counts.await {
                    Ok(counts) => view! {
                        <Title text="Moderation"/>
                        <h1>"Moderation"</h1>
                        <DeskNav/>
                        <ul class="desk-queues">
                            <li><a href="/moderation/review">{counted(counts.reviews, "puzzle waiting for review", "puzzles waiting for review")}</a></li>
                            <li><a href="/moderation/reports">{counted(counts.reports, "reported item waiting for a decision", "reported items waiting for a decision")}</a></li>
                            <li><a href="/moderation/users">{counted(counts.bans, "user banned now", "users banned now")}</a></li>
                            <li><a href="/moderation/audit">"The audit log"</a></li>
                        </ul>
                    }
                    .into_any(),
                    Err(error) => view! { <Failure error/> }.into_any(),
                }
            })}
        </Transition>
    }
}
