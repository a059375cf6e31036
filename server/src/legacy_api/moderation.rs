//! The moderators' queue, review and report decisions and user bans
//! (`/moderation/...`), and everyone's reports (`/report`).

use super::{
    json::LegacyJson,
    openapi::{BadRequest, Conflict, Forbidden, NotFound, ObjectId, PayloadTooLarge, Unauthorized},
};
use app::{
    accounts::{
        Ban, BanHistoryEntry, BanType, Caller,
        service::bans::{self, BanOrder},
    },
    core::{AppError, AppResult, FieldError, Id},
    moderation::{
        Action, Decision, ProblemType, Report, ReportReason, ReviewStatus, Verdict,
        legacy::{PENDING_PUZZLE, ReviewItem},
        service::{legacy, reports, reviews},
    },
    puzzles::{
        legacy::PuzzleDocument,
        service::documents::{self, Authors},
    },
    state::AppState,
};
use axum::{
    Json,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use chrono::Duration;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::{IntoParams, ToSchema};

/// The legacy frontend sends `duration` in days; the legacy API wanted `durationMs`.
/// Either is accepted. `userId` is ignored: the path names the user.
#[derive(Deserialize, ToSchema, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct BanBody {
    #[serde(default)]
    reason: String,
    duration_ms: Option<f64>,
    duration: Option<f64>,
}

impl BanBody {
    fn duration(&self) -> Option<Duration> {
        let millis = self.duration_ms.or(self.duration.map(|days| days * 86_400_000.0))?;
        (millis.is_finite() && millis > 0.0 && millis < 1e14).then(|| Duration::milliseconds(millis as i64))
    }
}

fn user_id(raw: &str) -> AppResult<Id> {
    raw.parse().map_err(|_| AppError::BadRequest("Invalid user id".into()))
}

#[derive(Serialize, ToSchema, TS)]
pub struct Banned {
    message: &'static str,
    ban: Ban,
}

#[utoipa::path(post, path = "/moderation/user/{id}/ban/temporary", tag = "moderation", security(("token" = [])),
    params(ObjectId), request_body = BanBody,
    responses((status = 200, body = Banned), BadRequest, Unauthorized, Forbidden, NotFound, Conflict,
        PayloadTooLarge))]
pub async fn ban_temporary(
    State(state): State<AppState>,
    caller: Caller,
    ObjectId { id }: ObjectId,
    LegacyJson(body): LegacyJson<BanBody>,
) -> AppResult<Json<Banned>> {
    let order = BanOrder { ban_type: BanType::Temporary, duration: body.duration(), reason: body.reason };
    let ban = bans::ban(&state.pool, &caller, user_id(&id)?, order).await?;
    Ok(Json(Banned { message: "User temporarily banned", ban }))
}

#[utoipa::path(post, path = "/moderation/user/{id}/ban/permanent", tag = "moderation", security(("token" = [])),
    params(ObjectId), request_body = BanBody,
    responses((status = 200, body = Banned), BadRequest, Unauthorized, Forbidden, NotFound, Conflict,
        PayloadTooLarge))]
pub async fn ban_permanent(
    State(state): State<AppState>,
    caller: Caller,
    ObjectId { id }: ObjectId,
    LegacyJson(body): LegacyJson<BanBody>,
) -> AppResult<Json<Banned>> {
    let order = BanOrder { ban_type: BanType::Permanent, duration: None, reason: body.reason };
    let ban = bans::ban(&state.pool, &caller, user_id(&id)?, order).await?;
    Ok(Json(Banned { message: "User permanently banned", ban }))
}

#[derive(Serialize, ToSchema, TS)]
pub struct Unbanned {
    message: &'static str,
}

#[utoipa::path(post, path = "/moderation/user/{id}/unban", tag = "moderation", security(("token" = [])),
    params(ObjectId), request_body = BanBody,
    responses((status = 200, body = Unbanned), BadRequest, Unauthorized, Forbidden, NotFound, PayloadTooLarge))]
pub async fn unban(
    State(state): State<AppState>,
    caller: Caller,
    ObjectId { id }: ObjectId,
    LegacyJson(body): LegacyJson<BanBody>,
) -> AppResult<Json<Unbanned>> {
    bans::unban(&state.pool, &caller, user_id(&id)?, &body.reason).await?;
    Ok(Json(Unbanned { message: "User unbanned successfully" }))
}

