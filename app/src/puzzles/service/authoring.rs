//! Writing puzzles: create, save the author's draft, delete.

use super::{load, not_found, publishing, reading, tests_of};
use crate::{
    accounts::Caller,
    core::{AppError, AppResult, Id},
    puzzles::{Difficulty, PuzzleChange, PuzzleDraft, Tag, Visibility, rules, workflow},
    state::AppState,
};
use sqlx::{PgPool, Postgres, Transaction};

/// A new draft puzzle with just a title, written by the caller.
pub async fn create(pool: &PgPool, caller: &Caller, title: &str) -> AppResult<Id> {
    let author = caller.user()?.id;
    insert_draft(pool, author, title).await
}

async fn insert_draft(pool: &PgPool, author: Id, title: &str) -> AppResult<Id> {
    let title = rules::check_title(title).map_err(|e| AppError::Validation(vec![e]))?;
    let id = Id::new();
    sqlx::query!(
        "INSERT INTO puzzles (id, author_id, title) VALUES ($1, $2, $3)",
        id as Id,
        author as Id,
        title
    )
    .execute(pool)
    .await?;
    Ok(id)
}

/// Saves the editor's draft. A checked (`ready`) puzzle goes back to `draft`.
pub async fn save(state: &AppState, caller: &Caller, id: Id, draft: PuzzleDraft) -> AppResult<Visibility> {
    let user = caller.user()?;
    let pool = &state.pool;
    let draft = rules::normalize(draft).map_err(AppError::Validation)?;
    let mut tx = pool.begin().await?;
    let row = load(&mut *tx, id).await?;
    let standing = row.standing(Some(user));
    if !workflow::may_view(row.visibility, standing) {
        return Err(not_found());
    }
    if !workflow::may_edit(row.visibility, standing) {
        return Err(AppError::Forbidden("Not authorized to edit this puzzle".into()));
    }
    let visibility = workflow::after_edit(row.visibility);
    let non_empty = |text: &str| (!text.is_empty()).then(|| text.to_owned());
    sqlx::query!(
        "UPDATE puzzles SET title = $2, statement = $3, constraints = $4, difficulty = $5, tags = $6,
                solution_code = $7, solution_language_id = $8, visibility = $9
         WHERE id = $1",
        id as Id,
        draft.title,
        non_empty(&draft.statement),
        non_empty(&draft.constraints),
        draft.difficulty as Difficulty,
        &draft.tags as &[Tag],
        draft.solution_code,
        draft.solution_language as Option<Id>,
        visibility as Visibility,
    )
    .execute(&mut *tx)
    .await?;
    replace_tests(&mut tx, id, &draft).await?;
    tx.commit().await?;
    if row.visibility == Visibility::Approved || visibility == Visibility::Approved {
        state.catalogue.forget();
    }
    Ok(visibility)
}

/// Applies a partial change: the keys present replace the stored ones, then a
/// different `visibility` is a workflow move, checked like any other. Saving sends
/// a checked puzzle back to draft, so an unchanged content is not saved.
pub async fn change(state: &AppState, caller: &Caller, id: Id, change: PuzzleChange) -> AppResult<()> {
    let current = reading::editor(&state.pool, caller, id).await?;
    let requested = change.visibility;
    let draft = change.apply_to(current.draft.clone());
    let now =
        if draft == current.draft { current.visibility } else { save(state, caller, id, draft).await? };
    if let Some(to) = requested.filter(|to| *to != now) {
        publishing::transition(state, caller, id, to, None).await?;
    }
    Ok(())
}

