//! Games in play: what their sockets show, late joins, chat, linking submissions,
//! and the end, decided once by the server.

use super::{GameRow, find, lock, seated};
use crate::{
    accounts::{
        Caller, PublicUser,
        service::{preferences, users},
    },
    core::{AppError, AppResult, Id, Timestamp},
    events::{Event, publish},
    games::{
        GameDto, GameStatus, GameSubmissionDto, SubmissionResultDto,
        protocol::{ChatMessage, GAME_CHAT_MAX, LANGUAGE_NAME_MAX, Said},
        rules::{
            lifecycle::{Game, GameClock, GameError, GamePhase, SUBMISSION_BUFFER},
            modes::GameMode,
            scoring::{self, PlayerResult, RankedPlayer, Submission},
        },
    },
    languages::Language,
    leaderboard::service::ratings,
    submissions::{SubmissionStatus, TestResult},
};
use sqlx::{PgConnection, PgPool};
use std::collections::HashMap;

/// How far a game's players got.
struct PlayerRow {
    user_id: Id,
    username: String,
    submission_id: Option<Id>,
    score: Option<f64>,
    rank: Option<i32>,
}

/// A linked submission with its language's columns.
struct LinkedRow {
    id: Id,
    user_id: Id,
    code: String,
    created_at: Timestamp,
    result: Option<TestResult>,
    success_rate: Option<f64>,
    language_id: Id,
    language: String,
    version: String,
    aliases: Vec<String>,
    runtime: Option<String>,
}

impl LinkedRow {
    fn language(&self) -> Language {
        Language {
            id: self.language_id,
            language: self.language.clone(),
            version: self.version.clone(),
            aliases: self.aliases.clone(),
            runtime: self.runtime.clone(),
        }
    }
}

struct Loaded {
    row: GameRow,
    clock: GameClock,
    players: Vec<PlayerRow>,
    linked: Vec<LinkedRow>,
}

impl Loaded {
    fn mode(&self) -> GameMode {
        self.row.options.0.mode
    }

    fn rules(&self) -> Game<Id> {
        Game {
            clock: self.clock,
            owner: self.row.owner_id,
            players: self.players.iter().map(|p| p.user_id).collect(),
            submitted: self.players.iter().filter(|p| p.submission_id.is_some()).map(|p| p.user_id).collect(),
        }
    }

    /// Every player's standing under the game's mode, best first.
    fn ranking(&self) -> Vec<RankedPlayer<Id>> {
        let submissions: HashMap<Id, &LinkedRow> = self.linked.iter().map(|s| (s.user_id, s)).collect();
        let results = self
            .players
            .iter()
            .map(|p| PlayerResult {
                user_id: p.user_id,
                username: p.username.clone(),
                submission: submissions.get(&p.user_id).map(|s| Submission {
                    success_rate: s.success_rate.unwrap_or(0.0),
                    time_spent_secs: self.clock.seconds_since_start(s.created_at.0),
                    code_length: scoring::code_length(&s.code),
                    attempts: 1,
                    submitted_at: s.created_at.0,
                }),
            })
            .collect();
        scoring::rank(self.mode(), results)
    }
}

