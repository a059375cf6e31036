//! `/puzzles`: the public catalogue. The query lives in the URL, so a search can be
//! shared and the back button works; the form also works without JavaScript.

use crate::components::{pager::Pager, puzzle_table::PuzzleTable};
use crate::{
    components::errors::ErrorNotice,
    puzzles::{Difficulty, PuzzleQuery, Sort, Tag, api::search_puzzles},
};
use leptos::{either::Either, prelude::*};
use leptos_meta::{Meta, Title};
use leptos_router::{hooks::use_query_map, location::Url, params::ParamsMap};

fn parse_query(params: &ParamsMap) -> PuzzleQuery {
    PuzzleQuery {
        search: params.get("q").unwrap_or_default(),
        difficulty: params.get("difficulty").and_then(|d| Difficulty::parse(&d)),
        tags: params.get_all("tag").unwrap_or_default().iter().filter_map(|t| Tag::parse(t)).collect(),
        min_rating: params.get("min_rating").and_then(|r| r.parse().ok()),
        max_rating: params.get("max_rating").and_then(|r| r.parse().ok()),
        sort: params.get("sort").and_then(|s| Sort::parse(&s)).unwrap_or_default(),
        page: params.get("page").and_then(|p| p.parse().ok()).unwrap_or(1).max(1),
    }
}

/// The list URL for `query` at `page`.
fn list_url(query: &PuzzleQuery, page: u32) -> String {
    let mut parts = Vec::new();
    if !query.search.is_empty() {
        parts.push(format!("q={}", Url::escape(&query.search)));
    }
    if let Some(difficulty) = query.difficulty {
        parts.push(format!("difficulty={difficulty}"));
    }
    parts.extend(query.tags.iter().map(|t| format!("tag={t}")));
    parts.extend(query.min_rating.map(|r| format!("min_rating={r}")));
    parts.extend(query.max_rating.map(|r| format!("max_rating={r}")));
    if query.sort != Sort::default() {
        parts.push(format!("sort={}", query.sort.as_str()));
    }
    if page > 1 {
        parts.push(format!("page={page}"));
    }
    if parts.is_empty() { "/puzzles".into() } else { format!("/puzzles?{}", parts.join("&")) }
}

#[component]
pub fn PuzzleListPage() -> impl IntoView {
    let query = parse_query(&use_query_map().read_untracked());
    let results = OnceResource::new(search_puzzles(query.clone()));
    view! {
        <Title text="Puzzles"/>
        <Meta name="description" content="Browse community-made programming puzzles by difficulty and topic."/>
        <div class="section-head">
            <h1>"Puzzles"</h1>
            <a class="button button--primary" href="/puzzles/create">"Write a puzzle"</a>
        </div>
        <Filters query=query.clone()/>
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading puzzles…"</p> }>
            {move || {
                let current = query.clone();
                Suspend::new(async move {
                    match results.await {
                        Ok(mut page) => {
                            let cards = std::mem::take(&mut page.items);
                            Either::Left(view! {
                                <PuzzleTable cards/>
                                <Pager page link=move |n| list_url(&current, n)/>
                            })
                        }
                        Err(error) => Either::Right(view! { <ErrorNotice error/> }),
                    }
                })
            }}
        </Transition>
    }
}

/// A plain GET form: applying it loads the list for the new query.
#[component]
fn Filters(query: PuzzleQuery) -> impl IntoView {
    view! {
        <form method="get" action="/puzzles" class="filters" role="search">
            <div class="field filters__search">
                <label for="q">"Search titles"</label>
                <input id="q" type="search" name="q" value=query.search.clone() placeholder="e.g. sum"/>
            </div>
            <div class="field">
                <label for="difficulty">"Difficulty"</label>
                <select id="difficulty" name="difficulty">
                    <option value="" selected=query.difficulty.is_none()>"Any"</option>
                    {Difficulty::ALL.iter().map(|d| {
                        let d = *d;
                        view! { <option value=d.as_str() selected=query.difficulty == Some(d)>{d.label()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="min_rating">"Calibrated from"</label>
                <input id="min_rating" type="number" name="min_rating" min="0" max="4000" step="50" inputmode="numeric"
                    value=query.min_rating.map(|r| r.to_string())/>
            </div>
            <div class="field">
                <label for="max_rating">"to"</label>
                <input id="max_rating" type="number" name="max_rating" min="0" max="4000" step="50" inputmode="numeric"
                    value=query.max_rating.map(|r| r.to_string())/>
            </div>
            <div class="field">
                <label for="sort">"Sort by"</label>
                <select id="sort" name="sort">
                    {Sort::ALL.iter().map(|s| {
                        let s = *s;
                        view! { <option value=s.as_str() selected=query.sort == s>{s.label()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <fieldset class="filters__tags">
                <legend>"Topics"</legend>
                {Tag::TOPICS.iter().map(|t| {
                    view! {
                        <label class="chip">
                            <input type="checkbox" name="tag" value=t.as_str() checked=query.tags.contains(t)/>
                            {t.label()}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <div class="filters__actions">
                <button type="submit" class="button button--primary">"Apply"</button>
                <a href="/puzzles" class="button button--ghost">"Reset"</a>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_round_trip_through_the_url() {
        let query = PuzzleQuery {
            search: "two sum".into(),
            difficulty: Some(Difficulty::Beginner),
            tags: vec![Tag::Arrays, Tag::Math],
            min_rating: Some(1400),
            max_rating: Some(1800),
            sort: Sort::Popularity,
            page: 1,
        };
        let url = list_url(&query, 3);
        assert_eq!(
            url,
            "/puzzles?q=two%20sum&difficulty=beginner&tag=arrays&tag=math&min_rating=1400&max_rating=1800&sort=popularity&page=3"
        );
        assert_eq!(list_url(&PuzzleQuery::default(), 1), "/puzzles");
    }
}
