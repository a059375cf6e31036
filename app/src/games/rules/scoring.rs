//! Per-mode acceptance, score and rank order.
//!
//! The code length is always known, being computed from the code, so score and rank use
//! the same `L` and there is no "missing length" case: empty code simply counts as one
//! unit in divisions. A final tie-break on submission time, then user id, makes the
//! order deterministic.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};
use thiserror::Error;

use super::modes::GameMode;

/// The points a one-second solve earns in the time-based modes, which score `1e6/T`.
const POINTS: f64 = 1_000_000.0;
/// `T ≤ 0` would make `1e6/T` infinite, so time is clamped to 1 ms.
const MIN_SECONDS: f64 = 0.001;
/// Debug mode's length penalty reaches its 0.5 floor at 5 000 units.
const DEBUG_LENGTH_SCALE: f64 = 10_000.0;
/// Incremental mode's time decay: a full hour brings the factor to its 0.1 floor.
const INCREMENTAL_DECAY_SECONDS: f64 = 3_600.0;

/// One submission linked to a game; each player links at most one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Submission {
    /// `passed / total`, from 0 to 1; out-of-range values read as the nearest bound, NaN as 0.
    pub success_rate: f64,
    /// Seconds from the game's start, see [`super::lifecycle::GameClock::seconds_since_start`].
    pub time_spent_secs: f64,
    /// UTF-16 code units of the raw code, see [`code_length`].
    pub code_length: usize,
    /// Attempts are not counted yet, so callers pass 1; 0 reads as 1.
    pub attempts: u32,
    /// Breaks exact ties: the earlier submission is listed first.
    pub submitted_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlayerResult<Id> {
    pub user_id: Id,
    pub username: String,
    /// `None` for a player who joined but never linked a submission.
    pub submission: Option<Submission>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RankedPlayer<Id> {
    pub player: PlayerResult<Id>,
    /// 0 for a player without a submission.
    pub score: f64,
    /// 1-based competition rank: equal standings share a rank and skip the next ones (1, 1, 3).
    pub rank: usize,
}

/// The 400 body of `POST /submission/game`: `error` is this value's text and
/// `reason` the text of [`Rejection::reason`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("Submission invalid for {mode} mode")]
pub struct Rejection {
    pub mode: GameMode,
    pub reason: RejectionReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum RejectionReason {
    #[error("Submission must pass all test cases for this game mode.")]
    NotAllTestsPassed,
    #[error("Incremental mode requires at least partial success.")]
    NoTestPassed,
    /// Unreachable while attempts are always 1, so no client depends on this text.
    #[error("Hardcore mode allows a single attempt.")]
    TooManyAttempts,
}

/// JavaScript's `string.length`: UTF-16 code units of the raw code, untrimmed.
pub fn code_length(code: &str) -> usize {
    code.encode_utf16().count()
}

/// Whether `POST /submission/game` links this submission into a game of `mode`.
pub fn accepts(mode: GameMode, submission: &Submission) -> Result<(), Rejection> {
    use GameMode::*;
    let reason = match mode {
        Fastest | Shortest | Efficiency | Typeracer | Random if !submission.passes_all() => {
            RejectionReason::NotAllTestsPassed
        }
        Incremental if submission.rate() == 0.0 => RejectionReason::NoTestPassed,
        Hardcore if submission.attempts() > 1 => RejectionReason::TooManyAttempts,
        _ => return Ok(()),
    };
    Err(Rejection { mode, reason })
}

/// The displayed score; higher is better. Always finite.
pub fn score(mode: GameMode, submission: &Submission) -> f64 {
    use GameMode::*;
    let speed_points = POINTS / submission.seconds();
    match mode {
        Incremental => {
            let decay = (1.0 - submission.seconds() / INCREMENTAL_DECAY_SECONDS).max(0.1);
            POINTS * submission.rate() * decay
        }
        _ if !submission.passes_all() => 0.0,
        Hardcore if submission.attempts() > 1 => 0.0,
        Fastest | Random | Hardcore => speed_points,
        Shortest => POINTS / submission.length_divisor(),
        // Clamped at 0 so that 11+ attempts cannot score below a failure.
        Backwards => speed_points * (1.0 - 0.1 * f64::from(submission.attempts())).max(0.0),
        Debug => speed_points * (1.0 - submission.length() / DEBUG_LENGTH_SCALE).max(0.5),
        Efficiency => 0.4 * speed_points + 0.6 * (POINTS / 2.0) / submission.length_divisor(),
        Typeracer => 1000.0 * submission.chars_per_second(),
    }
}

/// Orders players best first and assigns scores and ranks. Players without a
/// submission come last and share the last rank.
pub fn rank<Id: Ord>(mode: GameMode, mut players: Vec<PlayerResult<Id>>) -> Vec<RankedPlayer<Id>> {
    players.sort_by(|a, b| compare_standing(mode, a, b).then_with(|| tie_break(a, b)));

    let mut ranked: Vec<RankedPlayer<Id>> = Vec::with_capacity(players.len());
    for (index, player) in players.into_iter().enumerate() {
        let rank = match ranked.last() {
            Some(previous) if compare_standing(mode, &previous.player, &player).is_eq() => previous.rank,
            _ => index + 1,
        };
        let score = player.submission.as_ref().map_or(0.0, |s| score(mode, s));
        ranked.push(RankedPlayer { player, score, rank });
    }
    ranked
}

/// The mode's comparator; `Equal` means the players share a rank.
fn compare_standing<Id>(mode: GameMode, a: &PlayerResult<Id>, b: &PlayerResult<Id>) -> Ordering {
    match (&a.submission, &b.submission) {
        (Some(a), Some(b)) => criteria(mode)
            .iter()
            .fold(Ordering::Equal, |order, criterion| order.then_with(|| criterion.compare(mode, a, b))),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Only orders players who share a rank: earlier submission first, then user id.
fn tie_break<Id: Ord>(a: &PlayerResult<Id>, b: &PlayerResult<Id>) -> Ordering {
    let submitted_at = |p: &PlayerResult<Id>| p.submission.as_ref().map(|s| s.submitted_at);
    submitted_at(a).cmp(&submitted_at(b)).then_with(|| a.user_id.cmp(&b.user_id))
}

/// One step of a mode's comparator.
#[derive(Debug, Clone, Copy)]
enum Criterion {
    SuccessRateDesc,
    TimeAsc,
    LengthAsc,
    AttemptsAsc,
    SpeedDesc,
    ScoreDesc,
    /// Hardcore: full success at the first attempt first, by time; every other entry ties.
    CleanByTime,
}

fn criteria(mode: GameMode) -> &'static [Criterion] {
    use Criterion::*;
    use GameMode::*;
    match mode {
        Fastest | Random | Incremental => &[SuccessRateDesc, TimeAsc],
        Shortest | Debug => &[SuccessRateDesc, LengthAsc, TimeAsc],
        Backwards => &[SuccessRateDesc, AttemptsAsc, TimeAsc],
        Hardcore => &[CleanByTime],
        Efficiency => &[SuccessRateDesc, ScoreDesc],
        Typeracer => &[SuccessRateDesc, SpeedDesc],
    }
}

impl Criterion {
    /// `Less` when `a` ranks ahead of `b`.
    fn compare(self, mode: GameMode, a: &Submission, b: &Submission) -> Ordering {
        match self {
            Self::SuccessRateDesc => b.rate().total_cmp(&a.rate()),
            Self::TimeAsc => a.seconds().total_cmp(&b.seconds()),
            Self::LengthAsc => a.code_length.cmp(&b.code_length),
            Self::AttemptsAsc => a.attempts().cmp(&b.attempts()),
            Self::SpeedDesc => b.chars_per_second().total_cmp(&a.chars_per_second()),
            Self::ScoreDesc => score(mode, b).total_cmp(&score(mode, a)),
            Self::CleanByTime => match (a.is_clean(), b.is_clean()) {
                (true, true) => Self::TimeAsc.compare(mode, a, b),
                (a_clean, b_clean) => b_clean.cmp(&a_clean),
            },
        }
    }
}

/// Sanitised views of the raw fields, shared by acceptance, score and comparator so
/// that all three agree and never see NaN, a zero time or zero attempts.
impl Submission {
    fn rate(&self) -> f64 {
        // Written so that NaN and -0.0 also become 0.0, which `total_cmp` needs.
        if self.success_rate > 0.0 { self.success_rate.min(1.0) } else { 0.0 }
    }

    fn passes_all(&self) -> bool {
        self.rate() == 1.0
    }

    fn seconds(&self) -> f64 {
        self.time_spent_secs.max(MIN_SECONDS)
    }

    fn attempts(&self) -> u32 {
        self.attempts.max(1)
    }

    fn is_clean(&self) -> bool {
        self.passes_all() && self.attempts() == 1
    }

    fn length(&self) -> f64 {
        self.code_length as f64
    }

    /// The length as a divisor: empty code counts as one unit rather than dividing by zero.
    fn length_divisor(&self) -> f64 {
        self.length().max(1.0)
    }

    fn chars_per_second(&self) -> f64 {
        self.length() / self.seconds()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    const FULL_PASS_MODES: [GameMode; 5] =
        [GameMode::Fastest, GameMode::Shortest, GameMode::Efficiency, GameMode::Typeracer, GameMode::Random];

    /// A passing submission made `secs` after the start, with `len` units of code.
    fn solved(secs: f64, len: usize) -> Submission {
        partial(1.0, secs, len)
    }

    fn partial(rate: f64, secs: f64, len: usize) -> Submission {
        Submission {
            success_rate: rate,
            time_spent_secs: secs,
            code_length: len,
            attempts: 1,
            submitted_at: DateTime::UNIX_EPOCH + TimeDelta::milliseconds((secs * 1000.0) as i64),
        }
    }

    fn with_attempts(attempts: u32, submission: Submission) -> Submission {
        Submission { attempts, ..submission }
    }

    fn player(id: &str, submission: Option<Submission>) -> PlayerResult<String> {
        PlayerResult { user_id: id.to_owned(), username: format!("user_{id}"), submission }
    }

    /// `(user id, rank)` pairs, best first.
    fn standings(mode: GameMode, players: Vec<PlayerResult<String>>) -> Vec<(String, usize)> {
        rank(mode, players).into_iter().map(|ranked| (ranked.player.user_id, ranked.rank)).collect()
    }

    fn expect(pairs: &[(&str, usize)]) -> Vec<(String, usize)> {
        pairs.iter().map(|&(id, r)| (id.to_owned(), r)).collect()
    }

    fn assert_close(actual: f64, expected: f64) {
        assert!((actual - expected).abs() < 1e-6 * expected.abs().max(1.0), "{actual} != {expected}");
    }

    // Code length.

    #[test]
    fn code_length_counts_utf16_units_without_trimming() {
        assert_eq!(code_length(""), 0);
        assert_eq!(code_length("print(1)\r\n"), 10);
        assert_eq!(code_length("  x  "), 5);
        assert_eq!(code_length("é"), 1);
        assert_eq!(code_length("😀"), 2);
    }

    // Acceptance.

    #[test]
    fn full_pass_modes_reject_anything_below_full_success() {
        for mode in FULL_PASS_MODES {
            assert_eq!(accepts(mode, &solved(10.0, 5)), Ok(()));
            for rate in [0.99, 0.0, f64::NAN] {
                let rejection = accepts(mode, &partial(rate, 10.0, 5)).unwrap_err();
                assert_eq!(rejection.reason, RejectionReason::NotAllTestsPassed);
                assert_eq!(rejection.to_string(), format!("Submission invalid for {mode} mode"));
            }
        }
    }

    #[test]
    fn rejection_reasons_use_the_legacy_texts() {
        assert_eq!(
            RejectionReason::NotAllTestsPassed.to_string(),
            "Submission must pass all test cases for this game mode."
        );
        assert_eq!(
            RejectionReason::NoTestPassed.to_string(),
            "Incremental mode requires at least partial success."
        );
    }

    #[test]
    fn incremental_accepts_partial_success_but_not_none() {
        assert_eq!(accepts(GameMode::Incremental, &partial(0.1, 10.0, 5)), Ok(()));
        assert_eq!(accepts(GameMode::Incremental, &solved(10.0, 5)), Ok(()));
        for rate in [0.0, -0.5, f64::NAN] {
            let rejection = accepts(GameMode::Incremental, &partial(rate, 10.0, 5)).unwrap_err();
            assert_eq!(rejection.reason, RejectionReason::NoTestPassed);
        }
    }

    #[test]
    fn backwards_and_debug_accept_failures() {
        for mode in [GameMode::Backwards, GameMode::Debug] {
            assert_eq!(accepts(mode, &partial(0.0, 10.0, 5)), Ok(()));
            assert_eq!(accepts(mode, &with_attempts(5, partial(0.5, 10.0, 5))), Ok(()));
        }
    }

    #[test]
    fn hardcore_accepts_failures_but_only_one_attempt() {
        assert_eq!(accepts(GameMode::Hardcore, &partial(0.0, 10.0, 5)), Ok(()));
        assert_eq!(accepts(GameMode::Hardcore, &with_attempts(0, solved(10.0, 5))), Ok(()));
        let rejection = accepts(GameMode::Hardcore, &with_attempts(2, solved(10.0, 5))).unwrap_err();
        assert_eq!(rejection.reason, RejectionReason::TooManyAttempts);
    }

    // Scores.

    #[test]
    fn fastest_and_random_score_a_million_over_seconds_when_fully_solved() {
        for mode in [GameMode::Fastest, GameMode::Random] {
            assert_close(score(mode, &solved(40.0, 100)), 25_000.0);
            assert_eq!(score(mode, &partial(0.9, 40.0, 100)), 0.0);
        }
    }

    #[test]
    fn zero_or_negative_time_is_clamped_to_one_millisecond() {
        for secs in [0.0, -3.0, f64::NAN] {
            assert_close(score(GameMode::Fastest, &solved(secs, 1)), 1e9);
        }
    }

    #[test]
    fn shortest_scores_by_length_and_counts_empty_code_as_one_unit() {
        assert_close(score(GameMode::Shortest, &solved(999.0, 200)), 5_000.0);
        assert_close(score(GameMode::Shortest, &solved(999.0, 0)), 1e6);
        assert_eq!(score(GameMode::Shortest, &partial(0.5, 10.0, 200)), 0.0);
    }

    #[test]
    fn backwards_loses_a_tenth_per_attempt_down_to_zero() {
        let at = |attempts| score(GameMode::Backwards, &with_attempts(attempts, solved(10.0, 5)));
        assert_close(at(1), 90_000.0);
        assert_close(at(0), 90_000.0);
        assert_close(at(3), 70_000.0);
        assert_eq!(at(10), 0.0);
        assert_eq!(at(25), 0.0);
        assert_eq!(score(GameMode::Backwards, &partial(0.8, 10.0, 5)), 0.0);
    }

    #[test]
    fn hardcore_scores_only_a_clean_first_attempt() {
        assert_close(score(GameMode::Hardcore, &solved(20.0, 5)), 50_000.0);
        assert_eq!(score(GameMode::Hardcore, &with_attempts(2, solved(20.0, 5))), 0.0);
        assert_eq!(score(GameMode::Hardcore, &partial(0.9, 20.0, 5)), 0.0);
    }

    #[test]
    fn debug_penalises_length_down_to_half() {
        assert_close(score(GameMode::Debug, &solved(10.0, 2_000)), 80_000.0);
        assert_close(score(GameMode::Debug, &solved(10.0, 8_000)), 50_000.0);
        assert_close(score(GameMode::Debug, &solved(10.0, 0)), 100_000.0);
        assert_eq!(score(GameMode::Debug, &partial(0.99, 10.0, 10)), 0.0);
    }

    #[test]
    fn efficiency_blends_speed_and_length() {
        // 0.4 × 1e6/100 + 0.6 × 5e5/250
        assert_close(score(GameMode::Efficiency, &solved(100.0, 250)), 5_200.0);
        assert_eq!(score(GameMode::Efficiency, &partial(0.5, 100.0, 250)), 0.0);
    }

    #[test]
    fn typeracer_scores_characters_per_second_times_a_thousand() {
        assert_close(score(GameMode::Typeracer, &solved(50.0, 400)), 8_000.0);
        assert_eq!(score(GameMode::Typeracer, &partial(0.5, 50.0, 400)), 0.0);
    }

    #[test]
    fn incremental_scales_by_success_and_decays_over_an_hour() {
        assert_close(score(GameMode::Incremental, &partial(0.5, 1_800.0, 1)), 250_000.0);
        assert_close(score(GameMode::Incremental, &solved(7_200.0, 1)), 100_000.0);
        assert_eq!(score(GameMode::Incremental, &partial(0.0, 10.0, 1)), 0.0);
        assert_close(score(GameMode::Incremental, &partial(1.7, 0.0, 1)), 1e6);
    }

    // Rank order and ties.

    #[test]
    fn fastest_ranks_success_first_then_time() {
        let players = vec![
            player("slow", Some(solved(90.0, 1))),
            player("partial", Some(partial(0.5, 5.0, 1))),
            player("fast", Some(solved(30.0, 1))),
        ];
        assert_eq!(
            standings(GameMode::Fastest, players),
            expect(&[("fast", 1), ("slow", 2), ("partial", 3)])
        );
    }

    #[test]
    fn random_ranks_like_fastest() {
        let players = vec![player("b", Some(solved(20.0, 1))), player("a", Some(solved(10.0, 1)))];
        assert_eq!(standings(GameMode::Random, players), expect(&[("a", 1), ("b", 2)]));
    }

    #[test]
    fn equal_standings_share_a_rank_and_skip_the_next() {
        let players = vec![
            player("c", Some(solved(30.0, 1))),
            player("b", Some(solved(30.0, 1))),
            player("a", Some(solved(45.0, 1))),
        ];
        assert_eq!(standings(GameMode::Fastest, players), expect(&[("b", 1), ("c", 1), ("a", 3)]));
    }

    #[test]
    fn shared_ranks_list_the_earlier_submission_first() {
        let early = Submission { submitted_at: DateTime::UNIX_EPOCH, ..solved(30.0, 1) };
        let players = vec![player("a", Some(solved(30.0, 1))), player("z", Some(early))];
        assert_eq!(standings(GameMode::Fastest, players), expect(&[("z", 1), ("a", 1)]));
    }

    #[test]
    fn players_without_submission_share_the_last_rank() {
        let players = vec![
            player("silent-b", None),
            player("failed", Some(partial(0.0, 10.0, 1))),
            player("silent-a", None),
            player("solved", Some(solved(10.0, 1))),
        ];
        let ranked = rank(GameMode::Backwards, players);
        let summary: Vec<_> = ranked.iter().map(|r| (r.player.user_id.as_str(), r.rank, r.score)).collect();
        assert_eq!(
            summary,
            [("solved", 1, 90_000.0), ("failed", 2, 0.0), ("silent-a", 3, 0.0), ("silent-b", 3, 0.0)]
        );
    }

    #[test]
    fn ranking_nobody_gives_an_empty_table() {
        assert!(rank::<String>(GameMode::Fastest, Vec::new()).is_empty());
    }

    #[test]
    fn shortest_and_debug_rank_length_before_time() {
        for mode in [GameMode::Shortest, GameMode::Debug] {
            let players = vec![
                player("fast-long", Some(solved(10.0, 300))),
                player("slow-short", Some(solved(100.0, 120))),
                player("fast-short", Some(solved(50.0, 120))),
                player("failed", Some(partial(0.5, 1.0, 10))),
            ];
            assert_eq!(
                standings(mode, players),
                expect(&[("fast-short", 1), ("slow-short", 2), ("fast-long", 3), ("failed", 4)])
            );
        }
    }

    #[test]
    fn backwards_ranks_attempts_before_time() {
        let players = vec![
            player("fast-retry", Some(with_attempts(2, solved(10.0, 1)))),
            player("slow-first", Some(solved(60.0, 1))),
            player("partial", Some(partial(0.9, 1.0, 1))),
        ];
        assert_eq!(
            standings(GameMode::Backwards, players),
            expect(&[("slow-first", 1), ("fast-retry", 2), ("partial", 3)])
        );
    }

    #[test]
    fn hardcore_ranks_clean_runs_by_time_and_ties_everyone_else() {
        let players = vec![
            player("retried", Some(with_attempts(2, solved(5.0, 1)))),
            player("clean-slow", Some(solved(80.0, 1))),
            player("half", Some(partial(0.5, 3.0, 1))),
            player("clean-fast", Some(solved(40.0, 1))),
        ];
        assert_eq!(
            standings(GameMode::Hardcore, players),
            expect(&[("clean-fast", 1), ("clean-slow", 2), ("half", 3), ("retried", 3)])
        );
    }

    #[test]
    fn efficiency_ranks_by_score_so_short_code_can_beat_speed() {
        // fast: 0.4×1e6/50 + 0.6×5e5/2000 = 8 150; short: 0.4×1e6/100 + 0.6×5e5/20 = 19 000.
        let players =
            vec![player("fast", Some(solved(50.0, 2_000))), player("short", Some(solved(100.0, 20)))];
        assert_eq!(standings(GameMode::Efficiency, players), expect(&[("short", 1), ("fast", 2)]));
    }

    #[test]
    fn typeracer_ranks_by_characters_per_second() {
        let players = vec![
            player("slow-typist", Some(solved(10.0, 50))),
            player("fast-typist", Some(solved(20.0, 400))),
            player("same-speed", Some(solved(40.0, 200))),
        ];
        assert_eq!(
            standings(GameMode::Typeracer, players),
            expect(&[("fast-typist", 1), ("slow-typist", 2), ("same-speed", 2)])
        );
    }

    #[test]
    fn incremental_ranks_partial_success_by_rate_then_time() {
        let players = vec![
            player("half-fast", Some(partial(0.5, 10.0, 1))),
            player("most-slow", Some(partial(0.8, 900.0, 1))),
            player("half-slow", Some(partial(0.5, 20.0, 1))),
        ];
        assert_eq!(
            standings(GameMode::Incremental, players),
            expect(&[("most-slow", 1), ("half-fast", 2), ("half-slow", 3)])
        );
    }

    #[test]
    fn nan_success_rate_ranks_as_zero() {
        let players = vec![
            player("nan", Some(partial(f64::NAN, 1.0, 1))),
            player("zero", Some(partial(0.0, 1.0, 1))),
            player("some", Some(partial(0.1, 50.0, 1))),
        ];
        assert_eq!(standings(GameMode::Debug, players), expect(&[("some", 1), ("nan", 2), ("zero", 2)]));
    }
}
