//! The solo pool: every approved puzzle is a Glicko-2 player, and a user's first
//! judged submission on it is a match between the two (accepted: the user wins).
//! Rated once, in the transaction that stores the verdict, and replayed by the
//! recompute through the same rule and the same writes.

use super::boards;
use crate::{
    core::{AppResult, Id},
    games::rules::glicko2::Rating,
    leaderboard::{
        Board,
        rules::{self, SoloChange, SoloStanding},
    },
};
use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use std::collections::HashMap;

struct StandingRow {
    rating: f64,
    deviation: f64,
    volatility: f64,
    matches: i32,
    wins: i32,
    current_streak: i32,
    best_streak: i32,
    last_match_at: Option<DateTime<Utc>>,
}

impl StandingRow {
    fn standing(&self) -> SoloStanding {
        let count = |n: i32| u32::try_from(n).unwrap_or(0);
        SoloStanding {
            rating: Rating { rating: self.rating, rd: self.deviation, volatility: self.volatility },
            matches: count(self.matches),
            wins: count(self.wins),
            current_streak: count(self.current_streak),
            best_streak: count(self.best_streak),
            last_match_at: self.last_match_at,
        }
    }
}

/// One rated match, as stored.
struct Match {
    user: Id,
    puzzle: Id,
    submission: Id,
    solved: bool,
    at: DateTime<Utc>,
}

/// Rates a judged submission as a solo match, in the transaction that stores its
/// verdict, when it is the user's first judged submission on an approved puzzle they
/// did not write. The user's row is locked first and the match looked for again
/// under the lock, so of two submissions judged at once only the first counts, and
/// a verdict stored twice rates once (the key (user, puzzle) refuses a second match).
pub async fn record(
    tx: &mut PgConnection,
    submission: Id,
    user: Id,
    puzzle: Id,
    solved: bool,
) -> AppResult<()> {
    let counts = sqlx::query_scalar!(
        r#"SELECT p.visibility = 'approved' AND p.author_id <> $2
                  AND NOT EXISTS (SELECT 1 FROM solo_matches WHERE user_id = $2 AND puzzle_id = $1) AS "counts!"
           FROM puzzles p WHERE p.id = $1"#,
        puzzle as Id,
        user as Id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    if counts != Some(true) {
        return Ok(());
    }
    sqlx::query!("INSERT INTO solo_ratings (user_id) VALUES ($1) ON CONFLICT DO NOTHING", user as Id)
        .execute(&mut *tx)
        .await?;
    let player = sqlx::query_as!(
        StandingRow,
        r#"SELECT rating, deviation, volatility, matches, wins, current_streak, best_streak,
                  last_match_at AS "last_match_at: DateTime<Utc>"
           FROM solo_ratings WHERE user_id = $1 FOR UPDATE"#,
        user as Id,
    )
    .fetch_one(&mut *tx)
    .await?;
    let played = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM solo_matches WHERE user_id = $1 AND puzzle_id = $2) AS "played!""#,
        user as Id,
        puzzle as Id,
    )
    .fetch_one(&mut *tx)
    .await?;
    if played {
        return Ok(());
    }
    sqlx::query!("INSERT INTO puzzle_ratings (puzzle_id) VALUES ($1) ON CONFLICT DO NOTHING", puzzle as Id)
        .execute(&mut *tx)
        .await?;
    let rival = sqlx::query_as!(
        StandingRow,
        r#"SELECT rating, deviation, volatility, matches, wins, 0 AS "current_streak!",
                  0 AS "best_streak!", last_match_at AS "last_match_at: DateTime<Utc>"
           FROM puzzle_ratings WHERE puzzle_id = $1 FOR UPDATE"#,
        puzzle as Id,
    )
    .fetch_one(&mut *tx)
    .await?;
    // Read after the locks, so matches sharing a user or a puzzle are ordered as applied.
    let at = sqlx::query_scalar!(r#"SELECT clock_timestamp() AS "now!: DateTime<Utc>""#)
        .fetch_one(&mut *tx)
        .await?;
    let change = rules::rate_solo(&player.standing(), &rival.standing(), solved, at);
    write(tx, &[(Match { user, puzzle, submission, solved, at }, change)]).await?;
    boards::mark_stale(tx, Board::Solo, submission).await
}

