//! `server import-mongo`: the fixture dump (written by pymongo's BSON writer, see
//! tests/fixtures/mongo/make_dump.py) imported into a real database, then used over HTTP.

mod common;

use common::{new_client, spawn_app};
use serde_json::json;
use server::import::{Options, Report, run};
use sqlx::PgPool;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mongo/dump")
}

async fn import(pool: &PgPool, options: &Options) -> Report {
    run(pool, &fixture(), options).await.expect("the import runs")
}

/// The fixture's ObjectIds: 2024-03-01 12:00 UTC plus n seconds, then n.
fn oid(n: u64) -> app::core::Id {
    format!("{:08x}{n:016x}", 1_709_294_400 + n).parse().unwrap()
}

/// (collection, imported, already there, skipped) of each line of the report.
fn counts(report: &Report) -> Vec<(&str, u64, u64, u64)> {
    report.tallies.iter().map(|t| (t.collection, t.imported, t.present, t.skipped_total())).collect()
}

const FULL: &[(&str, u64, u64, u64)] = &[
    ("users", 3, 0, 2),
    ("userbans", 1, 0, 1),
    ("preferences", 1, 0, 1),
    ("programminglanguages", 2, 0, 0),
    ("puzzles", 3, 0, 2),
    ("games", 1, 0, 1),
    ("submissions", 3, 0, 1),
    ("game players", 2, 0, 1),
    ("chatmessages", 2, 0, 1),
    ("comments", 2, 0, 1),
    ("uservotes", 1, 0, 1),
    ("reports", 1, 0, 1),
];

