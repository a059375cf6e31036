//! Under a puzzle: its discussion, and the solutions tab, which shows other
//! players' accepted solutions to those who solved it. The tab, sort and page are
//! in the URL, so both read without JavaScript.

use super::{
    discussion::{Discussion, SolutionVoteForms},
    errors::ErrorNotice,
    islands::here,
    pager::Pager,
};
use crate::{
    comments::{
        SolutionSort, SolutionView, SolutionVotes,
        api::{VoteSolution, puzzle_solutions},
    },
    core::Id,
};
use leptos::{either::Either, prelude::*};

/// The discussion and solutions tabs (`?tab=solutions`).
#[component]
pub fn Tabs(puzzle: Id) -> impl IntoView {
    let on_solutions = here().search_params().get_str("tab") == Some("solutions");
    let current = move |solutions: bool| (on_solutions == solutions).then_some("page");
    view! {
        <nav class="tabs" id="community" aria-label="Community">
            <a href=format!("/puzzles/{puzzle}#community") aria-current=move || current(false)>"Discussion"</a>
            <a href=format!("/puzzles/{puzzle}?tab=solutions#community") aria-current=move || current(true)>"Solutions"</a>
        </nav>
        {if on_solutions {
            Either::Left(view! { <Solutions puzzle/> })
        } else {
            Either::Right(view! { <Discussion puzzle solution=None/> })
        }}
    }
}

/// A page of the puzzle's solutions (`?order=` and `?page=`), or why it is locked.
#[component]
fn Solutions(puzzle: Id) -> impl IntoView {
    let url = here();
    let query = url.search_params();
    let sort = query.get_str("order").and_then(SolutionSort::parse).unwrap_or_default();
    let page = query.get_str("page").and_then(|p| p.parse().ok()).unwrap_or(1u32).max(1);
    let vote = ServerAction::<VoteSolution>::new();
    let data = Resource::new(
        move || vote.version().get(),
        move |_| puzzle_solutions(puzzle.to_string(), sort, page),
    );
    let link = move |sort: SolutionSort, page: u32| {
        let page = if page > 1 { format!("&page={page}") } else { String::new() };
        format!("/puzzles/{puzzle}?tab=solutions&order={}{page}#community", sort.as_str())
    };
    let vote_error = move || vote.value().get().and_then(Result::err).map(|error| error.to_string());
    view! {
        <section class="discussion" aria-labelledby="solutions-title" data-testid="solutions">
            <div class="discussion__head">
                <h2 id="solutions-title">"Solutions"</h2>
                <nav class="discussion__sort" aria-label="Sort solutions">
                    {SolutionSort::ALL.into_iter().map(|s| view! {
                        <a href=link(s, 1) aria-current=(sort == s).then_some("true")>{s.label()}</a>
                    }).collect_view()}
                </nav>
            </div>
            <p class="form-error" role="alert" hidden=move || vote_error().is_none()>{vote_error}</p>
            <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading the solutions…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(solutions) => Either::Left(match solutions.solutions {
                            Err(locked) => Either::Left(view! {
                                <p class="notice" data-testid="solutions-locked">{locked.reason()}</p>
                            }),
                            Ok(mut found) => {
                                let items = std::mem::take(&mut found.items);
                                let sort = solutions.sort;
                                Either::Right(view! {
                                    {items.is_empty().then(|| view! { <p class="muted">"Nobody else has solved it yet."</p> })}
                                    <ol class="solutions">
                                        {items.into_iter().map(|solution| view! { <Solution solution vote/> }).collect_view()}
                                    </ol>
                                    <Pager page=found noun="solutions" link=move |n| link(sort, n)/>
                                })
                            }
                        }),
                        Err(error) => Either::Right(view! { <ErrorNotice error/> }),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Solution(solution: SolutionView, vote: ServerAction<VoteSolution>) -> impl IntoView {
    let id = solution.id;
    let comments = match solution.comments {
        0 => "Discuss".to_owned(),
        1 => "1 comment".to_owned(),
        n => format!("{n} comments"),
    };
    view! {
        <li class="comment__box solution" data-testid="solution">
            <header class="comment__head">
                <a class="comment__author" href=format!("/profile/{}", solution.author)>{solution.author.clone()}</a>
                <span class="tag">{format!("{} {}", solution.language, solution.language_version)}</span>
                <span>{format!("{} characters", solution.code_length)}</span>
                <time datetime=solution.created_at.to_string()>
                    {solution.created_at.as_datetime().format("%Y-%m-%d %H:%M UTC").to_string()}
                </time>
            </header>
            <pre class="output code-listing" tabindex="0">{solution.code}</pre>
            <footer class="comment__controls">
                <SolutionVoteForms solution=SolutionVotes { id, votes: solution.votes } action=vote/>
                <a href=format!("/submissions/{id}")>"Receipt"</a>
                <a href=format!("/submissions/{id}#discussion")>{comments}</a>
            </footer>
        </li>
    }
}
