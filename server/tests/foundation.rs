//! The skeleton: migrations, health endpoints, pages, headers and origin checks.

mod common;

use common::{new_client, spawn_app};
use serde_json::{Value, json};
use sqlx::PgPool;

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn migrations_create_the_whole_data_model(pool: PgPool) {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    for table in [
        "api_keys",
        "audit_logs",
        "chat_messages",
        "comment_votes",
        "comments",
        "game_players",
        "games",
        "leaderboard_snapshots",
        "legacy_ids",
        "moderation_reviews",
        "preferences",
        "programming_languages",
        "puzzle_metrics",
        "puzzles",
        "reports",
        "submissions",
        "tests",
        "user_bans",
        "user_metrics",
        "users",
    ] {
        assert!(tables.contains(&table.to_string()), "missing table {table}");
    }
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn usernames_and_emails_are_unique_case_insensitively(pool: PgPool) {
    let insert = |id: app::core::Id, name: &'static str, email: &'static str| {
        sqlx::query("INSERT INTO users (id, username, email, password_hash) VALUES ($1, $2, $3, 'x')")
            .bind(id)
            .bind(name)
            .bind(email)
            .execute(&pool)
    };
    insert(app::core::Id::new(), "Alice", "alice@example.com").await.unwrap();
    let error = insert(app::core::Id::new(), "alice", "other@example.com").await.unwrap_err();
    assert!(matches!(app::core::AppError::from(error), app::core::AppError::Conflict(_)));
    let error = insert(app::core::Id::new(), "bob", "Alice@Example.com").await.unwrap_err();
    assert!(
        matches!(app::core::AppError::from(error), app::core::AppError::BadRequest(_)),
        "emails are stored lower-case"
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn ids_round_trip_through_postgres(pool: PgPool) {
    let id = app::core::Id::new();
    let back: app::core::Id =
        sqlx::query_scalar("SELECT $1::object_id").bind(id).fetch_one(&pool).await.unwrap();
    assert_eq!(back, id);
    let too_short = sqlx::query("SELECT '\\x0102'::bytea::object_id").execute(&pool).await;
    assert!(too_short.is_err(), "the object_id domain only holds 12 bytes");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn health_endpoints_answer(pool: PgPool) {
    let app = spawn_app(pool).await;

    let legacy = app.get("/api/v1/health").await;
    assert_eq!(legacy.status(), 200);
    assert_eq!(legacy.json::<Value>().await.unwrap(), json!({ "status": "OK" }));

    let trailing = app.get("/api/v1/health/").await;
    assert_eq!(trailing.status(), 200, "legacy clients may add a trailing slash");

    let healthz = app.get("/healthz").await;
    assert_eq!(healthz.status(), 200);
    assert_eq!(healthz.text().await.unwrap(), "ok");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn unknown_api_routes_use_the_legacy_404_body(pool: PgPool) {
    let app = spawn_app(pool).await;
    let response = app.get("/api/v1/nothing-here").await;
    assert_eq!(response.status(), 404);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({ "statusCode": 404, "error": "Not Found", "message": "Route GET:/api/v1/nothing-here not found" })
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn pages_render_on_the_server_with_security_headers(pool: PgPool) {
    let app = spawn_app(pool).await;
    let response = app.get("/").await;
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "strict-origin-when-cross-origin");
    assert!(headers.contains_key("x-request-id"));
    let html = response.text().await.unwrap();
    assert!(html.contains("Sharpen your code. Race your friends."));
    let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap();
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "the hydration script carries the nonce");

    let missing = app.get("/definitely/not/a/page").await;
    assert_eq!(missing.status(), 404);
    assert!(missing.text().await.unwrap().contains("This page does not exist"));
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn state_changing_requests_from_foreign_origins_are_refused(pool: PgPool) {
    let app = spawn_app(pool).await;
    let foreign = app
        .client
        .post(app.url("/api/v1/health"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 403);

    let legacy_frontend = app
        .client
        .post(app.url("/api/v1/nothing"))
        .header("origin", "http://localhost:5173")
        .send()
        .await
        .unwrap();
    assert_eq!(legacy_frontend.status(), 404, "the legacy frontend origin passes the check");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn cors_allows_only_the_legacy_frontend(pool: PgPool) {
    let app = spawn_app(pool).await;
    let preflight = |origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, app.url("/api/v1/health"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .send()
    };
    let allowed = preflight("http://localhost:5173").await.unwrap();
    assert_eq!(allowed.headers()["access-control-allow-origin"], "http://localhost:5173");
    assert_eq!(allowed.headers()["access-control-allow-credentials"], "true");
    // As in the legacy API, the allowed origin is always the configured one, never
    // the requester's, so browsers refuse other origins.
    let refused = preflight("https://evil.example").await.unwrap();
    assert_eq!(refused.headers()["access-control-allow-origin"], "http://localhost:5173");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn responses_are_compressed_when_asked(pool: PgPool) {
    let app = spawn_app(pool).await;
    let raw = new_client().get(app.url("/")).header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(raw.headers()["content-encoding"], "gzip");
}
