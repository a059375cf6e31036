//! Rooms and games: the only place with SQL about them. A room is a `games` row in
//! the `waiting` state whose members are `game_players` rows; starting it turns the
//! same row into the game, and its members into the players.

pub mod games;
pub mod rooms;

use super::{GameOptions, GameStatus, rules::lifecycle::Member};
use crate::{
    accounts::{Caller, User},
    core::{AppError, AppResult, Id, Timestamp},
    state::AppState,
};
use sqlx::{FromRow, PgConnection, types::Json};

/// Who may open a game or lobby socket: a signed-in user who is not banned, within
/// the per-address limit of new sockets.
pub fn admit<'c>(state: &AppState, caller: &'c Caller) -> AppResult<&'c User> {
    state.rate_limits.check_socket(caller.address())?;
    caller.user()
}

#[derive(Debug, Clone, FromRow)]
struct GameRow {
    id: Id,
    owner_id: Id,
    puzzle_id: Option<Id>,
    status: GameStatus,
    options: Json<GameOptions>,
    invite_code: Option<String>,
    created_at: Timestamp,
    starts_at: Option<Timestamp>,
    ends_at: Option<Timestamp>,
}

const GAME_SQL: &str =
    "SELECT id, owner_id, puzzle_id, status, options, invite_code, created_at, starts_at, ends_at FROM games";

/// Locks the row: rooms change one transaction at a time.
async fn lock(tx: &mut PgConnection, id: Id) -> Result<Option<GameRow>, AppError> {
    Ok(sqlx::query_as::<_, GameRow>(&format!("{GAME_SQL} WHERE id = $1 FOR UPDATE"))
        .bind(id)
        .fetch_optional(tx)
        .await?)
}

/// The room's members, earliest first.
async fn members(db: &mut PgConnection, room: Id) -> Result<Vec<Member<Id>>, AppError> {
    let rows: Vec<(Id, String, Timestamp)> = sqlx::query_as(
        "SELECT gp.user_id, u.username, gp.joined_at FROM game_players gp JOIN users u ON u.id = gp.user_id
         WHERE gp.game_id = $1 ORDER BY gp.joined_at, gp.user_id",
    )
    .bind(room)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(user_id, username, joined_at)| Member { user_id, username, joined_at: joined_at.0 })
        .collect())
}
