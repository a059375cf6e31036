//! The Piston adapter: `GET /api/v2/runtimes` (cached) and `POST /api/v2/execute`,
//! always with explicit time, CPU and memory limits.

use super::{
    Limits, Runtime, StageResult, StageStatus,
    runner::{BatchOutcome, CodeRunner, OnRun, Program, RunnerError},
};
use async_trait::async_trait;
use futures::future::try_join_all;
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};
use tokio::sync::{RwLock, Semaphore};

/// How long a runtimes list is trusted before it is asked for again.
const RUNTIMES_TTL: Duration = Duration::from_secs(60);
/// Executions in flight at once per server, so one submission cannot flood Piston.
const CONCURRENCY: usize = 4;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// Added to the stages' wall limits for the round trip to Piston.
const NETWORK_MARGIN: Duration = Duration::from_secs(2);

pub struct Piston {
    base: String,
    http: reqwest::Client,
    compile_limits: Limits,
    runtimes: RwLock<Option<(Instant, Vec<Runtime>)>>,
    slots: Semaphore,
}

impl Piston {
    pub fn new(base_url: &str, compile_limits: Limits) -> Self {
        let http = reqwest::Client::builder().connect_timeout(CONNECT_TIMEOUT).build().unwrap_or_default();
        Self {
            base: base_url.trim_end_matches('/').to_owned(),
            http,
            compile_limits,
            runtimes: RwLock::new(None),
            slots: Semaphore::new(CONCURRENCY),
        }
    }

    async fn cached_runtimes(&self) -> Result<Vec<Runtime>, RunnerError> {
        if let Some((fetched, runtimes)) = &*self.runtimes.read().await
            && fetched.elapsed() < RUNTIMES_TTL
        {
            return Ok(runtimes.clone());
        }
        let response = self
            .http
            .get(format!("{}/api/v2/runtimes", self.base))
            .timeout(Duration::from_secs(10))
            .send()
            .await
            .map_err(unreachable)?;
        if !response.status().is_success() {
            return Err(RunnerError::Unavailable(format!(
                "Piston answered {} for its runtimes",
                response.status()
            )));
        }
        let runtimes: Vec<Runtime> = response
            .json()
            .await
            .map_err(|_| RunnerError::Unavailable("Piston's runtimes answer is not a runtime list".into()))?;
        *self.runtimes.write().await = Some((Instant::now(), runtimes.clone()));
        Ok(runtimes)
    }

    async fn execute(
        &self,
        runtime: &Runtime,
        code: &str,
        stdin: &str,
        limits: &Limits,
    ) -> Result<ExecuteResponse, RunnerError> {
        let compile = &self.compile_limits;
        let request = ExecuteRequest {
            language: &runtime.language,
            version: &runtime.version,
            files: [File { content: code }],
            stdin,
            compile_timeout: millis(compile.wall),
            run_timeout: millis(limits.wall),
            compile_cpu_time: millis(compile.cpu),
            run_cpu_time: millis(limits.cpu),
            compile_memory_limit: compile.memory_bytes,
            run_memory_limit: limits.memory_bytes,
        };
        let _slot = self.slots.acquire().await.map_err(|e| RunnerError::Failed(e.to_string()))?;
        let response = self
            .http
            .post(format!("{}/api/v2/execute", self.base))
            .timeout(compile.wall + limits.wall + NETWORK_MARGIN)
            .json(&request)
            .send()
            .await
            .map_err(unreachable)?;
        let status = response.status();
        let body = response.bytes().await.map_err(unreachable)?;
        if let Ok(executed) = serde_json::from_slice::<ExecuteResponse>(&body) {
            return Ok(executed);
        }
        let message = serde_json::from_slice::<PistonMessage>(&body).map(|m| m.message).unwrap_or_default();
        if message.contains("runtime is unknown") {
            return Err(RunnerError::UnknownLanguage(runtime.language.clone()));
        }
        Err(RunnerError::Failed(format!("Piston answered {status}: {message}")))
    }
}

fn unreachable(error: reqwest::Error) -> RunnerError {
    let what = if error.is_timeout() { "did not answer in time" } else { "is unreachable" };
    RunnerError::Unavailable(format!("the Piston code execution service {what}"))
}

