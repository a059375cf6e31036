//! `/execute`, `/submission`, `/submission/:id` and `/user/:username/activity`.

use super::{
    BareError,
    json::LegacyJson,
    openapi::{
        BadRequest, Conflict, Forbidden, NotFound, ObjectId, PayloadTooLarge, TooManyRequests, Unauthorized,
        Unavailable, Username,
    },
};
use app::{
    accounts::{Caller, PublicUser, rules, service::users},
    core::{AppError, AppResult, FieldError, Id},
    games::service::games,
    puzzles::{
        legacy::PuzzleDocument,
        service::{
            Tests,
            documents::{self, Authors},
            listing,
        },
    },
    state::AppState,
    submissions::{
        legacy::{ExecutionAnswer, SubmissionAnswer, SubmissionDocument},
        service::{self as submissions, submitting},
    },
};
use axum::{
    Json,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use ts_rs::TS;
use utoipa::ToSchema;

/// How long `POST /submission` waits for the verdict the legacy frontend expects.
const VERDICT_WAIT: Duration = Duration::from_secs(60);
/// Submissions and puzzles the activity endpoint lists (the legacy one had no bound).
const ACTIVITY_ITEMS: u32 = 1000;

#[derive(Deserialize, ToSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExecuteBody {
    #[serde(default)]
    code: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    test_input: String,
    #[serde(default)]
    test_output: String,
}

/// `POST /execute`: runs code once on one input and judges it against one output.
#[utoipa::path(post, path = "/execute", tag = "submissions", security(("token" = [])), request_body = ExecuteBody,
    responses((status = 200, body = ExecutionAnswer), BadRequest, Unauthorized, Forbidden, PayloadTooLarge,
        TooManyRequests, Unavailable))]
pub async fn execute(
    State(state): State<AppState>,
    caller: Caller,
    LegacyJson(body): LegacyJson<ExecuteBody>,
) -> AppResult<Json<ExecutionAnswer>> {
    let mut problems = Vec::new();
    if body.code.is_empty() {
        problems.push(FieldError::new("code", "Code is required"));
    }
    if body.language.is_empty() {
        problems.push(FieldError::new("language", "Language is required"));
    }
    if !problems.is_empty() {
        return Err(AppError::Validation(problems));
    }
    let answer = submitting::execute_once(
        &state,
        &caller,
        &body.language,
        &body.code,
        &body.test_input,
        &body.test_output,
    )
    .await
    .map_err(|error| match error {
        AppError::BadRequest(_) => {
            AppError::BadRequest("Unsupported language: At the moment we don't support this language.".into())
        }
        other => other,
    })?;
    Ok(Json(answer))
}

/// The legacy frontend sends `programmingLanguage`; the legacy API wanted
/// `programmingLanguageId`. `userId` is ignored: the session says who submits.
#[derive(Deserialize, ToSchema, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct SubmitBody {
    puzzle_id: Option<String>,
    programming_language: Option<String>,
    programming_language_id: Option<String>,
    #[serde(default)]
    code: String,
}

fn body_id(field: &str, raw: Option<&str>) -> Result<Id, FieldError> {
    raw.ok_or_else(|| FieldError::new(field, format!("{field} is required")))?
        .parse()
        .map_err(|_| FieldError::new(field, format!("{field} must be an id")))
}

/// Both ids of a body, or every problem with them.
fn both_ids(first: Result<Id, FieldError>, second: Result<Id, FieldError>) -> AppResult<(Id, Id)> {
    match (first, second) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (a, b) => Err(AppError::Validation(a.err().into_iter().chain(b.err()).collect())),
    }
}

/// `POST /submission`: judges the code against every test and answers with the
/// verdict (judging is a job; this waits for it, as the legacy API did).
#[utoipa::path(post, path = "/submission", tag = "submissions", security(("token" = [])), request_body = SubmitBody,
    responses((status = 201, body = SubmissionAnswer, description = "Judged"), BadRequest, Unauthorized, Forbidden,
        NotFound, PayloadTooLarge, TooManyRequests, Unavailable))]
