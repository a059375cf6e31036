//! Reported content as the desk shows it in place, who is behind it, and the
//! removal of chat messages (comments are removed by the comments context).
//! Comments are read here with SQL on their table until the comments context
//! offers the same (`comment_thread`).

use crate::{
    core::{AppResult, Id, Timestamp},
    moderation::{ContextLine, ProblemType, Target, rules::REMOVED},
    puzzles::Visibility,
};
use sqlx::{PgConnection, PgPool};

/// Messages shown before and after a reported chat message.
const CHAT_AROUND: i64 = 5;
/// Replies shown under a reported comment.
const REPLIES_SHOWN: i64 = 10;

/// The reported thing and the user behind it (`None` when it is gone).
pub(super) async fn shown(pool: &PgPool, problem: ProblemType, id: Id) -> AppResult<(Target, Option<Id>)> {
    Ok(match problem {
        ProblemType::Puzzle => sqlx::query!(
            r#"SELECT title, coalesce(statement, '') AS "statement!", visibility AS "visibility: Visibility",
                      author_id AS "author_id: Id"
               FROM puzzles WHERE id = $1"#,
            id as Id
        )
        .fetch_optional(pool)
        .await?
        .map_or((Target::Missing, None), |p| {
            (
                Target::Puzzle { title: p.title, statement: p.statement, visibility: p.visibility },
                Some(p.author_id),
            )
        }),
        ProblemType::User => sqlx::query_scalar!("SELECT username FROM users WHERE id = $1", id as Id)
            .fetch_optional(pool)
            .await?
            .map_or((Target::Missing, None), |username| (Target::User { username }, Some(id))),
        ProblemType::Comment => comment_thread(pool, id).await?,
        ProblemType::GameChat => chat_around(pool, id).await?,
    })
}

/// A comment with its parent and first replies, and its author.
async fn comment_thread(pool: &PgPool, id: Id) -> AppResult<(Target, Option<Id>)> {
    let rows = sqlx::query!(
        r#"WITH target AS (SELECT id, parent_id FROM comments WHERE id = $1)
           SELECT c.id AS "id!: Id", u.username AS "author!", c.body AS "body!",
                  c.created_at AS "at!: Timestamp", c.puzzle_id AS "puzzle_id?: Id",
                  c.author_id AS "author_id!: Id"
           FROM target t, comments c JOIN users u ON u.id = c.author_id
           WHERE c.id = t.id OR c.id = t.parent_id OR c.parent_id = t.id
           ORDER BY c.created_at, c.id LIMIT $2"#,
        id as Id,
        REPLIES_SHOWN + 2
    )
    .fetch_all(pool)
    .await?;
    let Some(target) = rows.iter().find(|r| r.id == id) else {
        return Ok((Target::Missing, None));
    };
    let (author, puzzle) = (target.author_id, rows.iter().find_map(|r| r.puzzle_id));
    let thread = rows
        .into_iter()
        .map(|r| ContextLine { is_target: r.id == id, id: r.id, author: r.author, text: r.body, at: r.at })
        .collect();
    Ok((Target::Comment { puzzle, thread }, Some(author)))
}

/// A chat message with the messages around it in its game, and its author.
async fn chat_around(pool: &PgPool, id: Id) -> AppResult<(Target, Option<Id>)> {
    let rows = sqlx::query!(
        r#"WITH target AS (SELECT game_id, lobby, created_at, id FROM chat_messages WHERE id = $1),
           around AS (
               (SELECT m.* FROM chat_messages m, target t
                WHERE m.game_id = t.game_id AND m.lobby = t.lobby AND (m.created_at, m.id) < (t.created_at, t.id)
                ORDER BY m.created_at DESC, m.id DESC LIMIT $2)
               UNION ALL
               (SELECT m.* FROM chat_messages m, target t
                WHERE m.game_id = t.game_id AND m.lobby = t.lobby AND (m.created_at, m.id) >= (t.created_at, t.id)
                ORDER BY m.created_at, m.id LIMIT $2 + 1))
           SELECT id AS "id!: Id", game_id AS "game_id!: Id", user_id AS "user_id!: Id",
                  username AS "username!", message AS "message!", created_at AS "at!: Timestamp"
           FROM around ORDER BY created_at, id"#,
        id as Id,
        CHAT_AROUND
    )
    .fetch_all(pool)
    .await?;
    let Some(target) = rows.iter().find(|r| r.id == id) else {
        return Ok((Target::Missing, None));
    };
    let (game, author) = (target.game_id, target.user_id);
    let messages = rows
        .into_iter()
        .map(|r| ContextLine {
            is_target: r.id == id,
            id: r.id,
            author: r.username,
            text: r.message,
            at: r.at,
        })
        .collect();
    Ok((Target::Chat { game, messages }, Some(author)))
}

/// Replaces a chat message's text for everyone; returns the text it had.
pub(super) async fn remove_chat_message(tx: &mut PgConnection, id: Id) -> AppResult<Option<String>> {
    Ok(sqlx::query_scalar!(
        r#"UPDATE chat_messages m SET message = $2 FROM chat_messages old
           WHERE m.id = $1 AND old.id = m.id RETURNING old.message"#,
        id as Id,
        REMOVED
    )
    .fetch_optional(&mut *tx)
    .await?)
}
