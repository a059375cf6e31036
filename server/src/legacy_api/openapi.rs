//! The OpenAPI 3.1 document of `/api/v1` and its documentation page.
//!
//! Handlers describe themselves with `#[utoipa::path]` and are mounted with
//! `routes!` (see [`super::router`]), so an endpoint cannot be mounted without being
//! documented. Error answers are the legacy [`ErrorBody`]; each status a handler may
//! refuse with is one of the response types below, listed in its `responses(...)`.

use app::core::{AppError, ErrorBody};
use axum::{
    Router,
    body::Bytes,
    extract::{FromRequestParts, Path},
    http::{
        HeaderValue,
        header::{CONTENT_ENCODING, CONTENT_SECURITY_POLICY, CONTENT_TYPE},
        request::Parts,
    },
    response::{Html, IntoResponse, Response},
    routing::get,
};
use serde::Deserialize;
use std::sync::Arc;
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::{
    IntoParams, IntoResponses, Modify, OpenApi,
    openapi::{
        self,
        security::{ApiKey, ApiKeyValue, SecurityScheme},
    },
};

/// Where the document and the page are served, within `/api/v1`.
const DOCUMENT_PATH: &str = "/openapi.json";
const PAGE_PATH: &str = "/docs";

/// The page's own scripts and styles only (Swagger UI sets inline styles), and
/// nothing from elsewhere, like the pages' policy in `app::core::security`.
const PAGE_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; \
     frame-ancestors 'none'";

/// Swagger UI's page with absolute asset paths: paths lose their trailing slash (see
/// `serve.rs`), so relative ones would miss the `docs/` folder.
const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>CodinCod legacy API</title>
    <link rel="stylesheet" href="/api/v1/docs/swagger-ui.css">
    <link rel="stylesheet" href="/api/v1/docs/index.css">
    <link rel="icon" type="image/png" href="/api/v1/docs/favicon-32x32.png" sizes="32x32">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/api/v1/docs/swagger-ui-bundle.js"></script>
    <script src="/api/v1/docs/swagger-ui-standalone-preset.js"></script>
    <script src="/api/v1/docs/swagger-initializer.js"></script>
  </body>
</html>
"#;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "CodinCod legacy API",
        description = "The JSON API the CodinCod TypeScript frontend speaks. Sessions are the \
            `token` cookie that `POST /login` and `POST /register` set. Error answers carry both \
            `error` and `message`.",
        license(name = "MIT", identifier = "MIT"),
    ),
    servers((url = "/api/v1")),
    components(schemas(ErrorBody)),
    modifiers(&TokenCookie),
    tags(
        (name = "accounts", description = "Registration, sessions, users and preferences"),
        (name = "puzzles", description = "Puzzles and programming languages"),
        (name = "submissions", description = "Running code and judged submissions"),
        (name = "comments", description = "Puzzle discussions: comments, replies and votes"),
        (name = "leaderboard", description = "Rankings by game mode"),
        (name = "moderation", description = "Reports, bans and the moderators' review queue"),
    )
)]
struct LegacyApi;

/// The session cookie, the API's one security scheme.
struct TokenCookie;

/// The scheme's name, as the handlers' `security(("token" = []))` spell it.
const TOKEN: &str = "token";

impl Modify for TokenCookie {
    fn modify(&self, openapi: &mut openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            TOKEN,
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::http::session::COOKIE_NAME,
                "The session, set by `POST /login` and `POST /register`.",
            ))),
        );
    }
}

/// The document's fixed part, to which the mounted routes add their paths.
pub fn base() -> openapi::OpenApi {
    LegacyApi::openapi()
}

