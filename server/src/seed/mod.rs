//! `server seed`: demo content for a fresh database, so a first run has something
//! to browse and play. Does nothing when the database already has users.
//! `server seed --bulk N` adds N generated puzzles for benchmarks.

use anyhow::Context;
use app::{
    accounts::{
        Role,
        service::{
            credentials::{Registration, create_account},
            users::set_role,
        },
    },
    core::Id,
    languages,
    puzzles::{
        Difficulty, PuzzleDraft, Tag, TestDraft, Visibility,
        service::authoring::{generate_bulk, import},
    },
};
use serde::Deserialize;
use sqlx::PgPool;
use std::collections::BTreeMap;

/// Every demo account has this password (shown by `.ci/start`).
pub const DEMO_PASSWORD: &str = "codincod-demo-password";
/// The demo accounts; the first is a moderator.
pub const DEMO_USERS: [&str; 3] = ["alice", "bob", "carol"];

/// Thirty classic puzzles with examples, hidden tests and checked solutions in Python,
/// JavaScript and (for most) C.
const PUZZLES: &str = include_str!("puzzles.json");

#[derive(Deserialize)]
pub struct SeedPuzzle {
    pub title: String,
    pub difficulty: Difficulty,
    pub tags: Vec<Tag>,
    pub statement: String,
    pub constraints: String,
    pub tests: Vec<SeedTest>,
    /// Reference solutions by language name.
    pub solutions: BTreeMap<String, String>,
}

#[derive(Deserialize)]
pub struct SeedTest {
    pub input: String,
    pub output: String,
    pub public: bool,
}

pub fn demo_puzzles() -> Vec<SeedPuzzle> {
    serde_json::from_str(PUZZLES).expect("the bundled demo puzzles are valid JSON")
}

pub async fn run(pool: &PgPool) -> anyhow::Result<()> {
    let users = sqlx::query_scalar!(r#"SELECT count(*) AS "count!" FROM users"#).fetch_one(pool).await?;
    if users > 0 {
        tracing::info!("database already has users: demo data not added");
        return Ok(());
    }
    let mut accounts = Vec::new();
    for name in DEMO_USERS {
        let form = Registration {
            username: name.into(),
            email: format!("{name}@demo.codincod.local"),
            password: DEMO_PASSWORD.into(),
        };
        accounts.push(create_account(pool, form).await?.user.id);
    }
    set_role(pool, DEMO_USERS[0], Role::Moderator).await?;

    let puzzles = demo_puzzles();
    let count = puzzles.len();
    for (index, puzzle) in puzzles.into_iter().enumerate() {
        // Most are published by alice; the last two show the workflow's other states.
        let (author, visibility) = match count - index {
            2 => (accounts[1], Visibility::Review),
            1 => (accounts[2], Visibility::Draft),
            _ => (accounts[0], Visibility::Approved),
        };
        let draft = draft_of(pool, puzzle).await?;
        import(pool, author, draft, visibility).await?;
    }
    tracing::info!(users = DEMO_USERS.len(), puzzles = count, "demo data added");
    Ok(())
}

/// The puzzle with its Python solution (or the first solution whose language the
/// runner offers).
async fn draft_of(pool: &PgPool, puzzle: SeedPuzzle) -> anyhow::Result<PuzzleDraft> {
    let mut solution = (String::new(), None::<Id>);
    for (language, code) in puzzle.solutions.iter().filter(|(l, _)| *l == "python").chain(&puzzle.solutions) {
        if let Some(found) = languages::service::by_name(pool, language).await? {
            solution = (code.clone(), Some(found.id));
            break;
        }
    }
    Ok(PuzzleDraft {
        title: puzzle.title,
        statement: puzzle.statement,
        constraints: puzzle.constraints,
        difficulty: puzzle.difficulty,
        tags: puzzle.tags,
        tests: puzzle
            .tests
            .into_iter()
            .map(|t| TestDraft { id: None, input: t.input, output: t.output, is_public: t.public })
            .collect(),
        solution_code: solution.0,
        solution_language: solution.1,
    })
}

/// Adds `count` generated puzzles by the first demo user.
pub async fn bulk(pool: &PgPool, count: i32) -> anyhow::Result<()> {
    let author = sqlx::query_scalar!(r#"SELECT id AS "id: Id" FROM users ORDER BY created_at, id LIMIT 1"#)
        .fetch_optional(pool)
        .await?
        .context("seed the demo data first: bulk puzzles need an author")?;
    let made = generate_bulk(pool, author, count).await?;
    tracing::info!(puzzles = made, "generated puzzles added");
    Ok(())
}
