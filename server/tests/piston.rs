//! The Piston adapter against a fake Piston server (the one fake allowed: the real
//! service cannot run here).

use app::execution::{
    Limits, StageStatus,
    piston::Piston,
    runner::{CodeRunner, Program, RunnerError},
};
use axum::{
    Json, Router,
    extract::State,
    http::StatusCode,
    response::IntoResponse,
    routing::{get, post},
};
use serde_json::{Value, json};
use std::{
    sync::{Arc, Mutex},
    time::Duration,
};
use tokio::net::TcpListener;

#[derive(Clone, Default)]
struct Fake {
    runtimes_calls: Arc<Mutex<usize>>,
    executions: Arc<Mutex<Vec<Value>>>,
}

async fn runtimes(State(fake): State<Fake>) -> Json<Value> {
    *fake.runtimes_calls.lock().unwrap() += 1;
    Json(json!([
        { "language": "python", "version": "3.12.0", "aliases": ["py", "python3"] },
        { "language": "c", "version": "10.2.0", "aliases": ["gcc"], "runtime": "gcc" },
        { "language": "ghost", "version": "1.0.0", "aliases": [] },
        { "language": "slow", "version": "1.0.0", "aliases": [] },
        { "language": "broken", "version": "1.0.0", "aliases": [] },
        { "language": "loop", "version": "1.0.0", "aliases": [] },
    ]))
}

fn stage(stdout: &str, stderr: &str, code: Option<i32>) -> Value {
    json!({ "stdout": stdout, "stderr": stderr, "output": format!("{stdout}{stderr}"), "code": code, "signal": null })
}

async fn execute(State(fake): State<Fake>, Json(request): Json<Value>) -> axum::response::Response {
    fake.executions.lock().unwrap().push(request.clone());
    let stdin = request["stdin"].as_str().unwrap_or_default();
    match request["language"].as_str().unwrap_or_default() {
        "python" => Json(json!({ "language": "python", "version": "3.12.0", "run": stage(&stdin.to_uppercase(), "", Some(0)) })).into_response(),
        "c" => {
            let failed = stage("", "main.c:1: error: expected ';'", Some(1));
            Json(json!({ "language": "c", "version": "10.2.0", "compile": failed, "run": failed })).into_response()
        }
        "ghost" => (StatusCode::BAD_REQUEST, Json(json!({ "message": "ghost-1.0.0 runtime is unknown" }))).into_response(),
        "slow" => {
            tokio::time::sleep(Duration::from_secs(10)).await;
            Json(json!({})).into_response()
        }
        "loop" => {
            let mut run = stage("", "", None);
            run["signal"] = json!("SIGKILL");
            run["status"] = json!("TO");
            Json(json!({ "language": "loop", "version": "1.0.0", "run": run })).into_response()
        }
        _ => (StatusCode::INTERNAL_SERVER_ERROR, "oops").into_response(),
    }
}

async fn fake_piston() -> (String, Fake) {
    let fake = Fake::default();
    let router = Router::new()
        .route("/api/v2/runtimes", get(runtimes))
        .route("/api/v2/execute", post(execute))
        .with_state(fake.clone());
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    (url, fake)
}

/// Short limits, so that the slow case times out quickly.
fn piston(url: &str) -> Piston {
    let compile = Limits { wall: Duration::from_millis(500), ..Limits::compile_default() };
    Piston::new(url, compile)
}

fn program(language: &str) -> Program {
    Program { owner: app::core::Id::new(), language: language.into(), code: "code".into() }
}

async fn run(
    piston: &Piston,
    language: &str,
    inputs: &[&str],
) -> Result<app::execution::runner::BatchOutcome, RunnerError> {
    let inputs: Vec<String> = inputs.iter().map(|s| (*s).to_owned()).collect();
    let limits = Limits { wall: Duration::from_millis(500), ..Limits::run_default() };
    piston.run_batch(&program(language), &inputs, &limits, &|_, _| {}).await
}

#[tokio::test]
async fn runs_every_input_with_explicit_limits() {
    let (url, fake) = fake_piston().await;
    let piston = piston(&url);
    let outcome = run(&piston, "py", &["ab", "cd", "ef"]).await.unwrap();
    assert_eq!(outcome.runtime.language, "python", "found by alias");
    let outputs: Vec<&str> = outcome.runs.iter().map(|r| r.stdout.as_str()).collect();
    assert_eq!(outputs, ["AB", "CD", "EF"], "in input order");
    assert!(outcome.runs.iter().all(|r| r.status == StageStatus::Ok));

    let executions = fake.executions.lock().unwrap().clone();
    assert_eq!(executions.len(), 3);
    let request = &executions[0];
    assert_eq!(request["version"], "3.12.0");
    assert_eq!(request["files"], json!([{ "content": "code" }]));
    assert_eq!(request["run_timeout"], 500);
    assert_eq!(request["compile_timeout"], 500);
    assert_eq!(request["run_cpu_time"], 2000);
    assert_eq!(request["run_memory_limit"], 256 * 1024 * 1024);
    assert_eq!(request["compile_memory_limit"], 1024 * 1024 * 1024);
}

#[tokio::test]
async fn runtimes_are_cached() {
    let (url, fake) = fake_piston().await;
    let piston = piston(&url);
    for _ in 0..3 {
        run(&piston, "python", &["x"]).await.unwrap();
    }
    assert_eq!(piston.runtimes().await.unwrap().len(), 6);
    assert_eq!(*fake.runtimes_calls.lock().unwrap(), 1);
}

#[tokio::test]
async fn a_compile_error_stops_the_batch() {
    let (url, fake) = fake_piston().await;
    let outcome = run(&piston(&url), "c", &["1", "2", "3"]).await.unwrap();
    let compile = outcome.compile.unwrap();
    assert_eq!(compile.status, StageStatus::CompileError);
    assert!(compile.stderr.contains("expected ';'"));
    assert!(outcome.runs.is_empty());
    assert_eq!(fake.executions.lock().unwrap().len(), 1, "no run after a failed compile");
}

#[tokio::test]
async fn piston_statuses_become_ours() {
    let (url, _) = fake_piston().await;
    let outcome = run(&piston(&url), "loop", &["x"]).await.unwrap();
    assert_eq!(outcome.runs[0].status, StageStatus::TimeLimit);
    assert_eq!(outcome.runs[0].signal.as_deref(), Some("SIGKILL"));
}

#[tokio::test]
async fn errors_are_mapped() {
    let (url, _) = fake_piston().await;
    let piston = piston(&url);
    assert!(
        matches!(run(&piston, "cobol", &["x"]).await, Err(RunnerError::UnknownLanguage(l)) if l == "cobol")
    );
    assert!(matches!(run(&piston, "ghost", &["x"]).await, Err(RunnerError::UnknownLanguage(_))));
    assert!(matches!(run(&piston, "broken", &["x"]).await, Err(RunnerError::Failed(_))));

    let started = std::time::Instant::now();
    let slow = run(&piston, "slow", &["x"]).await;
    assert!(
        matches!(&slow, Err(RunnerError::Unavailable(m)) if m.contains("did not answer in time")),
        "{slow:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(8), "never hangs");

    let down = Piston::new("http://127.0.0.1:9", Limits::compile_default());
    assert!(matches!(down.runtimes().await, Err(RunnerError::Unavailable(m)) if m.contains("unreachable")));
    let error: app::core::AppError = RunnerError::Unavailable("down".into()).into();
    assert_eq!(error.status(), 503);
    let error: app::core::AppError = RunnerError::UnknownLanguage("cobol".into()).into();
    assert_eq!(error.status(), 400);
}