#[derive(Serialize, ToSchema, TS)]
pub struct BanHistory {
    bans: Vec<BanHistoryEntry>,
}

#[utoipa::path(get, path = "/moderation/user/{id}/ban/history", tag = "moderation", security(("token" = [])),
    params(ObjectId),
    responses((status = 200, body = BanHistory), BadRequest, Unauthorized, Forbidden, NotFound))]
pub async fn ban_history(
    State(state): State<AppState>,
    caller: Caller,
    ObjectId { id }: ObjectId,
) -> AppResult<Json<BanHistory>> {
    Ok(Json(BanHistory { bans: bans::history(&state.pool, &caller, user_id(&id)?).await? }))
}

#[derive(Deserialize, ToSchema, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct ReportBody {
    problematic_identifier: Option<String>,
    problem_type: Option<ProblemType>,
    /// Not legacy: the report's category, `other` when left out.
    reason: Option<ReportReason>,
    #[serde(default)]
    explanation: String,
}

/// A report document as the legacy API wrote it.
#[derive(Serialize, ToSchema, TS)]
pub struct ReportDocument {
    #[serde(flatten)]
    report: Report,
    #[serde(rename = "__v")]
    version: u32,
}

/// `POST /report`.
#[utoipa::path(post, path = "/report", tag = "moderation", security(("token" = [])), request_body = ReportBody,
    responses((status = 201, body = ReportDocument), BadRequest, Unauthorized, Forbidden, NotFound, Conflict,
        PayloadTooLarge))]
pub async fn report(
    State(state): State<AppState>,
    caller: Caller,
    LegacyJson(body): LegacyJson<ReportBody>,
) -> AppResult<Response> {
    let target = body
        .problematic_identifier
        .as_deref()
        .ok_or_else(|| FieldError::new("problematicIdentifier", "problematicIdentifier is required"))
        .and_then(|raw| {
            raw.parse()
                .map_err(|_| FieldError::new("problematicIdentifier", "problematicIdentifier must be an id"))
        })
        .map_err(|e| AppError::Validation(vec![e]))?;
    let problem =
        body.problem_type.ok_or_else(|| AppError::validation("problemType", "problemType is required"))?;
    let reason = body.reason.unwrap_or(ReportReason::Other);
    let report =
        app::moderation::service::report(&state.pool, &caller, problem, target, reason, &body.explanation)
            .await?;
    Ok((StatusCode::CREATED, Json(ReportDocument { report, version: 0 })).into_response())
}

/// The queue's query, parsed leniently as the legacy `parseInt` did: a value without
/// leading digits counts as absent.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueQuery {
    /// `pending_puzzle` (the default) lists puzzles waiting for review; any other value
    /// lists the pending reports of that problem type (`puzzle`, `user`, `comment`, `game_chat`).
    #[serde(rename = "type")]
    kind: Option<String>,
    /// From 1 (the default).
    page: Option<String>,
    /// 20 by default, at most 100.
    limit: Option<String>,
}

/// The leading digits of `text`, as JavaScript's `parseInt` reads them.
fn leading_number(text: Option<&str>) -> Option<u32> {
    let text = text?.trim();
    let digits = text.find(|c: char| !c.is_ascii_digit()).map_or(text, |end| &text[..end]);
    digits.parse().ok()
}

#[derive(Serialize, ToSchema, TS)]
pub struct QueuePage {
    data: Vec<ReviewItem>,
    pagination: QueuePagination,
}

#[derive(Serialize, ToSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct QueuePagination {
    page: u32,
    limit: u32,
    total: u64,
    total_pages: u64,
}

/// `GET /moderation/review`: puzzles waiting for review, or pending reports of a kind.
#[utoipa::path(get, path = "/moderation/review", tag = "moderation", security(("token" = [])),
    params(QueueQuery),
    responses((status = 200, body = QueuePage), BadRequest, Unauthorized, Forbidden))]
pub async fn review_queue(
    State(state): State<AppState>,
    caller: Caller,
    query: QueueQuery,
) -> AppResult<Json<QueuePage>> {
    let kind = query.kind.as_deref().unwrap_or(PENDING_PUZZLE);
    let page = leading_number(query.page.as_deref()).unwrap_or(1).max(1);
    let limit = leading_number(query.limit.as_deref()).unwrap_or(20).clamp(1, 100);
    let (data, total) = legacy::review_items(&state.pool, &caller, kind, page, limit).await?;
    let pagination = QueuePagination { page, limit, total, total_pages: total.div_ceil(u64::from(limit)) };
    Ok(Json(QueuePage { data, pagination }))
}

