//! Glicko-2 ratings, following Glickman's "Example of the Glicko-2 system". One game
//! is one rating period.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::f64::consts::PI;
use std::hash::Hash;

use serde::{Deserialize, Serialize};

use super::scoring::RankedPlayer;

/// Converts between the Glicko and Glicko-2 scales.
pub const SCALE: f64 = 173.7178;
/// Constrains how fast volatility changes.
pub const TAU: f64 = 0.5;
/// Convergence tolerance of the volatility search.
pub const CONVERGENCE: f64 = 1e-6;
/// Rating at the centre of the Glicko-2 scale.
const CENTRE: f64 = 1500.0;
/// A game needs this many rated players.
const MIN_RATED_PLAYERS: usize = 2;
/// Bounds both volatility loops. Sane inputs converge in well under ten steps; the cap
/// only guarantees termination when inputs are NaN or absurd.
const MAX_ITERATIONS: u32 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rating {
    pub rating: f64,
    pub rd: f64,
    pub volatility: f64,
}

impl Rating {
    /// A player's first rating in a mode.
    pub const NEW: Self = Self { rating: CENTRE, rd: 350.0, volatility: 0.06 };

    /// Step 2: `(μ, φ)`.
    fn on_glicko2_scale(self) -> (f64, f64) {
        ((self.rating - CENTRE) / SCALE, self.rd / SCALE)
    }
}

impl Default for Rating {
    fn default() -> Self {
        Self::NEW
    }
}

/// One rating period for `player` against `(opponent, score)` outcomes, score being
/// 1 for a win, 0.5 for a draw and 0 for a loss.
///
/// Without outcomes, or when they carry no information (opponents so far apart that
/// the expected score is exactly 0 or 1), only the RD grows, as in Glickman's step 6.
pub fn update(player: Rating, outcomes: &[(Rating, f64)]) -> Rating {
    let (mu, phi) = player.on_glicko2_scale();

    // Steps 3–4: the inverse of the variance v, and Σ g(φⱼ)(sⱼ − Eⱼ), which is Δ/v.
    let (information, surplus) =
        outcomes.iter().fold((0.0, 0.0), |(information, surplus), (opponent, score)| {
            let (mu_opponent, phi_opponent) = opponent.on_glicko2_scale();
            let g = g(phi_opponent);
            let expected = 1.0 / (1.0 + (-g * (mu - mu_opponent)).exp());
            (information + g * g * expected * (1.0 - expected), surplus + g * (score - expected))
        });
    if information.is_nan() || information <= 0.0 {
        return idle(player);
    }
    let v = 1.0 / information;

    // Steps 5–7.
    let volatility = new_volatility(phi, player.volatility, v, v * surplus);
    let phi_star_squared = phi * phi + volatility * volatility;
    let new_phi = 1.0 / (1.0 / phi_star_squared + information).sqrt();
    let new_mu = mu + new_phi * new_phi * surplus;

    // Step 8.
    Rating { rating: SCALE * new_mu + CENTRE, rd: SCALE * new_phi, volatility }
}

/// Rates one ranked game: every player with a submission plays every other such
/// player (see [`rate_ranks`]). Returns the new rating of every rated player, or
/// nothing when fewer than two submitted.
pub fn rate_game<Id: Eq + Hash + Clone>(
    ranked: &[RankedPlayer<Id>],
    ratings: &HashMap<Id, Rating>,
) -> HashMap<Id, Rating> {
    let rated: Vec<(Id, usize)> = ranked
        .iter()
        .filter(|entry| entry.player.submission.is_some())
        .map(|entry| (entry.player.user_id.clone(), entry.rank))
        .collect();
    rate_ranks(&rated, ratings)
}

/// Rates one game from its players' ranks: each plays every other, winning against
/// worse ranks and drawing equal ones. Opponents count with their pre-game ratings,
/// so the order of the updates does not matter. Players missing from `ratings` start
/// at [`Rating::NEW`]. Nothing is rated when fewer than two played.
pub fn rate_ranks<Id: Eq + Hash + Clone>(
    ranks: &[(Id, usize)],
    ratings: &HashMap<Id, Rating>,
) -> HashMap<Id, Rating> {
    if ranks.len() < MIN_RATED_PLAYERS {
        return HashMap::new();
    }
    let before = |id: &Id| ratings.get(id).copied().unwrap_or_default();
    ranks
        .iter()
        .enumerate()
        .map(|(me, (id, my_rank))| {
            let outcomes: Vec<(Rating, f64)> = ranks
                .iter()
                .enumerate()
                .filter(|&(other, _)| other != me)
                .map(|(_, (opponent, their_rank))| (before(opponent), outcome(*my_rank, *their_rank)))
                .collect();
            (id.clone(), update(before(id), &outcomes))
        })
        .collect()
}

