//! Puzzles in a table, with their difficulty and state as badges.

use crate::puzzles::{Calibrated, Difficulty, PuzzleCard, Visibility};
use leptos::{either::Either, prelude::*};

#[component]
pub fn DifficultyBadge(difficulty: Difficulty) -> impl IntoView {
    view! { <span class=format!("badge badge--{}", difficulty.as_str())>{difficulty.label()}</span> }
}

/// The calibrated difficulty next to the author's label: the puzzle's solo rating,
/// "?" while provisional, or a dash before its first match.
#[component]
pub fn CalibratedBadge(calibrated: Option<Calibrated>) -> impl IntoView {
    match calibrated {
        Some(c) => Either::Left(view! {
            <span class="badge badge--calibrated" data-testid="calibrated" title=format!("Calibrated difficulty {:.0} ± {:.0}", c.rating, c.deviation)>
                {format!("{:.0}", c.rating)}
                {c.provisional().then_some("?")}
            </span>
        }),
        None => Either::Right(view! { <span class="muted" title="Not calibrated yet">"–"</span> }),
    }
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
        // On a phone a wide table scrolls inside its frame, not the page.
        <div class="table-scroll" tabindex="0" role="region" aria-label="Puzzles">
            <table class="puzzle-table" data-testid="puzzle-list">
                <thead>
                    <tr>
                        <th scope="col">"Title"</th>
                        <th scope="col">"Difficulty"</th>
                        <th scope="col" class="numeric"><abbr title="Calibrated difficulty: the puzzle's Glicko-2 rating against its solvers">"Rating"</abbr></th>
                        <th scope="col" class="hide-narrow">"Tags"</th>
                        <th scope="col" class="hide-narrow">"Author"</th>
                        <th scope="col" class="numeric">"Solved by"</th>
                        {show_state.then(|| view! { <th scope="col">"State"</th> })}
                    </tr>
                </thead>
                <tbody>
                    {cards
                        .into_iter()
                        .map(|card| (card.calibrated(), card))
                        .map(|(calibrated, card)| view! {
                            <tr>
                                <td><a href=format!("/puzzles/{}", card.id)>{card.title}</a></td>
                                <td><DifficultyBadge difficulty=card.difficulty/></td>
                                <td class="numeric"><CalibratedBadge calibrated/></td>
                                <td class="hide-narrow">
                                    <span class="tags">
                                        {card.tags.iter().map(|t| view! { <span class="tag">{t.label()}</span> }).collect_view()}
                                    </span>
                                </td>
                                <td class="hide-narrow"><a href=format!("/profile/{}", card.author_name)>{card.author_name.clone()}</a></td>
                                <td class="numeric">{card.solvers}</td>
                                {show_state.then(|| view! { <td><VisibilityBadge visibility=card.visibility/></td> })}
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    })
}
