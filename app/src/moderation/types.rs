use crate::core::{Id, Timestamp, wire_enum};
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
    pub explanation: String,
    pub status: ReviewStatus,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}
