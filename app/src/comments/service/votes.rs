//! Votes: one per user and comment, toggled; the counts are recounted from the
//! votes under the comment's row lock, so they always equal the votes, however
//! many arrive at once.

use super::not_found;
use crate::{
    accounts::Caller,
    comments::{VoteKind, Votes, rules},
    core::{AppResult, Id},
    state::AppState,
};

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
