//! The producers' side: a change that concerns someone queues a job in its own
//! transaction, so the notification is written if and only if the change commits,
//! even across a restart. (apalis pushes through its own pool, outside the caller's
//! transaction, hence this table.) This module imports nothing but `core`, so every
//! context may call it.

use crate::core::{AppError, AppResult, Id};
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;

/// What happened, by id; the job looks up who is told what.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "cause", rename_all = "snake_case")]
pub enum Cause {
    /// A comment or reply was posted: the puzzle's author or the parent's author.
    Comment { comment: Id },
    /// A moderator decided something about `user` (the audit `entry` says what).
    Moderation { user: Id, entry: Id },
    /// A report decision (the audit `entry`): every reporter it closed.
    ReportDecided { entry: Id },
}

pub async fn enqueue(tx: &mut PgConnection, cause: Cause) -> AppResult<()> {
    let cause = serde_json::to_value(cause).map_err(|e| AppError::internal("notification job", e))?;
    sqlx::query!("INSERT INTO notification_jobs (id, cause) VALUES ($1, $2)", Id::new() as Id, cause)
        .execute(tx)
        .await?;
    Ok(())
}
