//! Server functions of the leaderboard context.

use super::LeaderboardView;
use crate::{core::AppError, games::rules::modes::GameMode};
use leptos::prelude::*;

/// A page of a mode's leaderboard (or the players matching `search`), with the
/// caller's own row.
#[server(endpoint = "leaderboard/view")]
pub async fn leaderboard(mode: GameMode, page: u32, search: String) -> Result<LeaderboardView, AppError> {
    let (state, caller) = crate::accounts::context::caller().await?;
    super::service::boards::view(&state.pool, &caller, mode, page, &search).await
}
