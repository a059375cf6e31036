//! Submission types shared by the server and the browser.

use crate::{
    accounts::EditorSettings,
    core::{Id, Timestamp, wire_enum},
    execution::StageStatus,
    languages::Language,
    puzzles::PuzzleView,
};
use serde::{Deserialize, Serialize};

wire_enum! {
    /// Where a submission is in judging.
    SubmissionStatus as "submission_status" {
        Pending = "pending",
        Judging = "judging",
        Judged = "judged",
        /// Judging could not happen (e.g. the runner is down); nothing is held against the code.
        Failed = "failed",
    }
}

wire_enum! {
    /// The legacy verdict: `success` only when every test passed.
    TestResult as "test_result" {
        Success = "success",
        Error = "error",
        Unknown = "unknown",
    }
}

/// One test's outcome. A public test keeps how it ended, its measures, and its
/// input, expectation and output; a hidden test says whether it passed and nothing
/// more: a program whose time or memory follows its input could read the input back
/// from per-test measures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TestOutcome {
    pub index: usize,
    pub is_public: bool,
    pub passed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<StageStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wall_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_bytes: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<TestDetails>,
}

impl TestOutcome {
    /// What happened, in words: "Passed", "Wrong answer", "Time limit exceeded", …
    /// (a hidden test only passed or failed).
    pub fn verdict(&self) -> &'static str {
        match (self.passed, self.status) {
            (true, _) => "Passed",
            (false, Some(StageStatus::Ok)) => "Wrong answer",
            (false, Some(status)) => status.label(),
            (false, None) => "Failed",
        }
    }
}

/// All hidden tests together: how many passed, the slowest and the largest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HiddenSummary {
    pub passed: usize,
    pub total: usize,
    pub wall_ms_max: u64,
    pub memory_bytes_max: Option<u64>,
}

/// What a public test was given, expected and got.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestDetails {
    pub input: String,
    pub expected: String,
    pub stdout: String,
    pub stderr: String,
}

/// The limits a submission ran under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LimitsReceipt {
    pub wall_ms: u64,
    pub cpu_ms: u64,
    pub memory_bytes: u64,
    pub output_bytes: u64,
}

/// The compile stage, when there was one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompileReceipt {
    pub status: StageStatus,
    pub stderr: String,
    pub wall_ms: u64,
}

/// How a submission was judged: by what, under which limits, test by test.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
    pub runner: String,
    pub language: String,
    pub version: String,
    pub limits: LimitsReceipt,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compile: Option<CompileReceipt>,
    pub tests: Vec<TestOutcome>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<HiddenSummary>,
    /// Why judging failed, for `failed` submissions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub done: i32,
    pub passed: i32,
    pub total: i32,
}

/// A submission as its owner (or a moderator) sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubmissionView {
    pub id: Id,
    pub puzzle_id: Id,
    pub puzzle_title: String,
    pub user_id: Id,
    pub username: String,
    pub language_id: Id,
    pub language: String,
    pub language_version: String,
    /// Absent for readers who may not see the code.
    pub code: Option<String>,
    pub code_length: usize,
    pub status: SubmissionStatus,
    pub result: Option<TestResult>,
    pub success_rate: Option<f64>,
    pub progress: Progress,
    pub receipt: Option<Receipt>,
    pub created_at: Timestamp,
    pub judged_at: Option<Timestamp>,
}

impl SubmissionView {
    pub fn is_finished(&self) -> bool {
        matches!(self.status, SubmissionStatus::Judged | SubmissionStatus::Failed)
    }
}

/// A line of a submission history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubmissionSummary {
    pub id: Id,
    pub puzzle_id: Id,
    pub puzzle_title: String,
    pub language: String,
    pub status: SubmissionStatus,
    pub result: Option<TestResult>,
    pub success_rate: Option<f64>,
    pub created_at: Timestamp,
}

/// What "Run" reports: the public examples, run but not stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunReport {
    pub language: String,
    pub version: String,
    pub compile: Option<CompileReceipt>,
    pub tests: Vec<TestOutcome>,
}

/// What the play page needs: the puzzle, the languages and the player's editor setup.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Playground {
    pub puzzle: PuzzleView,
    pub languages: Vec<Language>,
    pub editor: EditorSettings,
    pub preferred_language: Option<String>,
    pub signed_in: bool,
}

/// Code length as the legacy API counted it (JavaScript string length).
pub fn code_length(code: &str) -> usize {
    code.encode_utf16().count()
}
