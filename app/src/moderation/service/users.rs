//! Users on the desk: finding them, their moderation file, bans and unbans.

use super::{
    reader,
    reports::{offender_of, order},
};
use crate::{
    accounts::{Ban, Caller, Role, service::bans},
    core::{AppError, AppResult, Id, Page, Timestamp},
    moderation::{Penalty, UserFile, UserSummary},
};
use sqlx::PgPool;

/// Users whose name contains `search` (any case), by name.
pub async fn find(
    pool: &PgPool,
    caller: &Caller,
    search: &str,
    page: u32,
    page_size: u32,
) -> AppResult<Page<UserSummary>> {
    reader(caller)?;
    summaries(pool, &format!("%{}%", literal(search)), page, page_size).await
}

/// `text` matching only itself in a `LIKE` pattern.
fn literal(text: &str) -> String {
    text.trim().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

async fn summaries(pool: &PgPool, pattern: &str, page: u32, page_size: u32) -> AppResult<Page<UserSummary>> {
    let page = page.max(1);
    let items = sqlx::query_as!(
        UserSummary,
        r#"SELECT u.id AS "id: Id", u.username, u.role AS "role: Role",
                  EXISTS (SELECT 1 FROM user_bans b WHERE b.id = u.current_ban_id AND b.is_active
                          AND (b.ends_at IS NULL OR b.ends_at > now())) AS "banned!",
                  u.report_count AS resolved_reports, u.ban_count, u.created_at AS "joined: Timestamp"
           FROM users u WHERE u.username ILIKE $1
           ORDER BY lower(u.username) LIMIT $2 OFFSET $3"#,
        pattern,
        i64::from(page_size),
        Page::<()>::offset(page, page_size)
    )
    .fetch_all(pool)
    .await?;
    let total =
        sqlx::query_scalar!(r#"SELECT count(*) AS "count!" FROM users WHERE username ILIKE $1"#, pattern)
            .fetch_one(pool)
            .await?;
    Ok(Page::new(items, page, page_size, total as u64))
}

/// One user's file: standing, bans, and the ban their next resolved report brings.
pub async fn file(pool: &PgPool, caller: &Caller, username: &str) -> AppResult<UserFile> {
    reader(caller)?;
    let user = summaries(pool, &literal(username), 1, 1)
        .await?
        .items
        .pop()
        .ok_or_else(|| AppError::not_found("User not found"))?;
    let bans = bans::history(pool, caller, user.id).await?;
    let current_ban = bans.iter().find(|b| b.is_active && user.banned).cloned();
    let next_escalation = offender_of(pool, user.id).await?.and_then(|o| o.next_escalation);
    Ok(UserFile { user, current_ban, bans, next_escalation })
}

/// Bans a user from the desk for `penalty`, with a reason.
pub async fn ban(pool: &PgPool, caller: &Caller, user: Id, penalty: Penalty, reason: &str) -> AppResult<Ban> {
    bans::ban(pool, caller, user, order(penalty, reason.to_owned())).await
}
