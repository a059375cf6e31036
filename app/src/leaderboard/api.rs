//! Server functions of the leaderboard context.

use super::{Board, LeaderboardView, PlayerRecord};
use crate::core::AppError;
use leptos::prelude::*;

/// A page of a board's leaderboard (or the players matching `search`), with the
/// caller's own row.
#[server(endpoint = "leaderboard/view")]
pub async fn leaderboard(board: Board, page: u32, search: String) -> Result<LeaderboardView, AppError> {
    let (state, caller) = crate::accounts::context::caller().await?;
    super::service::boards::view(&state.pool, &caller, board, page, &search).await
}

/// A profile's ratings, solving and page of finished games; `None` for unknown users.
#[server(endpoint = "leaderboard/record")]
pub async fn profile_record(username: String, games_page: u32) -> Result<Option<PlayerRecord>, AppError> {
    let (state, _) = crate::accounts::context::caller().await?;
    super::service::records::of_user(&state.pool, &username, games_page).await
}
