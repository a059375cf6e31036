//! Account rules and storage: the only place with SQL about users.

pub mod bans;
pub mod credentials;
pub mod preferences;
pub mod users;

use super::auth::{Account, account};
use crate::core::{AppError, AppResult, Id};
use sqlx::PgExecutor;

/// Loads the account of a user who must exist.
async fn account_of<'e>(db: impl PgExecutor<'e>, id: Id) -> AppResult<Account> {
    account(db, id).await?.ok_or_else(|| AppError::internal("account", "user vanished"))
}
