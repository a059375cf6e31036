//! `/moderation/review`: the queue, oldest first; `/moderation/review/:id`: one
//! puzzle with every test, its solution (run on demand), its history and the two
//! decisions. Keys: Alt+A approves, Alt+R requests changes, Alt+N opens the next.

use super::{DeskNav, LOADING, empty_note, page_param, when};
use crate::{
    components::{
        errors::Failure,
        islands::{hydrating, reload_after},
        pager::Pager,
        puzzle_table::DifficultyBadge,
    },
    core::Id,
    moderation::{
        ReviewView, SolutionRun, Verdict,
        api::{DecideReview, RunSolution, review, review_queue},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    let page = page_param();
    let queue = Resource::new(move || page.get(), review_queue);
    view! {
        <Title text="Review queue"/>
        <h1>"Review queue"</h1>
        <DeskNav/>
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">{LOADING}</p> }>
            {move || Suspend::new(async move {
                match queue.await {
                    Ok(page) => view! {
                        {empty_note(&page, "No puzzle waits for review.")}
                        <ol class="desk-list" data-testid="review-queue">
                            {page.items.iter().map(|p| view! {
                                <li>
                                    <a href=format!("/moderation/review/{}", p.id)>{p.title.clone()}</a>
                                    <span class="muted">{format!(" by {} · waiting since {}", p.author_name, when(p.waiting_since))}</span>
                                </li>
                            }).collect_view()}
                        </ol>
                        <Pager page=page.clone() noun="puzzles" link=|n| format!("/moderation/review?page={n}")/>
                    }
                    .into_any(),
                    Err(error) => view! { <Failure error/> }.into_any(),
                }
            })}
        </Transition>
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
            <Solution id code=puzzle.solution_code.clone() language=puzzle.solution_language.clone()/>
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
            {waiting.then(|| view! { <Decision id/> })}
        </article>
    }
}

/// The two decisions; the page loads again with the outcome.
#[island(lazy)]
fn Decision(id: Id) -> impl IntoView {
    hydrating();
    let decide = ServerAction::<DecideReview>::new();
    reload_after(decide);
    let error = move || decide.value().get().and_then(Result::err).map(|e| e.to_string());
    view! {
        <section class="panel" aria-labelledby="decision-title">
            <h2 id="decision-title">"Decision"</h2>
            <ActionForm action=decide attr:class="workflow__move">
                <input type="hidden" name="id" value=id.to_string()/>
                <input type="hidden" name="verdict" value="approve"/>
                <button type="submit" class="button button--primary" accesskey="a" disabled=move || decide.pending().get()>"Approve"</button>
            </ActionForm>
            <ActionForm action=decide attr:class="workflow__move">
                <input type="hidden" name="id" value=id.to_string()/>
                <input type="hidden" name="verdict" value=verdict_value(Verdict::RequestChanges)/>
                <label class="field">
                    <span>"What should change?"</span>
                    <textarea name="feedback" rows="3" minlength="10" maxlength="500" required accesskey="r"></textarea>
                </label>
                <button type="submit" class="button" disabled=move || decide.pending().get()>"Request changes"</button>
            </ActionForm>
            <p class="form-error" role="alert" hidden=move || error().is_none()>{error}</p>
        </section>
    }
}

fn verdict_value(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Approve => "approve",
        Verdict::RequestChanges => "request_changes",
    }
}

/// The author's solution, and its verdict on every test when the moderator runs it.
#[island(lazy)]
fn Solution(id: Id, code: String, language: Option<String>) -> impl IntoView {
    hydrating();
    let run = ServerAction::<RunSolution>::new();
    view! {
        <section aria-labelledby="solution-title">
            <h2 id="solution-title">"Author's solution"</h2>
            <p class="muted">{language.unwrap_or_else(|| "No language chosen".into())}</p>
            <pre class="code-listing">{code}</pre>
            <ActionForm action=run attr:class="inline-form">
                <input type="hidden" name="id" value=id.to_string()/>
                <button type="submit" class="button" disabled=move || run.pending().get()>"Run the solution on every test"</button>
            </ActionForm>
            {move || run.pending().get().then(|| view! { <p class="muted" role="status">"Running…"</p> })}
            {move || run.value().get().map(|outcome| match outcome {
                Ok(outcome) => view! { <Verdicts outcome/> }.into_any(),
                Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any(),
            })}
        </section>
    }
}

#[component]
fn Verdicts(outcome: SolutionRun) -> impl IntoView {
    view! {
        {outcome.compile_error.map(|e| view! { <pre class="output output--error">{e}</pre> })}
        <ol class="desk-list" data-testid="solution-verdicts">
            {outcome.tests.into_iter().enumerate().map(|(index, test)| view! {
                <li class=if test.passed { "pass" } else { "fail" }>
                    {format!(
                        "Test {} ({}): {}",
                        index + 1,
                        if test.is_public { "public" } else { "hidden" },
                        if test.passed { "passed" } else { "failed" },
                    )}
                    {(!test.passed).then(|| view! { <pre class="output">{test.output}</pre> })}
                </li>
            }).collect_view()}
        </ol>
    }
}
