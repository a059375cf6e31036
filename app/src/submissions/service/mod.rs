//! Submission rules and storage: the only place with SQL about submissions.

pub mod judging;
pub mod submitting;

use super::{
    Progress, Receipt, SubmissionStatus, SubmissionSummary, SubmissionView, TestResult, code_length,
    legacy::{StoredResult, SubmissionDocument},
};
use crate::{
    accounts::{Caller, User},
    core::{AppError, AppResult, Id, Page, Timestamp},
    languages::Language,
};
use sqlx::{PgPool, types::Json};

struct SubmissionRow {
    id: Id,
    puzzle_id: Id,
    puzzle_title: String,
    user_id: Id,
    username: String,
    language_id: Id,
    language: String,
    language_version: String,
    code: String,
    status: SubmissionStatus,
    result: Option<TestResult>,
    success_rate: Option<f64>,
    tests_done: i32,
    tests_passed: i32,
    tests_total: i32,
    details: Option<Json<Receipt>>,
    created_at: Timestamp,
    judged_at: Option<Timestamp>,
}

/// Code is private to its author and moderators (the legacy API showed anyone's).
fn may_read_code(owner: Id, user: &User) -> bool {
    owner == user.id || user.is_moderator()
}

fn private() -> AppError {
    AppError::Forbidden("Only its author and moderators may read a submission".into())
}

pub fn not_found() -> AppError {
    AppError::not_found("Submission not found")
}

/// Whether `user` has an accepted submission for `puzzle`.
pub async fn solved(pool: &PgPool, puzzle: Id, user: Id) -> AppResult<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM submissions WHERE puzzle_id = $1 AND user_id = $2 AND result = 'success')
           AS "solved!""#,
        puzzle as Id,
        user as Id
    )
    .fetch_one(pool)
    .await?)
}

/// A submission as the caller may see it: its owner and moderators see
/// everything; an accepted one is also a solution, which those who solved its
/// puzzle read. Others are refused.
pub async fn view(pool: &PgPool, caller: &Caller, id: Id) -> AppResult<SubmissionView> {
    let user = caller.user()?;
    let row = sqlx::query_as!(
        SubmissionRow,
        r#"SELECT s.id AS "id: Id", s.puzzle_id AS "puzzle_id: Id", p.title AS puzzle_title,
                  s.user_id AS "user_id: Id", u.username, s.language_id AS "language_id: Id",
                  l.language, l.version AS language_version, s.code, s.status AS "status: SubmissionStatus",
                  s.result AS "result: TestResult", s.success_rate, s.tests_done, s.tests_passed, s.tests_total,
                  s.details AS "details: Json<Receipt>", s.created_at AS "created_at: Timestamp",
                  s.judged_at AS "judged_at: Timestamp"
           FROM submissions s
           JOIN puzzles p ON p.id = s.puzzle_id
           JOIN users u ON u.id = s.user_id
           JOIN programming_languages l ON l.id = s.language_id
           WHERE s.id = $1"#,
        id as Id,
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(not_found)?;
    let solution_for_solver =
        row.result == Some(TestResult::Success) && solved(pool, row.puzzle_id, user.id).await?;
    if !may_read_code(row.user_id, user) && !solution_for_solver {
        return Err(private());
    }
    Ok(SubmissionView {
        id: row.id,
        puzzle_id: row.puzzle_id,
        puzzle_title: row.puzzle_title,
        user_id: row.user_id,
        username: row.username,
        language_id: row.language_id,
        language: row.language,
        language_version: row.language_version,
        code_length: code_length(&row.code),
        code: Some(row.code),
        status: row.status,
        result: row.result,
        success_rate: row.success_rate,
        progress: Progress { done: row.tests_done, passed: row.tests_passed, total: row.tests_total },
        receipt: row.details.map(|d| d.0),
        created_at: row.created_at,
        judged_at: row.judged_at,
    })
}

/// The caller's submissions, newest first, optionally for one puzzle.
pub async fn history(
    pool: &PgPool,
    caller: &Caller,
    puzzle: Option<Id>,
    page: u32,
    page_size: u32,
) -> AppResult<Page<SubmissionSummary>> {
    let user = caller.user()?.id;
    let page = page.max(1);
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "total!" FROM submissions
           WHERE user_id = $1 AND ($2::object_id IS NULL OR puzzle_id = $2)"#,
        user as Id,
        puzzle as Option<Id>,
    )
    .fetch_one(pool)
    .await?;
    let items = sqlx::query_as!(
        SubmissionSummary,
        r#"SELECT s.id AS "id: Id", s.puzzle_id AS "puzzle_id: Id", p.title AS puzzle_title, l.language,
                  s.status AS "status: SubmissionStatus", s.result AS "result: TestResult", s.success_rate,
                  s.created_at AS "created_at: Timestamp"
           FROM submissions s
           JOIN puzzles p ON p.id = s.puzzle_id
           JOIN programming_languages l ON l.id = s.language_id
           WHERE s.user_id = $1 AND ($2::object_id IS NULL OR s.puzzle_id = $2)
           ORDER BY s.created_at DESC, s.id DESC LIMIT $3 OFFSET $4"#,
        user as Id,
        puzzle as Option<Id>,
        i64::from(page_size),
        i64::from(page - 1) * i64::from(page_size),
    )
    .fetch_all(pool)
    .await?;
    Ok(Page::new(items, page, page_size, total as u64))
}

