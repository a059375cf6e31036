//! `/puzzles/:id/play`: the statement beside an editor. "Run" tries the public
//! examples and shows each difference; "Submit" judges against every test, with
//! progress, and shows the verdict and its receipt.

use crate::components::puzzle_table::DifficultyBadge;
use crate::{
    components::{
        code_editor::{CodeEditor, EditorScript},
        drafts,
        errors::Failure,
        islands::hydrating,
        language_picker::LanguagePicker,
        shortcuts::RunAndSubmit,
        test_data::TestData,
        verdict::{RunResults, Verdict, follow},
    },
    core::{AppError, Id},
    submissions::{
        Playground, SubmissionStatus, SubmissionView, TestResult,
        api::{my_submissions, play_data, run_code, submit_code},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PlayPage() -> impl IntoView {
    let data = OnceResource::new(play_data(use_params_map().read_untracked().get("id").unwrap_or_default()));
    view! {
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! {
                        <Title text=format!("Solve: {}", data.puzzle.title)/>
                        <EditorScript/>
                        <Play data/>
                    }.into_any(),
                    Err(error) => view! { <Failure error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The editor and its tools.
#[island(lazy)]
fn Play(data: Playground) -> impl IntoView {
    hydrating();
    let Playground { puzzle, languages, editor, preferred_language, signed_in } = data;
    let puzzle_id = puzzle.id;
    let start = drafts::initial_language(&languages, preferred_language.as_deref());
    let language = RwSignal::new(start.clone());
    let language_name =
        Signal::derive(move || language.with(|l| l.as_ref().map(|l| l.language.clone()).unwrap_or_default()));
    let draft = drafts::remembered(puzzle_id, language_name);
    let code = draft.code;
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
    let judging_now =
        move || submit.pending().get() || judging.with(|j| matches!(j, Some(Ok(v)) if !v.is_finished()));
    // The chosen language and the code, as both actions take them.
    let input = move || chosen().map(|language| (language, code.get_untracked()));

    view! {
        <div class="play">
            <section class="play__statement" tabindex="0" aria-labelledby="puzzle-title">
                <h1 id="puzzle-title">{puzzle.title.clone()}</h1>
                <p class="puzzle__meta"><DifficultyBadge difficulty=puzzle.difficulty/></p>
                <div class="markdown" inner_html=puzzle.statement_html.clone()></div>
                {puzzle.constraints_html.clone().map(|html| view! {
                    <h2>"Constraints"</h2>
                    <div class="markdown" inner_html=html></div>
                })}
                <h2>"Examples"</h2>
                {puzzle.tests.iter().filter(|v| v.is_public).enumerate().map(|(i, v)| view! {
                    <div class="example">
                        <h3>{format!("Example {}", i + 1)}</h3>
                        <TestData input=v.input.clone() output=v.output.clone()/>
                    </div>
                }).collect_view()}
            </section>
            <section class="play__workbench" aria-label="Your solution">
                <div class="play__toolbar">
                    <LanguagePicker languages chosen=language/>
                    {if signed_in {
                        view! {
                            <RunAndSubmit
                                run=Callback::new(move |()| if let Some(input) = input() { run.dispatch(input); })
                                submit=Callback::new(move |()| if let Some(input) = input() { submit.dispatch(input); })
                                running=run.pending()
                                judging=Signal::derive(judging_now)/>
                        }.into_any()
                    } else {
                        view! {
                            <p class="muted">
                                <a href=format!("/login?next=/puzzles/{puzzle_id}/play")>"Log in"</a>" to run and submit."
                            </p>
                        }.into_any()
                    }}
                </div>
                <CodeEditor draft language=language_name settings label="Your code"/>
                <Verdict judging submit/>
                <RunResults run/>
                {signed_in.then(|| view! { <History puzzle=puzzle_id version=history_version/> })}
            </section>
        </div>
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
