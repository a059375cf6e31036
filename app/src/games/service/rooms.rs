//! The waiting room: host, join, leave, chat and start, each one transaction that
//! publishes what changed.

use super::{find, lock, members, seated};
use crate::{
    accounts::Caller,
    core::{AppError, AppResult, Id, Timestamp},
    events::{Event, publish},
    games::{
        GameOptions, GameStatus, GameUserInfo, GameVisibility, RoomState, RoomSummary,
        protocol::LOBBY_CHAT_MAX,
        rules::{
            invites as rules,
            lifecycle::{Member, Room, RoomError},
            modes::GameMode,
        },
    },
};
use chrono::{DateTime, Utc};
use rand::Rng;
use sqlx::{PgConnection, PgPool, types::Json};

/// Public rooms open to players, with their member counts: waiting ones, and those
/// whose game is counting down to its start.
pub async fn overview(pool: &PgPool) -> AppResult<Vec<RoomSummary>> {
    let rows = sqlx::query!(
        r#"SELECT g.id AS "id: Id", count(gp.user_id) AS "count!" FROM games g JOIN game_players gp ON gp.game_id = g.id
           WHERE g.visibility = 'public'
             AND (g.status = 'waiting' OR (g.status = 'in_progress' AND g.starts_at > now()))
           GROUP BY g.id ORDER BY g.created_at, g.id"#,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| RoomSummary { room_id: row.id, amount_of_players_joined: row.count as u32 })
        .collect())
}

fn info(member: &Member<Id>) -> GameUserInfo {
    GameUserInfo {
        user_id: member.user_id,
        username: member.username.clone(),
        joined_at: member.joined_at.into(),
    }
}

/// The room as its members see it; `None` once it is gone.
pub async fn state(pool: &PgPool, room: Id) -> AppResult<Option<RoomState>> {
    let mut db = pool.acquire().await?;
    let Some(row) = find(&mut db, room).await? else {
        return Ok(None);
    };
    let members = members(&mut db, room).await?;
    let current = Room::Waiting { members: members.clone() };
    let Some(owner) = current.owner().map(info) else {
        return Ok(None);
    };
    Ok(Some(RoomState {
        users: members.iter().map(info).collect(),
        owner,
        room_id: room,
        invite_code: row.invite_code,
        options: Some(row.options.0),
    }))
}

fn not_found(room: Id) -> AppError {
    AppError::NotFound(format!("Room {room} not found"))
}

