//! Server functions of the games context (the rest goes over the websockets).

use crate::core::{AppError, Id};
use leptos::prelude::*;

/// Links the caller's judged submission to the game; returns their position.
#[server(endpoint = "games/link")]
pub async fn link_submission(game: Id, submission: Id) -> Result<Option<usize>, AppError> {
    let (state, user) = crate::accounts::context::signed_in().await?;
    let linked =
        super::service::games::link_submission(&state.pool, &user.viewer(), game, submission).await?;
    Ok(linked.position)
}
