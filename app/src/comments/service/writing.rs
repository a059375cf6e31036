//! Posting, replying, editing, deleting and removing comments.

use super::{not_found, readable_solution, readable_subject, visible_puzzle};
use crate::{
    accounts::Caller,
    comments::rules,
    core::{AppError, AppResult, Id, audit},
    notifications::service::outbox::{self, Cause},
    state::AppState,
};
use sqlx::{PgConnection, PgPool};

/// The checked text and the poster's rate limit.
fn checked<'t>(state: &AppState, caller: &Caller, text: &'t str) -> AppResult<(Id, &'t str)> {
    let user = caller.user()?.id;
    let text = rules::check_body(text).map_err(|e| AppError::Validation(vec![e]))?;
    state.rate_limits.check_comment(user)?;
    Ok((user, text))
}

/// A new comment on a puzzle the caller may see, or on one of its solutions
/// (`solution`) when the caller may read it.
pub async fn post(
    state: &AppState,
    caller: &Caller,
    puzzle: Id,
    solution: Option<Id>,
    text: &str,
    spoiler: bool,
) -> AppResult<Id> {
    let (author, text) = checked(state, caller, text)?;
    let subject = match solution {
        Some(solution) => readable_solution(&state.pool, caller, solution).await?,
        None => visible_puzzle(&state.pool, caller, puzzle).await?,
    };
    if subject.id != puzzle {
        return Err(AppError::BadRequest("This solution belongs to another puzzle".into()));
    }
    let id = Id::new();
    let mut tx = state.pool.begin().await?;
    sqlx::query!(
        "INSERT INTO comments (id, author_id, puzzle_id, submission_id, comment_type, body, is_spoiler, thread_id,
                               depth)
         VALUES ($1, $2, $3, $4, 'puzzle-comment', $5, $6, $1, 0)",
        id as Id,
        author as Id,
        solution.is_none().then_some(puzzle) as Option<Id>,
        solution as Option<Id>,
        text,
        spoiler
    )
    .execute(&mut *tx)
    .await?;
    outbox::enqueue(&mut tx, Cause::Comment { comment: id }).await?;
    tx.commit().await?;
    Ok(id)
}

/// A reply to a comment that is still there, unless its author blocked the caller.
pub async fn reply(
    state: &AppState,
    caller: &Caller,
    parent: Id,
    text: &str,
    spoiler: bool,
) -> AppResult<Id> {
    let (author, text) = checked(state, caller, text)?;
    let target = sqlx::query!(
        r#"SELECT c.puzzle_id AS "puzzle_id: Id", c.submission_id AS "submission_id: Id",
                  c.deleted_at IS NOT NULL AS "deleted!",
                  coalesce($2 = ANY (SELECT unnest(blocked_users) FROM preferences WHERE user_id = c.author_id), false)
                      AS "blocks_caller!"
           FROM comments c WHERE c.id = $1"#,
        parent as Id,
        author as Id
    )
    .fetch_optional(&state.pool)
    .await?
    .ok_or_else(not_found)?;
    if target.deleted {
        return Err(AppError::BadRequest("This comment was deleted; it takes no more replies".into()));
    }
    if target.blocks_caller {
        return Err(AppError::Forbidden("You cannot reply to this user".into()));
    }
    readable_subject(&state.pool, caller, target.puzzle_id, target.submission_id).await?;
    let id = Id::new();
    let mut tx = state.pool.begin().await?;
    sqlx::query!(
        "INSERT INTO comments (id, author_id, puzzle_id, submission_id, parent_id, comment_type, body, is_spoiler,
                               thread_id, depth)
         SELECT $1, $2, p.puzzle_id, p.submission_id, p.id, 'comment-comment', $4, $5, p.thread_id, p.depth + 1
         FROM comments p WHERE p.id = $3",
        id as Id,
        author as Id,
        parent as Id,
        text,
        spoiler
    )
    .execute(&mut *tx)
    .await?;
    outbox::enqueue(&mut tx, Cause::Comment { comment: id }).await?;
    tx.commit().await?;
    Ok(id)
}

