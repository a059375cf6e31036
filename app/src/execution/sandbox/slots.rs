//! The concurrency cap, where each concurrent jail also gets a host uid of its own.
//!
//! RLIMIT_NPROC counts every process of a real uid on the host, so jails sharing one uid would
//! share one fork budget: a fork bomb in one submission would starve the others.

use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

pub(super) struct Slots {
    permits: Arc<Semaphore>,
    free_uids: Mutex<Vec<u32>>,
}

impl Slots {
    /// `count` slots using the host uids `first_uid..first_uid + count`.
    pub(super) fn new(count: usize, first_uid: u32) -> Arc<Self> {
        let free_uids = (first_uid..).take(count).collect::<Vec<_>>();
        metrics::gauge!("sandbox_slots").set(free_uids.len() as f64);
        Arc::new(Self {
            permits: Arc::new(Semaphore::new(free_uids.len())),
            free_uids: Mutex::new(free_uids),
        })
    }

    pub(super) async fn acquire(self: &Arc<Self>) -> Slot {
        let waiting = Waiting::new();
        let permit =
            Arc::clone(&self.permits).acquire_owned().await.expect("the slot semaphore is never closed");
        drop(waiting);
        metrics::gauge!("sandbox_slots_in_use").increment(1.0);
        let uid = self
            .free_uids
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop()
            .expect("a permit guarantees a free uid");
        Slot { uid, slots: Arc::clone(self), _permit: permit }
    }
}

/// A running jail's share of the cap; hand it back only once the jail's processes are reaped.
pub(super) struct Slot {
    uid: u32,
    slots: Arc<Slots>,
    _permit: OwnedSemaphorePermit,
}

impl Slot {
    pub(super) fn uid(&self) -> u32 {
        self.uid
    }
}

impl Drop for Slot {
    // Runs before the permit field is dropped, so a woken waiter always finds a free uid.
    fn drop(&mut self) {
        self.slots.free_uids.lock().unwrap_or_else(PoisonError::into_inner).push(self.uid);
        metrics::gauge!("sandbox_slots_in_use").decrement(1.0);
    }
}

/// Counts a run waiting for a slot, until it gets one or gives up.
struct Waiting;

impl Waiting {
    fn new() -> Self {
        metrics::gauge!("sandbox_slots_waiting").increment(1.0);
        Self
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        metrics::gauge!("sandbox_slots_waiting").decrement(1.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn concurrent_slots_hold_distinct_uids_and_return_them() {
        let slots = Slots::new(2, 5000);
        let first = slots.acquire().await;
        let second = slots.acquire().await;
        assert_ne!(first.uid(), second.uid());
        drop(first);
        let third = slots.acquire().await;
        assert!([5000, 5001].contains(&third.uid()));
        assert_ne!(third.uid(), second.uid());
    }
}
