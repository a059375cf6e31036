//! One puzzle, as the viewer may see it.

use super::{PuzzleRow, Tests, load, not_found, validators};
use crate::puzzles::Validator;
use crate::{
    accounts::Viewer,
    core::{AppError, AppResult, Id},
    puzzles::{Author, EditorData, PuzzleDraft, PuzzleStats, PuzzleView, ValidatorDraft, markdown, workflow},
};
use sqlx::PgPool;

/// The puzzle page. Puzzles the viewer may not see are "not found", so their
/// existence does not leak; hidden tests reach only the author and moderators.
pub async fn view(pool: &PgPool, id: Id, viewer: Option<&Viewer>) -> AppResult<PuzzleView> {
    let (row, tests) = visible(pool, id, viewer).await?;
    let actor = row.actor(viewer);
    let insider = actor.is_author || actor.is_moderator;
    Ok(PuzzleView {
        id: row.id,
        statement_html: markdown::to_safe_html(row.statement.as_deref().unwrap_or_default()),
        constraints_html: row.constraints.as_deref().map(markdown::to_safe_html),
        difficulty: row.difficulty,
        visibility: row.visibility,
        tags: row.tags.clone(),
        author: Author { id: row.author_id, username: row.author_name.clone() },
        validators: tests,
        stats: stats(pool, id).await?,
        moderation_feedback: row.moderation_feedback.clone().filter(|_| insider),
        moves: workflow::moves(row.visibility, actor),
        can_edit: workflow::may_edit(row.visibility, actor),
        can_delete: workflow::may_delete(row.visibility, actor).is_ok(),
        created_at: row.created_at,
        updated_at: row.updated_at,
        title: row.title,
    })
}

/// A puzzle and the tests the viewer may see; "not found" when the viewer may not
/// see the puzzle at all.
pub async fn visible(
    pool: &PgPool,
    id: Id,
    viewer: Option<&Viewer>,
) -> AppResult<(PuzzleRow, Vec<Validator>)> {
    let row = load(pool, id).await?;
    let actor = row.actor(viewer);
    if !workflow::may_view(row.visibility, actor) {
        return Err(not_found());
    }
    let mut tests = validators(pool, id).await?;
    if !(actor.is_author || actor.is_moderator) {
        tests.retain(|v| v.is_public);
    }
    Ok((row, tests))
}

pub async fn stats(pool: &PgPool, id: Id) -> AppResult<PuzzleStats> {
    Ok(sqlx::query_as::<_, PuzzleStats>(
        "SELECT attempts, successes, solvers FROM puzzle_metrics WHERE puzzle_id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?
    .unwrap_or_default())
}

/// The editor, for the author and moderators (content changes are checked again
/// when saved).
pub async fn editor(pool: &PgPool, id: Id, viewer: &Viewer) -> AppResult<EditorData> {
    let row = load(pool, id).await?;
    let actor = row.actor(Some(viewer));
    if !workflow::may_view(row.visibility, actor) {
        return Err(not_found());
    }
    if !(actor.is_author || actor.is_moderator) {
        return Err(AppError::Forbidden("Not authorized to edit this puzzle".into()));
    }
    let tests = validators(pool, id).await?;
    Ok(EditorData {
        id,
        visibility: row.visibility,
        can_edit: workflow::may_edit(row.visibility, actor),
        moderation_feedback: row.moderation_feedback.clone(),
        moves: workflow::moves(row.visibility, actor),
        can_delete: workflow::may_delete(row.visibility, actor).is_ok(),
        draft: draft_of(row, tests),
    })
}

/// The editable fields of a stored puzzle.
pub fn draft_of(row: PuzzleRow, tests: Vec<Validator>) -> PuzzleDraft {
    PuzzleDraft {
        title: row.title,
        statement: row.statement.unwrap_or_default(),
        constraints: row.constraints.unwrap_or_default(),
        difficulty: row.difficulty,
        tags: row.tags,
        validators: tests
            .into_iter()
            .map(|v| ValidatorDraft {
                id: Some(v.id),
                input: v.input,
                output: v.output,
                is_public: v.is_public,
            })
            .collect(),
        solution_code: row.solution_code,
        solution_language: row.solution_language_id,
    }
}

/// Several puzzles with the chosen tests, in the order of `ids`.
pub async fn records(pool: &PgPool, ids: &[Id], tests: Tests) -> AppResult<Vec<(PuzzleRow, Vec<Validator>)>> {
    let rows = sqlx::query_as::<_, PuzzleRow>(&format!("{} WHERE p.id = ANY ($1)", super::PUZZLE_SQL))
        .bind(ids)
        .fetch_all(pool)
        .await?;
    let mut tests = super::validators_of(pool, ids, tests).await?;
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
