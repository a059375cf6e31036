//! `/leaderboards`: one tab per game mode and one for the solo pool, read from the
//! latest snapshot (hourly, and seconds after a rating changes). Board, page and
//! search live in the URL, so everything works without JavaScript.

use crate::{
    components::{errors::ErrorNotice, pager::Pager},
    leaderboard::{
        Board, LeaderboardRow, LeaderboardView, SEARCH_MAX,
        api::leaderboard,
        rules::{MIN_RANKED_GAMES, PROVISIONAL_DEVIATION},
    },
};
use leptos::{either::Either, prelude::*};
use leptos_meta::{Meta, Title};
use leptos_router::{hooks::use_query_map, location::Url};

/// The leaderboard URL for a board, page and search.
fn board_url(board: Board, page: u32, search: &str) -> String {
    let mut url = format!("/leaderboards?mode={}", board.as_str());
    if !search.is_empty() {
        url.push_str(&format!("&q={}", Url::escape(search)));
    }
    if page > 1 {
        url.push_str(&format!("&page={page}"));
    }
    url
}

#[component]
pub fn LeaderboardsPage() -> impl IntoView {
    let query = use_query_map();
    let request = Memo::new(move |_| {
        let query = query.read();
        let board = query.get("mode").and_then(|m| Board::parse(&m)).unwrap_or_default();
        let page = query.get("page").and_then(|p| p.parse().ok()).unwrap_or(1u32).max(1);
        (board, page, query.get("q").unwrap_or_default())
    });
    let ranking =
        Resource::new(move || request.get(), |(board, page, search)| leaderboard(board, page, search));
    let board = move || request.read().0;
    view! {
        <Title text="Leaderboards"/>
        <Meta name="description" content="Glicko-2 ratings of CodinCod players, per game mode and against the puzzles."/>
        <h1>"Leaderboards"</h1>
        <nav class="tabs" aria-label="Leaderboards">
            {Board::all().map(|tab| view! {
                <a
                    href=board_url(tab, 1, "")
                    aria-current=move || (board() == tab).then_some("page")
                >
                    {tab.label()}
                </a>
            }).collect_view()}
        </nav>
        {move || (board() == Board::Solo).then(|| view! {
            <p class="muted">"Solo: each player's first verdict on a puzzle is a rated match against the puzzle, which wins when the submission fails."</p>
        })}
        <form method="get" action="/leaderboards" class="leaderboard-search" role="search">
            <input type="hidden" name="mode" value=move || board().as_str()/>
            <label for="player-search">"Find a player"</label>
            <input
                id="player-search"
                name="q"
                type="search"
                maxlength=SEARCH_MAX
                value=move || request.read().2.clone()
            />
            <button type="submit" class="button">"Search"</button>
        </form>
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading the leaderboard…"</p> }>
            {move || Suspend::new(async move {
                match ranking.await {
                    Ok(view) => Either::Left(view! { <Ranking view/> }),
                    Err(error) => Either::Right(view! { <ErrorNotice error/> }),
                }
            })}
        </Transition>
        <p class="muted">
            {format!(
                "Ratings marked ? are provisional (deviation above {PROVISIONAL_DEVIATION:.0}, as on lichess, or fewer than {MIN_RANKED_GAMES} rated games): they are listed but not ranked."
            )}
        </p>
    }
}

#[component]
fn Ranking(view: LeaderboardView) -> impl IntoView {
    let LeaderboardView { board, mut rows, own, taken_at, search } = view;
    let items = std::mem::take(&mut rows.items);
    let own_id = own.as_ref().map(|r| r.user_id);
    let own_elsewhere = own.filter(|own| !items.iter().any(|r| r.user_id == own.user_id));
    if items.is_empty() && own_elsewhere.is_none() {
        let message = if search.is_empty() { "No rated players yet." } else { "No player by that name." };
        return Either::Left(view! { <p class="muted">{message}</p> });
    }
    Either::Right(view! {
        {taken_at.map(|at| view! {
            <p class="muted">"Updated after every rated game; this ranking is from " {at.as_datetime().format("%e %B %Y, %H:%M:%S UTC").to_string()} "."</p>
        })}
        {own_elsewhere.map(|row| view! {
            <h2 class="visually-hidden">"Your standing"</h2>
            <table class="puzzle-table leaderboard" aria-label="Your standing">
                <Head/>
                <tbody><Row row own=true/></tbody>
            </table>
        })}
        <table class="puzzle-table leaderboard" data-testid="leaderboard">
            <Head/>
            <tbody>
                {items.into_iter().map(|row| {
                    let own = Some(row.user_id) == own_id;
                    view! { <Row row own/> }
                }).collect_view()}
            </tbody>
        </table>
        <Pager page=rows link=move |n| board_url(board, n, &search) noun="players"/>
    })
}

#[component]
fn Head() -> impl IntoView {
    view! {
        <thead>
            <tr>
                <th scope="col">"Rank"</th>
                <th scope="col">"Player"</th>
                <th scope="col">"Rating"</th>
                <th scope="col">"Games"</th>
                <th scope="col">"Win rate"</th>
            </tr>
        </thead>
    }
}

#[component]
fn Row(row: LeaderboardRow, own: bool) -> impl IntoView {
    let provisional = row.provisional();
    let win_rate = format!("{:.0}%", row.win_rate() * 100.0);
    view! {
        <tr class:is-own=own class:is-provisional=provisional aria-current=own.then_some("true")>
            <td>{row.rank.map_or_else(|| "—".to_owned(), |rank| rank.to_string())}</td>
            <td>
                <a href=format!("/profile/{}", row.username)>{row.username.clone()}</a>
                {own.then_some(" (you)")}
            </td>
            <td data-testid="rating">
                {format!("{:.0}", row.rating)}
                {provisional.then(|| view! { <abbr title="Provisional rating">"?"</abbr> })}
                <span class="muted">{format!(" ± {:.0}", row.deviation)}</span>
            </td>
            <td>{row.games_played}</td>
            <td>{win_rate}</td>
        </tr>
    }
}
