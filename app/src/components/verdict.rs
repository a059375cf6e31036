//! How judging looks: progress while a submission is judged, its verdict and
//! receipt, and what "Run" found on each example, with a line diff.

use super::diff::line_diff;
use crate::{
    core::{AppError, Id},
    execution::StageStatus,
    submissions::{
        Receipt, RunReport, SubmissionStatus, SubmissionView, TestDetails, TestOutcome, TestResult,
        api::submission,
    },
};
use leptos::prelude::*;
use std::time::Duration;

/// Polls a submission until it is judged, publishing each state.
pub fn follow(id: Id, judging: RwSignal<Option<Result<SubmissionView, AppError>>>, history: RwSignal<usize>) {
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
pub fn Verdict(
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
    let failed = failed_examples(&receipt.tests);
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
            {receipt.compile.filter(|c| c.status != StageStatus::Ok).map(|c| view! {
                <h3>"Compile error"</h3>
                <pre class="output output--error" tabindex="0">{c.stderr}</pre>
            })}
            <table class="receipt__tests" data-testid="receipt-tests">
                <thead><tr><th scope="col">"Test"</th><th scope="col">"Result"</th><th scope="col" class="numeric">"Time"</th><th scope="col" class="numeric">"Memory"</th></tr></thead>
                <tbody>
                    {receipt.tests.into_iter().map(|t| view! {
                        <tr>
                            <td>{format!("{} {}", if t.is_public { "Example" } else { "Hidden test" }, t.index + 1)}</td>
                            <td class=if t.passed { "pass" } else { "fail" }>{t.verdict()}</td>
                            <td class="numeric">{t.wall_ms.map(|ms| format!("{ms} ms")).unwrap_or_else(|| "–".into())}</td>
                            <td class="numeric">{t.memory_bytes.map(mebibytes).unwrap_or_else(|| "–".into())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {failed}
            {receipt.hidden.map(|h| view! {
                <p class="muted" data-testid="hidden-summary">
                    {format!(
                        "Hidden tests: {} of {} passed · slowest {} ms{}",
                        h.passed, h.total, h.wall_ms_max,
                        h.memory_bytes_max.map(|m| format!(" · largest {}", mebibytes(m))).unwrap_or_default()
                    )}
                </p>
            })}
        </details>
    }
}

#[component]
pub fn RunResults(run: Action<(Id, String), Result<RunReport, AppError>>) -> impl IntoView {
    view! {
        <div class="run-results" aria-live="polite" data-testid="run-results">
            {move || run.value().get().map(|result| match result {
                Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any(),
                Ok(report) => view! {
                    {report.compile.filter(|c| c.status != StageStatus::Ok).map(|c| view! {
                        <h3>"Compile error"</h3>
                        <pre class="output output--error" tabindex="0" data-testid="compile-error">{c.stderr}</pre>
                    })}
                    {report.tests.into_iter().map(|test| view! { <ExampleResult test/> }).collect_view()}
                }.into_any(),
            })}
        </div>
    }
}

#[component]
fn ExampleResult(test: TestOutcome) -> impl IntoView {
    let verdict = test.verdict();
    let details = test.details.unwrap_or_else(|| TestDetails {
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
                <span class=if test.passed { "pass" } else { "fail" }>{verdict}</span>
                <span class="muted">{test.wall_ms.map(|ms| format!(" · {ms} ms"))}</span>
            </h3>
            <div class="diff" role="table" tabindex="0" aria-label="Expected and actual output">
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
                <pre class="output output--error" tabindex="0">{details.stderr}</pre>
            })}
        </article>
    }
}

/// The public tests a submission failed, each with what it printed against what was
/// expected.
fn failed_examples(tests: &[TestOutcome]) -> impl IntoView + use<> {
    let failed: Vec<TestOutcome> = tests.iter().filter(|t| t.is_public && !t.passed).cloned().collect();
    (!failed.is_empty()).then(|| {
        view! {
            <div class="receipt__failed" data-testid="failed-examples">
                <h3>"Examples that failed"</h3>
                {failed.into_iter().map(|test| view! { <ExampleResult test/> }).collect_view()}
            </div>
        }
    })
}

fn mebibytes(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / 1048576.0)
}
