//! The language select above an editor.

use crate::{core::Id, languages::Language};
use leptos::prelude::*;

#[component]
pub fn LanguagePicker(languages: Vec<Language>, chosen: RwSignal<Option<Language>>) -> impl IntoView {
    let current = move || chosen.with(|l| l.as_ref().map(|l| l.id));
    let options = languages.clone();
    view! {
        <label class="field field--inline">
            <span>"Language"</span>
            <select on:change=move |e| {
                let id = event_target_value(&e).parse::<Id>().ok();
                chosen.set(languages.iter().find(|l| Some(l.id) == id).cloned());
            }>
                {options.into_iter().map(|l| {
                    let id = l.id;
                    view! { <option value=id.to_string() selected=move || current() == Some(id)>{l.display_name()}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}
