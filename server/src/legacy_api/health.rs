use axum::Json;
use serde::Serialize;

#[derive(Serialize)]
pub struct Health {
    status: &'static str,
}

/// `GET /api/v1/health`: the process is up.
pub async fn health() -> Json<Health> {
    Json(Health { status: "OK" })
}
