//! Who a request, socket frame or job acts for. Adapters build one `Caller` from
//! the session and hand it to services, which decide with it what may happen: who
//! is signed in, whether a ban refuses them, whether they moderate, and whose
//! limits apply.

use super::{auth::Account, types::User};
use crate::core::{AppError, AppResult};
use axum_login::AuthUser;
use std::net::{IpAddr, Ipv4Addr};

#[derive(Clone, Debug)]
pub struct Caller {
    account: Option<Account>,
    address: IpAddr,
    /// The session the account came from, when it came from one.
    session: Option<String>,
}

impl Caller {
    pub fn new(account: Option<Account>, address: IpAddr) -> Self {
        Self { account, address, session: None }
    }

    /// The caller of a request made with `session`.
    pub fn of_session(account: Option<Account>, address: IpAddr, session: Option<String>) -> Self {
        Self { account, address, session }
    }

    /// A visitor who is not signed in.
    pub fn anonymous(address: IpAddr) -> Self {
        Self::new(None, address)
    }

    /// A signed-in caller without a network address: operator commands, jobs and tests.
    pub fn local(account: Account) -> Self {
        Self::new(Some(account), IpAddr::V4(Ipv4Addr::LOCALHOST))
    }

    /// The client address, for per-address limits.
    pub fn address(&self) -> IpAddr {
        self.address
    }

    /// The signed-in user who may act: 401 when signed out, 403 with the ban when banned.
    pub fn user(&self) -> AppResult<&User> {
        let account = self.account.as_ref().ok_or_else(not_signed_in)?;
        match account.ban_refusal() {
            Some(refusal) => Err(refusal),
            None => Ok(&account.user),
        }
    }

    /// A moderator: 401 when signed out, 403 for everyone else. Moderators are not
    /// held to bans, as in the legacy API (and no moderator can ban another).
    pub fn moderator(&self) -> AppResult<&User> {
        let account = self.account.as_ref().ok_or_else(not_signed_in)?;
        if account.is_moderator() {
            Ok(&account.user)
        } else {
            Err(AppError::Forbidden("Moderator access required".into()))
        }
    }

    /// The signed-in user as far as reading goes: banned users read as visitors.
    pub fn signed_in(&self) -> Option<&User> {
        self.account.as_ref().filter(|a| a.ban_refusal().is_none()).map(|a| &a.user)
    }

    pub fn is_moderator(&self) -> bool {
        self.signed_in().is_some_and(User::is_moderator)
    }

    /// The same caller with their account read again, for connections that outlive
    /// a request (sockets): a role change applies at once, and the error says why the
    /// connection must end (a ban, or a session ended by a ban, a password change or
    /// signing out). Visitors stay visitors.
    pub async fn refreshed(&self, pool: &sqlx::PgPool) -> AppResult<Self> {
        let Some(current) = &self.account else {
            return Ok(self.clone());
        };
        let fresh = super::auth::account(pool, current.user.id).await?.ok_or_else(session_ended)?;
        if let Some(refusal) = fresh.ban_refusal() {
            return Err(refusal);
        }
        if fresh.session_auth_hash() != current.session_auth_hash() {
            return Err(session_ended());
        }
        if let Some(session) = &self.session
            && !super::auth::session_lives(pool, session).await?
        {
            return Err(session_ended());
        }
        Ok(Self { account: Some(fresh), ..self.clone() })
    }
}

fn session_ended() -> AppError {
    AppError::Unauthorized("Your session has ended; sign in again.".into())
}

pub fn not_signed_in() -> AppError {
    AppError::Unauthorized("You need to be logged in.".into())
}
