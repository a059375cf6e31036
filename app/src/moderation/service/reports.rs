//! Report triage: pending reports grouped by what they are about, and one decision
//! for the whole group (dismiss, or resolve with an action). Resolving counts
//! against the user behind the content, and escalates (spec gotcha 15).

use super::{content, notify, reader};
use crate::{
    accounts::{
        BanType, Caller, Role,
        service::bans::{self, BanOrder},
    },
    comments::service::writing,
    core::{AppError, AppResult, Id, Page, Timestamp, audit},
    moderation::{
        Action, Decision, Offender, Penalty, ProblemType, Report, ReportCase, ReportEntry, ReportReason,
        ReviewStatus, rules,
    },
    notifications::service::outbox::{self, Cause},
    puzzles::{Visibility, service::publishing},
    state::AppState,
};
use chrono::Duration;
use sqlx::{PgConnection, PgPool};

/// Pending cases, the longest waiting first.
pub async fn cases(pool: &PgPool, caller: &Caller, page: u32, page_size: u32) -> AppResult<Page<ReportCase>> {
    reader(caller)?;
    let page = page.max(1);
    let groups = sqlx::query!(
        r#"SELECT problem_type AS "problem_type!: ProblemType", problematic_id AS "target!: Id"
           FROM reports WHERE status = 'pending'
           GROUP BY problem_type, problematic_id
           ORDER BY min(created_at), problematic_id LIMIT $1 OFFSET $2"#,
        i64::from(page_size),
        Page::<()>::offset(page, page_size)
    )
    .fetch_all(pool)
    .await?;
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM (SELECT DISTINCT problem_type, problematic_id
                                            FROM reports WHERE status = 'pending') AS cases"#
    )
    .fetch_one(pool)
    .await?;
    let mut items = Vec::with_capacity(groups.len());
    for group in groups {
        items.push(case(pool, group.problem_type, group.target).await?);
    }
    Ok(Page::new(items, page, page_size, total as u64))
}

async fn case(pool: &PgPool, problem: ProblemType, target_id: Id) -> AppResult<ReportCase> {
    let reports = sqlx::query_as!(
        ReportEntry,
        r#"SELECT r.id AS "id: Id", u.username AS reporter, r.reason AS "reason: ReportReason", r.explanation,
                  r.created_at AS "at: Timestamp"
           FROM reports r JOIN users u ON u.id = r.reported_by
           WHERE r.problem_type = $1 AND r.problematic_id = $2 AND r.status = 'pending'
           ORDER BY r.created_at, r.id"#,
        problem as ProblemType,
        target_id as Id
    )
    .fetch_all(pool)
    .await?;
    let (target, offender) = content::shown(pool, problem, target_id).await?;
    let offender = match offender {
        Some(user) => offender_of(pool, user).await?,
        None => None,
    };
    Ok(ReportCase { problem_type: problem, target_id, target, reports, offender })
}

/// A user with their resolved reports and what the next one would bring.
pub(super) async fn offender_of(pool: &PgPool, user: Id) -> AppResult<Option<Offender>> {
    let row = sqlx::query!(
        r#"SELECT id AS "id: Id", username, role AS "role: Role", report_count FROM users WHERE id = $1"#,
        user as Id
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|u| Offender {
        next_escalation: (u.role == Role::User).then(|| rules::escalation(u.report_count + 1)).flatten(),
        id: u.id,
        username: u.username,
        role: u.role,
        resolved_reports: u.report_count,
    }))
}

struct ReportRow {
    id: Id,
    problematic_identifier: Id,
    problem_type: ProblemType,
    reported_by: Id,
    reason: ReportReason,
    explanation: String,
    status: ReviewStatus,
    resolver: Option<String>,
    created_at: Timestamp,
    updated_at: Timestamp,
}

