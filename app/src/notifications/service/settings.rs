//! Which kinds the caller switched off, kept with their other preferences.

use crate::{
    accounts::Caller,
    core::{AppResult, Id},
    notifications::{NotificationKind, NotificationSettings},
};
use sqlx::PgPool;

pub async fn get(pool: &PgPool, caller: &Caller) -> AppResult<NotificationSettings> {
    let user = caller.user()?.id;
    let off = sqlx::query_scalar!(
        r#"SELECT notifications_off AS "off: Vec<NotificationKind>" FROM preferences WHERE user_id = $1"#,
        user as Id
    )
    .fetch_optional(pool)
    .await?
    .unwrap_or_default();
    Ok(NotificationSettings { off })
}

/// Switches off every kind but `received`.
pub async fn receive_only(
    pool: &PgPool,
    caller: &Caller,
    received: &[NotificationKind],
) -> AppResult<NotificationSettings> {
    let user = caller.user()?.id;
    let off: Vec<NotificationKind> =
        NotificationKind::ALL.iter().copied().filter(|kind| !received.contains(kind)).collect();
    sqlx::query!(
        "INSERT INTO preferences (user_id, id, notifications_off) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO UPDATE SET notifications_off = $3",
        user as Id,
        Id::new() as Id,
        &off as &[NotificationKind]
    )
    .execute(pool)
    .await?;
    Ok(NotificationSettings { off })
}