/// A started game with its players and linked submissions; `None` for rooms still
/// waiting and for unknown ids.
async fn load(db: &mut PgConnection, game: Id, for_update: bool) -> AppResult<Option<Loaded>> {
    let row = if for_update { lock(db, game).await? } else { find(db, game).await? };
    let Some(row) = row else { return Ok(None) };
    let (Some(starts_at), Some(ends_at)) = (row.starts_at, row.ends_at) else {
        return Ok(None);
    };
    let clock = GameClock { created_at: row.created_at.0, starts_at: starts_at.0, ends_at: ends_at.0 };
    let players = sqlx::query_as!(
        PlayerRow,
        r#"SELECT gp.user_id AS "user_id: Id", u.username, gp.submission_id AS "submission_id: Id", gp.score, gp.rank
           FROM game_players gp JOIN users u ON u.id = gp.user_id
           WHERE gp.game_id = $1 ORDER BY gp.joined_at, gp.user_id"#,
        game as Id,
    )
    .fetch_all(&mut *db)
    .await?;
    let linked = sqlx::query_as!(
        LinkedRow,
        r#"SELECT s.id AS "id: Id", s.user_id AS "user_id: Id", s.code, s.created_at AS "created_at: Timestamp",
                  s.result AS "result: TestResult", s.success_rate,
                  l.id AS "language_id: Id", l.language, l.version, l.aliases, l.runtime
           FROM game_players gp JOIN submissions s ON s.id = gp.submission_id
           JOIN programming_languages l ON l.id = s.language_id WHERE gp.game_id = $1"#,
        game as Id,
    )
    .fetch_all(&mut *db)
    .await?;
    Ok(Some(Loaded { row, clock, players, linked }))
}

/// The game as its sockets show it: standings best first, code revealed once it ended.
pub async fn dto(pool: &PgPool, game: Id) -> AppResult<Option<GameDto>> {
    let mut db = pool.acquire().await?;
    let Some(loaded) = load(&mut db, game, false).await? else {
        return Ok(None);
    };
    let mut ids: Vec<Id> = loaded.players.iter().map(|p| p.user_id).collect();
    ids.push(loaded.row.owner_id);
    let people: HashMap<Id, PublicUser> =
        users::by_ids(pool, &ids).await?.into_iter().map(|u| (u.id, u)).collect();
    let person = |id: &Id| people.get(id).cloned();
    let ended = loaded.row.status == GameStatus::Completed;
    let stored: HashMap<Id, (Option<f64>, Option<i32>)> =
        loaded.players.iter().map(|p| (p.user_id, (p.score, p.rank))).collect();
    let submissions: HashMap<Id, &LinkedRow> = loaded.linked.iter().map(|s| (s.user_id, s)).collect();
    let player_submissions = loaded
        .ranking()
        .into_iter()
        .filter_map(|ranked| {
            let linked = submissions.get(&ranked.player.user_id)?;
            let (score, rank) = if ended {
                stored.get(&linked.user_id).copied().unwrap_or_default()
            } else {
                (Some(ranked.score), Some(ranked.rank as i32))
            };
            Some(GameSubmissionDto {
                id: linked.id,
                code: ended.then(|| linked.code.clone()),
                programming_language: linked.language(),
                created_at: linked.created_at,
                puzzle: loaded.row.puzzle_id?,
                result: SubmissionResultDto {
                    result: linked.result.unwrap_or(TestResult::Unknown),
                    success_rate: linked.success_rate.unwrap_or(0.0),
                },
                user: person(&linked.user_id)?,
                code_length: scoring::code_length(&linked.code),
                time_spent: loaded.clock.seconds_since_start(linked.created_at.0).max(0.0),
                score,
                rank: rank.map(|r| r as u32),
            })
        })
        .collect();
    Ok(Some(GameDto {
        id: game,
        players: loaded.players.iter().filter_map(|p| person(&p.user_id)).collect(),
        owner: person(&loaded.row.owner_id).ok_or_else(|| AppError::internal("game", "owner missing"))?,
        puzzle: loaded.row.puzzle_id.ok_or_else(|| AppError::internal("game", "puzzle missing"))?,
        start_time: loaded.clock.starts_at.into(),
        end_time: loaded.clock.ends_at.into(),
        created_at: loaded.row.created_at,
        options: loaded.row.options.0.clone(),
        player_submissions,
        status: loaded.row.status,
    }))
}

/// Whether the caller sees the game's puzzle now: players do, once it has started.
pub fn shows_puzzle(game: &GameDto, caller: &Caller, now: chrono::DateTime<chrono::Utc>) -> bool {
    let clock =
        GameClock { created_at: game.created_at.0, starts_at: game.start_time.0, ends_at: game.end_time.0 };
    clock.phase(now) != GamePhase::Countdown
        && caller.signed_in().is_some_and(|user| game.players.iter().any(|p| p.id == user.id))
}

