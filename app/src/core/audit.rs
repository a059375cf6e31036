//! The audit log: who did what to what, for moderators and operators.

use super::{AppResult, Id};
use sqlx::PgConnection;

pub async fn record(
    db: &mut PgConnection,
    actor: Option<Id>,
    action: &str,
    target_type: &str,
    target: Option<Id>,
    details: serde_json::Value,
) -> AppResult<()> {
    sqlx::query!(
        "INSERT INTO audit_logs (id, actor_id, action, target_type, target_id, details) VALUES ($1, $2, $3, $4, $5, $6)",
        Id::new() as Id,
        actor as Option<Id>,
        action,
        target_type,
        target as Option<Id>,
        details
    )
    .execute(db)
    .await?;
    Ok(())
}
