//! The judging job: run a stored submission against every test of its puzzle,
//! report progress as tests finish, store the verdict with its receipt, and update
//! the puzzle's metrics and, for a user's first verdict on it, the solo ratings.

use crate::{
    core::{AppResult, Id},
    execution::{
        Limits,
        judge::passes,
        runner::{CodeRunner, Program},
    },
    leaderboard::service::solo,
    puzzles::service::tests_of,
    submissions::{Receipt, SubmissionStatus, TestResult, grading},
};
use sqlx::{PgPool, types::Json};
use tokio::sync::mpsc;

struct Claimed {
    puzzle_id: Id,
    user_id: Id,
    code: String,
    language: String,
}

/// Judges one submission. Safe to run again for the same submission (a job picked up
/// again after a crash): a submission that is already judged is left alone.
pub async fn judge(pool: &PgPool, runner: &dyn CodeRunner, id: Id) -> AppResult<()> {
    let claimed = sqlx::query_as!(
        Claimed,
        r#"UPDATE submissions s SET status = 'judging', tests_done = 0, tests_passed = 0
           FROM programming_languages l
           WHERE s.id = $1 AND s.status IN ('pending', 'judging') AND l.id = s.language_id
           RETURNING s.puzzle_id AS "puzzle_id: Id", s.user_id AS "user_id: Id", s.code, l.language"#,
        id as Id,
    )
    .fetch_optional(pool)
    .await?;
    let Some(claimed) = claimed else {
        return Ok(());
    };
    let tests = tests_of(pool, claimed.puzzle_id).await?;
    let limits = Limits::run_default();
    // Judging is queued work already (within the submission limit): it waits for its turns
    // rather than being refused.
    let program = Program { owner: claimed.user_id, language: claimed.language, code: claimed.code };
    let inputs: Vec<String> = tests.iter().map(|t| t.input.clone()).collect();

    // Progress is written by a task of its own; the runner's callback only sends.
    let (progress, mut finished) = mpsc::unbounded_channel::<bool>();
    let writer = {
        let pool = pool.clone();
        tokio::spawn(async move {
            while let Some(passed) = finished.recv().await {
                let _ = sqlx::query!(
                    "UPDATE submissions SET tests_done = tests_done + 1, tests_passed = tests_passed + $2::int
                     WHERE id = $1 AND status = 'judging'",
                    id as Id,
                    i32::from(passed),
                )
                .execute(&pool)
                .await;
            }
        })
    };
    let on_run = |index: usize, result: &crate::execution::StageResult| {
        let _ = progress.send(passes(&tests[index].output, result));
    };
    let batch = runner.run_batch(&program, &inputs, &limits, &on_run).await;
    drop(progress);
    let _ = writer.await;

    match batch {
        Ok(batch) => {
            let (receipt, tally) = grading::grade(runner.name(), &tests, &batch, &limits);
            let result = if tally.all_passed() { TestResult::Success } else { TestResult::Error };
            let run_time: u64 = batch.runs.iter().map(|run| run.wall_ms).sum();
            let mut tx = pool.begin().await?;
            sqlx::query!(
                "UPDATE submissions SET status = 'judged', result = $2, success_rate = $3, details = $4,
                        tests_done = $5, tests_passed = $6, judged_at = now()
                 WHERE id = $1",
                id as Id,
                result as TestResult,
                tally.success_rate,
                Json(&receipt) as Json<&Receipt>,
                tally.total as i32,
                tally.passed as i32,
            )
            .execute(&mut *tx)
            .await?;
            record_attempt(&mut tx, claimed.puzzle_id, claimed.user_id, result, run_time).await?;
            let solved = result == TestResult::Success;
            solo::record(&mut tx, id, claimed.user_id, claimed.puzzle_id, solved).await?;
            tx.commit().await?;
        }
        Err(error) => {
            tracing::warn!(%id, %error, "judging failed");
            let receipt = Receipt {
                runner: runner.name().to_owned(),
                language: program.language,
                version: String::new(),
                limits: grading::limits_receipt(&limits),
                compile: None,
                tests: Vec::new(),
                hidden: None,
                error: Some(error.to_string()),
            };
            sqlx::query!(
                "UPDATE submissions SET status = $2, details = $3, judged_at = now() WHERE id = $1",
                id as Id,
                SubmissionStatus::Failed as SubmissionStatus,
                Json(&receipt) as Json<&Receipt>,
            )
            .execute(pool)
            .await?;
        }
    }
    Ok(())
}

/// Counts the attempt in the puzzle's metrics.
async fn record_attempt(
    tx: &mut sqlx::PgConnection,
    puzzle: Id,
    user: Id,
    result: TestResult,
    run_time_ms: u64,
) -> AppResult<()> {
    let success = result == TestResult::Success;
    // The user's first success (this one, already stored) makes one more solver.
    let new_solver = success
        && sqlx::query_scalar!(
            r#"SELECT count(*) = 1 AS "first!" FROM submissions
               WHERE puzzle_id = $1 AND user_id = $2 AND result = 'success'"#,
            puzzle as Id,
            user as Id,
        )
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query!(
        "INSERT INTO puzzle_metrics (puzzle_id, attempts, successes, solvers, total_run_time_ms)
         VALUES ($1, 1, $2, $3, $4)
         ON CONFLICT (puzzle_id) DO UPDATE SET
            attempts = puzzle_metrics.attempts + 1,
            successes = puzzle_metrics.successes + excluded.successes,
            solvers = puzzle_metrics.solvers + excluded.solvers,
            total_run_time_ms = puzzle_metrics.total_run_time_ms + excluded.total_run_time_ms,
            updated_at = now()",
        puzzle as Id,
        i64::from(success),
        i64::from(new_solver),
        run_time_ms as i64,
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}
