//! One puzzle, as the caller may see it.

use super::{PuzzleRow, Tests, load, not_found, tests_of};
use crate::{
    accounts::Caller,
    core::{AppError, AppResult, Id},
    puzzles::{
        Author, Calibrated, EditorData, PuzzleDraft, PuzzleStats, PuzzleView, Test, TestDraft, markdown,
        workflow,
    },
};
use sqlx::PgPool;

/// The puzzle page. Puzzles the caller may not see are "not found", so their
/// existence does not leak; hidden tests reach only the author and moderators.
pub async fn view(pool: &PgPool, caller: &Caller, id: Id) -> AppResult<PuzzleView> {
    let (row, tests) = visible(pool, caller, id).await?;
    let standing = row.standing_of(caller);
    let insider = standing.is_author || standing.is_moderator;
    Ok(PuzzleView {
        id: row.id,
        statement_html: markdown::to_safe_html(row.statement.as_deref().unwrap_or_default()),
        constraints_html: row.constraints.as_deref().map(markdown::to_safe_html),
        difficulty: row.difficulty,
        visibility: row.visibility,
        tags: row.tags.clone(),
        author: Author { id: row.author_id, username: row.author_name.clone() },
        tests,
        stats: stats(pool, id).await?,
        calibrated: calibrated(pool, id).await?,
        moderation_feedback: row.moderation_feedback.clone().filter(|_| insider),
        moves: workflow::moves(row.visibility, standing),
        can_edit: workflow::may_edit(row.visibility, standing),
        can_delete: workflow::may_delete(row.visibility, standing).is_ok(),
        created_at: row.created_at,
        updated_at: row.updated_at,
        title: row.title,
    })
}

/// A puzzle and the tests the caller may see; "not found" when the caller may not
/// see the puzzle at all.
pub(crate) async fn visible(pool: &PgPool, caller: &Caller, id: Id) -> AppResult<(PuzzleRow, Vec<Test>)> {
    let row = load(pool, id).await?;
    let standing = row.standing_of(caller);
    if !workflow::may_view(row.visibility, standing) {
        return Err(not_found());
    }
    let mut tests = tests_of(pool, id).await?;
    if !(standing.is_author || standing.is_moderator) {
        tests.retain(|v| v.is_public);
    }
    Ok((row, tests))
}

pub async fn stats(pool: &PgPool, id: Id) -> AppResult<PuzzleStats> {
    Ok(sqlx::query_as!(
        PuzzleStats,
        "SELECT attempts, successes, solvers, total_run_time_ms FROM puzzle_metrics WHERE puzzle_id = $1",
        id as Id
    )
    .fetch_optional(pool)
    .await?
    .unwrap_or_default())
}

/// The puzzle's rating in the solo pool, once it has one.
async fn calibrated(pool: &PgPool, id: Id) -> AppResult<Option<Calibrated>> {
    Ok(sqlx::query_as!(
        Calibrated,
        "SELECT rating, deviation FROM puzzle_ratings WHERE puzzle_id = $1",
        id as Id
    )
    .fetch_optional(pool)
    .await?)
}

/// The editor, for the author and moderators (content changes are checked again
/// when saved).
pub async fn editor(pool: &PgPool, caller: &Caller, id: Id) -> AppResult<EditorData> {
    let user = caller.user()?;
    let row = load(pool, id).await?;
    let standing = row.standing(Some(user));
    if !workflow::may_view(row.visibility, standing) {
        return Err(not_found());
    }
    if !(standing.is_author || standing.is_moderator) {
        return Err(AppError::Forbidden("Not authorized to edit this puzzle".into()));
    }
    let tests = tests_of(pool, id).await?;
    Ok(EditorData {
        id,
        visibility: row.visibility,
        can_edit: workflow::may_edit(row.visibility, standing),
        moderation_feedback: row.moderation_feedback.clone(),
        moves: workflow::moves(row.visibility, standing),
        can_delete: workflow::may_delete(row.visibility, standing).is_ok(),
        draft: draft_of(row, tests),
    })
}

/// The editable fields of a stored puzzle.
pub(crate) fn draft_of(row: PuzzleRow, tests: Vec<Test>) -> PuzzleDraft {
    PuzzleDraft {
        title: row.title,
        statement: row.statement.unwrap_or_default(),
        constraints: row.constraints.unwrap_or_default(),
        difficulty: row.difficulty,
        tags: row.tags,
        tests: tests
            .into_iter()
            .map(|v| TestDraft { id: Some(v.id), input: v.input, output: v.output, is_public: v.is_public })
            .collect(),
        solution_code: row.solution_code,
        solution_language: row.solution_language_id,
    }
}

/// Several puzzles with the chosen tests, in the order of `ids`.
pub(crate) async fn records(
    pool: &PgPool,
    ids: &[Id],
    tests: Tests,
) -> AppResult<Vec<(PuzzleRow, Vec<Test>)>> {
    let rows = super::puzzles_of(pool, ids).await?;
    let mut tests = super::tests_of_many(pool, ids, tests).await?;
    let mut records: Vec<_> = rows
        .into_iter()
        .map(|row| {
            let own = tests.remove(&row.id).unwrap_or_default();
            (row, own)
        })
        .collect();
    records.sort_by_key(|(row, _)| ids.iter().position(|id| *id == row.id));
    Ok(records)
}
