//! `/puzzle...`, `/user/:username/puzzle` and `/programming-language...`.

use super::{
    BareError,
    json::LegacyJson,
    openapi::{BadRequest, Conflict, Forbidden, NotFound, ObjectId, PayloadTooLarge, Unauthorized, Username},
    pagination::PageQuery,
};
use app::{
    accounts::{Caller, rules, service::users},
    core::{AppError, AppResult, Id, Page},
    languages::{self, Language},
    puzzles::{
        Difficulty, PuzzleChange, Tag, TestChange, Visibility,
        legacy::PuzzleDocument,
        service::{
            authoring,
            documents::{self, Authors},
        },
    },
    state::AppState,
};
use axum::{
    Json,
    extract::State,
    http::{StatusCode, header::CONTENT_TYPE},
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;
use utoipa::ToSchema;

fn puzzle_id(raw: &str) -> AppResult<Id> {
    raw.parse().map_err(|_| AppError::BadRequest("Invalid puzzle id".into()))
}

/// `GET /puzzle`: published puzzles, newest first.
#[utoipa::path(get, path = "/puzzle", tag = "puzzles", params(PageQuery),
    responses((status = 200, body = Page<PuzzleDocument>), BadRequest))]
pub async fn list(State(state): State<AppState>, query: PageQuery) -> AppResult<Response> {
    let request = query.validate()?;
    let json = state.catalogue.documents_page(&state.pool, request.page, request.page_size).await?;
    Ok(([(CONTENT_TYPE, "application/json")], json.to_string()).into_response())
}

#[derive(Deserialize, ToSchema, TS)]
pub struct CreateBody {
    #[serde(default)]
    title: String,
}

/// `POST /puzzle`: a new draft with just a title.
#[utoipa::path(post, path = "/puzzle", tag = "puzzles", security(("token" = [])), request_body = CreateBody,
    responses((status = 201, body = PuzzleDocument, description = "The new draft, with its solution"),
        BadRequest, Unauthorized, Forbidden, PayloadTooLarge))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    LegacyJson(body): LegacyJson<CreateBody>,
) -> AppResult<Response> {
    let id = authoring::create(&state.pool, &caller, &body.title).await?;
    let document = documents::with_solution(&state.pool, &caller, id, Authors::Ids).await?;
    Ok((StatusCode::CREATED, Json(document)).into_response())
}

/// `GET /puzzle/:id`: hidden tests only for the author and moderators.
#[utoipa::path(get, path = "/puzzle/{id}", tag = "puzzles", params(ObjectId),
    responses((status = 200, body = PuzzleDocument), BadRequest, Forbidden, NotFound))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    ObjectId { id }: ObjectId,
) -> AppResult<Json<PuzzleDocument>> {
    Ok(Json(documents::one(&state.pool, &caller, puzzle_id(&id)?, Authors::Populated).await?))
}

/// The legacy edit body: every key optional; absent keys keep their stored value.
#[derive(Deserialize, ToSchema, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct UpdateBody {
    title: Option<String>,
    statement: Option<String>,
    constraints: Option<String>,
    difficulty: Option<Difficulty>,
    tags: Option<Vec<Tag>>,
    validators: Option<Vec<LegacyTest>>,
    solution: Option<LegacySolution>,
    visibility: Option<Visibility>,
}

#[derive(Deserialize, ToSchema, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct LegacyTest {
    #[serde(rename = "_id")]
    id: Option<Id>,
    #[serde(default)]
    input: String,
    #[serde(default)]
    output: String,
    /// Not sent by the legacy frontend: tests it does not flag keep their flag.
    is_public: Option<bool>,
}

#[derive(Deserialize, ToSchema, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct LegacySolution {
    code: Option<String>,
    /// An id, or a language document whose `_id` counts.
    programming_language: Option<Value>,
}

impl LegacySolution {
    fn language(&self) -> Option<Id> {
        match self.programming_language.as_ref()? {
            Value::String(id) => id.parse().ok(),
            Value::Object(doc) => doc.get("_id")?.as_str()?.parse().ok(),
            _ => None,
        }
    }
}

impl From<UpdateBody> for PuzzleChange {
    fn from(body: UpdateBody) -> Self {
        PuzzleChange {
            title: body.title,
            statement: body.statement,
            constraints: body.constraints,
            difficulty: body.difficulty,
            tags: body.tags,
            tests: body.validators.map(|tests| {
                tests
                    .into_iter()
                    .map(|t| TestChange {
                        id: t.id,
                        input: t.input,
                        output: t.output,
                        is_public: t.is_public,
                    })
                    .collect()
            }),
            solution_language: body.solution.as_ref().and_then(LegacySolution::language),
            solution_code: body.solution.and_then(|s| s.code),
            visibility: body.visibility,
        }
    }
}

