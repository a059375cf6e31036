//! The desk pages where moderators decide, `/moderation/reports`,
//! `/moderation/users/:username` and `/moderation/review/:id`, and their island: the
//! report cases, a user's file, the review decision and the solution run, one lazy
//! island for all (see `components::community` for why islands are grouped). The
//! parts are in `reports`, `users` and `review`.

use super::{
    DeskNav, LOADING, page_param,
    reports::Cases,
    review::{Decision, Solution},
    users::Desk,
    when,
};
use crate::{
    components::{errors::Failure, islands::hydrating, puzzle_table::DifficultyBadge},
    core::Id,
    moderation::{ReviewView, api::review},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ReportsPage() -> impl IntoView {
    view! {
        <Title text="Reports"/>
        <h1>"Reports"</h1>
        <DeskNav/>
        <Moderation part=ModerationPart::Cases { page: page_param().get_untracked() }/>
    }
}

#[component]
pub fn UserFilePage() -> impl IntoView {
    view! {
        <DeskNav/>
        <Moderation part=ModerationPart::Desk { username: use_params_map().read_untracked().get("username").unwrap_or_default() }/>
    }
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let data = OnceResource::new(review(use_params_map().read_untracked().get("id").unwrap_or_default()));
    view! {
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">{LOADING}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <Review puzzle=view/> }.into_any(),
                    Err(error) => view! { <Failure error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Review(puzzle: ReviewView) -> impl IntoView {
    let id = puzzle.id;
    let waiting = puzzle.visibility == crate::puzzles::Visibility::Review;
    view! {
        <Title text=format!("Review: {}", puzzle.title)/>
        <DeskNav/>
        <article class="puzzle review">
            <header class="puzzle__head">
                <div>
                    <h1>{puzzle.title.clone()}</h1>
                    <p class="puzzle__meta">
                        <DifficultyBadge difficulty=puzzle.difficulty/>
                        " by " <a href=format!("/profile/{}", puzzle.author_name)>{puzzle.author_name.clone()}</a>
                        {format!(" · {}", puzzle.visibility.label())}
                    </p>
                </div>
                {puzzle.next.map(|next| view! {
                    <a class="button button--ghost" href=format!("/moderation/review/{next}") accesskey="n">"Next in queue"</a>
                })}
            </header>
            <section class="statement markdown" inner_html=puzzle.statement_html.clone()></section>
            {puzzle.constraints_html.clone().map(|html| view! {
                <section aria-labelledby="constraints-title">
                    <h2 id="constraints-title">"Constraints"</h2>
                    <div class="markdown" inner_html=html></div>
                </section>
            })}
            <section aria-labelledby="tests-title">
                <h2 id="tests-title">"Tests"</h2>
                <ol class="examples">
                    {puzzle.tests.iter().enumerate().map(|(index, test)| view! {
                        <li class="example" data-testid="review-test">
                            <h3>{format!("{} {}", if test.is_public { "Example" } else { "Hidden test" }, index + 1)}</h3>
                            <div class="example__io">
                                <div><h4>"Input"</h4><pre>{test.input.clone()}</pre></div>
                                <div><h4>"Expected output"</h4><pre>{test.output.clone()}</pre></div>
                            </div>
                        </li>
                    }).collect_view()}
                </ol>
            </section>
            <Moderation part=ModerationPart::Solution {
                id,
                code: puzzle.solution_code.clone(),
                language: puzzle.solution_language.clone(),
            }/>
            <section aria-labelledby="history-title">
                <h2 id="history-title">"Earlier reviews"</h2>
                {puzzle.history.is_empty().then(|| view! { <p class="muted">"None yet."</p> })}
                <ul class="desk-list">
                    {puzzle.history.iter().map(|r| view! {
                        <li>
                            <strong>{r.outcome.clone()}</strong>
                            {format!(" by {} on {}", r.reviewer.clone().unwrap_or_else(|| "a former moderator".into()), when(r.at))}
                            {r.feedback.clone().map(|f| view! { <blockquote>{f}</blockquote> })}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
            {waiting.then(|| view! { <Moderation part=ModerationPart::Decision { id }/> })}
        </article>
    }
}

/// What the moderation island shows.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub enum ModerationPart {
    /// A page of report cases.
    Cases { page: u32 },
    /// A user's file, with bans and unbans.
    Desk { username: String },
    /// A review's two decisions.
    Decision { id: Id },
    /// The author's solution, run on demand.
    Solution { id: Id, code: String, language: Option<String> },
}

#[island(lazy)]
fn Moderation(part: ModerationPart) -> impl IntoView {
    hydrating();
    match part {
        ModerationPart::Cases { page } => view! { <Cases page/> }.into_any(),
        ModerationPart::Desk { username } => view! { <Desk username/> }.into_any(),
        ModerationPart::Decision { id } => view! { <Decision id/> }.into_any(),
        ModerationPart::Solution { id, code, language } => view! { <Solution id code language/> }.into_any(),
    }
}