/// Takes `user` out of every waiting room but `except`: one room at a time.
async fn leave_others(tx: &mut PgConnection, user: Id, except: Option<Id>) -> AppResult<Vec<Event>> {
    let rooms = sqlx::query_scalar!(
        r#"SELECT g.id AS "id: Id" FROM games g JOIN game_players gp ON gp.game_id = g.id
           WHERE gp.user_id = $1 AND g.status = 'waiting' AND g.id IS DISTINCT FROM $2 ORDER BY g.id"#,
        user as Id,
        except as Option<Id>,
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut events = Vec::new();
    for room in rooms {
        events.extend(leave_in(tx, room, user).await?);
    }
    Ok(events)
}

/// Removes a member from a waiting room: the earliest remaining member becomes the
/// owner, and an empty room is deleted. Started games keep their players.
async fn leave_in(tx: &mut PgConnection, room: Id, user: Id) -> AppResult<Vec<Event>> {
    let Some(row) = lock(tx, room).await? else {
        return Ok(Vec::new());
    };
    if row.status != GameStatus::Waiting {
        return Ok(Vec::new());
    }
    let current = Room::Waiting { members: members(tx, room).await? };
    let next = match current.leave(&user) {
        Ok(next) => next,
        Err(RoomError::NotAMember) => return Ok(Vec::new()),
        Err(error) => return Err(AppError::BadRequest(error.to_string())),
    };
    sqlx::query!("DELETE FROM game_players WHERE game_id = $1 AND user_id = $2", room as Id, user as Id)
        .execute(&mut *tx)
        .await?;
    match next.owner() {
        None => {
            sqlx::query!("DELETE FROM games WHERE id = $1", room as Id).execute(&mut *tx).await?;
            Ok(vec![Event::LobbyChanged])
        }
        Some(owner) => {
            sqlx::query!("UPDATE games SET owner_id = $2 WHERE id = $1", room as Id, owner.user_id as Id)
                .execute(&mut *tx)
                .await?;
            Ok(vec![Event::RoomChanged { room }, Event::LobbyChanged])
        }
    }
}

/// A fresh invite code for a private room.
fn invite_code() -> String {
    let mut rng = rand::rng();
    (0..rules::INVITE_CODE_LENGTH)
        .map(|_| rules::INVITE_ALPHABET[rng.random_range(0..rules::INVITE_ALPHABET.len())] as char)
        .collect()
}

/// Opens a room with the caller as its first member and owner.
pub async fn host(pool: &PgPool, caller: &Caller, options: GameOptions) -> AppResult<Id> {
    let user = caller.user()?;
    let mut tx = pool.begin().await?;
    let mut events = leave_others(&mut tx, user.id, None).await?;
    let room = open_room(&mut tx, user.id, &options, None).await?;
    events.extend([Event::RoomChanged { room }, Event::LobbyChanged]);
    publish(&mut tx, &events).await?;
    tx.commit().await?;
    Ok(room)
}

/// Inserts a waiting room owned by `owner`, its first member.
async fn open_room(
    tx: &mut PgConnection,
    owner: Id,
    options: &GameOptions,
    rematch_of: Option<Id>,
) -> AppResult<Id> {
    let room = Id::new();
    let code = (options.visibility == GameVisibility::Private).then(invite_code);
    sqlx::query!(
        "INSERT INTO games (id, owner_id, mode, visibility, rated, options, invite_code, rematch_of)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        room as Id,
        owner as Id,
        options.mode as GameMode,
        options.visibility as GameVisibility,
        options.rated,
        Json(options) as Json<&GameOptions>,
        code,
        rematch_of as Option<Id>,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!("INSERT INTO game_players (game_id, user_id) VALUES ($1, $2)", room as Id, owner as Id)
        .execute(&mut *tx)
        .await?;
    Ok(room)
}

/// A player of a finished game asks for a rematch: the first to ask opens a room
/// with the game's options and hosts it (a new puzzle is drawn when it starts); the
/// others join that room, private or not.
pub async fn rematch(pool: &PgPool, caller: &Caller, game: Id) -> AppResult<Joined> {
    let user = caller.user()?;
    let mut tx = pool.begin().await?;
    // The finished game's row is the lock: two players asking at once get one room.
    let row = lock(&mut tx, game).await?.ok_or_else(|| not_found(game))?;
    if row.status != GameStatus::Completed {
        return Err(AppError::BadRequest("A rematch comes once the game is over".into()));
    }
    let played = seated(&mut tx, game, user.id).await?;
    if !played {
        return Err(AppError::Forbidden("Only the game's players get a rematch".into()));
    }
    let existing =
        sqlx::query_scalar!(r#"SELECT id AS "id: Id" FROM games WHERE rematch_of = $1"#, game as Id)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some(room) = existing {
        tx.commit().await?;
        return enter(pool, caller, room, Access::ByInvite).await;
    }
    let mut events = leave_others(&mut tx, user.id, None).await?;
    let room = open_room(&mut tx, user.id, &row.options.0, Some(game)).await?;
    events.extend([Event::RoomChanged { room }, Event::LobbyChanged]);
    publish(&mut tx, &events).await?;
    tx.commit().await?;
    Ok(Joined { room, started_at: None })
}

/// What joining found: the game's start time if the room has already started one.
pub struct Joined {
    pub room: Id,
    pub started_at: Option<Timestamp>,
}

/// The caller joins a room. Joining again keeps the first join time (and so the
/// ownership); joining a room whose game started only earns its `game:start`.
/// A private room takes its invite code: its id alone, which anyone can guess from
/// the ids around it, only lets in who already has a seat.
pub async fn join(pool: &PgPool, caller: &Caller, room: Id) -> AppResult<Joined> {
    enter(pool, caller, room, Access::ById).await
}

/// How the caller names the room they join.
#[derive(PartialEq)]
enum Access {
    ById,
    ByInvite,
}

async fn enter(pool: &PgPool, caller: &Caller, room: Id, access: Access) -> AppResult<Joined> {
    let user = caller.user()?;
    let mut tx = pool.begin().await?;
    let row = lock(&mut tx, room).await?.ok_or_else(|| not_found(room))?;
    if access == Access::ById
        && row.options.0.visibility == GameVisibility::Private
        && !seated(&mut tx, room, user.id).await?
    {
        return Err(not_found(room));
    }
    let mut events = leave_others(&mut tx, user.id, Some(room)).await?;
    // Seats stay open until the game begins: during its countdown a joiner is a player
    // from the start like the others.
    let counting_down =
        row.status == GameStatus::InProgress && row.starts_at.is_some_and(|s| s.0 > Utc::now());
    if row.status == GameStatus::Waiting || counting_down {
        sqlx::query!(
            "INSERT INTO game_players (game_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            room as Id,
            user.id as Id,
        )
        .execute(&mut *tx)
        .await?;
        events.extend([Event::RoomChanged { room }, Event::LobbyChanged]);
        if counting_down {
            events.push(Event::GameChanged { game: room });
        }
    }
    publish(&mut tx, &events).await?;
    tx.commit().await?;
    let started_at = (row.status != GameStatus::Waiting).then_some(row.starts_at).flatten();
    Ok(Joined { room, started_at })
}

pub async fn join_by_invite(pool: &PgPool, caller: &Caller, code: &str) -> AppResult<Joined> {
    let invalid = || AppError::NotFound(format!("Invalid invite code: {code}"));
    if !rules::is_invite_code(code) {
        return Err(invalid());
    }
    let room = sqlx::query_scalar!(r#"SELECT id AS "id: Id" FROM games WHERE invite_code = $1"#, code)
        .fetch_optional(pool)
        .await?
        .ok_or_else(invalid)?;
    enter(pool, caller, room, Access::ByInvite).await
}

pub async fn leave(pool: &PgPool, caller: &Caller, room: Id) -> AppResult<()> {
    let user = caller.user()?.id;
    let mut tx = pool.begin().await?;
    let events = leave_in(&mut tx, room, user).await?;
    publish(&mut tx, &events).await?;
    tx.commit().await?;
    Ok(())
}

/// When the next listed countdown ends (the lobby list changes then).
pub async fn next_start(pool: &PgPool) -> AppResult<Option<DateTime<Utc>>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT min(starts_at) AS "starts_at: DateTime<Utc>" FROM games
           WHERE status = 'in_progress' AND visibility = 'public' AND starts_at > now()"#
    )
    .fetch_one(pool)
    .await?)
}

