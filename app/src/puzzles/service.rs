//! Puzzle rules and storage.

use super::types::PuzzleCard;
use crate::core::AppResult;
use sqlx::PgPool;

/// The newest approved puzzles, for the home page.
pub async fn latest_approved(pool: &PgPool, limit: i64) -> AppResult<Vec<PuzzleCard>> {
    let cards = sqlx::query_as::<_, PuzzleCard>(
        "SELECT p.id, p.title, p.difficulty, p.visibility, p.tags, u.username AS author_name, p.created_at
         FROM puzzles p JOIN users u ON u.id = p.author_id
         WHERE p.visibility = 'approved'
         ORDER BY p.created_at DESC, p.id DESC
         LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(cards)
}
