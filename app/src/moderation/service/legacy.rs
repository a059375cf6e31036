//! The legacy moderation queue (spec 2.12): puzzles waiting for review, or pending
//! reports of one kind, newest first. Reported things are looked up for real (the
//! legacy lookup failed with a 500 whenever a report existed).

use super::{content, reports::offender_of};
use crate::{
    accounts::Caller,
    core::{AppResult, Id, Page, Timestamp},
    moderation::{
        ProblemType, Target,
        legacy::{ContextMessage, PENDING_PUZZLE, ReviewItem},
    },
};
use sqlx::PgPool;

/// One page of the queue of `kind`, and how many items it has in all.
pub async fn review_items(
    pool: &PgPool,
    caller: &Caller,
    kind: &str,
    page: u32,
    limit: u32,
) -> AppResult<(Vec<ReviewItem>, u64)> {
    caller.moderator()?;
    if kind == PENDING_PUZZLE {
        puzzles(pool, page, limit).await
    } else {
        reports(pool, kind, page, limit).await
    }
}

async fn puzzles(pool: &PgPool, page: u32, limit: u32) -> AppResult<(Vec<ReviewItem>, u64)> {
    let rows = sqlx::query!(
        r#"SELECT p.id AS "id: Id", p.title, p.statement, p.created_at AS "created_at: Timestamp",
                  u.username, count(*) OVER () AS "total!"
           FROM puzzles p JOIN users u ON u.id = p.author_id WHERE p.visibility = 'review'
           ORDER BY p.created_at DESC, p.id DESC LIMIT $1 OFFSET $2"#,
        i64::from(limit),
        Page::<()>::offset(page, limit)
    )
    .fetch_all(pool)
    .await?;
    let total = rows.first().map_or(0, |r| r.total as u64);
    let items = rows
        .into_iter()
        .map(|p| ReviewItem {
            title: p.title,
            description: p.statement,
            author_name: Some(p.username),
            ..ReviewItem::new(p.id, PENDING_PUZZLE.into(), p.created_at)
        })
        .collect();
    Ok((items, total))
}

fn problem_of(kind: &str) -> Option<ProblemType> {
    match kind {
        "reported_puzzle" => Some(ProblemType::Puzzle),
        "reported_user" => Some(ProblemType::User),
        "reported_comment" => Some(ProblemType::Comment),
        "reported_game_chat" => Some(ProblemType::GameChat),
        _ => None,
    }
}

/// Pending reports of the kind's problem type (all of them for an unknown kind).
async fn reports(pool: &PgPool, kind: &str, page: u32, limit: u32) -> AppResult<(Vec<ReviewItem>, u64)> {
    let rows = sqlx::query!(
        r#"SELECT r.id AS "id: Id", r.problem_type AS "problem_type: ProblemType",
                  r.problematic_id AS "target: Id", r.explanation, r.created_at AS "created_at: Timestamp",
                  u.username AS "reporter?", count(*) OVER () AS "total!"
           FROM reports r LEFT JOIN users u ON u.id = r.reported_by
           WHERE r.status = 'pending' AND ($1::problem_type IS NULL OR r.problem_type = $1)
           ORDER BY r.created_at DESC, r.id DESC LIMIT $2 OFFSET $3"#,
        problem_of(kind) as Option<ProblemType>,
        i64::from(limit),
        Page::<()>::offset(page, limit)
    )
    .fetch_all(pool)
    .await?;
    let total = rows.first().map_or(0, |r| r.total as u64);
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let (target, user) = content::shown(pool, row.problem_type, row.target).await?;
        let offender = match user {
            Some(user) => offender_of(pool, user).await?,
            None => None,
        };
        let mut item = ReviewItem {
            report_explanation: Some(row.explanation),
            reported_by: row.reporter,
            reported_user_id: offender.as_ref().map(|o| o.id),
            reported_user_name: offender.map(|o| o.username),
            ..ReviewItem::new(row.id, kind.to_owned(), row.created_at)
        };
        describe(&mut item, row.problem_type, row.target, target);
        items.push(item);
    }
    Ok((items, total))
}

/// The legacy title and description of a reported thing.
fn describe(item: &mut ReviewItem, problem: ProblemType, id: Id, target: Target) {
    let (title, description) = match (problem, target) {
        (_, Target::Puzzle { title, statement, .. }) => (title, statement),
        (_, Target::User { username }) => (username, String::new()),
        (_, Target::Comment { thread, .. }) => {
            let text = thread.into_iter().find(|l| l.is_target).map(|l| l.text).unwrap_or_default();
            (format!("Comment: {}", text.chars().take(50).collect::<String>()), text)
        }
        (_, Target::Chat { game, messages }) => {
            let reported = messages.iter().find(|m| m.is_target);
            let title = format!("Chat from {}", reported.map_or("Unknown", |m| m.author.as_str()));
            let text = reported.map(|m| m.text.clone()).unwrap_or_default();
            item.game_id = Some(game);
            item.reported_message_id = Some(id);
            item.context_messages = Some(
                messages
                    .into_iter()
                    .map(|m| ContextMessage {
                        is_reported: m.is_target,
                        id: m.id,
                        username: m.author,
                        message: m.text,
                        created_at: m.at,
                    })
                    .collect(),
            );
            (title, text)
        }
        (ProblemType::Puzzle, Target::Missing) => ("Deleted Puzzle".into(), String::new()),
        (ProblemType::User, Target::Missing) => ("Deleted User".into(), String::new()),
        (ProblemType::Comment, Target::Missing) => ("Deleted Comment".into(), String::new()),
        (ProblemType::GameChat, Target::Missing) => ("Chat from Unknown".into(), "Deleted Message".into()),
    };
    item.title = title;
    item.description = Some(description);
}
