//! Preferences: one row per user, created on first save.

use crate::{
    accounts::{
        caller::Caller,
        types::{BlockedUser, EditorSettings, Preferences, PreferencesChange, Theme},
    },
    core::{AppError, AppResult, Id, Timestamp},
    events::{self, Event},
};
use sqlx::{PgPool, types::Json};

pub const PREFERRED_LANGUAGE_MAX: usize = 64;
pub const BLOCKED_USERS_MAX: usize = 1000;

struct PreferencesRow {
    id: Id,
    user_id: Id,
    blocked_users: Vec<Id>,
    preferred_language: Option<String>,
    theme: Option<Theme>,
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
            theme: row.theme,
            editor: row.editor.map(|e| e.0),
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

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
    let row = sqlx::query_as!(
        PreferencesRow,
        r#"SELECT id AS "id: Id", user_id AS "user_id: Id", blocked_users AS "blocked_users!: Vec<Id>",
                  preferred_language, theme AS "theme: Theme", editor AS "editor: Json<EditorSettings>",
                  created_at AS "created_at: Timestamp", updated_at AS "updated_at: Timestamp"
           FROM preferences WHERE user_id = $1"#,
        user as Id
    )
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
    let mut tx = pool.begin().await?;
    // $3 is typed as bytea[]: the object_ids domain would refuse the NULL that means "keep the list".
    let row = sqlx::query_as!(
        PreferencesRow,
        r#"INSERT INTO preferences AS p (user_id, id, blocked_users, preferred_language, theme, editor)
           VALUES ($1, $2, coalesce($3::bytea[], '{}'), $4, $5::theme, $6)
           ON CONFLICT (user_id) DO UPDATE SET
              blocked_users = coalesce($3, p.blocked_users),
              preferred_language = coalesce($4, p.preferred_language),
              theme = coalesce($5::theme, p.theme),
              editor = coalesce($6, p.editor)
           RETURNING id AS "id: Id", user_id AS "user_id: Id", blocked_users AS "blocked_users!: Vec<Id>",
                     preferred_language, theme AS "theme: Theme", editor AS "editor: Json<EditorSettings>",
                     created_at AS "created_at: Timestamp", updated_at AS "updated_at: Timestamp""#,
        user as Id,
        Id::new() as Id,
        blocked.as_deref() as Option<&[Id]>,
        language,
        change.theme as Option<Theme>,
        change.editor.map(Json) as _
    )
    .fetch_one(&mut *tx)
    .await?;
    // The user's open sockets read who they block again (chat from blocked users is collapsed).
    if blocked.is_some() {
        events::publish(&mut tx, &[Event::UserChanged { user }]).await?;
    }
    tx.commit().await?;
    Ok(row.into())
}

/// Deletes the caller's row; `false` when there was none.
pub async fn delete(pool: &PgPool, caller: &Caller) -> AppResult<bool> {
    let user = caller.user()?.id;
    let mut tx = pool.begin().await?;
    let deleted =
        sqlx::query!("DELETE FROM preferences WHERE user_id = $1", user as Id).execute(&mut *tx).await?;
    // The blocked list went with the row (see `update`).
    events::publish(&mut tx, &[Event::UserChanged { user }]).await?;
    tx.commit().await?;
    Ok(deleted.rows_affected() > 0)
}

/// Keeps a signed-in caller's theme; nothing to keep for visitors.
pub async fn remember_theme(pool: &PgPool, caller: &Caller, theme: Theme) -> AppResult<()> {
    if caller.signed_in().is_none() {
        return Ok(());
    }
    update(pool, caller, PreferencesChange { theme: Some(theme), ..Default::default() }).await.map(drop)
}

/// The ids of the users `user` has blocked.
pub async fn blocked_ids(pool: &PgPool, user: Id) -> AppResult<Vec<Id>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT coalesce(blocked_users, '{}') AS "blocked!: Vec<Id>" FROM preferences WHERE user_id = $1"#,
        user as Id
    )
    .fetch_optional(pool)
    .await?
    .unwrap_or_default())
}

/// The users `user` has blocked, by name.
pub async fn blocked_users(pool: &PgPool, user: Id) -> AppResult<Vec<BlockedUser>> {
    Ok(sqlx::query_as!(
        BlockedUser,
        r#"SELECT u.id AS "id: Id", u.username FROM preferences p JOIN users u ON u.id = ANY (p.blocked_users)
           WHERE p.user_id = $1 ORDER BY lower(u.username)"#,
        user as Id
    )
    .fetch_all(pool)
    .await?)
}

/// Adds or removes one user the caller blocks, by name.
pub async fn set_blocked(
    pool: &PgPool,
    caller: &Caller,
    username: &str,
    blocked: bool,
) -> AppResult<Vec<BlockedUser>> {
    let user = caller.user()?.id;
    let target = sqlx::query_scalar!(
        r#"SELECT id AS "id: Id" FROM users WHERE lower(username) = lower($1)"#,
        username.trim()
    )
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
