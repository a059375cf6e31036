//! What a profile shows of a user's competing: their rating, rank and record on every
//! board with its history, their puzzle solving, and their finished games.

use crate::{
    core::{AppError, AppResult, Id, Page, Timestamp},
    games::rules::{glicko2::Rating, modes::GameMode},
    leaderboard::{
        Board, BoardRecord, GAMES_PAGE_SIZE, HISTORY_POINTS, PlayedGame, PlayerRecord, RatingPoint,
        SolvingRecord, rules,
    },
};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;

/// The record of the user called `username`; `None` for unknown users. `games_page`
/// is the page of their finished games.
pub async fn of_user(pool: &PgPool, username: &str, games_page: u32) -> AppResult<Option<PlayerRecord>> {
    if username.contains('\0') {
        return Err(AppError::BadRequest("A username cannot contain NUL".into()));
    }
    let Some(user) = sqlx::query_scalar!(
        r#"SELECT id AS "id: Id" FROM users WHERE lower(username) = lower($1)"#,
        username
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(PlayerRecord {
        boards: boards(pool, user).await?,
        solving: solving(pool, user).await?,
        games: games(pool, user, games_page.max(1)).await?,
    }))
}

struct BoardRow {
    board: String,
    rank: Option<i32>,
    rating: f64,
    deviation: f64,
    volatility: f64,
    played: i32,
    won: i32,
    current_streak: i32,
    best_streak: i32,
    last_at: Option<DateTime<Utc>>,
}

struct PointRow {
    board: String,
    rating: f64,
    at: Timestamp,
}

/// Every board the user was rated on, in tab order, deviations grown to now as the
/// leaderboards show them, each with its latest ratings, oldest first.
async fn boards(pool: &PgPool, user: Id) -> AppResult<Vec<BoardRecord>> {
    let rows = sqlx::query_as!(
        BoardRow,
        r#"SELECT game_mode::text AS "board!", rank AS "rank?", rating AS "rating!", deviation AS "deviation!",
                  volatility AS "volatility!", games_played AS "played!", games_won AS "won!",
                  current_streak AS "current_streak!", best_streak AS "best_streak!",
                  last_game_at AS "last_at?: DateTime<Utc>"
           FROM user_metrics WHERE user_id = $1 AND games_played > 0
           UNION ALL
           SELECT 'solo', rank, rating, deviation, volatility, matches, wins, current_streak, best_streak,
                  last_match_at
           FROM solo_ratings WHERE user_id = $1 AND matches > 0"#,
        user as Id,
    )
    .fetch_all(pool)
    .await?;
    let points = sqlx::query_as!(
        PointRow,
        r#"SELECT board AS "board!", rating AS "rating!", at AS "at!: Timestamp" FROM (
               SELECT game_mode::text AS board, rating_after AS rating, rated_at AS at,
                      row_number() OVER (PARTITION BY game_mode ORDER BY rated_at DESC) AS latest
               FROM rating_history WHERE user_id = $1
               UNION ALL
               SELECT 'solo', player_rating_after, rated_at, row_number() OVER (ORDER BY rated_at DESC)
               FROM solo_matches WHERE user_id = $1
           ) h WHERE latest <= $2 ORDER BY at"#,
        user as Id,
        i64::try_from(HISTORY_POINTS).unwrap_or(i64::MAX),
    )
    .fetch_all(pool)
    .await?;
    let count = |n: i32| u32::try_from(n).unwrap_or(0);
    let now = Utc::now();
    let mut records: Vec<BoardRecord> = rows
        .into_iter()
        .filter_map(|row| {
            let board = Board::parse(&row.board)?;
            let stored = Rating { rating: row.rating, rd: row.deviation, volatility: row.volatility };
            let rating = rules::current(stored, row.last_at, now);
            let history = points
                .iter()
                .filter(|point| point.board == row.board)
                .map(|point| RatingPoint { at: point.at, rating: point.rating })
                .collect();
            Some(BoardRecord {
                board,
                rank: row.rank.map(count),
                rating: rating.rating,
                deviation: rating.rd,
                played: count(row.played),
                won: count(row.won),
                current_streak: count(row.current_streak),
                best_streak: count(row.best_streak),
                history,
            })
        })
        .collect();
    let order: Vec<Board> = Board::all().collect();
    records.sort_by_key(|record| order.iter().position(|board| *board == record.board));
    Ok(records)
}

