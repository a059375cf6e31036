//! Server functions of the games context (the rest goes over the websockets).

use crate::core::{AppError, Id};
use leptos::prelude::*;

/// Links the caller's judged submission to the game; returns their position.
#[server(endpoint = "games/link")]
pub async fn link_submission(game: Id, submission: Id) -> Result<Option<usize>, AppError> {
    let (state, caller) = crate::accounts::context::caller().await?;
    let linked = super::service::games::link_submission(&state.pool, &caller, game, submission).await?;
    Ok(linked.position)
}
