//! The whole HTTP surface in one router.

use crate::{http, legacy_api, realtime};
use app::{App, games::hub::Hub, shell, state::AppState};
use axum::http::{
    HeaderValue,
    header::{CACHE_CONTROL, VARY},
};
use axum::{Router, extract::State, http::StatusCode, routing::get};
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use std::sync::{Arc, LazyLock};
use tower::ServiceBuilder;
use tower_http::{
    services::{ServeDir, ServeFile, fs::ServeFileSystemResponseBody},
    set_header::{SetResponseHeader, SetResponseHeaderLayer},
};

/// The page routes, generated once per process: generating them renders the app with
/// resource loading suppressed for the whole process, so a page rendered meanwhile by
/// another router (tests start many) would wait for its data forever (leptos#4773).
static ROUTES: LazyLock<Vec<AxumRouteListing>> = LazyLock::new(|| generate_route_list(App));

pub async fn build(state: AppState, hub: Arc<Hub>) -> anyhow::Result<Router> {
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let render = {
        let options = state.leptos_options.clone();
        move || shell(options.clone())
    };
    let auth = http::session::auth_layer(&state.pool, &state.config).await?;
    let dynamic = Router::new()
        .route("/healthz", get(healthz))
        .merge(legacy_api::router(state.clone()))
        .merge(realtime::router(realtime::Realtime { app: state.clone(), hub }))
        .leptos_routes_with_context(&state, ROUTES.clone(), context.clone(), render)
        .fallback(file_and_error_handler_with_context::<AppState, _>(context, shell))
        .layer(auth);
    // The WASM, JS and CSS bundle and the editor need no session: they are served as
    // built (brotli or gzip, compressed once by the build). Names that change with the
    // content are kept for good; the editor's entry keeps its name (pages name it, and
    // it names its chunks), so browsers revalidate it on every load.
    let site = &state.leptos_options.site_root;
    let pkg = &state.leptos_options.site_pkg_dir;
    let mut routes = dynamic
        .nest_service(
            &format!("/{pkg}"),
            as_built(precompressed(format!("{site}/{pkg}")), http::cache_forever),
        )
        .nest_service(
            "/editor/chunks",
            as_built(precompressed(format!("{site}/editor/chunks")), http::cache_forever),
        )
        .route_service(
            "/editor/index.js",
            as_built(
                ServeFile::new(format!("{site}/editor/index.js")).precompressed_br().precompressed_gzip(),
                http::revalidate,
            ),
        );
    if state.config.metrics_token.is_some() {
        routes = routes.route("/metrics", get(crate::metrics::scrape_with_token));
    }
    Ok(http::with_middleware(routes, state.config.clone()).with_state(state))
}

fn precompressed(dir: String) -> ServeDir {
    ServeDir::new(dir).precompressed_br().precompressed_gzip()
}

/// How long a browser may keep a file served as built, given the response.
type CachePolicy = fn(&axum::http::Response<ServeFileSystemResponseBody>) -> Option<HeaderValue>;

/// Files served as the build wrote them (with their precompressed copies), with the
/// `Cache-Control` the policy gives.
fn as_built<S>(
    files: S,
    cache: CachePolicy,
) -> SetResponseHeader<SetResponseHeader<S, CachePolicy>, HeaderValue> {
    ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::appending(VARY, HeaderValue::from_static("accept-encoding")))
        .layer(SetResponseHeaderLayer::overriding(CACHE_CONTROL, cache))
        .service(files)
}

/// Liveness and readiness: the process answers and the database does too.
async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match sqlx::query_scalar!("SELECT 1").fetch_one(&state.pool).await {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(error) => {
            tracing::warn!(%error, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
