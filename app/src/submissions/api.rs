//! Server functions of the submissions context.

use super::{RunReport, SubmissionSummary, SubmissionView};
use crate::{
    core::{AppError, Id},
    puzzles::Page,
};
use leptos::prelude::*;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use crate::{accounts::context, submissions::service};

/// Runs the code on the puzzle's examples.
#[server(endpoint = "submissions/run", input = Json)]
pub async fn run_code(puzzle: Id, language: Id, code: String) -> Result<RunReport, AppError> {
    let (state, user) = context::signed_in().await?;
    state.rate_limits.check_run(user.id)?;
    service::submitting::run_examples(
        &state.pool,
        state.runner.as_ref(),
        &user.viewer(),
        puzzle,
        language,
        &code,
    )
    .await
}

/// Submits the code for judging; poll [`submission`] for progress.
#[server(endpoint = "submissions/submit", input = Json)]
pub async fn submit_code(puzzle: Id, language: Id, code: String) -> Result<Id, AppError> {
    let (state, user) = context::signed_in().await?;
    state.rate_limits.check_submission(user.id)?;
    service::submitting::submit(&state.pool, &state.judge_queue, &user.viewer(), puzzle, language, &code)
        .await
}

#[server(endpoint = "submissions/get")]
pub async fn submission(id: Id) -> Result<SubmissionView, AppError> {
    let (state, user) = context::signed_in().await?;
    service::view(&state.pool, id, &user.viewer()).await
}

/// The signed-in user's submissions, newest first, for one puzzle or all.
#[server(endpoint = "submissions/mine")]
pub async fn my_submissions(puzzle: Option<Id>, page: u32) -> Result<Page<SubmissionSummary>, AppError> {
    let (state, user) = context::signed_in().await?;
    service::history(&state.pool, user.id, puzzle, page, 10).await
}
