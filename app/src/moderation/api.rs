//! Server functions of the moderation context.

use super::ProblemType;
use crate::core::{AppError, Id};
use leptos::prelude::*;

/// Reports something (from the game chat, a chat message).
#[server(endpoint = "moderation/report")]
pub async fn report(problem: ProblemType, target: Id, explanation: String) -> Result<(), AppError> {
    let (state, caller) = crate::accounts::context::caller().await?;
    super::service::report(&state.pool, &caller, problem, target, &explanation).await.map(drop)
}
