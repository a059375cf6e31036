//! How failures look on a page: a missing page, a page that needs signing in, or
//! an error, each with its HTTP status when rendered on the server.

use super::islands::{IslandTitle, here};
use crate::core::AppError;
use leptos::prelude::*;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

/// Sets the status of the response being rendered (server only).
fn respond_with(status: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) =
        (use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(status))
    {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// What a page shows when its data failed: the 404 page, a sign-in prompt (401)
/// that comes back here afterwards, saying `why` when given, or the error.
#[component]
pub fn Failure(error: AppError, #[prop(optional)] why: Option<&'static str>) -> impl IntoView {
    match error {
        AppError::NotFound(_) => view! { <NotFound/> }.into_any(),
        AppError::Unauthorized(_) => view! { <SignInPrompt why=why.unwrap_or(SIGN_IN_WHY)/> }.into_any(),
        error => view! { <ErrorNotice error/> }.into_any(),
    }
}

/// Shown for every URL no route claims, and for things the caller may not see.
#[component]
pub fn NotFound() -> impl IntoView {
    respond_with(404);
    view! {
        <IslandTitle text="Page not found"/>
        <section class="not-found">
            <p class="not-found__code" aria-hidden="true">"404"</p>
            <h1>"This page does not exist"</h1>
            <p>"The link may be broken, or the page may have moved."</p>
            <a class="button button--primary" href="/">"Back to the home page"</a>
        </section>
    }
}

const SIGN_IN_WHY: &str = "This page is for signed-in players.";

/// For pages that need a signed-in user: a link to sign in and come back.
#[component]
pub fn SignInPrompt(#[prop(default = SIGN_IN_WHY)] why: &'static str) -> impl IntoView {
    respond_with(401);
    let url = here();
    let back = match url.search() {
        "" => url.path().to_owned(),
        search => format!("{}?{search}", url.path()),
    };
    let href = format!("/login?next={}", utf8_percent_encode(&back, NON_ALPHANUMERIC));
    view! {
        <IslandTitle text="Sign in"/>
        <section class="panel" data-testid="sign-in-prompt">
            <h1>"Sign in to continue"</h1>
            <p>{why}</p>
            <p class="form__actions">
                <a class="button button--primary" href=href>"Log in"</a>
                <a class="button button--ghost" href="/register">"Create an account"</a>
            </p>
        </section>
    }
}

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

/// The panel for one failure, e.g. a resource that could not load, with its status.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    respond_with(error.status());
    let errors = ArcRwSignal::new(Errors::default());
    errors.update(|e| e.insert_with_default_key(error));
    view! { <ErrorPanel errors/> }
}
