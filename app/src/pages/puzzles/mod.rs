//! The puzzle pages: list, page, editor, the author's own list.

pub mod editor;
pub mod list;
pub mod mine;
pub mod play;
pub mod view;
pub mod workflow;

use crate::puzzles::{Difficulty, Page, PuzzleCard, Visibility};
use leptos::{either::Either, prelude::*};

#[component]
pub fn DifficultyBadge(difficulty: Difficulty) -> impl IntoView {
    view! { <span class=format!("badge badge--{}", difficulty.as_str())>{difficulty.label()}</span> }
}

#[component]
pub fn VisibilityBadge(visibility: Visibility) -> impl IntoView {
    view! { <span class=format!("badge badge--state badge--{}", visibility.as_str())>{visibility.label()}</span> }
}

/// A table of puzzles, or a message when there are none. `Either` rather than
/// `into_any()`: erasing the type copies every static string of the table into an
/// owned one, and the catalogue renders this on every request.
#[component]
pub fn PuzzleTable(cards: Vec<PuzzleCard>, #[prop(optional)] show_state: bool) -> impl IntoView {
    if cards.is_empty() {
        return Either::Left(view! { <p class="muted" data-testid="no-puzzles">"No puzzles match."</p> });
    }
    Either::Right(view! {
        <table class="puzzle-table" data-testid="puzzle-list">
            <thead>
                <tr>
                    <th scope="col">"Title"</th>
                    <th scope="col">"Difficulty"</th>
                    <th scope="col" class="hide-narrow">"Tags"</th>
                    <th scope="col" class="hide-narrow">"Author"</th>
                    <th scope="col" class="numeric">"Solved by"</th>
                    {show_state.then(|| view! { <th scope="col">"State"</th> })}
                </tr>
            </thead>
            <tbody>
                {cards
                    .into_iter()
                    .map(|card| view! {
                        <tr>
                            <td><a href=format!("/puzzles/{}", card.id)>{card.title}</a></td>
                            <td><DifficultyBadge difficulty=card.difficulty/></td>
                            <td class="hide-narrow tags">
                                {card.tags.iter().map(|t| view! { <span class="tag">{t.label()}</span> }).collect_view()}
                            </td>
                            <td class="hide-narrow"><a href=format!("/profile/{}", card.author_name)>{card.author_name.clone()}</a></td>
                            <td class="numeric">{card.solvers}</td>
                            {show_state.then(|| view! { <td><VisibilityBadge visibility=card.visibility/></td> })}
                        </tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
    })
}

/// "Page 2 of 5" with previous/next links built by `link(page)`.
#[component]
pub fn Pager<T: 'static>(page: Page<T>, link: impl Fn(u32) -> String + 'static) -> impl IntoView {
    let total = page.total_pages().max(1);
    let current = u64::from(page.page);
    view! {
        <nav class="pager" aria-label="Pages">
            {(current > 1).then(|| view! { <a href=link(page.page - 1) rel="prev">"Previous"</a> })}
            <span>{format!("Page {current} of {total} · {} puzzles", page.total_items)}</span>
            {(current < total).then(|| view! { <a href=link(page.page + 1) rel="next">"Next"</a> })}
        </nav>
    }
}
