//! Comment rules that need the database: the only place with SQL about comments
//! and their votes.

pub mod documents;
pub mod reading;
pub mod solutions;
pub mod votes;
pub mod writing;

use crate::{
    accounts::Caller,
    comments::Locked,
    core::{AppError, AppResult, Id},
    puzzles::{
        service::{PuzzleRow, load, not_found as puzzle_not_found},
        workflow,
    },
    submissions::service::solved,
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

/// Why the caller may not read the solutions of `puzzle`, if they may not: only
/// those who solved it (and moderators) do.
async fn solutions_locked(pool: &PgPool, caller: &Caller, puzzle: &PuzzleRow) -> AppResult<Option<Locked>> {
    Ok(match caller.signed_in() {
        None => Some(Locked::SignedOut),
        Some(user) if user.is_moderator() || solved(pool, puzzle.id, user.id).await? => None,
        Some(_) => Some(Locked::Unsolved),
    })
}

/// The puzzle of an accepted submission whose code and discussion the caller may
/// read. A submission that was not accepted is not a solution: not found.
async fn readable_solution(pool: &PgPool, caller: &Caller, id: Id) -> AppResult<PuzzleRow> {
    let puzzle = sqlx::query_scalar!(
        r#"SELECT puzzle_id AS "puzzle_id: Id" FROM submissions WHERE id = $1 AND result = 'success'"#,
        id as Id
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| AppError::not_found("Solution not found"))?;
    let puzzle = visible_puzzle(pool, caller, puzzle).await?;
    match solutions_locked(pool, caller, &puzzle).await? {
        None => Ok(puzzle),
        Some(locked) => Err(AppError::Forbidden(locked.reason().into())),
    }
}

/// The puzzle of a comment's discussion, when the caller may read it: the
/// puzzle's own discussion, or one of its solutions'.
async fn readable_subject(
    pool: &PgPool,
    caller: &Caller,
    puzzle: Option<Id>,
    solution: Option<Id>,
) -> AppResult<PuzzleRow> {
    match (puzzle, solution) {
        (Some(puzzle), _) => visible_puzzle(pool, caller, puzzle).await,
        (None, Some(solution)) => readable_solution(pool, caller, solution).await,
        (None, None) => Err(not_found()),
    }
}
