use axum::Json;
use serde::Serialize;

#[derive(Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct Health {
    status: &'static str,
}

/// `GET /api/v1/health`: the process is up.
#[utoipa::path(get, path = "/health", tag = "accounts", responses((status = 200, body = Health)))]
pub async fn health() -> Json<Health> {
    Json(Health { status: "OK" })
}
