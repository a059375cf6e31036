//! Votes: one per user and comment or solution, toggled. A comment's counts are
//! recounted from the votes under the comment's row lock, so they always equal the
//! votes, however many arrive at once; a solution's are counted when read.

use super::{not_found, readable_solution};
use crate::{
    accounts::Caller,
    comments::{VoteKind, Votes, rules},
    core::{AppError, AppResult, Id},
    state::AppState,
};
use sqlx::PgPool;

/// Presses `pressed` on a comment that is still there: a first vote counts, the
/// same one again takes it back, the other one switches.
pub async fn vote(state: &AppState, caller: &Caller, id: Id, pressed: VoteKind) -> AppResult<Votes> {
    let user = caller.user()?.id;
    state.rate_limits.check_vote(user)?;
    let mut tx = state.pool.begin().await?;
    sqlx::query_scalar!(
        "SELECT 1 AS one FROM comments WHERE id = $1 AND deleted_at IS NULL FOR UPDATE",
        id as Id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(not_found)?;
    let previous = sqlx::query_scalar!(
        r#"SELECT vote AS "vote: VoteKind" FROM comment_votes WHERE comment_id = $1 AND user_id = $2"#,
        id as Id,
        user as Id
    )
    .fetch_optional(&mut *tx)
    .await?;
    let mine = rules::toggle(previous, pressed);
    match mine {
        Some(kind) => {
            sqlx::query!(
                "INSERT INTO comment_votes (comment_id, user_id, vote) VALUES ($1, $2, $3)
                 ON CONFLICT (comment_id, user_id) DO UPDATE SET vote = EXCLUDED.vote, created_at = now()",
                id as Id,
                user as Id,
                kind as VoteKind
            )
            .execute(&mut *tx)
            .await?;
        }
        None => {
            sqlx::query!(
                "DELETE FROM comment_votes WHERE comment_id = $1 AND user_id = $2",
                id as Id,
                user as Id
            )
            .execute(&mut *tx)
            .await?;
        }
    }
    let counts = sqlx::query!(
        r#"UPDATE comments c
           SET upvote = counted.up, downvote = counted.down
           FROM (SELECT count(*) FILTER (WHERE vote = 'upvote')::int AS up,
                        count(*) FILTER (WHERE vote = 'downvote')::int AS down
                 FROM comment_votes WHERE comment_id = $1) counted
           WHERE c.id = $1
           RETURNING c.upvote, c.downvote"#,
        id as Id
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Votes { upvote: counts.upvote, downvote: counts.downvote, mine })
}

/// Presses `pressed` on a solution the caller may read and did not write.
pub async fn vote_solution(state: &AppState, caller: &Caller, id: Id, pressed: VoteKind) -> AppResult<Votes> {
    let user = caller.user()?.id;
    state.rate_limits.check_vote(user)?;
    readable_solution(&state.pool, caller, id).await?;
    let mut tx = state.pool.begin().await?;
    // One press at a time per solution, so a double click toggles twice.
    let author = sqlx::query_scalar!(
        r#"SELECT user_id AS "user_id: Id" FROM submissions WHERE id = $1 FOR UPDATE"#,
        id as Id
    )
    .fetch_one(&mut *tx)
    .await?;
    if author == user {
        return Err(AppError::BadRequest("You cannot vote on your own solution".into()));
    }
    let previous = sqlx::query_scalar!(
        r#"SELECT vote AS "vote: VoteKind" FROM solution_votes WHERE submission_id = $1 AND user_id = $2"#,
        id as Id,
        user as Id
    )
    .fetch_optional(&mut *tx)
    .await?;
    match rules::toggle(previous, pressed) {
        Some(kind) => {
            sqlx::query!(
                "INSERT INTO solution_votes (submission_id, user_id, vote) VALUES ($1, $2, $3)
                 ON CONFLICT (submission_id, user_id) DO UPDATE SET vote = EXCLUDED.vote, created_at = now()",
                id as Id,
                user as Id,
                kind as VoteKind
            )
            .execute(&mut *tx)
            .await?;
        }
        None => {
            sqlx::query!(
                "DELETE FROM solution_votes WHERE submission_id = $1 AND user_id = $2",
                id as Id,
                user as Id
            )
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    of_solution(&state.pool, id, Some(user)).await
}

/// A solution's counts, and the vote of `reader`.
pub async fn of_solution(pool: &PgPool, id: Id, reader: Option<Id>) -> AppResult<Votes> {
    let counts = sqlx::query!(
        r#"SELECT count(*) FILTER (WHERE vote = 'upvote')::int AS "upvote!",
                  count(*) FILTER (WHERE vote = 'downvote')::int AS "downvote!",
                  (array_agg(vote) FILTER (WHERE user_id = $2))[1] AS "mine?: VoteKind"
           FROM solution_votes WHERE submission_id = $1"#,
        id as Id,
        reader as Option<Id>
    )
    .fetch_one(pool)
    .await?;
    Ok(Votes { upvote: counts.upvote, downvote: counts.downvote, mine: counts.mine })
}
