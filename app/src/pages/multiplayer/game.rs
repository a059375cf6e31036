//! `/multiplayer/:id`: one game, live. A countdown, then the puzzle and the editor;
//! players' progress and the chat beside it; the standings, with everyone's code,
//! once the game is over. The page is in the parent module, beside its island.

use crate::{
    accounts::User,
    components::{
        chat::{ChatForm, ChatLine},
        code_editor::CodeEditor,
        drafts,
        islands::IslandTitle,
        language_picker::LanguagePicker,
        live_socket::{Link, LiveSocket, use_live_socket},
        report::ReportForm,
        shortcuts::RunAndSubmit,
        test_data::TestData,
        verdict::{Judged, RunResults},
    },
    core::{AppError, Id, Timestamp},
    games::{
        GameDto, GameStatus,
        api::link_submission,
        protocol::{ChatMessage, GAME_CHAT_MAX, GameEvent, GameRequest},
    },
    moderation::ProblemType,
    submissions::{
        Playground, SubmissionView,
        api::{play_data, run_code, submission, submit_code},
    },
};
use leptos::prelude::*;
use std::{collections::BTreeMap, time::Duration};

/// What the game page knows, all fed by the socket.
#[derive(Clone, Copy)]
struct Live {
    game: RwSignal<Option<GameDto>>,
    chat: RwSignal<Vec<ChatMessage>>,
    languages: RwSignal<BTreeMap<String, String>>,
    notice: RwSignal<Option<String>>,
    missing: RwSignal<bool>,
}

/// The game, live over its socket.
#[component]
pub fn Game(id: String, user: User) -> impl IntoView {
    let live = Live {
        game: RwSignal::new(None),
        chat: RwSignal::new(Vec::new()),
        languages: RwSignal::new(BTreeMap::new()),
        notice: RwSignal::new(None),
        missing: RwSignal::new(false),
    };
    let socket = use_live_socket(format!("/ws/game/{id}"), move |event: GameEvent| match event {
        GameEvent::Overview { game, .. } | GameEvent::Finished { game } => live.game.set(Some(game)),
        GameEvent::Nonexistent { .. } => live.missing.set(true),
        GameEvent::Chat { chat_message } => live.chat.update(|lines| {
            if !lines.iter().any(|l| l.id == chat_message.id) {
                lines.push(chat_message);
            }
        }),
        GameEvent::Language { language, username } => live.languages.update(|l| {
            l.insert(username, language);
        }),
        GameEvent::Error { message } => live.notice.set(Some(message)),
    });
    let shown = Memo::new(move |_| live.game.with(|g| g.as_ref().map(|g| g.id)));
    let now = clock();
    view! {
        {move || live.missing.get().then(|| view! { <p class="form-error" role="alert">"This game does not exist."</p> })}
        {move || (socket.link.get() == Link::Retrying).then(|| view! { <p class="muted" role="status">"Connection lost; reconnecting…"</p> })}
        // Keyed on the game, not its state: another player's move must not reset
        // the editor.
        {move || match shown.get().and_then(|_| live.game.get_untracked()) {
            None => view! { <p class="muted" aria-busy="true">"Joining the game…"</p> }.into_any(),
            Some(game) => view! { <Board game user=user.id live socket now/> }.into_any(),
        }}
    }
}

/// The current time, ticking every second in the browser.
fn clock() -> RwSignal<Timestamp> {
    let now = RwSignal::new(Timestamp(chrono::Utc::now()));
    #[cfg(feature = "hydrate")]
    if let Ok(handle) =
        set_interval_with_handle(move || now.set(Timestamp(chrono::Utc::now())), Duration::from_secs(1))
    {
        on_cleanup(move || handle.clear());
    }
    now
}

fn seconds_between(from: &Timestamp, to: &Timestamp) -> i64 {
    (to.0 - from.0).num_seconds()
}

/// Where the user stands; the main panel is rebuilt only when this changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Seat {
    Watching,
    Playing,
    Submitted,
    Over,
}

