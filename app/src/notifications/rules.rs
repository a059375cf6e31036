//! Who is notified of what, and how a notification reads: pure rules, compiled for
//! both sides.

use super::NotificationKind;
use crate::core::Id;

/// Notifications per page of `/notifications`.
pub const PAGE_SIZE: u32 = 20;

/// The settings label of each kind.
pub fn label(kind: NotificationKind) -> &'static str {
    match kind {
        NotificationKind::Reply => "Replies to my comments",
        NotificationKind::PuzzleComment => "Comments on my puzzles",
        NotificationKind::PuzzleApproved => "My puzzle approved",
        NotificationKind::PuzzleRevise => "My puzzle sent back with feedback",
        NotificationKind::ReportResolved => "My report resolved",
        NotificationKind::ReportDismissed => "My report dismissed",
        NotificationKind::ContentRemoved => "My content removed by a moderator",
        NotificationKind::Warned => "Warnings from a moderator",
        NotificationKind::Banned => "Bans",
    }
}

/// What happened, in a sentence completed by the actor's name before it (for the
/// kinds between users) and the puzzle's title after it.
pub fn headline(kind: NotificationKind) -> &'static str {
    match kind {
        NotificationKind::Reply => "replied to your comment",
        NotificationKind::PuzzleComment => "commented on your puzzle",
        NotificationKind::PuzzleApproved => "Your puzzle was approved",
        NotificationKind::PuzzleRevise => "Your puzzle was sent back with feedback",
        NotificationKind::ReportResolved => "Your report was resolved",
        NotificationKind::ReportDismissed => "Your report was dismissed",
        NotificationKind::ContentRemoved => "A moderator removed your content",
        NotificationKind::Warned => "A moderator warned you",
        NotificationKind::Banned => "You were banned",
    }
}

/// Kinds caused by another user rather than a moderator's decision: only these
/// name their actor, and blocking that actor silences them.
pub fn between_users(kind: NotificationKind) -> bool {
    matches!(kind, NotificationKind::Reply | NotificationKind::PuzzleComment)
}

/// Whether a notification is written at all: not for one's own action, not when
/// the recipient switched the kind off, and not from a user they blocked.
pub fn deliverable(
    kind: NotificationKind,
    recipient: Id,
    actor: Option<Id>,
    switched_off: &[NotificationKind],
    blocked_actor: bool,
) -> bool {
    actor != Some(recipient) && !switched_off.contains(&kind) && !(between_users(kind) && blocked_actor)
}

/// The kind a moderation decision (an audit entry's action and details) tells the
/// affected user. A ban decided on a report is told by the ban's own entry.
pub fn moderation_kind(
    action: &str,
    moved_to: Option<&str>,
    report_action: Option<&str>,
) -> Option<NotificationKind> {
    match (action, moved_to, report_action) {
        ("puzzle.visibility", Some("approved"), _) => Some(NotificationKind::PuzzleApproved),
        ("puzzle.visibility", Some("revise"), _) => Some(NotificationKind::PuzzleRevise),
        ("report.resolve", _, Some("remove")) | ("comment.remove", _, _) => {
            Some(NotificationKind::ContentRemoved)
        }
        ("report.resolve", _, Some("warn")) => Some(NotificationKind::Warned),
        ("user.ban", _, _) => Some(NotificationKind::Banned),
        _ => None,
    }
}

/// The kind a report decision tells the reporters.
pub fn report_kind(action: &str) -> Option<NotificationKind> {
    match action {
        "report.resolve" => Some(NotificationKind::ReportResolved),
        "report.dismiss" => Some(NotificationKind::ReportDismissed),
        _ => None,
    }
}

/// Where a notification leads: the comment on its puzzle page, the puzzle, or the
/// notification itself on `/notifications`, which shows the moderator's reason.
pub fn link(id: Id, puzzle: Option<Id>, comment: Option<Id>) -> String {
    match (puzzle, comment) {
        (Some(puzzle), Some(comment)) => format!("/puzzles/{puzzle}#comment-{comment}"),
        (Some(puzzle), None) => format!("/puzzles/{puzzle}"),
        _ => format!("/notifications#notification-{id}"),
    }
}

/// How long a failed job waits before its next try: doubling from a second, at most
/// about nine minutes.
pub fn retry_delay_secs(attempts: i32) -> u32 {
    1 << attempts.clamp(0, 9)
}

/// The bell's text alternative.
pub fn bell_label(unread: u64) -> String {
    match unread {
        0 => "Notifications, none unread".to_owned(),
        n => format!("Notifications, {n} unread"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use NotificationKind::*;

    #[test]
    fn own_actions_switched_off_kinds_and_blocked_users_write_nothing() {
        let (me, other) = (Id::new(), Id::new());
        assert!(deliverable(Reply, me, Some(other), &[], false));
        assert!(!deliverable(Reply, me, Some(me), &[], false));
        assert!(!deliverable(Reply, me, Some(other), &[Reply], false));
        assert!(deliverable(Reply, me, Some(other), &[PuzzleComment], false));
        assert!(!deliverable(PuzzleComment, me, Some(other), &[], true));
        // A moderator's decision reaches the user even if they blocked the moderator.
        assert!(deliverable(Banned, me, Some(other), &[], true));
        assert!(deliverable(Warned, me, None, &[], false));
    }

    #[test]
    fn moderation_entries_map_to_kinds() {
        assert_eq!(moderation_kind("puzzle.visibility", Some("approved"), None), Some(PuzzleApproved));
        assert_eq!(moderation_kind("puzzle.visibility", Some("revise"), None), Some(PuzzleRevise));
        assert_eq!(moderation_kind("puzzle.visibility", Some("inactive"), None), None);
        assert_eq!(moderation_kind("report.resolve", None, Some("remove")), Some(ContentRemoved));
        assert_eq!(moderation_kind("report.resolve", None, Some("warn")), Some(Warned));
        assert_eq!(moderation_kind("report.resolve", None, Some("ban")), None);
        assert_eq!(moderation_kind("report.dismiss", None, None), None);
        assert_eq!(moderation_kind("comment.remove", None, None), Some(ContentRemoved));
        assert_eq!(moderation_kind("user.ban", None, None), Some(Banned));
        assert_eq!(report_kind("report.dismiss"), Some(ReportDismissed));
        assert_eq!(report_kind("report.resolve"), Some(ReportResolved));
        assert_eq!(report_kind("user.ban"), None);
    }

    #[test]
    fn links_lead_to_the_comment_the_puzzle_or_the_notification() {
        let (id, puzzle, comment) = (Id::new(), Id::new(), Id::new());
        assert_eq!(link(id, Some(puzzle), Some(comment)), format!("/puzzles/{puzzle}#comment-{comment}"));
        assert_eq!(link(id, Some(puzzle), None), format!("/puzzles/{puzzle}"));
        assert_eq!(link(id, None, None), format!("/notifications#notification-{id}"));
    }

    #[test]
    fn retries_back_off() {
        assert_eq!(retry_delay_secs(0), 1);
        assert_eq!(retry_delay_secs(3), 8);
        assert_eq!(retry_delay_secs(50), 512);
        assert_eq!(retry_delay_secs(-1), 1);
    }

    #[test]
    fn the_bell_says_how_many_are_unread() {
        assert_eq!(bell_label(0), "Notifications, none unread");
        assert_eq!(bell_label(3), "Notifications, 3 unread");
    }

    #[test]
    fn every_kind_has_words() {
        for kind in NotificationKind::ALL {
            assert!(!label(*kind).is_empty() && !headline(*kind).is_empty());
        }
    }
}
