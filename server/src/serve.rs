//! `server serve`: start-up, listening, graceful shutdown.

use crate::{database, router};
use anyhow::Context;
use app::{core::config::Config, games::hub::Hub, state::AppState};
use axum::{ServiceExt, extract::Request, serve::ListenerExt};
use leptos::config::{LeptosOptions, get_configuration};
use std::{net::SocketAddr, time::Duration};
use tokio::net::TcpListener;
use tower::Layer;
use tower_http::normalize_path::NormalizePathLayer;

pub async fn run(config: Config) -> anyhow::Result<()> {
    let pool = database::connect(&config).await?;
    database::migrate(&pool).await?;
    let runner = app::execution::runner_from_config(&config).await;
    refresh_languages(&pool, runner.as_ref()).await;
    let options = leptos_options(&config);
    let state = AppState::new(pool, config, options, runner);
    let addr = state.config.bind_addr;
    let listener = TcpListener::bind(addr).await.with_context(|| format!("could not listen on {addr}"))?;
    tracing::info!("listening on http://{}", listener.local_addr()?);
    serve(listener, state).await
}

/// Serves until SIGTERM or Ctrl-C, then lets in-flight requests finish.
pub async fn serve(listener: TcpListener, state: AppState) -> anyhow::Result<()> {
    if crate::metrics::enabled(&state) {
        crate::metrics::recorder();
    }
    if let Some(addr) = state.config.metrics_addr {
        let metrics = TcpListener::bind(addr).await.with_context(|| format!("could not listen on {addr}"))?;
        tracing::info!("metrics at http://{}/metrics", metrics.local_addr()?);
        let router = crate::metrics::private_router(state.clone());
        tokio::spawn(async move {
            if let Err(error) = axum::serve(metrics, router).await {
                tracing::error!(%error, "the metrics listener stopped");
            }
        });
    }
    let hub = Hub::start(state.pool.clone()).await?;
    spawn_rate_limit_cleanup(&state);
    crate::jobs::spawn(state.clone());
    // Legacy clients may add a trailing slash to any API path.
    let app = NormalizePathLayer::trim_trailing_slash().layer(router::build(state, hub).await?);
    // Without TCP_NODELAY a streamed body's last small segment waits for the client's
    // delayed ACK: a 19 KB stylesheet took 22 ms on an idle loopback connection.
    let listener = listener.tap_io(|tcp| {
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::debug!(%error, "could not set TCP_NODELAY");
        }
    });
    axum::serve(listener, ServiceExt::<Request>::into_make_service_with_connect_info::<SocketAddr>(app))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("server error")
}

/// Leptos settings from cargo-leptos' environment, with our bind address. Outside
/// cargo-leptos (tests, plain `cargo run`) the site name defaults to `codincod`.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    let from_cargo_leptos =
        option_env!("LEPTOS_OUTPUT_NAME").is_some() || std::env::var_os("LEPTOS_OUTPUT_NAME").is_some();
    let mut options = from_cargo_leptos
        .then(|| get_configuration(None).ok())
        .flatten()
        .map(|c| c.leptos_options)
        .unwrap_or_else(|| LeptosOptions::builder().output_name("codincod").build());
    options.site_addr = config.bind_addr;
    // A release build names its assets by their content hash and lists the names in
    // a file beside the binary.
    options.hash_files = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.join(options.hash_file.as_ref()).exists()))
        .unwrap_or(false);
    options
}

/// Keeps the language table in step with the runner; a runner that is down leaves
/// the last known list in place.
pub async fn refresh_languages(pool: &sqlx::PgPool, runner: &dyn app::execution::runner::CodeRunner) {
    match app::languages::service::refresh(pool, runner).await {
        Ok(languages) => tracing::info!(count = languages.len(), "programming languages refreshed"),
        Err(error) => tracing::warn!(%error, "could not refresh the programming languages"),
    }
}

/// Lets the in-memory rate limiters forget clients that went quiet.
fn spawn_rate_limit_cleanup(state: &AppState) {
    let limits = state.rate_limits.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            limits.forget_idle_clients();
        }
    });
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
