use crate::puzzles::{PuzzleCard, api::latest_puzzles};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn HomePage() -> impl IntoView {
    let latest = Resource::new(|| (), |_| latest_puzzles());
    view! {
        <Title text="Competitive programming puzzles"/>
        <Meta
            name="description"
            content="Solve community-made programming puzzles in your browser, race friends live, and climb the leaderboards."
        />
        <section class="hero">
            <div class="hero__text">
                <h1>"Sharpen your code. Race your friends."</h1>
                <p class="lead">
                    "CodinCod is a competitive-programming playground: puzzles written and reviewed by the community, "
                    "solved in a browser editor in the language you like, judged in a sandbox, and played live against others."
                </p>
                <div class="hero__actions">
                    <a class="button button--primary button--large" href="/puzzles">"Browse puzzles"</a>
                    <a class="button button--ghost button--large" href="/multiplayer">"Play multiplayer"</a>
                </div>
            </div>
            <pre class="hero__code" aria-hidden="true">
                <code>{HERO_CODE}</code>
            </pre>
        </section>

        <section class="features" aria-labelledby="features-title">
            <h2 id="features-title" class="visually-hidden">"What you can do"</h2>
            <Feature icon="🧩" title="Community puzzles">
                "Authors write statements, examples and hidden tests; moderators review them before they go public."
            </Feature>
            <Feature icon="⚙" title="Many languages">
                "Python, JavaScript, C, C++, Java, Bash and more, each run in an isolated, resource-limited sandbox."
            </Feature>
            <Feature icon="⚡" title="Live multiplayer">
                "Host a room, invite friends with a code, and race on the same puzzle under nine game modes."
            </Feature>
            <Feature icon="🏆" title="Fair ratings">
                "Every rated game feeds a Glicko-2 rating per mode, shown on public leaderboards."
            </Feature>
        </section>

        <section class="latest" aria-labelledby="latest-title">
            <div class="section-head">
                <h2 id="latest-title">"Latest puzzles"</h2>
                <a href="/puzzles">"See all"</a>
            </div>
            <Suspense fallback=|| view! { <p class="muted" aria-busy="true">"Loading puzzles…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <crate::components::errors::ErrorPanel errors/> }>
                    {move || Suspend::new(async move {
                        latest.await.map(|cards| view! { <PuzzleGrid cards/> })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

const HERO_CODE: &str =
    "def solve(line):\n    a, b = map(int, line.split())\n    return a + b\n\nprint(solve(input()))";

#[component]
fn Feature(icon: &'static str, title: &'static str, children: Children) -> impl IntoView {
    view! {
        <article class="feature">
            <span class="feature__icon" aria-hidden="true">{icon}</span>
            <h3>{title}</h3>
            <p>{children()}</p>
        </article>
    }
}

#[component]
fn PuzzleGrid(cards: Vec<PuzzleCard>) -> impl IntoView {
    if cards.is_empty() {
        return view! { <p class="muted">"No puzzles are published yet. Write the first one!"</p> }
            .into_any();
    }
    view! {
        <ul class="card-grid" data-testid="latest-puzzles">
            {cards
                .into_iter()
                .map(|card| {
                    view! {
                        <li class="card">
                            <a class="card__title" href=format!("/puzzles/{}", card.id)>{card.title}</a>
                            <p class="card__meta">
                                <span class=format!("badge badge--{}", card.difficulty.as_str())>
                                    {card.difficulty.label()}
                                </span>
                                " by " {card.author_name}
                            </p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
