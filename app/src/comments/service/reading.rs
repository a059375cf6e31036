//! Discussions as a reader sees them: a page of threads, or one comment and the
//! replies under it ("continue this thread").

use super::{not_found, readable_solution, readable_subject, visible_puzzle, votes};
use crate::{
    accounts::{Caller, User},
    comments::{Body, CommentSort, CommentView, Discussion, SolutionVotes, ThreadView, VoteKind, rules},
    core::{AppResult, Id, Page, Timestamp},
    puzzles::{markdown, service::PuzzleRow},
    submissions::service::solved,
};
use sqlx::PgPool;

/// A comment row with what the reader needs to see of it.
struct Row {
    id: Id,
    parent_id: Option<Id>,
    author_id: Id,
    author_name: String,
    body: String,
    is_spoiler: bool,
    upvote: i32,
    downvote: i32,
    created_at: Timestamp,
    edited: bool,
    deleted: bool,
    removed: bool,
    depth: i32,
    replies: i64,
    my_vote: Option<VoteKind>,
    /// The reader blocked its author.
    blocked: bool,
    /// Its author blocked the reader.
    blocks_reader: bool,
}

/// Who reads, and what they may see.
struct Reader<'a> {
    user: Option<&'a User>,
    /// Has solved the puzzle (or wrote or moderates it): spoilers are shown.
    solved: bool,
}

impl Reader<'_> {
    fn view(&self, row: Row, deepest: i32) -> CommentView {
        let own = self.user.is_some_and(|u| u.id == row.author_id);
        let moderator = self.user.is_some_and(User::is_moderator);
        let body = if row.removed {
            Body::Removed
        } else if row.deleted {
            Body::Deleted
        } else if row.blocked {
            Body::Blocked
        } else if row.is_spoiler && !(self.solved || own) {
            Body::Spoiler
        } else {
            Body::Shown(markdown::to_safe_html(&row.body))
        };
        let live = !row.deleted;
        CommentView {
            id: row.id,
            parent: row.parent_id,
            author: live.then_some(row.author_name),
            body,
            source: (own && live).then_some(row.body),
            is_spoiler: row.is_spoiler,
            upvote: row.upvote,
            downvote: row.downvote,
            my_vote: row.my_vote,
            created_at: row.created_at,
            edited: row.edited,
            can_reply: self.user.is_some() && live && !row.blocks_reader,
            can_edit: own && live,
            can_delete: (own || moderator) && live,
            can_report: self.user.is_some() && !own && live,
            replies: Vec::new(),
            more_replies: if row.depth >= deepest { row.replies } else { 0 },
        }
    }
}

async fn reader<'a>(pool: &PgPool, caller: &'a Caller, puzzle: &PuzzleRow) -> AppResult<Reader<'a>> {
    let user = caller.signed_in();
    let standing = puzzle.standing(user);
    let solved = match user {
        _ if standing.is_author || standing.is_moderator => true,
        Some(user) => solved(pool, puzzle.id, user.id).await?,
        None => false,
    };
    Ok(Reader { user, solved })
}

/// Page `page` of a puzzle's threads, each with its replies to [`rules::SHOWN_DEPTH`].
pub async fn discussion(
    pool: &PgPool,
    caller: &Caller,
    puzzle: Id,
    sort: CommentSort,
    page: u32,
) -> AppResult<Discussion> {
    let row = visible_puzzle(pool, caller, puzzle).await?;
    let reader = reader(pool, caller, &row).await?;
    let page = page.max(1);
    let tops = sqlx::query_scalar!(
        r#"SELECT id AS "id: Id" FROM comments
           WHERE puzzle_id = $1 AND parent_id IS NULL
           ORDER BY CASE WHEN $2 THEN upvote - downvote END DESC NULLS LAST, created_at DESC, id DESC
           LIMIT $3 OFFSET $4"#,
        puzzle as Id,
        sort == CommentSort::Top,
        i64::from(rules::PAGE_SIZE),
        Page::<()>::offset(page, rules::PAGE_SIZE)
    )
    .fetch_all(pool)
    .await?;
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM comments WHERE puzzle_id = $1 AND parent_id IS NULL"#,
        puzzle as Id
    )
    .fetch_one(pool)
    .await?;
    let threads = threads(pool, &reader, &tops, &tops, 0).await?;
    Ok(Discussion {
        puzzle,
        solution: None,
        sort,
        threads: Page::new(threads, page, rules::PAGE_SIZE, total as u64),
        can_post: reader.user.is_some(),
    })
}

