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
    if let Some(mode) = apply(tx, game).await? {
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
/// first rated, at the instant it was rated, through the same rule as the incremental
/// path, so the result equals it bit for bit; then the same for the solo matches.
/// The replay runs in memory and writes once. Games ending and submissions judged
/// meanwhile wait for it; the leaderboards are snapshotted again afterwards. For the
/// operator command and moderators.
pub async fn recompute_all(pool: &PgPool) -> AppResult<Replayed> {
    let mut tx = pool.begin().await?;
    // Games ending meanwhile write these rows; they wait until the replay commits.
    sqlx::query!("LOCK TABLE user_metrics, rating_history IN SHARE ROW EXCLUSIVE MODE")
        .execute(&mut *tx)
        .await?;
    sqlx::query!("DELETE FROM rating_history").execute(&mut *tx).await?;
    sqlx::query!("DELETE FROM user_metrics").execute(&mut *tx).await?;
    let seats = sqlx::query!(
        r#"SELECT g.id AS "game: Id", g.mode AS "mode: GameMode",
                  coalesce(g.rated_at, g.finished_at, g.ends_at) AS "at!: DateTime<Utc>",
                  p.user_id AS "user: Id", p.rank AS "rank!", p.score AS "score!"
           FROM games g JOIN game_players p ON p.game_id = g.id
           WHERE g.status = 'completed' AND g.rated
             AND NOT p.late AND p.submission_id IS NOT NULL AND p.rank IS NOT NULL AND p.score IS NOT NULL
           ORDER BY coalesce(g.rated_at, g.finished_at, g.ends_at), g.id, p.user_id"#
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut games: Vec<RatedGame> = Vec::new();
    for row in seats {
        if games.last().is_none_or(|game| game.id != row.game) {
            games.push(RatedGame {
                id: row.game,
                mode: row.mode,
                at: row.at,
                seats: Vec::new(),
                changes: Vec::new(),
            });
        }
        if let Some(game) = games.last_mut() {
            game.seats.push(seat(row.user, row.rank, row.score));
        }
    }
    let mut standings: HashMap<GameMode, HashMap<Id, Standing>> = HashMap::new();
    let mut replayed = Replayed::default();
    for game in &mut games {
        let pool = standings.entry(game.mode).or_default();
        game.changes = rules::rate_game(&game.seats, pool, game.at);
        for change in &game.changes {
            pool.insert(change.user, change.after);
        }
        if !game.changes.is_empty() {
            *replayed.games.entry(game.mode).or_default() += 1;
        }
    }
    write(&mut tx, &games).await?;
    replayed.solo_matches = solo::replay(&mut tx).await?;
    tx.commit().await?;
    boards::retake(pool).await?;
    Ok(replayed)
}

/// A completed rated game, its players seated from the start who submitted, and what
/// rating it did to them.
struct RatedGame {
    id: Id,
    mode: GameMode,
    at: DateTime<Utc>,
    seats: Vec<Seat<Id>>,
    changes: Vec<rules::Change<Id>>,
}

fn seat(user: Id, rank: i32, score: f64) -> Seat<Id> {
    Seat { user, rank: u32::try_from(rank).unwrap_or(u32::MAX), score }
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

/// Rates one completed game now, once its players' rows are locked. Returns the mode
/// when anyone was rated.
async fn apply(tx: &mut PgConnection, game: Id) -> AppResult<Option<GameMode>> {
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
    let seats: Vec<Seat<Id>> = sqlx::query!(
        r#"SELECT user_id AS "user: Id", rank AS "rank!", score AS "score!" FROM game_players
           WHERE game_id = $1 AND NOT late AND submission_id IS NOT NULL AND rank IS NOT NULL AND score IS NOT NULL
           ORDER BY user_id"#,
        game as Id,
    )
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|row| seat(row.user, row.rank, row.score))
    .collect();
    if seats.len() < 2 {
        return Ok(None);
    }
    let users: Vec<Id> = seats.iter().map(|s| s.user).collect();
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
    let at = sqlx::query_scalar!(r#"SELECT clock_timestamp() AS "now!: DateTime<Utc>""#)
        .fetch_one(&mut *tx)
        .await?;
    let changes = rules::rate_game(&seats, &standings, at);
    let rated = !changes.is_empty();
    write(tx, &[RatedGame { id: game, mode, at, seats, changes }]).await?;
    Ok(rated.then_some(mode))
}

/// Stores rated games in order: each player's standing after the last of them, a
/// history row per player and game, and the instant each game was rated.
async fn write(tx: &mut PgConnection, games: &[RatedGame]) -> AppResult<()> {
    let mut modes: Vec<GameMode> = Vec::new();
    for game in games {
        if !modes.contains(&game.mode) {
            modes.push(game.mode);
        }
    }
    for mode in modes {
        let changes: Vec<(&RatedGame, &rules::Change<Id>)> = games
            .iter()
            .filter(|game| game.mode == mode)
            .flat_map(|game| game.changes.iter().map(move |change| (game, change)))
            .collect();
        let mut last: HashMap<Id, Standing> = HashMap::new();
        for (_, change) in &changes {
            last.insert(change.user, change.after);
        }
        let mut finals: Vec<(Id, Standing)> = last.into_iter().collect();
        finals.sort_by_key(|(id, _)| *id);
        write_standings(tx, mode, &finals).await?;
        write_history(tx, mode, &changes).await?;
    }
    sqlx::query!(
        "UPDATE games g SET rated_at = r.at FROM unnest($1::bytea[], $2::timestamptz[]) AS r (id, at)
         WHERE g.id = r.id AND g.rated_at IS DISTINCT FROM r.at",
        &games.iter().map(|game| game.id).collect::<Vec<Id>>() as &[Id],
        &games.iter().map(|game| game.at).collect::<Vec<DateTime<Utc>>>() as &[DateTime<Utc>],
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

async fn write_standings(tx: &mut PgConnection, mode: GameMode, rows: &[(Id, Standing)]) -> AppResult<()> {
    let float = |f: fn(&Standing) -> f64| rows.iter().map(|(_, s)| f(s)).collect::<Vec<f64>>();
    let count = |f: fn(&Standing) -> u32| {
        rows.iter().map(|(_, s)| i32::try_from(f(s)).unwrap_or(i32::MAX)).collect::<Vec<i32>>()
    };
    sqlx::query!(
        "INSERT INTO user_metrics (user_id, game_mode, rating, deviation, volatility, games_played, games_won,
                                   current_streak, best_streak, best_score, total_score, last_game_at, rated_at)
         SELECT c.user_id, $1, c.rating, c.deviation, c.volatility, c.played, c.won, c.streak, c.best_streak,
                c.best_score, c.total_score, c.at, c.at
         FROM unnest($2::bytea[], $3::float8[], $4::float8[], $5::float8[], $6::int4[], $7::int4[], $8::int4[],
                     $9::int4[], $10::float8[], $11::float8[], $12::timestamptz[])
              AS c (user_id, rating, deviation, volatility, played, won, streak, best_streak, best_score, total_score, at)
         ON CONFLICT (user_id, game_mode) DO UPDATE SET rating = excluded.rating, deviation = excluded.deviation,
             volatility = excluded.volatility, games_played = excluded.games_played, games_won = excluded.games_won,
             current_streak = excluded.current_streak, best_streak = excluded.best_streak,
             best_score = excluded.best_score, total_score = excluded.total_score,
             last_game_at = excluded.last_game_at, rated_at = excluded.rated_at",
        mode as GameMode,
        &rows.iter().map(|(id, _)| *id).collect::<Vec<Id>>() as &[Id],
        &float(|s| s.rating.rating),
        &float(|s| s.rating.rd),
        &float(|s| s.rating.volatility),
        &count(|s| s.games_played),
        &count(|s| s.games_won),
        &count(|s| s.current_streak),
        &count(|s| s.best_streak),
        &float(|s| s.best_score),
        &float(|s| s.total_score),
        &rows.iter().map(|(_, s)| s.last_game_at).collect::<Vec<_>>() as &[Option<DateTime<Utc>>],
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

async fn write_history(
    tx: &mut PgConnection,
    mode: GameMode,
    changes: &[(&RatedGame, &rules::Change<Id>)],
) -> AppResult<()> {
    let float = |f: fn(&rules::Change<Id>) -> f64| changes.iter().map(|(_, c)| f(c)).collect::<Vec<f64>>();
    sqlx::query!(
        "INSERT INTO rating_history (game_id, user_id, game_mode, rating_before, deviation_before,
                                     rating_after, deviation_after, volatility_after, rank, rated_at)
         SELECT c.game_id, c.user_id, $1, c.rating_before, c.deviation_before, c.rating_after, c.deviation_after,
                c.volatility_after, c.rank, c.at
         FROM unnest($2::bytea[], $3::bytea[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::float8[],
                     $9::int4[], $10::timestamptz[])
              AS c (game_id, user_id, rating_before, deviation_before, rating_after, deviation_after,
                    volatility_after, rank, at)",
        mode as GameMode,
        &changes.iter().map(|(game, _)| game.id).collect::<Vec<Id>>() as &[Id],
        &changes.iter().map(|(_, c)| c.user).collect::<Vec<Id>>() as &[Id],
        &float(|c| c.before.rating),
        &float(|c| c.before.rd),
        &float(|c| c.after.rating.rating),
        &float(|c| c.after.rating.rd),
        &float(|c| c.after.rating.volatility),
        &changes.iter().map(|(_, c)| i32::try_from(c.rank).unwrap_or(i32::MAX)).collect::<Vec<i32>>(),
        &changes.iter().map(|(game, _)| game.at).collect::<Vec<DateTime<Utc>>>() as &[DateTime<Utc>],
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}
