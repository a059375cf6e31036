//! Sessions: the axum-login backend over PostgreSQL and the account each session
//! carries.

use super::types::{BanType, Role, User};
use crate::core::{AppError, AppResult, Id, Timestamp, error::BanDetails};
use axum_login::{AuthUser, AuthnBackend, UserId};
use sqlx::{FromRow, PgPool};

pub type AuthSession = axum_login::AuthSession<AuthBackend>;

/// A user's account as a session carries it, re-read from the database on every
/// request, so role and ban changes apply at once.
#[derive(Clone, Debug, FromRow)]
pub struct Account {
    #[sqlx(flatten)]
    pub user: User,
    session_key: Vec<u8>,
    #[sqlx(flatten)]
    ban: ActiveBan,
}

/// The user's current ban, if one applies right now.
#[derive(Clone, Debug, FromRow)]
struct ActiveBan {
    #[sqlx(rename = "ban_type")]
    kind: Option<BanType>,
    #[sqlx(rename = "ban_reason")]
    reason: Option<String>,
    #[sqlx(rename = "ban_ends_at")]
    ends_at: Option<Timestamp>,
}

impl AuthUser for Account {
    type Id = Id;

    fn id(&self) -> Id {
        self.user.id
    }

    /// A session is valid only while the user's session key is unchanged; bans,
    /// password changes and role changes replace the key, which ends every session.
    fn session_auth_hash(&self) -> &[u8] {
        &self.session_key
    }
}

impl Account {
    /// The refusal a banned user gets, with the legacy wording.
    pub fn ban_refusal(&self) -> Option<AppError> {
        let kind = self.ban.kind?;
        let reason = self.ban.reason.clone().unwrap_or_default();
        let message = match (kind, self.ban.ends_at) {
            (BanType::Temporary, Some(until)) => {
                format!("You are temporarily banned until {until}. Reason: {reason}")
            }
            _ => format!("You have been permanently banned. Reason: {reason}"),
        };
        Some(AppError::Banned {
            message,
            details: BanDetails { ban_type: kind.as_str().into(), reason, end_date: self.ban.ends_at },
        })
    }

    pub fn is_moderator(&self) -> bool {
        self.user.role == Role::Moderator
    }
}

/// The columns `Account` reads; the ban join only matches a ban in force, so an
/// expired temporary ban stops applying by itself.
const ACCOUNT_SQL: &str = "
    SELECT u.id, u.username, u.role, u.session_key,
           b.ban_type, b.reason AS ban_reason, b.ends_at AS ban_ends_at
    FROM users u
    LEFT JOIN user_bans b ON b.id = u.current_ban_id AND b.is_active
                          AND (b.ends_at IS NULL OR b.ends_at > now())";

/// Loads one account; `None` for unknown ids.
pub async fn account<'e>(db: impl sqlx::PgExecutor<'e>, id: Id) -> AppResult<Option<Account>> {
    Ok(sqlx::query_as(&format!("{ACCOUNT_SQL} WHERE u.id = $1")).bind(id).fetch_optional(db).await?)
}

#[derive(Clone)]
pub struct AuthBackend {
    pool: PgPool,
}

impl AuthBackend {
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }
}

impl AuthnBackend for AuthBackend {
    type User = Account;
    /// Logins go through `service::credentials::login`, which also applies the
    /// rate limits; axum-login only keeps the session.
    type Credentials = std::convert::Infallible;
    type Error = AppError;

    async fn authenticate(&self, credentials: Self::Credentials) -> AppResult<Option<Account>> {
        match credentials {}
    }

    async fn get_user(&self, id: &UserId<Self>) -> AppResult<Option<Account>> {
        account(&self.pool, *id).await
    }
}

/// Logs `account` into `session` under a new session id, even when the session
/// belonged to someone else before: a session id planted in a browser must never
/// become a signed-in one.
pub async fn start_session(session: &mut AuthSession, account: &Account) -> AppResult<()> {
    // axum-login cycles the id itself only when the session had no user yet.
    if session.user.is_some() {
        session
            .session
            .cycle_id()
            .await
            .map_err(|e| AppError::internal("could not renew the session id", e))?;
    }
    session.login(account).await.map_err(|e| AppError::internal("could not start a session", e))
}

/// Ends the session: its row is deleted and the cookie cleared.
pub async fn end_session(session: &mut AuthSession) -> AppResult<()> {
    session.logout().await.map(drop).map_err(|e| AppError::internal("could not end the session", e))
}
