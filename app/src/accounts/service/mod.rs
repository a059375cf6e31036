//! Account rules and storage: the only place with SQL about users.

pub mod bans;
pub mod credentials;
pub mod preferences;
pub mod users;

use super::auth::{SESSION_USER_SQL, SessionUser};
use crate::core::{AppResult, Id};
use sqlx::PgExecutor;

/// Loads the session view of one user.
async fn session_user<'e>(db: impl PgExecutor<'e>, id: Id) -> AppResult<SessionUser> {
    Ok(sqlx::query_as(&format!("{SESSION_USER_SQL} WHERE u.id = $1")).bind(id).fetch_one(db).await?)
}
