//! Request bodies of the legacy API. The legacy frontend sends some JSON bodies
//! without a `Content-Type` (so browsers label them `text/plain`), and some requests
//! without a body at all, so the body is parsed as JSON whatever its type, and an
//! empty body counts as `{}`. Unknown keys are ignored, as the legacy validation did.

use app::core::AppError;
use axum::{
    body::Bytes,
    extract::{FromRequest, Request},
};
use serde::de::DeserializeOwned;

pub struct LegacyJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for LegacyJson<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        let bytes = Bytes::from_request(request, state).await.map_err(|rejection| {
            if rejection.status() == http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::PayloadTooLarge("Request body is too large".into())
            } else {
                AppError::BadRequest(rejection.body_text())
            }
        })?;
        let text = if bytes.iter().all(u8::is_ascii_whitespace) { &b"{}"[..] } else { &bytes[..] };
        serde_json::from_slice(text)
            .map(LegacyJson)
            .map_err(|error| AppError::BadRequest(format!("Invalid request body: {error}")))
    }
}
