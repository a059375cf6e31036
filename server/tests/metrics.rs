//! `/metrics`: private by default, scraped with a token or on its own address, and
//! moving with traffic.

mod common;

use app::core::config::Config;
use common::{spawn_app, spawn_app_with, test_config};
use sqlx::PgPool;

const TOKEN: &str = "a-scraper-secret";

/// The value of the sample whose line starts with `series` (name and labels).
fn sample(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.trim().parse().ok())
        .unwrap_or_else(|| panic!("no sample {series} in:\n{text}"))
}

async fn scrape(app: &common::TestApp) -> String {
    let response = app.client.get(app.url("/metrics")).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_scrape_after_traffic_sees_the_counters_move(pool: PgPool) {
    let app = spawn_app_with(pool, Config { metrics_token: Some(TOKEN.into()), ..test_config() }).await;
    for _ in 0..3 {
        assert_eq!(app.get("/api/v1/puzzle").await.status(), 200);
    }
    let catalogue = r#"http_requests_total{route="/api/v1/puzzle",method="GET",status="200"}"#;
    let first = scrape(&app).await;
    let before = sample(&first, catalogue);
    assert!(before >= 3.0, "{first}");
    assert!(first.contains("http_request_duration_seconds_bucket{route=\"/api/v1/puzzle\""), "{first}");
    // A puzzle id is not a series of its own: the route is the matched pattern.
    let id = app::core::Id::new();
    assert_eq!(app.get(&format!("/api/v1/puzzle/{id}")).await.status(), 404);
    for _ in 0..2 {
        app.get("/api/v1/puzzle").await;
    }

    let second = scrape(&app).await;
    assert!(sample(&second, catalogue) >= before + 2.0, "{second}");
    assert!(
        sample(&second, r#"http_requests_total{route="/api/v1/puzzle/{id}",method="GET",status="404"}"#)
            >= 1.0
    );
    assert!(!second.contains(&id.to_string()));
    assert!(sample(&second, r#"db_pool_max_connections"#) >= 1.0);
    assert!(second.contains(r#"judging_queue_depth{state="pending"}"#), "{second}");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn metrics_need_the_token(pool: PgPool) {
    let app = spawn_app_with(pool, Config { metrics_token: Some(TOKEN.into()), ..test_config() }).await;
    assert_eq!(app.get("/metrics").await.status(), 401);
    let wrong = app.client.get(app.url("/metrics")).bearer_auth("not-the-secret").send().await.unwrap();
    assert_eq!(wrong.status(), 401);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn metrics_are_not_served_unless_configured(pool: PgPool) {
    let app = spawn_app(pool).await;
    assert_eq!(app.get("/metrics").await.status(), 404);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn metrics_on_their_own_address_need_no_token(pool: PgPool) {
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let app = spawn_app_with(pool, Config { metrics_addr: Some(free), ..test_config() }).await;
    assert_eq!(app.get("/api/v1/puzzle").await.status(), 200);
    let response = app.client.get(format!("http://{free}/metrics")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(text.contains("http_requests_total{"), "{text}");
    assert_eq!(app.get("/metrics").await.status(), 404, "the main address does not serve them");
}
