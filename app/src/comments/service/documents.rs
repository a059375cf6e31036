//! Comments as legacy documents, for the JSON API.

use super::not_found;
use crate::{
    accounts::service::users,
    comments::{
        CommentKind,
        legacy::{CommentDocument, Replies},
    },
    core::{AppResult, Id, Timestamp},
    puzzles::{legacy::AuthorField, service::documents::Authors},
};
use sqlx::PgPool;

struct Row {
    id: Id,
    author_id: Id,
    text: String,
    upvote: i32,
    downvote: i32,
    created_at: Timestamp,
    updated_at: Timestamp,
    comment_type: CommentKind,
    parent_id: Option<Id>,
    puzzle_id: Option<Id>,
    submission_id: Option<Id>,
    replies: Vec<Id>,
}

/// Documents of the comments at `ids`, in that order (missing ones left out).
async fn rows(pool: &PgPool, ids: &[Id]) -> AppResult<Vec<Row>> {
    let mut rows = sqlx::query_as!(
        Row,
        r#"SELECT c.id AS "id: Id", c.author_id AS "author_id: Id",
                  CASE WHEN c.deleted_at IS NULL THEN c.body
                       WHEN c.removed_by IS NULL THEN '[deleted]' ELSE '[removed]' END AS "text!",
                  c.upvote, c.downvote, c.created_at AS "created_at: Timestamp",
                  c.updated_at AS "updated_at: Timestamp", c.comment_type AS "comment_type: CommentKind",
                  c.parent_id AS "parent_id: Id", c.puzzle_id AS "puzzle_id: Id",
                  c.submission_id AS "submission_id: Id",
                  ARRAY(SELECT r.id::bytea FROM comments r WHERE r.parent_id = c.id ORDER BY r.created_at, r.id)
                      AS "replies!: Vec<Id>"
           FROM comments c WHERE c.id = ANY ($1)"#,
        ids as &[Id]
    )
    .fetch_all(pool)
    .await?;
    rows.sort_by_key(|row| ids.iter().position(|id| *id == row.id));
    Ok(rows)
}

/// Documents for `rows`, in their order.
async fn documents(pool: &PgPool, rows: Vec<Row>, authors: Authors) -> AppResult<Vec<CommentDocument>> {
    let people = if authors == Authors::Populated {
        let ids: Vec<Id> = rows.iter().map(|row| row.author_id).collect();
        users::by_ids(pool, &ids).await?
    } else {
        Vec::new()
    };
    Ok(rows
        .into_iter()
        .map(|row| {
            let author = match people.iter().find(|user| user.id == row.author_id) {
                Some(user) => AuthorField::User(Box::new(user.clone())),
                None => AuthorField::Id(row.author_id),
            };
            CommentDocument {
                id: row.id,
                author,
                text: row.text,
                upvote: row.upvote,
                downvote: row.downvote,
                created_at: row.created_at,
                updated_at: row.updated_at,
                comments: Replies::Ids(row.replies),
                comment_type: row.comment_type,
                parent_id: row.parent_id.or(row.puzzle_id).or(row.submission_id).unwrap_or(row.id),
                version: 0,
            }
        })
        .collect())
}

/// One comment, with its author's document or only the id.
pub async fn one(pool: &PgPool, id: Id, authors: Authors) -> AppResult<CommentDocument> {
    let row = rows(pool, &[id]).await?.pop().ok_or_else(not_found)?;
    documents(pool, vec![row], authors).await?.pop().ok_or_else(not_found)
}

/// One comment with its replies' documents one level down, every author populated,
/// as `GET /comment/:id` answers.
pub async fn with_replies(pool: &PgPool, id: Id) -> AppResult<CommentDocument> {
    let row = rows(pool, &[id]).await?.pop().ok_or_else(not_found)?;
    let replies = rows(pool, &row.replies).await?;
    let mut document = documents(pool, vec![row], Authors::Populated).await?.pop().ok_or_else(not_found)?;
    document.comments = Replies::Documents(documents(pool, replies, Authors::Populated).await?);
    Ok(document)
}
