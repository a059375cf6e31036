//! Reports: anyone signed in may report; moderators review them.

use super::{EXPLANATION, ProblemType, Report, ReviewStatus};
use crate::{
    accounts::Caller,
    core::{AppError, AppResult, Id, Timestamp},
};
use sqlx::PgPool;

/// Files a report. The explanation is 25 to 1024 characters of any text (the legacy
/// API also required `[a-zA-Z0-9_-]` only, which refused every sentence); a reported
/// chat message must exist.
pub async fn report(
    pool: &PgPool,
    caller: &Caller,
    problem: ProblemType,
    target: Id,
    explanation: &str,
) -> AppResult<Report> {
    let reporter = caller.user()?.id;
    let explanation = explanation.trim();
    if !EXPLANATION.contains(&explanation.chars().count()) {
        return Err(AppError::validation(
            "explanation",
            format!("Explain the problem in {} to {} characters", EXPLANATION.start(), EXPLANATION.end()),
        ));
    }
    if problem == ProblemType::GameChat {
        let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM chat_messages WHERE id = $1)")
            .bind(target)
            .fetch_one(pool)
            .await?;
        if !exists {
            return Err(AppError::not_found("Chat message not found"));
        }
    }
    let (id, created_at, updated_at): (Id, Timestamp, Timestamp) = sqlx::query_as(
        "INSERT INTO reports (id, problem_type, problematic_id, reported_by, explanation)
         VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at, updated_at",
    )
    .bind(Id::new())
    .bind(problem)
    .bind(target)
    .bind(reporter)
    .bind(explanation)
    .fetch_one(pool)
    .await?;
    Ok(Report {
        id,
        problematic_identifier: target,
        problem_type: problem,
        reported_by: reporter,
        explanation: explanation.to_owned(),
        status: ReviewStatus::Pending,
        created_at,
        updated_at,
    })
}
