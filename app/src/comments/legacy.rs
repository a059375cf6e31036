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
#[cfg_attr(feature = "ssr", derive(ts_rs::TS))]
#[serde(untagged)]
pub enum Replies {
    Ids(Vec<Id>),
    Documents(Vec<CommentDocument>),
}

/// By hand: the derive describes an untagged enum as `oneOf`, which an empty list
/// (valid as either) fails; `anyOf` says what the wire means.
#[cfg(feature = "ssr")]
impl utoipa::PartialSchema for Replies {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
        use utoipa::openapi::{ArrayBuilder, Ref, schema::AnyOfBuilder};
        AnyOfBuilder::new()
            .item(ArrayBuilder::new().items(<Id as utoipa::PartialSchema>::schema()))
            // A reply's own replies are ids, so the documents nest one level only.
            .item(ArrayBuilder::new().items(Ref::from_schema_name("CommentDocument")))
            .description(Some("A comment's replies: their ids, or (on `GET /comment/:id`) their documents."))
            .into()
    }
}

#[cfg(feature = "ssr")]
impl utoipa::ToSchema for Replies {}
