//! Running and judging code over real HTTP, PostgreSQL, the job queue and the
//! sandbox.

mod common;

use common::{TestApp, body, language_id, new_client, published_sum_puzzle, spawn_app};
use serde_json::{Value, json};
use sqlx::PgPool;

const SUM: &str = "print(sum(map(int, input().split())))";

/// Submits as the legacy frontend does: plain `fetch`, no Content-Type, the language
/// under `programmingLanguage`, and a `userId` that is not the caller's.
async fn legacy_submit(
    app: &TestApp,
    client: &reqwest::Client,
    puzzle: &str,
    language: &str,
    code: &str,
) -> reqwest::Response {
    let body = json!({ "puzzleId": puzzle, "programmingLanguage": language, "code": code, "userId": "507f1f77bcf86cd799439011" });
    client.post(app.url("/api/v1/submission")).body(body.to_string()).send().await.unwrap()
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_submission_is_judged_against_every_test(pool: PgPool) {
    let app = spawn_app(pool).await;
    let (alice, moderator, bob) =
        (app.signed_up("alice").await, app.moderator("mod").await, app.signed_up("bob").await);
    let puzzle = published_sum_puzzle(&app, &alice, &moderator).await;
    let python = language_id(&app, "python").await;

    let accepted = legacy_submit(&app, &bob, &puzzle, &python, SUM).await;
    assert_eq!(accepted.status(), 201);
    let accepted = body(accepted).await;
    assert_eq!(
        accepted["result"],
        json!({ "result": "success", "successRate": 1.0, "passed": 3, "failed": 0, "total": 3 })
    );
    assert_eq!(accepted["user"], json!(app.user_id("bob").await), "the session decides who submits");
    assert_eq!(accepted["_id"], accepted["submissionId"]);
    assert_eq!(accepted["programmingLanguage"], json!(python));
    assert_eq!(accepted["codeLength"], SUM.len());
    let id = accepted["_id"].as_str().unwrap().to_owned();

    let wrong = body(legacy_submit(&app, &bob, &puzzle, &python, "print(3)").await).await;
    assert_eq!(wrong["result"]["result"], "error");
    assert_eq!(wrong["result"]["passed"], 1);
    assert!((wrong["result"]["successRate"].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-9);

    let own = body(bob.get(app.url(&format!("/api/v1/submission/{id}"))).send().await.unwrap()).await;
    assert_eq!(own["code"], SUM);
    assert_eq!(own["programmingLanguage"]["language"], "python");
    assert_eq!(own["result"], json!({ "result": "success", "successRate": 1.0 }));
    let others = alice.get(app.url(&format!("/api/v1/submission/{id}"))).send().await.unwrap();
    assert_eq!(others.status(), 403, "nobody else reads the code");
    assert_eq!(
        moderator.get(app.url(&format!("/api/v1/submission/{id}"))).send().await.unwrap().status(),
        200
    );
    assert_eq!(
        new_client().get(app.url(&format!("/api/v1/submission/{id}"))).send().await.unwrap().status(),
        401
    );
    let missing = bob.get(app.url("/api/v1/submission/507f1f77bcf86cd799439011")).send().await.unwrap();
    assert_eq!(missing.status(), 400);
    assert_eq!(body(missing).await, json!({ "error": "Submission not found" }));

    // The receipt: runtime, limits and each test; hidden tests show no data.
    let stored: (Value, i32, i32) =
        sqlx::query_as("SELECT details, tests_done, tests_total FROM submissions WHERE id = $1")
            .bind(id.parse::<app::core::Id>().unwrap())
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let receipt = stored.0;
    assert_eq!((stored.1, stored.2), (3, 3));
    assert_eq!(receipt["runner"], "sandbox");
    assert_eq!(receipt["language"], "python");
    assert_eq!(receipt["limits"]["wallMs"], 3000);
    assert_eq!(receipt["tests"].as_array().unwrap().len(), 3);
    assert!(receipt["tests"][0]["details"]["stdout"].is_string());
    assert!(receipt["tests"][1].get("details").is_none() && receipt["tests"][2].get("details").is_none());
    assert!(receipt["tests"][0]["wallMs"].as_u64().unwrap() > 0);

    let metrics: (i64, i64, i64) =
        sqlx::query_as("SELECT attempts, successes, solvers FROM puzzle_metrics WHERE puzzle_id = $1")
            .bind(puzzle.parse::<app::core::Id>().unwrap())
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(metrics, (2, 1, 1));

    let activity = body(app.get("/api/v1/user/bob/activity").await).await;
    assert_eq!(activity["message"], "User activity found");
    assert_eq!(activity["activity"]["submissions"].as_array().unwrap().len(), 2);
    assert!(activity["activity"]["submissions"][0].get("code").is_none());
    assert_eq!(
        body(app.get("/api/v1/user/alice/activity").await).await["activity"]["puzzles"][0]["_id"],
        json!(puzzle)
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_compile_error_is_a_verdict_not_a_failure(pool: PgPool) {
    let app = spawn_app(pool).await;
    let (alice, moderator) = (app.signed_up("alice").await, app.moderator("mod").await);
    let puzzle = published_sum_puzzle(&app, &alice, &moderator).await;
    let c = language_id(&app, "c").await;
    let judged = legacy_submit(&app, &alice, &puzzle, &c, "int main(void) { return 0 }").await;
    assert_eq!(judged.status(), 201);
    let judged = body(judged).await;
    assert_eq!(judged["result"]["result"], "error");
    assert_eq!(judged["result"]["passed"], 0);
    let details: Value = sqlx::query_scalar("SELECT details FROM submissions WHERE id = $1")
        .bind(judged["_id"].as_str().unwrap().parse::<app::core::Id>().unwrap())
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(details["compile"]["status"], "compile_error");
    assert!(details["compile"]["stderr"].as_str().unwrap().contains("error"), "{details}");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn bad_submissions_are_refused(pool: PgPool) {
    let app = spawn_app(pool).await;
    let (alice, moderator, bob) =
        (app.signed_up("alice").await, app.moderator("mod").await, app.signed_up("bob").await);
    let puzzle = published_sum_puzzle(&app, &alice, &moderator).await;
    let python = language_id(&app, "python").await;
    let unknown = "507f1f77bcf86cd799439011";
    let cases = [
        (json!({ "puzzleId": puzzle, "programmingLanguage": unknown, "code": SUM }), 400),
        (json!({ "puzzleId": puzzle, "programmingLanguage": python, "code": "" }), 400),
        (json!({ "puzzleId": puzzle, "programmingLanguage": python, "code": "x".repeat(65 * 1024) }), 400),
        (json!({ "puzzleId": "nope", "programmingLanguage": python, "code": SUM }), 400),
        (json!({ "programmingLanguage": python, "code": SUM }), 400),
        (json!({ "puzzleId": unknown, "programmingLanguage": python, "code": SUM }), 404),
    ];
    for (request, status) in cases {
        let response = bob.post(app.url("/api/v1/submission")).json(&request).send().await.unwrap();
        assert_eq!(response.status(), status, "{request}");
    }
    assert_eq!(legacy_submit(&app, &new_client(), &puzzle, &python, SUM).await.status(), 401);

    let draft =
        body(app.post_json(&alice, "/api/v1/puzzle", json!({ "title": "A private draft" })).await).await;
    let draft = draft["_id"].as_str().unwrap();
    assert_eq!(legacy_submit(&app, &bob, draft, &python, SUM).await.status(), 404, "another user's draft");
    let empty = legacy_submit(&app, &alice, draft, &python, SUM).await;
    assert_eq!(empty.status(), 400, "a puzzle without tests cannot be judged");

    let stored: i64 =
        sqlx::query_scalar("SELECT count(*) FROM submissions").fetch_one(&app.pool).await.unwrap();
    assert_eq!(stored, 0);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn execute_runs_code_once(pool: PgPool) {
    let app = spawn_app(pool).await;
    let alice = app.signed_up("alice").await;
    let run = |body: Value| alice.post(app.url("/api/v1/execute")).body(body.to_string()).send();

    let passed = body(run(json!({ "code": "print(input()[::-1])", "language": "python", "testInput": "abc", "testOutput": "cba" })).await.unwrap()).await;
    assert_eq!(
        passed["run"],
        json!({ "stdout": "cba\n", "stderr": "", "output": "cba\n", "code": 0, "signal": null })
    );
    assert_eq!(
        passed["puzzleResultInformation"],
        json!({ "result": "success", "successRate": 1.0, "passed": 1, "failed": 0, "total": 1 })
    );
    assert!(passed.get("compile").is_none());

    let compiled =
        body(run(json!({ "code": "int main(void) { return 0 }", "language": "c" })).await.unwrap()).await;
    assert_eq!(compiled["puzzleResultInformation"]["result"], "error");
    assert_ne!(compiled["compile"]["code"], 0);
    assert_eq!(compiled["run"], compiled["compile"], "a failed compile stands in for the run");

    let unsupported = run(json!({ "code": "+", "language": "brainfuck" })).await.unwrap();
    assert_eq!(unsupported.status(), 400);
    assert!(body(unsupported).await["message"].as_str().unwrap().contains("don't support"));
    let empty = run(json!({ "code": "", "language": "python" })).await.unwrap();
    assert_eq!(empty.status(), 400);
    assert_eq!(body(empty).await["error"], "Validation Error");
    let anonymous = new_client()
        .post(app.url("/api/v1/execute"))
        .json(&json!({ "code": "print(1)", "language": "python" }))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn hostile_code_leaves_the_server_serving(pool: PgPool) {
    let app = spawn_app(pool).await;
    let alice = app.signed_up("alice").await;
    for code in ["while True: pass", "import os\nwhile True:\n    os.fork()", "b = bytearray(4 * 1024 ** 3)"]
    {
        let response = alice
            .post(app.url("/api/v1/execute"))
            .json(&json!({ "code": code, "language": "python", "testOutput": "never" }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{code}");
        assert_eq!(body(response).await["puzzleResultInformation"]["result"], "error");
        assert_eq!(app.get("/healthz").await.status(), 200, "still serving after {code}");
    }
}

/// The job was queued while no server ran: the next server judges it.
#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_submission_queued_before_a_restart_is_judged_after(pool: PgPool) {
    server::database::migrate(&pool).await.unwrap();
    let (puzzle, language, user) = seed_puzzle(&pool).await;
    let id = queue_submission(&pool, puzzle, language, user).await;

    let app = spawn_app(pool).await;
    assert_judged(&app, id).await;
}

/// A server died while judging: its job is handed out again when a server starts.
#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_submission_interrupted_mid_judging_is_judged_after_a_restart(pool: PgPool) {
    server::database::migrate(&pool).await.unwrap();
    let (puzzle, language, user) = seed_puzzle(&pool).await;
    let id = queue_submission(&pool, puzzle, language, user).await;
    // The dead server had taken the job and judged one test before it died.
    sqlx::query(
        "INSERT INTO apalis.workers (id, worker_type, storage_name, last_seen)
         VALUES ('judge-dead', 'codincod::judge', 'PostgresStorage', now() - interval '10 minutes')",
    )
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("UPDATE apalis.jobs SET status = 'Running', lock_by = 'judge-dead', lock_at = now() - interval '10 minutes'")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("UPDATE submissions SET status = 'judging', tests_done = 1, tests_passed = 1 WHERE id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();

    let app = spawn_app(pool).await;
    assert_judged(&app, id).await;
}

/// A published puzzle with tests, a language and a user, straight in the database.
async fn seed_puzzle(pool: &PgPool) -> (app::core::Id, app::core::Id, app::core::Id) {
    use app::puzzles::{Difficulty, PuzzleDraft, TestDraft, Visibility, service::authoring};
    let runner = common::shared_runner().await;
    let languages = app::languages::service::refresh(pool, runner.as_ref()).await.unwrap();
    let python = languages.iter().find(|l| l.language == "python").unwrap().id;
    let form = app::accounts::service::credentials::Registration {
        username: "alice".into(),
        email: "alice@example.com".into(),
        password: common::PASSWORD.into(),
    };
    let user = app::accounts::service::credentials::create_account(pool, form).await.unwrap().user.id;
    let test = |input: &str, output: &str, is_public| TestDraft {
        id: None,
        input: input.into(),
        output: output.into(),
        is_public,
    };
    let draft = PuzzleDraft {
        title: "Sum of numbers".into(),
        statement: "Add them".into(),
        constraints: String::new(),
        difficulty: Difficulty::Beginner,
        tags: vec![],
        tests: vec![test("1 2", "3", true), test("2 2", "4", false)],
        solution_code: SUM.into(),
        solution_language: Some(python),
    };
    let puzzle = authoring::import(pool, user, draft, Visibility::Approved).await.unwrap();
    (puzzle, python, user)
}

async fn queue_submission(
    pool: &PgPool,
    puzzle: app::core::Id,
    language: app::core::Id,
    user: app::core::Id,
) -> app::core::Id {
    let config = common::test_config();
    let options = server::serve::leptos_options(&config);
    let state = app::state::AppState::new(pool.clone(), config, options, common::shared_runner().await);
    let account = app::accounts::auth::account(pool, user).await.unwrap().unwrap();
    let caller = app::accounts::Caller::local(account);
    app::submissions::service::submitting::submit(&state, &caller, puzzle, language, SUM).await.unwrap()
}

async fn assert_judged(app: &TestApp, id: app::core::Id) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let (status, result, passed, total): (String, Option<String>, i32, i32) = sqlx::query_as(
            "SELECT status::text, result::text, tests_passed, tests_total FROM submissions WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
        if status == "judged" || std::time::Instant::now() > deadline {
            assert_eq!(status, "judged");
            assert_eq!(result.as_deref(), Some("success"));
            assert_eq!((passed, total), (2, 2));
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
