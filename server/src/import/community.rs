//! Comments and their votes, and reports.

use super::{
    Collection, column,
    fields::{Fields, Parsed, Skip, object_id},
    known::{Kind, Known},
};
use app::core::Id;
use chrono::{DateTime, Utc};
use sqlx::PgConnection;

pub struct Comments;

pub struct Comment {
    id: Id,
    author: Id,
    puzzle: Id,
    parent: Option<Id>,
    comment_type: &'static str,
    body: String,
    upvote: i32,
    downvote: i32,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl Collection for Comments {
    const NAME: &'static str = "comments";
    const KIND: Option<Kind> = Some(Kind::Comment);
    type Row = Comment;

    /// A top-level comment's `parentId` is its puzzle; a reply's is its parent comment,
    /// and it belongs to the parent's puzzle.
    fn parse(doc: &Fields, known: &mut Known) -> Parsed<Comment> {
        let id = doc.id("_id")?;
        let comment_type =
            doc.choice("commentType", &["puzzle-comment", "comment-comment"], "comment-comment")?;
        let parent_id = doc.id("parentId")?;
        let (puzzle, parent) = if comment_type == "puzzle-comment" {
            (known.existing(Kind::Puzzle, parent_id, "parentId")?, None)
        } else {
            (
                *known.comment_puzzles.get(&parent_id).ok_or_else(|| Skip::dangling("parentId"))?,
                Some(parent_id),
            )
        };
        let created_at = doc.date_or_id_time("createdAt", id)?;
        let comment = Comment {
            id,
            author: known.existing(Kind::User, doc.id("author")?, "author")?,
            puzzle,
            parent,
            comment_type,
            body: doc.bounded("text", 1..=320)?,
            upvote: doc.count("upvote")?,
            downvote: doc.count("downvote")?,
            created_at,
            updated_at: doc.date("updatedAt")?.unwrap_or(created_at),
        };
        known.comment_puzzles.insert(id, puzzle);
        Ok(comment)
    }

    fn key(row: &Comment) -> Option<Id> {
        Some(row.id)
    }

    async fn write(db: &mut PgConnection, rows: &[Comment], _: &mut Known) -> sqlx::Result<Vec<Id>> {
        sqlx::query_scalar!(
            // Each comment's thread and depth come from its parent: already stored, or in
            // this batch (in any order), walked down from the batch's roots.
            r#"WITH RECURSIVE batch AS (
                   SELECT * FROM UNNEST($1::bytea[], $2::bytea[], $3::bytea[], $4::bytea[], $5::text[], $6::text[],
                                        $7::int[], $8::int[], $9::timestamptz[], $10::timestamptz[])
                        AS u(id, author_id, puzzle_id, parent_id, comment_type, body, upvote, downvote, created_at,
                             updated_at)
               ), tree AS (
                   SELECT b.id, coalesce(p.thread_id::bytea, b.id) AS thread_id,
                          CASE WHEN b.parent_id IS NULL THEN 0 ELSE p.depth + 1 END AS depth
                   FROM batch b LEFT JOIN comments p ON p.id = b.parent_id
                   WHERE b.parent_id IS NULL OR p.id IS NOT NULL
                   UNION ALL
                   SELECT b.id, t.thread_id, t.depth + 1 FROM batch b JOIN tree t ON b.parent_id = t.id
               )
               INSERT INTO comments (id, author_id, puzzle_id, parent_id, comment_type, body, upvote, downvote,
                                     created_at, updated_at, thread_id, depth)
               SELECT b.id, b.author_id, b.puzzle_id, b.parent_id, b.comment_type::comment_type, b.body, b.upvote,
                      b.downvote, b.created_at, b.updated_at, t.thread_id, t.depth
               FROM batch b JOIN tree t ON t.id = b.id
               ON CONFLICT DO NOTHING
               RETURNING id AS "id!: Id""#,
            &column(rows, |r| r.id) as &[Id],
            &column(rows, |r| r.author) as &[Id],
            &column(rows, |r| r.puzzle) as &[Id],
            &column(rows, |r| r.parent) as &[Option<Id>],
            &column(rows, |r| r.comment_type.to_owned()),
            &column(rows, |r| r.body.clone()),
            &column(rows, |r| r.upvote),
            &column(rows, |r| r.downvote),
            &column(rows, |r| r.created_at) as &[DateTime<Utc>],
            &column(rows, |r| r.updated_at) as &[DateTime<Utc>],
        )
        .fetch_all(db)
        .await
    }
}

/// Votes are keyed by voter and comment: the legacy vote's own id is not kept.
pub struct Votes;

pub struct Vote {
    comment: Id,
    user: Id,
    vote: &'static str,
    created_at: DateTime<Utc>,
}

