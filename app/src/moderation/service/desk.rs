//! The desk's front page: how much waits in each queue.

use super::reader;
use crate::{accounts::Caller, core::AppResult, moderation::DeskCounts};
use sqlx::PgPool;

pub async fn counts(pool: &PgPool, caller: &Caller) -> AppResult<DeskCounts> {
    reader(caller)?;
    Ok(sqlx::query_as!(
        DeskCounts,
        r#"SELECT (SELECT count(*) FROM puzzles WHERE visibility = 'review') AS "reviews!",
                  (SELECT count(*) FROM (SELECT DISTINCT problem_type, problematic_id
                                         FROM reports WHERE status = 'pending') AS cases) AS "reports!",
                  (SELECT count(*) FROM users u JOIN user_bans b ON b.id = u.current_ban_id
                   WHERE b.is_active AND (b.ends_at IS NULL OR b.ends_at > now())) AS "bans!""#
    )
    .fetch_one(pool)
    .await?)
}
