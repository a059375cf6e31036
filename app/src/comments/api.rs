//! Server functions of the comments context. Each works from a plain form post too
//! (a checkbox sends `spoiler=on` only when ticked).

use super::{CommentSort, Discussion, SolutionSort, Solutions, ThreadView, VoteKind, Votes};
use crate::core::{AppError, Id};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{accounts::context::caller, comments::service};

#[cfg(feature = "ssr")]
fn parse_id(id: &str) -> Result<Id, AppError> {
    id.parse().map_err(|_| service::not_found())
}

#[server(endpoint = "comments/discussion")]
pub async fn puzzle_discussion(puzzle: String, sort: CommentSort, page: u32) -> Result<Discussion, AppError> {
    let (state, caller) = caller().await?;
    let puzzle = puzzle.parse().map_err(|_| crate::puzzles::service::not_found())?;
    service::reading::discussion(&state.pool, &caller, puzzle, sort, page).await
}

#[server(endpoint = "comments/thread")]
pub async fn comment_thread(id: String) -> Result<ThreadView, AppError> {
    let (state, caller) = caller().await?;
    service::reading::thread(&state.pool, &caller, parse_id(&id)?).await
}

/// A comment on a puzzle, or on one of its solutions.
#[server(endpoint = "comments/post")]
pub async fn post_comment(
    puzzle: Id,
    solution: Option<Id>,
    text: String,
    spoiler: Option<String>,
) -> Result<Id, AppError> {
    let (state, caller) = caller().await?;
    service::writing::post(&state, &caller, puzzle, solution, &text, spoiler.is_some()).await
}

#[server(endpoint = "comments/reply")]
pub async fn reply_to_comment(parent: Id, text: String, spoiler: Option<String>) -> Result<Id, AppError> {
    let (state, caller) = caller().await?;
    service::writing::reply(&state, &caller, parent, &text, spoiler.is_some()).await
}

#[server(endpoint = "comments/edit")]
pub async fn edit_comment(id: Id, text: String, spoiler: Option<String>) -> Result<(), AppError> {
    let (state, caller) = caller().await?;
    service::writing::edit(&state.pool, &caller, id, &text, spoiler.is_some()).await
}

#[server(endpoint = "comments/delete")]
pub async fn delete_comment(id: Id) -> Result<(), AppError> {
    let (state, caller) = caller().await?;
    service::writing::delete(&state.pool, &caller, id).await
}

#[server(endpoint = "comments/vote")]
pub async fn vote_comment(id: Id, kind: VoteKind) -> Result<Votes, AppError> {
    let (state, caller) = caller().await?;
    service::votes::vote(&state, &caller, id, kind).await
}

/// A spoiler's text, when a reader who has not solved the puzzle asks for it.
#[server(endpoint = "comments/reveal")]
pub async fn reveal_spoiler(id: Id) -> Result<String, AppError> {
    let (state, caller) = caller().await?;
    service::reading::reveal(&state.pool, &caller, id).await
}

/// A puzzle's solutions, for readers who solved it.
#[server(endpoint = "comments/solutions")]
pub async fn puzzle_solutions(puzzle: String, sort: SolutionSort, page: u32) -> Result<Solutions, AppError> {
    let (state, caller) = caller().await?;
    let puzzle = puzzle.parse().map_err(|_| crate::puzzles::service::not_found())?;
    service::solutions::list(&state.pool, &caller, puzzle, sort, page).await
}

/// The discussion of one solution, with its votes.
#[server(endpoint = "comments/solution-discussion")]
pub async fn solution_discussion(solution: Id, sort: CommentSort, page: u32) -> Result<Discussion, AppError> {
    let (state, caller) = caller().await?;
    service::reading::solution_discussion(&state.pool, &caller, solution, sort, page).await
}

#[server(endpoint = "comments/vote-solution")]
pub async fn vote_solution(id: Id, kind: VoteKind) -> Result<Votes, AppError> {
    let (state, caller) = caller().await?;
    service::votes::vote_solution(&state, &caller, id, kind).await
}
