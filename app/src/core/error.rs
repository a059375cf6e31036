//! The one error type. Services return it, server functions carry it to the browser
//! as JSON, and the HTTP layer turns it into a status and a body. Server faults are
//! logged where they happen and reach clients only as "Internal server error".

use super::time::Timestamp;
use serde::{Deserialize, Serialize};
use server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};

pub type AppResult<T> = Result<T, AppError>;

/// One invalid input field and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
pub struct FieldError {
    /// Dotted path of the field, e.g. `editor.keymap`.
    pub path: String,
    pub message: String,
}

impl FieldError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self { path: path.into(), message: message.into() }
    }
}

/// What a banned user is told (legacy `banDetails`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BanDetails {
    #[serde(rename = "type")]
    pub ban_type: String,
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<Timestamp>,
}

/// What the HTTP layer answers for an [`AppError`].
#[cfg(feature = "ssr")]
#[derive(Debug, Default, Serialize, utoipa::ToSchema, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    pub error: String,
    pub message: String,
    /// Validation errors: every invalid field.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub details: Option<Vec<FieldError>>,
    /// Refusals of banned users: the ban.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub ban_details: Option<BanDetails>,
    /// Rate limits and unknown routes: the status again.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub status_code: Option<u16>,
    /// Rate limits: seconds to wait (also in `Retry-After`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub retry_after: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    #[error("{}", summarize(.0))]
    Validation(Vec<FieldError>),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{message}")]
    Banned { message: String, details: BanDetails },
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("Rate limit exceeded. Please try again in {retry_after_secs} seconds.")]
    TooManyRequests { retry_after_secs: u64 },
    /// The code runner's queue is too long to wait in.
    #[error("The code runner is busy, try again in {retry_after_secs} s.")]
    Busy { retry_after_secs: u64 },
    #[error("{0}")]
    Unavailable(String),
    #[error("Internal server error")]
    Internal,
}

/// At most 200 characters of `text`, marked when cut.
fn shortened(text: &str) -> String {
    const MAX: usize = 200;
    match text.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

fn summarize(errors: &[FieldError]) -> String {
    match errors {
        [] => "Invalid input".into(),
        [one] => one.message.clone(),
        [first, rest @ ..] => format!("{} (and {} more)", first.message, rest.len()),
    }
}

impl AppError {
    pub fn validation(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError::new(path, message)])
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        Self::NotFound(what.into())
    }

    /// The HTTP status this error is reported with.
    pub fn status(&self) -> u16 {
        match self {
            Self::Validation(_) | Self::BadRequest(_) => 400,
            Self::Unauthorized(_) => 401,
            Self::Banned { .. } | Self::Forbidden(_) => 403,
            Self::NotFound(_) => 404,
            Self::Conflict(_) => 409,
            Self::PayloadTooLarge(_) => 413,
            Self::TooManyRequests { .. } | Self::Busy { .. } => 429,
            Self::Unavailable(_) => 503,
            Self::Internal => 500,
        }
    }

    /// When a client told to wait may try again.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            Self::TooManyRequests { retry_after_secs } | Self::Busy { retry_after_secs } => {
                Some(*retry_after_secs)
            }
            _ => None,
        }
    }

    /// The message for one field, if this is a validation error that names it.
    pub fn field_message(&self, path: &str) -> Option<&str> {
        match self {
            Self::Validation(errors) => errors.iter().find(|e| e.path == path).map(|e| e.message.as_str()),
            _ => None,
        }
    }

    /// Logs a server fault with its cause and returns the opaque error clients see.
    #[cfg(feature = "ssr")]
    pub fn internal(context: &str, cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "{context}");
        Self::Internal
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => {
                Self::Unavailable("Could not reach the server. Check your connection and try again.".into())
            }
            // On the server, arguments that do not decode are the client's fault. The
            // decoder's message may quote the input: it is cut short.
            ServerFnErrorErr::Args(m)
            | ServerFnErrorErr::MissingArg(m)
            | ServerFnErrorErr::Deserialization(m) => {
                Self::BadRequest(format!("Invalid request: {}", shortened(&m)))
            }
            ServerFnErrorErr::MiddlewareError(m) | ServerFnErrorErr::ServerError(m) => Self::BadRequest(m),
            _ => Self::Internal,
        }
    }
}

