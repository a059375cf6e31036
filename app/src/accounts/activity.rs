//! A user's activity: puzzles they published and solutions they submitted,
//! newest first, grouped by day.

use super::types::{ActivityDay, ActivityItem};

pub const PAGE_SIZE: usize = 50;

/// Groups items (already newest first) into days.
pub fn group_by_day(items: Vec<ActivityItem>) -> Vec<ActivityDay> {
    let mut days: Vec<ActivityDay> = Vec::new();
    for item in items {
        let date = item.at.as_datetime().date_naive();
        match days.last_mut() {
            Some(day) if day.date == date => day.items.push(item),
            _ => days.push(ActivityDay { date, items: vec![item] }),
        }
    }
    days
}

#[cfg(feature = "ssr")]
pub use server::page_of;

#[cfg(feature = "ssr")]
mod server {
    use super::{PAGE_SIZE, group_by_day};
    use crate::{
        accounts::types::{ActivityItem, ActivityKind, ActivityPage},
        core::{AppResult, Id, Timestamp},
    };
    use sqlx::PgPool;

    struct Row {
        authored: bool,
        solved: bool,
        puzzle_id: Id,
        puzzle_title: String,
        at: Timestamp,
    }

    /// Page `page` (from 1) of the user's activity. Only approved puzzles count as
    /// published; submissions count whatever their verdict.
    pub async fn page_of(pool: &PgPool, user: Id, page: u32) -> AppResult<ActivityPage> {
        let page = page.max(1);
        let offset = i64::from(page - 1) * PAGE_SIZE as i64;
        // A UNION makes every column nullable to sqlx; none of these is.
        let mut rows = sqlx::query_as!(
            Row,
            r#"SELECT authored AS "authored!", solved AS "solved!", puzzle_id AS "puzzle_id!: Id",
                      puzzle_title AS "puzzle_title!", at AS "at!: Timestamp"
               FROM (
                SELECT true AS authored, false AS solved, p.id AS puzzle_id, p.title AS puzzle_title, p.created_at AS at
                FROM puzzles p WHERE p.author_id = $1 AND p.visibility = 'approved'
                UNION ALL
                SELECT false, coalesce(s.result = 'success', false), p.id, p.title, s.created_at
                FROM submissions s JOIN puzzles p ON p.id = s.puzzle_id WHERE s.user_id = $1
               ) activity
               ORDER BY at DESC LIMIT $2 OFFSET $3"#,
            user as Id,
            PAGE_SIZE as i64 + 1,
            offset
        )
        .fetch_all(pool)
        .await?;
        let has_more = rows.len() > PAGE_SIZE;
        rows.truncate(PAGE_SIZE);
        let items = rows
            .into_iter()
            .map(|row| ActivityItem {
                kind: if row.authored {
                    ActivityKind::Authored
                } else {
                    ActivityKind::Submitted { solved: row.solved }
                },
                puzzle_id: row.puzzle_id,
                puzzle_title: row.puzzle_title,
                at: row.at,
            })
            .collect();
        Ok(ActivityPage { days: group_by_day(items), page, has_more })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        accounts::types::ActivityKind,
        core::{Id, Timestamp},
    };

    fn item(at: &str) -> ActivityItem {
        ActivityItem {
            kind: ActivityKind::Authored,
            puzzle_id: Id::from_bytes([0; 12]),
            puzzle_title: "t".into(),
            at: Timestamp::parse(at).unwrap(),
        }
    }

    #[test]
    fn groups_consecutive_items_by_utc_date() {
        let days = group_by_day(vec![
            item("2026-11-26T23:59:00Z"),
            item("2026-11-26T00:01:00Z"),
            item("2026-11-25T12:00:00Z"),
        ]);
        assert_eq!(days.len(), 2);
        assert_eq!(days[0].items.len(), 2);
        assert_eq!(days[1].date.to_string(), "2026-11-25");
        assert!(group_by_day(Vec::new()).is_empty());
    }
}