/// Forgets every solo rating and replays the stored matches in the order they were
/// rated, at the instants they were rated, in the recompute's transaction. Returns
/// how many were replayed.
pub(super) async fn replay(tx: &mut PgConnection) -> AppResult<u32> {
    sqlx::query!("LOCK TABLE solo_ratings, puzzle_ratings, solo_matches IN SHARE ROW EXCLUSIVE MODE")
        .execute(&mut *tx)
        .await?;
    sqlx::query!("DELETE FROM solo_ratings").execute(&mut *tx).await?;
    sqlx::query!("DELETE FROM puzzle_ratings").execute(&mut *tx).await?;
    let matches = sqlx::query_as!(
        Match,
        r#"SELECT user_id AS "user: Id", puzzle_id AS "puzzle: Id", submission_id AS "submission: Id", solved,
                  rated_at AS "at: DateTime<Utc>"
           FROM solo_matches ORDER BY rated_at, submission_id"#
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut players: HashMap<Id, SoloStanding> = HashMap::new();
    let mut puzzles: HashMap<Id, SoloStanding> = HashMap::new();
    let replayed: Vec<(Match, SoloChange)> = matches
        .into_iter()
        .map(|played| {
            let player = players.entry(played.user).or_default();
            let puzzle = puzzles.entry(played.puzzle).or_default();
            let change = rules::rate_solo(player, puzzle, played.solved, played.at);
            (*player, *puzzle) = (change.player, change.puzzle);
            (played, change)
        })
        .collect();
    write(tx, &replayed).await?;
    Ok(u32::try_from(replayed.len()).unwrap_or(u32::MAX))
}

/// Stores matches and the standings they leave, in order: a standing written later
/// in the list replaces an earlier one of the same player or puzzle.
async fn write(tx: &mut PgConnection, matches: &[(Match, SoloChange)]) -> AppResult<()> {
    let finals = |side: fn(&(Match, SoloChange)) -> (Id, SoloStanding)| -> Vec<(Id, SoloStanding)> {
        let mut last: HashMap<Id, SoloStanding> = HashMap::new();
        for played in matches {
            let (id, standing) = side(played);
            last.insert(id, standing);
        }
        let mut rows: Vec<(Id, SoloStanding)> = last.into_iter().collect();
        rows.sort_by_key(|(id, _)| *id);
        rows
    };
    let players = finals(|(played, change)| (played.user, change.player));
    let puzzles = finals(|(played, change)| (played.puzzle, change.puzzle));
    let ids = |rows: &[(Id, SoloStanding)]| rows.iter().map(|(id, _)| *id).collect::<Vec<Id>>();
    let float = |rows: &[(Id, SoloStanding)], f: fn(&SoloStanding) -> f64| {
        rows.iter().map(|(_, s)| f(s)).collect::<Vec<f64>>()
    };
    let count = |rows: &[(Id, SoloStanding)], f: fn(&SoloStanding) -> u32| {
        rows.iter().map(|(_, s)| i32::try_from(f(s)).unwrap_or(i32::MAX)).collect::<Vec<i32>>()
    };
    let last_at = |rows: &[(Id, SoloStanding)]| rows.iter().map(|(_, s)| s.last_match_at).collect::<Vec<_>>();
    sqlx::query!(
        "INSERT INTO solo_ratings (user_id, rating, deviation, volatility, matches, wins, current_streak, best_streak,
                                   last_match_at)
         SELECT * FROM unnest($1::bytea[], $2::float8[], $3::float8[], $4::float8[], $5::int4[], $6::int4[],
                              $7::int4[], $8::int4[], $9::timestamptz[])
         ON CONFLICT (user_id) DO UPDATE SET rating = excluded.rating, deviation = excluded.deviation,
             volatility = excluded.volatility, matches = excluded.matches, wins = excluded.wins,
             current_streak = excluded.current_streak, best_streak = excluded.best_streak,
             last_match_at = excluded.last_match_at",
        &ids(&players) as &[Id],
        &float(&players, |s| s.rating.rating),
        &float(&players, |s| s.rating.rd),
        &float(&players, |s| s.rating.volatility),
        &count(&players, |s| s.matches),
        &count(&players, |s| s.wins),
        &count(&players, |s| s.current_streak),
        &count(&players, |s| s.best_streak),
        &last_at(&players) as &[Option<DateTime<Utc>>],
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO puzzle_ratings (puzzle_id, rating, deviation, volatility, matches, wins, last_match_at)
         SELECT * FROM unnest($1::bytea[], $2::float8[], $3::float8[], $4::float8[], $5::int4[], $6::int4[],
                              $7::timestamptz[])
         ON CONFLICT (puzzle_id) DO UPDATE SET rating = excluded.rating, deviation = excluded.deviation,
             volatility = excluded.volatility, matches = excluded.matches, wins = excluded.wins,
             last_match_at = excluded.last_match_at",
        &ids(&puzzles) as &[Id],
        &float(&puzzles, |s| s.rating.rating),
        &float(&puzzles, |s| s.rating.rd),
        &float(&puzzles, |s| s.rating.volatility),
        &count(&puzzles, |s| s.matches),
        &count(&puzzles, |s| s.wins),
        &last_at(&puzzles) as &[Option<DateTime<Utc>>],
    )
    .execute(&mut *tx)
    .await?;
    let column = |f: fn(&(Match, SoloChange)) -> f64| matches.iter().map(f).collect::<Vec<f64>>();
    sqlx::query!(
        "INSERT INTO solo_matches (user_id, puzzle_id, submission_id, solved, player_rating_before,
                                   player_rating_after, puzzle_rating_before, puzzle_rating_after, rated_at)
         SELECT * FROM unnest($1::bytea[], $2::bytea[], $3::bytea[], $4::bool[], $5::float8[], $6::float8[],
                              $7::float8[], $8::float8[], $9::timestamptz[])
         ON CONFLICT (user_id, puzzle_id) DO UPDATE SET player_rating_before = excluded.player_rating_before,
             player_rating_after = excluded.player_rating_after, puzzle_rating_before = excluded.puzzle_rating_before,
             puzzle_rating_after = excluded.puzzle_rating_after",
        &matches.iter().map(|(m, _)| m.user).collect::<Vec<Id>>() as &[Id],
        &matches.iter().map(|(m, _)| m.puzzle).collect::<Vec<Id>>() as &[Id],
        &matches.iter().map(|(m, _)| m.submission).collect::<Vec<Id>>() as &[Id],
        &matches.iter().map(|(m, _)| m.solved).collect::<Vec<bool>>(),
        &column(|(_, c)| c.player_before.rating),
        &column(|(_, c)| c.player.rating.rating),
        &column(|(_, c)| c.puzzle_before.rating),
        &column(|(_, c)| c.puzzle.rating.rating),
        &matches.iter().map(|(m, _)| m.at).collect::<Vec<DateTime<Utc>>>() as &[DateTime<Utc>],
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}
