//! A profile's competing: per board rating, rank and record with a rating chart drawn
//! on the server as SVG (a text alternative and the data as a table beside it), the
//! user's puzzle solving, and a page of their finished games.

use crate::{
    components::pager::Pager,
    leaderboard::{Board, BoardRecord, PlayedGame, PlayerRecord, RatingPoint, SolvingRecord},
};
use leptos::{either::Either, prelude::*};

/// The chart's drawing box; the SVG scales to the width of its container.
const CHART_WIDTH: f64 = 600.0;
const CHART_HEIGHT: f64 = 160.0;
/// Room kept above and below the line.
const CHART_MARGIN: f64 = 12.0;

/// Where each rating goes in the chart box: evenly spaced left to right, the lowest
/// rating at the bottom and the highest at the top (a flat history in the middle).
pub fn chart_points(ratings: &[f64]) -> Vec<(f64, f64)> {
    let low = ratings.iter().copied().fold(f64::INFINITY, f64::min);
    let high = ratings.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let span = high - low;
    let step = if ratings.len() > 1 { CHART_WIDTH / (ratings.len() - 1) as f64 } else { 0.0 };
    let drawable = CHART_HEIGHT - 2.0 * CHART_MARGIN;
    ratings
        .iter()
        .enumerate()
        .map(|(i, rating)| {
            let y = if span > 0.0 {
                CHART_MARGIN + (high - rating) / span * drawable
            } else {
                CHART_HEIGHT / 2.0
            };
            (i as f64 * step, y)
        })
        .collect()
}

/// What the chart shows, in words, for those who cannot see it.
pub fn chart_summary(label: &str, history: &[RatingPoint]) -> String {
    let (Some(first), Some(last)) = (history.first(), history.last()) else {
        return format!("{label}: no rated games yet.");
    };
    let low = history.iter().map(|p| p.rating).fold(f64::INFINITY, f64::min);
    let high = history.iter().map(|p| p.rating).fold(f64::NEG_INFINITY, f64::max);
    let noun = if history.len() == 1 { "rating" } else { "ratings" };
    format!(
        "{label} rating over the last {} {noun}: from {:.0} to {:.0}, lowest {:.0}, highest {:.0}.",
        history.len(),
        first.rating,
        last.rating,
        low,
        high
    )
}

#[component]
pub fn PlayerRecordView(record: PlayerRecord, games_link: impl Fn(u32) -> String + 'static) -> impl IntoView {
    let PlayerRecord { boards, solving, games } = record;
    view! {
        <section aria-labelledby="ratings-title" class="player-record">
            <h2 id="ratings-title">"Ratings"</h2>
            {if boards.is_empty() {
                Either::Left(view! { <p class="muted">"Not rated yet: play a rated game or solve a puzzle."</p> })
            } else {
                Either::Right(view! {
                    <div class="rating-cards">
                        {boards.into_iter().map(|record| view! { <BoardCard record/> }).collect_view()}
                    </div>
                })
            }}
        </section>
        <Solving solving/>
        <section aria-labelledby="games-title">
            <h2 id="games-title">"Recent games"</h2>
            <Games games games_link/>
        </section>
    }
}

#[component]
fn BoardCard(record: BoardRecord) -> impl IntoView {
    let provisional = record.provisional();
    let win_rate = format!("{:.0}%", record.win_rate() * 100.0);
    let BoardRecord { board, rank, rating, deviation, played, won, current_streak, best_streak, history } =
        record;
    let label = board.label();
    let games_noun = if board == Board::Solo { "Matches" } else { "Games" };
    let rank = match (provisional, rank) {
        (false, Some(rank)) => format!("#{rank}"),
        _ => "Provisional".to_owned(),
    };
    view! {
        <article class="rating-card" data-testid="rating-card" data-board=board.as_str()>
            <h3>{label.clone()}</h3>
            <p class="rating-card__rating">
                <strong data-testid="profile-rating">{format!("{rating:.0}")}</strong>
                {provisional.then(|| view! { <abbr title="Provisional rating">"?"</abbr> })}
                <span class="muted">{format!(" ± {deviation:.0}")}</span>
            </p>
            <dl class="rating-card__record">
                <div><dt>"Rank"</dt><dd>{rank}</dd></div>
                <div><dt>{games_noun}</dt><dd>{played}</dd></div>
                <div><dt>"Wins"</dt><dd>{won}</dd></div>
                <div><dt>"Win rate"</dt><dd>{win_rate}</dd></div>
                <div><dt>"Streak"</dt><dd>{format!("{current_streak} (best {best_streak})")}</dd></div>
            </dl>
            <RatingChart label history/>
        </article>
    }
}

