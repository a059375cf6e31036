//! A test's input beside its expected output.

use leptos::prelude::*;

/// Long test data scrolls inside its box (reachable by keyboard) instead of widening
/// the page.
#[component]
pub fn TestData(input: String, output: String) -> impl IntoView {
    view! {
        <div class="example__io">
            <div><h4>"Input"</h4><pre tabindex="0">{input}</pre></div>
            <div><h4>"Expected output"</h4><pre tabindex="0">{output}</pre></div>
        </div>
    }
}