impl Seat {
    fn of(game: &GameDto, user: Id) -> Self {
        if game.status == GameStatus::Completed {
            Self::Over
        } else if game.player_submissions.iter().any(|s| s.user.id == user) {
            Self::Submitted
        } else if game.players.iter().any(|p| p.id == user) {
            Self::Playing
        } else {
            Self::Watching
        }
    }
}

/// One game for its whole life. `game` is the first state seen, for what never
/// changes (puzzle, mode, clock); everything else follows `live`.
#[component]
fn Board(game: GameDto, user: Id, live: Live, socket: LiveSocket, now: RwSignal<Timestamp>) -> impl IntoView {
    let seat =
        Memo::new(move |_| live.game.with(|g| g.as_ref().map_or(Seat::Watching, |g| Seat::of(g, user))));
    let over = Signal::derive(move || seat.get() == Seat::Over);
    let is_player = Signal::derive(move || {
        live.game.with(|g| g.as_ref().is_some_and(|g| g.players.iter().any(|p| p.id == user)))
    });
    let (start, end) = (game.start_time, game.end_time);
    let started = move || now.get() >= start;
    let (id, puzzle, mode) = (game.id, game.puzzle, game.options.mode);
    // The player's own judged submission, shown above the standings once they submitted.
    let verdict = RwSignal::new(None::<SubmissionView>);
    view! {
        <IslandTitle text=format!("Game · {mode}")/>
        <div class="game-head">
            <h1>{format!("{mode} game")}</h1>
            <p class="game-clock" role="timer" data-testid="clock">
                {move || {
                    let now = now.get();
                    if over.get() {
                        "Game over".to_owned()
                    } else if now < start {
                        format!("Starts in {} s", seconds_between(&now, &start).max(0))
                    } else {
                        let left = seconds_between(&now, &end).max(0);
                        format!("{}:{:02} left", left / 60, left % 60)
                    }
                }}
            </p>
        </div>
        <div class="game">
            <div class="game__main">
                {move || live.notice.get().filter(|m| m != "User not in this game").map(|message| view! {
                    <p class="form-error" role="alert">{message}</p>
                })}
                {move || match seat.get() {
                    Seat::Over => view! {
                        <AfterGame game=id played=is_player/>
                        {move || verdict.get().map(|view| view! { <Judged view/> })}
                        <Standings live over/>
                    }.into_any(),
                    Seat::Submitted => view! {
                        {move || verdict.get().map(|view| view! { <Judged view/> })}
                        <Standings live over/>
                    }.into_any(),
                    // Spectators follow the standings live; the code shows when the game ends.
                    Seat::Watching => view! {
                        <section class="panel" data-testid="watching">
                            <p>"You are watching this game."</p>
                            <button type="button" class="button button--primary" on:click=move |_| socket.send(&GameRequest::Join)>
                                "Join this game"
                            </button>
                        </section>
                        <Standings live over/>
                    }.into_any(),
                    Seat::Playing => view! {
                        <Show when=started fallback=|| view! { <p class="countdown">"Get ready: the puzzle appears when the game starts."</p> }>
                            <Solve game=id puzzle socket verdict/>
                        </Show>
                    }.into_any(),
                }}
            </div>
            // Type-erased to keep the view type shallow enough for the compiler.
            {view! {
                <aside class="game__side">
                    <Players live/>
                    <Chat live socket can_write=is_player/>
                </aside>
            }.into_any()}
        </div>
    }
}

/// After the game: back to the lobby, or a rematch for its players.
#[component]
fn AfterGame(game: Id, played: Signal<bool>) -> impl IntoView {
    view! {
        <nav class="form__actions" aria-label="After the game">
            <a class="button button--ghost" href="/multiplayer">"Back to the lobby"</a>
            {move || played.get().then(|| view! {
                <a class="button button--primary" href=format!("/multiplayer?rematch={game}")>"Rematch"</a>
            })}
        </nav>
    }
}

