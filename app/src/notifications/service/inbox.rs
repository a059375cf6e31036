//! The recipient's side: the list, the unread count, marking read.

use crate::{
    accounts::Caller,
    core::{AppError, AppResult, Id, Page, Timestamp},
    events::{self, Event},
    notifications::{Notification, NotificationKind, rules},
};
use sqlx::PgPool;

/// The caller's notifications, newest first.
pub async fn list(pool: &PgPool, caller: &Caller, page: u32) -> AppResult<Page<Notification>> {
    let user = caller.user()?.id;
    let page = page.max(1);
    let rows = sqlx::query!(
        r#"SELECT n.id AS "id: Id", n.kind AS "kind: NotificationKind", n.read_at IS NOT NULL AS "read!",
                  n.created_at AS "created_at: Timestamp", n.puzzle_id AS "puzzle: Id", n.comment_id AS "comment: Id",
                  actor.username AS "actor?", p.title AS "puzzle_title?", a.details->>'reason' AS "reason?"
           FROM notifications n
           LEFT JOIN users actor ON actor.id = n.actor_id
           LEFT JOIN puzzles p ON p.id = n.puzzle_id
           LEFT JOIN audit_logs a ON a.id = n.audit_id
           WHERE n.recipient_id = $1
           ORDER BY n.id DESC LIMIT $2 OFFSET $3"#,
        user as Id,
        i64::from(rules::PAGE_SIZE),
        Page::<()>::offset(page, rules::PAGE_SIZE)
    )
    .fetch_all(pool)
    .await?;
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM notifications WHERE recipient_id = $1"#,
        user as Id
    )
    .fetch_one(pool)
    .await?;
    let items = rows
        .into_iter()
        .map(|row| Notification {
            id: row.id,
            // Moderators act for the site, not by name.
            actor: row.actor.filter(|_| rules::between_users(row.kind)),
            kind: row.kind,
            puzzle_title: row.puzzle_title,
            reason: row.reason,
            link: rules::link(row.id, row.puzzle, row.comment),
            read: row.read,
            created_at: row.created_at,
        })
        .collect();
    Ok(Page::new(items, page, rules::PAGE_SIZE, u64::try_from(total).unwrap_or_default()))
}

/// How many of the caller's notifications are unread; none for visitors.
pub async fn unread(pool: &PgPool, caller: &Caller) -> AppResult<Option<u64>> {
    let Some(user) = caller.signed_in() else { return Ok(None) };
    let count = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM notifications WHERE recipient_id = $1 AND read_at IS NULL"#,
        user.id as Id
    )
    .fetch_one(pool)
    .await?;
    Ok(Some(u64::try_from(count).unwrap_or_default()))
}

/// Marks one of the caller's notifications read and says where it leads.
pub async fn open(pool: &PgPool, caller: &Caller, id: Id) -> AppResult<String> {
    let user = caller.user()?.id;
    let mut tx = pool.begin().await?;
    let row = sqlx::query!(
        r#"UPDATE notifications SET read_at = coalesce(read_at, now())
           WHERE id = $1 AND recipient_id = $2
           RETURNING puzzle_id AS "puzzle: Id", comment_id AS "comment: Id""#,
        id as Id,
        user as Id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| AppError::not_found("Notification not found"))?;
    events::publish(&mut tx, &[Event::NotificationsChanged { user }]).await?;
    tx.commit().await?;
    Ok(rules::link(id, row.puzzle, row.comment))
}

/// Marks every notification of the caller read; returns how many were unread.
pub async fn mark_all_read(pool: &PgPool, caller: &Caller) -> AppResult<u64> {
    let user = caller.user()?.id;
    let mut tx = pool.begin().await?;
    let marked = sqlx::query!(
        "UPDATE notifications SET read_at = now() WHERE recipient_id = $1 AND read_at IS NULL",
        user as Id
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if marked > 0 {
        events::publish(&mut tx, &[Event::NotificationsChanged { user }]).await?;
    }
    tx.commit().await?;
    Ok(marked)
}
