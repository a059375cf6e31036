//! Games and their players, submissions, and game chat.

use super::{
    Collection, column,
    fields::{Fields, Parsed, Skip},
    known::{Kind, Known},
};
use app::core::Id;
use chrono::{DateTime, Duration, Utc};
use sqlx::PgConnection;

const MODES: &[&str] = &[
    "fastest",
    "shortest",
    "backwards",
    "hardcore",
    "debug",
    "typeracer",
    "efficiency",
    "incremental",
    "random",
];

pub struct Games;

pub struct Game {
    id: Id,
    owner: Id,
    puzzle: Id,
    mode: &'static str,
    visibility: &'static str,
    options: serde_json::Value,
    created_at: DateTime<Utc>,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
}

impl Collection for Games {
    const NAME: &'static str = "games";
    const KIND: Option<Kind> = Some(Kind::Game);
    type Row = Game;

    fn parse(doc: &Fields, known: &mut Known) -> Parsed<Game> {
        let id = doc.id("_id")?;
        for submission in doc.ids("playerSubmissions")? {
            known.submission_games.insert(submission, id);
        }
        let options = doc.document("options")?;
        let option = |key: &str, allowed: &[&'static str], default: &'static str| match &options {
            Some(options) => options.choice(key, allowed, default),
            None => Ok(default),
        };
        let mode = option("mode", MODES, "fastest")?;
        let visibility = option("visibility", &["public", "private"], "public")?;
        let duration = match &options {
            Some(options) => options.number("maxGameDurationInSeconds")?,
            None => None,
        };
        let duration = duration.map_or(app::games::rules::lifecycle::DEFAULT_MAX_DURATION_SECS, |seconds| {
            seconds.round().clamp(1.0, 86_400.0) as u32
        });
        let allowed_languages: Vec<String> = match &options {
            Some(options) => options.ids("allowedLanguages")?,
            None => Vec::new(),
        }
        .iter()
        .filter_map(|language| known.languages.get(language).map(Id::to_string))
        .collect();
        let created_at = doc.date_or_id_time("createdAt", id)?;
        let starts_at = doc.date("startTime")?.unwrap_or(created_at);
        let ends_at = doc
            .date("endTime")?
            .filter(|end| *end > starts_at)
            .unwrap_or(starts_at + Duration::seconds(duration.into()));
        Ok(Game {
            id,
            owner: known.existing(Kind::User, doc.id("owner")?, "owner")?,
            puzzle: known.existing(Kind::Puzzle, doc.id("puzzle")?, "puzzle")?,
            mode,
            visibility,
            // Legacy games counted for the leaderboard: `rated` was not stored, only implied.
            options: serde_json::json!({
                "allowedLanguages": allowed_languages,
                "maxGameDurationInSeconds": duration,
                "visibility": visibility,
                "mode": mode,
                "rated": true,
            }),
            created_at,
            starts_at,
            ends_at,
        })
    }

    fn key(row: &Game) -> Option<Id> {
        Some(row.id)
    }

    /// Legacy games have no status: every one is over, ended at its end time.
    async fn write(db: &mut PgConnection, rows: &[Game], _: &mut Known) -> sqlx::Result<Vec<Id>> {
        sqlx::query_scalar!(
            r#"INSERT INTO games (id, owner_id, puzzle_id, mode, visibility, status, rated, options, created_at,
                                  starts_at, ends_at, finished_at)
               SELECT u.id, u.owner_id, u.puzzle_id, u.mode::game_mode, u.visibility::game_visibility, 'completed',
                      true, u.options, u.created_at, u.starts_at, u.ends_at, u.ends_at
               FROM UNNEST($1::bytea[], $2::bytea[], $3::bytea[], $4::text[], $5::text[], $6::jsonb[],
                           $7::timestamptz[], $8::timestamptz[], $9::timestamptz[])
                    AS u(id, owner_id, puzzle_id, mode, visibility, options, created_at, starts_at, ends_at)
               ON CONFLICT DO NOTHING
               RETURNING id AS "id!: Id""#,
            &column(rows, |r| r.id) as &[Id],
            &column(rows, |r| r.owner) as &[Id],
            &column(rows, |r| r.puzzle) as &[Id],
            &column(rows, |r| r.mode.to_owned()),
            &column(rows, |r| r.visibility.to_owned()),
            &column(rows, |r| r.options.clone()),
            &column(rows, |r| r.created_at) as &[DateTime<Utc>],
            &column(rows, |r| r.starts_at) as &[DateTime<Utc>],
            &column(rows, |r| r.ends_at) as &[DateTime<Utc>],
        )
        .fetch_all(db)
        .await
    }
}

