//! Comments as the legacy JSON API writes them (the old Mongoose documents).

use super::CommentKind;
use crate::{
    core::{Id, Timestamp},
    puzzles::legacy::AuthorField,
};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CommentDocument {
    #[serde(rename = "_id")]
    pub id: Id,
    pub author: AuthorField,
    pub text: String,
    pub upvote: i32,
    pub downvote: i32,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub comments: Replies,
    pub comment_type: CommentKind,
    /// The puzzle of a top-level comment, the parent comment of a reply.
    pub parent_id: Id,
    #[serde(rename = "__v")]
    pub version: u32,
}

/// A comment's replies: their ids, or (on `GET /comment/:id`) their documents.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
#[serde(untagged)]
pub enum Replies {
    Ids(Vec<Id>),
    // A reply's own replies are ids, so the documents nest one level only.
    #[cfg_attr(feature = "ssr", schema(no_recursion))]
    Documents(Vec<CommentDocument>),
}