/// Every row of every table the import writes, as text.
async fn snapshot(pool: &PgPool) -> Vec<String> {
    let mut rows = Vec::new();
    for table in [
        "users",
        "user_bans",
        "preferences",
        "programming_languages",
        "legacy_ids",
        "puzzles",
        "tests",
        "puzzle_metrics",
        "games",
        "game_players",
        "submissions",
        "chat_messages",
        "comments",
        "comment_votes",
        "reports",
    ] {
        let text: Vec<String> = sqlx::query_scalar(&format!("SELECT t::text FROM {table} t ORDER BY 1"))
            .fetch_all(pool)
            .await
            .unwrap();
        rows.extend(text.into_iter().map(|row| format!("{table}: {row}")));
    }
    rows
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn imported_users_sign_in_with_their_legacy_password_and_find_their_puzzles(pool: PgPool) {
    let app = spawn_app(pool).await;
    let report = import(&app.pool, &Options::default()).await;
    assert_eq!(counts(&report), FULL, "{report}");
    assert!(!report.stopped);
    assert_eq!(report.puzzle_metrics, 2);
    let users = report.tally("users").unwrap();
    assert_eq!(users.skipped.get("invalid username"), Some(&1), "{report}");
    assert_eq!(users.skipped.get("username or email already taken"), Some(&1), "{report}");
    assert_eq!(report.tally("puzzles").unwrap().skipped.get("dangling reference in author"), Some(&1));
    assert!(report.to_string().contains("skipped 1: invalid title"), "{report}");

    // The legacy bcrypt hash signs alice in, under her legacy id.
    let alice = new_client();
    let login = json!({ "identifier": "alice", "password": "my old mongo password" });
    let response = app.post_json(&alice, "/api/v1/login", login).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let me: serde_json::Value =
        alice.get(app.url("/api/v1/user/me")).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["userId"], oid(1).to_string());
    let wrong = json!({ "identifier": "alice", "password": "not her old password" });
    assert_eq!(app.post_json(&new_client(), "/api/v1/login", wrong).await.status(), 400);

    // The approved puzzles are in the catalogue, the draft is not.
    let catalogue: serde_json::Value = app.get("/api/v1/puzzle?pageSize=100").await.json().await.unwrap();
    let titles: Vec<&str> =
        catalogue["items"].as_array().unwrap().iter().map(|p| p["title"].as_str().unwrap()).collect();
    assert!(
        titles.contains(&"Sum of two numbers") && titles.contains(&"Reverse the legacy string"),
        "{titles:?}"
    );
    assert!(!titles.contains(&"A draft of Alice"));
    let page = app.get("/puzzles").await.text().await.unwrap();
    assert!(page.contains("Sum of two numbers"), "the catalogue page lists the imported puzzle");
    let puzzle: serde_json::Value =
        app.get(&format!("/api/v1/puzzle/{}", oid(100))).await.json().await.unwrap();
    assert_eq!(puzzle["validators"].as_array().map(Vec::len), Some(2), "{puzzle}");

    // The comment thread and its vote, on the puzzle.
    let thread = sqlx::query!(
        r#"SELECT c.body, c.comment_type::text AS "kind!", u.username,
                  (SELECT count(*) FROM comment_votes v WHERE v.comment_id = c.id) AS "votes!"
           FROM comments c JOIN users u ON u.id = c.author_id WHERE c.puzzle_id = $1 ORDER BY c.created_at"#,
        oid(100) as app::core::Id,
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let thread: Vec<_> =
        thread.iter().map(|c| (c.body.as_str(), c.kind.as_str(), c.username.as_str(), c.votes)).collect();
    assert_eq!(
        thread,
        [
            ("Nice legacy puzzle!", "puzzle-comment", "bob", 1),
            ("Thanks, Bob.", "comment-comment", "alice", 0)
        ]
    );

    // Dave's ban is his current one; the game has both players, each with their submission.
    let dave = sqlx::query_scalar!(
        r#"SELECT current_ban_id AS "ban: app::core::Id" FROM users WHERE id = $1"#,
        oid(4) as app::core::Id
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(dave, Some(oid(30)));
    let players = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM game_players WHERE game_id = $1 AND submission_id IS NOT NULL"#,
        oid(200) as app::core::Id
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(players, 2);

    // A second run finds everything there and changes nothing.
    let before = snapshot(&app.pool).await;
    let again = import(&app.pool, &Options::default()).await;
    assert_eq!(again.imported(), 0, "{again}");
    assert_eq!(again.puzzle_metrics, 0);
    for ((name, imported, _, skipped), tally) in FULL.iter().zip(&again.tallies) {
        assert_eq!(
            (tally.collection, tally.present, tally.skipped_total()),
            (*name, *imported, *skipped),
            "{again}"
        );
    }
    assert_eq!(snapshot(&app.pool).await, before);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn an_interrupted_import_resumes_where_it_stopped(pool: PgPool) {
    let first = import(&pool, &Options { batch_size: 2, limit: Some(9) }).await;
    assert!(first.stopped, "{first}");
    assert!(first.to_string().contains("run the import again"));
    assert_eq!(first.tally("users").map(|t| t.imported), Some(3));
    assert_eq!(first.puzzle_metrics, 0, "metrics wait for the whole import");

    let rest = import(&pool, &Options { batch_size: 2, limit: None }).await;
    assert!(!rest.stopped);
    assert_eq!(rest.puzzle_metrics, 2);
    for ((name, imported, _, skipped), (before, after)) in
        FULL.iter().zip(first.tallies.iter().zip(&rest.tallies))
    {
        assert_eq!(after.collection, *name);
        assert_eq!(before.imported + after.imported, *imported, "{name} over both runs:\n{first}\n{rest}");
        assert_eq!(after.skipped_total(), *skipped, "{rest}");
    }
    let submissions =
        sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM submissions"#).fetch_one(&pool).await.unwrap();
    assert_eq!(submissions, 3);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_truncated_file_keeps_the_documents_before_the_damage(pool: PgPool) {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixture().join("codincod")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let users = dir.path().join("users.bson");
    let bytes = std::fs::read(&users).unwrap();
    std::fs::write(&users, &bytes[..bytes.len() - 10]).unwrap();
    let report = run(&pool, dir.path(), &Options::default()).await.unwrap();
    let tally = report.tally("users").unwrap();
    assert_eq!(tally.read, 4, "{report}");
    assert!(tally.skipped.keys().any(|reason| reason.starts_with("unreadable")), "{report}");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_directory_without_a_dump_is_refused(pool: PgPool) {
    let empty = tempfile::tempdir().unwrap();
    let error = run(&pool, empty.path(), &Options::default()).await.unwrap_err();
    assert!(error.to_string().contains("holds no .bson or .json collection files"), "{error}");
}
