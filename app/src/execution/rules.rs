//! How much sandbox work one request may ask for, and when a request is told to come back
//! later rather than wait: pure functions over a snapshot of the runner's queue.

use crate::core::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Jails (one per test) one request may ask for: a puzzle's every test, and no more.
pub const BATCH_MAX: usize = crate::puzzles::rules::TESTS_MAX;

/// The longest a request may expect to wait for its first jail before it is told to retry.
pub const WAIT_MAX: Duration = Duration::from_secs(10);

/// A runner's queue as one owner sees it, when a request of theirs arrives.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Backlog {
    /// Jails that run at once.
    pub slots: usize,
    /// The owner's own jails, running or waiting.
    pub mine: usize,
    /// Other owners with jails waiting: each gets a turn before the owner's next one.
    pub others_waiting: usize,
    /// How long a jail holds its slot, on average lately.
    pub jail_time: Duration,
}

impl Backlog {
    /// A runner with no queue of its own (Piston queues on its side).
    pub fn unknown() -> Self {
        Self { slots: 1, mine: 0, others_waiting: 0, jail_time: Duration::ZERO }
    }
}

/// Refuses a request for more jails than one request may have.
pub fn check_batch(jails: usize) -> AppResult<()> {
    if jails > BATCH_MAX {
        return Err(AppError::BadRequest(format!(
            "A run may have at most {BATCH_MAX} tests; this one has {jails}"
        )));
    }
    Ok(())
}

/// Whether a request may join the queue now, or should come back later. Turns go round the
/// owners, so a request's first jail waits for one turn of every other owner waiting, and behind
/// the owner's own queued jails, each of which waits for a round of everyone's turns: a user
/// whose earlier batch is still queued is told when it will have drained.
pub fn admit(backlog: &Backlog) -> AppResult<()> {
    let others = backlog.others_waiting as u32;
    let turns_ahead = others + backlog.mine as u32 * (others + 1);
    let wait = backlog.jail_time * turns_ahead / backlog.slots.max(1) as u32;
    if wait > WAIT_MAX {
        return Err(AppError::Busy { retry_after_secs: whole_seconds(wait) });
    }
    Ok(())
}

fn whole_seconds(duration: Duration) -> u64 {
    (duration.as_secs() + u64::from(duration.subsec_nanos() > 0)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn backlog(mine: usize, others_waiting: usize) -> Backlog {
        Backlog { slots: 2, mine, others_waiting, jail_time: Duration::from_secs(2) }
    }

    fn retry_after(result: AppResult<()>) -> u64 {
        match result {
            Err(AppError::Busy { retry_after_secs }) => retry_after_secs,
            other => panic!("expected a busy answer, got {other:?}"),
        }
    }

    #[test]
    fn batches_are_bounded() {
        assert!(check_batch(BATCH_MAX).is_ok());
        assert_eq!(check_batch(BATCH_MAX + 1).unwrap_err().status(), 400);
    }

    #[test]
    fn an_idle_queue_admits() {
        assert!(admit(&backlog(0, 0)).is_ok());
        assert!(admit(&Backlog::unknown()).is_ok());
    }

    #[test]
    fn another_owners_backlog_does_not_hold_a_newcomer_back() {
        // However many jails the other owner queued, the newcomer waits for one of them.
        assert!(admit(&backlog(0, 1)).is_ok());
    }

    #[test]
    fn an_owner_with_a_queued_batch_is_told_when_to_retry() {
        // 40 of their own jails, one other owner waiting: 1 + 40 * 2 turns of 2 s on 2 slots.
        assert_eq!(retry_after(admit(&backlog(40, 1))), 81);
        assert!(admit(&backlog(4, 1)).is_ok(), "a short backlog of their own is waited out");
    }

    #[test]
    fn too_many_owners_waiting_makes_everyone_retry() {
        // 11 owners ahead, 2 s each, 2 slots: 11 s before a first turn.
        assert_eq!(retry_after(admit(&backlog(0, 11))), 11);
        assert!(admit(&backlog(0, 10)).is_ok());
    }
}