#[component]
fn Solve(
    game: Id,
    puzzle: Id,
    socket: LiveSocket,
    verdict: RwSignal<Option<SubmissionView>>,
) -> impl IntoView {
    let data = Resource::new(move || puzzle.to_string(), play_data);
    view! {
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading the puzzle…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(playground) => view! { <Workbench game playground socket verdict/> }.into_any(),
                    Err(error) => view! { <p class="form-error">{error.to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Workbench(
    game: Id,
    playground: Playground,
    socket: LiveSocket,
    verdict: RwSignal<Option<SubmissionView>>,
) -> impl IntoView {
    let Playground { puzzle, languages, editor, preferred_language, .. } = playground;
    let puzzle_id = puzzle.id;
    let language = RwSignal::new(drafts::initial_language(&languages, preferred_language.as_deref()));
    let name =
        Signal::derive(move || language.with(|l| l.as_ref().map(|l| l.language.clone()).unwrap_or_default()));
    let draft = drafts::remembered(puzzle_id, name);
    let code = draft.code;
    let progress = RwSignal::new(None::<Result<SubmissionView, AppError>>);
    Effect::new(move || socket.send(&GameRequest::Language { language: name.get() }));

    let submit = Action::new(move |(language, code): &(Id, String)| {
        let (language, code) = (*language, code.clone());
        async move {
            let id = submit_code(puzzle_id, language, code).await?;
            // Wait for the verdict, showing progress, then link it to the game.
            loop {
                let view = submission(id).await?;
                if view.is_finished() {
                    verdict.set(Some(view.clone()));
                    progress.set(Some(Ok(view)));
                    break;
                }
                progress.set(Some(Ok(view)));
                sleep(Duration::from_millis(400)).await;
            }
            link_submission(game, id).await?;
            socket.send(&GameRequest::Submitted);
            Ok::<(), AppError>(())
        }
    });
    let chosen = move || language.with(|l| l.as_ref().map(|l| l.id));
    let run =
        Action::new(move |(language, code): &(Id, String)| run_code(puzzle_id, *language, code.clone()));
    let input = move || chosen().map(|language| (language, code.get_untracked()));
    view! {
        <section class="game__puzzle">
            <h2>{puzzle.title.clone()}</h2>
            <div class="markdown" inner_html=puzzle.statement_html.clone()></div>
            {puzzle.tests.iter().filter(|v| v.is_public).take(2).map(|v| view! {
                <TestData input=v.input.clone() output=v.output.clone()/>
            }).collect_view()}
        </section>
        <div class="play__toolbar">
            <LanguagePicker languages chosen=language/>
            <RunAndSubmit
                run=Callback::new(move |()| if let Some(input) = input() { run.dispatch(input); })
                submit=Callback::new(move |()| if let Some(input) = input() { submit.dispatch(input); })
                running=run.pending()
                judging=submit.pending()/>
        </div>
        <CodeEditor draft language=name settings=Signal::stored(editor) label="Your code"/>
        <RunResults run/>
        <div aria-live="polite" data-testid="game-progress">
            {move || progress.get().and_then(Result::ok).filter(|v| !v.is_finished()).map(|v| view! {
                <p role="status">{format!("Judging: {} of {} tests done", v.progress.done, v.progress.total)}</p>
            })}
            {move || submit.value().get().and_then(Result::err).map(|e| view! { <p class="form-error" role="alert">{e.to_string()}</p> })}
        </div>
        // A rejected submission says which examples failed and how, so the player can
        // fix it and submit again.
        {move || verdict.get().map(|view| view! { <Judged view/> })}
    }
}

/// Waits in the browser; returns at once on the server.
async fn sleep(duration: Duration) {
    #[cfg(feature = "hydrate")]
    {
        let (done, wait) = futures_channel();
        set_timeout(
            move || {
                let _ = done.send(());
            },
            duration,
        );
        let _ = wait.await;
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = duration;
}

#[cfg(feature = "hydrate")]
fn futures_channel() -> (futures::channel::oneshot::Sender<()>, futures::channel::oneshot::Receiver<()>) {
    futures::channel::oneshot::channel()
}

#[component]
fn Players(live: Live) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="players-title">
            <h2 id="players-title">"Players"</h2>
            <ul class="players" data-testid="players">
                {move || live.game.get().map(|game| {
                    let submitted: Vec<Id> = game.player_submissions.iter().map(|s| s.user.id).collect();
                    game.players.into_iter().map(|player| {
                        let done = submitted.contains(&player.id);
                        let name = player.username.clone();
                        view! {
                            <li>
                                <span>{player.username}</span>
                                <span class="muted">{move || live.languages.with(|l| l.get(&name).cloned().unwrap_or_default())}</span>
                                <span class=if done { "pass" } else { "muted" }>{if done { "submitted" } else { "solving" }}</span>
                            </li>
                        }
                    }).collect_view()
                })}
            </ul>
        </section>
    }
}

#[component]
fn Chat(live: Live, socket: LiveSocket, can_write: Signal<bool>) -> impl IntoView {
    let draft = RwSignal::new(String::new());
    let reporting = RwSignal::new(None::<Id>);
    view! {
        <section class="panel chat" aria-labelledby="chat-title">
            <h2 id="chat-title">"Chat"</h2>
            <ol class="chat__lines" tabindex="0" data-testid="game-chat" aria-live="polite">
                {move || live.chat.get().into_iter().map(|line| {
                    let id = line.id;
                    view! {
                        <li>
                            <ChatLine username=line.username message=line.message blocked=line.blocked/>
                            {(!line.blocked).then(|| view! {
                                <button type="button" class="link-button" aria-label="Report this message" on:click=move |_| reporting.set(Some(id))>
                                    "report"
                                </button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            {move || reporting.get().map(|id| view! { <ChatReport id reporting/> })}
            {move || can_write.get().then(|| view! {
                <ChatForm id="game-message" max_length=GAME_CHAT_MAX draft on_send=Callback::new(move |message| {
                    socket.send(&GameRequest::Chat { chat_message: crate::games::protocol::ChatInput { message } });
                })/>
            })}
        </section>
    }
}

/// The report form for the chat message at `id`, with a button that closes it.
#[component]
fn ChatReport(id: Id, reporting: RwSignal<Option<Id>>) -> impl IntoView {
    view! {
        <div class="report">
            <ReportForm problem=ProblemType::GameChat target=id/>
            <button type="button" class="button button--ghost" on:click=move |_| reporting.set(None)>"Close"</button>
        </div>
    }
}

#[component]
fn Standings(live: Live, over: Signal<bool>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="standings-title">
            <h2 id="standings-title">{move || if over.get() { "Final standings" } else { "Standings so far" }}</h2>
            <table class="puzzle-table" data-testid="standings">
                <thead>
                    <tr>
                        <th scope="col">"#"</th><th scope="col">"Player"</th><th scope="col" class="numeric">"Score"</th>
                        <th scope="col" class="numeric">"Time"</th><th scope="col" class="numeric">"Length"</th>
                        <th scope="col">"Language"</th><th scope="col">"Result"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || live.game.get().map(|game| game.player_submissions.into_iter().map(|s| view! {
                        <tr>
                            <td>{s.rank.map(|r| r.to_string()).unwrap_or_default()}</td>
                            <td>{s.user.username.clone()}</td>
                            <td class="numeric">{s.score.map(|x| format!("{x:.0}")).unwrap_or_default()}</td>
                            <td class="numeric">{format!("{:.1} s", s.time_spent)}</td>
                            <td class="numeric">{s.code_length}</td>
                            <td>{s.programming_language.display_name()}</td>
                            <td>{format!("{:.0}%", s.result.success_rate * 100.0)}</td>
                        </tr>
                        {s.code.map(|code| view! {
                            <tr class="standings__code">
                                <td colspan="7">
                                    <details>
                                        <summary>{format!("{}'s code", s.user.username)}</summary>
                                        <pre class="output code-listing" tabindex="0">{code}</pre>
                                    </details>
                                </td>
                            </tr>
                        })}
                    }).collect_view())}
                </tbody>
            </table>
            {move || (!over.get()).then(|| view! { <p class="muted">"The code of every player appears when the game ends."</p> })}
        </section>
    }
}
