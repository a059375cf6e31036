//! Sharing the sandbox: one user keeps `BENCH_HEAVY` busy loops (default 8) in flight on the
//! legacy `/execute`, resubmitting at once whenever one ends or is refused, while a second user
//! runs `BENCH_RUNS` trivial programs (default 40) one after another. Prints the second user's
//! waits (request to answer), the first user's runs and refusals, and the latency of
//! `/healthz` polled meanwhile.
//!
//! Run against a release server started with `RATE_LIMITS=relaxed`:
//! `BENCH_URL=http://127.0.0.1:3200 cargo run --profile bench -p server --example
//! bench_fairness`, or `.ci/bench`.

use serde_json::json;
use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let base: String = env_or("BENCH_URL", "http://127.0.0.1:3200".to_owned());
    let heavy_in_flight: usize = env_or("BENCH_HEAVY", 8);
    let runs: usize = env_or("BENCH_RUNS", 40);
    let tag = &app::core::Id::new().to_string()[16..];
    let heavy = signed_up(&base, &format!("heavy{tag}")).await?;
    let light = signed_up(&base, &format!("light{tag}")).await?;

    let running = Arc::new(AtomicBool::new(true));
    let (heavy_runs, heavy_refusals) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let saturating: Vec<_> = (0..heavy_in_flight)
        .map(|_| {
            let (client, base, running) = (heavy.clone(), base.clone(), running.clone());
            let (done, refused) = (heavy_runs.clone(), heavy_refusals.clone());
            tokio::spawn(async move {
                while running.load(Ordering::Relaxed) {
                    match execute(&client, &base, "while True: pass").await {
                        Ok(200) => done.fetch_add(1, Ordering::Relaxed),
                        Ok(_) => {
                            // Refused (busy): a hostile client asks again at once, nearly.
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            refused.fetch_add(1, Ordering::Relaxed)
                        }
                        Err(_) => 0,
                    };
                }
            })
        })
        .collect();
    let health = tokio::spawn({
        let (base, running) = (base.clone(), running.clone());
        async move {
            let client = reqwest::Client::new();
            let mut latencies = Vec::new();
            while running.load(Ordering::Relaxed) {
                let started = Instant::now();
                if client.get(format!("{base}/healthz")).send().await.is_ok() {
                    latencies.push(started.elapsed());
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            latencies
        }
    });

    // Let the first user fill the queue before the second one starts.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mut waits = Vec::new();
    let mut light_refusals = 0;
    let started = Instant::now();
    for _ in 0..runs {
        let asked = Instant::now();
        match execute(&light, &base, "print(input())").await? {
            200 => waits.push(asked.elapsed()),
            _ => light_refusals += 1,
        }
    }
    let elapsed = started.elapsed();
    running.store(false, Ordering::Relaxed);
    let health = health.await?;
    for task in saturating {
        task.abort();
    }

    println!(
        "  first user: {heavy_in_flight} busy loops in flight; {} ran, {} refused as busy, in {:.0} s",
        heavy_runs.load(Ordering::Relaxed),
        heavy_refusals.load(Ordering::Relaxed),
        elapsed.as_secs_f64() + 3.0
    );
    println!(
        "  second user: {} trivial runs, {light_refusals} refused; wait p50 {}, p95 {}, max {} (goal: p95 under 2 s)",
        waits.len(),
        percentile(&mut waits, 50),
        percentile(&mut waits, 95),
        percentile(&mut waits, 100)
    );
    let mut health = health;
    println!(
        "  /healthz meanwhile: {} polls; p50 {}, p95 {}, max {}",
        health.len(),
        percentile(&mut health, 50),
        percentile(&mut health, 95),
        percentile(&mut health, 100)
    );
    Ok(())
}

async fn signed_up(base: &str, name: &str) -> anyhow::Result<reqwest::Client> {
    let client = reqwest::Client::builder().cookie_store(true).build()?;
    client
        .post(format!("{base}/api/v1/register"))
        .json(&json!({ "username": name, "email": format!("{name}@example.com"), "password": "a sufficiently long password" }))
        .send()
        .await?
        .error_for_status()?;
    Ok(client)
}

/// Runs `code` once; the answer's status.
async fn execute(client: &reqwest::Client, base: &str, code: &str) -> anyhow::Result<u16> {
    let run = json!({ "code": code, "language": "python", "testInput": "hi", "testOutput": "hi" });
    let response = client.post(format!("{base}/api/v1/execute")).json(&run).send().await?;
    Ok(response.status().as_u16())
}

fn percentile(values: &mut [Duration], percent: usize) -> String {
    if values.is_empty() {
        return "n/a".into();
    }
    values.sort();
    let index = (values.len() * percent).div_ceil(100).clamp(1, values.len()) - 1;
    format!("{} ms", values[index].as_millis())
}
