//! `/puzzle/:id/comment` and `/comment/...`: comments, replies and votes.

use super::{
    json::LegacyJson,
    openapi::{BadRequest, Forbidden, NotFound, ObjectId, PayloadTooLarge, TooManyRequests, Unauthorized},
};
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
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use ts_rs::TS;
use utoipa::ToSchema;

fn id(raw: &str) -> AppResult<Id> {
    raw.parse().map_err(|_| AppError::validation("id", "Invalid ObjectId"))
}

/// `replyOn` is accepted and ignored, as in the legacy API.
#[derive(Deserialize, ToSchema, TS)]
#[ts(optional_fields)]
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
#[utoipa::path(post, path = "/puzzle/{id}/comment", tag = "comments", security(("token" = [])),
    params(ObjectId), request_body = CommentBody,
    responses((status = 201, body = CommentDocument, description = "The comment, its author populated"),
        BadRequest, Unauthorized, Forbidden, NotFound, PayloadTooLarge, TooManyRequests))]
pub async fn on_puzzle(
    State(state): State<AppState>,
    caller: Caller,
    ObjectId { id: target }: ObjectId,
    LegacyJson(body): LegacyJson<CommentBody>,
) -> AppResult<Response> {
    let comment = writing::comment_on(&state, &caller, id(&target)?, &body.text).await?;
    created(&state, comment).await
}

/// `POST /comment/:id/comment`.
#[utoipa::path(post, path = "/comment/{id}/comment", tag = "comments", security(("token" = [])),
    params(ObjectId), request_body = CommentBody,
    responses((status = 201, body = CommentDocument, description = "The reply, its author populated"),
        BadRequest, Unauthorized, Forbidden, NotFound, PayloadTooLarge, TooManyRequests))]
pub async fn reply(
    State(state): State<AppState>,
    caller: Caller,
    ObjectId { id: parent }: ObjectId,
    LegacyJson(body): LegacyJson<CommentBody>,
) -> AppResult<Response> {
    let comment = writing::reply(&state, &caller, id(&parent)?, &body.text, false).await?;
    created(&state, comment).await
}

/// `GET /comment/:id`: replies populated one level, as the legacy frontend renders them.
#[utoipa::path(get, path = "/comment/{id}", tag = "comments", params(ObjectId),
    responses((status = 200, body = CommentDocument), BadRequest, NotFound))]
pub async fn get(
    State(state): State<AppState>,
    ObjectId { id: comment }: ObjectId,
) -> AppResult<Json<CommentDocument>> {
    Ok(Json(documents::with_replies(&state.pool, id(&comment)?).await?))
}

/// `DELETE /comment/:id`: only its author or a moderator (the legacy API let anyone).
#[utoipa::path(delete, path = "/comment/{id}", tag = "comments", security(("token" = [])), params(ObjectId),
    responses((status = 204, description = "Deleted"), BadRequest, Unauthorized, Forbidden, NotFound))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    ObjectId { id: comment }: ObjectId,
) -> AppResult<StatusCode> {
    writing::delete(&state.pool, &caller, id(&comment)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `type` is read leniently: anything but the two vote strings is a 400 naming it.
#[derive(Deserialize, ToSchema, TS)]
#[ts(optional_fields)]
pub struct VoteBody {
    #[serde(rename = "type")]
    #[schema(value_type = Option<VoteKind>)]
    #[ts(as = "Option<VoteKind>")]
    kind: Option<serde_json::Value>,
}

/// `POST /comment/:id/vote`: toggles the caller's vote; the document carries ids.
#[utoipa::path(post, path = "/comment/{id}/vote", tag = "comments", security(("token" = [])),
    params(ObjectId), request_body = VoteBody,
    responses((status = 200, body = CommentDocument, description = "The comment with its new counts"),
        BadRequest, Unauthorized, Forbidden, NotFound, PayloadTooLarge, TooManyRequests))]
pub async fn vote(
    State(state): State<AppState>,
    caller: Caller,
    ObjectId { id: comment }: ObjectId,
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
