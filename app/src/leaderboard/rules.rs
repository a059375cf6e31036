//! Pure rating rules: what one rated game does to each player's standing in its
//! mode, how a deviation grows while a player does not play, and who is still
//! provisional. Shared by the server and the pages.

use crate::games::rules::glicko2::{self, Rating};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use std::collections::HashMap;
use std::hash::Hash;

/// One Glicko-2 rating period without games grows the deviation once (step 6). A
/// game is a period of its own; each whole day since a player's last game is one more.
pub const RATING_PERIOD: TimeDelta = TimeDelta::days(1);

/// Above this deviation a rating is provisional: lichess's `provisionalDeviation`
/// (lila `Glicko.scala`), which also marks such ratings with a "?".
pub const PROVISIONAL_DEVIATION: f64 = 110.0;
/// Fewer rated games than this is provisional too, whatever the deviation: lichess
/// needs no count because its players play hundreds of games; ours play few, and a
/// handful of games against established players can bring a deviation under 110.
pub const MIN_RANKED_GAMES: u32 = 5;

/// Listed but not ranked: too uncertain a rating, or too few games.
pub fn is_provisional(deviation: f64, games_played: u32) -> bool {
    deviation > PROVISIONAL_DEVIATION || games_played < MIN_RANKED_GAMES
}

/// Whole rating periods between a player's last game and `now` (none for a first game).
pub fn idle_periods(last_game: Option<DateTime<Utc>>, now: DateTime<Utc>) -> u32 {
    let Some(last_game) = last_game else { return 0 };
    let periods = (now - last_game).num_seconds().max(0) / RATING_PERIOD.num_seconds();
    u32::try_from(periods).unwrap_or(u32::MAX)
}

/// The rating as it stands at `now`: its deviation grown by the idle periods.
pub fn current(rating: Rating, last_game: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Rating {
    glicko2::after_idle(rating, idle_periods(last_game, now))
}

/// A player's record in one mode.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Standing {
    pub rating: Rating,
    pub games_played: u32,
    pub games_won: u32,
    pub current_streak: u32,
    pub best_streak: u32,
    pub best_score: f64,
    pub total_score: f64,
    pub last_game_at: Option<DateTime<Utc>>,
}

impl Default for Standing {
    fn default() -> Self {
        Self {
            rating: Rating::NEW,
            games_played: 0,
            games_won: 0,
            current_streak: 0,
            best_streak: 0,
            best_score: 0.0,
            total_score: 0.0,
            last_game_at: None,
        }
    }
}

impl Standing {
    pub fn win_rate(&self) -> f64 {
        win_rate(self.games_won, self.games_played)
    }
}

/// Games won over games played; 0 before the first game.
pub fn win_rate(won: u32, played: u32) -> f64 {
    if played == 0 { 0.0 } else { f64::from(won) / f64::from(played) }
}

/// A rated player's place in a finished game (rank 1 wins).
#[derive(Debug, Clone, PartialEq)]
pub struct Seat<Id> {
    pub user: Id,
    pub rank: u32,
    pub score: f64,
}

/// What a game did to one player.
#[derive(Debug, Clone, PartialEq)]
pub struct Change<Id> {
    pub user: Id,
    pub rank: u32,
    /// The rating going into the game, deviation grown by the idle periods before it.
    pub before: Rating,
    pub after: Standing,
}

/// Rates a game that ended `at` between `seats` (the players seated from the start
/// who submitted). Every player plays every other by rank; rank 1 wins the game.
/// Nobody is rated when fewer than two took part. Players missing from `standings`
/// start as new.
pub fn rate_game<Id: Eq + Hash + Clone>(
    seats: &[Seat<Id>],
    standings: &HashMap<Id, Standing>,
    at: DateTime<Utc>,
) -> Vec<Change<Id>> {
    let standing = |id: &Id| standings.get(id).copied().unwrap_or_default();
    let before: HashMap<Id, Rating> = seats
        .iter()
        .map(|seat| {
            let old = standing(&seat.user);
            (seat.user.clone(), current(old.rating, old.last_game_at, at))
        })
        .collect();
    let ranks: Vec<(Id, usize)> = seats.iter().map(|seat| (seat.user.clone(), seat.rank as usize)).collect();
    let mut after = glicko2::rate_ranks(&ranks, &before);
    seats
        .iter()
        .filter_map(|seat| {
            let rating = after.remove(&seat.user)?;
            let old = standing(&seat.user);
            let won = seat.rank == 1;
            let current_streak = if won { old.current_streak + 1 } else { 0 };
            Some(Change {
                user: seat.user.clone(),
                rank: seat.rank,
                before: before[&seat.user],
                after: Standing {
                    rating,
                    games_played: old.games_played + 1,
                    games_won: old.games_won + u32::from(won),
                    current_streak,
                    best_streak: old.best_streak.max(current_streak),
                    best_score: old.best_score.max(seat.score),
                    total_score: old.total_score + seat.score,
                    last_game_at: Some(at),
                },
            })
        })
        .collect()
}

