//! What running code produces, shared by the server and the browser.

use serde::{Deserialize, Serialize};

/// How a stage (compile or run) ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageStatus {
    Ok,
    TimeLimit,
    MemoryLimit,
    OutputLimit,
    RuntimeError,
    CompileError,
    InternalError,
}

impl StageStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::Ok => "OK",
            Self::TimeLimit => "Time limit exceeded",
            Self::MemoryLimit => "Memory limit exceeded",
            Self::OutputLimit => "Output limit exceeded",
            Self::RuntimeError => "Runtime error",
            Self::CompileError => "Compile error",
            Self::InternalError => "Internal error",
        }
    }
}

/// The result of one stage; the first five fields map one to one onto Piston's
/// `{stdout, stderr, output, code, signal}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageResult {
    pub stdout: String,
    pub stderr: String,
    /// stdout and stderr interleaved in the order their chunks arrived.
    pub output: String,
    pub exit_code: Option<i32>,
    /// Name of the signal that ended the program, e.g. `"SIGKILL"`.
    pub signal: Option<String>,
    pub wall_ms: u64,
    /// CPU time of every process of the stage, including those killed with it.
    pub cpu_ms: u64,
    /// Peak resident memory of the largest process, when known.
    pub memory_bytes: Option<u64>,
    pub status: StageStatus,
}

/// A language a runner offers, as Piston's `/api/v2/runtimes` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Runtime {
    pub language: String,
    pub version: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<String>,
}
