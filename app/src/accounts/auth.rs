//! Sessions: the axum-login backend over PostgreSQL and the account each session
//! carries.

use super::types::{BanType, Role, User};
use crate::core::{AppError, AppResult, Id, Timestamp, error::BanDetails};
use axum_login::{AuthUser, AuthnBackend, UserId};
use sqlx::PgPool;

pub type AuthSession = axum_login::AuthSession<AuthBackend>;

/// A user's account as a session carries it, re-read from the database on every
/// request, so role and ban changes apply at once.
#[derive(Clone, Debug)]
pub struct Account {
    pub user: User,
    session_key: Vec<u8>,
    ban: ActiveBan,
}

/// The user's current ban, if one applies right now.
#[derive(Clone, Debug)]
struct ActiveBan {
    kind: Option<BanType>,
    reason: Option<String>,
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

/// Loads one account; `None` for unknown ids. The ban join only matches a ban in
/// force, so an expired temporary ban stops applying by itself.
pub async fn account<'e>(db: impl sqlx::PgExecutor<'e>, id: Id) -> AppResult<Option<Account>> {
    let row = sqlx::query!(
        r#"SELECT u.id AS "id!: Id", u.username AS "username!", u.role AS "role!: Role",
                  u.session_key AS "session_key!", b.ban_type AS "ban_type?: BanType",
                  b.reason AS "ban_reason?", b.ends_at AS "ban_ends_at?: Timestamp"
           FROM users u
           LEFT JOIN user_bans b ON b.id = u.current_ban_id AND b.is_active
                                 AND (b.ends_at IS NULL OR b.ends_at > now())
           WHERE u.id = $1"#,
        id as Id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|row| Account {
        user: User { id: row.id, username: row.username, role: row.role },
        session_key: row.session_key,
        ban: ActiveBan { kind: row.ban_type, reason: row.ban_reason, ends_at: row.ban_ends_at },
    }))
}

/// Whether a session is still stored (signing out deletes it).
pub async fn session_lives(pool: &PgPool, session: &str) -> AppResult<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM tower_sessions.session WHERE id = $1 AND expiry_date > now()) AS "lives!""#,
        session
    )
    .fetch_one(pool)
    .await?)
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

/// Ends the session: its row is deleted and the cookie cleared, and the user's open
/// sockets hear of it.
pub async fn end_session(session: &mut AuthSession) -> AppResult<()> {
    let user = session.logout().await.map_err(|e| AppError::internal("could not end the session", e))?;
    if let Some(account) = user {
        announce_change(&session.backend.pool, account.user.id).await?;
    }
    Ok(())
}

/// Tells the user's open sockets, on every process, that their account changed.
pub async fn announce_change(pool: &PgPool, user: Id) -> AppResult<()> {
    let mut db = pool.acquire().await?;
    crate::events::publish(&mut db, &[crate::events::Event::UserChanged { user }]).await
}
