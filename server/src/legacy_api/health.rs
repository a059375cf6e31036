use axum::Json;
use serde_json::{Value, json};

/// `GET /api/v1/health`: the process is up.
pub async fn health() -> Json<Value> {
    Json(json!({ "status": "OK" }))
}
