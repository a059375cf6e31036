//! Applying ratings: once per rated game, in the transaction that ends it, and all
//! over again, in the same order and by the same code, when recomputed.

use super::{boards, solo};
use crate::{
    accounts::Caller,
    core::{AppResult, Id},
    games::rules::{glicko2::Rating, modes::GameMode},
    leaderboard::{
        Board,
        rules::{self, Seat, Standing},
    },
};
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use std::collections::HashMap;

/// Rates a game that has just ended, in the transaction that ended it: its players
/// seated from the start who submitted, in its mode. A no-op for unrated games. The
/// history's key (game, player) refuses a second application. The mode's leaderboard
/// is taken again within seconds of the commit.
pub async fn rate(tx: &mut PgConnection, game: Id) -> AppResult<()> {
    if let Some(mode) = apply(tx, game, None).await? {
        boards::mark_stale(tx, Board::Game(mode), game).await?;
    }
    Ok(())
}

/// How many games a recompute replayed, per mode, and how many solo matches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Replayed {
    pub games: HashMap<GameMode, u32>,
    pub solo_matches: u32,
}

impl Replayed {
    pub fn total(&self) -> u32 {
        self.games.values().sum()
    }
}

/// A moderator recomputes every rating from scratch.
pub async fn recompute(pool: &PgPool, caller: &Caller) -> AppResult<Replayed> {
    caller.moderator()?;
    recompute_all(pool).await
}

