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

/// Whether a request for `jails` more jails may join the queue now. Turns go round the owners,
/// so the wait for a first jail grows with the number of other owners waiting, and an owner's
/// own backlog waits behind everyone else's turns: an owner already holding a full batch's worth
/// waits for it to drain first.
pub fn admit(backlog: &Backlog, jails: usize) -> AppResult<()> {
    let slots = backlog.slots.max(1) as u32;
    let first_turn = backlog.jail_time * backlog.others_waiting as u32 / slots;
    if backlog.mine > 0 && backlog.mine + jails > BATCH_MAX {
        let rounds = backlog.others_waiting as u32 + 1;
        let own_drain = backlog.jail_time * backlog.mine as u32 * rounds / slots;
        return Err(AppError::Busy { retry_after_secs: whole_seconds(own_drain.max(first_turn)) });
    }
    if first_turn > WAIT_MAX {
        return Err(AppError::Busy { retry_after_secs: whole_seconds(first_turn) });
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
    fn an_idle_queue_admits_a_full_batch() {
        assert!(admit(&backlog(0, 0), BATCH_MAX).is_ok());
        assert!(admit(&Backlog::unknown(), BATCH_MAX).is_ok());
    }

    #[test]
    fn another_owners_backlog_does_not_hold_a_newcomer_back() {
        // The first owner's 50 queued jails are theirs to wait for, not the newcomer's.
        assert!(admit(&backlog(0, 1), 1).is_ok());
    }

    #[test]
    fn an_owner_over_their_share_is_told_when_to_retry() {
        // 40 of their own jails, one other owner waiting: 40 jails * 2 s * 2 owners / 2 slots.
        assert_eq!(retry_after(admit(&backlog(40, 1), 20)), 80);
        assert!(admit(&backlog(40, 1), 10).is_ok(), "within a batch's worth");
    }

    #[test]
    fn too_many_owners_waiting_makes_everyone_retry() {
        // 11 owners ahead, 2 s each, 2 slots: 11 s before a first turn.
        assert_eq!(retry_after(admit(&backlog(0, 11), 1)), 11);
        assert!(admit(&backlog(0, 10), 1).is_ok());
    }
}
