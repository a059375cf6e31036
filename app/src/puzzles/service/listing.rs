//! Puzzle lists: the public catalogue, an author's puzzles, the newest ones.

use crate::{
    accounts::Caller,
    core::{AppResult, Id, Page},
    puzzles::{Difficulty, PuzzleCard, PuzzleQuery, Sort, Tag, Visibility},
};
use sqlx::{PgPool, Postgres, QueryBuilder};

const CARD_COLUMNS: &str = "
    SELECT p.id, p.title, p.difficulty, p.visibility, p.tags, u.username AS author_name,
           coalesce(m.solvers, 0) AS solvers, r.rating, r.deviation AS rating_deviation
    FROM puzzles p
    JOIN users u ON u.id = p.author_id
    LEFT JOIN puzzle_metrics m ON m.puzzle_id = p.id
    LEFT JOIN puzzle_ratings r ON r.puzzle_id = p.id";

/// `%` and `_` typed by users are literal characters, not wildcards.
fn like_pattern(search: &str) -> String {
    let escaped = search.trim().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

fn push_filters<'a>(sql: &mut QueryBuilder<'a, Postgres>, query: &'a PuzzleQuery) {
    sql.push(" WHERE p.visibility = 'approved'");
    if !query.search.trim().is_empty() {
        sql.push(" AND p.title ILIKE ").push_bind(like_pattern(&query.search));
    }
    if let Some(difficulty) = query.difficulty {
        sql.push(" AND p.difficulty = ").push_bind(difficulty);
    }
    if !query.tags.is_empty() {
        let tags: Vec<Tag> = query.tags.iter().map(|tag| tag.canonical()).collect();
        sql.push(" AND p.tags @> ").push_bind(tags);
    }
    if let Some(min) = query.min_rating {
        sql.push(" AND (SELECT rating FROM puzzle_ratings WHERE puzzle_id = p.id) >= ")
            .push_bind(f64::from(min));
    }
    if let Some(max) = query.max_rating {
        sql.push(" AND (SELECT rating FROM puzzle_ratings WHERE puzzle_id = p.id) <= ")
            .push_bind(f64::from(max));
    }
}

fn order_by(sort: Sort) -> &'static str {
    match sort {
        Sort::Newest => " ORDER BY p.created_at DESC, p.id DESC",
        Sort::Title => " ORDER BY lower(p.title), p.id",
        Sort::Difficulty => " ORDER BY p.difficulty, p.created_at DESC, p.id DESC",
        Sort::Popularity => " ORDER BY coalesce(m.solvers, 0) DESC, coalesce(m.attempts, 0) DESC, p.id DESC",
        Sort::Calibrated => " ORDER BY r.rating NULLS LAST, p.id DESC",
    }
}

/// One page of the public catalogue (approved puzzles only).
pub async fn search(pool: &PgPool, query: &PuzzleQuery, page_size: u32) -> AppResult<Page<PuzzleCard>> {
    let page = query.page.max(1);
    let page_size = page_size.max(1);
    // QueryBuilder: a static `$1 IS NULL OR` query soon gets a generic plan that skips the text/tag indexes.
    let mut count = QueryBuilder::new("SELECT count(*) FROM puzzles p");
    push_filters(&mut count, query);
    let total: i64 = count.build_query_scalar().fetch_one(pool).await?;

    let mut select = QueryBuilder::new(CARD_COLUMNS);
    push_filters(&mut select, query);
    select.push(order_by(query.sort));
    select.push(" LIMIT ").push_bind(i64::from(page_size));
    select.push(" OFFSET ").push_bind(i64::from(page - 1) * i64::from(page_size));
    let items = select.build_query_as::<PuzzleCard>().fetch_all(pool).await?;
    Ok(Page::new(items, page, page_size, total as u64))
}

/// The caller's own puzzles, in every state.
pub async fn mine(pool: &PgPool, caller: &Caller, page: u32, page_size: u32) -> AppResult<Page<PuzzleCard>> {
    by_author(pool, caller.user()?.id, true, page, page_size).await
}

/// An author's puzzles as the caller may list them: every state for the author,
/// the published ones for everyone else.
pub async fn of_author(
    pool: &PgPool,
    caller: &Caller,
    author: Id,
    page: u32,
    page_size: u32,
) -> AppResult<Page<PuzzleCard>> {
    let everything = caller.signed_in().is_some_and(|user| user.id == author);
    by_author(pool, author, everything, page, page_size).await
}

/// An author's published puzzles, newest first.
pub async fn published_by(
    pool: &PgPool,
    author: Id,
    page: u32,
    page_size: u32,
) -> AppResult<Page<PuzzleCard>> {
    by_author(pool, author, false, page, page_size).await
}

/// An author's puzzles, newest first; unpublished ones only when `everything`.
async fn by_author(
    pool: &PgPool,
    author: Id,
    everything: bool,
    page: u32,
    page_size: u32,
) -> AppResult<Page<PuzzleCard>> {
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM puzzles p
           WHERE p.author_id = $1 AND ($2 OR p.visibility = 'approved')"#,
        author as Id,
        everything
    )
    .fetch_one(pool)
    .await?;
    let items = sqlx::query_as!(
        PuzzleCard,
        r#"SELECT p.id AS "id!: Id", p.title AS "title!", p.difficulty AS "difficulty!: Difficulty",
                  p.visibility AS "visibility!: Visibility", p.tags AS "tags!: Vec<Tag>",
                  u.username AS "author_name!", coalesce(m.solvers, 0) AS "solvers!",
                  r.rating AS "rating?", r.deviation AS "rating_deviation?"
           FROM puzzles p
           JOIN users u ON u.id = p.author_id
           LEFT JOIN puzzle_metrics m ON m.puzzle_id = p.id
           LEFT JOIN puzzle_ratings r ON r.puzzle_id = p.id
           WHERE p.author_id = $1 AND ($2 OR p.visibility = 'approved')
           ORDER BY p.created_at DESC, p.id DESC LIMIT $3 OFFSET $4"#,
        author as Id,
        everything,
        i64::from(page_size),
        i64::from(page.max(1) - 1) * i64::from(page_size)
    )
    .fetch_all(pool)
    .await?;
    Ok(Page::new(items, page.max(1), page_size, total as u64))
}

/// The newest approved puzzles, for the home page.
pub async fn latest_approved(pool: &PgPool, limit: i64) -> AppResult<Vec<PuzzleCard>> {
    Ok(sqlx::query_as!(
        PuzzleCard,
        r#"SELECT p.id AS "id!: Id", p.title AS "title!", p.difficulty AS "difficulty!: Difficulty",
                  p.visibility AS "visibility!: Visibility", p.tags AS "tags!: Vec<Tag>",
                  u.username AS "author_name!", coalesce(m.solvers, 0) AS "solvers!",
                  r.rating AS "rating?", r.deviation AS "rating_deviation?"
           FROM puzzles p
           JOIN users u ON u.id = p.author_id
           LEFT JOIN puzzle_metrics m ON m.puzzle_id = p.id
           LEFT JOIN puzzle_ratings r ON r.puzzle_id = p.id
           WHERE p.visibility = 'approved' ORDER BY p.created_at DESC, p.id DESC LIMIT $1"#,
        limit
    )
    .fetch_all(pool)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::like_pattern;

    #[test]
    fn search_text_is_literal() {
        assert_eq!(like_pattern(" 100% _done "), "%100\\% \\_done%");
        assert_eq!(like_pattern("a\\b"), "%a\\\\b%");
    }
}