/// The caller joins a running game late (allowed until its end time); a no-op for players.
pub async fn join_late(pool: &PgPool, caller: &Caller, game: Id) -> AppResult<()> {
    let user = caller.user()?;
    let mut tx = pool.begin().await?;
    let loaded = load(&mut tx, game, true).await?.ok_or_else(|| AppError::not_found("Game not found"))?;
    if loaded.rules().players.contains(&user.id) {
        return Ok(());
    }
    loaded.rules().join(user.id, chrono::Utc::now()).map_err(|e| AppError::BadRequest(e.to_string()))?;
    sqlx::query!(
        "INSERT INTO game_players (game_id, user_id, late) VALUES ($1, $2, true) ON CONFLICT DO NOTHING",
        game as Id,
        user.id as Id,
    )
    .execute(&mut *tx)
    .await?;
    publish(&mut tx, &[Event::GameChanged { game }]).await?;
    tx.commit().await?;
    Ok(())
}

/// A chat message from a player, stored and published with the sender's own name.
pub async fn chat(pool: &PgPool, caller: &Caller, game: Id, message: &str) -> AppResult<ChatMessage> {
    let user = caller.user()?;
    let length = message.chars().count();
    if length == 0 || length > GAME_CHAT_MAX {
        return Err(AppError::validation("message", format!("A message is 1 to {GAME_CHAT_MAX} characters")));
    }
    let mut tx = pool.begin().await?;
    let player = seated(&mut tx, game, user.id).await?;
    if !player {
        return Err(AppError::Forbidden("User not in this game".into()));
    }
    let stored = sqlx::query!(
        r#"INSERT INTO chat_messages (id, game_id, user_id, username, message) VALUES ($1, $2, $3, $4, $5)
           RETURNING id AS "id: Id", created_at AS "created_at: Timestamp""#,
        Id::new() as Id,
        game as Id,
        user.id as Id,
        user.username,
        message,
    )
    .fetch_one(&mut *tx)
    .await?;
    let message = ChatMessage {
        id: stored.id,
        username: user.username.clone(),
        message: message.to_owned(),
        created_at: stored.created_at,
        blocked: false,
    };
    publish(&mut tx, &[Event::GameChat { game, message: message.id }]).await?;
    tx.commit().await?;
    Ok(message)
}

