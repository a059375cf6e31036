use leptos::prelude::*;
use leptos_meta::Title;

/// Shown for every URL no route claims, with status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found"/>
        <section class="not-found">
            <p class="not-found__code" aria-hidden="true">"404"</p>
            <h1>"This page does not exist"</h1>
            <p>"The link may be broken, or the page may have moved."</p>
            <a class="button button--primary" href="/">"Back to the home page"</a>
        </section>
    }
}
