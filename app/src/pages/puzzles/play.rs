//! `/puzzles/:id/play`: the statement beside an editor. "Run" tries the public
//! examples and shows each difference; "Submit" judges against every test, with
//! progress, and shows the verdict and its receipt.

use super::DifficultyBadge;
use crate::{
    components::{code_editor::CodeEditor, diff::line_diff, drafts, errors::ErrorNotice},
    core::{AppError, Id},
    pages::not_found::NotFound,
    submissions::{
        Receipt, RunReport, SubmissionStatus, SubmissionView, TestOutcome, TestResult,
        api::{Playground, my_submissions, play_data, run_code, submission, submit_code},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use std::time::Duration;

#[component]
pub fn PlayPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.read().get("id").unwrap_or_default(), play_data);
    view! {
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! { <Play data/> }.into_any(),
                    Err(AppError::NotFound(_)) => view! { <NotFound/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Play(data: Playground) -> impl IntoView {
    let Playground { puzzle, languages, editor, preferred_language, signed_in } = data;
    let puzzle_id = puzzle.id;
    let start = drafts::initial_language(&languages, preferred_language.as_deref());
    let language = RwSignal::new(start.clone());
    let language_name =
        Signal::derive(move || language.with(|l| l.as_ref().map(|l| l.language.clone()).unwrap_or_default()));
    let code = drafts::remembered(puzzle_id, language_name);
    let settings = Signal::stored(editor);

    let chosen = move || language.with(|l| l.as_ref().map(|l| l.id));
    let run =
        Action::new(move |(language, code): &(Id, String)| run_code(puzzle_id, *language, code.clone()));
    let judging = RwSignal::new(None::<Result<SubmissionView, AppError>>);
    let history_version = RwSignal::new(0usize);
    let submit = Action::new(move |(language, code): &(Id, String)| {
        let (language, code) = (*language, code.clone());
        async move {
            let id = submit_code(puzzle_id, language, code).await?;
            follow(id, judging, history_version);
            Ok::<Id, AppError>(id)
        }
    });
    let busy = move || {
        run.pending().get()
            || submit.pending().get()
            || judging.with(|j| matches!(j, Some(Ok(v)) if !v.is_finished()))
    };
    // The chosen language and the code, as both actions take them.
    let input = move || chosen().map(|language| (language, code.get_untracked()));

    view! {
        <Title text=format!("Solve: {}", puzzle.title)/>
        <div class="play">
            <section class="play__statement" aria-labelledby="puzzle-title">
                <h1 id="puzzle-title">{puzzle.title.clone()}</h1>
                <p class="puzzle__meta"><DifficultyBadge difficulty=puzzle.difficulty/></p>
                <div class="markdown" inner_html=puzzle.statement_html.clone()></div>
                {puzzle.constraints_html.clone().map(|html| view! {
                    <h2>"Constraints"</h2>
                    <div class="markdown" inner_html=html></div>
                })}
                <h2>"Examples"</h2>
                {puzzle.validators.iter().filter(|v| v.is_public).enumerate().map(|(i, v)| view! {
                    <div class="example">
                        <h3>{format!("Example {}", i + 1)}</h3>
                        <div class="example__io">
                            <div><h4>"Input"</h4><pre>{v.input.clone()}</pre></div>
                            <div><h4>"Expected output"</h4><pre>{v.output.clone()}</pre></div>
                        </div>
                    </div>
                }).collect_view()}
            </section>
            <section class="play__workbench" aria-label="Your solution">
                <div class="play__toolbar">
                    <label class="field field--inline">
                        <span>"Language"</span>
                        <select on:change=move |e| {
                            let id = event_target_value(&e).parse::<Id>().ok();
                            language.set(languages.iter().find(|l| Some(l.id) == id).cloned());
                        }>
                            {languages.iter().map(|l| {
                                let id = l.id;
                                view! {
                                    <option value=id.to_string() selected=move || chosen() == Some(id)>{l.display_name()}</option>
                                }
                            }).collect_view()}
                        </select>
                    </label>
                    {if signed_in {
                        view! {
                            <div class="play__actions">
                                <button type="button" class="button button--ghost" disabled=busy on:click=move |_| if let Some(input) = input() { run.dispatch(input); }>
                                    {move || if run.pending().get() { "Running…" } else { "Run examples" }}
                                </button>
                                <button type="button" class="button button--primary" disabled=busy on:click=move |_| if let Some(input) = input() { submit.dispatch(input); }>
                                    "Submit"
                                </button>
                            </div>
                        }.into_any()
                    } else {
                        view! {
                            <p class="muted">
                                <a href=format!("/login?next=/puzzles/{puzzle_id}/play")>"Log in"</a>" to run and submit."
                            </p>
                        }.into_any()
                    }}
                </div>
                <CodeEditor code language=language_name settings label="Your code"/>
                <Verdict judging submit/>
                <RunResults run/>
                {signed_in.then(|| view! { <History puzzle=puzzle_id version=history_version/> })}
            </section>
        </div>
    }
}

/// Polls a submission until it is judged, publishing each state.
fn follow(id: Id, judging: RwSignal<Option<Result<SubmissionView, AppError>>>, history: RwSignal<usize>) {
    judging.set(None);
    let handle = StoredValue::new(None::<IntervalHandle>);
    let tick = move || {
        leptos::task::spawn_local(async move {
            let latest = submission(id).await;
            let finished = latest.as_ref().map_or(true, SubmissionView::is_finished);
            judging.set(Some(latest));
            if finished {
                if let Some(handle) = handle.get_value() {
                    handle.clear();
                }
                history.update(|v| *v += 1);
            }
        });
    };
    handle.set_value(set_interval_with_handle(tick, Duration::from_millis(400)).ok());
}

#[component]
fn Verdict(
    judging: RwSignal<Option<Result<SubmissionView, AppError>>>,
    submit: Action<(Id, String), Result<Id, AppError>>,
) -> impl IntoView {
    view! {
        <div class="verdict" aria-live="polite" data-testid="verdict">
            {move || match (submit.value().get(), judging.get()) {
                (Some(Err(error)), _) | (_, Some(Err(error))) => view! {
                    <p class="form-error" role="alert">{error.to_string()}</p>
                }.into_any(),
                (Some(Ok(_)), None) => view! { <p class="muted">"Queued for judging…"</p> }.into_any(),
                (_, Some(Ok(view))) if !view.is_finished() => {
                    let p = view.progress;
                    view! {
                        <div class="progress" role="status">
                            <p>{format!("Judging: test {} of {} · {} passed", (p.done + 1).min(p.total), p.total, p.passed)}</p>
                            <progress max=p.total.max(1) value=p.done></progress>
                        </div>
                    }.into_any()
                }
                (_, Some(Ok(view))) => view! { <Judged view/> }.into_any(),
                _ => ().into_any(),
            }}
        </div>
    }
}

/// A finished submission's verdict and receipt.
#[component]
pub fn Judged(view: SubmissionView) -> impl IntoView {
    let accepted = view.result == Some(TestResult::Success);
    let (headline, class) = match (view.status, accepted) {
        (SubmissionStatus::Failed, _) => {
            ("Could not be judged".to_owned(), "verdict__banner verdict__banner--failed")
        }
        (_, true) => ("Accepted".to_owned(), "verdict__banner verdict__banner--accepted"),
        _ => (
            format!("Not accepted: {} of {} tests passed", view.progress.passed, view.progress.total),
            "verdict__banner verdict__banner--rejected",
        ),
    };
    view! {
        <div class=class role="status" data-testid="verdict-banner">{headline}</div>
        {view.receipt.map(|receipt| view! { <ReceiptView receipt/> })}
    }
}

#[component]
fn ReceiptView(receipt: Receipt) -> impl IntoView {
    let limits = receipt.limits;
    view! {
        <details class="receipt" open=true>
            <summary>"Receipt"</summary>
            <p class="muted">
                {format!(
                    "{} {} on the {} · limits: {} ms wall, {} ms CPU, {} MiB memory",
                    receipt.language, receipt.version, receipt.runner, limits.wall_ms, limits.cpu_ms, limits.memory_bytes >> 20
                )}
            </p>
            {receipt.error.map(|e| view! { <p class="form-error">{e}</p> })}
            {receipt.compile.filter(|c| c.status != crate::execution::StageStatus::Ok).map(|c| view! {
                <h3>"Compile error"</h3>
                <pre class="output output--error">{c.stderr}</pre>
            })}
            <table class="receipt__tests" data-testid="receipt-tests">
                <thead><tr><th scope="col">"Test"</th><th scope="col">"Result"</th><th scope="col" class="numeric">"Time"</th><th scope="col" class="numeric">"Memory"</th></tr></thead>
                <tbody>
                    {receipt.tests.into_iter().map(|t| view! {
                        <tr>
                            <td>{format!("{} {}", if t.is_public { "Example" } else { "Hidden test" }, t.index + 1)}</td>
                            <td class=if t.passed { "pass" } else { "fail" }>
                                {if t.passed { "Passed".to_owned() } else { format!("Failed ({})", t.status.label()) }}
                            </td>
                            <td class="numeric">{format!("{} ms", t.wall_ms)}</td>
                            <td class="numeric">{t.memory_bytes.map(|m| format!("{:.1} MiB", m as f64 / 1048576.0)).unwrap_or_else(|| "–".into())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </details>
    }
}

#[component]
fn RunResults(run: Action<(Id, String), Result<RunReport, AppError>>) -> impl IntoView {
    view! {
        <div class="run-results" aria-live="polite" data-testid="run-results">
            {move || run.value().get().map(|result| match result {
                Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any(),
                Ok(report) => view! {
                    {report.compile.filter(|c| c.status != crate::execution::StageStatus::Ok).map(|c| view! {
                        <h3>"Compile error"</h3>
                        <pre class="output output--error" data-testid="compile-error">{c.stderr}</pre>
                    })}
                    {report.tests.into_iter().map(|test| view! { <ExampleResult test/> }).collect_view()}
                }.into_any(),
            })}
        </div>
    }
}

#[component]
fn ExampleResult(test: TestOutcome) -> impl IntoView {
    let details = test.details.unwrap_or_else(|| crate::submissions::TestDetails {
        input: String::new(),
        expected: String::new(),
        stdout: String::new(),
        stderr: String::new(),
    });
    let diff = line_diff(&details.expected, &details.stdout);
    view! {
        <article class="example-result" class:example-result--pass=test.passed data-testid="example-result">
            <h3>
                {format!("Example {} · ", test.index + 1)}
                <span class=if test.passed { "pass" } else { "fail" }>
                    {if test.passed { "Passed".to_owned() } else { format!("Failed ({})", test.status.label()) }}
                </span>
                <span class="muted">{format!(" · {} ms", test.wall_ms)}</span>
            </h3>
            <div class="diff" role="table" aria-label="Expected and actual output">
                <div class="diff__row diff__row--head" role="row">
                    <span role="columnheader">"Expected"</span><span role="columnheader">"Your output"</span>
                </div>
                {diff.into_iter().map(|line| {
                    let same = line.matches();
                    view! {
                        <div class="diff__row" class:diff__row--differs=!same role="row">
                            <span role="cell">{line.expected.unwrap_or_else(|| "∅".into())}</span>
                            <span role="cell">{line.actual.unwrap_or_else(|| "∅".into())}</span>
                        </div>
                    }
                }).collect_view()}
            </div>
            {(!details.stderr.is_empty()).then(|| view! {
                <h4>"stderr"</h4>
                <pre class="output output--error">{details.stderr}</pre>
            })}
        </article>
    }
}

#[component]
fn History(puzzle: Id, version: RwSignal<usize>) -> impl IntoView {
    let history = Resource::new(move || version.get(), move |_| my_submissions(Some(puzzle), 1));
    view! {
        <section class="history" aria-labelledby="history-title">
            <h2 id="history-title">"Your submissions"</h2>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let page = history.await.map(|p| p.items).unwrap_or_default();
                    if page.is_empty() {
                        return view! { <p class="muted">"None yet."</p> }.into_any();
                    }
                    view! {
                        <ul class="history__list" data-testid="history">
                            {page.into_iter().map(|s| view! {
                                <li>
                                    <span class=if s.result == Some(TestResult::Success) { "pass" } else { "fail" }>
                                        {match (s.status, s.result) {
                                            (SubmissionStatus::Judged, Some(TestResult::Success)) => "Accepted".to_owned(),
                                            (SubmissionStatus::Judged, _) => format!("{:.0}%", 100.0 * s.success_rate.unwrap_or(0.0)),
                                            (status, _) => status.to_string(),
                                        }}
                                    </span>
                                    " · " {s.language} " · "
                                    <a href=format!("/submissions/{}", s.id)>
                                        <time datetime=s.created_at.to_string()>{s.created_at.as_datetime().format("%Y-%m-%d %H:%M").to_string()}</time>
                                    </a>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </Transition>
        </section>
    }
}