impl From<ReportRow> for Report {
    fn from(r: ReportRow) -> Self {
        Report {
            id: r.id,
            problematic_identifier: r.problematic_identifier,
            problem_type: r.problem_type,
            reported_by: r.reported_by,
            reason: r.reason,
            explanation: r.explanation,
            status: r.status,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

async fn report_row(db: &mut PgConnection, id: Id, lock: bool) -> AppResult<ReportRow> {
    let row = if lock {
        sqlx::query_as!(
            ReportRow,
            r#"SELECT r.id AS "id: Id", r.problematic_id AS "problematic_identifier: Id",
                      r.problem_type AS "problem_type: ProblemType", r.reported_by AS "reported_by: Id",
                      r.reason AS "reason: ReportReason", r.explanation, r.status AS "status: ReviewStatus",
                      (SELECT username FROM users WHERE id = r.resolved_by) AS "resolver?",
                      r.created_at AS "created_at: Timestamp", r.updated_at AS "updated_at: Timestamp"
               FROM reports r WHERE r.id = $1 FOR UPDATE"#,
            id as Id
        )
        .fetch_optional(&mut *db)
        .await?
    } else {
        sqlx::query_as!(
            ReportRow,
            r#"SELECT r.id AS "id: Id", r.problematic_id AS "problematic_identifier: Id",
                      r.problem_type AS "problem_type: ProblemType", r.reported_by AS "reported_by: Id",
                      r.reason AS "reason: ReportReason", r.explanation, r.status AS "status: ReviewStatus",
                      (SELECT username FROM users WHERE id = r.resolved_by) AS "resolver?",
                      r.created_at AS "created_at: Timestamp", r.updated_at AS "updated_at: Timestamp"
               FROM reports r WHERE r.id = $1"#,
            id as Id
        )
        .fetch_optional(&mut *db)
        .await?
    };
    row.ok_or_else(|| AppError::not_found("Report not found"))
}

fn already_decided(row: &ReportRow) -> AppError {
    AppError::Conflict(match &row.resolver {
        Some(name) => format!("Already decided by {name}"),
        None => "This report was already decided".into(),
    })
}

/// Decides every pending report about the same thing as `report`. `note` is the
/// moderator's reason (required for a ban). Of two moderators deciding at once,
/// one decides and the other is told who did.
pub async fn decide(
    state: &AppState,
    caller: &Caller,
    report: Id,
    decision: Decision,
    note: &str,
) -> AppResult<Report> {
    let moderator = caller.moderator()?.id;
    rules::check_decision(&decision).map_err(|m| AppError::validation("decision", m))?;
    let note = note.trim();
    let pool = &state.pool;
    let first = report_row(&mut *pool.acquire().await?, report, false).await?;
    if first.status != ReviewStatus::Pending {
        return Err(already_decided(&first));
    }
    let (problem, target) = (first.problem_type, first.problematic_identifier);
    let (_, offender) = content::shown(pool, problem, target).await?;
    if let Decision::Resolve { action: Action::Ban | Action::Warn, .. } = decision {
        if offender.is_none() {
            return Err(AppError::BadRequest("Nobody is behind this content any more".into()));
        }
        if offender == Some(moderator) {
            return Err(AppError::BadRequest("You cannot ban or warn yourself".into()));
        }
    }
    if decision == (Decision::Resolve { action: Action::Remove, penalty: None }) {
        match problem {
            ProblemType::User => {
                return Err(AppError::BadRequest("A user is not content: warn or ban them instead".into()));
            }
            // A puzzle leaves the catalogue through the workflow, before the decision.
            ProblemType::Puzzle => {
                publishing::transition(state, caller, target, Visibility::Inactive, None).await?;
            }
            ProblemType::Comment | ProblemType::GameChat => {}
        }
    }

    let mut tx = pool.begin().await?;
    let locked = report_row(&mut tx, report, true).await?;
    if locked.status != ReviewStatus::Pending {
        return Err(already_decided(&locked));
    }
    let status = match decision {
        Decision::Dismiss => ReviewStatus::Rejected,
        Decision::Resolve { .. } => ReviewStatus::Resolved,
    };
    let decided = sqlx::query_scalar!(
        r#"UPDATE reports SET status = $3, resolved_by = $4
           WHERE problem_type = $1 AND problematic_id = $2 AND status = 'pending' RETURNING id AS "id: Id""#,
        problem as ProblemType,
        target as Id,
        status as ReviewStatus,
        moderator as Id
    )
    .fetch_all(&mut *tx)
    .await?;
    let (action, penalty) = match decision {
        Decision::Dismiss => (None, None),
        Decision::Resolve { action, penalty } => (Some(action), penalty),
    };
    let name = if status == ReviewStatus::Rejected { "report.dismiss" } else { "report.resolve" };
    let details = serde_json::json!({
        "reports": decided, "action": action, "penalty": penalty, "reason": (!note.is_empty()).then_some(note),
    });
    let entry =
        audit::record(&mut tx, Some(moderator), name, problem.as_str(), Some(target), details).await?;
    outbox::enqueue(&mut tx, Cause::ReportDecided { entry }).await?;

    if let (Some(action), Some(user)) = (action, offender) {
        act(&mut tx, moderator, problem, target, user, action, penalty, note).await?;
        escalate(&mut tx, moderator, user, action == Action::Ban).await?;
        notify(&mut tx, user, entry).await?;
    }
    let report = report_row(&mut tx, report, false).await?;
    tx.commit().await?;
    Ok(report.into())
}

/// Carries out the action of a resolved case, with its own audit entry.
#[allow(clippy::too_many_arguments)]
async fn act(
    tx: &mut PgConnection,
    moderator: Id,
    problem: ProblemType,
    target: Id,
    user: Id,
    action: Action,
    penalty: Option<Penalty>,
    note: &str,
) -> AppResult<()> {
    match action {
        Action::Nothing => {}
        Action::Remove => match problem {
            ProblemType::Comment => {
                writing::remove_in(tx, moderator, target).await?;
            }
            ProblemType::GameChat => {
                if let Some(text) = content::remove_chat_message(tx, target).await? {
                    let details = serde_json::json!({ "removedText": text, "author": user });
                    audit::record(
                        tx,
                        Some(moderator),
                        "content.remove",
                        problem.as_str(),
                        Some(target),
                        details,
                    )
                    .await?;
                }
            }
            // Paused through the workflow before the decision (see `decide`).
            ProblemType::Puzzle | ProblemType::User => {}
        },
        Action::Warn => {
            let details = serde_json::json!({ "reason": note, "about": { "type": problem, "id": target } });
            audit::record(tx, Some(moderator), "user.warn", "user", Some(user), details).await?;
        }
        Action::Ban => {
            bans::impose(tx, moderator, user, order(penalty.unwrap_or(Penalty::Permanent), note.to_owned()))
                .await?;
        }
    }
    Ok(())
}

pub(super) fn order(penalty: Penalty, reason: String) -> BanOrder {
    match penalty {
        Penalty::Days(days) => {
            BanOrder { ban_type: BanType::Temporary, reason, duration: Some(Duration::days(days.into())) }
        }
        Penalty::Permanent => BanOrder { ban_type: BanType::Permanent, reason, duration: None },
    }
}

/// Counts a resolved case against `user` and bans them automatically from the third
/// (unless the moderator banned them by hand just now). Moderators are not counted.
async fn escalate(tx: &mut PgConnection, moderator: Id, user: Id, banned_by_hand: bool) -> AppResult<()> {
    let count = sqlx::query_scalar!(
        "UPDATE users SET report_count = report_count + 1 WHERE id = $1 AND role = 'user' RETURNING report_count",
        user as Id
    )
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(count) = count
        && let Some(penalty) = rules::escalation(count)
        && !banned_by_hand
        && user != moderator
    {
        let reason = format!("Automatic ban after {count} resolved reports");
        bans::impose(tx, moderator, user, order(penalty, reason)).await?;
    }
    Ok(())
}
