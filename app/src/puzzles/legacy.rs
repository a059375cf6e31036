//! Puzzles as the legacy JSON API and the game socket write them (the old Mongoose
//! documents). Optional values are left out, never `null`.

use super::{Difficulty, Tag, Test, Visibility};
use crate::{
    accounts::PublicUser,
    core::{Id, Timestamp},
    languages::Language,
};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PuzzleDocument {
    #[serde(rename = "_id")]
    pub id: Id,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraints: Option<String>,
    pub author: AuthorField,
    pub validators: Vec<TestDocument>,
    pub difficulty: Difficulty,
    pub visibility: Visibility,
    pub tags: Vec<Tag>,
    /// Comments are fetched on their own; the legacy list was always empty here.
    pub comments: Vec<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moderation_feedback: Option<String>,
    /// Only for the author and moderators, on the endpoints that show it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solution: Option<SolutionDocument>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(rename = "__v")]
    pub version: u32,
}

/// The author: the user document when populated, else the bare id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
#[serde(untagged)]
pub enum AuthorField {
    User(Box<PublicUser>),
    Id(Id),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TestDocument {
    #[serde(rename = "_id")]
    pub id: Id,
    pub input: String,
    pub output: String,
    pub is_public: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl From<Test> for TestDocument {
    fn from(test: Test) -> Self {
        Self {
            id: test.id,
            input: test.input,
            output: test.output,
            is_public: test.is_public,
            created_at: test.created_at,
            updated_at: test.updated_at,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SolutionDocument {
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub programming_language: Option<Language>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn absent_values_are_left_out_and_the_author_may_be_an_id() {
        let at = Timestamp::parse("2026-01-01T00:00:00Z").unwrap();
        let id = Id::from_bytes([7; 12]);
        let document = PuzzleDocument {
            id,
            title: "Echo".into(),
            statement: None,
            constraints: None,
            author: AuthorField::Id(id),
            validators: Vec::new(),
            difficulty: Difficulty::Beginner,
            visibility: Visibility::Draft,
            tags: Vec::new(),
            comments: Vec::new(),
            moderation_feedback: None,
            solution: None,
            created_at: at,
            updated_at: at,
            version: 0,
        };
        let value = serde_json::to_value(&document).unwrap();
        for absent in ["statement", "constraints", "moderationFeedback", "solution"] {
            assert!(value.get(absent).is_none(), "{absent} must be absent, not null");
        }
        assert_eq!(value["author"], json!(id.to_string()));
        assert_eq!(value["__v"], 0);
    }
}
