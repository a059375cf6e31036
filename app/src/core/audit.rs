//! The audit log: who did what to what, for moderators and operators. A `reason`
//! in the details is shown as the entry's reason.

use super::{AppResult, Id};
use sqlx::PgConnection;

pub async fn record(
    db: &mut PgConnection,
    actor: Option<Id>,
    action: &str,
    target_type: &str,
    target: Option<Id>,
    details: serde_json::Value,
) -> AppResult<Id> {
    let id = Id::new();
    sqlx::query!(
        "INSERT INTO audit_logs (id, actor_id, action, target_type, target_id, details) VALUES ($1, $2, $3, $4, $5, $6)",
        id as Id,
        actor as Option<Id>,
        action,
        target_type,
        target as Option<Id>,
        details
    )
    .execute(db)
    .await?;
    Ok(id)
}
