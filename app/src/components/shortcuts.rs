//! The keyboard shortcuts of the pages with an editor: Ctrl+Enter runs the examples,
//! Ctrl+Shift+Enter submits (⌘ instead of Ctrl on a Mac), wherever the focus is, the
//! editor included.

use leptos::prelude::*;

/// Listens for the shortcuts while the calling component lives.
pub fn run_and_submit(run: Callback<()>, submit: Callback<()>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::{JsCast, closure::Closure};
        let on_key = Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |event: web_sys::KeyboardEvent| {
            if event.key() != "Enter" || !(event.ctrl_key() || event.meta_key()) {
                return;
            }
            // Before the editor sees it: its own Ctrl+Enter would insert a line.
            event.prevent_default();
            event.stop_propagation();
            if event.shift_key() { submit.run(()) } else { run.run(()) }
        });
        let listener: js_sys::Function = on_key.as_ref().unchecked_ref::<js_sys::Function>().clone();
        let _ = window().add_event_listener_with_callback_and_bool("keydown", &listener, true);
        // The closure lives as long as the listener, and both go with the page.
        let on_key = StoredValue::new_local(Some(on_key));
        on_cleanup(move || {
            let _ = window().remove_event_listener_with_callback_and_bool("keydown", &listener, true);
            on_key.set_value(None);
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (run, submit);
}

/// The shortcut shown next to a button.
#[component]
pub fn Keys(keys: &'static str) -> impl IntoView {
    view! { <kbd class="shortcut" aria-hidden="true">{keys}</kbd> }
}

/// "Run examples" and "Submit", with their shortcuts, listened for while shown.
#[component]
pub fn RunAndSubmit(
    run: Callback<()>,
    submit: Callback<()>,
    #[prop(into)] running: Signal<bool>,
    #[prop(into)] judging: Signal<bool>,
) -> impl IntoView {
    let busy = move || running.get() || judging.get();
    let guarded = |action: Callback<()>| {
        Callback::new(move |()| {
            if !busy() {
                action.run(())
            }
        })
    };
    run_and_submit(guarded(run), guarded(submit));
    view! {
        <div class="play__actions">
            <button type="button" class="button button--ghost" disabled=busy on:click=move |_| run.run(())
                aria-keyshortcuts="Control+Enter">
                {move || if running.get() { "Running…" } else { "Run examples" }} " " <Keys keys="Ctrl+Enter"/>
            </button>
            <button type="button" class="button button--primary" disabled=busy on:click=move |_| submit.run(())
                aria-keyshortcuts="Control+Shift+Enter">
                {move || if judging.get() { "Judging…" } else { "Submit" }} " " <Keys keys="Ctrl+Shift+Enter"/>
            </button>
        </div>
    }
}
