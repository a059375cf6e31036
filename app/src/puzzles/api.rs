//! Server functions of the puzzles context.

use super::types::PuzzleCard;
use crate::core::AppError;
use leptos::prelude::*;

/// The newest published puzzles.
#[server(endpoint = "puzzles/latest")]
pub async fn latest_puzzles() -> Result<Vec<PuzzleCard>, AppError> {
    let state = crate::core::state::use_app_state()?;
    super::service::latest_approved(&state.pool, 6).await
}
