//! Bans: imposed and lifted by moderators, applied on every authenticated action.

use crate::{
    accounts::{
        caller::Caller,
        types::{Ban, BanHistoryEntry, BanType, Role, UserRef},
    },
    core::{AppError, AppResult, Id, Timestamp, audit},
    events::{self, Event},
    notifications::service::outbox::{self, Cause},
};
use chrono::Duration;
use sqlx::{PgConnection, PgPool};

pub const REASON_MIN: usize = 10;
pub const REASON_MAX: usize = 500;

pub struct BanOrder {
    pub ban_type: BanType,
    pub reason: String,
    /// Required for temporary bans.
    pub duration: Option<Duration>,
}

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

/// A moderator bans a user: replaces any current ban and ends all of their
/// sessions. Nobody bans themselves or another moderator.
pub async fn ban(pool: &PgPool, caller: &Caller, user: Id, order: BanOrder) -> AppResult<Ban> {
    let moderator = caller.moderator()?.id;
    let mut tx = pool.begin().await?;
    let ban = impose(&mut tx, moderator, user, order).await?;
    tx.commit().await?;
    Ok(ban)
}

/// Bans `user` for `moderator` inside the caller's transaction (a report decision
/// bans in the same transaction as it closes the reports), with its audit entry.
pub async fn impose(tx: &mut PgConnection, moderator: Id, user: Id, order: BanOrder) -> AppResult<Ban> {
    if user == moderator {
        return Err(AppError::BadRequest("You cannot ban yourself".into()));
    }
    let reason = check_reason(&order.reason)?;
    let ends_at = match (order.ban_type, order.duration) {
        (BanType::Permanent, _) => None,
        (BanType::Temporary, Some(duration)) if duration > Duration::zero() => Some(duration),
        (BanType::Temporary, _) => {
            return Err(AppError::validation("duration", "A temporary ban needs a positive duration"));
        }
    };
    let role =
        sqlx::query_scalar!(r#"SELECT role AS "role: Role" FROM users WHERE id = $1 FOR UPDATE"#, user as Id)
            .fetch_optional(&mut *tx)
            .await?;
    match role {
        None => return Err(AppError::not_found("User not found")),
        Some(Role::Moderator) => return Err(AppError::Forbidden("Moderators cannot be banned".into())),
        Some(Role::User) => {}
    }
    sqlx::query!("UPDATE user_bans SET is_active = false WHERE user_id = $1 AND is_active", user as Id)
        .execute(&mut *tx)
        .await?;
    let row = sqlx::query_as!(
        BanRow,
        r#"INSERT INTO user_bans (id, user_id, banned_by, ban_type, reason, ends_at)
           VALUES ($1, $2, $3, $4, $5, now() + $6)
           RETURNING id AS "id: Id", user_id AS "user_id: Id", banned_by AS "banned_by: Id",
                     ban_type AS "ban_type: BanType", reason, starts_at AS "starts_at: Timestamp",
                     ends_at AS "ends_at: Timestamp", is_active, created_at AS "created_at: Timestamp",
                     updated_at AS "updated_at: Timestamp""#,
        Id::new() as Id,
        user as Id,
        moderator as Id,
        order.ban_type as BanType,
        &reason,
        ends_at as Option<Duration>
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE users SET current_ban_id = $2, ban_count = ban_count + 1,
                          session_key = uuid_send(gen_random_uuid())
         WHERE id = $1",
        user as Id,
        row.id as Id
    )
    .execute(&mut *tx)
    .await?;
    let entry = audit::record(
        &mut *tx,
        Some(moderator),
        "user.ban",
        "user",
        Some(user),
        serde_json::json!({
            "banId": row.id, "banType": order.ban_type, "reason": reason,
            "endDate": row.ends_at,
        }),
    )
    .await?;
    events::publish(&mut *tx, &[Event::UserChanged { user }]).await?;
    outbox::enqueue(&mut *tx, Cause::Moderation { user, entry }).await?;
    Ok(row.into())
}

/// A moderator lifts the current ban, noting their reason on it.
pub async fn unban(pool: &PgPool, caller: &Caller, user: Id, reason: &str) -> AppResult<()> {
    let moderator = caller.moderator()?.id;
    let reason = check_reason(reason)?;
    let mut tx = pool.begin().await?;
    let lifted = sqlx::query!(
        "UPDATE user_bans b SET is_active = false, reason = b.reason || ' | Unbanned by moderator: ' || $2
         FROM users u WHERE u.id = $1 AND b.id = u.current_ban_id AND b.is_active",
        user as Id,
        &reason
    )
    .execute(&mut *tx)
    .await?;
    if lifted.rows_affected() == 0 {
        return Err(AppError::BadRequest("This user is not banned".into()));
    }
    sqlx::query!("UPDATE users SET current_ban_id = NULL WHERE id = $1", user as Id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        Some(moderator),
        "user.unban",
        "user",
        Some(user),
        serde_json::json!({ "reason": reason }),
    )
    .await?;
    events::publish(&mut tx, &[Event::UserChanged { user }]).await?;
    tx.commit().await?;
    Ok(())
}

/// Every ban of a user, newest first, with the banning moderator; for moderators.
pub async fn history(pool: &PgPool, caller: &Caller, user: Id) -> AppResult<Vec<BanHistoryEntry>> {
    caller.moderator()?;
    let rows = sqlx::query!(
        r#"SELECT b.id AS "id!: Id", b.user_id AS "user_id!: Id", b.banned_by AS "banned_by?: Id",
                  b.ban_type AS "ban_type!: BanType", b.reason AS "reason!",
                  b.starts_at AS "starts_at!: Timestamp", b.ends_at AS "ends_at?: Timestamp",
                  b.is_active AS "is_active!", b.created_at AS "created_at!: Timestamp",
                  b.updated_at AS "updated_at!: Timestamp", m.username AS "moderator_name?"
           FROM user_bans b LEFT JOIN users m ON m.id = b.banned_by
           WHERE b.user_id = $1 ORDER BY b.created_at DESC, b.id DESC"#,
        user as Id
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|ban| BanHistoryEntry {
            banned_by: ban.banned_by.zip(ban.moderator_name).map(|(id, username)| UserRef { id, username }),
            id: ban.id,
            user_id: ban.user_id,
            ban_type: ban.ban_type,
            reason: ban.reason,
            start_date: ban.starts_at,
            end_date: ban.ends_at,
            is_active: ban.is_active,
            created_at: ban.created_at,
            updated_at: ban.updated_at,
        })
        .collect())
}
