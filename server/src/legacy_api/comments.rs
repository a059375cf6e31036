//! `/puzzle/:id/comment` and `/comment/...`: comments, replies and votes.

use super::json::LegacyJson;
use app::{
    accounts::Caller,
    comments::{
        VoteKind,
        legacy::CommentDocument,
        service::{documents, votes, writing},
    },
    core::{AppError, AppResult, Id},
    puzzles::service::documents::Authors,
    state::AppState,
};
use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Deserialize;

fn id(raw: &str) -> AppResult<Id> {
    raw.parse().map_err(|_| AppError::validation("id", "Invalid ObjectId"))
}

/// `replyOn` is accepted and ignored, as in the legacy API.
#[derive(Deserialize)]
pub struct CommentBody {
    #[serde(default)]
    text: String,
}

async fn created(state: &AppState, comment: Id) -> AppResult<Response> {
    let document = documents::one(&state.pool, comment, Authors::Populated).await?;
    Ok((StatusCode::CREATED, Json(document)).into_response())
}

/// `POST /puzzle/:id/comment`: a comment on the puzzle, or a reply when `:id` is a
/// comment (where the legacy frontend sends replies).
pub async fn on_puzzle(
    State(state): State<AppState>,
    caller: Caller,
    Path(target): Path<String>,
    LegacyJson(body): LegacyJson<CommentBody>,
) -> AppResult<Response> {
    let comment = writing::comment_on(&state, &caller, id(&target)?, &body.text).await?;
    created(&state, comment).await
}

/// `POST /comment/:id/comment`.
pub async fn reply(
    State(state): State<AppState>,
    caller: Caller,
    Path(parent): Path<String>,
    LegacyJson(body): LegacyJson<CommentBody>,
) -> AppResult<Response> {
    let comment = writing::reply(&state, &caller, id(&parent)?, &body.text, false).await?;
    created(&state, comment).await
}

/// `GET /comment/:id`: replies populated one level, as the legacy frontend renders them.
pub async fn get(
    State(state): State<AppState>,
    Path(comment): Path<String>,
) -> AppResult<Json<CommentDocument>> {
    Ok(Json(documents::with_replies(&state.pool, id(&comment)?).await?))
}

/// `DELETE /comment/:id`: only its author or a moderator (the legacy API let anyone).
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path(comment): Path<String>,
) -> AppResult<StatusCode> {
    writing::delete(&state.pool, &caller, id(&comment)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
pub struct VoteBody {
    #[serde(rename = "type")]
    kind: Option<serde_json::Value>,
}

/// `POST /comment/:id/vote`: toggles the caller's vote; the document carries ids.
pub async fn vote(
    State(state): State<AppState>,
    caller: Caller,
    Path(comment): Path<String>,
    LegacyJson(body): LegacyJson<VoteBody>,
) -> AppResult<Json<CommentDocument>> {
    let comment = id(&comment)?;
    let kind = body
        .kind
        .as_ref()
        .and_then(|kind| kind.as_str())
        .and_then(VoteKind::parse)
        .ok_or_else(|| AppError::validation("type", "type must be \"upvote\" or \"downvote\""))?;
    votes::vote(&state, &caller, comment, kind).await?;
    Ok(Json(documents::one(&state.pool, comment, Authors::Ids).await?))
}
