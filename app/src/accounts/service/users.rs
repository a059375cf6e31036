//! Public user records and profiles.

use crate::{
    accounts::{
        caller::Caller,
        rules,
        types::{Profile, ProfileView, PublicUser, Role, SettingsData, User},
    },
    core::{AppError, AppResult, Id, Timestamp},
};
use sqlx::{PgPool, types::Json};

struct UserRow {
    id: Id,
    username: String,
    profile: Option<Json<Profile>>,
    role: Role,
    current_ban_id: Option<Id>,
    created_at: Timestamp,
    updated_at: Timestamp,
}

impl From<UserRow> for PublicUser {
    fn from(row: UserRow) -> Self {
        PublicUser {
            id: row.id,
            username: row.username,
            profile: row.profile.map(|p| p.0),
            role: row.role,
            current_ban: row.current_ban_id,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

/// Who the caller is, if they may act (401 signed out, 403 banned).
pub fn me(caller: &Caller) -> AppResult<&User> {
    caller.user()
}

/// A user by name, ignoring case; `None` for names that break the username rules.
pub async fn by_username(pool: &PgPool, username: &str) -> AppResult<Option<PublicUser>> {
    if rules::check_username(username).is_err() {
        return Ok(None);
    }
    let row = sqlx::query_as!(
        UserRow,
        r#"SELECT id AS "id: Id", username, profile AS "profile: Json<Profile>", role AS "role: Role",
                  current_ban_id AS "current_ban_id: Id", created_at AS "created_at: Timestamp",
                  updated_at AS "updated_at: Timestamp"
           FROM users WHERE lower(username) = lower($1)"#,
        username
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(Into::into))
}

pub async fn by_id(pool: &PgPool, id: Id) -> AppResult<Option<PublicUser>> {
    let row = sqlx::query_as!(
        UserRow,
        r#"SELECT id AS "id: Id", username, profile AS "profile: Json<Profile>", role AS "role: Role",
                  current_ban_id AS "current_ban_id: Id", created_at AS "created_at: Timestamp",
                  updated_at AS "updated_at: Timestamp"
           FROM users WHERE id = $1"#,
        id as Id
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(Into::into))
}

/// What only the caller sees of their own account, for the settings pages.
pub async fn settings(pool: &PgPool, caller: &Caller) -> AppResult<SettingsData> {
    let user = caller.user()?;
    let row = sqlx::query!(
        r#"SELECT email, profile AS "profile: Json<Profile>" FROM users WHERE id = $1"#,
        user.id as Id
    )
    .fetch_one(pool)
    .await?;
    Ok(SettingsData {
        username: user.username.clone(),
        email: row.email,
        profile: row.profile.map(|p| p.0).unwrap_or_default(),
        preferences: super::preferences::get(pool, user.id).await?,
        blocked: super::preferences::blocked_users(pool, user.id).await?,
    })
}

/// A user's public profile with one page of their activity; `None` for unknown users.
pub async fn profile(pool: &PgPool, username: &str, page: u32) -> AppResult<Option<ProfileView>> {
    let Some(user) = by_username(pool, username).await? else {
        return Ok(None);
    };
    let activity = crate::accounts::activity::page_of(pool, user.id, page).await?;
    Ok(Some(ProfileView { user, activity }))
}

/// Several users at once, in no particular order.
pub async fn by_ids(pool: &PgPool, ids: &[Id]) -> AppResult<Vec<PublicUser>> {
    let rows = sqlx::query_as!(
        UserRow,
        r#"SELECT id AS "id: Id", username, profile AS "profile: Json<Profile>", role AS "role: Role",
                  current_ban_id AS "current_ban_id: Id", created_at AS "created_at: Timestamp",
                  updated_at AS "updated_at: Timestamp"
           FROM users WHERE id = ANY ($1)"#,
        ids as &[Id]
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Whether a new account could take this username.
pub async fn is_available(pool: &PgPool, username: &str) -> AppResult<bool> {
    rules::check_username(username).map_err(|m| AppError::validation("username", m))?;
    let taken = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM users WHERE lower(username) = lower($1)) AS "taken!""#,
        username
    )
    .fetch_one(pool)
    .await?;
    Ok(!taken)
}

pub async fn update_profile(pool: &PgPool, caller: &Caller, profile: Profile) -> AppResult<PublicUser> {
    let id = caller.user()?.id;
    let profile = rules::normalize_profile(profile).map_err(AppError::Validation)?;
    let row = sqlx::query_as!(
        UserRow,
        r#"UPDATE users SET profile = $2 WHERE id = $1
           RETURNING id AS "id: Id", username, profile AS "profile: Json<Profile>", role AS "role: Role",
                     current_ban_id AS "current_ban_id: Id", created_at AS "created_at: Timestamp",
                     updated_at AS "updated_at: Timestamp""#,
        id as Id,
        Json(profile) as _
    )
    .fetch_one(pool)
    .await?;
    Ok(row.into())
}

/// Operators' command: gives a user a role.
pub async fn set_role(pool: &PgPool, username: &str, role: Role) -> AppResult<PublicUser> {
    let mut tx = pool.begin().await?;
    let row = sqlx::query_as!(
        UserRow,
        r#"UPDATE users SET role = $2 WHERE lower(username) = lower($1)
           RETURNING id AS "id: Id", username, profile AS "profile: Json<Profile>", role AS "role: Role",
                     current_ban_id AS "current_ban_id: Id", created_at AS "created_at: Timestamp",
                     updated_at AS "updated_at: Timestamp""#,
        username,
        role as Role
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| AppError::not_found(format!("No user called {username}")))?;
    let details = serde_json::json!({ "role": role });
    crate::core::audit::record(&mut tx, None, "user.role", "user", Some(row.id), details).await?;
    tx.commit().await?;
    // Open sockets take the new role at once.
    crate::accounts::auth::announce_change(pool, row.id).await?;
    Ok(row.into())
}