/// Consecutive days with a solve, `days` being the distinct days, latest first. A
/// streak still counts on the day after its last solve (today is not over yet).
pub fn day_streak(days: &[NaiveDate], today: NaiveDate) -> u32 {
    let Some(&latest) = days.first() else { return 0 };
    if (today - latest).num_days() > 1 {
        return 0;
    }
    let run = days.windows(2).take_while(|pair| (pair[0] - pair[1]).num_days() == 1).count();
    u32::try_from(run + 1).unwrap_or(u32::MAX)
}

/// A player of the solo pool: a user, or a puzzle (which wins when a submission fails).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SoloStanding {
    pub rating: Rating,
    pub matches: u32,
    pub wins: u32,
    pub current_streak: u32,
    pub best_streak: u32,
    pub last_match_at: Option<DateTime<Utc>>,
}

impl Default for SoloStanding {
    fn default() -> Self {
        Self {
            rating: Rating::NEW,
            matches: 0,
            wins: 0,
            current_streak: 0,
            best_streak: 0,
            last_match_at: None,
        }
    }
}

impl SoloStanding {
    /// Its rating at `at`, then one match more, won or lost.
    fn after(&self, before: Rating, opponent: Rating, won: bool, at: DateTime<Utc>) -> Self {
        let current_streak = if won { self.current_streak + 1 } else { 0 };
        Self {
            rating: glicko2::update(before, &[(opponent, if won { 1.0 } else { 0.0 })]),
            matches: self.matches + 1,
            wins: self.wins + u32::from(won),
            current_streak,
            best_streak: self.best_streak.max(current_streak),
            last_match_at: Some(at),
        }
    }
}

/// What a solo match did to the user and the puzzle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SoloChange {
    /// The ratings going into the match, deviations grown by the idle periods before it.
    pub player_before: Rating,
    pub puzzle_before: Rating,
    pub player: SoloStanding,
    pub puzzle: SoloStanding,
}

