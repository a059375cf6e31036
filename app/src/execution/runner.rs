//! The port through which the rest of the application runs code. Two adapters
//! implement it: the built-in sandbox (the default) and a Piston client.

use super::{Limits, Runtime, StageResult, rules::Backlog};
use crate::core::{AppError, Id};
use async_trait::async_trait;

/// Source code in one of a runner's languages (by name or alias), and the user it runs for:
/// runners share their capacity fairly between users.
#[derive(Debug, Clone)]
pub struct Program {
    pub owner: Id,
    pub language: String,
    pub code: String,
}

/// What running a program on a list of inputs produced.
#[derive(Debug, Clone)]
pub struct BatchOutcome {
    pub runtime: Runtime,
    /// The compile stage, for compiled languages.
    pub compile: Option<StageResult>,
    /// One result per input, in input order; empty when the program did not compile.
    pub runs: Vec<StageResult>,
}

#[derive(Debug, thiserror::Error)]
pub enum RunnerError {
    #[error("Unsupported language: {0}")]
    UnknownLanguage(String),
    /// The runner cannot run anything right now (Piston down, no jail on this host).
    #[error("{0}")]
    Unavailable(String),
    #[error("{0}")]
    Failed(String),
}

impl From<RunnerError> for AppError {
    fn from(error: RunnerError) -> Self {
        match error {
            RunnerError::UnknownLanguage(_) => AppError::BadRequest(error.to_string()),
            RunnerError::Unavailable(reason) => {
                tracing::warn!(%reason, "code runner unavailable");
                AppError::Unavailable(format!("Code execution is unavailable: {reason}"))
            }
            RunnerError::Failed(reason) => AppError::internal("code runner failed", reason),
        }
    }
}

/// Told about each finished run: its input's index and its result.
pub type OnRun<'a> = dyn Fn(usize, &StageResult) + Send + Sync + 'a;

#[async_trait]
pub trait CodeRunner: Send + Sync {
    /// A short name for receipts and logs.
    fn name(&self) -> &'static str;

    /// The languages this runner can execute.
    async fn runtimes(&self) -> Result<Vec<Runtime>, RunnerError>;

    /// The runner's queue as `owner` sees it, so that requests can be refused before they wait.
    fn backlog(&self, _owner: Id) -> Backlog {
        Backlog::unknown()
    }

    /// Compiles the program once when its language needs it, then runs it on every
    /// input, in parallel up to the runner's capacity. `on_run(i, result)` is called
    /// as soon as input `i` has finished, so callers can report progress.
    async fn run_batch(
        &self,
        program: &Program,
        inputs: &[String],
        limits: &Limits,
        on_run: &OnRun<'_>,
    ) -> Result<BatchOutcome, RunnerError>;
}

/// Stands in when no runner could be set up: everything fails with the reason, and
/// nothing ever runs unsandboxed.
pub struct Unavailable {
    pub reason: String,
}

#[async_trait]
impl CodeRunner for Unavailable {
    fn name(&self) -> &'static str {
        "unavailable"
    }

    async fn runtimes(&self) -> Result<Vec<Runtime>, RunnerError> {
        Err(RunnerError::Unavailable(self.reason.clone()))
    }

    async fn run_batch(
        &self,
        _: &Program,
        _: &[String],
        _: &Limits,
        _: &OnRun<'_>,
    ) -> Result<BatchOutcome, RunnerError> {
        Err(RunnerError::Unavailable(self.reason.clone()))
    }
}