impl Collection for Votes {
    const NAME: &'static str = "uservotes";
    const KIND: Option<Kind> = None;
    type Row = Vote;

    fn parse(doc: &Fields, known: &mut Known) -> Parsed<Vote> {
        let id = doc.id("_id")?;
        // `votedOn` is the comment's id as a string.
        let comment = doc.0.get("votedOn").and_then(object_id).ok_or_else(|| Skip::invalid("votedOn"))?;
        Ok(Vote {
            comment: known.existing(Kind::Comment, comment, "votedOn")?,
            user: known.existing(Kind::User, doc.id("author")?, "author")?,
            vote: doc.choice("type", &["upvote", "downvote"], "upvote")?,
            created_at: doc.date_or_id_time("createdAt", id)?,
        })
    }

    fn key(_: &Vote) -> Option<Id> {
        None
    }

    async fn write(db: &mut PgConnection, rows: &[Vote], _: &mut Known) -> sqlx::Result<Vec<Id>> {
        sqlx::query_scalar!(
            r#"INSERT INTO comment_votes (comment_id, user_id, vote, created_at)
               SELECT u.comment_id, u.user_id, u.vote::vote_type, u.created_at
               FROM UNNEST($1::bytea[], $2::bytea[], $3::text[], $4::timestamptz[])
                    AS u(comment_id, user_id, vote, created_at)
               ON CONFLICT DO NOTHING
               RETURNING comment_id AS "comment!: Id""#,
            &column(rows, |r| r.comment) as &[Id],
            &column(rows, |r| r.user) as &[Id],
            &column(rows, |r| r.vote.to_owned()),
            &column(rows, |r| r.created_at) as &[DateTime<Utc>],
        )
        .fetch_all(db)
        .await
    }
}

pub struct Reports;

pub struct Report {
    id: Id,
    problem_type: &'static str,
    problematic: Id,
    reported_by: Id,
    explanation: String,
    status: &'static str,
    resolved_by: Option<Id>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl Collection for Reports {
    const NAME: &'static str = "reports";
    const KIND: Option<Kind> = Some(Kind::Report);
    type Row = Report;

    fn parse(doc: &Fields, known: &mut Known) -> Parsed<Report> {
        let id = doc.id("_id")?;
        let created_at = doc.date_or_id_time("createdAt", id)?;
        Ok(Report {
            id,
            problem_type: doc.choice("problemType", &["puzzle", "user", "comment", "game_chat"], "puzzle")?,
            problematic: doc.id("problematicIdentifier")?,
            reported_by: known.existing(Kind::User, doc.id("reportedBy")?, "reportedBy")?,
            explanation: doc.bounded("explanation", 25..=1024)?,
            status: doc.choice("status", &["pending", "resolved", "rejected"], "pending")?,
            resolved_by: doc.optional_id("resolvedBy")?.filter(|by| known.has(Kind::User, *by)),
            created_at,
            updated_at: doc.date("updatedAt")?.unwrap_or(created_at),
        })
    }

    fn key(row: &Report) -> Option<Id> {
        Some(row.id)
    }

    async fn write(db: &mut PgConnection, rows: &[Report], _: &mut Known) -> sqlx::Result<Vec<Id>> {
        sqlx::query_scalar!(
            r#"INSERT INTO reports (id, problem_type, problematic_id, reported_by, explanation, status, resolved_by,
                                    created_at, updated_at)
               SELECT u.id, u.problem_type::problem_type, u.problematic_id, u.reported_by, u.explanation,
                      u.status::review_status, u.resolved_by, u.created_at, u.updated_at
               FROM UNNEST($1::bytea[], $2::text[], $3::bytea[], $4::bytea[], $5::text[], $6::text[], $7::bytea[],
                           $8::timestamptz[], $9::timestamptz[])
                    AS u(id, problem_type, problematic_id, reported_by, explanation, status, resolved_by, created_at,
                         updated_at)
               ON CONFLICT DO NOTHING
               RETURNING id AS "id!: Id""#,
            &column(rows, |r| r.id) as &[Id],
            &column(rows, |r| r.problem_type.to_owned()),
            &column(rows, |r| r.problematic) as &[Id],
            &column(rows, |r| r.reported_by) as &[Id],
            &column(rows, |r| r.explanation.clone()),
            &column(rows, |r| r.status.to_owned()),
            &column(rows, |r| r.resolved_by) as &[Option<Id>],
            &column(rows, |r| r.created_at) as &[DateTime<Utc>],
            &column(rows, |r| r.updated_at) as &[DateTime<Utc>],
        )
        .fetch_all(db)
        .await
    }
}