/// Forgets every rating and replays every finished rated game in the order it was
/// first rated, at the instant it was rated, so the result equals the incremental
/// one bit for bit; then the same for the solo matches. Games ending and submissions
/// judged meanwhile wait for the replay; the leaderboards are snapshotted again
/// afterwards. For the operator command and moderators.
pub async fn recompute_all(pool: &PgPool) -> AppResult<Replayed> {
    let mut tx = pool.begin().await?;
    // Games ending meanwhile write these rows; they wait until the replay commits.
    sqlx::query!("LOCK TABLE user_metrics, rating_history IN SHARE ROW EXCLUSIVE MODE")
        .execute(&mut *tx)
        .await?;
    sqlx::query!("DELETE FROM rating_history").execute(&mut *tx).await?;
    sqlx::query!("DELETE FROM user_metrics").execute(&mut *tx).await?;
    let games = sqlx::query!(
        r#"SELECT id AS "id: Id", mode AS "mode: GameMode", coalesce(rated_at, finished_at, ends_at) AS "at!: DateTime<Utc>"
           FROM games WHERE status = 'completed' AND rated
           ORDER BY coalesce(rated_at, finished_at, ends_at), id"#
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut replayed = Replayed::default();
    for game in games {
        if apply(&mut tx, game.id, Some(game.at)).await?.is_some() {
            *replayed.games.entry(game.mode).or_default() += 1;
        }
    }
    replayed.solo_matches = solo::replay(&mut tx).await?;
    tx.commit().await?;
    boards::retake(pool).await?;
    Ok(replayed)
}

struct SeatRow {
    user_id: Id,
    rank: i32,
    score: f64,
}

struct StandingRow {
    user_id: Id,
    rating: f64,
    deviation: f64,
    volatility: f64,
    games_played: i32,
    games_won: i32,
    current_streak: i32,
    best_streak: i32,
    best_score: f64,
    total_score: f64,
    last_game_at: Option<DateTime<Utc>>,
}

impl StandingRow {
    fn standing(&self) -> Standing {
        let count = |n: i32| u32::try_from(n).unwrap_or(0);
        Standing {
            rating: Rating { rating: self.rating, rd: self.deviation, volatility: self.volatility },
            games_played: count(self.games_played),
            games_won: count(self.games_won),
            current_streak: count(self.current_streak),
            best_streak: count(self.best_streak),
            best_score: self.best_score,
            total_score: self.total_score,
            last_game_at: self.last_game_at,
        }
    }
}

/// Rates one completed game `at` the given instant (now, once the players' rows are
/// locked, unless replaying). Returns the mode when anyone was rated.
async fn apply(
    tx: &mut PgConnection,
    game: Id,
    replay_at: Option<DateTime<Utc>>,
) -> AppResult<Option<GameMode>> {
    let Some(found) = sqlx::query!(
        r#"SELECT mode AS "mode: GameMode", rated FROM games WHERE id = $1 AND status = 'completed'"#,
        game as Id,
    )
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(None);
    };
    if !found.rated {
        return Ok(None);
    }
    let mode = found.mode;
    let seats = sqlx::query_as!(
        SeatRow,
        r#"SELECT user_id AS "user_id: Id", rank AS "rank!", score AS "score!" FROM game_players
           WHERE game_id = $1 AND NOT late AND submission_id IS NOT NULL AND rank IS NOT NULL AND score IS NOT NULL
           ORDER BY user_id"#,
        game as Id,
    )
    .fetch_all(&mut *tx)
    .await?;
    if seats.len() < 2 {
        return Ok(None);
    }
    let users: Vec<Id> = seats.iter().map(|s| s.user_id).collect();
    // Rows exist before they are locked, in id order, so that two games sharing
    // players wait for each other instead of deadlocking or overwriting.
    sqlx::query!(
        "INSERT INTO user_metrics (user_id, game_mode) SELECT id, $2 FROM unnest($1::bytea[]) AS id ORDER BY id
         ON CONFLICT DO NOTHING",
        &users as &[Id],
        mode as GameMode,
    )
    .execute(&mut *tx)
    .await?;
    let standings: HashMap<Id, Standing> = sqlx::query_as!(
        StandingRow,
        r#"SELECT user_id AS "user_id: Id", rating, deviation, volatility, games_played, games_won,
                  current_streak, best_streak, best_score, total_score, last_game_at AS "last_game_at: DateTime<Utc>"
           FROM user_metrics WHERE game_mode = $1 AND user_id = ANY ($2) ORDER BY user_id FOR UPDATE"#,
        mode as GameMode,
        &users as &[Id],
    )
    .fetch_all(&mut *tx)
    .await?
    .iter()
    .map(|row| (row.user_id, row.standing()))
    .collect();
    let at = match replay_at {
        Some(at) => at,
        None => {
            sqlx::query_scalar!(r#"SELECT clock_timestamp() AS "now!: DateTime<Utc>""#)
                .fetch_one(&mut *tx)
                .await?
        }
    };
    let seats: Vec<Seat<Id>> = seats
        .iter()
        .map(|s| Seat { user: s.user_id, rank: u32::try_from(s.rank).unwrap_or(u32::MAX), score: s.score })
        .collect();
    let changes = rules::rate_game(&seats, &standings, at);
    let column = |f: &dyn Fn(&rules::Change<Id>) -> f64| changes.iter().map(f).collect::<Vec<f64>>();
    let count = |f: &dyn Fn(&rules::Change<Id>) -> u32| {
        changes.iter().map(|c| i32::try_from(f(c)).unwrap_or(i32::MAX)).collect::<Vec<i32>>()
    };
    let ids: Vec<Id> = changes.iter().map(|c| c.user).collect();
    sqlx::query!(
        "UPDATE user_metrics m SET rating = c.rating, deviation = c.deviation, volatility = c.volatility,
                games_played = c.played, games_won = c.won, current_streak = c.streak, best_streak = c.best_streak,
                best_score = c.best_score, total_score = c.total_score, last_game_at = $12, rated_at = $12
         FROM unnest($2::bytea[], $3::float8[], $4::float8[], $5::float8[], $6::int4[], $7::int4[], $8::int4[],
                     $9::int4[], $10::float8[], $11::float8[])
              AS c (user_id, rating, deviation, volatility, played, won, streak, best_streak, best_score, total_score)
         WHERE m.game_mode = $1 AND m.user_id = c.user_id",
        mode as GameMode,
        &ids as &[Id],
        &column(&|c| c.after.rating.rating),
        &column(&|c| c.after.rating.rd),
        &column(&|c| c.after.rating.volatility),
        &count(&|c| c.after.games_played),
        &count(&|c| c.after.games_won),
        &count(&|c| c.after.current_streak),
        &count(&|c| c.after.best_streak),
        &column(&|c| c.after.best_score),
        &column(&|c| c.after.total_score),
        at as DateTime<Utc>,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO rating_history (game_id, user_id, game_mode, rating_before, deviation_before,
                                     rating_after, deviation_after, volatility_after, rank, rated_at)
         SELECT $1, c.user_id, $2, c.rating_before, c.deviation_before, c.rating_after, c.deviation_after,
                c.volatility_after, c.rank, $10
         FROM unnest($3::bytea[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::int4[])
              AS c (user_id, rating_before, deviation_before, rating_after, deviation_after, volatility_after, rank)",
        game as Id,
        mode as GameMode,
        &ids as &[Id],
        &column(&|c| c.before.rating),
        &column(&|c| c.before.rd),
        &column(&|c| c.after.rating.rating),
        &column(&|c| c.after.rating.rd),
        &column(&|c| c.after.rating.volatility),
        &count(&|c| c.rank),
        at as DateTime<Utc>,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!("UPDATE games SET rated_at = $2 WHERE id = $1", game as Id, at as DateTime<Utc>)
        .execute(&mut *tx)
        .await?;
    Ok((!changes.is_empty()).then_some(mode))
}