/// Puzzles solved, judged submissions, the daily solving streak and the mean time
/// from a first submission on a puzzle to the first accepted one.
async fn solving(pool: &PgPool, user: Id) -> AppResult<SolvingRecord> {
    let totals = sqlx::query!(
        r#"SELECT count(DISTINCT puzzle_id) FILTER (WHERE result = 'success') AS "solved!",
                  count(*) FILTER (WHERE status = 'judged') AS "attempts!"
           FROM submissions WHERE user_id = $1"#,
        user as Id,
    )
    .fetch_one(pool)
    .await?;
    let average_solve_seconds = sqlx::query_scalar!(
        r#"SELECT avg(extract(epoch FROM first_success - first_try))::float8 FROM (
               SELECT min(created_at) FILTER (WHERE result = 'success') AS first_success, min(created_at) AS first_try
               FROM submissions WHERE user_id = $1 GROUP BY puzzle_id
           ) s WHERE first_success IS NOT NULL"#,
        user as Id,
    )
    .fetch_one(pool)
    .await?;
    // A streak is at most as long as the days listed; a year covers any real one.
    let days = sqlx::query_scalar!(
        r#"SELECT DISTINCT (created_at AT TIME ZONE 'UTC')::date AS "day!: NaiveDate" FROM submissions
           WHERE user_id = $1 AND result = 'success' ORDER BY 1 DESC LIMIT 366"#,
        user as Id,
    )
    .fetch_all(pool)
    .await?;
    let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(SolvingRecord {
        solved: count(totals.solved),
        attempts: count(totals.attempts),
        streak_days: rules::day_streak(&days, Utc::now().date_naive()),
        average_solve_seconds,
    })
}

struct GameRow {
    game_id: Id,
    mode: GameMode,
    puzzle_title: Option<String>,
    rank: Option<i32>,
    players: i64,
    rated: bool,
    rating_change: Option<f64>,
    finished_at: Timestamp,
}

/// One page of the user's finished games, the latest joined first.
async fn games(pool: &PgPool, user: Id, page: u32) -> AppResult<Page<PlayedGame>> {
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM game_players gp JOIN games g ON g.id = gp.game_id
           WHERE gp.user_id = $1 AND g.status = 'completed'"#,
        user as Id,
    )
    .fetch_one(pool)
    .await?;
    let rows = sqlx::query_as!(
        GameRow,
        r#"SELECT g.id AS "game_id: Id", g.mode AS "mode: GameMode", p.title AS "puzzle_title?", gp.rank,
                  (SELECT count(*) FROM game_players o WHERE o.game_id = g.id) AS "players!", g.rated,
                  h.rating_after - h.rating_before AS "rating_change?",
                  coalesce(g.finished_at, g.ends_at, g.created_at) AS "finished_at!: Timestamp"
           FROM game_players gp
           JOIN games g ON g.id = gp.game_id
           LEFT JOIN puzzles p ON p.id = g.puzzle_id
           LEFT JOIN rating_history h ON h.game_id = g.id AND h.user_id = gp.user_id
           WHERE gp.user_id = $1 AND g.status = 'completed'
           ORDER BY gp.joined_at DESC, g.id DESC OFFSET $2 LIMIT $3"#,
        user as Id,
        Page::<()>::offset(page, GAMES_PAGE_SIZE),
        i64::from(GAMES_PAGE_SIZE),
    )
    .fetch_all(pool)
    .await?;
    let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    let items = rows
        .into_iter()
        .map(|row| PlayedGame {
            game_id: row.game_id,
            mode: row.mode,
            puzzle_title: row.puzzle_title,
            rank: row.rank.and_then(|rank| u32::try_from(rank).ok()),
            players: count(row.players),
            rated: row.rated,
            rating_change: row.rating_change,
            finished_at: row.finished_at,
        })
        .collect();
    Ok(Page::new(items, page, GAMES_PAGE_SIZE, u64::try_from(total).unwrap_or(0)))
}