/// The rating history as a line, drawn on the server: it shows without JavaScript.
#[component]
fn RatingChart(label: String, history: Vec<RatingPoint>) -> impl IntoView {
    let summary = chart_summary(&label, &history);
    let points = chart_points(&history.iter().map(|p| p.rating).collect::<Vec<_>>());
    let line: String = points.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ");
    let last = points.last().copied();
    view! {
        <figure class="rating-chart">
            <svg
                role="img"
                aria-label=summary.clone()
                viewBox=format!("0 0 {CHART_WIDTH} {CHART_HEIGHT}")
                preserveAspectRatio="none"
                data-testid="rating-chart"
            >
                <title>{summary.clone()}</title>
                <line class="rating-chart__axis" x1="0" y1=CHART_HEIGHT.to_string() x2=CHART_WIDTH.to_string() y2=CHART_HEIGHT.to_string()/>
                <polyline class="rating-chart__line" points=line fill="none" vector-effect="non-scaling-stroke"/>
                {last.map(|(x, y)| view! { <circle class="rating-chart__last" cx=format!("{x:.1}") cy=format!("{y:.1}") r="4"/> })}
            </svg>
            <figcaption class="muted">{summary}</figcaption>
            <details>
                <summary>"Ratings as a table"</summary>
                <table class="rating-chart__data">
                    <thead><tr><th scope="col">"When"</th><th scope="col">"Rating"</th></tr></thead>
                    <tbody>
                        {history.into_iter().rev().map(|point| view! {
                            <tr>
                                <td>{point.at.as_datetime().format("%e %b %Y, %H:%M").to_string()}</td>
                                <td>{format!("{:.0}", point.rating)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
}

#[component]
fn Solving(solving: SolvingRecord) -> impl IntoView {
    let average = solving.average_solve_seconds.map_or_else(|| "–".to_owned(), duration);
    let days = if solving.streak_days == 1 { "day" } else { "days" };
    view! {
        <section aria-labelledby="solving-title">
            <h2 id="solving-title">"Solving"</h2>
            <dl class="stats" data-testid="solving">
                <div><dt>"Puzzles solved"</dt><dd>{solving.solved}</dd></div>
                <div><dt>"Attempts"</dt><dd>{solving.attempts}</dd></div>
                <div><dt>"Current streak"</dt><dd>{format!("{} {days}", solving.streak_days)}</dd></div>
                <div>
                    <dt><abbr title="From the first submission on a puzzle to the first accepted one">"Average solve time"</abbr></dt>
                    <dd>{average}</dd>
                </div>
            </dl>
        </section>
    }
}

/// Seconds as the two largest units ("3 h 12 min", "45 s").
fn duration(seconds: f64) -> String {
    let total = seconds.max(0.0).round() as u64;
    match (total / 3600, total / 60 % 60, total % 60) {
        (0, 0, s) => format!("{s} s"),
        (0, m, s) => format!("{m} min {s} s"),
        (h, m, _) => format!("{h} h {m} min"),
    }
}

#[component]
fn Games(
    games: crate::core::Page<PlayedGame>,
    games_link: impl Fn(u32) -> String + 'static,
) -> impl IntoView {
    let mut games = games;
    let items = std::mem::take(&mut games.items);
    if items.is_empty() {
        return Either::Left(view! { <p class="muted">"No finished games yet."</p> });
    }
    Either::Right(view! {
        <ol class="played-games" data-testid="played-games">
            {items.into_iter().map(|game| {
                let place = match game.rank {
                    Some(rank) => format!("{} of {}", ordinal(rank), game.players),
                    None => format!("no result of {}", game.players),
                };
                let change = match (game.rated, game.rating_change) {
                    (_, Some(change)) => format!("{change:+.0}"),
                    (true, None) => "not rated".to_owned(),
                    (false, None) => "unrated game".to_owned(),
                };
                view! {
                    <li>
                        <a href=format!("/multiplayer/{}", game.game_id)>
                            {game.puzzle_title.unwrap_or_else(|| "A game".to_owned())}
                        </a>
                        <span class="muted">{format!(" · {} · ", Board::Game(game.mode).label())}</span>
                        <span data-testid="game-rank">{place}</span>
                        <span class="muted">{format!(" · {change} · {}", game.finished_at.as_datetime().format("%e %b %Y"))}</span>
                    </li>
                }
            }).collect_view()}
        </ol>
        <Pager page=games link=games_link noun="games"/>
    })
}

/// 1st, 2nd, 3rd, 4th… 11th, 12th, 13th, 21st.
fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Timestamp;

    #[test]
    fn the_chart_spans_the_box_lowest_at_the_bottom() {
        let points = chart_points(&[1500.0, 1600.0, 1550.0]);
        assert_eq!(points[0], (0.0, CHART_HEIGHT - CHART_MARGIN));
        assert_eq!(points[1], (CHART_WIDTH / 2.0, CHART_MARGIN));
        assert_eq!(points[2].0, CHART_WIDTH);
        assert_eq!(chart_points(&[1500.0]), vec![(0.0, CHART_HEIGHT / 2.0)]);
        assert!(chart_points(&[]).is_empty());
    }

    #[test]
    fn the_summary_says_what_the_chart_shows() {
        let at = Timestamp::now();
        let history = [1500.0, 1450.0, 1620.0].map(|rating| RatingPoint { at, rating });
        assert_eq!(
            chart_summary("Fastest", &history),
            "Fastest rating over the last 3 ratings: from 1500 to 1620, lowest 1450, highest 1620."
        );
        assert_eq!(chart_summary("Solo", &[]), "Solo: no rated games yet.");
    }

    #[test]
    fn places_and_durations_read_naturally() {
        assert_eq!(
            [1, 2, 3, 4, 11, 12, 13, 21, 22].map(ordinal).join(" "),
            "1st 2nd 3rd 4th 11th 12th 13th 21st 22nd"
        );
        assert_eq!(duration(45.2), "45 s");
        assert_eq!(duration(125.0), "2 min 5 s");
        assert_eq!(duration(3.0 * 3600.0 + 720.0), "3 h 12 min");
    }
}
