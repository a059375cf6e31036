//! `/submissions/:id`: one submission's code, verdict and receipt, for its author
//! and moderators; an accepted one is a solution, which those who solved the
//! puzzle read too, with its votes and discussion.

use crate::{
    components::{
        community::{Community, CommunityPart},
        errors::Failure,
        verdict::Judged,
    },
    core::AppError,
    submissions::{TestResult, api::submission},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn SubmissionPage() -> impl IntoView {
    let id = use_params_map().read_untracked().get("id").unwrap_or_default();
    let data = OnceResource::new(async move {
        let id = id.parse().map_err(|_| AppError::not_found("Submission not found"))?;
        submission(id).await
    });
    view! {
        <Title text="Submission"/>
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => {
                        let solution = (view.result == Some(TestResult::Success)).then_some((view.puzzle_id, view.id));
                        view! {
                        <h1>"Submission to " <a href=format!("/puzzles/{}", view.puzzle_id)>{view.puzzle_title.clone()}</a></h1>
                        <p class="muted">
                            {format!("{} {} · {} characters · by ", view.language, view.language_version, view.code_length)}
                            <a href=format!("/profile/{}", view.username)>{view.username.clone()}</a>
                            {format!(" · {}", view.created_at.as_datetime().format("%Y-%m-%d %H:%M UTC"))}
                        </p>
                        <pre class="output code-listing" data-testid="submission-code">{view.code.clone().unwrap_or_default()}</pre>
                        <Judged view/>
                        {solution.map(|(puzzle, solution)| view! { <Community part=CommunityPart::Discussion { puzzle, solution }/> })}
                    }
                    .into_any()
                    }
                    Err(error) => view! { <Failure error/> }.into_any(),
                }
            })}
        </Transition>
    }
}