pub struct Submissions;

pub struct Submission {
    id: Id,
    puzzle: Id,
    user: Id,
    game: Option<Id>,
    language: Id,
    code: String,
    result: &'static str,
    success_rate: f64,
    created_at: DateTime<Utc>,
}

impl Collection for Submissions {
    const NAME: &'static str = "submissions";
    const KIND: Option<Kind> = Some(Kind::Submission);
    type Row = Submission;

    fn parse(doc: &Fields, known: &mut Known) -> Parsed<Submission> {
        let id = doc.id("_id")?;
        let user = known.existing(Kind::User, doc.id("user")?, "user")?;
        known.submission_users.insert(id, user);
        let code = doc.text("code")?;
        if code.is_empty() || code.contains('\0') || code.chars().count() > 65536 {
            return Err(Skip::invalid("code"));
        }
        let outcome = doc.document("result")?.ok_or_else(|| Skip::invalid("result"))?;
        let success_rate = outcome.number("successRate")?.unwrap_or(0.0);
        if !(0.0..=1.0).contains(&success_rate) {
            return Err(Skip::invalid("result.successRate"));
        }
        let language = doc.id("programmingLanguage")?;
        Ok(Submission {
            id,
            puzzle: known.existing(Kind::Puzzle, doc.id("puzzle")?, "puzzle")?,
            user,
            game: known.submission_games.get(&id).copied().filter(|game| known.has(Kind::Game, *game)),
            language: *known.languages.get(&language).ok_or_else(|| Skip::dangling("programmingLanguage"))?,
            code: code.to_owned(),
            result: outcome.choice("result", &["success", "error", "unknown"], "unknown")?,
            success_rate,
            created_at: doc.date_or_id_time("createdAt", id)?,
        })
    }

    fn key(row: &Submission) -> Option<Id> {
        Some(row.id)
    }

    /// Every legacy submission was judged when it was made.
    async fn write(db: &mut PgConnection, rows: &[Submission], _: &mut Known) -> sqlx::Result<Vec<Id>> {
        sqlx::query_scalar!(
            r#"INSERT INTO submissions (id, puzzle_id, user_id, game_id, language_id, code, status, result,
                                        success_rate, created_at, judged_at)
               SELECT u.id, u.puzzle_id, u.user_id, u.game_id, u.language_id, u.code, 'judged',
                      u.result::test_result, u.success_rate, u.created_at, u.created_at
               FROM UNNEST($1::bytea[], $2::bytea[], $3::bytea[], $4::bytea[], $5::bytea[], $6::text[], $7::text[],
                           $8::float8[], $9::timestamptz[])
                    AS u(id, puzzle_id, user_id, game_id, language_id, code, result, success_rate, created_at)
               ON CONFLICT DO NOTHING
               RETURNING id AS "id!: Id""#,
            &column(rows, |r| r.id) as &[Id],
            &column(rows, |r| r.puzzle) as &[Id],
            &column(rows, |r| r.user) as &[Id],
            &column(rows, |r| r.game) as &[Option<Id>],
            &column(rows, |r| r.language) as &[Id],
            &column(rows, |r| r.code.clone()),
            &column(rows, |r| r.result.to_owned()),
            &column(rows, |r| r.success_rate),
            &column(rows, |r| r.created_at) as &[DateTime<Utc>],
        )
        .fetch_all(db)
        .await
    }
}

/// The players of each game, with the submission each made in it: a second pass over
/// the games, once the submissions are in.
pub struct Players;

pub struct Player {
    game: Id,
    user: Id,
    joined_at: DateTime<Utc>,
    submission: Option<Id>,
}