/// `GET /openapi.json`, and the documentation page at `/docs` whose Swagger UI files
/// are built into the binary.
pub fn router<S: Clone + Send + Sync + 'static>(document: &openapi::OpenApi) -> Router<S> {
    let json = Bytes::from(document.to_json().unwrap_or_default());
    let config = Arc::new(
        utoipa_swagger_ui::Config::from("/api/v1/openapi.json")
            .try_it_out_enabled(true)
            // The default validator badge is an image from swagger.io.
            .validator_url("none"),
    );
    let page = Router::new()
        .route(PAGE_PATH, get(|| std::future::ready(Html(PAGE))))
        .route(
            &format!("{PAGE_PATH}/{{*file}}"),
            get(move |Path(file): Path<String>| std::future::ready(swagger_file(&file, config.clone()))),
        )
        .layer(SetResponseHeaderLayer::overriding(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(PAGE_POLICY),
        ));
    Router::new()
        .route(
            DOCUMENT_PATH,
            get(move || std::future::ready(([(CONTENT_TYPE, "application/json")], json.clone()))),
        )
        .merge(page)
}

/// One of Swagger UI's files; `swagger-initializer.js` carries our configuration.
fn swagger_file(file: &str, config: Arc<utoipa_swagger_ui::Config<'static>>) -> Response {
    match utoipa_swagger_ui::serve(file, config) {
        Ok(Some(found)) => {
            let mut response =
                ([(CONTENT_TYPE, found.content_type)], found.bytes.into_owned()).into_response();
            if found.gzpipped {
                response.headers_mut().insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            }
            response
        }
        Ok(None) => AppError::not_found("No such file").into_response(),
        Err(error) => AppError::internal("swagger ui", error).into_response(),
    }
}

/// 400: the body, a path segment or a query parameter is invalid; `details` names
/// the fields when the body failed validation.
#[derive(IntoResponses)]
#[response(status = 400, description = "Invalid input")]
pub struct BadRequest(pub ErrorBody);

/// 401: the endpoint needs a session and there is none.
#[derive(IntoResponses)]
#[response(status = 401, description = "Not signed in, or wrong credentials")]
pub struct Unauthorized(pub ErrorBody);

/// 403: banned (`banDetails`), not allowed, or an unsafe request from a foreign origin.
#[derive(IntoResponses)]
#[response(status = 403, description = "Banned, not allowed, or from a foreign origin")]
pub struct Forbidden(pub ErrorBody);

#[derive(IntoResponses)]
#[response(status = 404, description = "Not found")]
pub struct NotFound(pub ErrorBody);

#[derive(IntoResponses)]
#[response(status = 409, description = "Conflicts with what is stored")]
pub struct Conflict(pub ErrorBody);

#[derive(IntoResponses)]
#[response(status = 413, description = "The body is over 1 MiB")]
pub struct PayloadTooLarge(pub ErrorBody);

/// 429: `retryAfter` and the `Retry-After` header say when to come back.
#[derive(IntoResponses)]
#[response(status = 429, description = "Rate limited")]
pub struct TooManyRequests(pub ErrorBody);

#[derive(IntoResponses)]
#[response(status = 503, description = "The code runner or the database is unavailable")]
pub struct Unavailable(pub ErrorBody);

/// A user named in the path (an extractor: `Username { username }: Username`).
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct Username {
    /// 3 to 20 letters, digits, `-` or `_`; anything else is a 400.
    pub username: String,
}

/// An entity named in the path by its ObjectId (anything else is a 400, or the
/// endpoint's not-found answer). An extractor: `ObjectId { id }: ObjectId`.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ObjectId {
    pub id: String,
}

/// Path and query extractors whose refusals are the legacy error body, not axum's text.
macro_rules! legacy_extractor {
    ($name:ty, $extractor:ident) => {
        impl<S: Send + Sync> FromRequestParts<S> for $name {
            type Rejection = AppError;

            async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
                axum::extract::$extractor::<Self>::from_request_parts(parts, state)
                    .await
                    .map(|axum::extract::$extractor(value)| value)
                    .map_err(|rejection| AppError::BadRequest(rejection.body_text()))
            }
        }
    };
}
legacy_extractor!(Username, Path);
legacy_extractor!(ObjectId, Path);
legacy_extractor!(super::pagination::PageQuery, Query);
legacy_extractor!(super::moderation::QueueQuery, Query);
