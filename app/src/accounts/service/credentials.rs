//! Registration, login and credential changes.

use super::account_of;
use crate::{
    accounts::{
        auth::Account,
        caller::Caller,
        password::{self, Verdict},
        rules,
    },
    core::{AppError, AppResult, FieldError, Id, rate_limit::RateLimits},
};
use sqlx::PgPool;

const WRONG_CREDENTIALS: &str = "Invalid email/username or password";

pub struct Registration {
    pub username: String,
    pub email: String,
    pub password: String,
}

/// Signs a visitor up, within the per-address registration limit.
pub async fn register(
    pool: &PgPool,
    limits: &RateLimits,
    caller: &Caller,
    form: Registration,
) -> AppResult<Account> {
    limits.check_registration(caller.address())?;
    create_account(pool, form).await
}

/// Creates an account. Username and e-mail are unique regardless of case.
pub async fn create_account(pool: &PgPool, form: Registration) -> AppResult<Account> {
    let username = form.username.trim().to_owned();
    let email = form.email.trim().to_lowercase();
    let errors = rules::check_registration(&username, &email, &form.password);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    ensure_available(pool, &username, &email).await?;

    let hash = hash_off_thread(form.password).await?;
    let id = Id::new();
    let inserted = sqlx::query!(
        "INSERT INTO users (id, username, email, password_hash) VALUES ($1, $2, $3, $4)",
        id as Id,
        &username,
        &email,
        hash
    )
    .execute(pool)
    .await;
    match inserted {
        Ok(_) => account_of(pool, id).await,
        // Someone took the name between the check and the insert.
        Err(error) => match unique_violation(&error) {
            Some("users_username_key") => Err(taken("username")),
            Some("users_email_key") => Err(taken("email")),
            _ => Err(error.into()),
        },
    }
}

async fn ensure_available(pool: &PgPool, username: &str, email: &str) -> AppResult<()> {
    let existing = sqlx::query!(
        r#"SELECT EXISTS (SELECT 1 FROM users WHERE lower(username) = lower($1)) AS "username!",
                  EXISTS (SELECT 1 FROM users WHERE email = $2) AS "email!""#,
        username,
        email
    )
    .fetch_one(pool)
    .await?;
    match (existing.username, existing.email) {
        (true, _) => Err(taken("username")),
        (_, true) => Err(taken("email")),
        _ => Ok(()),
    }
}

fn taken(field: &str) -> AppError {
    let message = match field {
        "username" => "Username already exists",
        _ => "Email already exists",
    };
    AppError::validation(field, message)
}

fn unique_violation(error: &sqlx::Error) -> Option<&str> {
    match error {
        sqlx::Error::Database(db) if db.code().as_deref() == Some("23505") => db.constraint(),
        _ => None,
    }
}

struct StoredCredentials {
    id: Id,
    password_hash: String,
    failed_logins: i32,
    secs_since_failure: f64,
    trusted_address: bool,
}

