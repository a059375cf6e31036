//! Notification DTOs, shared with the browser.

use crate::core::{Id, Timestamp, wire_enum};
use serde::{Deserialize, Serialize};

wire_enum! {
    /// What a notification says happened; each kind can be switched off.
    NotificationKind as "notification_kind" {
        Reply = "reply",
        PuzzleComment = "puzzle_comment",
        PuzzleApproved = "puzzle_approved",
        PuzzleRevise = "puzzle_revise",
        ReportResolved = "report_resolved",
        ReportDismissed = "report_dismissed",
        ContentRemoved = "content_removed",
        Warned = "warned",
        Banned = "banned",
    }
}

/// One notification as its recipient reads it. Names, titles and the moderator's
/// reason are user text: pages show them through view macros only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    pub id: Id,
    pub kind: NotificationKind,
    /// Who acted, for the kinds between users.
    pub actor: Option<String>,
    pub puzzle_title: Option<String>,
    /// The moderator's reason or feedback.
    pub reason: Option<String>,
    /// Where opening it leads.
    pub link: String,
    pub read: bool,
    pub created_at: Timestamp,
}

/// The kinds a user receives and switched off, for the settings page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationSettings {
    pub off: Vec<NotificationKind>,
}
