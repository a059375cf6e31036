//! `/puzzles/create` and `/puzzles/:id/edit`: writing a puzzle. The statement has a
//! live preview rendered (and sanitized) by the server; tests can be added, edited,
//! reordered, removed and marked public or hidden. The authoring island is here:
//! the new-puzzle form, the editor and the publishing panel, one lazy island for
//! the three (see `components::community` for why islands are grouped).

use super::workflow::Workflow;
use crate::{
    components::{
        errors::Failure,
        forms::{Checkbox, Field, FormError, TextArea, action_error, field_error},
        islands::hydrating,
        session::SignedIn,
    },
    core::{AppError, Id},
    languages::api::languages,
    puzzles::{
        Difficulty, EditorData, PuzzleDraft, Tag, TestDraft, Visibility,
        api::{CreatePuzzle, preview_markdown, puzzle_editor, save_puzzle},
        rules::{CONSTRAINTS_MAX, STATEMENT_MAX, length},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use std::time::Duration;

#[component]
pub fn CreatePuzzlePage() -> impl IntoView {
    view! {
        <Title text="Write a puzzle"/>
        <SignedIn why="Log in to write a puzzle." signed_in=|_| view! { <Authoring part=AuthoringPart::Create/> }/>
    }
}

/// What the authoring island shows.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub enum AuthoringPart {
    /// The new-puzzle form.
    Create,
    /// The editor of a puzzle.
    Editor(EditorData),
    /// A puzzle's publishing panel.
    Workflow { id: Id, visibility: Visibility, moves: Vec<Visibility>, can_delete: bool },
}

#[island(lazy)]
pub fn Authoring(part: AuthoringPart) -> impl IntoView {
    hydrating();
    match part {
        AuthoringPart::Create => view! { <CreateForm/> }.into_any(),
        AuthoringPart::Editor(data) => view! { <Editor data/> }.into_any(),
        AuthoringPart::Workflow { id, visibility, moves, can_delete } => {
            view! { <Workflow id visibility moves can_delete/> }.into_any()
        }
    }
}

/// The server function sends the author on to the new draft's editor.
#[component]
fn CreateForm() -> impl IntoView {
    let create = ServerAction::<CreatePuzzle>::new();
    let error = action_error(create);
    view! {
        <section class="auth-card">
            <h1>"Write a puzzle"</h1>
            <p class="muted">"Start with a title; you can change everything later."</p>
            <ActionForm action=create attr:class="form" attr:novalidate=true>
                <Field label="Title" name="title" required=true error=field_error(error, "title")/>
                <FormError error fields=&["title"]/>
                <button class="button button--primary" type="submit">"Create draft"</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn EditPuzzlePage() -> impl IntoView {
    let editor =
        OnceResource::new(puzzle_editor(use_params_map().read_untracked().get("id").unwrap_or_default()));
    view! {
        <Title text="Edit puzzle"/>
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading the editor…"</p> }>
            {move || Suspend::new(async move {
                match editor.await {
                    Ok(data) => view! { <Authoring part=AuthoringPart::Editor(data)/> }.into_any(),
                    Err(error) => view! { <Failure error why="Log in to edit puzzles."/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// One test row in the editor; `key` identifies it while rows move.
#[derive(Clone, Copy)]
struct TestRow {
    key: usize,
    id: Option<Id>,
    input: RwSignal<String>,
    output: RwSignal<String>,
    is_public: RwSignal<bool>,
}

impl TestRow {
    fn new(key: usize, draft: TestDraft) -> Self {
        Self {
            key,
            id: draft.id,
            input: RwSignal::new(draft.input),
            output: RwSignal::new(draft.output),
            is_public: RwSignal::new(draft.is_public),
        }
    }

    fn draft(&self) -> TestDraft {
        TestDraft {
            id: self.id,
            input: self.input.get_untracked(),
            output: self.output.get_untracked(),
            is_public: self.is_public.get_untracked(),
        }
    }
}

/// The editor's state, one signal per field.
#[derive(Clone, Copy)]
struct Form {
    title: RwSignal<String>,
    statement: RwSignal<String>,
    constraints: RwSignal<String>,
    difficulty: RwSignal<Difficulty>,
    tags: RwSignal<Vec<Tag>>,
    tests: RwSignal<Vec<TestRow>>,
    next_key: StoredValue<usize>,
    solution_code: RwSignal<String>,
    solution_language: RwSignal<Option<Id>>,
}

impl Form {
    fn new(draft: PuzzleDraft) -> Self {
        let rows: Vec<TestRow> =
            draft.tests.into_iter().enumerate().map(|(k, v)| TestRow::new(k, v)).collect();
        Self {
            next_key: StoredValue::new(rows.len()),
            title: RwSignal::new(draft.title),
            statement: RwSignal::new(draft.statement),
            constraints: RwSignal::new(draft.constraints),
            difficulty: RwSignal::new(draft.difficulty),
            tags: RwSignal::new(draft.tags),
            tests: RwSignal::new(rows),
            solution_code: RwSignal::new(draft.solution_code),
            solution_language: RwSignal::new(draft.solution_language),
        }
    }

    fn draft(&self) -> PuzzleDraft {
        PuzzleDraft {
            title: self.title.get_untracked(),
            statement: self.statement.get_untracked(),
            constraints: self.constraints.get_untracked(),
            difficulty: self.difficulty.get_untracked(),
            tags: self.tags.get_untracked(),
            tests: self.tests.get_untracked().iter().map(TestRow::draft).collect(),
            solution_code: self.solution_code.get_untracked(),
            solution_language: self.solution_language.get_untracked(),
        }
    }

    fn add_test(&self) {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        let public = self.tests.with_untracked(Vec::is_empty);
        let row = TestRow::new(
            key,
            TestDraft { id: None, input: String::new(), output: String::new(), is_public: public },
        );
        self.tests.update(|rows| rows.push(row));
    }

    /// Moves the row with `key` by `offset` places, if it can go there.
    fn move_test(&self, key: usize, offset: isize) {
        self.tests.update(|rows| {
            if let Some(from) = rows.iter().position(|r| r.key == key) {
                let to = from as isize + offset;
                if (0..rows.len() as isize).contains(&to) {
                    rows.swap(from, to as usize);
                }
            }
        });
    }

    fn remove_test(&self, key: usize) {
        self.tests.update(|rows| rows.retain(|r| r.key != key));
    }
}

/// The editor: the statement with its preview, the tests and the solution.
#[component]
fn Editor(data: EditorData) -> impl IntoView {
    let id = data.id;
    if !data.can_edit {
        return view! {
            <h1>"Edit puzzle"</h1>
            <p class="notice">
                {format!("This puzzle is {}: its content cannot change in this state. ", data.visibility.label().to_lowercase())}
                <a href=format!("/puzzles/{id}")>"View the puzzle"</a>
            </p>
            <Workflow id visibility=data.visibility moves=data.moves can_delete=data.can_delete/>
        }
        .into_any();
    }
    let form = Form::new(data.draft);
    let save = Action::new(move |draft: &PuzzleDraft| save_puzzle(id, draft.clone()));
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let saved = move || matches!(save.value().get(), Some(Ok(_)));
    view! {
        <div class="section-head">
            <h1>"Edit puzzle"</h1>
            <a href=format!("/puzzles/{id}")>"View the puzzle page"</a>
        </div>
        {data.moderation_feedback.map(|feedback| view! {
            <div class="notice notice--warning" role="note"><strong>"Moderator feedback: "</strong>{feedback}</div>
        })}
        <form class="form editor" on:submit=move |event| {
            event.prevent_default();
            save.dispatch(form.draft());
        }>
            <Field label="Title" name="title" value=form.title error=field_error(error, "title")
                on_input=Callback::new(move |v| form.title.set(v))/>
            <StatementField form error/>
            <div class="field" class:field--invalid=move || field_error(error, "constraints").get().is_some()>
                <label for="constraints">"Constraints (markdown)"</label>
                <TextArea value=form.constraints attr:id="constraints" attr:rows="2" attr:maxlength=CONSTRAINTS_MAX/>
                <p class="field__error" role="alert">{move || field_error(error, "constraints").get()}</p>
            </div>
            <div class="editor__row">
                <div class="field">
                    <label for="difficulty">"Difficulty"</label>
                    <select id="difficulty" on:change=move |e| {
                        if let Some(d) = Difficulty::parse(&event_target_value(&e)) { form.difficulty.set(d) }
                    }>
                        {Difficulty::ALL.iter().map(|&d| view! {
                            <option value=d.as_str() selected=move || form.difficulty.get() == d>{d.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <fieldset class="filters__tags">
                    <legend>"Topics"</legend>
                    {Tag::TOPICS.iter().map(|&t| view! {
                        <label class="chip">
                            <Checkbox
                                checked=Signal::derive(move || form.tags.with(|tags| tags.contains(&t)))
                                on_change=Callback::new(move |on| {
                                    form.tags.update(|tags| { tags.retain(|x| *x != t); if on { tags.push(t) } });
                                })/>
                            {t.label()}
                        </label>
                    }).collect_view()}
                </fieldset>
            </div>
            <TestsField form error/>
            <SolutionField form/>
            <FormError error fields=&["title", "statement", "constraints"]/>
            <div class="form__actions editor__save">
                <button class="button button--primary" type="submit" disabled=move || save.pending().get()>
                    {move || if save.pending().get() { "Saving…" } else { "Save" }}
                </button>
                {move || saved().then(|| view! { <span class="saved" role="status">"Saved."</span> })}
            </div>
        </form>
        <Workflow id visibility=data.visibility moves=data.moves can_delete=data.can_delete/>
    }
    .into_any()
}

/// The statement with a preview that follows the text a moment after typing stops.
#[component]
fn StatementField(form: Form, error: Signal<Option<AppError>>) -> impl IntoView {
    let settled = RwSignal::new(form.statement.get_untracked());
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let on_input = move |_| {
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || settled.set(form.statement.get_untracked()),
            Duration::from_millis(300),
        );
        pending.set_value(handle.ok());
    };
    let preview = Resource::new(move || settled.get(), preview_markdown);
    view! {
        <div class="editor__statement">
            <div class="field" class:field--invalid=move || field_error(error, "statement").get().is_some()>
                <label for="statement">"Statement (markdown)"</label>
                <TextArea value=form.statement on_input=Callback::new(on_input)
                    attr:id="statement" attr:rows="14" attr:maxlength=STATEMENT_MAX/>
                <p class="field__hint">{move || format!("{} / {STATEMENT_MAX} characters", form.statement.with(|s| length(s)))}</p>
                <p class="field__error" role="alert">{move || field_error(error, "statement").get()}</p>
            </div>
            <section class="editor__preview" tabindex="0" aria-label="Preview" aria-live="polite">
                <h2 class="editor__preview-title">"Preview"</h2>
                <Transition fallback=|| view! { <p class="muted">"Rendering…"</p> }>
                    {move || Suspend::new(async move {
                        let html = preview.await.unwrap_or_default();
                        view! { <div class="markdown" data-testid="statement-preview" inner_html=html></div> }
                    })}
                </Transition>
            </section>
        </div>
    }
}

#[component]
fn TestsField(form: Form, error: Signal<Option<AppError>>) -> impl IntoView {
    view! {
        <fieldset class="tests">
            <legend>"Tests"</legend>
            <p class="field__hint">
                "Public tests are shown as examples; hidden tests judge submissions and are never shown to players."
            </p>
            <ol class="tests__list">
                <For each=move || form.tests.get() key=|row| row.key let(row)>
                    <li class="test-row" data-testid="test-row">
                        <div class="test-row__io">
                            <label class="field">
                                <span>"Input"</span>
                                <TextArea value=row.input attr:rows="3" attr:class="mono"/>
                            </label>
                            <label class="field">
                                <span>"Expected output"</span>
                                <TextArea value=row.output attr:rows="3" attr:class="mono"/>
                            </label>
                        </div>
                        <div class="test-row__actions">
                            <label class="checkbox">
                                <Checkbox checked=row.is_public on_change=Callback::new(move |on| row.is_public.set(on))/>
                                "Public example"
                            </label>
                            <button type="button" class="icon-button" aria-label="Move up" on:click=move |_| form.move_test(row.key, -1)>"↑"</button>
                            <button type="button" class="icon-button" aria-label="Move down" on:click=move |_| form.move_test(row.key, 1)>"↓"</button>
                            <button type="button" class="button button--ghost" on:click=move |_| form.remove_test(row.key)>"Remove"</button>
                        </div>
                    </li>
                </For>
            </ol>
            <button type="button" class="button button--ghost" on:click=move |_| form.add_test()>"Add a test"</button>
            <p class="field__error" role="alert">{move || field_error(error, "validators").get()}</p>
        </fieldset>
    }
}

#[component]
fn SolutionField(form: Form) -> impl IntoView {
    let languages = Resource::new(|| (), |_| languages());
    view! {
        <fieldset class="solution">
            <legend>"Your solution"</legend>
            <p class="field__hint">"It must pass every test before the puzzle can be submitted for review."</p>
            <div class="field">
                <label for="solution-language">"Language"</label>
                <Transition fallback=|| view! { <select id="solution-language" disabled=true></select> }>
                    {move || Suspend::new(async move {
                        let options = languages.await.unwrap_or_default();
                        view! {
                            <select id="solution-language" on:change=move |e| {
                                form.solution_language.set(event_target_value(&e).parse().ok());
                            }>
                                <option value="" selected=move || form.solution_language.get().is_none()>"Choose…"</option>
                                {options.into_iter().map(|l| {
                                    let id = l.id;
                                    view! {
                                        <option value=id.to_string() selected=move || form.solution_language.get() == Some(id)>
                                            {l.display_name()}
                                        </option>
                                    }
                                }).collect_view()}
                            </select>
                        }
                    })}
                </Transition>
            </div>
            <div class="field">
                <label for="solution-code">"Code"</label>
                <TextArea value=form.solution_code
                    attr:id="solution-code" attr:class="mono" attr:rows="12" attr:spellcheck="false"/>
            </div>
        </fieldset>
    }
}