/// What the legacy `POST /puzzle/:id/comment` means: a comment on the puzzle, or,
/// when `:id` is a comment (the legacy frontend posts replies there), a reply.
pub async fn comment_on(state: &AppState, caller: &Caller, target: Id, text: &str) -> AppResult<Id> {
    let is_comment = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM comments WHERE id = $1) AS "exists!""#,
        target as Id
    )
    .fetch_one(&state.pool)
    .await?;
    if is_comment {
        reply(state, caller, target, text, false).await
    } else {
        post(state, caller, target, None, text, false).await
    }
}

/// The author's new text, marked as edited.
pub async fn edit(pool: &PgPool, caller: &Caller, id: Id, text: &str, spoiler: bool) -> AppResult<()> {
    let user = caller.user()?;
    let text = rules::check_body(text).map_err(|e| AppError::Validation(vec![e]))?;
    let author = author_of(pool, id).await?;
    if author != user.id {
        return Err(AppError::Forbidden("Only its author edits a comment".into()));
    }
    sqlx::query!(
        "UPDATE comments SET body = $2, is_spoiler = $3, edited_at = now() WHERE id = $1 AND deleted_at IS NULL",
        id as Id,
        text,
        spoiler
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Deletion by the author, or removal when a moderator deletes someone else's.
pub async fn delete(pool: &PgPool, caller: &Caller, id: Id) -> AppResult<()> {
    let user = caller.user()?;
    if author_of(pool, id).await? == user.id {
        erase(pool, id).await
    } else if user.is_moderator() {
        remove(pool, caller, id).await
    } else {
        Err(AppError::Forbidden("Not authorized to delete this comment".into()))
    }
}

/// A moderator takes a comment down.
pub async fn remove(pool: &PgPool, caller: &Caller, id: Id) -> AppResult<()> {
    let moderator = caller.moderator()?.id;
    let mut tx = pool.begin().await?;
    let (author, entry) = remove_in(&mut tx, moderator, id).await?.ok_or_else(not_found)?;
    outbox::enqueue(&mut tx, Cause::Moderation { user: author, entry }).await?;
    tx.commit().await?;
    Ok(())
}

/// Marks a comment that is still there as removed by `moderator`, inside the
/// caller's transaction, and records it in the audit log with the text it had.
/// The row stays, with or without replies, so everyone else reads "[removed by a
/// moderator]" where it was; moderators keep the text. Returns its author and the
/// audit entry, `None` when it is gone. The one removal path: the desk's "remove
/// the content" too.
pub async fn remove_in(tx: &mut PgConnection, moderator: Id, id: Id) -> AppResult<Option<(Id, Id)>> {
    let Some(removed) = sqlx::query!(
        r#"UPDATE comments SET deleted_at = now(), removed_by = $2 WHERE id = $1 AND deleted_at IS NULL
           RETURNING author_id AS "author_id: Id", body"#,
        id as Id,
        moderator as Id
    )
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(None);
    };
    let details = serde_json::json!({ "removedText": removed.body, "author": removed.author_id });
    let entry = audit::record(tx, Some(moderator), "content.remove", "comment", Some(id), details).await?;
    Ok(Some((removed.author_id, entry)))
}

/// The author of a comment that is still there.
async fn author_of(pool: &PgPool, id: Id) -> AppResult<Id> {
    sqlx::query_scalar!(
        r#"SELECT author_id AS "author_id: Id" FROM comments WHERE id = $1 AND deleted_at IS NULL"#,
        id as Id
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(not_found)
}

/// The author's deletion: a comment with replies stays as "[deleted]" (its text
/// wiped) so the thread keeps its shape; one without goes, with its votes.
async fn erase(pool: &PgPool, id: Id) -> AppResult<()> {
    let mut tx = pool.begin().await?;
    let kept = sqlx::query!(
        "UPDATE comments SET deleted_at = now(), body = '[deleted]'
         WHERE id = $1 AND EXISTS (SELECT 1 FROM comments r WHERE r.parent_id = $1)",
        id as Id
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if kept == 0 {
        sqlx::query!("DELETE FROM comments WHERE id = $1", id as Id).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}