/// Makes the stored tests exactly the draft's, in its order. Tests keep their id
/// (and creation time) when the draft names it.
async fn replace_tests(tx: &mut Transaction<'_, Postgres>, puzzle: Id, draft: &PuzzleDraft) -> AppResult<()> {
    let existing: Vec<Id> = tests_of(&mut **tx, puzzle).await?.into_iter().map(|v| v.id).collect();
    let kept: Vec<Id> = draft.tests.iter().filter_map(|v| v.id).filter(|id| existing.contains(id)).collect();
    sqlx::query!(
        "DELETE FROM tests WHERE puzzle_id = $1 AND NOT (id = ANY ($2))",
        puzzle as Id,
        &kept as &[Id]
    )
    .execute(&mut **tx)
    .await?;
    for (position, test) in draft.tests.iter().enumerate() {
        let id = test.id.filter(|id| kept.contains(id)).unwrap_or_else(Id::new);
        sqlx::query!(
            "INSERT INTO tests (id, puzzle_id, position, input, output, is_public)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (id) DO UPDATE SET position = excluded.position, input = excluded.input,
                 output = excluded.output, is_public = excluded.is_public",
            id as Id,
            puzzle as Id,
            position as i32,
            test.input,
            test.output,
            test.is_public,
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Stores a complete puzzle in a given state, bypassing the workflow: for demo data
/// and imports, whose puzzles were checked elsewhere.
pub async fn import(pool: &PgPool, author: Id, draft: PuzzleDraft, visibility: Visibility) -> AppResult<Id> {
    let draft = rules::normalize(draft).map_err(AppError::Validation)?;
    let id = insert_draft(pool, author, &draft.title).await?;
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "UPDATE puzzles SET statement = $2, constraints = $3, difficulty = $4, tags = $5,
                solution_code = $6, solution_language_id = $7, visibility = $8
         WHERE id = $1",
        id as Id,
        (!draft.statement.is_empty()).then_some(&draft.statement),
        (!draft.constraints.is_empty()).then_some(&draft.constraints),
        draft.difficulty as Difficulty,
        &draft.tags as &[Tag],
        draft.solution_code,
        draft.solution_language as Option<Id>,
        visibility as Visibility,
    )
    .execute(&mut *tx)
    .await?;
    replace_tests(&mut tx, id, &draft).await?;
    tx.commit().await?;
    Ok(id)
}

/// Adds `count` generated, approved puzzles with three tests each, for benchmarks.
/// One statement: a second or so for ten thousand.
pub async fn generate_bulk(pool: &PgPool, author: Id, count: i32) -> AppResult<u64> {
    let inserted = sqlx::query!(
        "WITH made AS (
            INSERT INTO puzzles (id, author_id, title, statement, constraints, difficulty, visibility, tags, created_at)
            SELECT decode(lpad(to_hex(extract(epoch FROM now())::bigint), 8, '0') || substr(md5(random()::text || g::text), 1, 16), 'hex'),
                   $1,
                   format('Generated puzzle %s: %s', g, (ARRAY['arrays','strings','graphs','sums','primes','paths','trees','sorting'])[1 + g % 8]),
                   format('Read **n** numbers and print their sum (variant %s).', g),
                   '1 ≤ n ≤ 1000',
                   (ARRAY['beginner','intermediate','advanced','expert']::puzzle_difficulty[])[1 + g % 4],
                   'approved',
                   ARRAY[(ARRAY['algorithms','data_structures','mathematics','strings','arrays','math','graph_theory','dynamic_programming']::puzzle_tag[])[1 + g % 8]],
                   now() - make_interval(secs => g)
            FROM generate_series(1, $2) AS g
            RETURNING id
         )
         INSERT INTO tests (id, puzzle_id, position, input, output, is_public)
         SELECT decode(substr(md5(random()::text || made.id::text || t::text), 1, 24), 'hex'), made.id, t,
                format('%s\n%s', t + 1, array_to_string(ARRAY(SELECT generate_series(1, t + 1)), ' ')),
                ((t + 1) * (t + 2) / 2)::text, t = 0
         FROM made, generate_series(0, 2) AS t",
        author as Id,
        count
    )
    .execute(pool)
    .await?;
    Ok(inserted.rows_affected() / 3)
}

/// Deletes a puzzle that was never public, with its tests; only its author may.
pub async fn delete(pool: &PgPool, caller: &Caller, id: Id) -> AppResult<()> {
    let user = caller.user()?;
    let row = load(pool, id).await?;
    let standing = row.standing(Some(user));
    if !workflow::may_view(row.visibility, standing) {
        return Err(not_found());
    }
    workflow::may_delete(row.visibility, standing).map_err(|reason| AppError::Forbidden(reason.into()))?;
    sqlx::query!("DELETE FROM puzzles WHERE id = $1", id as Id).execute(pool).await?;
    Ok(())
}
