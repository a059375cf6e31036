//! `server seed`: demo content for a fresh database, so a first run has something
//! to browse and play. Does nothing when the database already has users.

use app::accounts::{
    Role,
    service::{
        credentials::{Registration, create_account},
        users::set_role,
    },
};
use app::core::Id;
use sqlx::PgPool;

/// Every demo account has this password (shown by `.ci/start`).
pub const DEMO_PASSWORD: &str = "codincod-demo-password";
/// The demo accounts; the first is a moderator.
pub const DEMO_USERS: [&str; 3] = ["alice", "bob", "carol"];

pub async fn run(pool: &PgPool) -> anyhow::Result<()> {
    let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users").fetch_one(pool).await?;
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
        accounts.push(create_account(pool, form).await?);
    }
    set_role(pool, DEMO_USERS[0], Role::Moderator).await?;

    let author = accounts[0].id;
    for (title, difficulty) in [
        ("Sum of two numbers", "beginner"),
        ("Reverse the words", "beginner"),
        ("Longest increasing run", "intermediate"),
    ] {
        sqlx::query(
            "INSERT INTO puzzles (id, author_id, title, difficulty, visibility)
             VALUES ($1, $2, $3, $4::puzzle_difficulty, 'approved')",
        )
        .bind(Id::new())
        .bind(author)
        .bind(title)
        .bind(difficulty)
        .execute(pool)
        .await?;
    }
    tracing::info!("demo data added");
    Ok(())
}
