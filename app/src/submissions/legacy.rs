//! Submissions as the legacy JSON API writes them.

use super::TestResult;
use crate::{
    core::{Id, Timestamp},
    execution::StageResult,
    languages::Language,
};
use serde::{Deserialize, Serialize};

/// A stage in Piston's shape.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
pub struct PistonStage {
    pub stdout: String,
    pub stderr: String,
    pub output: String,
    pub code: Option<i32>,
    pub signal: Option<String>,
}

impl From<&StageResult> for PistonStage {
    fn from(stage: &StageResult) -> Self {
        Self {
            stdout: stage.stdout.clone(),
            stderr: stage.stderr.clone(),
            output: stage.output.clone(),
            code: stage.exit_code,
            signal: stage.signal.clone(),
        }
    }
}

/// The legacy aggregate of a run or a submission.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ResultTally {
    pub result: TestResult,
    pub success_rate: f64,
    pub passed: usize,
    pub failed: usize,
    pub total: usize,
}

/// What `POST /execute` answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ExecutionAnswer {
    /// The run; as current Piston images do, a failed compile stands in for it.
    pub run: Option<PistonStage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compile: Option<PistonStage>,
    pub puzzle_result_information: ResultTally,
}

/// What `POST /submission` answers once the submission is judged.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SubmissionAnswer {
    #[serde(rename = "_id")]
    pub id: Id,
    pub submission_id: Id,
    pub puzzle: Id,
    pub puzzle_id: Id,
    pub user: Id,
    pub user_id: Id,
    pub programming_language: Id,
    pub programming_language_id: Id,
    pub code: String,
    pub code_length: usize,
    pub created_at: Timestamp,
    pub result: ResultTally,
}

/// The verdict as a stored submission document carries it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct StoredResult {
    pub result: TestResult,
    pub success_rate: f64,
}

/// A Submission document; `code` only for readers who may see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SubmissionDocument {
    #[serde(rename = "_id")]
    pub id: Id,
    pub created_at: Timestamp,
    pub puzzle: Id,
    pub user: Id,
    pub programming_language: Language,
    pub result: StoredResult,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(rename = "__v")]
    pub version: u32,
}
