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

impl Tag {
    pub fn label(self) -> String {
        let text = self.as_str().replace('_', " ");
        let mut chars = text.chars();
        chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
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
    pub created_at: Timestamp,
}
