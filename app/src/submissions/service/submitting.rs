//! Submitting code for judging, and running it on a puzzle's examples.

use crate::{
    accounts::{Caller, User},
    core::{AppError, AppResult, Id},
    execution::{
        self, Limits,
        judge::{Tally, passes},
        runner::Program,
    },
    languages::{self, Language},
    puzzles::{
        Test, Visibility,
        service::{PuzzleRow, load, not_found, tests_of},
        workflow,
    },
    state::AppState,
    submissions::{
        Playground, RunReport, SubmissionStatus, TestResult, code_length, grading,
        legacy::{ExecutionAnswer, PistonStage, ResultTally, SubmissionAnswer},
    },
};
use sqlx::PgPool;

pub const CODE_MAX_BYTES: usize = 64 * 1024;

pub fn check_code(code: &str) -> AppResult<()> {
    if code.trim().is_empty() {
        return Err(AppError::validation("code", "Write some code first"));
    }
    if code.len() > CODE_MAX_BYTES {
        return Err(AppError::validation("code", "Code must be at most 64 KiB"));
    }
    Ok(())
}

/// The puzzle if the user may play it: published puzzles for everyone, any state
/// for its author and moderators (who test before publishing).
async fn playable(pool: &PgPool, puzzle: Id, user: &User) -> AppResult<(PuzzleRow, Vec<Test>)> {
    let row = load(pool, puzzle).await?;
    let standing = row.standing(Some(user));
    if !workflow::may_view(row.visibility, standing) {
        return Err(not_found());
    }
    if row.visibility != Visibility::Approved && !(standing.is_author || standing.is_moderator) {
        return Err(AppError::Forbidden("This puzzle cannot be played until it is published".into()));
    }
    let tests = tests_of(pool, puzzle).await?;
    if tests.is_empty() {
        return Err(AppError::BadRequest(
            "This puzzle isn't finished, it should have test cases / validators".into(),
        ));
    }
    Ok((row, tests))
}

async fn language(pool: &PgPool, id: Id) -> AppResult<Language> {
    languages::service::by_id(pool, id)
        .await?
        .ok_or_else(|| AppError::validation("programmingLanguage", "Invalid programming language"))
}

/// What the play page shows the caller: the puzzle, the languages and their editor setup.
pub async fn playground(pool: &PgPool, caller: &Caller, puzzle: &str) -> AppResult<Playground> {
    let id = puzzle.parse().map_err(|_| not_found())?;
    let puzzle = crate::puzzles::service::reading::view(pool, caller, id).await?;
    let preferences = crate::accounts::service::preferences::for_reader(pool, caller).await?;
    Ok(Playground {
        puzzle,
        languages: languages::service::active(pool).await?,
        editor: preferences.as_ref().and_then(|p| p.editor.clone()).unwrap_or_default(),
        preferred_language: preferences.and_then(|p| p.preferred_language),
        signed_in: caller.signed_in().is_some(),
    })
}

/// Stores the caller's submission as pending and queues it, within their limit;
/// judging happens in a job.
pub async fn submit(
    state: &AppState,
    caller: &Caller,
    puzzle: Id,
    language_id: Id,
    code: &str,
) -> AppResult<Id> {
    let user = caller.user()?;
    check_code(code)?;
    state.rate_limits.check_submission(user.id)?;
    let pool = &state.pool;
    let (_, tests) = playable(pool, puzzle, user).await?;
    language(pool, language_id).await?;
    let id = Id::new();
    sqlx::query!(
        "INSERT INTO submissions (id, puzzle_id, user_id, language_id, code, tests_total)
         VALUES ($1, $2, $3, $4, $5, $6)",
        id as Id,
        puzzle as Id,
        user.id as Id,
        language_id as Id,
        code,
        tests.len() as i32,
    )
    .execute(pool)
    .await?;
    state.judge_queue.push(id).await?;
    Ok(id)
}

/// Runs the caller's code on the puzzle's public examples without storing
/// anything, within their limit of runs.
pub async fn run_examples(
    state: &AppState,
    caller: &Caller,
    puzzle: Id,
    language_id: Id,
    code: &str,
) -> AppResult<RunReport> {
    let user = caller.user()?;
    check_code(code)?;
    let (_, mut tests) = playable(&state.pool, puzzle, user).await?;
    tests.retain(|t| t.is_public);
    let language = language(&state.pool, language_id).await?;
    let owner = execution::service::admit(state, caller, tests.len())?;
    let program = Program { owner, language: language.language, code: code.to_owned() };
    let inputs: Vec<String> = tests.iter().map(|t| t.input.clone()).collect();
    let batch = state.runner.run_batch(&program, &inputs, &Limits::run_default(), &|_, _| {}).await?;
    Ok(RunReport {
        language: batch.runtime.language.clone(),
        version: batch.runtime.version.clone(),
        compile: batch.compile.as_ref().map(grading::compile_receipt),
        tests: tests
            .iter()
            .zip(&batch.runs)
            .enumerate()
            .map(|(i, (t, r))| grading::outcome(i, t, r))
            .collect(),
    })
}

/// Runs the caller's code once on one input and judges it against one output (the
/// legacy `/execute`), by language name, within their limit of runs.
pub async fn execute_once(
    state: &AppState,
    caller: &Caller,
    language: &str,
    code: &str,
    stdin: &str,
    expected: &str,
) -> AppResult<ExecutionAnswer> {
    caller.user()?;
    check_code(code)?;
    let owner = execution::service::admit(state, caller, 1)?;
    let program = Program { owner, language: language.to_owned(), code: code.to_owned() };
    let batch =
        state.runner.run_batch(&program, &[stdin.to_owned()], &Limits::run_default(), &|_, _| {}).await?;
    let passed = batch.runs.first().is_some_and(|run| passes(expected, run));
    let tally = Tally::of([passed]);
    Ok(ExecutionAnswer {
        run: batch.runs.first().or(batch.compile.as_ref()).map(PistonStage::from),
        compile: batch.compile.as_ref().map(PistonStage::from),
        puzzle_result_information: ResultTally {
            result: if passed { TestResult::Success } else { TestResult::Error },
            success_rate: tally.success_rate,
            passed: tally.passed,
            failed: tally.failed,
            total: tally.total,
        },
    })
}

/// Submits and waits, up to `wait`, for the verdict (the legacy `POST /submission`).
pub async fn submit_and_wait(
    state: &AppState,
    caller: &Caller,
    puzzle: Id,
    language: Id,
    code: &str,
    wait: std::time::Duration,
) -> AppResult<SubmissionAnswer> {
    let id = submit(state, caller, puzzle, language, code).await?;
    let record = super::wait_until_finished(&state.pool, id, wait).await?.ok_or_else(super::not_found)?;
    if record.status == SubmissionStatus::Failed {
        return Err(AppError::Unavailable("The submission could not be judged; try again shortly".into()));
    }
    Ok(SubmissionAnswer {
        id: record.id,
        submission_id: record.id,
        puzzle: record.puzzle_id,
        puzzle_id: record.puzzle_id,
        user: record.user_id,
        user_id: record.user_id,
        programming_language: record.language.id,
        programming_language_id: record.language.id,
        code_length: code_length(&record.code),
        created_at: record.created_at,
        result: ResultTally {
            result: record.result.unwrap_or(TestResult::Unknown),
            success_rate: record.success_rate.unwrap_or(0.0),
            passed: record.tests_passed as usize,
            failed: (record.tests_total - record.tests_passed) as usize,
            total: record.tests_total as usize,
        },
        code: record.code,
    })
}
