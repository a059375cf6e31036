//! Background workers on the PostgreSQL job queue (apalis): judging submissions.
//! Every server process runs them; the queue hands each job to one of them, and
//! jobs whose worker died are handed out again.

use apalis::prelude::*;
use app::{
    core::state::AppState,
    submissions::{queue::JudgeJob, service::judging},
};
use std::sync::Arc;

/// Submissions judged at once per process; each spreads its tests over the runner.
const JUDGES: usize = 4;

/// Starts the workers for as long as the process runs.
pub fn spawn(state: AppState) {
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
    judging::judge(&state.pool, state.runner.as_ref(), job.submission)
        .await
        .map_err(|error| Error::Failed(Arc::new(Box::new(error))))
}