/// The rating after `periods` rating periods without games: Glickman's step 6
/// applied `periods` times, `φ = √(φ² + n·σ²)`, never beyond a new player's RD.
pub fn after_idle(player: Rating, periods: u32) -> Rating {
    let growth = SCALE * player.volatility * f64::from(periods).sqrt();
    Rating { rd: player.rd.hypot(growth).min(Rating::NEW.rd), ..player }
}

fn outcome(my_rank: usize, their_rank: usize) -> f64 {
    match my_rank.cmp(&their_rank) {
        Ordering::Less => 1.0,
        Ordering::Equal => 0.5,
        Ordering::Greater => 0.0,
    }
}

fn g(phi: f64) -> f64 {
    1.0 / (1.0 + 3.0 * phi * phi / (PI * PI)).sqrt()
}

/// Glickman's step 6 for the one period a game is when its outcomes say nothing.
fn idle(player: Rating) -> Rating {
    after_idle(player, 1)
}

/// Step 5: the new volatility σ′, by the Illinois algorithm on `f`. Falls back to the
/// old volatility if no bracket is found, which only NaN inputs can cause.
fn new_volatility(phi: f64, sigma: f64, v: f64, delta: f64) -> f64 {
    let ln_sigma_squared = (sigma * sigma).ln();
    let excess = delta * delta - phi * phi - v;
    let f = |x: f64| {
        let ex = x.exp();
        let denominator = phi * phi + v + ex;
        ex * (excess - ex) / (2.0 * denominator * denominator) - (x - ln_sigma_squared) / (TAU * TAU)
    };

    // Bracket the root between A = ln σ² and B.
    let bracket_end = if excess > 0.0 {
        Some(excess.ln())
    } else {
        (1..=MAX_ITERATIONS).map(|k| ln_sigma_squared - f64::from(k) * TAU).find(|&x| f(x) >= 0.0)
    };
    let Some(mut b) = bracket_end else {
        return sigma;
    };
    let mut a = ln_sigma_squared;

    let (mut f_a, mut f_b) = (f(a), f(b));
    for _ in 0..MAX_ITERATIONS {
        if (b - a).abs() <= CONVERGENCE {
            break;
        }
        let c = a + (a - b) * f_a / (f_b - f_a);
        let f_c = f(c);
        // Some statements of the algorithm write `≤ 0` here; it gives the same result.
        if f_c * f_b < 0.0 {
            a = b;
            f_a = f_b;
        } else {
            f_a /= 2.0;
        }
        b = c;
        f_b = f_c;
    }
    (a / 2.0).exp()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::games::rules::scoring::{PlayerResult, Submission};
    use chrono::DateTime;

    fn rating(rating: f64, rd: f64) -> Rating {
        Rating { rating, rd, volatility: 0.06 }
    }

    fn assert_close(actual: f64, expected: f64, tolerance: f64) {
        assert!((actual - expected).abs() <= tolerance, "{actual} is not within {tolerance} of {expected}");
    }

    /// A ranked entry; `rank: None` means the player joined but never submitted.
    fn entry(id: &str, rank: Option<usize>) -> RankedPlayer<String> {
        let submission = rank.map(|_| Submission {
            success_rate: 1.0,
            time_spent_secs: 10.0,
            code_length: 10,
            attempts: 1,
            submitted_at: DateTime::UNIX_EPOCH,
        });
        RankedPlayer {
            player: PlayerResult { user_id: id.to_owned(), username: id.to_owned(), submission },
            score: 0.0,
            rank: rank.unwrap_or(99),
        }
    }

    fn ratings(pairs: &[(&str, Rating)]) -> HashMap<String, Rating> {
        pairs.iter().map(|&(id, r)| (id.to_owned(), r)).collect()
    }

    #[test]
    fn glickmans_worked_example() {
        let player = rating(1500.0, 200.0);
        let outcomes =
            [(rating(1400.0, 30.0), 1.0), (rating(1550.0, 100.0), 0.0), (rating(1700.0, 300.0), 0.0)];
        let updated = update(player, &outcomes);
        // Unrounded arithmetic gives 1464.0507; the paper rounds its intermediate steps.
        assert_close(updated.rating, 1464.06, 0.015);
        assert_close(updated.rd, 151.52, 0.01);
        assert_close(updated.volatility, 0.05999, 0.00001);
    }

    #[test]
    fn new_players_start_at_the_default_rating() {
        assert_eq!(Rating::default(), rating(1500.0, 350.0));
    }

    #[test]
    fn without_games_only_the_rd_grows() {
        let player = rating(1500.0, 200.0);
        let idle = update(player, &[]);
        assert_eq!(idle.rating, 1500.0);
        assert_eq!(idle.volatility, 0.06);
        assert_close(idle.rd, (200.0f64.powi(2) + (SCALE * 0.06).powi(2)).sqrt(), 1e-9);
        assert!(idle.rd > player.rd);
    }

    #[test]
    fn idle_periods_grow_the_rd_as_that_many_single_periods() {
        let player = rating(1500.0, 60.0);
        let mut stepwise = player;
        for _ in 0..30 {
            stepwise = update(stepwise, &[]);
        }
        assert_close(after_idle(player, 30).rd, stepwise.rd, 1e-9);
        assert_close(
            after_idle(player, 30).rd,
            (60.0f64.powi(2) + 30.0 * (SCALE * 0.06).powi(2)).sqrt(),
            1e-9,
        );
        assert_eq!(after_idle(player, 0), player);
        assert_eq!(after_idle(player, 100_000).rd, 350.0);
        assert_eq!(after_idle(player, 30).rating, 1500.0);
    }

    #[test]
    fn idle_rd_never_exceeds_a_new_players() {
        assert_eq!(update(rating(1800.0, 349.9), &[]).rd, 350.0);
        assert_eq!(update(Rating::NEW, &[]), Rating::NEW);
    }

    #[test]
    fn a_win_between_equals_moves_both_by_the_same_amount() {
        let winner = update(Rating::NEW, &[(Rating::NEW, 1.0)]);
        let loser = update(Rating::NEW, &[(Rating::NEW, 0.0)]);
        assert!(winner.rating > 1500.0);
        assert_close(winner.rating - 1500.0, 1500.0 - loser.rating, 1e-9);
        assert_close(winner.rd, loser.rd, 1e-9);
        assert!(winner.rd < 350.0);
    }

    #[test]
    fn a_draw_between_equals_keeps_the_rating() {
        let drawn = update(Rating::NEW, &[(Rating::NEW, 0.5)]);
        assert_close(drawn.rating, 1500.0, 1e-9);
        assert!(drawn.rd < 350.0);
    }

    #[test]
    fn hopelessly_mismatched_opponents_count_as_no_game() {
        let giant = rating(1e6, 30.0);
        let updated = update(rating(1500.0, 200.0), &[(giant, 1.0)]);
        assert_eq!(updated, update(rating(1500.0, 200.0), &[]));
    }

    #[test]
    fn nan_inputs_terminate_without_panicking() {
        let broken = Rating { rating: f64::NAN, rd: f64::NAN, volatility: f64::NAN };
        update(broken, &[(Rating::NEW, 1.0)]);
        update(Rating::NEW, &[(broken, 1.0)]);
        let unknown_rd = Rating { rd: f64::NAN, ..Rating::NEW };
        assert_eq!(update(unknown_rd, &[(Rating::NEW, 1.0)]).volatility, 0.06);
    }

    #[test]
    fn rate_game_uses_every_opponents_pre_game_rating() {
        let before = ratings(&[
            ("a", rating(1400.0, 80.0)),
            ("b", rating(1600.0, 120.0)),
            ("c", rating(1700.0, 60.0)),
        ]);
        let ranked = [entry("b", Some(1)), entry("a", Some(2)), entry("c", Some(3))];
        let after = rate_game(&ranked, &before);

        let expected_a = update(before["a"], &[(before["b"], 0.0), (before["c"], 1.0)]);
        let expected_b = update(before["b"], &[(before["a"], 1.0), (before["c"], 1.0)]);
        let expected_c = update(before["c"], &[(before["b"], 0.0), (before["a"], 0.0)]);
        assert_eq!(after, ratings(&[("a", expected_a), ("b", expected_b), ("c", expected_c)]));
    }

    #[test]
    fn rate_game_does_not_depend_on_entry_order() {
        let before = ratings(&[("a", rating(1450.0, 90.0)), ("b", rating(1550.0, 150.0))]);
        let forward = rate_game(&[entry("a", Some(1)), entry("b", Some(2))], &before);
        let backward = rate_game(&[entry("b", Some(2)), entry("a", Some(1))], &before);
        assert_eq!(forward, backward);
    }

    #[test]
    fn rate_game_treats_shared_ranks_as_draws() {
        let ranked = [entry("a", Some(1)), entry("b", Some(1))];
        let after = rate_game(&ranked, &HashMap::new());
        let draw = update(Rating::NEW, &[(Rating::NEW, 0.5)]);
        assert_eq!(after, ratings(&[("a", draw), ("b", draw)]));
    }

    #[test]
    fn rate_game_ignores_players_without_a_submission() {
        let ranked = [entry("a", Some(1)), entry("b", Some(2)), entry("silent", None)];
        let after = rate_game(&ranked, &HashMap::new());
        assert_eq!(after.len(), 2);
        assert_eq!(after["a"], update(Rating::NEW, &[(Rating::NEW, 1.0)]));
        assert!(!after.contains_key("silent"));
    }

    #[test]
    fn rate_game_skips_games_with_fewer_than_two_submissions() {
        let ranked = [entry("a", Some(1)), entry("silent", None)];
        assert!(rate_game(&ranked, &HashMap::new()).is_empty());
        assert!(rate_game::<String>(&[], &HashMap::new()).is_empty());
    }
}
