//! `/leaderboard/...` (spec 2.10): a mode's ranking, one user's rankings, and the
//! moderators' recalculation.

use super::pagination::PageQuery;
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
    extract::{Path, Query, State},
};

/// The legacy leaderboard's page size when none is asked for.
const DEFAULT_PAGE_SIZE: u32 = 50;

/// `GET /leaderboard/:gameMode`.
pub async fn ranking(
    State(state): State<AppState>,
    Path(mode): Path<String>,
    Query(query): Query<PageQuery>,
) -> AppResult<Json<LeaderboardDocument>> {
    let mode: GameMode = mode
        .parse()
        .map_err(|e: app::games::rules::modes::UnknownGameMode| AppError::BadRequest(e.to_string()))?;
    let request = query.validate_or(DEFAULT_PAGE_SIZE)?;
    let (page, _) = boards::entries(&state.pool, Board::Game(mode), request.page, request.page_size).await?;
    Ok(Json(LeaderboardDocument::new(mode, page)))
}

fn unknown_mode() -> AppError {
    AppError::BadRequest(UnknownGameMode.to_string())
}

/// `GET /leaderboard/recalculate` asks for a mode called "recalculate", as in the
/// legacy router, where the static segment only exists for POST.
pub async fn not_a_mode() -> AppError {
    unknown_mode()
}

/// `GET /leaderboard/user/:id`.
pub async fn user(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> AppResult<Json<UserRankingsDocument>> {
    let missing = || AppError::NotFound("User couldn't be found".into());
    let id: Id = id.parse().map_err(|_| missing())?;
    let user = users::by_id(&state.pool, id).await?.ok_or_else(missing)?;
    let standings = boards::standings(&state.pool, id).await?;
    Ok(Json(UserRankingsDocument::new(id, user.username, standings)))
}

/// `POST /leaderboard/recalculate`: moderators only.
pub async fn recalculate(
    State(state): State<AppState>,
    caller: Caller,
) -> AppResult<Json<RecalculatedDocument>> {
    Ok(Json(ratings::recompute(&state.pool, &caller).await?.into()))
}
