//! Background work: judging submissions on the PostgreSQL job queue (apalis), the
//! notification jobs (an outbox table), the game clock and the hourly leaderboard
//! snapshots. Every server process runs them all; the queue hands each job to one
//! worker (jobs whose worker died are handed out again), each notification job is
//! locked by one worker and retried until it succeeds, each game ends exactly once,
//! and each mode gets one snapshot an hour.

use apalis::prelude::*;
use app::{
    games::{
        rules::lifecycle::{PRESENCE_REFRESH, PRESENCE_TIMEOUT},
        service::rooms,
    },
    leaderboard::service::boards,
    state::AppState,
    submissions::{queue::JudgeJob, service::judging},
};
use std::{sync::Arc, time::Duration};

/// How often the game clock looks for games to end.
const GAME_CLOCK_TICK: Duration = Duration::from_secs(1);

/// How often the notification worker looks for jobs; a notification reaches the
/// bell within this.
const NOTIFICATION_TICK: Duration = Duration::from_millis(500);

/// How often the snapshot clock looks for an hour without a leaderboard snapshot.
const SNAPSHOT_TICK: Duration = Duration::from_secs(60);

/// How often it looks for boards whose ratings changed since their snapshot: a rated
/// game shows on the leaderboard within this, and a busy board is taken again at most
/// this often.
const STALE_TICK: Duration = Duration::from_secs(2);

/// Submissions judged at once per process; each spreads its tests over the runner, where they
/// wait for their owner's turns. Waiting is cheap, so there are enough judges that one user's
/// queued submissions do not keep another's from reaching the runner's fair queue.
const JUDGES: usize = 16;

/// Starts the workers for as long as the process runs.
pub fn spawn(state: AppState) {
    tokio::spawn(end_games(state.pool.clone()));
    tokio::spawn(close_abandoned_rooms(state.pool.clone()));
    tokio::spawn(snapshot_leaderboards(state.pool.clone()));
    tokio::spawn(deliver_notifications(state.pool.clone()));
    // A name per process, so that a restarted process finds the jobs its previous
    // incarnation left running, and hands them out again.
    let name = format!("judge-{}", std::process::id());
    let worker = WorkerBuilder::new(name)
        .enable_tracing()
        .catch_panic()
        .concurrency(JUDGES)
        .data(state.clone())
        .backend(state.judge_queue.storage())
        .build_fn(judge);
    tokio::spawn(async move {
        if let Err(error) = Monitor::new().register(worker).run().await {
            tracing::error!(%error, "the judging workers stopped");
        }
    });
}

async fn judge(job: JudgeJob, state: Data<AppState>) -> Result<(), Error> {
    let started = std::time::Instant::now();
    let judged = judging::judge(&state.pool, state.runner.as_ref(), job.submission).await;
    let verdict = match &judged {
        Ok(()) => verdict(&state.pool, job.submission).await,
        Err(_) => "failed",
    };
    crate::metrics::judged(started, verdict);
    judged.map_err(|error| Error::Failed(Arc::new(Box::new(error))))
}

/// The stored result of a judged submission, as a metric label.
async fn verdict(pool: &sqlx::PgPool, submission: app::core::Id) -> &'static str {
    let result = sqlx::query_scalar!(
        r#"SELECT result::text AS "result?" FROM submissions WHERE id = $1"#,
        submission as app::core::Id
    )
    .fetch_optional(pool)
    .await;
    match result.ok().flatten().flatten().as_deref() {
        Some("success") => "success",
        Some("error") => "error",
        Some(_) => "unknown",
        None => "not judged",
    }
}

/// Ends games once their time and grace period are over; the hub then tells their
/// sockets.
async fn end_games(pool: sqlx::PgPool) {
    let mut tick = tokio::time::interval(GAME_CLOCK_TICK);
    loop {
        tick.tick().await;
        if let Err(error) = app::games::service::games::finish_due(&pool).await {
            tracing::warn!(%error, "could not end the games that are due");
        }
    }
}

/// Takes out of their rooms the members whose lobby socket died with its process,
/// from start-up on.
async fn close_abandoned_rooms(pool: sqlx::PgPool) {
    let mut tick = tokio::time::interval(PRESENCE_REFRESH.to_std().unwrap_or(Duration::from_secs(30)));
    loop {
        tick.tick().await;
        match rooms::close_abandoned(&pool, PRESENCE_TIMEOUT).await {
            Ok(0) => {}
            Ok(gone) => tracing::info!(gone, "room members without a lobby socket taken out"),
            Err(error) => tracing::warn!(%error, "could not close abandoned rooms"),
        }
    }
}

/// Takes each hour's leaderboard snapshots, from start-up on, and takes again those
/// of boards whose ratings changed since. The hour is the key of a snapshot row, so a
/// restart or a second process takes none twice, and an hour missed while no process
/// ran is taken at the next start; a change's mark is deleted with the snapshot that
/// covers it (`boards::take_stale`).
async fn snapshot_leaderboards(pool: sqlx::PgPool) {
    let mut tick = tokio::time::interval(STALE_TICK);
    let mut hourly_checked: Option<std::time::Instant> = None;
    loop {
        tick.tick().await;
        if hourly_checked.is_none_or(|at| at.elapsed() >= SNAPSHOT_TICK) {
            hourly_checked = Some(std::time::Instant::now());
            report(boards::take_due(&pool).await, "hourly");
        }
        report(boards::take_stale(&pool).await, "after a rating change");
    }
}

fn report(taken: app::core::AppResult<usize>, why: &'static str) {
    match taken {
        Ok(0) => {}
        Ok(taken) => tracing::info!(taken, why, "leaderboard snapshots taken"),
        Err(error) => tracing::warn!(%error, why, "could not take the leaderboard snapshots"),
    }
}

/// Runs the notification jobs that are due, from start-up on (jobs queued while no
/// process ran are waiting in the table).
async fn deliver_notifications(pool: sqlx::PgPool) {
    let mut tick = tokio::time::interval(NOTIFICATION_TICK);
    loop {
        tick.tick().await;
        if let Err(error) = app::notifications::service::delivery::run_due(&pool).await {
            tracing::warn!(%error, "could not run the notification jobs");
        }
    }
}
