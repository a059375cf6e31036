//! The legacy moderation queue's documents (`GET /moderation/review`). Optional
//! values are left out, never `null`.

use crate::core::{Id, Timestamp};
use serde::Serialize;

/// One queue item: a puzzle waiting for review, or a pending report.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct ReviewItem {
    pub id: Id,
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub created_at: Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report_explanation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub game_id: Option<Id>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context_messages: Option<Vec<ContextMessage>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported_user_id: Option<Id>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported_user_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported_message_id: Option<Id>,
}

impl ReviewItem {
    /// An item with what every item has; the rest is filled in by kind.
    pub fn new(id: Id, kind: String, created_at: Timestamp) -> Self {
        Self {
            id,
            kind,
            title: String::new(),
            description: None,
            created_at,
            author_name: None,
            report_explanation: None,
            reported_by: None,
            game_id: None,
            context_messages: None,
            reported_user_id: None,
            reported_user_name: None,
            reported_message_id: None,
        }
    }
}

/// A chat message around a reported one.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ContextMessage {
    #[serde(rename = "_id")]
    pub id: Id,
    pub username: String,
    pub message: String,
    pub created_at: Timestamp,
    pub is_reported: bool,
}

/// The queue item type that lists puzzles; every other value lists reports.
pub const PENDING_PUZZLE: &str = "pending_puzzle";
