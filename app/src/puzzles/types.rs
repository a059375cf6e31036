//! Puzzle types shared by the server and the browser.

use crate::core::{Id, Timestamp, wire_enum};
use serde::{Deserialize, Serialize};

wire_enum! {
    /// How hard a puzzle is.
    Difficulty as "puzzle_difficulty" {
        Beginner = "beginner",
        Intermediate = "intermediate",
        Advanced = "advanced",
        Expert = "expert",
    }
}

wire_enum! {
    /// Where a puzzle stands in the publishing workflow.
    Visibility as "puzzle_visibility" {
        Draft = "draft",
        Ready = "ready",
        Review = "review",
        Revise = "revise",
        Approved = "approved",
        Inactive = "inactive",
        Archived = "archived",
    }
}

wire_enum! {
    /// Topic labels.
    Tag as "puzzle_tag" {
        Algorithms = "algorithms",
        DataStructures = "data_structures",
        Mathematics = "mathematics",
        Strings = "strings",
        Arrays = "arrays",
        Math = "math",
        GraphTheory = "graph_theory",
        DynamicProgramming = "dynamic_programming",
    }
}

impl Difficulty {
    pub fn label(self) -> &'static str {
        match self {
            Self::Beginner => "Beginner",
            Self::Intermediate => "Intermediate",
            Self::Advanced => "Advanced",
            Self::Expert => "Expert",
        }
    }
}

impl Visibility {
    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::Ready => "Ready",
            Self::Review => "In review",
            Self::Revise => "Needs changes",
            Self::Approved => "Published",
            Self::Inactive => "Paused",
            Self::Archived => "Archived",
        }
    }

    /// What a button that moves a puzzle into this state says.
    pub fn action_label(self) -> &'static str {
        match self {
            Self::Draft => "Back to draft",
            Self::Ready => "Check and mark ready",
            Self::Review => "Submit for review",
            Self::Revise => "Request changes",
            Self::Approved => "Publish",
            Self::Inactive => "Pause",
            Self::Archived => "Archive",
        }
    }
}

impl Tag {
    pub fn label(self) -> &'static str {
        match self {
            Self::Algorithms => "Algorithms",
            Self::DataStructures => "Data structures",
            Self::Mathematics => "Mathematics",
            Self::Strings => "Strings",
            Self::Arrays => "Arrays",
            Self::Math => "Math",
            Self::GraphTheory => "Graph theory",
            Self::DynamicProgramming => "Dynamic programming",
        }
    }
}

/// A puzzle as it appears in lists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct PuzzleCard {
    pub id: Id,
    pub title: String,
    pub difficulty: Difficulty,
    pub visibility: Visibility,
    pub tags: Vec<Tag>,
    pub author_name: String,
    pub solvers: i64,
}

/// The author as a puzzle shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    pub id: Id,
    pub username: String,
}

/// One test: an input and the output it must produce. Public tests are the examples
/// shown with the statement; hidden ones never leave the server except to the author
/// and moderators.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validator {
    pub id: Id,
    pub input: String,
    pub output: String,
    pub is_public: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// How often a puzzle was tried and solved.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct PuzzleStats {
    pub attempts: i64,
    pub successes: i64,
    pub solvers: i64,
}

/// A puzzle as its page shows it to the viewer: rendered, sanitized statement, and
/// only the tests the viewer may see.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PuzzleView {
    pub id: Id,
    pub title: String,
    pub statement_html: String,
    pub constraints_html: Option<String>,
    pub difficulty: Difficulty,
    pub visibility: Visibility,
    pub tags: Vec<Tag>,
    pub author: Author,
    /// The public tests, plus the hidden ones for the author and moderators.
    pub validators: Vec<Validator>,
    pub stats: PuzzleStats,
    /// Only for the author and moderators.
    pub moderation_feedback: Option<String>,
    /// States the viewer may move the puzzle to.
    pub moves: Vec<Visibility>,
    pub can_edit: bool,
    pub can_delete: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A test in the editor; `id` is absent for tests added since loading.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidatorDraft {
    pub id: Option<Id>,
    pub input: String,
    pub output: String,
    pub is_public: bool,
}

/// Everything the author edits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PuzzleDraft {
    pub title: String,
    pub statement: String,
    pub constraints: String,
    pub difficulty: Difficulty,
    pub tags: Vec<Tag>,
    pub validators: Vec<ValidatorDraft>,
    pub solution_code: String,
    pub solution_language: Option<Id>,
}

/// The editor page: the draft and where the puzzle stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EditorData {
    pub id: Id,
    pub draft: PuzzleDraft,
    pub visibility: Visibility,
    /// Whether the content may change in this state (the workflow may still move).
    pub can_edit: bool,
    pub moderation_feedback: Option<String>,
    pub moves: Vec<Visibility>,
    pub can_delete: bool,
}

/// Orders of the puzzle list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    #[default]
    Newest,
    Title,
    Difficulty,
    Popularity,
}

impl Sort {
    pub const ALL: &'static [Sort] = &[Sort::Newest, Sort::Title, Sort::Difficulty, Sort::Popularity];

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Newest => "newest",
            Sort::Title => "title",
            Sort::Difficulty => "difficulty",
            Sort::Popularity => "popularity",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Sort::Newest => "Newest",
            Sort::Title => "Title",
            Sort::Difficulty => "Difficulty",
            Sort::Popularity => "Most played",
        }
    }
}

/// A search of the public puzzle list; every field is optional in the URL.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PuzzleQuery {
    pub search: String,
    pub difficulty: Option<Difficulty>,
    pub tags: Vec<Tag>,
    pub sort: Sort,
    pub page: u32,
}

pub const PAGE_SIZE: u32 = 20;

/// One page of a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub page_size: u32,
    pub total_items: u64,
}

impl<T> Page<T> {
    pub fn total_pages(&self) -> u64 {
        self.total_items.div_ceil(u64::from(self.page_size.max(1)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_labels_spell_out_the_wire_names() {
        for tag in Tag::ALL {
            assert_eq!(tag.label().to_lowercase().replace(' ', "_"), tag.as_str());
            assert!(tag.label().starts_with(|c: char| c.is_uppercase()), "{tag:?}");
        }
    }
}
