//! `/puzzles/mine`: the signed-in author's puzzles in every state.

use crate::components::{pager::Pager, puzzle_table::PuzzleTable};
use crate::{components::errors::Failure, puzzles::api::my_puzzles};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn MyPuzzlesPage() -> impl IntoView {
    let query = use_query_map();
    let page = Memo::new(move |_| query.read().get("page").and_then(|p| p.parse().ok()).unwrap_or(1u32));
    let puzzles = Resource::new(move || page.get(), my_puzzles);
    view! {
        <Title text="My puzzles"/>
        <div class="section-head">
            <h1>"My puzzles"</h1>
            <a class="button button--primary" href="/puzzles/create">"Write a puzzle"</a>
        </div>
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match puzzles.await {
                    Ok(page) => view! {
                        <PuzzleTable cards=page.items.clone() show_state=true/>
                        <Pager page link=|n| format!("/puzzles/mine?page={n}")/>
                    }
                    .into_any(),
                    Err(error) => view! { <Failure error why="Log in to see your puzzles."/> }.into_any(),
                }
            })}
        </Transition>
    }
}