fn millis(duration: Duration) -> u64 {
    duration.as_millis().try_into().unwrap_or(u64::MAX)
}

#[async_trait]
impl CodeRunner for Piston {
    fn name(&self) -> &'static str {
        "piston"
    }

    async fn runtimes(&self) -> Result<Vec<Runtime>, RunnerError> {
        self.cached_runtimes().await
    }

    async fn run_batch(
        &self,
        program: &Program,
        inputs: &[String],
        limits: &Limits,
        on_run: &OnRun<'_>,
    ) -> Result<BatchOutcome, RunnerError> {
        let runtime = self
            .cached_runtimes()
            .await?
            .into_iter()
            .find(|r| r.language == program.language || r.aliases.contains(&program.language))
            .ok_or_else(|| RunnerError::UnknownLanguage(program.language.clone()))?;
        // Piston compiles on every call, so the first input doubles as the compile check.
        let Some((first, rest)) = inputs.split_first() else {
            return Ok(BatchOutcome { runtime, compile: None, runs: Vec::new() });
        };
        let head = self.execute(&runtime, &program.code, first, limits).await?;
        let compile = head.compile.map(|stage| stage.into_result(StageStatus::CompileError, limits));
        if compile.as_ref().is_some_and(|c| c.status != StageStatus::Ok) {
            return Ok(BatchOutcome { runtime, compile, runs: Vec::new() });
        }
        let first = head.run.into_result(StageStatus::RuntimeError, limits);
        on_run(0, &first);
        let mut runs = vec![first];
        let others = try_join_all(rest.iter().enumerate().map(|(offset, input)| {
            let runtime = &runtime;
            async move {
                let executed = self.execute(runtime, &program.code, input, limits).await?;
                let result = executed.run.into_result(StageStatus::RuntimeError, limits);
                on_run(offset + 1, &result);
                Ok::<_, RunnerError>(result)
            }
        }))
        .await?;
        runs.extend(others);
        Ok(BatchOutcome { runtime, compile, runs })
    }
}

#[derive(Serialize)]
struct ExecuteRequest<'a> {
    language: &'a str,
    version: &'a str,
    files: [File<'a>; 1],
    stdin: &'a str,
    compile_timeout: u64,
    run_timeout: u64,
    compile_cpu_time: u64,
    run_cpu_time: u64,
    compile_memory_limit: u64,
    run_memory_limit: u64,
}

#[derive(Serialize)]
struct File<'a> {
    content: &'a str,
}

#[derive(Deserialize)]
struct PistonMessage {
    message: String,
}

#[derive(Deserialize)]
struct ExecuteResponse {
    run: PistonStage,
    compile: Option<PistonStage>,
}

#[derive(Deserialize)]
struct PistonStage {
    #[serde(default)]
    stdout: String,
    #[serde(default)]
    stderr: String,
    #[serde(default)]
    output: String,
    code: Option<i32>,
    signal: Option<String>,
    /// Newer Piston: `TO`, `OL`, `EL`, `SG`, `RE`, `XX`.
    status: Option<String>,
    cpu_time: Option<u64>,
    wall_time: Option<u64>,
    memory: Option<u64>,
}

impl PistonStage {
    /// `failure` is what a plain non-zero exit means for this stage.
    fn into_result(self, failure: StageStatus, limits: &Limits) -> StageResult {
        let status = match (self.status.as_deref(), self.code, self.signal.as_deref()) {
            (Some("TO"), ..) => StageStatus::TimeLimit,
            (Some("OL" | "EL"), ..) => StageStatus::OutputLimit,
            (Some("XX"), ..) => StageStatus::InternalError,
            (_, _, Some("SIGKILL")) if self.memory.is_some_and(|m| m >= limits.memory_bytes) => {
                StageStatus::MemoryLimit
            }
            (None, Some(0), None) => StageStatus::Ok,
            _ => failure,
        };
        StageResult {
            stdout: self.stdout,
            stderr: self.stderr,
            output: self.output,
            exit_code: self.code,
            signal: self.signal,
            wall_ms: self.wall_time.unwrap_or_default(),
            cpu_ms: self.cpu_time.unwrap_or_default(),
            memory_bytes: self.memory,
            status,
        }
    }
}
