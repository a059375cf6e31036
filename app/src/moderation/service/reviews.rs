//! The review queue: puzzles their authors submitted, oldest first, and the two
//! decisions of the publishing workflow (approve, request changes).

use super::reader;
use crate::{
    accounts::Caller,
    core::{AppError, AppResult, Id, Page, Timestamp},
    execution::{self, Limits, StageStatus, judge::passes, runner::Program},
    languages,
    moderation::{QueuedPuzzle, ReviewRecord, ReviewView, SolutionRun, TestVerdict, Verdict},
    puzzles::{
        Visibility, markdown,
        service::{load, publishing, tests_of},
    },
    state::AppState,
};
use sqlx::PgPool;

/// What a solution printed, as far as the desk shows it.
const OUTPUT_SHOWN: usize = 4096;

pub async fn queue(
    pool: &PgPool,
    caller: &Caller,
    page: u32,
    page_size: u32,
) -> AppResult<Page<QueuedPuzzle>> {
    reader(caller)?;
    let page = page.max(1);
    let items = sqlx::query_as!(
        QueuedPuzzle,
        r#"SELECT p.id AS "id: Id", p.title, u.username AS author_name, p.updated_at AS "waiting_since: Timestamp"
           FROM puzzles p JOIN users u ON u.id = p.author_id
           WHERE p.visibility = 'review'
           ORDER BY p.updated_at, p.id LIMIT $1 OFFSET $2"#,
        i64::from(page_size),
        Page::<()>::offset(page, page_size)
    )
    .fetch_all(pool)
    .await?;
    let total =
        sqlx::query_scalar!(r#"SELECT count(*) AS "count!" FROM puzzles WHERE visibility = 'review'"#)
            .fetch_one(pool)
            .await?;
    Ok(Page::new(items, page, page_size, total as u64))
}

/// The puzzle with every test, the solution and earlier decisions.
pub async fn view(pool: &PgPool, caller: &Caller, id: Id) -> AppResult<ReviewView> {
    reader(caller)?;
    let row = load(pool, id).await?;
    let tests = tests_of(pool, id).await?;
    let solution_language = match row.solution_language_id {
        Some(language) => languages::service::by_id(pool, language).await?.map(|l| l.language),
        None => None,
    };
    let history = sqlx::query_as!(
        ReviewRecord,
        r#"SELECT u.username AS "reviewer?", r.outcome::text AS "outcome!", r.feedback,
                  r.created_at AS "at: Timestamp"
           FROM moderation_reviews r LEFT JOIN users u ON u.id = r.reviewer_id
           WHERE r.puzzle_id = $1 ORDER BY r.created_at DESC, r.id DESC"#,
        id as Id
    )
    .fetch_all(pool)
    .await?;
    let next = sqlx::query_scalar!(
        r#"SELECT id AS "id: Id" FROM puzzles WHERE visibility = 'review' AND id <> $1
           ORDER BY (updated_at, id) <= ($2, $1), updated_at, id LIMIT 1"#,
        id as Id,
        row.updated_at as Timestamp
    )
    .fetch_optional(pool)
    .await?;
    Ok(ReviewView {
        id,
        statement_html: markdown::to_safe_html(row.statement.as_deref().unwrap_or_default()),
        constraints_html: row.constraints.as_deref().map(markdown::to_safe_html),
        title: row.title,
        author_name: row.author_name,
        visibility: row.visibility,
        difficulty: row.difficulty,
        tags: row.tags,
        tests,
        solution_code: row.solution_code,
        solution_language,
        history,
        next,
    })
}

/// Runs the author's solution against every test now, for the moderator to see.
pub async fn run_solution(state: &AppState, caller: &Caller, id: Id) -> AppResult<SolutionRun> {
    caller.moderator()?;
    let pool = &state.pool;
    let row = load(pool, id).await?;
    let language = match row.solution_language_id {
        Some(language) => languages::service::by_id(pool, language).await?,
        None => None,
    }
    .ok_or_else(|| AppError::BadRequest("The puzzle has no solution language".into()))?;
    let tests = tests_of(pool, id).await?;
    // A moderator's re-run takes their own turns and counts in their own limits.
    let owner = execution::service::admit(state, caller, tests.len())?;
    let program = Program { owner, language: language.language, code: row.solution_code };
    let inputs: Vec<String> = tests.iter().map(|t| t.input.clone()).collect();
    let outcome = state.runner.run_batch(&program, &inputs, &Limits::run_default(), &|_, _| {}).await?;
    let compile_error =
        outcome.compile.filter(|c| c.status != StageStatus::Ok).map(|c| shortened(c.stderr.trim()));
    let tests = tests
        .iter()
        .zip(&outcome.runs)
        .map(|(test, run)| TestVerdict {
            passed: passes(&test.output, run),
            is_public: test.is_public,
            output: shortened(&run.output),
        })
        .collect();
    Ok(SolutionRun { compile_error, tests })
}

fn shortened(text: &str) -> String {
    match text.char_indices().nth(OUTPUT_SHOWN) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// Approves the puzzle or sends it back with `feedback`, through the publishing
/// workflow. Of two moderators deciding at once, the second is told who decided.
pub async fn decide(
    state: &AppState,
    caller: &Caller,
    id: Id,
    verdict: Verdict,
    feedback: Option<String>,
) -> AppResult<Visibility> {
    caller.moderator()?;
    let current = load(&state.pool, id).await?.visibility;
    if current != Visibility::Review {
        return Err(already_decided(&state.pool, id).await?);
    }
    let to = match verdict {
        Verdict::Approve => Visibility::Approved,
        Verdict::RequestChanges => Visibility::Revise,
    };
    match publishing::transition(state, caller, id, to, feedback).await {
        Err(AppError::Conflict(_)) => Err(already_decided(&state.pool, id).await?),
        moved => moved,
    }
}

/// "Already decided by …", naming the last reviewer of the puzzle.
async fn already_decided(pool: &PgPool, id: Id) -> AppResult<AppError> {
    let reviewer = sqlx::query_scalar!(
        r#"SELECT u.username AS "username?" FROM moderation_reviews r LEFT JOIN users u ON u.id = r.reviewer_id
           WHERE r.puzzle_id = $1 ORDER BY r.created_at DESC, r.id DESC LIMIT 1"#,
        id as Id
    )
    .fetch_optional(pool)
    .await?
    .flatten();
    Ok(AppError::Conflict(match reviewer {
        Some(name) => format!("Already decided by {name}"),
        None => "This puzzle is no longer waiting for review".into(),
    }))
}