impl Collection for Players {
    const NAME: &'static str = "game players";
    const FILE: &'static str = "games";
    const KIND: Option<Kind> = None;
    type Row = Vec<Player>;

    fn parse(doc: &Fields, known: &mut Known) -> Parsed<Vec<Player>> {
        let game = doc.id("_id")?;
        if !known.has(Kind::Game, game) {
            return Err(Skip("the game was not imported".into()));
        }
        let submissions = doc.ids("playerSubmissions")?;
        let joined_at = doc.date("startTime")?.map_or_else(|| doc.date_or_id_time("createdAt", game), Ok)?;
        doc.ids("players")?
            .into_iter()
            .map(|user| {
                let user = known.existing(Kind::User, user, "players")?;
                let submission = submissions.iter().copied().find(|submission| {
                    known.submission_users.get(submission) == Some(&user)
                        && known.has(Kind::Submission, *submission)
                });
                Ok(Player { game, user, joined_at, submission })
            })
            .collect()
    }

    fn key(_: &Vec<Player>) -> Option<Id> {
        None
    }

    fn rows(row: &Vec<Player>) -> usize {
        row.len()
    }

    async fn write(db: &mut PgConnection, rows: &[Vec<Player>], _: &mut Known) -> sqlx::Result<Vec<Id>> {
        let players: Vec<&Player> = rows.iter().flatten().collect();
        sqlx::query_scalar!(
            r#"INSERT INTO game_players (game_id, user_id, joined_at, submission_id)
               SELECT * FROM UNNEST($1::bytea[], $2::bytea[], $3::timestamptz[], $4::bytea[])
               ON CONFLICT DO NOTHING
               RETURNING game_id AS "game!: Id""#,
            &column(&players, |p| p.game) as &[Id],
            &column(&players, |p| p.user) as &[Id],
            &column(&players, |p| p.joined_at) as &[DateTime<Utc>],
            &column(&players, |p| p.submission) as &[Option<Id>],
        )
        .fetch_all(db)
        .await
    }
}

pub struct Chat;

pub struct Message {
    id: Id,
    game: Id,
    user: Id,
    username: String,
    message: String,
    is_deleted: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl Collection for Chat {
    const NAME: &'static str = "chatmessages";
    const KIND: Option<Kind> = Some(Kind::Chat);
    type Row = Message;

    fn parse(doc: &Fields, known: &mut Known) -> Parsed<Message> {
        let id = doc.id("_id")?;
        let created_at = doc.date_or_id_time("createdAt", id)?;
        Ok(Message {
            id,
            game: known.existing(Kind::Game, doc.id("gameId")?, "gameId")?,
            user: known.existing(Kind::User, doc.id("userId")?, "userId")?,
            username: doc.bounded("username", 1..=64)?,
            message: doc.bounded("message", 1..=500)?,
            is_deleted: doc.flag("isDeleted", false)?,
            created_at,
            updated_at: doc.date("updatedAt")?.unwrap_or(created_at),
        })
    }

    fn key(row: &Message) -> Option<Id> {
        Some(row.id)
    }

    async fn write(db: &mut PgConnection, rows: &[Message], _: &mut Known) -> sqlx::Result<Vec<Id>> {
        sqlx::query_scalar!(
            r#"INSERT INTO chat_messages (id, game_id, user_id, username, message, is_deleted, created_at, updated_at)
               SELECT * FROM UNNEST($1::bytea[], $2::bytea[], $3::bytea[], $4::text[], $5::text[], $6::bool[],
                                    $7::timestamptz[], $8::timestamptz[])
               ON CONFLICT DO NOTHING
               RETURNING id AS "id!: Id""#,
            &column(rows, |r| r.id) as &[Id],
            &column(rows, |r| r.game) as &[Id],
            &column(rows, |r| r.user) as &[Id],
            &column(rows, |r| r.username.clone()),
            &column(rows, |r| r.message.clone()),
            &column(rows, |r| r.is_deleted),
            &column(rows, |r| r.created_at) as &[DateTime<Utc>],
            &column(rows, |r| r.updated_at) as &[DateTime<Utc>],
        )
        .fetch_all(db)
        .await
    }
}
