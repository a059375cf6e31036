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
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, types::Json};

/// Who may open a game or lobby socket: a signed-in user who is not banned, within
/// the per-address limit of new sockets.
pub fn admit<'c>(state: &AppState, caller: &'c Caller) -> AppResult<&'c User> {
    state.rate_limits.check_socket(caller.address())?;
    caller.user()
}

#[derive(Debug, Clone)]
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

/// Reads the row without locking it.
async fn find(db: &mut PgConnection, id: Id) -> Result<Option<GameRow>, AppError> {
    Ok(sqlx::query_as!(
        GameRow,
        r#"SELECT id AS "id: Id", owner_id AS "owner_id: Id", puzzle_id AS "puzzle_id: Id",
                  status AS "status: GameStatus", options AS "options: Json<GameOptions>", invite_code,
                  created_at AS "created_at: Timestamp", starts_at AS "starts_at: Timestamp",
                  ends_at AS "ends_at: Timestamp"
           FROM games WHERE id = $1"#,
        id as Id,
    )
    .fetch_optional(db)
    .await?)
}

/// Locks the row: rooms change one transaction at a time.
/// Whether the user has a seat in the room or game.
async fn seated(db: &mut PgConnection, game: Id, user: Id) -> AppResult<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM game_players WHERE game_id = $1 AND user_id = $2) AS "seated!""#,
        game as Id,
        user as Id,
    )
    .fetch_one(db)
    .await?)
}

async fn lock(tx: &mut PgConnection, id: Id) -> Result<Option<GameRow>, AppError> {
    Ok(sqlx::query_as!(
        GameRow,
        r#"SELECT id AS "id: Id", owner_id AS "owner_id: Id", puzzle_id AS "puzzle_id: Id",
                  status AS "status: GameStatus", options AS "options: Json<GameOptions>", invite_code,
                  created_at AS "created_at: Timestamp", starts_at AS "starts_at: Timestamp",
                  ends_at AS "ends_at: Timestamp"
           FROM games WHERE id = $1 FOR UPDATE"#,
        id as Id,
    )
    .fetch_optional(tx)
    .await?)
}

/// The room's members, earliest first.
async fn members(db: &mut PgConnection, room: Id) -> Result<Vec<Member<Id>>, AppError> {
    Ok(sqlx::query_as!(
        Member,
        r#"SELECT gp.user_id AS "user_id: Id", u.username, gp.joined_at AS "joined_at: DateTime<Utc>"
           FROM game_players gp JOIN users u ON u.id = gp.user_id
           WHERE gp.game_id = $1 ORDER BY gp.joined_at, gp.user_id"#,
        room as Id,
    )
    .fetch_all(db)
    .await?)
}
