//! Server functions of the puzzles context.

use super::{EditorData, PuzzleCard, PuzzleDraft, PuzzleQuery, PuzzleView, Visibility};
use crate::core::{AppError, Id, Page};
use leptos::prelude::*;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use crate::{accounts::context::caller, puzzles::service, state::use_app_state};

#[cfg(feature = "ssr")]
fn parse_id(id: &str) -> Result<Id, AppError> {
    id.parse().map_err(|_| service::not_found())
}

/// The newest published puzzles.
#[server(endpoint = "puzzles/latest")]
pub async fn latest_puzzles() -> Result<Vec<PuzzleCard>, AppError> {
    let state = use_app_state()?;
    service::listing::latest_approved(&state.pool, 6).await
}

#[server(endpoint = "puzzles/search", input = Json)]
pub async fn search_puzzles(query: PuzzleQuery) -> Result<Page<PuzzleCard>, AppError> {
    let state = use_app_state()?;
    Ok(Page::clone(&*state.catalogue.page(&state.pool, &query, super::PAGE_SIZE).await?))
}

/// The signed-in user's own puzzles, in every state.
#[server(endpoint = "puzzles/mine")]
pub async fn my_puzzles(page: u32) -> Result<Page<PuzzleCard>, AppError> {
    let (state, caller) = caller().await?;
    service::listing::mine(&state.pool, &caller, page, super::PAGE_SIZE).await
}

#[server(endpoint = "puzzles/view")]
pub async fn puzzle(id: String) -> Result<PuzzleView, AppError> {
    let (state, caller) = caller().await?;
    service::reading::view(&state.pool, &caller, parse_id(&id)?).await
}

#[server(endpoint = "puzzles/create")]
pub async fn create_puzzle(title: String) -> Result<Id, AppError> {
    let (state, caller) = caller().await?;
    let id = service::authoring::create(&state.pool, &caller, &title).await?;
    leptos_axum::redirect(&format!("/puzzles/{id}/edit"));
    Ok(id)
}

#[server(endpoint = "puzzles/editor")]
pub async fn puzzle_editor(id: String) -> Result<EditorData, AppError> {
    let (state, caller) = caller().await?;
    service::reading::editor(&state.pool, &caller, parse_id(&id)?).await
}

#[server(endpoint = "puzzles/save", input = Json)]
pub async fn save_puzzle(id: Id, draft: PuzzleDraft) -> Result<Visibility, AppError> {
    let (state, caller) = caller().await?;
    service::authoring::save(&state, &caller, id, draft).await
}

#[server(endpoint = "puzzles/visibility")]
pub async fn change_visibility(
    id: Id,
    to: Visibility,
    feedback: Option<String>,
) -> Result<Visibility, AppError> {
    let (state, caller) = caller().await?;
    service::publishing::transition(&state, &caller, id, to, feedback).await
}

#[server(endpoint = "puzzles/delete")]
pub async fn delete_puzzle(id: Id) -> Result<(), AppError> {
    let (state, caller) = caller().await?;
    service::authoring::delete(&state.pool, &caller, id).await?;
    leptos_axum::redirect("/puzzles/mine");
    Ok(())
}

/// The statement as it will be shown, for the editor's live preview.
#[server(endpoint = "puzzles/preview", input = Json)]
pub async fn preview_markdown(markdown: String) -> Result<String, AppError> {
    service::markdown_preview(&markdown)
}
