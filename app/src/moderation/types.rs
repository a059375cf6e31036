use crate::{
    accounts::{BanHistoryEntry, Role},
    core::{Id, Timestamp, wire_enum},
    puzzles::{Difficulty, Tag, Test, Visibility},
};
use serde::{Deserialize, Serialize};

wire_enum! {
    /// What a report is about.
    ProblemType as "problem_type" {
        Puzzle = "puzzle",
        User = "user",
        Comment = "comment",
        GameChat = "game_chat",
    }
}

wire_enum! {
    ReviewStatus as "review_status" {
        Pending = "pending",
        Resolved = "resolved",
        Rejected = "rejected",
    }
}

wire_enum! {
    /// Why something is reported: the reporter's category.
    ReportReason as "report_reason" {
        Spam = "spam",
        Abuse = "abuse",
        Cheating = "cheating",
        Inappropriate = "inappropriate",
        Other = "other",
    }
}

impl ReportReason {
    pub fn label(self) -> &'static str {
        match self {
            Self::Spam => "Spam",
            Self::Abuse => "Abuse or harassment",
            Self::Cheating => "Spoiler or cheating",
            Self::Inappropriate => "Inappropriate",
            Self::Other => "Something else",
        }
    }
}

impl ProblemType {
    pub fn label(self) -> &'static str {
        match self {
            Self::Puzzle => "Puzzle",
            Self::User => "User",
            Self::Comment => "Comment",
            Self::GameChat => "Chat message",
        }
    }
}

pub const EXPLANATION: std::ops::RangeInclusive<usize> = 25..=1024;

/// A report as stored (the legacy Report document).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Report {
    #[serde(rename = "_id")]
    pub id: Id,
    pub problematic_identifier: Id,
    pub problem_type: ProblemType,
    pub reported_by: Id,
    /// Not legacy: the reporter's category (`other` when a legacy client sends none).
    pub reason: ReportReason,
    pub explanation: String,
    pub status: ReviewStatus,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// How much waits on each desk queue.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskCounts {
    /// Puzzles waiting for review.
    pub reviews: i64,
    /// Reported things (reports grouped by target) waiting for a decision.
    pub reports: i64,
    /// Users banned right now.
    pub bans: i64,
}

/// A puzzle in the review queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedPuzzle {
    pub id: Id,
    pub title: String,
    pub author_name: String,
    /// When it was submitted (its last change).
    pub waiting_since: Timestamp,
}

/// An earlier review decision on a puzzle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewRecord {
    pub reviewer: Option<String>,
    /// `approved`, `revise` or `rejected`.
    pub outcome: String,
    pub feedback: Option<String>,
    pub at: Timestamp,
}

/// Everything a moderator needs to decide a review.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewView {
    pub id: Id,
    pub title: String,
    pub author_name: String,
    pub visibility: Visibility,
    pub difficulty: Difficulty,
    pub tags: Vec<Tag>,
    pub statement_html: String,
    pub constraints_html: Option<String>,
    /// Every test, hidden ones included.
    pub tests: Vec<Test>,
    pub solution_code: String,
    pub solution_language: Option<String>,
    pub history: Vec<ReviewRecord>,
    /// The next puzzle in the queue after this one.
    pub next: Option<Id>,
}

/// The author's solution run against one test.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestVerdict {
    pub passed: bool,
    pub is_public: bool,
    /// What the solution printed (cut to a few kilobytes).
    pub output: String,
}

/// The author's solution run against every test, on demand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SolutionRun {
    /// The compiler's complaint when the solution does not compile.
    pub compile_error: Option<String>,
    pub tests: Vec<TestVerdict>,
}

/// A review decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Approve,
    RequestChanges,
}

/// One line of a thread or chat shown around reported content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContextLine {
    pub id: Id,
    pub author: String,
    pub text: String,
    pub at: Timestamp,
    /// The reported line itself.
    pub is_target: bool,
}

/// The reported thing, as the desk shows it in place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Target {
    Puzzle {
        title: String,
        statement: String,
        visibility: Visibility,
    },
    User {
        username: String,
    },
    /// The comment with its parent and replies.
    Comment {
        puzzle: Option<Id>,
        thread: Vec<ContextLine>,
    },
    /// The message with the messages around it in its game.
    Chat {
        game: Id,
        messages: Vec<ContextLine>,
    },
    /// Deleted since it was reported.
    Missing,
}

/// One report of a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportEntry {
    pub id: Id,
    pub reporter: String,
    pub reason: ReportReason,
    pub explanation: String,
    pub at: Timestamp,
}

/// The user behind reported content, with what resolving would bring on them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offender {
    pub id: Id,
    pub username: String,
    pub role: Role,
    /// Reports against them resolved so far.
    pub resolved_reports: i32,
    /// The automatic ban the next resolved report gives (gotcha 15).
    pub next_escalation: Option<Penalty>,
}

/// Every pending report about one thing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportCase {
    pub problem_type: ProblemType,
    pub target_id: Id,
    pub target: Target,
    pub reports: Vec<ReportEntry>,
    pub offender: Option<Offender>,
}

/// A ban's length: some days, or for good.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Penalty {
    Days(u32),
    Permanent,
}

impl Penalty {
    pub fn label(self) -> String {
        match self {
            Self::Days(1) => "a 1-day ban".into(),
            Self::Days(days) => format!("a {days}-day ban"),
            Self::Permanent => "a permanent ban".into(),
        }
    }
}

/// What resolving a case does besides closing its reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Closes the reports only (the escalation still counts).
    Nothing,
    /// Removes the puzzle from the catalogue, or replaces the comment or chat message.
    Remove,
    Warn,
    Ban,
}

/// A moderator's decision on a report case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    /// The reports were unfounded.
    Dismiss,
    Resolve {
        action: Action,
        /// With `Action::Ban`: the ban's length.
        penalty: Option<Penalty>,
    },
}

/// A user as the desk lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: Id,
    pub username: String,
    pub role: Role,
    pub banned: bool,
    pub resolved_reports: i32,
    pub ban_count: i32,
    pub joined: Timestamp,
}

/// One user's moderation file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserFile {
    pub user: UserSummary,
    pub current_ban: Option<BanHistoryEntry>,
    pub bans: Vec<BanHistoryEntry>,
    pub next_escalation: Option<Penalty>,
}

/// One audit log entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: Id,
    pub actor: Option<String>,
    pub action: String,
    pub target_type: String,
    pub target_id: Option<Id>,
    pub reason: Option<String>,
    /// The rest of the details, as JSON.
    pub details: String,
    pub at: Timestamp,
}

/// A search of the audit log; empty fields do not filter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    /// The actor's username.
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub action: String,
    /// The target's id.
    #[serde(default)]
    pub target: String,
    /// `YYYY-MM-DD`, inclusive, UTC.
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub page: u32,
}

pub const PAGE_SIZE: u32 = 20;
