//! Server functions of the moderation context: reports, and the desk.

use super::{
    Action, AuditEntry, AuditQuery, DeskCounts, ProblemType, QueuedPuzzle, ReportCase, ReportReason,
    ReviewView, SolutionRun, UserFile, UserSummary, Verdict,
};
use crate::{
    core::{AppError, Id, Page},
    puzzles::Visibility,
};
use leptos::prelude::*;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use crate::{
    accounts::context::caller,
    moderation::{Decision, PAGE_SIZE, rules, service},
};

/// Reports a puzzle, a user, a comment or a chat message (`components::report`).
#[server(endpoint = "moderation/report")]
pub async fn report(
    problem: ProblemType,
    target: Id,
    reason: ReportReason,
    explanation: String,
) -> Result<(), AppError> {
    let (state, caller) = caller().await?;
    service::report(&state.pool, &caller, problem, target, reason, &explanation).await.map(drop)
}

#[server(endpoint = "moderation/desk")]
pub async fn desk_summary() -> Result<DeskCounts, AppError> {
    let (state, caller) = caller().await?;
    service::desk::counts(&state.pool, &caller).await
}

#[server(endpoint = "moderation/queue")]
pub async fn review_queue(page: u32) -> Result<Page<QueuedPuzzle>, AppError> {
    let (state, caller) = caller().await?;
    service::reviews::queue(&state.pool, &caller, page, PAGE_SIZE).await
}

#[server(endpoint = "moderation/review")]
pub async fn review(id: String) -> Result<ReviewView, AppError> {
    let (state, caller) = caller().await?;
    let id = id.parse().map_err(|_| AppError::not_found("Page not found"))?;
    service::reviews::view(&state.pool, &caller, id).await
}

#[server(endpoint = "moderation/run-solution")]
pub async fn run_solution(id: Id) -> Result<SolutionRun, AppError> {
    let (state, caller) = caller().await?;
    service::reviews::run_solution(&state, &caller, id).await
}

#[server(endpoint = "moderation/decide-review")]
pub async fn decide_review(
    id: Id,
    verdict: Verdict,
    feedback: Option<String>,
) -> Result<Visibility, AppError> {
    let (state, caller) = caller().await?;
    service::reviews::decide(&state, &caller, id, verdict, feedback).await
}

#[server(endpoint = "moderation/reports")]
pub async fn report_cases(page: u32) -> Result<Page<ReportCase>, AppError> {
    let (state, caller) = caller().await?;
    service::reports::cases(&state.pool, &caller, page, PAGE_SIZE).await
}

/// The report form: `dismiss`, or `resolve` with an action (and, for a ban, its
/// length: days or `permanent`).
#[server(endpoint = "moderation/decide-report")]
pub async fn decide_report(
    report: Id,
    decision: String,
    action: Option<Action>,
    penalty: Option<String>,
    note: Option<String>,
) -> Result<(), AppError> {
    let (state, caller) = caller().await?;
    let decision = match decision.as_str() {
        "dismiss" => Decision::Dismiss,
        _ => {
            let action = action.unwrap_or(Action::Nothing);
            let penalty = match action {
                Action::Ban => Some(
                    penalty
                        .as_deref()
                        .and_then(rules::parse_penalty)
                        .ok_or_else(|| AppError::validation("penalty", "Choose how long the ban lasts"))?,
                ),
                _ => None,
            };
            Decision::Resolve { action, penalty }
        }
    };
    service::reports::decide(&state, &caller, report, decision, note.as_deref().unwrap_or_default())
        .await
        .map(drop)
}

#[server(endpoint = "moderation/users")]
pub async fn find_users(search: String, page: u32) -> Result<Page<UserSummary>, AppError> {
    let (state, caller) = caller().await?;
    service::users::find(&state.pool, &caller, &search, page, PAGE_SIZE).await
}

#[server(endpoint = "moderation/user")]
pub async fn moderation_file(username: String) -> Result<UserFile, AppError> {
    let (state, caller) = caller().await?;
    service::users::file(&state.pool, &caller, &username).await
}

/// `penalty` is a number of days or `permanent`.
#[server(endpoint = "moderation/ban")]
pub async fn ban_user(user: Id, penalty: String, reason: String) -> Result<(), AppError> {
    let (state, caller) = caller().await?;
    let penalty = rules::parse_penalty(&penalty)
        .ok_or_else(|| AppError::validation("penalty", "Choose how long the ban lasts"))?;
    service::users::ban(&state.pool, &caller, user, penalty, &reason).await.map(drop)
}

#[server(endpoint = "moderation/unban")]
pub async fn unban_user(user: Id, reason: String) -> Result<(), AppError> {
    let (state, caller) = caller().await?;
    crate::accounts::service::bans::unban(&state.pool, &caller, user, &reason).await
}

#[server(endpoint = "moderation/audit", input = Json)]
pub async fn audit_log(query: AuditQuery) -> Result<Page<AuditEntry>, AppError> {
    let (state, caller) = caller().await?;
    service::audit::entries(&state.pool, &caller, &query, PAGE_SIZE).await
}