/// Notes that these users have a lobby socket open (on this process).
pub async fn record_presence(pool: &PgPool, users: &[Id]) -> AppResult<()> {
    sqlx::query!(
        "INSERT INTO lobby_presence (user_id, seen_at) SELECT unnest($1::bytea[]), now()
         ON CONFLICT (user_id) DO UPDATE SET seen_at = now()",
        users as &[Id],
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Takes out of waiting rooms the members no process has seen a lobby socket of
/// within `timeout` (their socket died with its process): ownership passes on, and
/// rooms left empty close. Returns how many members were taken out.
pub async fn close_abandoned(pool: &PgPool, timeout: chrono::TimeDelta) -> AppResult<usize> {
    let gone = sqlx::query!(
        r#"SELECT gp.game_id AS "room: Id", gp.user_id AS "user: Id"
           FROM games g JOIN game_players gp ON gp.game_id = g.id
           LEFT JOIN lobby_presence p ON p.user_id = gp.user_id
           WHERE g.status = 'waiting' AND gp.joined_at < now() - $1::interval
             AND (p.seen_at IS NULL OR p.seen_at < now() - $1::interval)"#,
        timeout as chrono::TimeDelta,
    )
    .fetch_all(pool)
    .await?;
    for member in &gone {
        let mut tx = pool.begin().await?;
        let events = leave_in(&mut tx, member.room, member.user).await?;
        publish(&mut tx, &events).await?;
        tx.commit().await?;
    }
    Ok(gone.len())
}

/// Takes the user out of every waiting room (their last lobby socket closed).
pub async fn leave_all(pool: &PgPool, user: Id) -> AppResult<()> {
    let mut tx = pool.begin().await?;
    let events = leave_others(&mut tx, user, None).await?;
    publish(&mut tx, &events).await?;
    tx.commit().await?;
    Ok(())
}

/// A chat message from the caller to a room's members; kept with the room.
pub async fn chat(pool: &PgPool, caller: &Caller, room: Id, message: &str) -> AppResult<()> {
    let user = caller.user()?;
    let length = message.chars().count();
    if length == 0 || length > LOBBY_CHAT_MAX {
        return Err(AppError::validation(
            "message",
            format!("A message is 1 to {LOBBY_CHAT_MAX} characters"),
        ));
    }
    let mut tx = pool.begin().await?;
    lock(&mut tx, room).await?.ok_or_else(|| not_found(room))?;
    let member = seated(&mut tx, room, user.id).await?;
    if !member {
        return Err(AppError::Forbidden("You must be in the room to send messages".into()));
    }
    let id = Id::new();
    sqlx::query!(
        "INSERT INTO chat_messages (id, game_id, user_id, username, message, lobby)
         VALUES ($1, $2, $3, $4, $5, true)",
        id as Id,
        room as Id,
        user.id as Id,
        user.username,
        message,
    )
    .execute(&mut *tx)
    .await?;
    let event = Event::RoomChat { room, message: id };
    publish(&mut tx, &[event]).await?;
    tx.commit().await?;
    Ok(())
}

/// Why a start was refused.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("Create a puzzle and get it approved to play multiplayer")]
    NoPuzzle,
    #[error(transparent)]
    App(#[from] AppError),
}

/// Starts the room's game: only its owner may, and only once. The players are the
/// members at this instant; the puzzle is a random published one; `random` mode is
/// resolved now. Returns the start time.
pub async fn start(pool: &PgPool, caller: &Caller, room: Id) -> Result<Timestamp, StartError> {
    let user = caller.user()?;
    let mut tx = pool.begin().await.map_err(AppError::from)?;
    let row = lock(&mut tx, room).await?.ok_or_else(|| not_found(room))?;
    if row.status != GameStatus::Waiting {
        return Err(AppError::Conflict("The game has already been started".into()).into());
    }
    let puzzle = sqlx::query_scalar!(
        r#"SELECT id AS "id: Id" FROM puzzles WHERE visibility = 'approved' ORDER BY random() LIMIT 1"#
    )
    .fetch_optional(&mut *tx)
    .await
    .map_err(AppError::from)?;
    let puzzle = puzzle.ok_or(StartError::NoPuzzle)?;
    let mut options = row.options.0.clone();
    let now = chrono::Utc::now();
    let current = Room::Waiting { members: members(&mut tx, room).await? };
    let countdown = chrono::TimeDelta::seconds(i64::from(options.countdown_in_seconds));
    let (_, game) =
        current.start(&user.id, now, countdown, options.max_game_duration_in_seconds).map_err(|error| {
            match error {
                RoomError::NotOwner => AppError::Forbidden(error.to_string()),
                other => AppError::BadRequest(other.to_string()),
            }
        })?;
    options.mode = options.mode.resolve(rand::rng().random_range(0..usize::MAX));
    sqlx::query!(
        "UPDATE games SET status = 'in_progress', puzzle_id = $2, starts_at = $3, ends_at = $4, mode = $5, options = $6
         WHERE id = $1",
        room as Id,
        puzzle as Id,
        game.clock.starts_at as DateTime<Utc>,
        game.clock.ends_at as DateTime<Utc>,
        options.mode as GameMode,
        Json(&options) as Json<&GameOptions>,
    )
    .execute(&mut *tx)
    .await
    .map_err(AppError::from)?;
    let start_time: Timestamp = game.clock.starts_at.into();
    publish(&mut tx, &[Event::GameStarted { room, start_time }, Event::LobbyChanged]).await?;
    tx.commit().await.map_err(AppError::from)?;
    Ok(start_time)
}
