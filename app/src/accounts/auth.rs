//! Who is signed in: the axum-login backend over PostgreSQL, and the checks every
//! authenticated action goes through.

use super::types::{BanType, Role, Viewer};
use crate::core::{AppError, AppResult, Id, Timestamp, error::BanDetails};
use axum_login::{AuthUser, AuthnBackend, UserId};
use sqlx::{FromRow, PgPool};

pub type AuthSession = axum_login::AuthSession<AuthBackend>;

/// The signed-in user, re-read from the database on every request, so role and
/// ban changes apply at once.
#[derive(Clone, Debug, FromRow)]
pub struct SessionUser {
    pub id: Id,
    pub username: String,
    pub role: Role,
    session_key: Vec<u8>,
    #[sqlx(flatten)]
    pub ban: ActiveBan,
}

/// The user's current ban, if one applies right now.
#[derive(Clone, Debug, FromRow)]
pub struct ActiveBan {
    #[sqlx(rename = "ban_type")]
    kind: Option<BanType>,
    #[sqlx(rename = "ban_reason")]
    reason: Option<String>,
    #[sqlx(rename = "ban_ends_at")]
    ends_at: Option<Timestamp>,
}

impl AuthUser for SessionUser {
    type Id = Id;

    fn id(&self) -> Id {
        self.id
    }

    /// A session is valid only while the user's session key is unchanged; bans and
    /// password changes replace the key, which ends every session at once.
    fn session_auth_hash(&self) -> &[u8] {
        &self.session_key
    }
}

impl SessionUser {
    pub fn viewer(&self) -> Viewer {
        Viewer { id: self.id, username: self.username.clone(), role: self.role }
    }

    pub fn is_moderator(&self) -> bool {
        self.role == Role::Moderator
    }

    /// The refusal a banned user gets, with the legacy wording.
    pub fn ban_error(&self) -> Option<AppError> {
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
}

/// The columns `SessionUser` reads; the ban join only matches a ban in force, so an
/// expired temporary ban stops applying by itself.
pub(super) const SESSION_USER_SQL: &str = "
    SELECT u.id, u.username, u.role, u.session_key,
           b.ban_type, b.reason AS ban_reason, b.ends_at AS ban_ends_at
    FROM users u
    LEFT JOIN user_bans b ON b.id = u.current_ban_id AND b.is_active
                          AND (b.ends_at IS NULL OR b.ends_at > now())";

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
    type User = SessionUser;
    /// Logins go through `service::credentials::login`, which also applies the
    /// rate limits; axum-login only keeps the session.
    type Credentials = std::convert::Infallible;
    type Error = AppError;

    async fn authenticate(&self, credentials: Self::Credentials) -> AppResult<Option<SessionUser>> {
        match credentials {}
    }

    async fn get_user(&self, id: &UserId<Self>) -> AppResult<Option<SessionUser>> {
        let user = sqlx::query_as::<_, SessionUser>(&format!("{SESSION_USER_SQL} WHERE u.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(user)
    }
}

/// The signed-in user, refused when absent (401) or banned (403).
pub fn require_user(session: &AuthSession) -> AppResult<SessionUser> {
    let user = session.user.clone().ok_or_else(not_signed_in)?;
    match user.ban_error() {
        Some(refusal) => Err(refusal),
        None => Ok(user),
    }
}

/// A moderator; as in the legacy API, moderator actions skip the ban check.
pub fn require_moderator(session: &AuthSession) -> AppResult<SessionUser> {
    let user = session.user.clone().ok_or_else(not_signed_in)?;
    if user.is_moderator() { Ok(user) } else { Err(AppError::Forbidden("Moderator access required".into())) }
}

pub fn not_signed_in() -> AppError {
    AppError::Unauthorized("You need to be logged in.".into())
}

/// Logs `user` into `session`, starting a fresh session id.
pub async fn start_session(session: &mut AuthSession, user: &SessionUser) -> AppResult<()> {
    session.login(user).await.map_err(|e| AppError::internal("could not start a session", e))
}

/// Ends the session: its row is deleted and the cookie cleared.
pub async fn end_session(session: &mut AuthSession) -> AppResult<()> {
    session.logout().await.map(drop).map_err(|e| AppError::internal("could not end the session", e))
}
