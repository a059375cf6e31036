//! Leaderboard snapshots: once an hour each mode's ranking is computed and stored,
//! and pages read a stored snapshot instead of ranking on every request.

use crate::{
    accounts::Caller,
    core::{AppError, AppResult, Id, Page, Timestamp},
    games::rules::{glicko2::Rating, modes::GameMode},
    leaderboard::{Board, LeaderboardRow, LeaderboardView, PAGE_SIZE, SEARCH_MAX, rules},
};
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use std::cmp::Ordering;

/// Takes this hour's snapshot of every board that has none yet; returns how many were
/// taken. Each (board, hour) is one row, so of many processes only one takes it.
pub async fn take_due(pool: &PgPool) -> AppResult<usize> {
    let mut taken = 0;
    for board in Board::all() {
        let mut tx = pool.begin().await?;
        if take(&mut tx, board).await? {
            taken += 1;
        }
        tx.commit().await?;
    }
    Ok(taken)
}

/// Marks a board's snapshot out of date, in the transaction that changed its ratings
/// (`change` names that change: a game, a submission).
pub async fn mark_stale(tx: &mut PgConnection, board: Board, change: Id) -> AppResult<()> {
    sqlx::query!(
        "INSERT INTO leaderboard_stale (board, change_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        board.as_str(),
        change as Id,
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Takes again the snapshot of every board whose ratings changed since it was taken;
/// returns how many were taken. The marks are deleted in the transaction that takes
/// the snapshot: a second process finds them gone (or waits for the first to commit
/// and then finds them gone), and a crash rolls both back, so the next tick retries.
pub async fn take_stale(pool: &PgPool) -> AppResult<usize> {
    let stale = sqlx::query_scalar!("SELECT DISTINCT board FROM leaderboard_stale").fetch_all(pool).await?;
    let mut taken = 0;
    for board in stale.iter().filter_map(|key| Board::parse(key)) {
        let mut tx = pool.begin().await?;
        let cleared = sqlx::query!("DELETE FROM leaderboard_stale WHERE board = $1", board.as_str())
            .execute(&mut *tx)
            .await?;
        if cleared.rows_affected() == 0 {
            continue;
        }
        sqlx::query!(
            "DELETE FROM leaderboard_snapshots WHERE board = $1 AND hour = date_trunc('hour', now())",
            board.as_str()
        )
        .execute(&mut *tx)
        .await?;
        take(&mut tx, board).await?;
        tx.commit().await?;
        taken += 1;
    }
    Ok(taken)
}

/// Replaces this hour's snapshots (after a recompute).
pub async fn retake(pool: &PgPool) -> AppResult<()> {
    let mut tx = pool.begin().await?;
    sqlx::query!("DELETE FROM leaderboard_snapshots WHERE hour = date_trunc('hour', now())")
        .execute(&mut *tx)
        .await?;
    for board in Board::all() {
        take(&mut tx, board).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A rated player as a snapshot reads them. In the solo pool, matches count as games
/// and there are no scores.
struct MetricsRow {
    user_id: Id,
    username: String,
    rating: f64,
    deviation: f64,
    volatility: f64,
    games_played: i32,
    games_won: i32,
    best_score: f64,
    total_score: f64,
    last_game_at: Option<DateTime<Utc>>,
    rated_at: Option<DateTime<Utc>>,
}

async fn rated_players(tx: &mut PgConnection, board: Board) -> AppResult<Vec<MetricsRow>> {
    Ok(match board {
        Board::Game(mode) => {
            sqlx::query_as!(
                MetricsRow,
                r#"SELECT m.user_id AS "user_id: Id", u.username, m.rating, m.deviation, m.volatility, m.games_played,
                          m.games_won, m.best_score, m.total_score, m.last_game_at AS "last_game_at: DateTime<Utc>",
                          m.rated_at AS "rated_at: DateTime<Utc>"
                   FROM user_metrics m JOIN users u ON u.id = m.user_id
                   WHERE m.game_mode = $1 AND m.games_played > 0"#,
                mode as GameMode,
            )
            .fetch_all(&mut *tx)
            .await?
        }
        Board::Solo => {
            sqlx::query_as!(
                MetricsRow,
                r#"SELECT s.user_id AS "user_id: Id", u.username, s.rating, s.deviation, s.volatility,
                          s.matches AS games_played, s.wins AS games_won, 0::float8 AS "best_score!",
                          0::float8 AS "total_score!", s.last_match_at AS "last_game_at: DateTime<Utc>",
                          s.last_match_at AS "rated_at: DateTime<Utc>"
                   FROM solo_ratings s JOIN users u ON u.id = s.user_id
                   WHERE s.matches > 0"#,
            )
            .fetch_all(&mut *tx)
            .await?
        }
    })
}

/// One board's snapshot for this hour, unless it exists. Deviations are grown to now,
/// so a player who stopped playing turns provisional again; ranked players come first,
/// best rating first, then the provisional ones.
async fn take(tx: &mut PgConnection, board: Board) -> AppResult<bool> {
    let snapshot = Id::new();
    let inserted = sqlx::query!(
        "INSERT INTO leaderboard_snapshots (id, board) VALUES ($1, $2) ON CONFLICT (board, hour) DO NOTHING",
        snapshot as Id,
        board.as_str(),
    )
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Ok(false);
    }
    let rows = rated_players(tx, board).await?;
    let now = Utc::now();
    let mut entries: Vec<(bool, Rating, &MetricsRow)> = rows
        .iter()
        .map(|row| {
            let stored = Rating { rating: row.rating, rd: row.deviation, volatility: row.volatility };
            let rating = rules::current(stored, row.last_game_at, now);
            let played = u32::try_from(row.games_played).unwrap_or(0);
            (rules::is_provisional(rating.rd, played), rating, row)
        })
        .collect();
    entries.sort_by(|(a_provisional, a, a_row), (b_provisional, b, b_row)| {
        a_provisional
            .cmp(b_provisional)
            .then(b.rating.partial_cmp(&a.rating).unwrap_or(Ordering::Equal))
            .then(a_row.user_id.cmp(&b_row.user_id))
    });
    let ranks: Vec<Option<i32>> = {
        let mut next = 0;
        entries
            .iter()
            .map(|(provisional, ..)| {
                (!provisional).then(|| {
                    next += 1;
                    next
                })
            })
            .collect()
    };
    let positions: Vec<i32> = (1..=i32::try_from(entries.len()).unwrap_or(i32::MAX)).collect();
    let column =
        |f: &dyn Fn(&(bool, Rating, &MetricsRow)) -> f64| entries.iter().map(f).collect::<Vec<f64>>();
    let ids: Vec<Id> = entries.iter().map(|(.., row)| row.user_id).collect();
    let names: Vec<String> = entries.iter().map(|(.., row)| row.username.clone()).collect();
    let played: Vec<i32> = entries.iter().map(|(.., row)| row.games_played).collect();
    let won: Vec<i32> = entries.iter().map(|(.., row)| row.games_won).collect();
    let rated_at: Vec<Option<DateTime<Utc>>> = entries.iter().map(|(.., row)| row.rated_at).collect();
    sqlx::query!(
        "INSERT INTO leaderboard_entries (snapshot_id, position, rank, user_id, username, rating, deviation, volatility,
                                          games_played, games_won, best_score, average_score, rated_at)
         SELECT $1, e.* FROM unnest($2::int4[], $3::int4[], $4::bytea[], $5::text[], $6::float8[], $7::float8[],
                                    $8::float8[], $9::int4[], $10::int4[], $11::float8[], $12::float8[], $13::timestamptz[]) AS e",
        snapshot as Id,
        &positions,
        &ranks as &[Option<i32>],
        &ids as &[Id],
        &names,
        &column(&|(_, rating, _)| rating.rating),
        &column(&|(_, rating, _)| rating.rd),
        &column(&|(_, rating, _)| rating.volatility),
        &played,
        &won,
        &column(&|(.., row)| row.best_score),
        &column(&|(.., row)| row.total_score / f64::from(row.games_played.max(1))),
        &rated_at as &[Option<DateTime<Utc>>],
    )
    .execute(&mut *tx)
    .await?;
    match board {
        Board::Game(mode) => {
            sqlx::query!(
                "UPDATE user_metrics m SET rank = e.rank FROM unnest($2::bytea[], $3::int4[]) AS e (user_id, rank)
                 WHERE m.game_mode = $1 AND m.user_id = e.user_id AND m.rank IS DISTINCT FROM e.rank",
                mode as GameMode,
                &ids as &[Id],
                &ranks as &[Option<i32>],
            )
            .execute(&mut *tx)
            .await?
        }
        Board::Solo => {
            sqlx::query!(
                "UPDATE solo_ratings s SET rank = e.rank FROM unnest($1::bytea[], $2::int4[]) AS e (user_id, rank)
                 WHERE s.user_id = e.user_id AND s.rank IS DISTINCT FROM e.rank",
                &ids as &[Id],
                &ranks as &[Option<i32>],
            )
            .execute(&mut *tx)
            .await?
        }
    };
    sqlx::query!(
        "UPDATE leaderboard_snapshots SET entry_count = $2 WHERE id = $1",
        snapshot as Id,
        i32::try_from(entries.len()).unwrap_or(i32::MAX),
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "DELETE FROM leaderboard_snapshots WHERE board = $1 AND id <> $2",
        board.as_str(),
        snapshot as Id
    )
    .execute(&mut *tx)
    .await?;
    Ok(true)
}

/// A stored leaderboard row with what the legacy documents add.
pub struct Entry {
    pub row: LeaderboardRow,
    pub volatility: f64,
    pub best_score: f64,
    pub average_score: f64,
    pub rated_at: Option<Timestamp>,
}

struct EntryRow {
    position: i32,
    rank: Option<i32>,
    user_id: Id,
    username: String,
    rating: f64,
    deviation: f64,
    volatility: f64,
    games_played: i32,
    games_won: i32,
    best_score: f64,
    average_score: f64,
    rated_at: Option<Timestamp>,
}

impl From<EntryRow> for Entry {
    fn from(e: EntryRow) -> Self {
        let count = |n: i32| u32::try_from(n).unwrap_or(0);
        Entry {
            row: LeaderboardRow {
                position: count(e.position),
                rank: e.rank.map(count),
                user_id: e.user_id,
                username: e.username,
                rating: e.rating,
                deviation: e.deviation,
                games_played: count(e.games_played),
                games_won: count(e.games_won),
            },
            volatility: e.volatility,
            best_score: e.best_score,
            average_score: e.average_score,
            rated_at: e.rated_at,
        }
    }
}

/// The newest snapshot of a board: its id, when it was taken and its size.
struct Snapshot {
    id: Id,
    taken_at: Timestamp,
    entry_count: i32,
}

async fn latest(pool: &PgPool, board: Board) -> AppResult<Option<Snapshot>> {
    Ok(sqlx::query_as!(
        Snapshot,
        r#"SELECT id AS "id: Id", taken_at AS "taken_at: Timestamp", entry_count FROM leaderboard_snapshots
           WHERE board = $1 ORDER BY hour DESC LIMIT 1"#,
        board.as_str(),
    )
    .fetch_optional(pool)
    .await?)
}

/// One page of a board's latest snapshot, in position order, and when it was taken.
pub async fn entries(
    pool: &PgPool,
    board: Board,
    page: u32,
    page_size: u32,
) -> AppResult<(Page<Entry>, Option<Timestamp>)> {
    let Some(snapshot) = latest(pool, board).await? else {
        return Ok((Page::new(Vec::new(), page, page_size, 0), None));
    };
    let rows = sqlx::query_as!(
        EntryRow,
        r#"SELECT position, rank, user_id AS "user_id: Id", username, rating, deviation, volatility, games_played,
                  games_won, best_score, average_score, rated_at AS "rated_at: Timestamp"
           FROM leaderboard_entries WHERE snapshot_id = $1 AND position > $2::int8 ORDER BY position LIMIT $3"#,
        snapshot.id as Id,
        Page::<()>::offset(page, page_size),
        i64::from(page_size),
    )
    .fetch_all(pool)
    .await?;
    let total = u64::try_from(snapshot.entry_count).unwrap_or(0);
    Ok((
        Page::new(rows.into_iter().map(Entry::from).collect(), page, page_size, total),
        Some(snapshot.taken_at),
    ))
}

/// The leaderboard page: one page of the latest snapshot, or the players whose name
/// starts with `search`, and the caller's own row wherever it is.
pub async fn view(
    pool: &PgPool,
    caller: &Caller,
    board: Board,
    page: u32,
    search: &str,
) -> AppResult<LeaderboardView> {
    let search = search.trim();
    if search.chars().count() > SEARCH_MAX || search.contains('\0') {
        return Err(AppError::validation(
            "search",
            format!("A player search is at most {SEARCH_MAX} characters"),
        ));
    }
    let page = page.max(1);
    let empty = || LeaderboardView {
        board,
        rows: Page::new(Vec::new(), page, PAGE_SIZE, 0),
        own: None,
        taken_at: None,
        search: search.to_owned(),
    };
    let Some(snapshot) = latest(pool, board).await? else {
        return Ok(empty());
    };
    let rows = if search.is_empty() {
        let (entries, _) = entries(pool, board, page, PAGE_SIZE).await?;
        entries.map(|e| e.row)
    } else {
        search_rows(pool, snapshot.id, search, page).await?
    };
    let own = match caller.signed_in() {
        Some(user) => sqlx::query_as!(
            EntryRow,
            r#"SELECT position, rank, user_id AS "user_id: Id", username, rating, deviation, volatility, games_played,
                      games_won, best_score, average_score, rated_at AS "rated_at: Timestamp"
               FROM leaderboard_entries WHERE snapshot_id = $1 AND user_id = $2"#,
            snapshot.id as Id,
            user.id as Id,
        )
        .fetch_optional(pool)
        .await?
        .map(|e| Entry::from(e).row),
        None => None,
    };
    Ok(LeaderboardView { rows, own, taken_at: Some(snapshot.taken_at), ..empty() })
}

/// Players of a snapshot whose name starts with `search` (case-insensitive).
async fn search_rows(
    pool: &PgPool,
    snapshot: Id,
    search: &str,
    page: u32,
) -> AppResult<Page<LeaderboardRow>> {
    let escaped: String = search
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    let prefix = format!("{escaped}%");
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM leaderboard_entries WHERE snapshot_id = $1 AND lower(username) LIKE $2"#,
        snapshot as Id,
        prefix,
    )
    .fetch_one(pool)
    .await?;
    let rows = sqlx::query_as!(
        EntryRow,
        r#"SELECT position, rank, user_id AS "user_id: Id", username, rating, deviation, volatility, games_played,
                  games_won, best_score, average_score, rated_at AS "rated_at: Timestamp"
           FROM leaderboard_entries WHERE snapshot_id = $1 AND lower(username) LIKE $2
           ORDER BY position OFFSET $3 LIMIT $4"#,
        snapshot as Id,
        prefix,
        Page::<()>::offset(page, PAGE_SIZE),
        i64::from(PAGE_SIZE),
    )
    .fetch_all(pool)
    .await?;
    let rows = rows.into_iter().map(|e| Entry::from(e).row).collect();
    Ok(Page::new(rows, page, PAGE_SIZE, u64::try_from(total).unwrap_or(0)))
}

/// A user's standing in every mode they have played, with their stored rank.
pub struct ModeStanding {
    pub mode: GameMode,
    pub rank: Option<u32>,
    pub rating: f64,
    pub deviation: f64,
    pub games_played: u32,
    pub games_won: u32,
}

pub async fn standings(pool: &PgPool, user: Id) -> AppResult<Vec<ModeStanding>> {
    let rows = sqlx::query!(
        r#"SELECT game_mode AS "mode: GameMode", rank, rating, deviation, games_played, games_won
           FROM user_metrics WHERE user_id = $1 AND games_played > 0 ORDER BY game_mode"#,
        user as Id,
    )
    .fetch_all(pool)
    .await?;
    let count = |n: i32| u32::try_from(n).unwrap_or(0);
    Ok(rows
        .into_iter()
        .map(|r| ModeStanding {
            mode: r.mode,
            rank: r.rank.map(count),
            rating: r.rating,
            deviation: r.deviation,
            games_played: count(r.games_played),
            games_won: count(r.games_won),
        })
        .collect())
}
