//! Comment types shared by the server and the browser.

use crate::core::{Id, Page, Timestamp, wire_enum};
use serde::{Deserialize, Serialize};

wire_enum! {
    /// An up or down vote (legacy `type`).
    VoteKind as "vote_type" {
        Up = "upvote",
        Down = "downvote",
    }
}

wire_enum! {
    /// What a comment hangs off: a puzzle, or another comment.
    CommentKind as "comment_type" {
        OnPuzzle = "puzzle-comment",
        Reply = "comment-comment",
    }
}

/// The order of a discussion's threads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CommentSort {
    /// Highest score (up minus down votes) first.
    #[default]
    Top,
    New,
}

impl CommentSort {
    pub const ALL: [Self; 2] = [Self::Top, Self::New];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Top => "top",
            Self::New => "new",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|sort| sort.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Top => "Top",
            Self::New => "New",
        }
    }
}

/// What a reader sees of a comment's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Body {
    /// The text as sanitized HTML.
    Shown(String),
    /// A spoiler for a reader who has not solved the puzzle: the text is not sent.
    Spoiler,
    /// Written by a user the reader blocked.
    Blocked,
    /// Deleted by its author while it had replies.
    Deleted,
    /// Removed by a moderator while it had replies.
    Removed,
}

/// One comment as a reader sees it, with the replies shown under it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: Id,
    pub parent: Option<Id>,
    /// Absent once deleted or removed.
    pub author: Option<String>,
    pub body: Body,
    /// The markdown, for its author to edit.
    pub source: Option<String>,
    pub is_spoiler: bool,
    pub upvote: i32,
    pub downvote: i32,
    pub my_vote: Option<VoteKind>,
    pub created_at: Timestamp,
    pub edited: bool,
    pub can_reply: bool,
    pub can_edit: bool,
    pub can_delete: bool,
    /// Signed in, not its author, and it is still there.
    pub can_report: bool,
    pub replies: Vec<CommentView>,
    /// Replies not shown because the thread is too deep here ("continue this thread").
    pub more_replies: i64,
}

/// A page of the threads about a puzzle, or about one of its solutions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Discussion {
    pub puzzle: Id,
    /// The solution discussed, with its votes; `None` for the puzzle's own discussion.
    pub solution: Option<SolutionVotes>,
    pub sort: CommentSort,
    pub threads: Page<CommentView>,
    /// Whether the reader may post (signed in and not banned).
    pub can_post: bool,
}

/// One comment and the replies under it, for "continue this thread".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThreadView {
    pub puzzle: Id,
    pub puzzle_title: String,
    pub comment: CommentView,
    pub can_post: bool,
}

/// A comment's counts after a vote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Votes {
    pub upvote: i32,
    pub downvote: i32,
    pub mine: Option<VoteKind>,
}

/// A solution's id and its votes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SolutionVotes {
    pub id: Id,
    pub votes: Votes,
}

/// The order of a puzzle's solutions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SolutionSort {
    /// Highest score (up minus down votes) first.
    #[default]
    Votes,
    /// Shortest code first.
    Length,
    /// Newest first.
    Date,
}

impl SolutionSort {
    pub const ALL: [Self; 3] = [Self::Votes, Self::Length, Self::Date];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Votes => "votes",
            Self::Length => "length",
            Self::Date => "date",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|sort| sort.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Votes => "Most voted",
            Self::Length => "Shortest",
            Self::Date => "Newest",
        }
    }
}

/// Another player's accepted submission, as a solver of the puzzle sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SolutionView {
    /// The submission (its page is the receipt).
    pub id: Id,
    pub author: String,
    pub language: String,
    pub language_version: String,
    pub code: String,
    pub code_length: usize,
    pub created_at: Timestamp,
    pub votes: Votes,
    pub comments: i64,
}

/// Why a puzzle's solutions are not shown to the reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Locked {
    SignedOut,
    Unsolved,
}

impl Locked {
    pub fn reason(self) -> &'static str {
        match self {
            Self::SignedOut => "Sign in and solve this puzzle to see how other players solved it.",
            Self::Unsolved => {
                "Solutions unlock once you have solved this puzzle: submit code that passes every test, \
                 and other players' accepted solutions appear here."
            }
        }
    }
}

/// A page of a puzzle's solutions, or why they are locked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Solutions {
    pub puzzle: Id,
    pub sort: SolutionSort,
    pub solutions: Result<Page<SolutionView>, Locked>,
}
