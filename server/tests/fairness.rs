//! Sharing the sandbox between users: one user's heavy work waits behind other users' turns,
//! a user over their share is told when to retry, one request's work is bounded, and author
//! checks count in the user's runs. Needs root, bubblewrap and python3, like the sandbox.

mod common;

use app::{
    core::Id,
    puzzles::{Difficulty, PuzzleDraft, TestDraft, Visibility, service::authoring},
};
use common::{TestApp, body, spawn_app};
use serde_json::{Value, json};
use sqlx::PgPool;
use std::time::{Duration, Instant};

const ECHO: &str = "print(input())";

/// A draft by `author` with `tests` tests (the first public) and `solution` as its solution.
async fn draft(app: &TestApp, author: Id, tests: usize, solution: &str) -> Id {
    let runner = common::shared_runner().await;
    let languages = app::languages::service::refresh(&app.pool, runner.as_ref()).await.unwrap();
    let python = languages.iter().find(|l| l.language == "python").unwrap().id;
    let tests = (0..tests)
        .map(|i| TestDraft { id: None, input: i.to_string(), output: i.to_string(), is_public: i == 0 })
        .collect();
    let draft = PuzzleDraft {
        title: "Echo".into(),
        statement: "Print the input.".into(),
        constraints: String::new(),
        difficulty: Difficulty::Beginner,
        tags: vec![],
        tests,
        solution_code: solution.into(),
        solution_language: Some(python),
    };
    authoring::import(&app.pool, author, draft, Visibility::Draft).await.unwrap()
}

async fn move_to(client: &reqwest::Client, app: &TestApp, puzzle: Id, to: &str) -> reqwest::Response {
    client
        .put(app.url(&format!("/api/v1/puzzle/{puzzle}")))
        .json(&json!({ "visibility": to }))
        .send()
        .await
        .unwrap()
}

fn execute(client: &reqwest::Client, app: &TestApp, code: &str) -> reqwest::RequestBuilder {
    let run = json!({ "code": code, "language": "python", "testInput": "hi", "testOutput": "hi" });
    client.post(app.url("/api/v1/execute")).json(&run)
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_user_saturating_the_sandbox_waits_alone_and_is_told_when_to_retry(pool: PgPool) {
    let app = spawn_app(pool).await;
    let alice = app.signed_up("alice").await;
    let bob = app.signed_up("bob").await;
    let alice_id = app.user_id("alice").await;
    // Fifty tests of two CPU seconds each: close to a minute of both cores.
    let heavy = draft(&app, alice_id, 50, "while True: pass").await;
    let check = tokio::spawn({
        let (alice, url) = (alice.clone(), app.url(&format!("/api/v1/puzzle/{heavy}")));
        async move { alice.put(url).json(&json!({ "visibility": "ready" })).send().await }
    });
    let runner = common::shared_runner().await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while runner.backlog(alice_id).mine < 40 {
        assert!(Instant::now() < deadline, "the author check never queued");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let started = Instant::now();
    let trivial = execute(&bob, &app, ECHO).send().await.unwrap();
    let waited = started.elapsed();
    assert_eq!(trivial.status(), 200);
    assert_eq!(body(trivial).await["puzzleResultInformation"]["result"], "success");
    assert!(waited < Duration::from_secs(4), "the second user waited {waited:?} behind the first");

    let refused = execute(&alice, &app, ECHO).send().await.unwrap();
    assert_eq!(refused.status(), 429);
    let retry_after: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry_after >= 1, "{retry_after}");
    let message = body(refused).await["message"].as_str().unwrap().to_owned();
    assert!(message.contains("busy, try again in"), "{message}");

    // Dropping the request ends its jails: the sandbox is free for everyone again.
    check.abort();
    let deadline = Instant::now() + Duration::from_secs(10);
    while runner.backlog(alice_id).mine > 0 {
        assert!(Instant::now() < deadline, "the dropped check kept its jails");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_request_for_more_tests_than_one_run_may_have_is_refused(pool: PgPool) {
    let app = spawn_app(pool).await;
    let alice = app.signed_up("alice").await;
    let puzzle = draft(&app, app.user_id("alice").await, 50, ECHO).await;
    // One more than a puzzle may have, as an old import could carry.
    sqlx::query("INSERT INTO tests (id, puzzle_id, position, input, output) VALUES ($1, $2, 50, '50', '50')")
        .bind(Id::new())
        .bind(puzzle)
        .execute(&app.pool)
        .await
        .unwrap();
    let refused = move_to(&alice, &app, puzzle, "ready").await;
    assert_eq!(refused.status(), 400);
    let message: Value = body(refused).await;
    assert!(message["message"].as_str().unwrap().contains("at most 50 tests"), "{message}");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn author_checks_count_in_the_users_runs(pool: PgPool) {
    let app = spawn_app(pool).await;
    let alice = app.signed_up("alice").await;
    let puzzle = draft(&app, app.user_id("alice").await, 50, ECHO).await;
    // Each move to ready runs the solution on all 50 tests: two fit in a minute's budget.
    for _ in 0..2 {
        assert_eq!(move_to(&alice, &app, puzzle, "ready").await.status(), 200);
        assert_eq!(move_to(&alice, &app, puzzle, "draft").await.status(), 200);
    }
    let refused = move_to(&alice, &app, puzzle, "ready").await;
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key("retry-after"));
    let message = body(refused).await["message"].as_str().unwrap().to_owned();
    assert!(message.starts_with("Rate limit exceeded"), "{message}");
}
