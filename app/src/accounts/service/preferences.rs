//! Preferences: one row per user, created on first save.

use crate::{
    accounts::{
        caller::Caller,
        types::{BlockedUser, EditorSettings, Preferences, PreferencesChange, Theme},
    },
    core::{AppError, AppResult, Id, Timestamp},
};
use sqlx::{FromRow, PgPool, types::Json};

pub const PREFERRED_LANGUAGE_MAX: usize = 64;
pub const BLOCKED_USERS_MAX: usize = 1000;

#[derive(FromRow)]
struct PreferencesRow {
    id: Id,
    user_id: Id,
    blocked_users: Vec<Id>,
    preferred_language: Option<String>,
    theme: Option<String>,
    editor: Option<Json<EditorSettings>>,
    created_at: Timestamp,
    updated_at: Timestamp,
}

impl From<PreferencesRow> for Preferences {
    fn from(row: PreferencesRow) -> Self {
        Preferences {
            id: row.id,
            owner: row.user_id,
            blocked_users: row.blocked_users,
            preferred_language: row.preferred_language,
            theme: row.theme.as_deref().and_then(Theme::parse),
            editor: row.editor.map(|e| e.0),
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

const COLUMNS: &str =
    "id, user_id, blocked_users, preferred_language, theme::text AS theme, editor, created_at, updated_at";

/// The caller's preferences; none for users who never saved any.
pub async fn mine(pool: &PgPool, caller: &Caller) -> AppResult<Option<Preferences>> {
    get(pool, caller.user()?.id).await
}

/// The preferences pages adapt to: the caller's, none for visitors.
pub async fn for_reader(pool: &PgPool, caller: &Caller) -> AppResult<Option<Preferences>> {
    match caller.signed_in() {
        Some(user) => get(pool, user.id).await,
        None => Ok(None),
    }
}

pub async fn get(pool: &PgPool, user: Id) -> AppResult<Option<Preferences>> {
    let row =
        sqlx::query_as::<_, PreferencesRow>(&format!("SELECT {COLUMNS} FROM preferences WHERE user_id = $1"))
            .bind(user)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(Into::into))
}

/// Saves the keys present in `change` for the caller, keeping the others; creates
/// the row if needed.
pub async fn update(pool: &PgPool, caller: &Caller, change: PreferencesChange) -> AppResult<Preferences> {
    let user = caller.user()?.id;
    let language = change.preferred_language.map(|l| l.trim().to_owned());
    if let Some(language) = &language
        && !(1..=PREFERRED_LANGUAGE_MAX).contains(&language.chars().count())
    {
        return Err(AppError::validation(
            "preferredLanguage",
            format!("The preferred language must be 1 to {PREFERRED_LANGUAGE_MAX} characters"),
        ));
    }
    let mut blocked = change.blocked_users;
    if let Some(list) = blocked.as_mut() {
        list.sort();
        list.dedup();
        list.retain(|id| *id != user);
        if list.len() > BLOCKED_USERS_MAX {
            return Err(AppError::validation(
                "blockedUsers",
                format!("At most {BLOCKED_USERS_MAX} blocked users"),
            ));
        }
    }
    let row = sqlx::query_as::<_, PreferencesRow>(&format!(
        "INSERT INTO preferences AS p (user_id, id, blocked_users, preferred_language, theme, editor)
         VALUES ($1, $2, coalesce($3, '{{}}'), $4, $5::theme, $6)
         ON CONFLICT (user_id) DO UPDATE SET
            blocked_users = coalesce($3, p.blocked_users),
            preferred_language = coalesce($4, p.preferred_language),
            theme = coalesce($5::theme, p.theme),
            editor = coalesce($6, p.editor)
         RETURNING {COLUMNS}"
    ))
    .bind(user)
    .bind(Id::new())
    .bind(blocked)
    .bind(language)
    .bind(change.theme.map(Theme::as_str))
    .bind(change.editor.map(Json))
    .fetch_one(pool)
    .await?;
    Ok(row.into())
}

/// Deletes the caller's row; `false` when there was none.
pub async fn delete(pool: &PgPool, caller: &Caller) -> AppResult<bool> {
    let user = caller.user()?.id;
    let deleted = sqlx::query("DELETE FROM preferences WHERE user_id = $1").bind(user).execute(pool).await?;
    Ok(deleted.rows_affected() > 0)
}

/// Keeps a signed-in caller's theme; nothing to keep for visitors.
pub async fn remember_theme(pool: &PgPool, caller: &Caller, theme: Theme) -> AppResult<()> {
    if caller.signed_in().is_none() {
        return Ok(());
    }
    update(pool, caller, PreferencesChange { theme: Some(theme), ..Default::default() }).await.map(drop)
}

/// The users `user` has blocked, by name.
pub async fn blocked_users(pool: &PgPool, user: Id) -> AppResult<Vec<BlockedUser>> {
    let rows = sqlx::query_as::<_, (Id, String)>(
        "SELECT u.id, u.username FROM preferences p JOIN users u ON u.id = ANY (p.blocked_users)
         WHERE p.user_id = $1 ORDER BY lower(u.username)",
    )
    .bind(user)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(id, username)| BlockedUser { id, username }).collect())
}

/// Adds or removes one user the caller blocks, by name.
pub async fn set_blocked(
    pool: &PgPool,
    caller: &Caller,
    username: &str,
    blocked: bool,
) -> AppResult<Vec<BlockedUser>> {
    let user = caller.user()?.id;
    let target: Id = sqlx::query_scalar("SELECT id FROM users WHERE lower(username) = lower($1)")
        .bind(username.trim())
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| AppError::validation("username", format!("No user called {}", username.trim())))?;
    if target == user {
        return Err(AppError::validation("username", "You cannot block yourself"));
    }
    let mut list: Vec<Id> = blocked_users(pool, user).await?.into_iter().map(|b| b.id).collect();
    list.retain(|id| *id != target);
    if blocked {
        list.push(target);
    }
    update(pool, caller, PreferencesChange { blocked_users: Some(list), ..Default::default() }).await?;
    blocked_users(pool, user).await
}