/// The most recent chat of a game, oldest first, for (re)connecting players.
pub async fn recent_chat(pool: &PgPool, game: Id, limit: i64) -> AppResult<Vec<Said>> {
    let mut messages = sqlx::query_as!(
        ChatRow,
        r#"SELECT id AS "id: Id", user_id AS "author: Id", username, message, created_at AS "created_at: Timestamp"
           FROM chat_messages WHERE game_id = $1 AND NOT lobby AND NOT is_deleted
           ORDER BY created_at DESC, id DESC LIMIT $2"#,
        game as Id,
        limit,
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(Said::from)
    .collect::<Vec<_>>();
    messages.reverse();
    Ok(messages)
}

/// Whose chat the caller does not read: the users they blocked (nobody for visitors).
pub async fn blocked_chat(pool: &PgPool, caller: &Caller) -> AppResult<Vec<Id>> {
    match caller.signed_in() {
        Some(user) => preferences::blocked_ids(pool, user.id).await,
        None => Ok(Vec::new()),
    }
}

/// Tells the game's sockets that a player changed language. Only players may, and
/// only to one of the game's languages (any active one when the room allowed all).
pub async fn announce_language(pool: &PgPool, caller: &Caller, game: Id, language: &str) -> AppResult<()> {
    let user = caller.user()?;
    if language.len() > LANGUAGE_NAME_MAX {
        return Err(AppError::validation("language", "Unknown language"));
    }
    let mut db = pool.acquire().await?;
    let loaded = load(&mut db, game, false).await?.ok_or_else(|| AppError::not_found("Game not found"))?;
    if !loaded.players.iter().any(|p| p.user_id == user.id) {
        return Err(AppError::Forbidden("User not in this game".into()));
    }
    let allowed = &loaded.row.options.0.allowed_languages;
    let language = sqlx::query_scalar!(
        r#"SELECT id AS "id: Id" FROM programming_languages
           WHERE is_active AND (language = $1 OR $1 = ANY (aliases)) AND (cardinality($2::bytea[]) = 0 OR id = ANY ($2))
           ORDER BY language = $1 DESC, id LIMIT 1"#,
        language,
        allowed as &[Id],
    )
    .fetch_optional(&mut *db)
    .await?
    .ok_or_else(|| AppError::validation("language", "This game is not played in that language"))?;
    publish(&mut db, &[Event::LanguageChanged { game, user: user.id, language }]).await
}

/// One stored chat message, lobby or game, with its author; `None` once deleted.
pub async fn chat_message(pool: &PgPool, id: Id) -> AppResult<Option<Said>> {
    let row = sqlx::query_as!(
        ChatRow,
        r#"SELECT id AS "id: Id", user_id AS "author: Id", username, message, created_at AS "created_at: Timestamp"
           FROM chat_messages WHERE id = $1 AND NOT is_deleted"#,
        id as Id,
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(Said::from))
}

struct ChatRow {
    id: Id,
    author: Id,
    username: String,
    message: String,
    created_at: Timestamp,
}

impl From<ChatRow> for Said {
    fn from(row: ChatRow) -> Self {
        let message = ChatMessage {
            id: row.id,
            username: row.username,
            message: row.message,
            created_at: row.created_at,
            blocked: false,
        };
        Said { author: row.author, message }
    }
}

/// Tells the game's sockets to refresh (a player says they submitted).
pub async fn announce_change(pool: &PgPool, game: Id) -> AppResult<()> {
    let mut db = pool.acquire().await?;
    publish(&mut db, &[Event::GameChanged { game }]).await
}

/// Where a linked submission stands.
pub struct Linked {
    pub position: Option<usize>,
    pub player_count: usize,
}

/// Links a player's judged submission to the game: only a player's own submission,
/// for the game's puzzle, made and linked within the game's time, once, and
/// accepted by the game's mode. When every player has submitted, the game ends.
pub async fn link_submission(pool: &PgPool, caller: &Caller, game: Id, submission: Id) -> AppResult<Linked> {
    let user = caller.user()?;
    let mut tx = pool.begin().await?;
    let found = sqlx::query!(
        r#"SELECT puzzle_id AS "puzzle_id: Id", user_id AS "user_id: Id", status AS "status: SubmissionStatus",
                  success_rate, created_at AS "created_at: Timestamp"
           FROM submissions WHERE id = $1"#,
        submission as Id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    let (puzzle, status, success_rate, created_at) = match found {
        Some(found) if found.user_id == user.id => {
            (found.puzzle_id, found.status, found.success_rate, found.created_at)
        }
        _ => {
            return Err(AppError::NotFound(format!(
                "couldn't find a submission with id ({submission}) belonging to user with id ({})",
                user.id
            )));
        }
    };
    let loaded = load(&mut tx, game, true)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("couldn't find a game with id ({game})")))?;
    if loaded.row.puzzle_id != Some(puzzle) {
        return Err(AppError::BadRequest("This submission is for another puzzle".into()));
    }
    if status != SubmissionStatus::Judged {
        return Err(AppError::BadRequest("The submission is still being judged".into()));
    }
    let candidate = Submission {
        success_rate: success_rate.unwrap_or(0.0),
        time_spent_secs: loaded.clock.seconds_since_start(created_at.0),
        code_length: 0,
        attempts: 1,
        submitted_at: created_at.0,
    };
    scoring::accepts(loaded.mode(), &candidate)
        .map_err(|r| AppError::BadRequest(format!("{r}: {}", r.reason)))?;
    let next =
        loaded.rules().link_submission(&user.id, created_at.0, chrono::Utc::now()).map_err(|error| {
            match error {
                GameError::NotAPlayer => AppError::Forbidden(error.to_string()),
                GameError::SubmissionTooOld => {
                    AppError::BadRequest(format!("Submission too old for game with id ({game})"))
                }
                GameError::AlreadySubmitted => {
                    AppError::BadRequest(format!("User {} has already submitted to game {game}", user.id))
                }
                other => AppError::BadRequest(other.to_string()),
            }
        })?;
    let linked = sqlx::query!(
        "UPDATE game_players SET submission_id = $3 WHERE game_id = $1 AND user_id = $2 AND submission_id IS NULL",
        game as Id,
        user.id as Id,
        submission as Id,
    )
    .execute(&mut *tx)
    .await?;
    if linked.rows_affected() == 0 {
        return Err(AppError::BadRequest(format!("User {} has already submitted to game {game}", user.id)));
    }
    sqlx::query!("UPDATE submissions SET game_id = $2 WHERE id = $1", submission as Id, game as Id)
        .execute(&mut *tx)
        .await?;
    let everyone = next.submitted.len() == next.players.len();
    let reloaded = load(&mut tx, game, false).await?.ok_or_else(|| AppError::internal("game", "vanished"))?;
    let position = reloaded.ranking().iter().find(|r| r.player.user_id == user.id).map(|r| r.rank);
    if everyone {
        complete(&mut tx, &reloaded).await?;
    } else {
        publish(&mut tx, &[Event::GameChanged { game }]).await?;
    }
    tx.commit().await?;
    Ok(Linked { position, player_count: next.players.len() })
}

