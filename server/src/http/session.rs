//! Server-side sessions (tower-sessions over PostgreSQL) behind axum-login. The
//! cookie is called `token` because the legacy frontend relays it by that name.

use app::{accounts::auth::AuthBackend, core::config::Config};
use axum_login::{AuthManagerLayer, AuthManagerLayerBuilder};
use sqlx::PgPool;
use std::time::Duration;
use tower_sessions::{ExpiredDeletion, Expiry, SessionManagerLayer, cookie::SameSite};
use tower_sessions_sqlx_store::PostgresStore;

pub const COOKIE_NAME: &str = "token";

/// Sessions last a week from the last request, as the legacy cookie did.
const IDLE_LIFETIME: time::Duration = time::Duration::days(7);

pub type AuthLayer = AuthManagerLayer<AuthBackend, PostgresStore>;

/// Creates the session table if needed, starts the hourly removal of expired
/// sessions and builds the auth layer.
pub async fn auth_layer(pool: &PgPool, config: &Config) -> anyhow::Result<AuthLayer> {
    let store = PostgresStore::new(pool.clone());
    store.migrate().await?;
    tokio::spawn(store.clone().continuously_delete_expired(Duration::from_secs(3600)));
    let mut sessions = SessionManagerLayer::new(store)
        .with_name(COOKIE_NAME)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.cookie_secure)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(IDLE_LIFETIME));
    if let Some(domain) = &config.cookie_domain {
        sessions = sessions.with_domain(domain.clone());
    }
    Ok(AuthManagerLayerBuilder::new(AuthBackend::new(pool.clone()), sessions).build())
}