pub async fn submit(
    State(state): State<AppState>,
    caller: Caller,
    LegacyJson(body): LegacyJson<SubmitBody>,
) -> AppResult<Response> {
    let (puzzle, language) = both_ids(
        body_id("puzzleId", body.puzzle_id.as_deref()),
        body_id(
            "programmingLanguage",
            body.programming_language.as_deref().or(body.programming_language_id.as_deref()),
        ),
    )?;
    let answer =
        submitting::submit_and_wait(&state, &caller, puzzle, language, &body.code, VERDICT_WAIT).await?;
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

/// `GET /submission/:id`: the author's and moderators' (legacy showed anyone's code).
#[utoipa::path(get, path = "/submission/{id}", tag = "submissions", params(ObjectId),
    responses((status = 200, body = SubmissionDocument),
        (status = 400, body = BareError, description = "No such submission, or not yours (the legacy status)")))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    ObjectId { id }: ObjectId,
) -> AppResult<Response> {
    let found = match id.parse::<Id>() {
        Ok(id) => submissions::document(&state.pool, &caller, id).await?,
        Err(_) => None,
    };
    Ok(match found {
        Some(document) => Json(document).into_response(),
        // The legacy API answered an unknown submission with 400.
        None => BareError::answer(StatusCode::BAD_REQUEST, "Submission not found"),
    })
}

#[derive(Serialize, ToSchema, TS)]
pub struct Activity {
    puzzles: Vec<PuzzleDocument>,
    submissions: Vec<SubmissionDocument>,
}

#[derive(Serialize, ToSchema, TS)]
pub struct ActivityAnswer {
    user: PublicUser,
    message: &'static str,
    activity: Activity,
}

/// `GET /user/:username/activity`: published puzzles and submissions (without code).
#[utoipa::path(get, path = "/user/{username}/activity", tag = "submissions", params(Username),
    responses((status = 200, body = ActivityAnswer), BadRequest, NotFound))]
pub async fn activity(
    State(state): State<AppState>,
    Username { username }: Username,
) -> AppResult<Json<ActivityAnswer>> {
    rules::check_username(&username).map_err(|_| AppError::BadRequest("username is invalid".into()))?;
    let user = users::by_username(&state.pool, &username)
        .await?
        .ok_or_else(|| AppError::not_found("User not found"))?;
    let authored = listing::published_by(&state.pool, user.id, 1, ACTIVITY_ITEMS).await?;
    let ids: Vec<Id> = authored.items.iter().map(|card| card.id).collect();
    let puzzles = documents::many(&state.pool, &ids, Tests::PublicOnly, Authors::Ids).await?;
    let submissions = submissions::documents_of(&state.pool, user.id, i64::from(ACTIVITY_ITEMS)).await?;
    Ok(Json(ActivityAnswer {
        user,
        message: "User activity found",
        activity: Activity { puzzles, submissions },
    }))
}

/// `userId` is ignored: the session says whose submission it is.
#[derive(Deserialize, ToSchema, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct GameLinkBody {
    game_id: Option<String>,
    submission_id: Option<String>,
}

#[derive(Serialize, ToSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct LinkedGame {
    id: Id,
    status: &'static str,
    player_count: usize,
}

#[derive(Serialize, ToSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct GameLinkAnswer {
    success: bool,
    message: &'static str,
    game: LinkedGame,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    leaderboard_position: Option<usize>,
}

/// `POST /submission/game`: links a judged submission to a game the caller plays.
#[utoipa::path(post, path = "/submission/game", tag = "submissions", security(("token" = [])),
    request_body = GameLinkBody,
    responses((status = 201, body = GameLinkAnswer), BadRequest, Unauthorized, Forbidden, NotFound, Conflict,
        PayloadTooLarge))]
pub async fn link_to_game(
    State(state): State<AppState>,
    caller: Caller,
    LegacyJson(body): LegacyJson<GameLinkBody>,
) -> AppResult<Response> {
    let (game, submission) = both_ids(
        body_id("gameId", body.game_id.as_deref()),
        body_id("submissionId", body.submission_id.as_deref()),
    )?;
    let linked = games::link_submission(&state.pool, &caller, game, submission).await?;
    let answer = GameLinkAnswer {
        success: true,
        message: "Submission successfully added to game",
        game: LinkedGame { id: game, status: "in_progress", player_count: linked.player_count },
        leaderboard_position: linked.position,
    };
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}
