//! A puzzle's solutions: the latest accepted submission of each other player in
//! each language, for readers who solved the puzzle. The code of a submission that
//! was not accepted is never read here.

use super::{solutions_locked, visible_puzzle};
use crate::{
    accounts::Caller,
    comments::{SolutionSort, SolutionView, Solutions, VoteKind, Votes, rules},
    core::{AppResult, Id, Page, Timestamp},
    submissions::code_length,
};
use sqlx::PgPool;

struct Row {
    id: Id,
    author: String,
    language: String,
    language_version: String,
    code: String,
    created_at: Timestamp,
    upvote: i32,
    downvote: i32,
    mine: Option<VoteKind>,
    comments: i64,
}

/// Page `page` of the solutions of `puzzle`, or why the caller may not see them.
pub async fn list(
    pool: &PgPool,
    caller: &Caller,
    puzzle: Id,
    sort: SolutionSort,
    page: u32,
) -> AppResult<Solutions> {
    let row = visible_puzzle(pool, caller, puzzle).await?;
    if let Some(locked) = solutions_locked(pool, caller, &row).await? {
        return Ok(Solutions { puzzle, sort, solutions: Err(locked) });
    }
    let reader = caller.signed_in().map(|user| user.id);
    let page = page.max(1);
    let rows = sqlx::query_as!(
        Row,
        r#"WITH latest AS (
               SELECT DISTINCT ON (user_id, language_id) id, user_id, language_id, code, created_at
               FROM submissions
               WHERE puzzle_id = $1 AND result = 'success' AND user_id IS DISTINCT FROM $2
               ORDER BY user_id, language_id, created_at DESC, id DESC)
           SELECT l.id AS "id: Id", u.username AS author, pl.language, pl.version AS language_version, l.code,
                  l.created_at AS "created_at: Timestamp", v.upvote AS "upvote!", v.downvote AS "downvote!",
                  v.mine AS "mine?: VoteKind",
                  (SELECT count(*) FROM comments c WHERE c.submission_id = l.id) AS "comments!"
           FROM latest l
           JOIN users u ON u.id = l.user_id
           JOIN programming_languages pl ON pl.id = l.language_id
           CROSS JOIN LATERAL (
               SELECT count(*) FILTER (WHERE vote = 'upvote')::int AS upvote,
                      count(*) FILTER (WHERE vote = 'downvote')::int AS downvote,
                      (array_agg(vote) FILTER (WHERE user_id = $2))[1] AS mine
               FROM solution_votes WHERE submission_id = l.id) v
           ORDER BY CASE WHEN $3 = 'votes' THEN v.upvote - v.downvote END DESC NULLS LAST,
                    CASE WHEN $3 = 'length' THEN char_length(l.code) END ASC NULLS LAST,
                    l.created_at DESC, l.id DESC
           LIMIT $4 OFFSET $5"#,
        puzzle as Id,
        reader as Option<Id>,
        sort.as_str(),
        i64::from(rules::SOLUTIONS_PAGE_SIZE),
        Page::<()>::offset(page, rules::SOLUTIONS_PAGE_SIZE)
    )
    .fetch_all(pool)
    .await?;
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM (
               SELECT DISTINCT user_id, language_id FROM submissions
               WHERE puzzle_id = $1 AND result = 'success' AND user_id IS DISTINCT FROM $2) AS solutions"#,
        puzzle as Id,
        reader as Option<Id>
    )
    .fetch_one(pool)
    .await?;
    let items = rows
        .into_iter()
        .map(|row| SolutionView {
            id: row.id,
            author: row.author,
            language: row.language,
            language_version: row.language_version,
            code_length: code_length(&row.code),
            code: row.code,
            created_at: row.created_at,
            votes: Votes { upvote: row.upvote, downvote: row.downvote, mine: row.mine },
            comments: row.comments,
        })
        .collect();
    Ok(Solutions {
        puzzle,
        sort,
        solutions: Ok(Page::new(items, page, rules::SOLUTIONS_PAGE_SIZE, total as u64)),
    })
}
