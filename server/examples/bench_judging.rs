//! Judging speed with the built-in sandbox:
//! 1. a 10-test Python submission judged end to end (queue row, jail runs, database
//!    writes) against 10 bare `python3` runs of the same program, as many at once as
//!    the judge runs (one per core);
//! 2. submissions judged per minute with every core busy.
//!
//! Run as root with `DATABASE_URL=... cargo run --profile bench -p server --example
//! bench_judging`, or `.ci/bench`. It drops and recreates the database it is given.

use app::{
    accounts::{Caller, service::credentials},
    core::{
        Id,
        config::{Config, RateLimitMode},
    },
    puzzles::{Difficulty, PuzzleDraft, TestDraft, Visibility, service::authoring},
    state::AppState,
    submissions::service::{judging, submitting},
};
use clap::Parser;
use std::{process::Command, time::Instant};

const PROGRAM: &str = "n = int(input())\nprint(sum(range(n + 1)))";
const TESTS: usize = 10;
const THROUGHPUT_SUBMISSIONS: usize = 40;

#[derive(Parser)]
struct Args {
    #[command(flatten)]
    config: Config,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut config = Args::parse().config;
    // The benchmark submits far more than a person may in a minute.
    config.rate_limits = RateLimitMode::Relaxed;
    server::database::drop(&config).await?;
    let pool = server::database::connect(&config).await?;
    server::database::migrate(&pool).await?;
    let runner = app::execution::runner_from_config(&config).await;
    let languages = app::languages::service::refresh(&pool, runner.as_ref()).await?;
    let python = languages.iter().find(|l| l.language == "python").expect("python").id;

    let form = credentials::Registration {
        username: "bench".into(),
        email: "bench@example.com".into(),
        password: "a sufficiently long password".into(),
    };
    let account = credentials::create_account(&pool, form).await?;
    let user = account.user.id;
    let caller = Caller::local(account);
    let tests = (0..TESTS)
        .map(|i| TestDraft {
            id: None,
            input: (i * 1000).to_string(),
            output: ((i * 1000) * (i * 1000 + 1) / 2).to_string(),
            is_public: i == 0,
        })
        .collect();
    let draft = PuzzleDraft {
        title: "Triangular numbers".into(),
        statement: "Print 0 + 1 + ... + n.".into(),
        constraints: String::new(),
        difficulty: Difficulty::Beginner,
        tags: vec![],
        tests,
        solution_code: PROGRAM.into(),
        solution_language: Some(python),
    };
    let puzzle = authoring::import(&pool, user, draft, Visibility::Approved).await?;
    let options = server::serve::leptos_options(&config);
    let state = AppState::new(pool.clone(), config, options, runner.clone());

    // Warm up the page cache and the interpreter.
    judge_one(&state, &caller, puzzle, python).await?;
    let mut judged = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        judge_one(&state, &caller, puzzle, python).await?;
        judged.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let mut bare = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        std::thread::scope(|scope| {
            for lane in 0..cores {
                scope.spawn(move || {
                    for i in (lane..TESTS).step_by(cores) {
                        bare_run(&(i * 1000).to_string());
                    }
                });
            }
        });
        bare.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let median = |values: &mut Vec<f64>| {
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    let (judged, bare) = (median(&mut judged), median(&mut bare));
    println!(
        "judge 10-test python submission: {judged:.0} ms; 10 bare python3 runs, {cores} at a time: {bare:.0} ms (medians of 5)"
    );
    let per_test = (judged - bare) / (TESTS as f64 / cores as f64);
    println!("ratio {:.2}; sandbox and judging overhead {per_test:.1} ms per test", judged / bare);

    let ids = {
        let mut ids = Vec::new();
        for _ in 0..THROUGHPUT_SUBMISSIONS {
            ids.push(submitting::submit(&state, &caller, puzzle, python, PROGRAM).await?);
        }
        ids
    };
    let started = Instant::now();
    let concurrency = cores;
    let mut pending = ids.into_iter();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..concurrency {
        let (pool, runner) = (pool.clone(), runner.clone());
        let batch: Vec<Id> = pending.by_ref().take(THROUGHPUT_SUBMISSIONS / concurrency).collect();
        tasks.spawn(async move {
            for id in batch {
                judging::judge(&pool, runner.as_ref(), id).await?;
            }
            anyhow::Ok(())
        });
    }
    while let Some(done) = tasks.join_next().await {
        done??;
    }
    let per_minute = THROUGHPUT_SUBMISSIONS as f64 / started.elapsed().as_secs_f64() * 60.0;
    println!("throughput: {per_minute:.0} ten-test submissions judged per minute on {concurrency} cores");
    Ok(())
}

fn bare_run(stdin: &str) {
    use std::io::Write;
    let mut child = Command::new("/usr/bin/python3")
        .args(["-c", PROGRAM])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("python3 runs");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("input written");
    child.wait().expect("python3 ends");
}

async fn judge_one(state: &AppState, caller: &Caller, puzzle: Id, python: Id) -> anyhow::Result<()> {
    let id = submitting::submit(state, caller, puzzle, python, PROGRAM).await?;
    judging::judge(&state.pool, state.runner.as_ref(), id).await?;
    Ok(())
}
