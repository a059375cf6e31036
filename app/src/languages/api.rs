//! Server functions of the languages context.

use super::Language;
use crate::core::AppError;
use leptos::prelude::*;

/// The languages code can be written in right now.
#[server(endpoint = "languages")]
pub async fn languages() -> Result<Vec<Language>, AppError> {
    let state = crate::state::use_app_state()?;
    super::service::active(&state.pool).await
}