#[derive(Serialize, ToSchema, TS)]
pub struct PuzzleDecided {
    message: &'static str,
    puzzle: PuzzleDocument,
}

fn puzzle_id(raw: &str) -> AppResult<Id> {
    raw.parse().map_err(|_| AppError::not_found("Puzzle not found"))
}

/// `POST /moderation/puzzle/:id/approve`: any body (the legacy frontend sends none).
#[utoipa::path(post, path = "/moderation/puzzle/{id}/approve", tag = "moderation", security(("token" = [])),
    params(ObjectId),
    responses((status = 200, body = PuzzleDecided), Unauthorized, Forbidden, NotFound, Conflict))]
pub async fn approve(
    State(state): State<AppState>,
    caller: Caller,
    ObjectId { id }: ObjectId,
) -> AppResult<Json<PuzzleDecided>> {
    let id = puzzle_id(&id)?;
    reviews::decide(&state, &caller, id, Verdict::Approve, None).await?;
    let puzzle = documents::one(&state.pool, &caller, id, Authors::Ids).await?;
    Ok(Json(PuzzleDecided { message: "Puzzle approved successfully", puzzle }))
}

#[derive(Deserialize, ToSchema, TS)]
#[ts(optional_fields)]
pub struct ReviseBody {
    /// The feedback for the author, 10 to 500 characters.
    reason: Option<String>,
}

/// `POST /moderation/puzzle/:id/revise` with `{reason}` (10 to 500 characters).
#[utoipa::path(post, path = "/moderation/puzzle/{id}/revise", tag = "moderation", security(("token" = [])),
    params(ObjectId), request_body = ReviseBody,
    responses((status = 200, body = PuzzleDecided), BadRequest, Unauthorized, Forbidden, NotFound, Conflict,
        PayloadTooLarge))]
pub async fn revise(
    State(state): State<AppState>,
    caller: Caller,
    ObjectId { id }: ObjectId,
    LegacyJson(body): LegacyJson<ReviseBody>,
) -> AppResult<Json<PuzzleDecided>> {
    let id = puzzle_id(&id)?;
    let reason = body.reason.ok_or_else(|| AppError::validation("reason", "reason is required"))?;
    reviews::decide(&state, &caller, id, Verdict::RequestChanges, Some(reason)).await?;
    let puzzle = documents::one(&state.pool, &caller, id, Authors::Ids).await?;
    Ok(Json(PuzzleDecided { message: "Puzzle sent back for revisions", puzzle }))
}

#[derive(Deserialize, ToSchema, TS)]
#[ts(optional_fields)]
pub struct ResolveBody {
    /// `resolved` or `rejected`.
    status: Option<ReviewStatus>,
}

#[derive(Serialize, ToSchema, TS)]
pub struct ReportDecided {
    message: &'static str,
    report: ReportDocument,
}

/// `POST /moderation/report/:id/resolve` with `{status: "resolved" | "rejected"}`.
#[utoipa::path(post, path = "/moderation/report/{id}/resolve", tag = "moderation", security(("token" = [])),
    params(ObjectId), request_body = ResolveBody,
    responses((status = 200, body = ReportDecided), BadRequest, Unauthorized, Forbidden, NotFound, Conflict,
        PayloadTooLarge))]
pub async fn resolve(
    State(state): State<AppState>,
    caller: Caller,
    ObjectId { id }: ObjectId,
    LegacyJson(body): LegacyJson<ResolveBody>,
) -> AppResult<Json<ReportDecided>> {
    let id = id.parse().map_err(|_| AppError::not_found("Report not found"))?;
    let decision = match body.status {
        Some(ReviewStatus::Resolved) => Decision::Resolve { action: Action::Nothing, penalty: None },
        Some(ReviewStatus::Rejected) => Decision::Dismiss,
        _ => return Err(AppError::validation("status", "status must be \"resolved\" or \"rejected\"")),
    };
    let report = reports::decide(&state, &caller, id, decision, "").await?;
    Ok(Json(ReportDecided {
        message: "Report resolved successfully",
        report: ReportDocument { report, version: 0 },
    }))
}
