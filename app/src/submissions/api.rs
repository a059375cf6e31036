//! Server functions of the submissions context.

use super::{RunReport, SubmissionSummary, SubmissionView};
use crate::{
    accounts::EditorSettings,
    core::{AppError, Id},
    languages::Language,
    puzzles::{Page, PuzzleView},
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
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

/// What the play page needs: the puzzle, the languages and the player's editor setup.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Playground {
    pub puzzle: PuzzleView,
    pub languages: Vec<Language>,
    pub editor: EditorSettings,
    pub preferred_language: Option<String>,
    pub signed_in: bool,
}

#[server(endpoint = "submissions/play")]
pub async fn play_data(puzzle: String) -> Result<Playground, AppError> {
    let (state, viewer) = context::viewer().await?;
    let id = puzzle.parse().map_err(|_| AppError::not_found("Puzzle not found"))?;
    let puzzle = crate::puzzles::service::reading::view(&state.pool, id, viewer.as_ref()).await?;
    let preferences = match &viewer {
        Some(viewer) => crate::accounts::service::preferences::get(&state.pool, viewer.id).await?,
        None => None,
    };
    Ok(Playground {
        puzzle,
        languages: crate::languages::service::active(&state.pool).await?,
        editor: preferences.as_ref().and_then(|p| p.editor.clone()).unwrap_or_default(),
        preferred_language: preferences.and_then(|p| p.preferred_language),
        signed_in: viewer.is_some(),
    })
}
