//! The concurrency cap, shared fairly between owners, where each concurrent jail also gets a
//! host uid of its own.
//!
//! RLIMIT_NPROC counts every process of a real uid on the host, so jails sharing one uid would
//! share one fork budget: a fork bomb in one submission would starve the others.
//!
//! Waiting jails queue per owner, and a freed slot goes to the next owner in turn
//! ([`Turns`]), so one owner's fifty queued tests wait behind everyone else's turns rather than
//! in front of them.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use crate::core::Id;
use crate::execution::rules::Backlog;

/// Whom a jail runs for; `None` for the sandbox's own probes and unattributed runs.
pub(super) type Owner = Option<Id>;

/// How much each finished jail moves the average hold time, in 1/8ths.
const HOLD_TIME_WEIGHT: u32 = 1;

pub(super) struct Slots {
    count: usize,
    state: Mutex<State>,
}

struct State {
    /// Uids of idle slots; only ever non-empty while nobody waits.
    free_uids: Vec<u32>,
    waiting: Turns<Owner, oneshot::Sender<Slot>>,
    /// Jails each owner has running.
    running: HashMap<Owner, usize>,
    /// Average time a jail holds its slot, for estimates of waits.
    hold_time: Duration,
}

impl Slots {
    /// `count` slots using the host uids `first_uid..first_uid + count`.
    pub(super) fn new(count: usize, first_uid: u32) -> Arc<Self> {
        let free_uids = (first_uid..).take(count).collect::<Vec<_>>();
        metrics::gauge!("sandbox_slots").set(free_uids.len() as f64);
        Arc::new(Self {
            count: free_uids.len(),
            state: Mutex::new(State {
                free_uids,
                waiting: Turns::default(),
                running: HashMap::new(),
                hold_time: Duration::from_millis(100),
            }),
        })
    }

    /// A slot for `owner`: at once if one is idle, else when the owner's turn comes.
    pub(super) async fn acquire(self: &Arc<Self>, owner: Owner) -> Slot {
        let receiver = {
            let mut state = self.lock();
            if let Some(uid) = state.free_uids.pop() {
                let slot = self.hand_out(&mut state, uid, owner);
                self.publish(&state);
                return slot;
            }
            let (sender, receiver) = oneshot::channel();
            state.waiting.push(owner, sender);
            self.publish(&state);
            receiver
        };
        receiver.await.expect("a waiter is handed a slot before its sender is dropped")
    }

    pub(super) fn backlog(&self, owner: Owner) -> Backlog {
        let state = self.lock();
        Backlog {
            slots: self.count,
            mine: state.running.get(&owner).copied().unwrap_or(0) + state.waiting.queued(&owner),
            others_waiting: state.waiting.owners() - usize::from(state.waiting.queued(&owner) > 0),
            jail_time: state.hold_time,
        }
    }

    fn hand_out(self: &Arc<Self>, state: &mut State, uid: u32, owner: Owner) -> Slot {
        *state.running.entry(owner).or_default() += 1;
        Slot { uid, owner, since: Instant::now(), slots: Some(Arc::clone(self)) }
    }

    /// Takes `uid` back from `owner`'s jail and hands it to the next waiter in turn. Waiters
    /// that gave up (their request was dropped) are skipped.
    fn release(self: &Arc<Self>, uid: u32, owner: Owner, held: Duration) {
        let mut state = self.lock();
        state.hold_time = (state.hold_time * (8 - HOLD_TIME_WEIGHT) + held * HOLD_TIME_WEIGHT) / 8;
        state.stop_running(owner);
        loop {
            let Some((next, sender)) = state.waiting.pop() else {
                state.free_uids.push(uid);
                self.publish(&state);
                return;
            };
            let slot = self.hand_out(&mut state, uid, next);
            match sender.send(slot) {
                Ok(()) => {
                    self.publish(&state);
                    return;
                }
                // Handed back without running anything: undo without recursing into `release`.
                Err(mut unused) => {
                    unused.slots = None;
                    state.stop_running(next);
                }
            }
        }
    }

