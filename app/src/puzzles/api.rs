//! Server functions of the puzzles context.

use super::{EditorData, Page, PuzzleCard, PuzzleDraft, PuzzleQuery, PuzzleView, Visibility};
use crate::core::{AppError, Id};
use leptos::prelude::*;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use crate::{accounts::context, puzzles::service};

#[cfg(feature = "ssr")]
fn parse_id(id: &str) -> Result<Id, AppError> {
    id.parse().map_err(|_| AppError::not_found("Puzzle not found"))
}

/// The newest published puzzles.
#[server(endpoint = "puzzles/latest")]
pub async fn latest_puzzles() -> Result<Vec<PuzzleCard>, AppError> {
    let state = crate::core::state::use_app_state()?;
    service::listing::latest_approved(&state.pool, 6).await
}

#[server(endpoint = "puzzles/search", input = Json)]
pub async fn search_puzzles(query: PuzzleQuery) -> Result<Page<PuzzleCard>, AppError> {
    let state = crate::core::state::use_app_state()?;
    Ok(Page::clone(&*state.catalogue.page(&state.pool, &query, super::PAGE_SIZE).await?))
}

/// The signed-in user's own puzzles, in every state.
#[server(endpoint = "puzzles/mine")]
pub async fn my_puzzles(page: u32) -> Result<Page<PuzzleCard>, AppError> {
    let (state, user) = context::signed_in().await?;
    service::listing::by_author(&state.pool, user.id, true, page, super::PAGE_SIZE).await
}

#[server(endpoint = "puzzles/view")]
pub async fn puzzle(id: String) -> Result<PuzzleView, AppError> {
    let (state, viewer) = context::viewer().await?;
    service::reading::view(&state.pool, parse_id(&id)?, viewer.as_ref()).await
}

#[server(endpoint = "puzzles/create")]
pub async fn create_puzzle(title: String) -> Result<Id, AppError> {
    let (state, user) = context::signed_in().await?;
    let id = service::authoring::create(&state.pool, user.id, &title).await?;
    leptos_axum::redirect(&format!("/puzzles/{id}/edit"));
    Ok(id)
}

#[server(endpoint = "puzzles/editor")]
pub async fn puzzle_editor(id: String) -> Result<EditorData, AppError> {
    let (state, user) = context::signed_in().await?;
    service::reading::editor(&state.pool, parse_id(&id)?, &user.viewer()).await
}

#[server(endpoint = "puzzles/save", input = Json)]
pub async fn save_puzzle(id: Id, draft: PuzzleDraft) -> Result<Visibility, AppError> {
    let (state, user) = context::signed_in().await?;
    service::authoring::save(&state.pool, &state.catalogue, id, &user.viewer(), draft).await
}

#[server(endpoint = "puzzles/visibility")]
pub async fn change_visibility(
    id: Id,
    to: Visibility,
    feedback: Option<String>,
) -> Result<Visibility, AppError> {
    let (state, user) = context::signed_in().await?;
    service::publishing::transition(
        &state.pool,
        state.runner.as_ref(),
        &state.catalogue,
        id,
        &user.viewer(),
        to,
        feedback,
    )
    .await
}

#[server(endpoint = "puzzles/delete")]
pub async fn delete_puzzle(id: Id) -> Result<(), AppError> {
    let (state, user) = context::signed_in().await?;
    service::authoring::delete(&state.pool, id, &user.viewer()).await?;
    leptos_axum::redirect("/puzzles/mine");
    Ok(())
}

/// The statement as it will be shown, for the editor's live preview.
#[server(endpoint = "puzzles/preview", input = Json)]
pub async fn preview_markdown(markdown: String) -> Result<String, AppError> {
    if markdown.len() > 64 * 1024 {
        return Err(AppError::PayloadTooLarge("Too long to preview".into()));
    }
    Ok(crate::puzzles::markdown::to_safe_html(&markdown))
}
