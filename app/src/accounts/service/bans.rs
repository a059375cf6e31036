//! Bans: imposed and lifted by moderators, applied on every authenticated action.

use crate::{
    accounts::types::{Ban, BanType},
    core::{AppError, AppResult, Id, Timestamp, audit},
};
use chrono::Duration;
use sqlx::{FromRow, PgPool};

pub const REASON_MIN: usize = 10;
pub const REASON_MAX: usize = 500;

pub struct BanOrder {
    pub ban_type: BanType,
    pub reason: String,
    /// Required for temporary bans.
    pub duration: Option<Duration>,
}

#[derive(FromRow)]
struct BanRow {
    id: Id,
    user_id: Id,
    banned_by: Option<Id>,
    ban_type: BanType,
    reason: String,
    starts_at: Timestamp,
    ends_at: Option<Timestamp>,
    is_active: bool,
    created_at: Timestamp,
    updated_at: Timestamp,
}

impl From<BanRow> for Ban {
    fn from(row: BanRow) -> Self {
        Ban {
            id: row.id,
            user_id: row.user_id,
            banned_by: row.banned_by,
            ban_type: row.ban_type,
            reason: row.reason,
            start_date: row.starts_at,
            end_date: row.ends_at,
            is_active: row.is_active,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

const BAN_COLUMNS: &str =
    "id, user_id, banned_by, ban_type, reason, starts_at, ends_at, is_active, created_at, updated_at";

pub fn check_reason(reason: &str) -> AppResult<String> {
    let reason = reason.trim();
    let length = reason.chars().count();
    if !(REASON_MIN..=REASON_MAX).contains(&length) {
        return Err(AppError::validation(
            "reason",
            format!("The reason must be between {REASON_MIN} and {REASON_MAX} characters"),
        ));
    }
    Ok(reason.to_owned())
}

/// Bans a user: replaces any current ban and ends all of their sessions.
pub async fn ban(pool: &PgPool, moderator: Id, user: Id, order: BanOrder) -> AppResult<Ban> {
    let reason = check_reason(&order.reason)?;
    let ends_at = match (order.ban_type, order.duration) {
        (BanType::Permanent, _) => None,
        (BanType::Temporary, Some(duration)) if duration > Duration::zero() => Some(duration),
        (BanType::Temporary, _) => {
            return Err(AppError::validation("duration", "A temporary ban needs a positive duration"));
        }
    };
    let mut tx = pool.begin().await?;
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE id = $1 FOR UPDATE)")
        .bind(user)
        .fetch_one(&mut *tx)
        .await?;
    if !exists {
        return Err(AppError::not_found("User not found"));
    }
    sqlx::query("UPDATE user_bans SET is_active = false WHERE user_id = $1 AND is_active")
        .bind(user)
        .execute(&mut *tx)
        .await?;
    let row = sqlx::query_as::<_, BanRow>(&format!(
        "INSERT INTO user_bans (id, user_id, banned_by, ban_type, reason, ends_at)
         VALUES ($1, $2, $3, $4, $5, now() + $6)
         RETURNING {BAN_COLUMNS}"
    ))
    .bind(Id::new())
    .bind(user)
    .bind(moderator)
    .bind(order.ban_type)
    .bind(&reason)
    .bind(ends_at)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE users SET current_ban_id = $2, ban_count = ban_count + 1,
                          session_key = uuid_send(gen_random_uuid())
         WHERE id = $1",
    )
    .bind(user)
    .bind(row.id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        Some(moderator),
        "user.ban",
        "user",
        Some(user),
        serde_json::json!({
            "banId": row.id, "banType": order.ban_type, "reason": reason,
        }),
    )
    .await?;
    tx.commit().await?;
    Ok(row.into())
}

/// Lifts the current ban, noting the moderator's reason on it.
pub async fn unban(pool: &PgPool, moderator: Id, user: Id, reason: &str) -> AppResult<()> {
    let reason = check_reason(reason)?;
    let mut tx = pool.begin().await?;
    let lifted = sqlx::query(
        "UPDATE user_bans b SET is_active = false, reason = b.reason || ' | Unbanned by moderator: ' || $2
         FROM users u WHERE u.id = $1 AND b.id = u.current_ban_id AND b.is_active",
    )
    .bind(user)
    .bind(&reason)
    .execute(&mut *tx)
    .await?;
    if lifted.rows_affected() == 0 {
        return Err(AppError::BadRequest("This user is not banned".into()));
    }
    sqlx::query("UPDATE users SET current_ban_id = NULL WHERE id = $1").bind(user).execute(&mut *tx).await?;
    audit::record(
        &mut tx,
        Some(moderator),
        "user.unban",
        "user",
        Some(user),
        serde_json::json!({ "reason": reason }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Every ban of a user, newest first, with the banning moderator's name.
pub async fn history(pool: &PgPool, user: Id) -> AppResult<Vec<(Ban, Option<String>)>> {
    #[derive(FromRow)]
    struct Row {
        #[sqlx(flatten)]
        ban: BanRow,
        moderator_name: Option<String>,
    }
    let rows = sqlx::query_as::<_, Row>(&format!(
        "SELECT b.{}, m.username AS moderator_name
         FROM user_bans b LEFT JOIN users m ON m.id = b.banned_by
         WHERE b.user_id = $1 ORDER BY b.created_at DESC, b.id DESC",
        BAN_COLUMNS.replace(", ", ", b.")
    ))
    .bind(user)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|row| (row.ban.into(), row.moderator_name)).collect())
}
