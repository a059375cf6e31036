//! Judging runs as a durable job on a PostgreSQL-backed queue (apalis), so work that
//! a restart interrupts is picked up again, by this node or another.

use crate::core::{AppError, AppResult, Id};
use apalis::prelude::Storage;
use apalis_sql::{Config, postgres::PostgresStorage};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;

/// The queue's name in `apalis.jobs`; stable across code moves.
const NAMESPACE: &str = "codincod::judge";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JudgeJob {
    pub submission: Id,
}

#[derive(Clone)]
pub struct JudgeQueue {
    storage: PostgresStorage<JudgeJob>,
}

impl JudgeQueue {
    pub fn new(pool: PgPool) -> Self {
        Self { storage: PostgresStorage::new_with_config(pool, Config::new(NAMESPACE)) }
    }

    pub async fn push(&self, submission: Id) -> AppResult<()> {
        self.storage
            .clone()
            .push(JudgeJob { submission })
            .await
            .map(drop)
            .map_err(|e| AppError::internal("could not queue a submission for judging", e))
    }

    /// The storage, for the workers that take jobs from it.
    pub fn storage(&self) -> PostgresStorage<JudgeJob> {
        self.storage.clone()
    }
}