/// Stores the standings, marks the game completed and rates it, in the caller's
/// transaction: the game ends, and rates, exactly once.
async fn complete(tx: &mut PgConnection, loaded: &Loaded) -> AppResult<()> {
    for ranked in loaded.ranking() {
        sqlx::query!(
            "UPDATE game_players SET score = $3, rank = $4 WHERE game_id = $1 AND user_id = $2",
            loaded.row.id as Id,
            ranked.player.user_id as Id,
            ranked.score,
            ranked.rank as i32,
        )
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query!(
        "UPDATE games SET status = 'completed', finished_at = now() WHERE id = $1",
        loaded.row.id as Id
    )
    .execute(&mut *tx)
    .await?;
    ratings::rate(tx, loaded.row.id).await?;
    publish(tx, &[Event::GameFinished { game: loaded.row.id }]).await
}

/// Ends a game whose time (and the grace period for late submissions) is over.
/// Decided once: of many servers, only the one that locks the row first ends it.
pub async fn finish(pool: &PgPool, game: Id) -> AppResult<bool> {
    let mut tx = pool.begin().await?;
    let Some(loaded) = load(&mut tx, game, true).await? else {
        return Ok(false);
    };
    if loaded.row.status != GameStatus::InProgress {
        return Ok(false);
    }
    complete(&mut tx, &loaded).await?;
    tx.commit().await?;
    Ok(true)
}

/// Ends every game that is due; returns them.
pub async fn finish_due(pool: &PgPool) -> AppResult<Vec<Id>> {
    // TimeDelta encodes as an interval; the macros only map PgInterval, hence the cast.
    let due = sqlx::query_scalar!(
        r#"SELECT id AS "id: Id" FROM games WHERE status = 'in_progress' AND ends_at + $1 <= now()"#,
        SUBMISSION_BUFFER as chrono::TimeDelta,
    )
    .fetch_all(pool)
    .await?;
    let mut finished = Vec::new();
    for game in due {
        if finish(pool, game).await? {
            finished.push(game);
        }
    }
    Ok(finished)
}