/// A user's first judged submission on a puzzle, `at`, as one rating period for both:
/// the user wins when it is accepted, the puzzle when it is not.
pub fn rate_solo(
    player: &SoloStanding,
    puzzle: &SoloStanding,
    solved: bool,
    at: DateTime<Utc>,
) -> SoloChange {
    let player_before = current(player.rating, player.last_match_at, at);
    let puzzle_before = current(puzzle.rating, puzzle.last_match_at, at);
    SoloChange {
        player_before,
        puzzle_before,
        player: player.after(player_before, puzzle_before, solved, at),
        puzzle: puzzle.after(puzzle_before, player_before, !solved, at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(days: i64) -> DateTime<Utc> {
        DateTime::UNIX_EPOCH + TimeDelta::days(days)
    }

    fn seat(user: &'static str, rank: u32, score: f64) -> Seat<&'static str> {
        Seat { user, rank, score }
    }

    #[test]
    fn provisional_until_the_deviation_and_the_game_count_say_otherwise() {
        assert!(is_provisional(350.0, 40));
        assert!(is_provisional(110.5, 40));
        assert!(!is_provisional(110.0, 5));
        assert!(is_provisional(60.0, 4));
        assert!(!is_provisional(60.0, 5));
    }

    #[test]
    fn idle_periods_are_whole_days_since_the_last_game() {
        assert_eq!(idle_periods(None, at(10)), 0);
        assert_eq!(idle_periods(Some(at(10)), at(10)), 0);
        assert_eq!(idle_periods(Some(at(10)), at(10) + TimeDelta::hours(23)), 0);
        assert_eq!(idle_periods(Some(at(10)), at(40)), 30);
        assert_eq!(idle_periods(Some(at(10)), at(9)), 0);
    }

    #[test]
    fn the_deviation_grows_while_a_player_is_away() {
        let rating = Rating { rating: 1700.0, rd: 60.0, volatility: 0.06 };
        assert_eq!(current(rating, Some(at(0)), at(0)), rating);
        let month = current(rating, Some(at(0)), at(30));
        assert_eq!(month, glicko2::after_idle(rating, 30));
        assert!(month.rd > 60.0 && month.rating == 1700.0);
        assert_eq!(current(rating, Some(at(0)), at(100_000)).rd, 350.0);
    }

    #[test]
    fn a_game_rates_every_seat_from_its_grown_rating() {
        let away = Standing {
            rating: Rating { rating: 1600.0, rd: 80.0, volatility: 0.06 },
            games_played: 7,
            games_won: 3,
            current_streak: 2,
            best_streak: 2,
            best_score: 50.0,
            total_score: 200.0,
            last_game_at: Some(at(0)),
        };
        let standings = HashMap::from([("a", away)]);
        let changes = rate_game(&[seat("a", 1, 80.0), seat("b", 2, 10.0)], &standings, at(20));

        let a_before = glicko2::after_idle(away.rating, 20);
        let expected =
            glicko2::rate_ranks(&[("a", 1), ("b", 2)], &HashMap::from([("a", a_before), ("b", Rating::NEW)]));
        assert_eq!(changes.len(), 2);
        let a = &changes[0];
        assert_eq!(a.before, a_before);
        assert_eq!(a.after.rating, expected["a"]);
        assert_eq!(
            (a.after.games_played, a.after.games_won, a.after.current_streak, a.after.best_streak),
            (8, 4, 3, 3)
        );
        assert_eq!((a.after.best_score, a.after.total_score), (80.0, 280.0));
        assert_eq!(a.after.last_game_at, Some(at(20)));
        let b = &changes[1];
        assert_eq!(b.before, Rating::NEW);
        assert_eq!(b.after.rating, expected["b"]);
        assert_eq!((b.after.games_played, b.after.games_won, b.after.current_streak), (1, 0, 0));
        assert_eq!(b.after.win_rate(), 0.0);
    }

    #[test]
    fn a_game_of_one_rates_nobody() {
        assert!(rate_game(&[seat("a", 1, 10.0)], &HashMap::new(), at(0)).is_empty());
    }

    #[test]
    fn a_loss_ends_the_streak_and_keeps_the_best() {
        let streaking = Standing {
            current_streak: 4,
            best_streak: 4,
            games_played: 4,
            games_won: 4,
            ..Standing::default()
        };
        let standings = HashMap::from([("a", streaking)]);
        let changes = rate_game(&[seat("b", 1, 5.0), seat("a", 2, 1.0)], &standings, at(0));
        let a = changes.iter().find(|c| c.user == "a").unwrap();
        assert_eq!((a.after.current_streak, a.after.best_streak, a.after.games_won), (0, 4, 4));
        assert_eq!(a.after.win_rate(), 0.8);
    }
    #[test]
    fn a_streak_is_the_run_of_days_up_to_today_or_yesterday() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        assert_eq!(day_streak(&[], day(10)), 0);
        assert_eq!(day_streak(&[day(10), day(9), day(8), day(6)], day(10)), 3);
        assert_eq!(day_streak(&[day(9), day(8)], day(10)), 2);
        assert_eq!(day_streak(&[day(8), day(7)], day(10)), 0);
    }

    #[test]
    fn a_solve_lowers_the_puzzle_and_a_failure_raises_it() {
        let player = SoloStanding::default();
        let puzzle = SoloStanding {
            rating: Rating { rating: 1700.0, rd: 120.0, volatility: 0.06 },
            ..SoloStanding::default()
        };
        let solved = rate_solo(&player, &puzzle, true, at(0));
        assert_eq!(solved.player.rating, glicko2::update(Rating::NEW, &[(puzzle.rating, 1.0)]));
        assert_eq!(solved.puzzle.rating, glicko2::update(puzzle.rating, &[(Rating::NEW, 0.0)]));
        assert!(solved.puzzle.rating.rating < 1700.0 && solved.player.rating.rating > 1500.0);
        assert_eq!((solved.player.matches, solved.player.wins, solved.player.current_streak), (1, 1, 1));
        assert_eq!((solved.puzzle.matches, solved.puzzle.wins), (1, 0));

        let failed = rate_solo(&player, &puzzle, false, at(0));
        assert!(failed.puzzle.rating.rating > 1700.0 && failed.player.rating.rating < 1500.0);
        assert_eq!((failed.puzzle.wins, failed.player.wins, failed.player.current_streak), (1, 0, 0));
    }

    #[test]
    fn a_solo_match_starts_from_ratings_grown_by_idleness() {
        let rested = SoloStanding {
            rating: Rating { rating: 1600.0, rd: 60.0, volatility: 0.06 },
            matches: 9,
            wins: 5,
            current_streak: 2,
            best_streak: 3,
            last_match_at: Some(at(0)),
        };
        let change = rate_solo(&rested, &SoloStanding::default(), true, at(30));
        assert_eq!(change.player_before, glicko2::after_idle(rested.rating, 30));
        assert_eq!(change.puzzle_before, Rating::NEW);
        assert_eq!((change.player.current_streak, change.player.best_streak), (3, 3));
        assert_eq!(change.player.last_match_at, Some(at(30)));
    }
}
