//! `/moderation/review`: the queue, oldest first; `/moderation/review/:id`: one
//! puzzle with every test, its solution (run on demand), its history and the two
//! decisions. Keys: Alt+A approves, Alt+R requests changes, Alt+N opens the next.
//! The puzzle's page is in `decisions`, beside its island; here are its parts.

use super::{DeskNav, LOADING, empty_note, page_param, when};
use crate::{
    components::{errors::Failure, islands::reload_after, pager::Pager},
    core::Id,
    moderation::{
        SolutionRun, Verdict,
        api::{DecideReview, RunSolution, review_queue},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;

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

/// The two decisions; the page loads again with the outcome.
#[component]
pub fn Decision(id: Id) -> impl IntoView {
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
#[component]
pub fn Solution(id: Id, code: String, language: Option<String>) -> impl IntoView {
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
