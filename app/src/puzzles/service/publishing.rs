//! Moves through the publishing workflow. Moves to `ready` and `review` first run
//! the author's solution against every test: a puzzle whose own solution fails is
//! not ready.

use super::{load, not_found, tests_of};
use crate::{
    accounts::Caller,
    core::{AppError, AppResult, Id, audit},
    execution::{self, Limits, judge::passes, runner::Program},
    languages,
    notifications::service::outbox::{self, Cause},
    puzzles::{Test, Visibility, service::PuzzleRow, workflow},
    state::AppState,
};

/// The caller moves a puzzle to `to`; `feedback` is the moderator's note when
/// sending it back.
pub async fn transition(
    state: &AppState,
    caller: &Caller,
    id: Id,
    to: Visibility,
    feedback: Option<String>,
) -> AppResult<Visibility> {
    let user = caller.user()?;
    let pool = &state.pool;
    let row = load(pool, id).await?;
    let standing = row.standing(Some(user));
    if !workflow::may_view(row.visibility, standing) {
        return Err(not_found());
    }
    let tests = tests_of(pool, id).await?;
    workflow::check(row.visibility, to, standing, row.facts(&tests), feedback.as_deref()).map_err(
        |refusal| match refusal {
            workflow::Refusal::NotAllowed(_) => AppError::Forbidden(refusal.to_string()),
            _ => AppError::BadRequest(refusal.to_string()),
        },
    )?;
    if workflow::needs_solution_check(to) {
        check_solution(state, caller, &row, &tests).await?;
    }

    let mut tx = pool.begin().await?;
    let feedback = feedback.map(|f| f.trim().to_owned()).filter(|f| !f.is_empty());
    // Only from the state the move was checked against: of two moves at once, one wins.
    let moved = sqlx::query!(
        "UPDATE puzzles SET visibility = $2,
                moderation_feedback = CASE WHEN $2::puzzle_visibility = 'revise' THEN $3
                                           ELSE moderation_feedback END
         WHERE id = $1 AND visibility = $4",
        id as Id,
        to as Visibility,
        feedback,
        row.visibility as Visibility,
    )
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() == 0 {
        return Err(AppError::Conflict("Someone else moved this puzzle meanwhile; reload it".into()));
    }
    if row.visibility == Visibility::Review && matches!(to, Visibility::Approved | Visibility::Revise) {
        sqlx::query!(
            "INSERT INTO moderation_reviews (id, puzzle_id, reviewer_id, outcome, feedback)
             VALUES ($1, $2, $3, $4::text::review_outcome, $5)",
            Id::new() as Id,
            id as Id,
            user.id as Id,
            to.as_str(),
            feedback,
        )
        .execute(&mut *tx)
        .await?;
    }
    let details = serde_json::json!({ "from": row.visibility, "to": to, "reason": feedback });
    let entry =
        audit::record(&mut tx, Some(user.id), "puzzle.visibility", "puzzle", Some(id), details).await?;
    if !standing.is_author {
        outbox::enqueue(&mut tx, Cause::Moderation { user: row.author_id, entry }).await?;
    }
    tx.commit().await?;
    if row.visibility == Visibility::Approved || to == Visibility::Approved {
        state.catalogue.forget();
    }
    Ok(to)
}

/// Runs the stored solution against every test, within the caller's limits of runs, and says
/// which one fails, if any.
async fn check_solution(state: &AppState, caller: &Caller, row: &PuzzleRow, tests: &[Test]) -> AppResult<()> {
    let language = match row.solution_language_id {
        Some(id) => languages::service::by_id(&state.pool, id).await?,
        None => None,
    }
    .ok_or_else(|| AppError::BadRequest("Choose the language of your solution".into()))?;
    let owner = execution::service::admit(state, caller, tests.len())?;
    let program = Program { owner, language: language.language.clone(), code: row.solution_code.clone() };
    let inputs: Vec<String> = tests.iter().map(|t| t.input.clone()).collect();
    let outcome = state.runner.run_batch(&program, &inputs, &Limits::run_default(), &|_, _| {}).await?;
    if let Some(compile) = outcome.compile.as_ref().filter(|c| c.status != crate::execution::StageStatus::Ok)
    {
        return Err(AppError::BadRequest(format!(
            "Your solution does not compile: {}",
            compile.stderr.trim()
        )));
    }
    let failing = tests.iter().zip(&outcome.runs).position(|(test, run)| !passes(&test.output, run));
    match failing {
        Some(index) => Err(AppError::BadRequest(format!(
            "Your solution fails test {} of {}; fix the solution or the test first",
            index + 1,
            tests.len()
        ))),
        None => Ok(()),
    }
}
