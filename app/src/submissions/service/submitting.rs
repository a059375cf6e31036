//! Submitting code for judging, and running it on a puzzle's examples.

use crate::{
    accounts::Viewer,
    core::{AppError, AppResult, Id},
    execution::{
        Limits,
        runner::{BatchOutcome, CodeRunner, Program},
    },
    languages::{self, Language},
    puzzles::{
        Validator, Visibility,
        service::{PuzzleRow, load, not_found, validators},
        workflow,
    },
    submissions::{RunReport, grading, queue::JudgeQueue},
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

/// The puzzle if the viewer may play it: published puzzles for everyone, any state
/// for its author and moderators (who test before publishing).
async fn playable(pool: &PgPool, puzzle: Id, viewer: &Viewer) -> AppResult<(PuzzleRow, Vec<Validator>)> {
    let row = load(pool, puzzle).await?;
    let actor = row.actor(Some(viewer));
    if !workflow::may_view(row.visibility, actor) {
        return Err(not_found());
    }
    if row.visibility != Visibility::Approved && !(actor.is_author || actor.is_moderator) {
        return Err(AppError::Forbidden("This puzzle cannot be played until it is published".into()));
    }
    let tests = validators(pool, puzzle).await?;
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

/// Stores the submission as pending and queues it; judging happens in a job.
pub async fn submit(
    pool: &PgPool,
    queue: &JudgeQueue,
    viewer: &Viewer,
    puzzle: Id,
    language_id: Id,
    code: &str,
) -> AppResult<Id> {
    check_code(code)?;
    let (_, tests) = playable(pool, puzzle, viewer).await?;
    language(pool, language_id).await?;
    let id = Id::new();
    sqlx::query(
        "INSERT INTO submissions (id, puzzle_id, user_id, language_id, code, tests_total)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(puzzle)
    .bind(viewer.id)
    .bind(language_id)
    .bind(code)
    .bind(tests.len() as i32)
    .execute(pool)
    .await?;
    queue.push(id).await?;
    Ok(id)
}

/// Runs code on the puzzle's public examples without storing anything.
pub async fn run_examples(
    pool: &PgPool,
    runner: &dyn CodeRunner,
    viewer: &Viewer,
    puzzle: Id,
    language_id: Id,
    code: &str,
) -> AppResult<RunReport> {
    check_code(code)?;
    let (_, mut tests) = playable(pool, puzzle, viewer).await?;
    tests.retain(|t| t.is_public);
    let language = language(pool, language_id).await?;
    let program = Program { language: language.language, code: code.to_owned() };
    let inputs: Vec<String> = tests.iter().map(|t| t.input.clone()).collect();
    let batch = runner.run_batch(&program, &inputs, &Limits::run_default(), &|_, _| {}).await?;
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

/// Runs code once on one input (the legacy `/execute`), by language name.
pub async fn execute_once(
    runner: &dyn CodeRunner,
    language: &str,
    code: &str,
    stdin: &str,
) -> AppResult<BatchOutcome> {
    check_code(code)?;
    let program = Program { language: language.to_owned(), code: code.to_owned() };
    Ok(runner.run_batch(&program, &[stdin.to_owned()], &Limits::run_default(), &|_, _| {}).await?)
}
