//! The defects an adversarial review found, each kept fixed: HTML injection through
//! titles, session fixation, NUL characters and bad bodies answered with 500, open
//! redirects after login, and hidden tests read back through receipts.

mod common;

use common::{PASSWORD, TestApp, body, language_id, new_client, published_sum_puzzle, spawn_app};
use reqwest::{Client, StatusCode, redirect::Policy};
use serde_json::{Value, json};
use sqlx::PgPool;

fn no_redirects() -> Client {
    Client::builder().redirect(Policy::none()).cookie_store(true).build().unwrap()
}

fn token(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("token="))
        .map(|c| c.split(';').next().unwrap().to_owned())
}

async fn me(app: &TestApp, cookie: &str) -> StatusCode {
    app.client.get(app.url("/api/v1/user/me")).header("cookie", cookie).send().await.unwrap().status()
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn titles_are_escaped_in_the_head(pool: PgPool) {
    let app = spawn_app(pool).await;
    let author = app.signed_up("mallory").await;
    let title = r#"Echo</title><meta http-equiv="refresh" content="0;url=https://evil.example">"#;
    let created = app.post_json(&author, "/api/v1/puzzle", json!({ "title": title })).await;
    assert_eq!(created.status(), 201);
    let id = body(created).await["_id"].as_str().unwrap().to_owned();
    for page in [format!("/puzzles/{id}"), format!("/puzzles/{id}/play")] {
        let response = author.get(app.url(&page)).send().await.unwrap();
        let policy = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
        let html = response.text().await.unwrap();
        assert!(!html.contains(r#"<meta http-equiv="refresh""#), "{page} lets markup into the head");
        assert!(
            html.contains("<title>Solve: Echo&lt;/title&gt;") || html.contains("<title>Echo&lt;/title&gt;")
        );
        assert!(policy.contains("img-src 'self' data:;") && policy.contains("base-uri 'none'"), "{policy}");
    }
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn every_login_issues_a_new_session_id(pool: PgPool) {
    let app = spawn_app(pool).await;
    app.signed_up("alice").await;
    app.signed_up("bob").await;
    // Whoever plants a session cookie in a browser must not end up signed in as the
    // next person to log in there: through the legacy API and the login form alike.
    for path in ["/api/v1/login", "/api/accounts/login"] {
        let planted = token(
            &app.post_json(
                &new_client(),
                "/api/v1/login",
                json!({ "identifier": "alice", "password": PASSWORD }),
            )
            .await,
        )
        .unwrap();
        let request = app.client.post(app.url(path)).header("cookie", &planted);
        let request = if path.starts_with("/api/v1") {
            request.json(&json!({ "identifier": "bob", "password": PASSWORD }))
        } else {
            request.form(&[("identifier", "bob"), ("password", PASSWORD)])
        };
        let login = request.send().await.unwrap();
        assert!(login.status().is_success() || login.status().is_redirection(), "{path}: {}", login.status());
        let fresh = token(&login).expect("a new session cookie");
        assert_ne!(fresh, planted, "{path} kept the planted session id");
        assert_eq!(
            me(&app, &planted).await,
            StatusCode::UNAUTHORIZED,
            "{path}: the planted id signs nobody in"
        );
        assert_eq!(me(&app, &fresh).await, StatusCode::OK);
    }
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn nul_characters_and_bad_bodies_are_client_errors(pool: PgPool) {
    let app = spawn_app(pool).await;
    let alice = app.signed_up("alice").await;
    let nul = "a\u{0}bcdefghijklmnopqrstuvwxyz";
    let legacy = [
        ("POST", "/api/v1/puzzle", json!({ "title": nul })),
        ("PATCH", "/api/v1/account/preferences", json!({ "preferredLanguage": nul })),
        (
            "POST",
            "/api/v1/report",
            json!({ "problematicIdentifier": "507f1f77bcf86cd799439011", "problemType": "user", "explanation": nul }),
        ),
        ("POST", "/api/v1/execute", json!({ "code": nul, "language": "python" })),
    ];
    for (method, path, sent) in legacy {
        let response =
            alice.request(method.parse().unwrap(), app.url(path)).json(&sent).send().await.unwrap();
        assert_eq!(response.status(), 400, "{method} {path}");
        assert_eq!(body(response).await["message"], "Text may not contain NUL characters");
    }
    let form = alice.post(app.url("/api/accounts/profile")).form(&[
        ("bio", nul),
        ("location", ""),
        ("picture", ""),
        ("socials", ""),
    ]);
    assert_eq!(form.send().await.unwrap().status(), 400, "server function forms");
    let search = alice.get(app.url("/api/v1/puzzle?page=1%00")).send().await.unwrap();
    assert_eq!(search.status(), 400, "query strings");

    // JSON server functions: bodies that do not decode say which field is wrong.
    for (path, sent) in [
        ("/api/puzzles/search", json!({})),
        ("/api/puzzles/preview", json!({ "markdown": 5 })),
        ("/api/puzzles/save", json!({ "id": "nope" })),
        ("/api/submissions/run", json!({ "puzzle": 1 })),
    ] {
        let response = new_client().post(app.url(path)).json(&sent).send().await.unwrap();
        assert_eq!(response.status(), 400, "{path}");
        let message = response.text().await.unwrap();
        assert!(message.contains("Invalid request"), "{path}: {message}");
    }
    let huge = "x".repeat(3 * 1024 * 1024);
    let response = new_client()
        .post(app.url("/api/puzzles/preview"))
        .json(&json!({ "markdown": huge }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn login_redirects_stay_on_this_site(pool: PgPool) {
    let app = spawn_app(pool).await;
    app.signed_up("alice").await;
    for (next, expected) in [
        ("/puzzles?page=2", "/puzzles?page=2"),
        ("/\t/evil.example", "/"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example", "/"),
    ] {
        let response = no_redirects()
            .post(app.url("/api/accounts/login"))
            .header("accept", "text/html")
            .form(&[("identifier", "alice"), ("password", PASSWORD), ("next", next)])
            .send()
            .await
            .unwrap();
        assert!(response.status().is_redirection(), "{next:?}: {}", response.status());
        assert_eq!(response.headers()["location"], expected, "{next:?}");
    }
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn hidden_tests_show_whether_they_passed_and_nothing_more(pool: PgPool) {
    let app = spawn_app(pool).await;
    let author = app.signed_up("alice").await;
    let moderator = app.moderator("mod").await;
    let puzzle = published_sum_puzzle(&app, &author, &moderator).await;
    let python = language_id(&app, "python").await;
    // A program whose memory grows with its input would read hidden inputs back.
    let code = "import sys\nline = input()\nblob = bytearray(int(line.split()[0]) * 1000000)\nprint(sum(map(int, line.split())))";
    let submitted = app
        .post_json(
            &author,
            "/api/v1/submission",
            json!({ "puzzleId": puzzle, "programmingLanguage": python, "code": code }),
        )
        .await;
    assert_eq!(submitted.status(), 201);
    let id: app::core::Id = body(submitted).await["_id"].as_str().unwrap().parse().unwrap();
    let receipt: Value = sqlx::query_scalar("SELECT details FROM submissions WHERE id = $1")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let tests = receipt["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 3);
    for test in tests.iter().filter(|t| t["isPublic"] == false) {
        for measure in ["wallMs", "cpuMs", "memoryBytes", "status", "details"] {
            assert!(test.get(measure).is_none(), "a hidden test reports its {measure}: {test}");
        }
        assert!(test["passed"].is_boolean());
    }
    let public = tests.iter().find(|t| t["isPublic"] == true).unwrap();
    assert!(public["wallMs"].is_u64());
    assert_eq!(receipt["hidden"]["total"], 2);
    assert!(receipt["hidden"]["wallMsMax"].is_u64());
}
