//! How errors look on a page.

use leptos::prelude::*;

/// What an error boundary shows instead of the content that failed.
#[component]
pub fn ErrorPanel(errors: ArcRwSignal<Errors>) -> impl IntoView {
    view! {
        <section class="panel panel--error" role="alert">
            <h2>"Something went wrong"</h2>
            <ul>
                {move || {
                    errors
                        .get()
                        .into_iter()
                        .map(|(_, error)| view! { <li>{error.to_string()}</li> })
                        .collect_view()
                }}
            </ul>
            <p><a href="">"Try again"</a></p>
        </section>
    }
}

/// The panel for one failure, e.g. a resource that could not load.
#[component]
pub fn ErrorNotice(error: crate::core::AppError) -> impl IntoView {
    let errors = ArcRwSignal::new(Errors::default());
    errors.update(|e| e.insert_with_default_key(error));
    view! { <ErrorPanel errors/> }
}