#[cfg(feature = "ssr")]
mod server {
    use super::{AppError, ErrorBody};
    use axum::{
        Json,
        http::{HeaderValue, StatusCode, header::RETRY_AFTER},
        response::{IntoResponse, Response},
    };

    impl From<sqlx::Error> for AppError {
        /// Constraint violations are the client's fault and say which rule broke;
        /// anything else is logged and reported as an internal error.
        fn from(error: sqlx::Error) -> Self {
            match &error {
                sqlx::Error::RowNotFound => AppError::NotFound("Not found".into()),
                sqlx::Error::Database(db) => match db.code().as_deref() {
                    Some("23505") => AppError::Conflict(format!(
                        "Already exists ({})",
                        db.constraint().unwrap_or("unique value")
                    )),
                    Some("23503") => AppError::BadRequest("Refers to something that does not exist".into()),
                    // Text PostgreSQL cannot store; requests are checked before, this
                    // is the last line of defence.
                    Some("22021") => AppError::BadRequest("Text may not contain NUL characters".into()),
                    Some("23514") | Some("22001") | Some("23502") | Some("22P02") => AppError::BadRequest(
                        format!("Invalid value ({})", db.constraint().unwrap_or("constraint")),
                    ),
                    _ => AppError::internal("database error", error),
                },
                sqlx::Error::PoolTimedOut => {
                    AppError::Unavailable("The service is busy, try again shortly".into())
                }
                _ => AppError::internal("database error", error),
            }
        }
    }

    impl AppError {
        /// The legacy body of this error (spec 1.7): both `error` and `message`;
        /// validation errors carry the legacy `validateBody` details, bans their
        /// `banDetails` and rate limits the framework's `statusCode` and `retryAfter`.
        pub fn body(&self) -> ErrorBody {
            let message = self.to_string();
            let error = match self {
                AppError::Validation(_) => "Validation Error".to_owned(),
                AppError::TooManyRequests { .. } | AppError::Busy { .. } => "Too Many Requests".to_owned(),
                _ => message.clone(),
            };
            let mut body = ErrorBody { error, message, ..ErrorBody::default() };
            match self {
                AppError::Validation(details) => body.details = Some(details.clone()),
                AppError::Banned { details, .. } => body.ban_details = Some(details.clone()),
                AppError::TooManyRequests { retry_after_secs } | AppError::Busy { retry_after_secs } => {
                    body.status_code = Some(429);
                    body.retry_after = Some(*retry_after_secs);
                }
                _ => {}
            }
            body
        }
    }

    impl IntoResponse for AppError {
        fn into_response(self) -> Response {
            let status = StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let mut response = (status, Json(self.body())).into_response();
            if let Some(retry_after_secs) = self.retry_after_secs() {
                response.headers_mut().insert(RETRY_AFTER, HeaderValue::from(retry_after_secs));
            }
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(AppError::validation("title", "Title is required").status(), 400);
        assert_eq!(AppError::Unauthorized("x".into()).status(), 401);
        assert_eq!(AppError::Internal.status(), 500);
        assert_eq!(AppError::TooManyRequests { retry_after_secs: 3 }.status(), 429);
        assert_eq!(AppError::Busy { retry_after_secs: 3 }.status(), 429);
        assert_eq!(AppError::Busy { retry_after_secs: 3 }.retry_after_secs(), Some(3));
    }

    #[test]
    fn validation_message_names_the_first_problem() {
        let error = AppError::Validation(vec![
            FieldError::new("title", "Title is required"),
            FieldError::new("tags", "Unknown tag"),
        ]);
        assert_eq!(error.to_string(), "Title is required (and 1 more)");
        assert_eq!(error.field_message("tags"), Some("Unknown tag"));
    }

    #[test]
    fn undecodable_arguments_are_bad_requests_with_a_short_message() {
        let long = "x".repeat(70_000);
        let error = AppError::from_server_fn_error(ServerFnErrorErr::Deserialization(long));
        assert_eq!(error.status(), 400);
        assert!(error.to_string().chars().count() < 250);
    }

    #[test]
    fn survives_the_server_function_wire() {
        let error = AppError::Banned {
            message: "banned".into(),
            details: BanDetails { ban_type: "permanent".into(), reason: "spam".into(), end_date: None },
        };
        assert_eq!(AppError::de(error.ser()), error);
    }
}
