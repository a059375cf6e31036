//! The audit log, newest first, filtered by actor, action, target and dates.

use super::reader;
use crate::{
    accounts::Caller,
    core::{AppError, AppResult, Id, Page, Timestamp},
    moderation::{AuditEntry, AuditQuery},
};
use chrono::{Days, NaiveDate, NaiveTime};
use sqlx::PgPool;

/// The start of the day written `YYYY-MM-DD` (UTC), `days` later.
fn day_start(field: &str, text: &str, days: u64) -> AppResult<Option<Timestamp>> {
    match text.trim() {
        "" => Ok(None),
        text => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .and_then(|day| day.checked_add_days(Days::new(days)))
            .map(|day| Some(Timestamp(day.and_time(NaiveTime::MIN).and_utc())))
            .ok_or_else(|| AppError::validation(field, "Dates are written YYYY-MM-DD")),
    }
}

fn filter(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}

pub async fn entries(
    pool: &PgPool,
    caller: &Caller,
    query: &AuditQuery,
    page_size: u32,
) -> AppResult<Page<AuditEntry>> {
    reader(caller)?;
    let page = query.page.max(1);
    let target = filter(&query.target)
        .map(|t| {
            t.parse::<Id>().map_err(|_| AppError::validation("target", "The target is an id (24 hex digits)"))
        })
        .transpose()?;
    // `to` is inclusive: entries before the next day's start.
    let (from, until) = (day_start("from", &query.from, 0)?, day_start("to", &query.to, 1)?);
    let (actor, action) = (filter(&query.actor), filter(&query.action));
    let rows = sqlx::query!(
        r#"SELECT a.id AS "id: Id", u.username AS "actor?", a.action, a.target_type,
                  a.target_id AS "target_id: Id", a.details ->> 'reason' AS reason,
                  (a.details - 'reason')::text AS "details!", a.created_at AS "at: Timestamp",
                  count(*) OVER () AS "total!"
           FROM audit_logs a LEFT JOIN users u ON u.id = a.actor_id
           WHERE ($1::text IS NULL OR lower(u.username) = lower($1))
             AND ($2::text IS NULL OR a.action = $2)
             AND ($3::object_id IS NULL OR a.target_id = $3)
             AND ($4::timestamptz IS NULL OR a.created_at >= $4)
             AND ($5::timestamptz IS NULL OR a.created_at < $5)
           ORDER BY a.created_at DESC, a.id DESC LIMIT $6 OFFSET $7"#,
        actor,
        action,
        target as Option<Id>,
        from as Option<Timestamp>,
        until as Option<Timestamp>,
        i64::from(page_size),
        Page::<()>::offset(page, page_size)
    )
    .fetch_all(pool)
    .await?;
    let total = rows.first().map_or(0, |r| r.total as u64);
    let items = rows
        .into_iter()
        .map(|r| AuditEntry {
            id: r.id,
            actor: r.actor,
            action: r.action,
            target_type: r.target_type,
            target_id: r.target_id,
            reason: r.reason,
            details: r.details,
            at: r.at,
        })
        .collect();
    Ok(Page::new(items, page, page_size, total))
}
