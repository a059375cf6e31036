//! `/puzzle...`, `/user/:username/puzzle` and `/programming-language...`.

use super::{
    docs,
    json::LegacyJson,
    pagination::{Envelope, PageQuery},
};
use app::{
    accounts::{
        PublicUser, Viewer,
        auth::{self, AuthSession},
        rules,
        service::users,
    },
    core::{AppError, AppResult, Id, state::AppState},
    languages,
    puzzles::{
        Difficulty, PuzzleDraft, PuzzleQuery, Sort, Tag, Validator, ValidatorDraft, Visibility,
        service::{PuzzleRow, Tests, authoring, listing, publishing, reading},
    },
};
use axum::{
    Json,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;

fn puzzle_id(raw: &str) -> AppResult<Id> {
    raw.parse().map_err(|_| AppError::BadRequest("Invalid puzzle id".into()))
}

fn viewer_of(session: &AuthSession) -> Option<Viewer> {
    session.user.as_ref().filter(|u| u.ban_error().is_none()).map(|u| u.viewer())
}

/// Puzzle documents for `rows` with their authors populated.
async fn documents(state: &AppState, records: Vec<(PuzzleRow, Vec<Validator>)>) -> AppResult<Vec<Value>> {
    let author_ids: Vec<Id> = records.iter().map(|(row, _)| row.author_id).collect();
    let authors: HashMap<Id, PublicUser> =
        users::by_ids(&state.pool, &author_ids).await?.into_iter().map(|u| (u.id, u)).collect();
    Ok(records
        .into_iter()
        .map(|(row, tests)| {
            docs::puzzle(&row, docs::author(authors.get(&row.author_id), row.author_id), &tests)
        })
        .collect())
}

/// `GET /puzzle`: published puzzles, newest first.
pub async fn list(State(state): State<AppState>, Query(query): Query<PageQuery>) -> AppResult<Json<Value>> {
    let request = query.validate()?;
    let search = PuzzleQuery { page: request.page, sort: Sort::Newest, ..PuzzleQuery::default() };
    let page = state.catalogue.page(&state.pool, &search, request.page_size).await?;
    let ids: Vec<Id> = page.items.iter().map(|card| card.id).collect();
    let items = documents(&state, reading::records(&state.pool, &ids, Tests::PublicOnly).await?).await?;
    Ok(Json(json!(Envelope::new(request, page.total_items, items))))
}

#[derive(Deserialize)]
pub struct CreateBody {
    #[serde(default)]
    title: String,
}

/// `POST /puzzle`: a new draft with just a title.
pub async fn create(
    State(state): State<AppState>,
    session: AuthSession,
    LegacyJson(body): LegacyJson<CreateBody>,
) -> AppResult<Response> {
    let user = auth::require_user(&session)?;
    let id = authoring::create(&state.pool, user.id, &body.title).await?;
    let (row, tests) = reading::visible(&state.pool, id, Some(&user.viewer())).await?;
    let mut doc = docs::puzzle(&row, json!(row.author_id), &tests);
    doc["solution"] = json!({ "code": row.solution_code });
    Ok((StatusCode::CREATED, Json(doc)).into_response())
}

/// `GET /puzzle/:id`: hidden tests only for the author and moderators.
pub async fn get(
    State(state): State<AppState>,
    session: AuthSession,
    Path(id): Path<String>,
) -> AppResult<Json<Value>> {
    let viewer = viewer_of(&session);
    let record = reading::visible(&state.pool, puzzle_id(&id)?, viewer.as_ref()).await?;
    let mut docs = documents(&state, vec![record]).await?;
    Ok(Json(docs.remove(0)))
}

/// The legacy edit body: every key optional; absent keys keep their stored value.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateBody {
    title: Option<String>,
    statement: Option<String>,
    constraints: Option<String>,
    difficulty: Option<Difficulty>,
    tags: Option<Vec<Tag>>,
    validators: Option<Vec<LegacyValidator>>,
    solution: Option<LegacySolution>,
    visibility: Option<Visibility>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LegacyValidator {
    #[serde(rename = "_id")]
    id: Option<Id>,
    #[serde(default)]
    input: String,
    #[serde(default)]
    output: String,
    /// Not sent by the legacy frontend: tests it does not flag keep their flag.
    is_public: Option<bool>,
}

#[derive(Deserialize)]
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

impl UpdateBody {
    /// The stored draft with this body's changes applied.
    fn apply_to(self, mut draft: PuzzleDraft) -> PuzzleDraft {
        let flags: HashMap<Id, bool> =
            draft.validators.iter().filter_map(|v| Some((v.id?, v.is_public))).collect();
        if let Some(title) = self.title {
            draft.title = title;
        }
        if let Some(statement) = self.statement {
            draft.statement = statement;
        }
        if let Some(constraints) = self.constraints {
            draft.constraints = constraints;
        }
        if let Some(difficulty) = self.difficulty {
            draft.difficulty = difficulty;
        }
        if let Some(tags) = self.tags {
            draft.tags = tags;
        }
        if let Some(tests) = self.validators {
            draft.validators = tests
                .into_iter()
                .map(|t| ValidatorDraft {
                    is_public: t.is_public.or_else(|| flags.get(&t.id?).copied()).unwrap_or(false),
                    id: t.id,
                    input: t.input,
                    output: t.output,
                })
                .collect();
        }
        if let Some(solution) = self.solution {
            draft.solution_language = solution.language().or(draft.solution_language);
            if let Some(code) = solution.code {
                draft.solution_code = code;
            }
        }
        draft
    }
}

/// `PUT /puzzle/:id`: author or moderator. A `visibility` different from the stored
/// one is a workflow move, checked like any other, after the content is saved.
pub async fn update(
    State(state): State<AppState>,
    session: AuthSession,
    Path(id): Path<String>,
    LegacyJson(body): LegacyJson<UpdateBody>,
) -> AppResult<Json<Value>> {
    let user = auth::require_user(&session)?;
    let viewer = user.viewer();
    let id = puzzle_id(&id)?;
    let requested = body.visibility;
    let current = reading::editor(&state.pool, id, &viewer).await?;
    let draft = body.apply_to(current.draft.clone());
    // Saving changes a checked puzzle back to draft, so only real changes are saved.
    let state_now = if draft == current.draft {
        current.visibility
    } else {
        authoring::save(&state.pool, &state.catalogue, id, &viewer, draft).await?
    };
    if let Some(to) = requested.filter(|to| *to != state_now) {
        publishing::transition(&state.pool, state.runner.as_ref(), &state.catalogue, id, &viewer, to, None)
            .await?;
    }
    let (row, tests) = reading::visible(&state.pool, id, Some(&viewer)).await?;
    Ok(Json(docs::puzzle(&row, json!(row.author_id), &tests)))
}

/// `DELETE /puzzle/:id`: the author, while the puzzle was never public.
pub async fn delete(
    State(state): State<AppState>,
    session: AuthSession,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let user = auth::require_user(&session)?;
    let id = puzzle_id(&id)?;
    match authoring::delete(&state.pool, id, &user.viewer()).await {
        Ok(()) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(AppError::NotFound(_)) => Ok((
            StatusCode::NOT_FOUND,
            Json(json!({ "error": "Puzzle not found", "message": format!("Couldn't find puzzle with id ({id})") })),
        )
            .into_response()),
        Err(error) => Err(error),
    }
}

/// `GET /puzzle/:id/solution`: the whole puzzle with its solution, for its author
/// and moderators.
pub async fn solution(
    State(state): State<AppState>,
    session: AuthSession,
    Path(id): Path<String>,
) -> AppResult<Json<Value>> {
    let user = auth::require_user(&session)?;
    let viewer = user.viewer();
    let (row, tests) = reading::visible(&state.pool, puzzle_id(&id)?, Some(&viewer)).await?;
    if !(row.author_id == viewer.id || viewer.is_moderator()) {
        return Err(AppError::Forbidden("Not authorized".into()));
    }
    let language = match row.solution_language_id {
        Some(language) => languages::service::by_id(&state.pool, language).await?,
        None => None,
    };
    let mut docs = documents(&state, vec![(row.clone(), tests)]).await?;
    let mut doc = docs.remove(0);
    doc["solution"] = json!({ "code": row.solution_code });
    if let Some(language) = language {
        doc["solution"]["programmingLanguage"] = json!(language);
    }
    Ok(Json(doc))
}

/// `GET /user/:username/puzzle`: the owner sees every state, others the published.
pub async fn by_user(
    State(state): State<AppState>,
    session: AuthSession,
    Path(username): Path<String>,
    Query(query): Query<PageQuery>,
) -> AppResult<Json<Value>> {
    rules::check_username(&username).map_err(|_| AppError::BadRequest("username is invalid".into()))?;
    let request = query.validate()?;
    let owner = users::by_username(&state.pool, &username)
        .await?
        .ok_or_else(|| AppError::not_found("User not found"))?;
    let everything = viewer_of(&session).is_some_and(|v| v.id == owner.id);
    let page = listing::by_author(&state.pool, owner.id, everything, request.page, request.page_size).await?;
    let ids: Vec<Id> = page.items.iter().map(|card| card.id).collect();
    let tests = if everything { Tests::All } else { Tests::PublicOnly };
    let items = documents(&state, reading::records(&state.pool, &ids, tests).await?).await?;
    Ok(Json(json!(Envelope::new(request, page.total_items, items))))
}

/// `GET /programming-language`: the languages the runner offers now.
pub async fn languages(State(state): State<AppState>) -> AppResult<Json<Value>> {
    let languages = languages::service::active(&state.pool).await?;
    Ok(Json(json!({ "languages": languages.iter().map(docs::language).collect::<Vec<_>>() })))
}

pub async fn language(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Response> {
    let found = match id.parse() {
        Ok(id) => languages::service::by_id(&state.pool, id).await?,
        Err(_) => None,
    };
    Ok(match found {
        Some(language) => Json(docs::language(&language)).into_response(),
        None => (StatusCode::NOT_FOUND, Json(json!({ "error": "Programming language not found" })))
            .into_response(),
    })
}
