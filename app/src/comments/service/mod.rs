//! Comment rules that need the database: the only place with SQL about comments
//! and their votes.

pub mod documents;
pub mod reading;
pub mod votes;
pub mod writing;

use crate::{
    accounts::Caller,
    core::{AppError, AppResult, Id},
    puzzles::{
        service::{PuzzleRow, load, not_found as puzzle_not_found},
        workflow,
    },
};
use sqlx::PgPool;

pub fn not_found() -> AppError {
    AppError::not_found("Comment not found")
}

/// A puzzle the caller may see, whose discussion they may then read and join.
async fn visible_puzzle(pool: &PgPool, caller: &Caller, id: Id) -> AppResult<PuzzleRow> {
    let puzzle = load(pool, id).await?;
    if workflow::may_view(puzzle.visibility, puzzle.standing_of(caller)) {
        Ok(puzzle)
    } else {
        Err(puzzle_not_found())
    }
}
