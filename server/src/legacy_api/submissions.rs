//! `/execute`, `/submission`, `/submission/:id` and `/user/:username/activity`.

use super::{docs, json::LegacyJson};
use app::{
    accounts::{
        auth::{self, AuthSession},
        rules,
        service::users,
    },
    core::{AppError, AppResult, FieldError, Id, state::AppState},
    execution::{
        StageResult,
        judge::{Tally, passes},
    },
    puzzles::service::{Tests, listing, reading},
    submissions::{
        SubmissionStatus, code_length,
        service::{self as submissions, SubmissionRecord, submitting},
    },
};
use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use serde_json::{Value, json};
use std::time::Duration;

/// How long `POST /submission` waits for the verdict the legacy frontend expects.
const VERDICT_WAIT: Duration = Duration::from_secs(60);
/// Submissions the activity endpoint lists (the legacy one had no bound).
const ACTIVITY_SUBMISSIONS: i64 = 1000;

/// A stage in Piston's shape.
fn piston_stage(stage: &StageResult) -> Value {
    json!({
        "stdout": stage.stdout,
        "stderr": stage.stderr,
        "output": stage.output,
        "code": stage.exit_code,
        "signal": stage.signal,
    })
}

#[derive(Deserialize)]
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
pub async fn execute(
    State(state): State<AppState>,
    session: AuthSession,
    LegacyJson(body): LegacyJson<ExecuteBody>,
) -> AppResult<Json<Value>> {
    let user = auth::require_user(&session)?;
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
    state.rate_limits.check_run(user.id)?;
    let batch = submitting::execute_once(state.runner.as_ref(), &body.language, &body.code, &body.test_input)
        .await
        .map_err(|error| match error {
            AppError::BadRequest(_) => AppError::BadRequest(
                "Unsupported language: At the moment we don't support this language.".into(),
            ),
            other => other,
        })?;
    // As current Piston images do, a failed compile stands in for the run.
    let run = batch.runs.first().or(batch.compile.as_ref()).map(piston_stage).unwrap_or(Value::Null);
    let passed = batch.runs.first().is_some_and(|r| passes(&body.test_output, r));
    let tally = Tally::of([passed]);
    let mut answer = json!({
        "run": run,
        "puzzleResultInformation": {
            "result": if passed { "success" } else { "error" },
            "successRate": tally.success_rate,
            "passed": tally.passed,
            "failed": tally.failed,
            "total": tally.total,
        },
    });
    if let Some(compile) = &batch.compile {
        answer["compile"] = piston_stage(compile);
    }
    Ok(Json(answer))
}

/// The legacy frontend sends `programmingLanguage`; the legacy API wanted
/// `programmingLanguageId`. `userId` is ignored: the session says who submits.
#[derive(Deserialize)]
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

