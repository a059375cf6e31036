//! Comment rules shared by the server and the pages: sizes, vote toggling, and how
//! a flat list of comments becomes threads.

use super::{CommentView, VoteKind};
use crate::core::{FieldError, Id};
use std::collections::HashMap;

/// The legacy limit on a comment's text, in characters.
pub const BODY_MAX: usize = 320;
/// Threads per page of a discussion.
pub const PAGE_SIZE: u32 = 20;
/// Solutions per page of a puzzle's solutions.
pub const SOLUTIONS_PAGE_SIZE: u32 = 10;
/// Reply levels shown under a comment before "continue this thread".
pub const SHOWN_DEPTH: i32 = 4;

/// The text to store: trimmed, 1 to [`BODY_MAX`] characters.
pub fn check_body(text: &str) -> Result<&str, FieldError> {
    let text = text.trim();
    let length = text.chars().count();
    if length == 0 {
        Err(FieldError::new("text", "Write something first"))
    } else if length > BODY_MAX {
        Err(FieldError::new("text", format!("A comment has at most {BODY_MAX} characters ({length} now)")))
    } else {
        Ok(text)
    }
}

/// The vote a user holds after pressing `pressed`: the same vote again takes it
/// back, the other one switches.
pub fn toggle(previous: Option<VoteKind>, pressed: VoteKind) -> Option<VoteKind> {
    (previous != Some(pressed)).then_some(pressed)
}

/// Hangs `comments` under their parents, keeping their order, and returns the
/// ones at `tops` in that order. Comments whose parent is not in the list and not
/// a top are dropped.
pub fn nest(tops: &[Id], comments: Vec<CommentView>) -> Vec<CommentView> {
    let mut children: HashMap<Id, Vec<CommentView>> = HashMap::new();
    let mut found: HashMap<Id, CommentView> = HashMap::new();
    for comment in comments {
        match comment.parent {
            Some(parent) if !tops.contains(&comment.id) => children.entry(parent).or_default().push(comment),
            _ => {
                found.insert(comment.id, comment);
            }
        }
    }
    for id in tops {
        if let Some(comment) = found.get_mut(id) {
            attach(comment, &mut children);
        }
    }
    tops.iter().filter_map(|id| found.remove(id)).collect()
}

fn attach(comment: &mut CommentView, children: &mut HashMap<Id, Vec<CommentView>>) {
    let mut replies = children.remove(&comment.id).unwrap_or_default();
    for reply in &mut replies {
        attach(reply, children);
    }
    comment.replies = replies;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{comments::Body, core::Timestamp};

    fn comment(id: u8, parent: Option<u8>) -> CommentView {
        CommentView {
            id: Id::from_bytes([id; 12]),
            parent: parent.map(|p| Id::from_bytes([p; 12])),
            author: Some("alice".into()),
            body: Body::Shown(format!("<p>{id}</p>")),
            source: None,
            is_spoiler: false,
            upvote: 0,
            downvote: 0,
            my_vote: None,
            created_at: Timestamp::parse("2026-01-01T00:00:00Z").unwrap(),
            edited: false,
            can_reply: true,
            can_edit: false,
            can_delete: false,
            can_report: false,
            replies: Vec::new(),
            more_replies: 0,
        }
    }

    #[test]
    fn bodies_are_trimmed_and_limited() {
        assert_eq!(check_body("  hello \n"), Ok("hello"));
        assert!(check_body(" \n ").is_err());
        assert!(check_body(&"é".repeat(BODY_MAX)).is_ok(), "characters, not bytes");
        assert_eq!(check_body(&"x".repeat(BODY_MAX + 1)).unwrap_err().path, "text");
    }

    #[test]
    fn votes_toggle_and_switch() {
        assert_eq!(toggle(None, VoteKind::Up), Some(VoteKind::Up));
        assert_eq!(toggle(Some(VoteKind::Up), VoteKind::Up), None);
        assert_eq!(toggle(Some(VoteKind::Up), VoteKind::Down), Some(VoteKind::Down));
    }

    #[test]
    fn replies_hang_under_their_parents_in_order() {
        let tops = [Id::from_bytes([2; 12]), Id::from_bytes([1; 12])];
        let threads = nest(
            &tops,
            vec![
                comment(1, None),
                comment(2, None),
                comment(3, Some(1)),
                comment(4, Some(3)),
                comment(5, Some(1)),
            ],
        );
        assert_eq!(threads.iter().map(|c| c.id.as_bytes()[0]).collect::<Vec<_>>(), [2, 1]);
        let replies = &threads[1].replies;
        assert_eq!(replies.iter().map(|c| c.id.as_bytes()[0]).collect::<Vec<_>>(), [3, 5]);
        assert_eq!(replies[0].replies[0].id, Id::from_bytes([4; 12]));
    }

    #[test]
    fn a_reply_can_be_the_top_of_a_continued_thread() {
        let top = [Id::from_bytes([3; 12])];
        let threads = nest(&top, vec![comment(3, Some(1)), comment(4, Some(3)), comment(9, Some(8))]);
        assert_eq!(threads.len(), 1);
        assert_eq!(threads[0].replies.len(), 1);
    }
}