/// Checks a login and refuses banned users. Identifiers that look like an e-mail
/// address are looked up by e-mail, others by username, both ignoring case. Failed
/// attempts are limited per client address, and slow the account down (see
/// `rules::login_wait_secs`) except from addresses it signed in from before; the
/// answer never reveals whether an account exists.
pub async fn login(
    pool: &PgPool,
    limits: &RateLimits,
    caller: &Caller,
    identifier: &str,
    password: &str,
) -> AppResult<Account> {
    let identifier = identifier.trim();
    let by_email = rules::is_email(identifier);
    if (!by_email && rules::check_username(identifier).is_err()) || rules::check_password(password).is_err() {
        return Err(AppError::Validation(vec![FieldError::new("identifier", WRONG_CREDENTIALS)]));
    }
    limits.check_login(caller.address())?;
    let address = caller.address().to_string();

    // Failures count while each came within an hour of the one before.
    let stored = sqlx::query_as!(
        StoredCredentials,
        r#"SELECT u.id AS "id: Id", u.password_hash,
                  CASE WHEN u.last_failed_login > now() - interval '1 hour' THEN u.failed_logins ELSE 0 END
                      AS "failed_logins!",
                  coalesce(extract(epoch FROM now() - u.last_failed_login)::float8, 1e9) AS "secs_since_failure!",
                  EXISTS (SELECT 1 FROM login_addresses a WHERE a.user_id = u.id AND a.address = $3)
                      AS "trusted_address!"
           FROM users u WHERE CASE WHEN $2 THEN u.email = lower($1) ELSE lower(u.username) = lower($1) END"#,
        identifier,
        by_email,
        address
    )
    .fetch_optional(pool)
    .await?;

    let Some(stored) = stored else {
        let password = password.to_owned();
        let _ = password::off_thread(move || password::verify_nothing(&password)).await;
        return Err(AppError::BadRequest(WRONG_CREDENTIALS.into()));
    };
    let wait = rules::login_wait_secs(stored.failed_logins.max(0) as u32, limits.free_failed_logins);
    let waited = stored.secs_since_failure.max(0.0) as u64;
    if !stored.trusted_address && waited < wait {
        return Err(AppError::TooManyRequests { retry_after_secs: (wait - waited).max(1) });
    }

    match verify_off_thread(password.to_owned(), stored.password_hash).await? {
        Verdict::Wrong => {
            record_failed_login(pool, stored.id).await?;
            Err(AppError::BadRequest(WRONG_CREDENTIALS.into()))
        }
        verdict => {
            let new_hash = match verdict {
                Verdict::CorrectNeedsRehash => Some(hash_off_thread(password.to_owned()).await?),
                _ => None,
            };
            let mut tx = pool.begin().await?;
            sqlx::query!(
                "UPDATE users SET failed_logins = 0, failed_logins_since = NULL, last_failed_login = NULL,
                                  password_hash = coalesce($2, password_hash)
                 WHERE id = $1",
                stored.id as Id,
                new_hash
            )
            .execute(&mut *tx)
            .await?;
            sqlx::query!(
                "INSERT INTO login_addresses (user_id, address) VALUES ($1, $2)
                 ON CONFLICT (user_id, address) DO UPDATE SET last_success = now()",
                stored.id as Id,
                address
            )
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            let account = account_of(pool, stored.id).await?;
            match account.ban_refusal() {
                Some(refusal) => Err(refusal),
                None => Ok(account),
            }
        }
    }
}

/// Counts a failure in a row, starting over when the last one is an hour old.
async fn record_failed_login(pool: &PgPool, id: Id) -> AppResult<()> {
    sqlx::query!(
        "UPDATE users SET
            failed_logins = CASE WHEN last_failed_login > now() - interval '1 hour' THEN failed_logins + 1 ELSE 1 END,
            failed_logins_since = CASE WHEN last_failed_login > now() - interval '1 hour' THEN failed_logins_since ELSE now() END,
            last_failed_login = now()
         WHERE id = $1",
        id as Id
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Replaces the password after checking the current one; every other session ends.
pub async fn change_password(pool: &PgPool, caller: &Caller, current: &str, new: &str) -> AppResult<Account> {
    let id = caller.user()?.id;
    rules::check_password(new).map_err(|m| AppError::validation("new_password", m))?;
    confirm_password(pool, id, current).await?;
    let hash = hash_off_thread(new.to_owned()).await?;
    sqlx::query!(
        "UPDATE users SET password_hash = $2, session_key = uuid_send(gen_random_uuid()) WHERE id = $1",
        id as Id,
        hash
    )
    .execute(pool)
    .await?;
    crate::accounts::auth::announce_change(pool, id).await?;
    account_of(pool, id).await
}

/// Replaces the e-mail address after checking the password.
pub async fn change_email(pool: &PgPool, caller: &Caller, password: &str, email: &str) -> AppResult<()> {
    let id = caller.user()?.id;
    let email = email.trim().to_lowercase();
    rules::check_email(&email).map_err(|m| AppError::validation("email", m))?;
    confirm_password(pool, id, password).await?;
    let updated =
        sqlx::query!("UPDATE users SET email = $2 WHERE id = $1", id as Id, &email).execute(pool).await;
    match updated {
        Err(error) if unique_violation(&error).is_some() => Err(taken("email")),
        other => other.map(drop).map_err(Into::into),
    }
}

async fn confirm_password(pool: &PgPool, id: Id, password: &str) -> AppResult<()> {
    let stored = sqlx::query_scalar!("SELECT password_hash FROM users WHERE id = $1", id as Id)
        .fetch_one(pool)
        .await?;
    match verify_off_thread(password.to_owned(), stored).await? {
        Verdict::Wrong => Err(AppError::validation("current_password", "The current password is wrong")),
        _ => Ok(()),
    }
}

async fn hash_off_thread(password: String) -> AppResult<String> {
    password::off_thread(move || password::hash(&password))
        .await
        .map_err(|e| AppError::internal("password hashing", e))
}

async fn verify_off_thread(password: String, stored: String) -> AppResult<Verdict> {
    password::off_thread(move || password::verify(&password, &stored))
        .await
        .map_err(|e| AppError::internal("password verification", e))
}