/// `POST /submission`: judges the code against every test and answers with the
/// verdict (judging is a job; this waits for it, as the legacy API did).
pub async fn submit(
    State(state): State<AppState>,
    session: AuthSession,
    LegacyJson(body): LegacyJson<SubmitBody>,
) -> AppResult<Response> {
    let user = auth::require_user(&session)?;
    let puzzle = body_id("puzzleId", body.puzzle_id.as_deref());
    let language = body_id(
        "programmingLanguage",
        body.programming_language.as_deref().or(body.programming_language_id.as_deref()),
    );
    let (puzzle, language) = match (puzzle, language) {
        (Ok(p), Ok(l)) => (p, l),
        (p, l) => return Err(AppError::Validation(p.err().into_iter().chain(l.err()).collect())),
    };
    state.rate_limits.check_submission(user.id)?;
    let id =
        submitting::submit(&state.pool, &state.judge_queue, &user.viewer(), puzzle, language, &body.code)
            .await?;
    let record = submissions::wait_until_finished(&state.pool, id, VERDICT_WAIT)
        .await?
        .ok_or_else(submissions::not_found)?;
    if record.status == SubmissionStatus::Failed {
        return Err(AppError::Unavailable("The submission could not be judged; try again shortly".into()));
    }
    let tally = json!({
        "result": record.result,
        "successRate": record.success_rate.unwrap_or(0.0),
        "passed": record.tests_passed,
        "failed": record.tests_total - record.tests_passed,
        "total": record.tests_total,
    });
    let answer = json!({
        "_id": record.id,
        "submissionId": record.id,
        "puzzle": record.puzzle_id,
        "puzzleId": record.puzzle_id,
        "user": record.user_id,
        "userId": record.user_id,
        "programmingLanguage": record.language.id,
        "programmingLanguageId": record.language.id,
        "code": record.code,
        "codeLength": code_length(&record.code),
        "createdAt": record.created_at,
        "result": tally,
    });
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

/// A Submission document; `code` only when the reader may see it.
fn submission_doc(record: &SubmissionRecord, with_code: bool) -> Value {
    let mut doc = json!({
        "_id": record.id,
        "createdAt": record.created_at,
        "puzzle": record.puzzle_id,
        "user": record.user_id,
        "programmingLanguage": docs::language(&record.language),
        "result": {
            "result": record.result.map_or("unknown", |r| r.as_str()),
            "successRate": record.success_rate.unwrap_or(0.0),
        },
        "__v": 0,
    });
    if with_code {
        doc["code"] = json!(record.code);
    }
    doc
}

/// `GET /submission/:id`: the author's and moderators' (legacy showed anyone's code).
pub async fn get(
    State(state): State<AppState>,
    session: AuthSession,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let user = auth::require_user(&session)?;
    let missing =
        || (StatusCode::BAD_REQUEST, Json(json!({ "error": "Submission not found" }))).into_response();
    let Ok(id) = id.parse::<Id>() else {
        return Ok(missing());
    };
    let Some(record) = submissions::record(&state.pool, id).await? else {
        return Ok(missing());
    };
    if !submissions::may_read_code(record.user_id, &user.viewer()) {
        return Err(AppError::Forbidden("Only its author and moderators may read a submission".into()));
    }
    Ok(Json(submission_doc(&record, true)).into_response())
}

/// `GET /user/:username/activity`: published puzzles and submissions (without code).
pub async fn activity(State(state): State<AppState>, Path(username): Path<String>) -> AppResult<Json<Value>> {
    rules::check_username(&username).map_err(|_| AppError::BadRequest("username is invalid".into()))?;
    let user = users::by_username(&state.pool, &username)
        .await?
        .ok_or_else(|| AppError::not_found("User not found"))?;
    let authored = listing::by_author(&state.pool, user.id, false, 1, 1000).await?;
    let ids: Vec<Id> = authored.items.iter().map(|card| card.id).collect();
    let puzzles: Vec<Value> = reading::records(&state.pool, &ids, Tests::PublicOnly)
        .await?
        .iter()
        .map(|(row, tests)| docs::puzzle(row, json!(row.author_id), tests))
        .collect();
    let submissions: Vec<Value> = submissions::records_of(&state.pool, user.id, ACTIVITY_SUBMISSIONS)
        .await?
        .iter()
        .map(|record| submission_doc(record, false))
        .collect();
    Ok(Json(json!({
        "user": user,
        "message": "User activity found",
        "activity": { "puzzles": puzzles, "submissions": submissions },
    })))
}

/// `userId` is ignored: the session says whose submission it is.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GameLinkBody {
    game_id: Option<String>,
    submission_id: Option<String>,
}

/// `POST /submission/game`: links a judged submission to a game the caller plays.
pub async fn link_to_game(
    State(state): State<AppState>,
    session: AuthSession,
    LegacyJson(body): LegacyJson<GameLinkBody>,
) -> AppResult<Response> {
    let user = auth::require_user(&session)?;
    let (game, submission) = match (
        body_id("gameId", body.game_id.as_deref()),
        body_id("submissionId", body.submission_id.as_deref()),
    ) {
        (Ok(g), Ok(s)) => (g, s),
        (g, s) => return Err(AppError::Validation(g.err().into_iter().chain(s.err()).collect())),
    };
    let linked =
        app::games::service::games::link_submission(&state.pool, &user.viewer(), game, submission).await?;
    let mut answer = json!({
        "success": true,
        "message": "Submission successfully added to game",
        "game": { "id": game, "status": "in_progress", "playerCount": linked.player_count },
    });
    if let Some(position) = linked.position {
        answer["leaderboardPosition"] = json!(position);
    }
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportBody {
    problematic_identifier: Option<String>,
    problem_type: Option<app::moderation::ProblemType>,
    #[serde(default)]
    explanation: String,
}

/// `POST /report`.
pub async fn report(
    State(state): State<AppState>,
    session: AuthSession,
    LegacyJson(body): LegacyJson<ReportBody>,
) -> AppResult<Response> {
    let user = auth::require_user(&session)?;
    let target = body_id("problematicIdentifier", body.problematic_identifier.as_deref())
        .map_err(|e| AppError::Validation(vec![e]))?;
    let problem =
        body.problem_type.ok_or_else(|| AppError::validation("problemType", "problemType is required"))?;
    let report =
        app::moderation::service::report(&state.pool, user.id, problem, target, &body.explanation).await?;
    let mut doc = json!(report);
    doc["__v"] = json!(0);
    Ok((StatusCode::CREATED, Json(doc)).into_response())
}
