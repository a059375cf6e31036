//! Moderation: anyone signed in may report; moderators work the desk (reviews,
//! reports, users, the audit log). Every desk function takes the `Caller` and
//! requires a moderator.

pub mod audit;
pub mod content;
pub mod desk;
pub mod legacy;
pub mod reports;
pub mod reviews;
pub mod users;

use super::{EXPLANATION, ProblemType, Report, ReportReason, ReviewStatus};
use crate::{
    accounts::{Caller, User},
    core::{AppError, AppResult, Id, Timestamp},
    notifications::service::outbox::{self, Cause},
};
use sqlx::{PgConnection, PgPool};

/// The moderator reading the desk. To everyone else the desk does not exist: 404,
/// not a hint that it is there.
fn reader(caller: &Caller) -> AppResult<&User> {
    caller.moderator().map_err(|_| AppError::not_found("Page not found"))
}

/// Tells `user` about a decision (the audit `entry`); the one place report decisions
/// reach the affected user.
async fn notify(tx: &mut PgConnection, user: Id, entry: Id) -> AppResult<()> {
    outbox::enqueue(tx, Cause::Moderation { user, entry }).await
}

/// Files a report, in a category with an explanation of 25 to 1024 characters of
/// any text (the legacy API also required `[a-zA-Z0-9_-]` only, which refused every
/// sentence); a reported chat message must exist. A reporter has one open report
/// per target: a second one while the first waits is a 409.
pub async fn report(
    pool: &PgPool,
    caller: &Caller,
    problem: ProblemType,
    target: Id,
    reason: ReportReason,
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
        let exists = sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM chat_messages WHERE id = $1) AS "exists!""#,
            target as Id
        )
        .fetch_one(pool)
        .await?;
        if !exists {
            return Err(AppError::not_found("Chat message not found"));
        }
    }
    let row = sqlx::query!(
        r#"INSERT INTO reports (id, problem_type, problematic_id, reported_by, reason, explanation)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (reported_by, problem_type, problematic_id) WHERE status = 'pending' DO NOTHING
           RETURNING id AS "id: Id", created_at AS "created_at: Timestamp", updated_at AS "updated_at: Timestamp""#,
        Id::new() as Id,
        problem as ProblemType,
        target as Id,
        reporter as Id,
        reason as ReportReason,
        explanation
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| {
        AppError::Conflict("You already reported this; a moderator will look at your report soon".into())
    })?;
    Ok(Report {
        id: row.id,
        problematic_identifier: target,
        problem_type: problem,
        reported_by: reporter,
        reason,
        explanation: explanation.to_owned(),
        status: ReviewStatus::Pending,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}
