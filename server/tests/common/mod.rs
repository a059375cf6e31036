//! A real server on a random port, over a per-test database from `#[sqlx::test]`.

#![allow(dead_code)] // each test binary uses a different part of this module

use app::execution::runner::CodeRunner;
use app::{
    core::config::{Config, LogFormat, RateLimitMode},
    state::AppState,
};
use sqlx::{PgPool, postgres::PgPoolOptions};
use std::sync::Arc;
use tokio::{net::TcpListener, sync::OnceCell};

pub struct TestApp {
    pub base: String,
    pub pool: PgPool,
    pub client: reqwest::Client,
    server: tokio::task::JoinHandle<anyhow::Result<()>>,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Stops the server, as a crash would: its sockets drop, its state stays in the database.
    pub fn stop(&self) {
        self.server.abort();
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request failed")
    }
}

pub fn test_config() -> Config {
    Config {
        database_url: String::new(),
        database_max_connections: 5,
        bind_addr: "127.0.0.1:0".parse().unwrap(),
        public_origin: "http://127.0.0.1".into(),
        frontend_url: "http://localhost:5173".into(),
        piston_url: None,
        sandbox_concurrency: None,
        sandbox_uid_base: 990_000,
        cookie_secure: false,
        cookie_domain: None,
        trust_proxy: false,
        rate_limits: RateLimitMode::Normal,
        log_level: "warn".into(),
        log_format: LogFormat::Text,
        metrics_addr: None,
        metrics_token: None,
    }
}

/// One sandbox for the whole test binary: jails take host uids from a fixed range,
/// so two sandboxes in one process would share them.
pub async fn shared_runner() -> Arc<dyn CodeRunner> {
    static RUNNER: OnceCell<Arc<dyn CodeRunner>> = OnceCell::const_new();
    RUNNER.get_or_init(|| async { app::execution::runner_from_config(&test_config()).await }).await.clone()
}

pub async fn spawn_app(pool: PgPool) -> TestApp {
    spawn_app_with(pool, test_config()).await
}

pub async fn spawn_app_with(test_pool: PgPool, mut config: Config) -> TestApp {
    // The server gets connections of its own: a #[sqlx::test] pool holds at most 5, taken
    // from 20 shared by every running test, and the hub and job queue keep some for LISTEN,
    // so under load a page could wait past the client's timeout for one.
    let pool = PgPoolOptions::new()
        .max_connections(10)
        .connect_with((*test_pool.connect_options()).clone())
        .await
        .expect("the test database accepts connections");
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    config.bind_addr = addr;
    config.public_origin = format!("http://{addr}");
    let options = server::serve::leptos_options(&config);
    server::database::migrate(&pool).await.expect("migrations apply");
    let runner = shared_runner().await;
    server::serve::refresh_languages(&pool, runner.as_ref()).await;
    let state = AppState::new(pool.clone(), config, options, runner);
    let server = tokio::spawn(server::serve::serve(listener, state));
    TestApp { base: format!("http://{addr}"), pool, client: new_client(), server }
}

pub const PASSWORD: &str = "a sufficiently long password";

/// A client with its own cookie jar.
pub fn new_client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).timeout(std::time::Duration::from_secs(20)).build().unwrap()
}

impl TestApp {
    pub async fn post_json(
        &self,
        client: &reqwest::Client,
        path: &str,
        body: serde_json::Value,
    ) -> reqwest::Response {
        client.post(self.url(path)).json(&body).send().await.expect("request failed")
    }

    /// Registers `username` and returns a client signed in as them.
    pub async fn signed_up(&self, username: &str) -> reqwest::Client {
        let client = new_client();
        let response = self
            .post_json(
                &client,
                "/api/v1/register",
                serde_json::json!({ "username": username, "email": format!("{username}@example.com"), "password": PASSWORD }),
            )
            .await;
        assert_eq!(response.status(), 200, "registering {username}: {}", response.text().await.unwrap());
        client
    }

    /// Registers `username` and makes them a moderator.
    pub async fn moderator(&self, username: &str) -> reqwest::Client {
        let client = self.signed_up(username).await;
        app::accounts::service::users::set_role(&self.pool, username, app::accounts::Role::Moderator)
            .await
            .unwrap();
        client
    }