/// Page `page` of the threads about a solution, for a reader who solved its
/// puzzle, with the solution's votes.
pub async fn solution_discussion(
    pool: &PgPool,
    caller: &Caller,
    solution: Id,
    sort: CommentSort,
    page: u32,
) -> AppResult<Discussion> {
    let puzzle = readable_solution(pool, caller, solution).await?;
    let reader = Reader { user: caller.signed_in(), solved: true };
    let page = page.max(1);
    let tops = sqlx::query_scalar!(
        r#"SELECT id AS "id: Id" FROM comments
           WHERE submission_id = $1 AND parent_id IS NULL
           ORDER BY CASE WHEN $2 THEN upvote - downvote END DESC NULLS LAST, created_at DESC, id DESC
           LIMIT $3 OFFSET $4"#,
        solution as Id,
        sort == CommentSort::Top,
        i64::from(rules::PAGE_SIZE),
        Page::<()>::offset(page, rules::PAGE_SIZE)
    )
    .fetch_all(pool)
    .await?;
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM comments WHERE submission_id = $1 AND parent_id IS NULL"#,
        solution as Id
    )
    .fetch_one(pool)
    .await?;
    let threads = threads(pool, &reader, &tops, &tops, 0).await?;
    let votes = votes::of_solution(pool, solution, reader.user.map(|u| u.id)).await?;
    Ok(Discussion {
        puzzle: puzzle.id,
        solution: Some(SolutionVotes { id: solution, votes }),
        sort,
        threads: Page::new(threads, page, rules::PAGE_SIZE, total as u64),
        can_post: reader.user.is_some(),
    })
}

/// One comment with the replies under it to [`rules::SHOWN_DEPTH`] more levels.
pub async fn thread(pool: &PgPool, caller: &Caller, id: Id) -> AppResult<ThreadView> {
    let top = sqlx::query!(
        r#"SELECT puzzle_id AS "puzzle_id: Id", submission_id AS "submission_id: Id",
                  thread_id AS "thread_id: Id", depth
           FROM comments WHERE id = $1"#,
        id as Id
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(not_found)?;
    let puzzle = readable_subject(pool, caller, top.puzzle_id, top.submission_id).await?;
    let reader = reader(pool, caller, &puzzle).await?;
    let comment =
        threads(pool, &reader, &[top.thread_id], &[id], top.depth).await?.pop().ok_or_else(not_found)?;
    Ok(ThreadView { puzzle: puzzle.id, puzzle_title: puzzle.title, comment, can_post: reader.user.is_some() })
}

/// The comments at `tops` (in `threads`, from depth `from`) with their replies.
async fn threads(
    pool: &PgPool,
    reader: &Reader<'_>,
    threads: &[Id],
    tops: &[Id],
    from: i32,
) -> AppResult<Vec<CommentView>> {
    let deepest = from + rules::SHOWN_DEPTH;
    let rows = sqlx::query_as!(
        Row,
        r#"SELECT c.id AS "id: Id", c.parent_id AS "parent_id: Id", c.author_id AS "author_id: Id",
                  u.username AS author_name, c.body, c.is_spoiler, c.upvote, c.downvote,
                  c.created_at AS "created_at: Timestamp", c.edited_at IS NOT NULL AS "edited!",
                  c.deleted_at IS NOT NULL AS "deleted!", c.removed_by IS NOT NULL AS "removed!", c.depth,
                  (SELECT count(*) FROM comments r WHERE r.parent_id = c.id) AS "replies!",
                  v.vote AS "my_vote?: VoteKind",
                  coalesce(c.author_id = ANY (SELECT unnest(blocked_users) FROM preferences WHERE user_id = $4), false)
                      AS "blocked!",
                  coalesce($4 = ANY (SELECT unnest(blocked_users) FROM preferences WHERE user_id = c.author_id), false)
                      AS "blocks_reader!"
           FROM comments c
           JOIN users u ON u.id = c.author_id
           LEFT JOIN comment_votes v ON v.comment_id = c.id AND v.user_id = $4
           WHERE c.thread_id = ANY ($1) AND c.depth BETWEEN $2 AND $3
           ORDER BY c.created_at, c.id"#,
        threads as &[Id],
        from,
        deepest,
        reader.user.map(|u| u.id) as Option<Id>
    )
    .fetch_all(pool)
    .await?;
    let views = rows.into_iter().map(|row| reader.view(row, deepest)).collect();
    Ok(rules::nest(tops, views))
}

/// A spoiler's text, for a reader who chose to read it before solving.
pub async fn reveal(pool: &PgPool, caller: &Caller, id: Id) -> AppResult<String> {
    let comment = sqlx::query!(
        r#"SELECT puzzle_id AS "puzzle_id: Id", submission_id AS "submission_id: Id", body
           FROM comments WHERE id = $1 AND deleted_at IS NULL"#,
        id as Id
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(not_found)?;
    readable_subject(pool, caller, comment.puzzle_id, comment.submission_id).await?;
    Ok(markdown::to_safe_html(&comment.body))
}
