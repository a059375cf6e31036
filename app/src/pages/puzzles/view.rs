//! `/puzzles/:id`: statement, examples, statistics, and the author's and moderators'
//! workflow actions.

use super::editor::{Authoring, AuthoringPart};
use crate::components::{
    community::{Community, CommunityPart, ReportUnlessOwn},
    puzzle_table::{CalibratedBadge, DifficultyBadge, VisibilityBadge},
};
use crate::{
    components::{errors::Failure, test_data::TestData},
    moderation::ProblemType,
    puzzles::{PuzzleView, Visibility, api::puzzle},
};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

#[component]
pub fn PuzzlePage() -> impl IntoView {
    let data = OnceResource::new(puzzle(use_params_map().read_untracked().get("id").unwrap_or_default()));
    view! {
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading puzzle…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <Puzzle puzzle=view/> }.into_any(),
                    Err(error) => view! { <Failure error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Puzzle(puzzle: PuzzleView) -> impl IntoView {
    let id = puzzle.id;
    let playable = puzzle.visibility == Visibility::Approved;
    view! {
        <Title text=puzzle.title.clone()/>
        <Meta name="description" content=format!("{} — a {} programming puzzle on CodinCod", puzzle.title, puzzle.difficulty.label().to_lowercase())/>
        <article class="puzzle">
            <header class="puzzle__head">
                <div>
                    <h1>{puzzle.title.clone()}</h1>
                    <p class="puzzle__meta">
                        <DifficultyBadge difficulty=puzzle.difficulty/>
                        " " <span class="visually-hidden">"Calibrated difficulty: "</span>
                        <CalibratedBadge calibrated=puzzle.calibrated/>
                        {(puzzle.visibility != Visibility::Approved).then(|| view! { <VisibilityBadge visibility=puzzle.visibility/> })}
                        " by " <a href=format!("/profile/{}", puzzle.author.username)>{puzzle.author.username.clone()}</a>
                    </p>
                    <p class="tags">{puzzle.tags.iter().map(|t| view! { <span class="tag">{t.label()}</span> }).collect_view()}</p>
                </div>
                <div class="puzzle__actions">
                    {playable.then(|| view! { <a class="button button--primary button--large" href=format!("/puzzles/{id}/play")>"Solve"</a> })}
                    {puzzle.can_edit.then(|| view! { <a class="button button--ghost" href=format!("/puzzles/{id}/edit")>"Edit"</a> })}
                    <ReportUnlessOwn problem=ProblemType::Puzzle target=id owner=puzzle.author.id/>
                </div>
            </header>
            {(puzzle.visibility == Visibility::Review).then(|| view! {
                <p class="notice">"This puzzle is being reviewed: it is a work in progress, and feedback is welcome."</p>
            })}
            {puzzle.moderation_feedback.clone().map(|feedback| view! {
                <div class="notice notice--warning" role="note">
                    <strong>"Moderator feedback: "</strong>{feedback}
                </div>
            })}
            <section class="statement markdown" inner_html=puzzle.statement_html.clone()></section>
            {puzzle.constraints_html.clone().map(|html| view! {
                <section aria-labelledby="constraints-title">
                    <h2 id="constraints-title">"Constraints"</h2>
                    <div class="markdown" inner_html=html></div>
                </section>
            })}
            <Examples puzzle=puzzle.clone()/>
            <section class="puzzle__stats" aria-label="Statistics">
                <dl>
                    <div><dt>"Attempts"</dt><dd>{puzzle.stats.attempts}</dd></div>
                    <div><dt>"Solved by"</dt><dd>{puzzle.stats.solvers}</dd></div>
                    <div><dt>"Success rate"</dt><dd>{puzzle.stats.success_rate().unwrap_or_else(|| "–".into())}</dd></div>
                    <div><dt>"Average run time"</dt><dd>{puzzle.stats.average_run_time().unwrap_or_else(|| "–".into())}</dd></div>
                </dl>
            </section>
            // The publishing panel's island loads only for those who can use it.
            {(!puzzle.moves.is_empty() || puzzle.can_delete).then(|| view! {
                <Authoring part=AuthoringPart::Workflow {
                    id: puzzle.id,
                    visibility: puzzle.visibility,
                    moves: puzzle.moves.clone(),
                    can_delete: puzzle.can_delete,
                }/>
            })}
        </article>
        <Community part=CommunityPart::Tabs { puzzle: id }/>
    }
}

#[component]
fn Examples(puzzle: PuzzleView) -> impl IntoView {
    let insider = puzzle.can_edit;
    view! {
        <section aria-labelledby="examples-title">
            <h2 id="examples-title">{if insider { "Tests" } else { "Examples" }}</h2>
            <ol class="examples">
                {puzzle.tests.into_iter().enumerate().map(|(index, test)| view! {
                    <li class="example" data-testid="example">
                        <h3>
                            {format!("{} {}", if test.is_public { "Example" } else { "Hidden test" }, index + 1)}
                        </h3>
                        <TestData input=test.input output=test.output/>
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}
