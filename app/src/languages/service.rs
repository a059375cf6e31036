//! Language rules and storage.

use super::{Language, newer_first};
use crate::{
    core::{AppResult, Id},
    execution::{Runtime, runner::CodeRunner},
};
use sqlx::PgPool;

/// Makes the table match what the runner offers now: new runtimes are added, known
/// ones updated and reactivated, and the rest deactivated (kept, because puzzles and
/// submissions refer to them).
pub async fn refresh(pool: &PgPool, runner: &dyn CodeRunner) -> AppResult<Vec<Language>> {
    let runtimes = runner.runtimes().await?;
    sync(pool, &runtimes).await
}

pub async fn sync(pool: &PgPool, runtimes: &[Runtime]) -> AppResult<Vec<Language>> {
    let mut tx = pool.begin().await?;
    sqlx::query!("UPDATE programming_languages SET is_active = false WHERE is_active")
        .execute(&mut *tx)
        .await?;
    for runtime in runtimes {
        sqlx::query!(
            "INSERT INTO programming_languages (id, language, version, aliases, runtime, is_active)
             VALUES ($1, $2, $3, $4, $5, true)
             ON CONFLICT (language, version) DO UPDATE
             SET aliases = excluded.aliases, runtime = excluded.runtime, is_active = true",
            Id::new() as Id,
            &runtime.language,
            &runtime.version,
            &runtime.aliases,
            runtime.runtime.as_deref()
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    active(pool).await
}

/// The languages that can run now, by name, newest version first.
pub async fn active(pool: &PgPool) -> AppResult<Vec<Language>> {
    let mut languages = sqlx::query_as!(
        Language,
        r#"SELECT id AS "id: Id", language, version, aliases, runtime FROM programming_languages WHERE is_active"#
    )
    .fetch_all(pool)
    .await?;
    languages.sort_by(|a, b| a.language.cmp(&b.language).then_with(|| newer_first(&a.version, &b.version)));
    Ok(languages)
}

/// Any known language, active or not.
pub async fn by_id(pool: &PgPool, id: Id) -> AppResult<Option<Language>> {
    Ok(sqlx::query_as!(
        Language,
        r#"SELECT id AS "id: Id", language, version, aliases, runtime FROM programming_languages WHERE id = $1"#,
        id as Id
    )
    .fetch_optional(pool)
    .await?)
}

/// The newest active version of a language, by name or alias.
pub async fn by_name(pool: &PgPool, name: &str) -> AppResult<Option<Language>> {
    Ok(active(pool).await?.into_iter().find(|l| l.language == name || l.aliases.iter().any(|a| a == name)))
}