    /// Slots in use and runs waiting, for the metrics.
    fn publish(&self, state: &State) {
        metrics::gauge!("sandbox_slots_in_use").set((self.count - state.free_uids.len()) as f64);
        metrics::gauge!("sandbox_slots_waiting").set(state.waiting.total() as f64);
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl State {
    fn stop_running(&mut self, owner: Owner) {
        if let Some(count) = self.running.get_mut(&owner) {
            *count -= 1;
            if *count == 0 {
                self.running.remove(&owner);
            }
        }
    }
}

/// A running jail's share of the cap; hand it back only once the jail's processes are reaped.
pub(super) struct Slot {
    uid: u32,
    owner: Owner,
    since: Instant,
    /// `None` once the slot went back without being used.
    slots: Option<Arc<Slots>>,
}

impl Slot {
    pub(super) fn uid(&self) -> u32 {
        self.uid
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Some(slots) = self.slots.take() {
            slots.release(self.uid, self.owner, self.since.elapsed());
        }
    }
}

/// Queues of items per key, served one key at a time in turn: a key's next item waits until
/// every other key with items queued has had one served. Pure, so the order is unit-tested.
pub(super) struct Turns<K, V> {
    /// Keys waiting for a turn, in the order their turns come.
    order: VecDeque<K>,
    /// The key served last, while it has items left: it rejoins the line only when
    /// another key is served, so a key that arrives meanwhile goes before it.
    last: Option<K>,
    queues: HashMap<K, VecDeque<V>>,
}

impl<K, V> Default for Turns<K, V> {
    fn default() -> Self {
        Self { order: VecDeque::new(), last: None, queues: HashMap::new() }
    }
}

impl<K: Hash + Eq + Clone, V> Turns<K, V> {
    pub(super) fn push(&mut self, key: K, item: V) {
        let queue = self.queues.entry(key.clone()).or_default();
        if queue.is_empty() {
            self.order.push_back(key);
        }
        queue.push_back(item);
    }

    /// The next item of the key whose turn it is.
    pub(super) fn pop(&mut self) -> Option<(K, V)> {
        let key = match self.order.pop_front() {
            Some(key) => {
                // Someone else is served: the previous key rejoins the back of the line.
                if let Some(previous) = self.last.take() {
                    self.order.push_back(previous);
                }
                key
            }
            None => self.last.take()?,
        };
        let queue = self.queues.get_mut(&key)?;
        let item = queue.pop_front()?;
        if queue.is_empty() {
            self.queues.remove(&key);
        } else {
            self.last = Some(key.clone());
        }
        Some((key, item))
    }

    pub(super) fn queued(&self, key: &K) -> usize {
        self.queues.get(key).map_or(0, VecDeque::len)
    }

    /// Items queued, of every key.
    pub(super) fn total(&self) -> usize {
        self.queues.values().map(VecDeque::len).sum()
    }

    /// Keys with items queued.
    pub(super) fn owners(&self) -> usize {
        self.order.len() + usize::from(self.last.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owner(byte: u8) -> Owner {
        Some(Id::from_bytes([byte; 12]))
    }

    #[test]
    fn turns_alternate_between_keys_whatever_their_queue_lengths() {
        let mut turns = Turns::default();
        for item in 0..4 {
            turns.push('a', item);
        }
        turns.push('b', 10);
        turns.push('b', 11);
        turns.push('c', 20);
        assert_eq!((turns.owners(), turns.queued(&'a')), (3, 4));
        let served: Vec<(char, i32)> = std::iter::from_fn(|| turns.pop()).collect();
        assert_eq!(served, [('a', 0), ('b', 10), ('c', 20), ('a', 1), ('b', 11), ('a', 2), ('a', 3)]);
        assert_eq!(turns.owners(), 0);
    }

    #[test]
    fn a_newcomer_is_served_before_a_long_queue_continues() {
        let mut turns = Turns::default();
        (0..3).for_each(|item| turns.push('a', item));
        assert_eq!(turns.pop(), Some(('a', 0)));
        turns.push('b', 9);
        assert_eq!(turns.pop(), Some(('b', 9)));
        assert_eq!(turns.pop(), Some(('a', 1)));
    }

    #[tokio::test]
    async fn concurrent_slots_hold_distinct_uids_and_return_them() {
        let slots = Slots::new(2, 5000);
        let first = slots.acquire(owner(1)).await;
        let second = slots.acquire(owner(1)).await;
        assert_ne!(first.uid(), second.uid());
        drop(first);
        let third = slots.acquire(owner(2)).await;
        assert!([5000, 5001].contains(&third.uid()));
        assert_ne!(third.uid(), second.uid());
    }

    #[tokio::test]
    async fn a_freed_slot_goes_to_the_next_owner_in_turn() {
        let slots = Slots::new(1, 6000);
        let running = slots.acquire(owner(1)).await;
        let heavy: Vec<_> = (0..3).map(|_| tokio::spawn(take(Arc::clone(&slots), owner(1)))).collect();
        tokio::task::yield_now().await;
        let light = tokio::spawn(take(Arc::clone(&slots), owner(2)));
        tokio::task::yield_now().await;
        assert_eq!(slots.backlog(owner(1)).mine, 4);
        assert_eq!(slots.backlog(owner(2)).others_waiting, 1);
        drop(running);
        // The first heavy waiter was queued first, then the light one takes its turn.
        let mut heavy = heavy.into_iter();
        let first = heavy.next().expect("three heavy waiters").await.unwrap();
        let second = light.await.unwrap();
        assert!(first < second, "the light owner waited behind one heavy jail only");
        for waiter in heavy {
            assert!(waiter.await.unwrap() > second);
        }
    }

    #[tokio::test]
    async fn a_waiter_that_gives_up_passes_its_turn_on() {
        let slots = Slots::new(1, 7000);
        let running = slots.acquire(owner(1)).await;
        let gave_up = tokio::spawn(take(Arc::clone(&slots), owner(2)));
        tokio::task::yield_now().await;
        let patient = tokio::spawn(take(Arc::clone(&slots), owner(3)));
        tokio::task::yield_now().await;
        gave_up.abort();
        drop(running);
        patient.await.unwrap();
        assert_eq!(slots.backlog(owner(2)).mine, 0);
        assert_eq!(slots.lock().free_uids, [7000]);
    }

    /// Takes a slot, holds it briefly, and says when it got it.
    async fn take(slots: Arc<Slots>, owner: Owner) -> Instant {
        let slot = slots.acquire(owner).await;
        let got = Instant::now();
        tokio::time::sleep(Duration::from_millis(5)).await;
        drop(slot);
        got
    }
}
