//! Puzzle rules and storage: the only place with SQL about puzzles and their tests.

pub mod authoring;
pub mod catalogue;
pub mod documents;
pub mod listing;
pub mod publishing;
pub mod reading;

use super::{
    Difficulty, Tag, Test, Visibility,
    workflow::{Facts, Standing},
};
use crate::{
    accounts::{Caller, User},
    core::{AppError, AppResult, Id, Timestamp},
};
use sqlx::{PgExecutor, PgPool};
use std::collections::HashMap;

/// A puzzle row with its author's name.
#[derive(Debug, Clone)]
pub(crate) struct PuzzleRow {
    pub id: Id,
    pub author_id: Id,
    pub author_name: String,
    pub title: String,
    pub statement: Option<String>,
    pub constraints: Option<String>,
    pub difficulty: Difficulty,
    pub visibility: Visibility,
    pub tags: Vec<Tag>,
    pub solution_code: String,
    pub solution_language_id: Option<Id>,
    pub moderation_feedback: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl PuzzleRow {
    /// How `user` stands to this puzzle; nobody in particular for visitors.
    pub fn standing(&self, user: Option<&User>) -> Standing {
        Standing {
            is_author: user.is_some_and(|u| u.id == self.author_id),
            is_moderator: user.is_some_and(User::is_moderator),
        }
    }

    /// How the caller stands to this puzzle when reading it.
    pub fn standing_of(&self, caller: &Caller) -> Standing {
        self.standing(caller.signed_in())
    }

    pub fn facts(&self, tests: &[Test]) -> Facts {
        let public_tests = tests.iter().filter(|v| v.is_public).count();
        Facts {
            has_statement: self.statement.is_some(),
            public_tests,
            hidden_tests: tests.len() - public_tests,
            has_solution: !self.solution_code.trim().is_empty() && self.solution_language_id.is_some(),
        }
    }
}

pub fn not_found() -> AppError {
    AppError::not_found("Puzzle not found")
}

/// A statement rendered as the puzzle page will show it, for the editor's preview.
pub fn markdown_preview(text: &str) -> AppResult<String> {
    if text.len() > super::rules::PREVIEW_MAX_BYTES {
        return Err(AppError::PayloadTooLarge("Too long to preview".into()));
    }
    Ok(super::markdown::to_safe_html(text))
}

/// Any puzzle, whoever may see it: callers check access.
pub(crate) async fn load<'e>(db: impl PgExecutor<'e>, id: Id) -> AppResult<PuzzleRow> {
    sqlx::query_as!(
        PuzzleRow,
        r#"SELECT p.id AS "id: Id", p.author_id AS "author_id: Id", u.username AS author_name, p.title,
                  p.statement, p.constraints, p.difficulty AS "difficulty: Difficulty",
                  p.visibility AS "visibility: Visibility", p.tags AS "tags: Vec<Tag>", p.solution_code,
                  p.solution_language_id AS "solution_language_id: Id", p.moderation_feedback,
                  p.created_at AS "created_at: Timestamp", p.updated_at AS "updated_at: Timestamp"
           FROM puzzles p JOIN users u ON u.id = p.author_id
           WHERE p.id = $1"#,
        id as Id
    )
    .fetch_optional(db)
    .await?
    .ok_or_else(not_found)
}

/// Several puzzles, in no particular order.
async fn puzzles_of(pool: &PgPool, ids: &[Id]) -> AppResult<Vec<PuzzleRow>> {
    Ok(sqlx::query_as!(
        PuzzleRow,
        r#"SELECT p.id AS "id: Id", p.author_id AS "author_id: Id", u.username AS author_name, p.title,
                  p.statement, p.constraints, p.difficulty AS "difficulty: Difficulty",
                  p.visibility AS "visibility: Visibility", p.tags AS "tags: Vec<Tag>", p.solution_code,
                  p.solution_language_id AS "solution_language_id: Id", p.moderation_feedback,
                  p.created_at AS "created_at: Timestamp", p.updated_at AS "updated_at: Timestamp"
           FROM puzzles p JOIN users u ON u.id = p.author_id
           WHERE p.id = ANY ($1)"#,
        ids as &[Id]
    )
    .fetch_all(pool)
    .await?)
}

struct TestRow {
    puzzle_id: Id,
    id: Id,
    input: String,
    output: String,
    is_public: bool,
    created_at: Timestamp,
    updated_at: Timestamp,
}

impl From<TestRow> for Test {
    fn from(r: TestRow) -> Self {
        Test {
            id: r.id,
            input: r.input,
            output: r.output,
            is_public: r.is_public,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// Which tests of a puzzle to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tests {
    All,
    PublicOnly,
}

/// All tests of a puzzle, in order.
pub async fn tests_of<'e>(db: impl PgExecutor<'e>, puzzle: Id) -> AppResult<Vec<Test>> {
    let rows = sqlx::query_as!(
        TestRow,
        r#"SELECT puzzle_id AS "puzzle_id: Id", id AS "id: Id", input, output, is_public,
                  created_at AS "created_at: Timestamp", updated_at AS "updated_at: Timestamp"
           FROM tests WHERE puzzle_id = $1 ORDER BY position"#,
        puzzle as Id
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// The tests of several puzzles, by puzzle, in order; hidden ones only when asked,
/// so lists never load hidden inputs they would throw away.
async fn tests_of_many(pool: &PgPool, puzzles: &[Id], tests: Tests) -> AppResult<HashMap<Id, Vec<Test>>> {
    let rows = sqlx::query_as!(
        TestRow,
        r#"SELECT puzzle_id AS "puzzle_id: Id", id AS "id: Id", input, output, is_public,
                  created_at AS "created_at: Timestamp", updated_at AS "updated_at: Timestamp"
           FROM tests WHERE puzzle_id = ANY ($1) AND (is_public OR $2) ORDER BY puzzle_id, position"#,
        puzzles as &[Id],
        tests == Tests::All
    )
    .fetch_all(pool)
    .await?;
    let mut by_puzzle: HashMap<Id, Vec<Test>> = HashMap::new();
    for row in rows {
        by_puzzle.entry(row.puzzle_id).or_default().push(row.into());
    }
    Ok(by_puzzle)
}