    /// `username` acting outside a request (as operator commands and jobs do).
    pub async fn caller(&self, username: &str) -> app::accounts::Caller {
        let id = self.user_id(username).await;
        let account = app::accounts::auth::account(&self.pool, id).await.unwrap().expect("the user exists");
        app::accounts::Caller::local(account)
    }

    pub async fn user_id(&self, username: &str) -> app::core::Id {
        sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
            .bind(username)
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }
}

/// Reads a JSON body.
pub async fn body(response: reqwest::Response) -> serde_json::Value {
    response.json().await.unwrap()
}

/// The id of the runner's language called `name`.
pub async fn language_id(app: &TestApp, name: &str) -> String {
    let languages = body(app.get("/api/v1/programming-language").await).await;
    languages["languages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["language"] == name)
        .unwrap_or_else(|| panic!("the runner offers no {name}"))["_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A "sum the numbers" puzzle with one public example and two hidden tests, written
/// by `author` and submitted for review; returns its id.
pub async fn submitted_sum_puzzle(app: &TestApp, author: &reqwest::Client, title: &str) -> String {
    let created = app.post_json(author, "/api/v1/puzzle", serde_json::json!({ "title": title })).await;
    let id = body(created).await["_id"].as_str().unwrap().to_owned();
    let python = language_id(app, "python").await;
    let url = app.url(&format!("/api/v1/puzzle/{id}"));
    let update = author
        .put(&url)
        .json(&serde_json::json!({
            "statement": "Print the sum of the numbers on the line.",
            "validators": [
                { "input": "1 2", "output": "3", "isPublic": true },
                { "input": "40 2", "output": "42", "isPublic": false },
                { "input": "7 0", "output": "7", "isPublic": false },
            ],
            "solution": { "code": "print(sum(map(int, input().split())))", "programmingLanguage": python },
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(update.status(), 200);
    for to in ["ready", "review"] {
        let moved = author.put(&url).json(&serde_json::json!({ "visibility": to })).send().await.unwrap();
        assert_eq!(moved.status(), 200, "moving to {to}");
    }
    id
}

/// A published "sum the numbers" puzzle, written by `author` and approved by
/// `moderator`; returns its id.
pub async fn published_sum_puzzle(
    app: &TestApp,
    author: &reqwest::Client,
    moderator: &reqwest::Client,
) -> String {
    let id = submitted_sum_puzzle(app, author, "Sum of numbers").await;
    let url = app.url(&format!("/api/v1/puzzle/{id}"));
    let moved =
        moderator.put(&url).json(&serde_json::json!({ "visibility": "approved" })).send().await.unwrap();
    assert_eq!(moved.status(), 200, "moving to approved");
    id
}

/// Logs `username` in and returns their session cookie, `token=...`.
pub async fn session_cookie(app: &TestApp, username: &str) -> String {
    let response = app
        .post_json(
            &new_client(),
            "/api/v1/login",
            serde_json::json!({ "identifier": username, "password": PASSWORD }),
        )
        .await;
    assert_eq!(response.status(), 200);
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}

/// A server function called with a form, as a page without JavaScript would
/// (`endpoint` is its path under `/api/`).
pub async fn call(
    app: &TestApp,
    client: &reqwest::Client,
    endpoint: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    client
        .post(app.url(&format!("/api/{endpoint}")))
        .header("accept", "application/json")
        .form(form)
        .send()
        .await
        .unwrap()
}

/// An explanation long enough for a report.
pub const EXPLANATION: &str = "This is offensive and breaks the rules of the site.";

/// `reporter` reports `target` of `kind` through the legacy API; returns the report's id.
pub async fn report(app: &TestApp, reporter: &reqwest::Client, kind: &str, target: &str) -> String {
    let sent = serde_json::json!({ "problematicIdentifier": target, "problemType": kind, "explanation": EXPLANATION });
    let response = app.post_json(reporter, "/api/v1/report", sent).await;
    assert_eq!(response.status(), 201);
    body(response).await["_id"].as_str().unwrap().to_owned()
}