/// `PUT /puzzle/:id`: author or moderator; a `visibility` is a workflow move.
#[utoipa::path(put, path = "/puzzle/{id}", tag = "puzzles", security(("token" = [])), params(ObjectId),
    request_body = UpdateBody,
    responses((status = 200, body = PuzzleDocument), BadRequest, Unauthorized, Forbidden, NotFound, Conflict,
        PayloadTooLarge))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    ObjectId { id }: ObjectId,
    LegacyJson(body): LegacyJson<UpdateBody>,
) -> AppResult<Json<PuzzleDocument>> {
    let id = puzzle_id(&id)?;
    authoring::change(&state, &caller, id, body.into()).await?;
    Ok(Json(documents::one(&state.pool, &caller, id, Authors::Ids).await?))
}

#[derive(Serialize, ToSchema, TS)]
pub struct ErrorMessage {
    error: &'static str,
    message: String,
}

/// `DELETE /puzzle/:id`: the author, while the puzzle was never public.
#[utoipa::path(delete, path = "/puzzle/{id}", tag = "puzzles", security(("token" = [])), params(ObjectId),
    responses((status = 204, description = "Deleted"), BadRequest, Unauthorized, Forbidden,
        (status = 404, body = ErrorMessage, description = "No such puzzle")))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    ObjectId { id }: ObjectId,
) -> AppResult<Response> {
    let id = puzzle_id(&id)?;
    match authoring::delete(&state.pool, &caller, id).await {
        Ok(()) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(AppError::NotFound(_)) => Ok((
            StatusCode::NOT_FOUND,
            Json(ErrorMessage {
                error: "Puzzle not found",
                message: format!("Couldn't find puzzle with id ({id})"),
            }),
        )
            .into_response()),
        Err(error) => Err(error),
    }
}

/// `GET /puzzle/:id/solution`: the whole puzzle with its solution, for its author
/// and moderators.
#[utoipa::path(get, path = "/puzzle/{id}/solution", tag = "puzzles", security(("token" = [])), params(ObjectId),
    responses((status = 200, body = PuzzleDocument), BadRequest, Unauthorized, Forbidden, NotFound))]
pub async fn solution(
    State(state): State<AppState>,
    caller: Caller,
    ObjectId { id }: ObjectId,
) -> AppResult<Json<PuzzleDocument>> {
    Ok(Json(documents::with_solution(&state.pool, &caller, puzzle_id(&id)?, Authors::Populated).await?))
}

/// `GET /user/:username/puzzle`: the owner sees every state, others the published.
#[utoipa::path(get, path = "/user/{username}/puzzle", tag = "puzzles", params(Username, PageQuery),
    responses((status = 200, body = Page<PuzzleDocument>), BadRequest, NotFound))]
pub async fn by_user(
    State(state): State<AppState>,
    caller: Caller,
    Username { username }: Username,
    query: PageQuery,
) -> AppResult<Json<Page<PuzzleDocument>>> {
    rules::check_username(&username).map_err(|_| AppError::BadRequest("username is invalid".into()))?;
    let request = query.validate()?;
    let owner = users::by_username(&state.pool, &username)
        .await?
        .ok_or_else(|| AppError::not_found("User not found"))?;
    Ok(Json(documents::of_author(&state.pool, &caller, owner.id, request.page, request.page_size).await?))
}

#[derive(Serialize, ToSchema, TS)]
pub struct Languages {
    languages: Vec<Language>,
}

/// `GET /programming-language`: the languages the runner offers now.
#[utoipa::path(get, path = "/programming-language", tag = "puzzles",
    responses((status = 200, body = Languages)))]
pub async fn languages(State(state): State<AppState>) -> AppResult<Json<Languages>> {
    Ok(Json(Languages { languages: languages::service::active(&state.pool).await? }))
}

#[utoipa::path(get, path = "/programming-language/{id}", tag = "puzzles", params(ObjectId),
    responses((status = 200, body = Language), (status = 404, body = BareError, description = "No such language")))]
pub async fn language(State(state): State<AppState>, ObjectId { id }: ObjectId) -> AppResult<Response> {
    let found = match id.parse() {
        Ok(id) => languages::service::by_id(&state.pool, id).await?,
        Err(_) => None,
    };
    Ok(match found {
        Some(language) => Json(language).into_response(),
        None => BareError::answer(StatusCode::NOT_FOUND, "Programming language not found"),
    })
}
