//! The job: turns a queued cause into notifications. Each notification has a key
//! (recipient, kind, source), so a job that runs twice (a worker dying after the
//! write, before the job is gone) writes one row.

use super::outbox::Cause;
use crate::{
    core::{AppError, AppResult, Id},
    events::{self, Event},
    notifications::{NotificationKind, rules},
};
use sqlx::{PgConnection, PgPool};

/// A job that failed this often stays in the table, with its last error, for an
/// operator to look at.
pub const MAX_ATTEMPTS: i32 = 10;

/// One notification to write, if the recipient's rules allow it.
struct Notice {
    recipient: Id,
    kind: NotificationKind,
    source: Id,
    actor: Option<Id>,
    puzzle: Option<Id>,
    comment: Option<Id>,
    audit: Option<Id>,
}

/// Runs the jobs that are due, each in its own transaction with the notifications it
/// writes; a failed one is tried again later. Returns how many ran.
pub async fn run_due(pool: &PgPool) -> AppResult<usize> {
    let mut ran = 0;
    loop {
        let mut tx = pool.begin().await?;
        let Some(job) = sqlx::query!(
            r#"SELECT id AS "id: Id", cause, attempts FROM notification_jobs
               WHERE run_at <= now() AND attempts < $1
               ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED"#,
            MAX_ATTEMPTS
        )
        .fetch_optional(&mut *tx)
        .await?
        else {
            return Ok(ran);
        };
        ran += 1;
        let delivered = match serde_json::from_value::<Cause>(job.cause) {
            Ok(cause) => deliver(&mut tx, cause).await,
            Err(error) => Err(AppError::internal("unreadable notification job", error)),
        };
        match delivered {
            Ok(()) => {
                sqlx::query!("DELETE FROM notification_jobs WHERE id = $1", job.id as Id)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
            }
            Err(error) => {
                tx.rollback().await?;
                tracing::warn!(%error, job = %job.id, "a notification job failed; it will be tried again");
                sqlx::query!(
                    "UPDATE notification_jobs SET attempts = attempts + 1, last_error = $2,
                            run_at = now() + make_interval(secs => $3)
                     WHERE id = $1",
                    job.id as Id,
                    error.to_string(),
                    f64::from(rules::retry_delay_secs(job.attempts))
                )
                .execute(pool)
                .await?;
            }
        }
    }
}

/// Writes the notifications `cause` brings, in `tx`, and tells the recipients' open
/// pages once it commits.
pub async fn deliver(tx: &mut PgConnection, cause: Cause) -> AppResult<()> {
    let notices = match cause {
        Cause::Comment { comment } => about_comment(tx, comment).await?,
        Cause::Moderation { user, entry } => about_decision(tx, user, entry).await?,
        Cause::ReportDecided { entry } => to_reporters(tx, entry).await?,
    };
    let mut told = Vec::new();
    for notice in notices {
        if write(tx, &notice).await? {
            told.push(Event::NotificationsChanged { user: notice.recipient });
        }
    }
    events::publish(tx, &told).await
}

/// A reply tells the parent's author; a comment on a puzzle tells its author.
async fn about_comment(tx: &mut PgConnection, comment: Id) -> AppResult<Vec<Notice>> {
    let row = sqlx::query!(
        r#"SELECT c.author_id AS "author: Id", c.puzzle_id AS "puzzle: Id",
                  parent.author_id AS "parent_author?: Id", pz.author_id AS "puzzle_author?: Id"
           FROM comments c
           LEFT JOIN comments parent ON parent.id = c.parent_id
           LEFT JOIN puzzles pz ON pz.id = c.puzzle_id
           WHERE c.id = $1 AND c.deleted_at IS NULL"#,
        comment as Id
    )
    .fetch_optional(&mut *tx)
    .await?;
    // Deleted before the job ran: nothing to tell.
    let Some(row) = row else { return Ok(Vec::new()) };
    let (recipient, kind) = match (row.parent_author, row.puzzle_author) {
        (Some(parent_author), _) => (parent_author, NotificationKind::Reply),
        (None, Some(puzzle_author)) => (puzzle_author, NotificationKind::PuzzleComment),
        (None, None) => return Ok(Vec::new()),
    };
    Ok(vec![Notice {
        recipient,
        kind,
        source: comment,
        actor: Some(row.author),
        puzzle: row.puzzle,
        comment: Some(comment),
        audit: None,
    }])
}

/// A moderator's decision about `user`: their puzzle reviewed, their content removed,
/// a warning, a ban.
async fn about_decision(tx: &mut PgConnection, user: Id, entry: Id) -> AppResult<Vec<Notice>> {
    let Some(row) = sqlx::query!(
        r#"SELECT action, actor_id AS "actor: Id", target_type, target_id AS "target: Id",
                  details->>'to' AS moved_to, details->>'action' AS report_action
           FROM audit_logs WHERE id = $1"#,
        entry as Id
    )
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(Vec::new());
    };
    let Some(kind) =
        rules::moderation_kind(&row.action, row.moved_to.as_deref(), row.report_action.as_deref())
    else {
        return Ok(Vec::new());
    };
    let puzzle = row.target.filter(|_| row.target_type == "puzzle" && row.action == "puzzle.visibility");
    Ok(vec![Notice {
        recipient: user,
        kind,
        source: entry,
        actor: row.actor,
        puzzle,
        comment: None,
        audit: Some(entry),
    }])
}

/// A report decision tells each reporter of the reports it closed.
async fn to_reporters(tx: &mut PgConnection, entry: Id) -> AppResult<Vec<Notice>> {
    let rows = sqlx::query!(
        r#"SELECT a.action, a.actor_id AS "actor: Id", r.id AS "report!: Id", r.reported_by AS "reporter!: Id"
           FROM audit_logs a
           JOIN reports r ON r.id = ANY (SELECT decode(jsonb_array_elements_text(a.details->'reports'), 'hex'))
           WHERE a.id = $1"#,
        entry as Id
    )
    .fetch_all(&mut *tx)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            Some(Notice {
                recipient: row.reporter,
                kind: rules::report_kind(&row.action)?,
                source: row.report,
                actor: row.actor,
                puzzle: None,
                comment: None,
                audit: Some(entry),
            })
        })
        .collect())
}

/// Writes `notice` unless the recipient's rules refuse it or it was written before;
/// returns whether a row was written.
async fn write(tx: &mut PgConnection, notice: &Notice) -> AppResult<bool> {
    let recipient = sqlx::query!(
        r#"SELECT coalesce(p.notifications_off, '{}') AS "off!: Vec<NotificationKind>",
                  coalesce($2 = ANY (SELECT unnest(p.blocked_users)), false) AS "blocked!"
           FROM users u LEFT JOIN preferences p ON p.user_id = u.id WHERE u.id = $1"#,
        notice.recipient as Id,
        notice.actor as Option<Id>
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(recipient) = recipient else { return Ok(false) };
    if !rules::deliverable(notice.kind, notice.recipient, notice.actor, &recipient.off, recipient.blocked) {
        return Ok(false);
    }
    let written = sqlx::query!(
        "INSERT INTO notifications (id, recipient_id, kind, source_id, actor_id, puzzle_id, comment_id, audit_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (recipient_id, kind, source_id) DO NOTHING",
        Id::new() as Id,
        notice.recipient as Id,
        notice.kind as NotificationKind,
        notice.source as Id,
        notice.actor as Option<Id>,
        notice.puzzle as Option<Id>,
        notice.comment as Option<Id>,
        notice.audit as Option<Id>,
    )
    .execute(&mut *tx)
    .await?;
    Ok(written.rows_affected() == 1)
}
