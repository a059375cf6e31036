//! Prometheus metrics at `/metrics`, served only where configured: on a listener of
//! its own (`METRICS_ADDR`) or, with a bearer token (`METRICS_TOKEN`), on the main one.
//!
//! Events are counted where they happen (the HTTP middleware below, the judging worker,
//! the sandbox's slots, the sockets); levels that live in the database (the judging
//! queue) or the pool are read when scraped.

use app::state::AppState;
use axum::{
    Router,
    extract::{MatchedPath, Request, State},
    http::{HeaderMap, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
    routing::get,
};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::{
    sync::OnceLock,
    time::{Duration, Instant},
};

/// Latency buckets, in seconds: from a cached page to a slow judgement.
const BUCKETS: &[f64] = &[0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];

/// The process-wide recorder, installed on first use; a thread drains its histograms,
/// which would otherwise hold every sample until the next scrape.
pub fn recorder() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let handle = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), BUCKETS)
            .expect("the buckets are not empty")
            .install_recorder()
            .expect("no other metrics recorder is installed");
        let upkeep = handle.clone();
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_secs(5));
                upkeep.run_upkeep();
            }
        });
        handle
    })
}

pub fn enabled(state: &AppState) -> bool {
    state.config.metrics_addr.is_some() || state.config.metrics_token.is_some()
}

/// Counts each request by route (the matched pattern, so ids do not multiply the
/// series), method and status, and times it.
pub async fn track_requests(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request.extensions().get::<MatchedPath>().map_or("unmatched", MatchedPath::as_str).to_owned();
    let method = request.method().as_str().to_owned();
    let response = next.run(request).await;
    let labels = [("route", route), ("method", method), ("status", response.status().as_u16().to_string())];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels).record(started.elapsed().as_secs_f64());
    response
}

/// The listener of `METRICS_ADDR`: `/metrics` and nothing else.
pub fn private_router(state: AppState) -> Router {
    Router::new().route("/metrics", get(scrape)).with_state(state)
}

/// `/metrics` on the main address, for requests bearing `METRICS_TOKEN`.
pub async fn scrape_with_token(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let expected = state.config.metrics_token.as_deref().map(|token| format!("Bearer {token}"));
    let given = headers.get(header::AUTHORIZATION).and_then(|value| value.to_str().ok());
    match expected {
        Some(expected)
            if given.is_some_and(|given| constant_time_eq(given.as_bytes(), expected.as_bytes())) =>
        {
            scrape(State(state)).await
        }
        Some(_) => (StatusCode::UNAUTHORIZED, "a metrics token is required").into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0, |diff, (x, y)| diff | (x ^ y)) == 0
}

async fn scrape(State(state): State<AppState>) -> Response {
    sample_levels(&state).await;
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], recorder().render()).into_response()
}

async fn sample_levels(state: &AppState) {
    let pool = &state.pool;
    let idle = pool.num_idle() as f64;
    metrics::gauge!("db_pool_connections", "state" => "idle").set(idle);
    metrics::gauge!("db_pool_connections", "state" => "busy").set(f64::from(pool.size()) - idle);
    metrics::gauge!("db_pool_max_connections").set(f64::from(pool.options().get_max_connections()));
    match sqlx::query!(
        r#"SELECT count(*) FILTER (WHERE status = 'pending') AS "pending!",
                  count(*) FILTER (WHERE status = 'judging') AS "judging!"
           FROM submissions WHERE status IN ('pending', 'judging')"#
    )
    .fetch_one(pool)
    .await
    {
        Ok(queue) => {
            metrics::gauge!("judging_queue_depth", "state" => "pending").set(queue.pending as f64);
            metrics::gauge!("judging_queue_depth", "state" => "judging").set(queue.judging as f64);
        }
        Err(error) => tracing::warn!(%error, "metrics: could not read the judging queue"),
    }
}

/// Counts an open websocket while it lives.
pub struct OpenSocket(());

impl OpenSocket {
    pub fn new() -> Self {
        metrics::gauge!("websocket_connections").increment(1.0);
        metrics::counter!("websocket_connections_total").increment(1);
        Self(())
    }
}

impl Default for OpenSocket {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for OpenSocket {
    fn drop(&mut self) {
        metrics::gauge!("websocket_connections").decrement(1.0);
    }
}

pub fn socket_message(direction: &'static str) {
    metrics::counter!("websocket_messages_total", "direction" => direction).increment(1);
}

/// One judgement: how long it took and what it found.
pub fn judged(started: Instant, verdict: &'static str) {
    metrics::histogram!("judging_job_duration_seconds").record(started.elapsed().as_secs_f64());
    metrics::counter!("judging_verdicts_total", "verdict" => verdict).increment(1);
}