/// A stored submission with its language, for the legacy documents.
#[derive(Debug, Clone)]
pub(crate) struct SubmissionRecord {
    pub id: Id,
    pub puzzle_id: Id,
    pub user_id: Id,
    pub language: Language,
    pub code: String,
    pub status: SubmissionStatus,
    pub result: Option<TestResult>,
    pub success_rate: Option<f64>,
    pub tests_passed: i32,
    pub tests_total: i32,
    pub created_at: Timestamp,
}

/// A `SubmissionRecord` as read, its language's columns flat.
struct RecordRow {
    id: Id,
    puzzle_id: Id,
    user_id: Id,
    language_id: Id,
    language: String,
    version: String,
    aliases: Vec<String>,
    runtime: Option<String>,
    code: String,
    status: SubmissionStatus,
    result: Option<TestResult>,
    success_rate: Option<f64>,
    tests_passed: i32,
    tests_total: i32,
    created_at: Timestamp,
}

impl From<RecordRow> for SubmissionRecord {
    fn from(row: RecordRow) -> Self {
        Self {
            id: row.id,
            puzzle_id: row.puzzle_id,
            user_id: row.user_id,
            language: Language {
                id: row.language_id,
                language: row.language,
                version: row.version,
                aliases: row.aliases,
                runtime: row.runtime,
            },
            code: row.code,
            status: row.status,
            result: row.result,
            success_rate: row.success_rate,
            tests_passed: row.tests_passed,
            tests_total: row.tests_total,
            created_at: row.created_at,
        }
    }
}

impl SubmissionRecord {
    fn document(self, with_code: bool) -> SubmissionDocument {
        SubmissionDocument {
            id: self.id,
            created_at: self.created_at,
            puzzle: self.puzzle_id,
            user: self.user_id,
            programming_language: self.language,
            result: StoredResult {
                result: self.result.unwrap_or(TestResult::Unknown),
                success_rate: self.success_rate.unwrap_or(0.0),
            },
            code: with_code.then_some(self.code),
            version: 0,
        }
    }
}

/// A submission document with its code, for its author and moderators; `None`
/// when unknown.
pub async fn document(pool: &PgPool, caller: &Caller, id: Id) -> AppResult<Option<SubmissionDocument>> {
    let user = caller.user()?;
    match record(pool, id).await? {
        Some(record) if !may_read_code(record.user_id, user) => Err(private()),
        found => Ok(found.map(|record| record.document(true))),
    }
}

pub(crate) async fn record(pool: &PgPool, id: Id) -> AppResult<Option<SubmissionRecord>> {
    let row = sqlx::query_as!(
        RecordRow,
        r#"SELECT s.id AS "id: Id", s.puzzle_id AS "puzzle_id: Id", s.user_id AS "user_id: Id",
                  l.id AS "language_id: Id", l.language, l.version, l.aliases, l.runtime, s.code,
                  s.status AS "status: SubmissionStatus", s.result AS "result: TestResult", s.success_rate,
                  s.tests_passed, s.tests_total, s.created_at AS "created_at: Timestamp"
           FROM submissions s JOIN programming_languages l ON l.id = s.language_id
           WHERE s.id = $1"#,
        id as Id,
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(SubmissionRecord::from))
}

/// A user's most recent submissions (at most `limit`), newest first, without code.
pub async fn documents_of(pool: &PgPool, user: Id, limit: i64) -> AppResult<Vec<SubmissionDocument>> {
    let rows = sqlx::query_as!(
        RecordRow,
        r#"SELECT s.id AS "id: Id", s.puzzle_id AS "puzzle_id: Id", s.user_id AS "user_id: Id",
                  l.id AS "language_id: Id", l.language, l.version, l.aliases, l.runtime, s.code,
                  s.status AS "status: SubmissionStatus", s.result AS "result: TestResult", s.success_rate,
                  s.tests_passed, s.tests_total, s.created_at AS "created_at: Timestamp"
           FROM submissions s JOIN programming_languages l ON l.id = s.language_id
           WHERE s.user_id = $1 ORDER BY s.created_at DESC, s.id DESC LIMIT $2"#,
        user as Id,
        limit,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|row| SubmissionRecord::from(row).document(false)).collect())
}

/// Waits until a submission is judged (or judging failed), up to `timeout`.
pub(crate) async fn wait_until_finished(
    pool: &PgPool,
    id: Id,
    timeout: std::time::Duration,
) -> AppResult<Option<SubmissionRecord>> {
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        let current = record(pool, id).await?;
        let finished = current
            .as_ref()
            .is_some_and(|r| matches!(r.status, SubmissionStatus::Judged | SubmissionStatus::Failed));
        if finished || tokio::time::Instant::now() >= deadline {
            return Ok(current);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
