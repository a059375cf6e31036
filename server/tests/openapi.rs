//! The OpenAPI document of `/api/v1` and its documentation page (schemathesis checks
//! the document against the release server in the test command).

mod common;

use common::{body, spawn_app};
use sqlx::PgPool;

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_document_describes_every_endpoint_with_the_token_cookie(pool: PgPool) {
    let app = spawn_app(pool).await;
    let response = app.get("/api/v1/openapi.json").await;
    assert_eq!(response.status(), 200);
    let document = body(response).await;
    assert_eq!(document["openapi"], "3.1.0");
    assert_eq!(document["servers"][0]["url"], "/api/v1");
    let scheme = &document["components"]["securitySchemes"]["token"];
    assert_eq!((scheme["type"].as_str(), scheme["in"].as_str()), (Some("apiKey"), Some("cookie")));
    assert_eq!(scheme["name"], "token");

    let paths = document["paths"].as_object().unwrap();
    let operations: usize = paths.values().map(|item| item.as_object().unwrap().len()).sum();
    assert_eq!(paths.len(), 35, "paths: {:?}", paths.keys().collect::<Vec<_>>());
    assert_eq!(operations, 43);
    // Handlers name their refusals; the legacy error body is one schema.
    let login = &document["paths"]["/login"]["post"]["responses"];
    assert_eq!(
        login["401"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/ErrorBody"
    );
    assert_eq!(document["paths"]["/user/me"]["get"]["security"][0]["token"], serde_json::json!([]));
    let error = &document["components"]["schemas"]["ErrorBody"];
    assert_eq!(error["required"], serde_json::json!(["error", "message"]));
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_documentation_page_is_served_from_our_origin(pool: PgPool) {
    let app = spawn_app(pool).await;
    let page = app.get("/api/v1/docs").await;
    assert_eq!(page.status(), 200);
    let policy = page.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(policy.contains("script-src 'self';") && policy.contains("connect-src 'self'"), "{policy}");
    let html = page.text().await.unwrap();
    assert!(!html.contains("http://") && !html.contains("https://"), "the page loads nothing from elsewhere");
    for asset in ["swagger-ui-bundle.js", "swagger-ui.css", "swagger-initializer.js"] {
        assert!(html.contains(asset), "{asset} is not on the page");
        let response = app.get(&format!("/api/v1/docs/{asset}")).await;
        assert_eq!(response.status(), 200, "{asset}");
    }
    let initializer = app.get("/api/v1/docs/swagger-initializer.js").await.text().await.unwrap();
    assert!(initializer.contains("/api/v1/openapi.json"));
}
