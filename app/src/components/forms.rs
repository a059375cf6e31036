//! Form building blocks: labelled fields with accessible error messages.

use crate::core::AppError;
use leptos::{
    html::{ElementType, Input},
    prelude::*,
    wasm_bindgen::JsCast,
    web_sys::{HtmlInputElement, HtmlTextAreaElement},
};

/// An `id` for a form control named `name` (e.g. `form[theme]` → `form-theme`).
fn control_id(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .trim_matches('-')
        .to_owned()
}

/// Keeps a form control showing `state` as it changes, through `apply`. Not
/// `prop:value` or `prop:checked`: those also write on hydration and undo what the
/// user typed or ticked before the WASM arrived. The server renders the first state
/// as the `value` or `checked` attribute (or a textarea's text), which also serves
/// pages without JavaScript.
fn follow<E, T>(control: NodeRef<E>, state: Signal<T>, apply: fn(&E::Output, &T))
where
    E: ElementType + 'static,
    E::Output: JsCast + Clone + 'static,
    T: Clone + Send + Sync + 'static,
{
    Effect::watch(
        move || state.get(),
        move |current, _, _| {
            if let Some(control) = control.get_untracked() {
                apply(&control, current);
            }
        },
        false,
    );
}

/// A control with a text value: an input or a textarea.
pub trait TextControl {
    fn show(&self, text: &str);
}

impl TextControl for HtmlInputElement {
    fn show(&self, text: &str) {
        self.set_value(text);
    }
}

impl TextControl for HtmlTextAreaElement {
    fn show(&self, text: &str) {
        self.set_value(text);
    }
}

/// [`follow`] for the value of an input or a textarea.
pub fn follow_value<E>(control: NodeRef<E>, value: Signal<String>)
where
    E: ElementType + 'static,
    E::Output: TextControl + JsCast + Clone + 'static,
{
    follow(control, value, |control, text| control.show(text));
}

/// [`follow`] for a checkbox.
pub fn follow_checked(input: NodeRef<Input>, checked: Signal<bool>) {
    follow(input, checked, |input, checked| input.set_checked(*checked));
}

/// A labelled input. The error, when present, is announced and linked to the input.
#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] value: Signal<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional, into)] on_input: Option<Callback<String>>,
    #[prop(optional, into)] on_blur: Option<Callback<String>>,
) -> impl IntoView {
    let id = control_id(name);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let input = NodeRef::new();
    follow_value(input, value);
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            <input
                node_ref=input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                required=required
                value=value.get_untracked()
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described_by
                on:input=move |event| {
                    if let Some(callback) = on_input {
                        callback.run(event_target_value(&event));
                    }
                }
                on:blur=move |event| {
                    if let Some(callback) = on_blur {
                        callback.run(event_target_value(&event));
                    }
                }
            />
            {hint.map(|text| view! { <p class="field__hint" id=hint_id>{text}</p> })}
            <p class="field__error" id=error_id role="alert">
                {move || error.get()}
            </p>
        </div>
    }
}

/// The message of an action's failure that no field shows.
#[component]
pub fn FormError(
    #[prop(into)] error: Signal<Option<AppError>>,
    fields: &'static [&'static str],
) -> impl IntoView {
    let message = move || {
        error
            .get()
            .filter(|e| fields.iter().all(|field| e.field_message(field).is_none()))
            .map(|e| e.to_string())
    };
    view! {
        <Show when=move || message().is_some()>
            <p class="form-error" role="alert">{message}</p>
        </Show>
    }
}

/// The latest result of a server action as an error, if it failed.
pub fn action_error<I, O>(action: ServerAction<I>) -> Signal<Option<AppError>>
where
    I: server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
}

/// A field's message in the latest failure of an action.
pub fn field_error(error: Signal<Option<AppError>>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || error.get().and_then(|e| e.field_message(field).map(str::to_owned)))
}

/// A textarea that shows `value` (its text in the server HTML, kept across
/// hydration) and writes what is typed back into it. Other attributes pass through
/// with `attr:`.
#[component]
pub fn TextArea(
    value: RwSignal<String>,
    #[prop(optional, into)] on_input: Option<Callback<String>>,
) -> impl IntoView {
    let control = NodeRef::<leptos::html::Textarea>::new();
    follow_value(control, value.into());
    view! {
        <textarea node_ref=control on:input=move |event| {
            let text = event_target_value(&event);
            value.set(text.clone());
            if let Some(callback) = on_input {
                callback.run(text);
            }
        }>{value.get_untracked()}</textarea>
    }
}

/// A checkbox that shows `checked` (in the server HTML too) and reports clicks
/// through `on_change`.
#[component]
pub fn Checkbox(#[prop(into)] checked: Signal<bool>, on_change: Callback<bool>) -> impl IntoView {
    let control = NodeRef::<Input>::new();
    follow_checked(control, checked);
    view! {
        <input
            type="checkbox"
            node_ref=control
            checked=checked.get_untracked()
            on:change=move |event| on_change.run(event_target_checked(&event))
        />
    }
}
