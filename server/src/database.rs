//! Connection pool and migrations.

use anyhow::Context;
use apalis_sql::postgres::PostgresStorage;
use app::core::config::Config;
use sqlx::{PgPool, Postgres, migrate::MigrateDatabase, postgres::PgPoolOptions};
use std::time::Duration;

/// Our migrations alone, for `#[sqlx::test]` (which then applies the queue's).
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

/// Connects, creating the database first when it does not exist yet.
pub async fn connect(config: &Config) -> anyhow::Result<PgPool> {
    let url = &config.database_url;
    if !Postgres::database_exists(url).await.context("could not reach PostgreSQL (DATABASE_URL)")? {
        Postgres::create_database(url).await.context("could not create the database")?;
        tracing::info!("created the database");
    }
    PgPoolOptions::new()
        .max_connections(config.database_max_connections)
        .acquire_timeout(Duration::from_secs(5))
        .connect(&config.database_url)
        .await
        .context("could not connect to PostgreSQL (DATABASE_URL)")
}

/// Applies our migrations and the job queue's. The two share sqlx's migration table,
/// so each ignores the other's entries.
pub async fn migrate(pool: &PgPool) -> anyhow::Result<()> {
    let mut ours = sqlx::migrate!("../migrations");
    ours.set_ignore_missing(true).run(pool).await.context("could not apply migrations")?;
    let mut jobs = PostgresStorage::migrations();
    jobs.set_ignore_missing(true).run(pool).await.context("could not apply the job queue's migrations")?;
    tracing::info!("database schema is up to date");
    Ok(())
}

/// Drops the database, disconnecting its other sessions.
pub async fn drop(config: &Config) -> anyhow::Result<()> {
    if Postgres::database_exists(&config.database_url).await? {
        Postgres::force_drop_database(&config.database_url).await.context("could not drop the database")?;
        tracing::info!("dropped the database");
    }
    Ok(())
}
