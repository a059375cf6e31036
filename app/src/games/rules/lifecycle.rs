//! Waiting-room and game state machines.
//!
//! Time is `DateTime<Utc>` and always passed in as `now`; nothing here reads a clock.
//! Transitions take `&self` and return the next state, so a refused transition leaves
//! the caller's state untouched.

use chrono::{DateTime, TimeDelta, Utc};
use thiserror::Error;

/// Between `game:start` and the game's `startTime` when the host does not choose.
pub const COUNTDOWN: TimeDelta = TimeDelta::seconds(15);
/// The countdowns a host may choose, in seconds.
pub const COUNTDOWN_SECONDS: std::ops::RangeInclusive<u32> = 5..=60;
/// How long after `endTime` late auto-submissions are still linked.
pub const SUBMISSION_BUFFER: TimeDelta = TimeDelta::seconds(10);
/// How often each process says which users have a lobby socket open, and how long
/// without it before a room member counts as gone (their process died).
pub const PRESENCE_REFRESH: TimeDelta = TimeDelta::seconds(30);
pub const PRESENCE_TIMEOUT: TimeDelta = TimeDelta::seconds(90);
/// `options.maxGameDurationInSeconds` when the room does not set it.
pub const DEFAULT_MAX_DURATION_SECS: u32 = 900;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member<Id> {
    pub user_id: Id,
    pub username: String,
    pub joined_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Room<Id> {
    Waiting {
        members: Vec<Member<Id>>,
    },
    /// A room starts at most one game, so a repeated `game:start` cannot create a second;
    /// it stays open so that later joiners can be sent `game:start`, but they are not
    /// players of that game.
    GameStarted {
        members: Vec<Member<Id>>,
        clock: GameClock,
    },
    /// The last member left; the caller deletes the room.
    Closed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum RoomError {
    /// The wire text is `"Room <roomId> not found"`, which the caller formats; the lobby
    /// page clears its `?roomId=` parameter when it sees that wording.
    #[error("Room not found")]
    Closed,
    #[error("You must be in the room")]
    NotAMember,
    /// Only the owner starts the game.
    #[error("Only the room owner can start the game")]
    NotOwner,
    #[error("The game has already been started")]
    AlreadyStarted,
}

impl<Id: Clone + PartialEq> Room<Id> {
    pub fn host(host: Member<Id>) -> Self {
        Self::Waiting { members: vec![host] }
    }

    /// Members in the order they first joined.
    pub fn members(&self) -> &[Member<Id>] {
        self.open_members().map_or(&[], Vec::as_slice)
    }

    /// Ownership is never stored: it is the earliest `joinedAt`, ties going to the
    /// first to join. So when the owner leaves it passes on by itself.
    pub fn owner(&self) -> Option<&Member<Id>> {
        self.members().iter().min_by_key(|member| member.joined_at)
    }

    /// Joining again is a no-op that keeps the original `joinedAt`, so a reconnect
    /// cannot cost the owner the room.
    pub fn join(&self, member: Member<Id>) -> Result<Self, RoomError> {
        self.with_members(|members| {
            if !members.iter().any(|m| m.user_id == member.user_id) {
                members.push(member);
            }
        })
    }

    pub fn leave(&self, user_id: &Id) -> Result<Self, RoomError> {
        if !self.open_members()?.iter().any(|m| m.user_id == *user_id) {
            return Err(RoomError::NotAMember);
        }
        let next = self.with_members(|members| members.retain(|m| m.user_id != *user_id))?;
        Ok(if next.members().is_empty() { Self::Closed } else { next })
    }

    /// Only the owner may start, and only once. The game's players are the members at
    /// this instant, its owner the room's owner.
    pub fn start(
        &self,
        requester: &Id,
        now: DateTime<Utc>,
        countdown: TimeDelta,
        max_duration_secs: u32,
    ) -> Result<(Self, Game<Id>), RoomError> {
        let members = match self {
            Self::Waiting { members } => members,
            Self::GameStarted { .. } => return Err(RoomError::AlreadyStarted),
            Self::Closed => return Err(RoomError::Closed),
        };
        let owner = self.owner().ok_or(RoomError::Closed)?;
        if owner.user_id != *requester {
            return Err(RoomError::NotOwner);
        }
        let clock = GameClock::new(now, countdown, max_duration_secs);
        let game = Game {
            clock,
            owner: owner.user_id.clone(),
            players: members.iter().map(|m| m.user_id.clone()).collect(),
            submitted: Vec::new(),
        };
        let room = Self::GameStarted { members: members.clone(), clock };
        Ok((room, game))
    }

    fn open_members(&self) -> Result<&Vec<Member<Id>>, RoomError> {
        match self {
            Self::Waiting { members } | Self::GameStarted { members, .. } => Ok(members),
            Self::Closed => Err(RoomError::Closed),
        }
    }

    fn with_members(&self, edit: impl FnOnce(&mut Vec<Member<Id>>)) -> Result<Self, RoomError> {
        let mut next = self.clone();
        match &mut next {
            Self::Waiting { members } | Self::GameStarted { members, .. } => edit(members),
            Self::Closed => return Err(RoomError::Closed),
        }
        Ok(next)
    }
}

/// The three instants stored on a game.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GameClock {
    pub created_at: DateTime<Utc>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// Derived from the clock and `now` rather than stored, so it can never disagree
/// with the timestamps the frontend sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GamePhase {
    /// `now < startTime`: withhold the puzzle, so nobody can read it before the start.
    Countdown,
    /// `startTime ≤ now ≤ endTime`.
    InProgress,
    /// `endTime < now ≤ endTime + 10 s`: editors have auto-submitted, links still land.
    SubmissionBuffer,
    /// `now > endTime + 10 s`: completed and rateable; send `game:finished`.
    Finished,
}

impl GameClock {
    pub fn new(now: DateTime<Utc>, countdown: TimeDelta, max_duration_secs: u32) -> Self {
        let starts_at = now + countdown;
        Self {
            created_at: now,
            starts_at,
            ends_at: starts_at + TimeDelta::seconds(i64::from(max_duration_secs)),
        }
    }

    pub fn phase(&self, now: DateTime<Utc>) -> GamePhase {
        if now < self.starts_at {
            GamePhase::Countdown
        } else if now <= self.ends_at {
            GamePhase::InProgress
        } else if now <= self.ends_at + SUBMISSION_BUFFER {
            GamePhase::SubmissionBuffer
        } else {
            GamePhase::Finished
        }
    }

    /// `T` for scoring, measured from the start time, as the game page shows it, not from
    /// when the game was created; millisecond precision like JS dates.
    pub fn seconds_since_start(&self, at: DateTime<Utc>) -> f64 {
        (at - self.starts_at).num_milliseconds() as f64 / 1000.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Game<Id> {
    pub clock: GameClock,
    pub owner: Id,
    pub players: Vec<Id>,
    /// Players whose submission is linked, in link order.
    pub submitted: Vec<Id>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum GameError {
    #[error("User not in this game")]
    NotAPlayer,
    #[error("The game has not started yet")]
    NotStarted,
    #[error("The game has ended")]
    Ended,
    #[error("Submission too old for this game")]
    SubmissionTooOld,
    #[error("User has already submitted to this game")]
    AlreadySubmitted,
}

impl<Id: Clone + PartialEq> Game<Id> {
    /// Late join: allowed while `now < endTime`; joining twice is a no-op.
    pub fn join(&self, user_id: Id, now: DateTime<Utc>) -> Result<Self, GameError> {
        if now >= self.clock.ends_at {
            return Err(GameError::Ended);
        }
        let mut next = self.clone();
        if !next.players.contains(&user_id) {
            next.players.push(user_id);
        }
        Ok(next)
    }

    /// Links a player's submission made at `submitted_at`. The user must be a player, with
    /// no submission linked yet; the submission must be at most 10 s old when linked; and
    /// `startTime ≤ submitted_at, now ≤ endTime + 10 s`. The mode's acceptance rule is
    /// [`super::scoring::accepts`].
    pub fn link_submission(
        &self,
        user_id: &Id,
        submitted_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Self, GameError> {
        if !self.players.contains(user_id) {
            return Err(GameError::NotAPlayer);
        }
        if submitted_at < self.clock.starts_at || now < self.clock.starts_at {
            return Err(GameError::NotStarted);
        }
        if self.clock.phase(now) == GamePhase::Finished {
            return Err(GameError::Ended);
        }
        if submitted_at + SUBMISSION_BUFFER < now {
            return Err(GameError::SubmissionTooOld);
        }
        if self.submitted.contains(user_id) {
            return Err(GameError::AlreadySubmitted);
        }
        let mut next = self.clone();
        next.submitted.push(user_id.clone());
        Ok(next)
    }

    /// The frontend's rule: over once `endTime + 10 s` has passed or the player's
    /// submission is linked.
    pub fn is_over_for(&self, user_id: &Id, now: DateTime<Utc>) -> bool {
        self.clock.phase(now) == GamePhase::Finished || self.submitted.contains(user_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: TimeDelta = TimeDelta::milliseconds(1);

    fn t0() -> DateTime<Utc> {
        DateTime::UNIX_EPOCH + TimeDelta::days(20_000)
    }

    fn secs(n: i64) -> DateTime<Utc> {
        t0() + TimeDelta::seconds(n)
    }

    fn member(id: u32, joined_at: DateTime<Utc>) -> Member<u32> {
        Member { user_id: id, username: format!("user{id}"), joined_at }
    }

    fn ids(room: &Room<u32>) -> Vec<u32> {
        room.members().iter().map(|m| m.user_id).collect()
    }

    fn owner_id(room: &Room<u32>) -> Option<u32> {
        room.owner().map(|m| m.user_id)
    }

    /// Members 1, 2, 3 joined at t0, t0+1 s, t0+2 s.
    fn room_of_three() -> Room<u32> {
        Room::host(member(1, secs(0)))
            .join(member(2, secs(1)))
            .and_then(|room| room.join(member(3, secs(2))))
            .unwrap()
    }

    /// A 60 s game created at t0 with players 1 and 2: it starts at 15 s and ends at 75 s.
    fn game() -> Game<u32> {
        let room = Room::host(member(1, secs(0))).join(member(2, secs(0))).unwrap();
        room.start(&1, t0(), COUNTDOWN, 60).unwrap().1
    }

    // Room transitions.

    #[test]
    fn hosting_opens_a_waiting_room_owned_by_the_host() {
        let room = Room::host(member(1, secs(0)));
        assert!(matches!(room, Room::Waiting { .. }));
        assert_eq!(ids(&room), [1]);
        assert_eq!(owner_id(&room), Some(1));
    }

    #[test]
    fn joining_appends_members_and_keeps_the_owner() {
        let room = room_of_three();
        assert_eq!(ids(&room), [1, 2, 3]);
        assert_eq!(owner_id(&room), Some(1));
    }

    #[test]
    fn joining_again_keeps_the_original_join_time_and_ownership() {
        let room = room_of_three().join(member(1, secs(99))).unwrap();
        assert_eq!(room, room_of_three());
        assert_eq!(owner_id(&room), Some(1));
    }

    #[test]
    fn owner_leaving_passes_ownership_to_the_earliest_remaining_joiner() {
        let room = room_of_three().leave(&1).unwrap();
        assert_eq!(ids(&room), [2, 3]);
        assert_eq!(owner_id(&room), Some(2));
    }

    #[test]
    fn equal_join_times_give_ownership_to_the_first_to_join() {
        let room = Room::host(member(1, secs(0)))
            .join(member(3, secs(5)))
            .and_then(|room| room.join(member(2, secs(5))))
            .and_then(|room| room.leave(&1))
            .unwrap();
        assert_eq!(owner_id(&room), Some(3));
    }

    #[test]
    fn other_members_leaving_keeps_the_owner() {
        let room = room_of_three().leave(&3).unwrap();
        assert_eq!(ids(&room), [1, 2]);
        assert_eq!(owner_id(&room), Some(1));
    }

    #[test]
    fn a_non_member_cannot_leave() {
        assert_eq!(room_of_three().leave(&9), Err(RoomError::NotAMember));
    }

    #[test]
    fn the_last_member_leaving_closes_the_room() {
        let room = Room::host(member(1, secs(0))).leave(&1).unwrap();
        assert_eq!(room, Room::Closed);
        assert_eq!(owner_id(&room), None);
        assert!(room.members().is_empty());
    }

    #[test]
    fn a_closed_room_refuses_every_transition() {
        let closed = Room::<u32>::Closed;
        assert_eq!(closed.join(member(1, secs(0))), Err(RoomError::Closed));
        assert_eq!(closed.leave(&1), Err(RoomError::Closed));
        assert_eq!(closed.start(&1, t0(), COUNTDOWN, 60), Err(RoomError::Closed));
    }

    #[test]
    fn only_the_owner_can_start() {
        assert_eq!(room_of_three().start(&2, t0(), COUNTDOWN, 60), Err(RoomError::NotOwner));
        assert_eq!(room_of_three().start(&9, t0(), COUNTDOWN, 60), Err(RoomError::NotOwner));
    }

    #[test]
    fn starting_creates_the_game_with_the_current_members() {
        let (room, game) = room_of_three().start(&1, t0(), COUNTDOWN, 300).unwrap();
        let clock = GameClock { created_at: t0(), starts_at: secs(15), ends_at: secs(315) };
        assert_eq!(room, Room::GameStarted { members: room_of_three().members().to_vec(), clock });
        assert_eq!(game, Game { clock, owner: 1, players: vec![1, 2, 3], submitted: Vec::new() });
    }

    #[test]
    fn a_new_owner_can_start_after_the_host_left() {
        let (_, game) = room_of_three().leave(&1).unwrap().start(&2, t0(), COUNTDOWN, 60).unwrap();
        assert_eq!(game.owner, 2);
        assert_eq!(game.players, [2, 3]);
    }

    #[test]
    fn a_room_starts_only_one_game() {
        let (room, _) = room_of_three().start(&1, t0(), COUNTDOWN, 60).unwrap();
        assert_eq!(room.start(&1, secs(1), COUNTDOWN, 60), Err(RoomError::AlreadyStarted));
    }

    #[test]
    fn a_started_room_still_takes_joins_and_leaves_until_empty() {
        let (room, game) = room_of_three().start(&1, t0(), COUNTDOWN, 60).unwrap();
        let room = room.join(member(4, secs(5))).unwrap();
        assert!(matches!(room, Room::GameStarted { .. }));
        assert_eq!(ids(&room), [1, 2, 3, 4]);
        assert!(!game.players.contains(&4));

        let emptied = [1, 2, 3, 4].iter().try_fold(room, |room, id| room.leave(id)).unwrap();
        assert_eq!(emptied, Room::Closed);
    }

    // Clock.

    #[test]
    fn the_clock_counts_down_fifteen_seconds_then_runs_the_duration() {
        let clock = GameClock::new(t0(), COUNTDOWN, DEFAULT_MAX_DURATION_SECS);
        assert_eq!(clock.created_at, t0());
        assert_eq!(clock.starts_at, secs(15));
        assert_eq!(clock.ends_at, secs(915));
    }

    #[test]
    fn phases_change_exactly_at_the_edges() {
        let clock = game().clock;
        let cases = [
            (t0(), GamePhase::Countdown),
            (secs(15) - MS, GamePhase::Countdown),
            (secs(15), GamePhase::InProgress),
            (secs(75), GamePhase::InProgress),
            (secs(75) + MS, GamePhase::SubmissionBuffer),
            (secs(85), GamePhase::SubmissionBuffer),
            (secs(85) + MS, GamePhase::Finished),
        ];
        for (now, phase) in cases {
            assert_eq!(clock.phase(now), phase, "at {now}");
        }
    }

    #[test]
    fn time_spent_is_measured_from_the_start_in_milliseconds() {
        let clock = game().clock;
        assert_eq!(clock.seconds_since_start(secs(15)), 0.0);
        assert_eq!(clock.seconds_since_start(secs(27) + MS * 250), 12.25);
        assert_eq!(clock.seconds_since_start(secs(10)), -5.0);
    }

    // Game transitions.

    #[test]
    fn submissions_link_from_the_start_to_the_end_of_the_buffer() {
        let game = game();
        assert!(game.link_submission(&1, secs(15), secs(15)).is_ok());
        assert!(game.link_submission(&1, secs(75), secs(75)).is_ok());
        assert!(game.link_submission(&1, secs(76), secs(85)).is_ok());
    }

    #[test]
    fn linking_records_the_submitter_once() {
        let game = game().link_submission(&2, secs(20), secs(21)).unwrap();
        assert_eq!(game.submitted, [2]);
        assert_eq!(game.link_submission(&2, secs(30), secs(30)), Err(GameError::AlreadySubmitted));
    }

    #[test]
    fn submissions_before_the_start_are_refused() {
        let game = game();
        assert_eq!(game.link_submission(&1, secs(15) - MS, secs(16)), Err(GameError::NotStarted));
        assert_eq!(game.link_submission(&1, secs(10), secs(10)), Err(GameError::NotStarted));
    }

    #[test]
    fn submissions_after_the_buffer_are_refused() {
        assert_eq!(game().link_submission(&1, secs(85), secs(85) + MS), Err(GameError::Ended));
    }

    #[test]
    fn submissions_older_than_ten_seconds_are_refused() {
        let game = game();
        assert!(game.link_submission(&1, secs(20), secs(30)).is_ok());
        assert_eq!(game.link_submission(&1, secs(20), secs(30) + MS), Err(GameError::SubmissionTooOld));
    }

    #[test]
    fn only_players_can_link_submissions() {
        assert_eq!(game().link_submission(&9, secs(20), secs(20)), Err(GameError::NotAPlayer));
    }

    #[test]
    fn late_joiners_become_players_until_the_end_time() {
        let game = game();
        let joined = game.join(9, secs(74)).unwrap();
        assert_eq!(joined.players, [1, 2, 9]);
        assert!(joined.link_submission(&9, secs(74), secs(74)).is_ok());
        assert_eq!(game.join(9, secs(75)), Err(GameError::Ended));
    }

    #[test]
    fn joining_during_the_countdown_or_twice_is_fine() {
        let game = game();
        assert_eq!(game.join(9, t0()).unwrap().players, [1, 2, 9]);
        assert_eq!(game.join(1, secs(20)), Ok(game));
    }

    #[test]
    fn the_game_is_over_for_a_player_after_submitting_or_after_the_buffer() {
        let game = game().link_submission(&1, secs(20), secs(20)).unwrap();
        assert!(game.is_over_for(&1, secs(20)));
        assert!(!game.is_over_for(&2, secs(20)));
        assert!(!game.is_over_for(&2, secs(85)));
        assert!(game.is_over_for(&2, secs(85) + MS));
    }
}
