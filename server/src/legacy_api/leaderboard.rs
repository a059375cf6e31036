//! `/leaderboard/...` (spec 2.10): a mode's ranking, one user's rankings, and the
//! moderators' recalculation.

use super::{
    openapi::{BadRequest, Forbidden, NotFound, ObjectId, Unauthorized},
    pagination::PageQuery,
};
use app::{
    accounts::{Caller, service::users},
    core::{AppError, AppResult, Id},
    games::rules::modes::{GameMode, UnknownGameMode},
    leaderboard::{
        Board,
        legacy::{LeaderboardDocument, RecalculatedDocument, UserRankingsDocument},
        service::{boards, ratings},
    },
    state::AppState,
};
use axum::{
    Json,
    extract::{Path, State},
};

/// The legacy leaderboard's page size when none is asked for.
const DEFAULT_PAGE_SIZE: u32 = 50;

fn unknown_mode() -> AppError {
    AppError::BadRequest(UnknownGameMode.to_string())
}

/// `GET /leaderboard/:gameMode`: a snapshot of the mode's ranking, provisional
/// players left out.
#[utoipa::path(get, path = "/leaderboard/{mode}", tag = "leaderboard",
    params(("mode" = GameMode, Path, description = "Any other value is a 400"), PageQuery),
    responses((status = 200, body = LeaderboardDocument), BadRequest))]
pub async fn ranking(
    State(state): State<AppState>,
    Path(mode): Path<String>,
    query: PageQuery,
) -> AppResult<Json<LeaderboardDocument>> {
    let mode: GameMode = mode.parse().map_err(|_| unknown_mode())?;
    let request = query.validate_or(DEFAULT_PAGE_SIZE)?;
    let (page, _) = boards::entries(&state.pool, Board::Game(mode), request.page, request.page_size).await?;
    Ok(Json(LeaderboardDocument::new(mode, page)))
}

/// `GET /leaderboard/recalculate` asks for a mode called "recalculate", as in the
/// legacy router, where the static segment only exists for POST.
#[utoipa::path(get, path = "/leaderboard/recalculate", tag = "leaderboard", responses(BadRequest))]
pub async fn not_a_mode() -> AppError {
    unknown_mode()
}

/// `GET /leaderboard/user/:id`: the user's rank, rating and record in every mode.
#[utoipa::path(get, path = "/leaderboard/user/{id}", tag = "leaderboard", params(ObjectId),
    responses((status = 200, body = UserRankingsDocument), NotFound))]
pub async fn user(
    State(state): State<AppState>,
    ObjectId { id }: ObjectId,
) -> AppResult<Json<UserRankingsDocument>> {
    let missing = || AppError::NotFound("User couldn't be found".into());
    let id: Id = id.parse().map_err(|_| missing())?;
    let user = users::by_id(&state.pool, id).await?.ok_or_else(missing)?;
    let standings = boards::standings(&state.pool, id).await?;
    Ok(Json(UserRankingsDocument::new(id, user.username, standings)))
}

/// `POST /leaderboard/recalculate`: replays every finished rated game; moderators
/// only (the legacy API let anyone).
#[utoipa::path(post, path = "/leaderboard/recalculate", tag = "leaderboard", security(("token" = [])),
    responses((status = 200, body = RecalculatedDocument), Unauthorized, Forbidden))]
pub async fn recalculate(
    State(state): State<AppState>,
    caller: Caller,
) -> AppResult<Json<RecalculatedDocument>> {
    Ok(Json(ratings::recompute(&state.pool, &caller).await?.into()))
}
