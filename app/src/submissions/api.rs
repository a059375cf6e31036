//! Server functions of the submissions context.

use super::{Playground, RunReport, SubmissionSummary, SubmissionView};
use crate::core::{AppError, Id, Page};
use leptos::prelude::*;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use crate::{accounts::context::caller, submissions::service};

/// Runs the code on the puzzle's examples.
#[server(endpoint = "submissions/run", input = Json)]
pub async fn run_code(puzzle: Id, language: Id, code: String) -> Result<RunReport, AppError> {
    let (state, caller) = caller().await?;
    service::submitting::run_examples(&state, &caller, puzzle, language, &code).await
}

/// Submits the code for judging; poll [`submission`] for progress.
#[server(endpoint = "submissions/submit", input = Json)]
pub async fn submit_code(puzzle: Id, language: Id, code: String) -> Result<Id, AppError> {
    let (state, caller) = caller().await?;
    service::submitting::submit(&state, &caller, puzzle, language, &code).await
}

#[server(endpoint = "submissions/get")]
pub async fn submission(id: Id) -> Result<SubmissionView, AppError> {
    let (state, caller) = caller().await?;
    service::view(&state.pool, &caller, id).await
}

/// The signed-in user's submissions, newest first, for one puzzle or all.
#[server(endpoint = "submissions/mine")]
pub async fn my_submissions(puzzle: Option<Id>, page: u32) -> Result<Page<SubmissionSummary>, AppError> {
    let (state, caller) = caller().await?;
    service::history(&state.pool, &caller, puzzle, page, 10).await
}

#[server(endpoint = "submissions/play")]
pub async fn play_data(puzzle: String) -> Result<Playground, AppError> {
    let (state, caller) = caller().await?;
    service::submitting::playground(&state.pool, &caller, &puzzle).await
}
