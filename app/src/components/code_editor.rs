//! The code editor. The server renders a plain textarea (usable as it is); in the
//! browser it becomes CodeMirror 6, loaded from `/editor/index.js` and driven through
//! `window.CodincodEditor`. The script starts the editor as soon as it loads, from the
//! settings and draft key the server writes on the element, so typing need not wait
//! for the WASM, which then takes the editor over with what was typed.

use super::{drafts::Draft, forms::TextArea};
use crate::accounts::EditorSettings;
use leptos::prelude::*;
use leptos_meta::Script;

/// The editor's script, which a page with an editor renders outside its islands (the
/// browser keeps the `<head>` the server wrote).
#[component]
pub fn EditorScript() -> impl IntoView {
    view! { <Script type_="module" src="/editor/index.js"/> }
}

#[component]
pub fn CodeEditor(
    /// The code (edits in the editor write it, and setting it replaces the text) and
    /// where the browser keeps it.
    draft: Draft,
    /// The runner's language name, for syntax highlighting.
    #[prop(into)]
    language: Signal<String>,
    #[prop(into)] settings: Signal<EditorSettings>,
    label: &'static str,
) -> impl IntoView {
    let Draft { code, key } = draft;
    let host = NodeRef::<leptos::html::Div>::new();
    let enhanced = RwSignal::new(false);
    let (keymap, settings_json) = settings.with_untracked(|current| {
        (current.keymap.as_str(), serde_json::to_string(current).unwrap_or_default())
    });
    #[cfg(feature = "hydrate")]
    browser::mount(host, code, language, settings, &settings_json, label, enhanced);
    view! {
        <div
            class="code-editor"
            data-testid="code-editor"
            data-editor-language=move || language.get()
            data-editor-keymap=keymap
            data-editor-settings=settings_json
            data-editor-draft=move || key.get()
        >
            <TextArea
                value=code
                attr:class="code-editor__fallback mono"
                attr:aria-label=label
                attr:spellcheck="false"
                attr:rows="18"
                attr:hidden=move || enhanced.get()
            />
            <div class="code-editor__host" node_ref=host></div>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::*;
    use wasm_bindgen::{JsCast, JsValue, prelude::*};

    #[wasm_bindgen]
    extern "C" {
        pub type EditorHandle;

        #[wasm_bindgen(js_namespace = CodincodEditor, js_name = create)]
        fn create(
            parent: &web_sys::Element,
            text: &str,
            language: &str,
            keymap: &str,
            settings: &JsValue,
            label: &str,
            on_change: &Closure<dyn FnMut(String)>,
        ) -> EditorHandle;

        #[wasm_bindgen(method, js_name = getValue)]
        fn get_value(this: &EditorHandle) -> String;
        #[wasm_bindgen(method, js_name = setValue)]
        fn set_value(this: &EditorHandle, text: &str);
        #[wasm_bindgen(method, js_name = setLanguage)]
        fn set_language(this: &EditorHandle, language: &str);
        #[wasm_bindgen(method, js_name = setKeymap)]
        fn set_keymap(this: &EditorHandle, keymap: &str);
        #[wasm_bindgen(method)]
        fn destroy(this: &EditorHandle);
    }

    /// Creates the editor once both the element and the CodeMirror bundle exist,
    /// then keeps it and the signals in step.
    pub fn mount(
        host: NodeRef<leptos::html::Div>,
        code: RwSignal<String>,
        language: Signal<String>,
        settings: Signal<EditorSettings>,
        settings_json: &str,
        label: &'static str,
        enhanced: RwSignal<bool>,
    ) {
        // The editor starts with the settings it was rendered with; later changes of
        // keymap reach it through `set_keymap`.
        let settings_js = js_sys::JSON::parse(settings_json).unwrap_or(JsValue::NULL);
        let editor = StoredValue::new_local(None::<EditorHandle>);
        let bundle_ready = RwSignal::new(bundle_loaded());
        if !bundle_ready.get_untracked() {
            let on_ready = Closure::<dyn FnMut()>::new(move || bundle_ready.set(true));
            let _ = window()
                .add_event_listener_with_callback("codincod-editor-ready", on_ready.as_ref().unchecked_ref());
            on_ready.forget();
        }

        Effect::new(move || {
            let (Some(parent), true) = (host.get(), bundle_ready.get()) else {
                return;
            };
            if editor.with_value(Option::is_some) {
                return;
            }
            let on_change = Closure::<dyn FnMut(String)>::new(move |text: String| code.set(text));
            let handle = create(
                &parent,
                &code.get_untracked(),
                &language.get_untracked(),
                settings.with_untracked(|current| current.keymap.as_str()),
                &settings_js,
                label,
                &on_change,
            );
            on_change.forget();
            editor.set_value(Some(handle));
            enhanced.set(true);
        });

        // Text set from outside (another language's saved code) goes into the editor.
        Effect::new(move || {
            let text = code.get();
            editor.with_value(|e| {
                if let Some(e) = e {
                    e.set_value(&text);
                }
            });
        });
        Effect::new(move || {
            let name = language.get();
            editor.with_value(|e| {
                if let Some(e) = e {
                    e.set_language(&name);
                }
            });
        });
        Effect::new(move || {
            let keymap = settings.get().keymap;
            editor.with_value(|e| {
                if let Some(e) = e {
                    e.set_keymap(keymap.as_str());
                }
            });
        });
        on_cleanup(move || {
            editor.with_value(|e| {
                if let Some(e) = e {
                    e.destroy();
                }
            });
        });
    }

    fn bundle_loaded() -> bool {
        js_sys::Reflect::has(&window(), &JsValue::from_str("CodincodEditor")).unwrap_or(false)
    }
}
