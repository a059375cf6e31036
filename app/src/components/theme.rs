//! The light/dark toggle. The choice lives in a cookie so the server renders the
//! right colours on the first byte (no flash), and the toggle flips it in place.

use super::islands::hydrating;
use crate::{accounts::Theme, core::cookies};
use leptos::prelude::*;

/// The theme this page starts with: from the request cookie on the server, from the
/// server-rendered `<html data-theme>` in the browser, so both render the same.
pub fn initial_theme() -> Theme {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| cookies::read(&parts.headers, cookies::THEME))
            .and_then(|value| Theme::parse(&value))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|html| html.get_attribute("data-theme"))
            .and_then(|value| Theme::parse(&value))
            .unwrap_or_default()
    }
}

/// Applies a theme to the open page and remembers it for a year.
#[cfg(feature = "hydrate")]
fn apply_in_browser(theme: Theme) {
    use wasm_bindgen::JsCast;
    let document = document();
    if let Some(html) = document.document_element() {
        let _ = html.set_attribute("data-theme", theme.as_str());
    }
    if let Ok(html_document) = document.dyn_into::<web_sys::HtmlDocument>() {
        let _ = html_document.set_cookie(&cookies::persistent(cookies::THEME, theme.as_str()));
    }
}

#[island]
pub fn ThemeToggle() -> impl IntoView {
    hydrating();
    let theme = RwSignal::new(initial_theme());
    let toggle = move |_| {
        let next = theme.get_untracked().toggled();
        theme.set(next);
        #[cfg(feature = "hydrate")]
        {
            apply_in_browser(next);
            // Signed-in users keep their choice across browsers.
            leptos::task::spawn_local(async move {
                let _ = crate::accounts::api::save_theme(next).await;
            });
        }
    };
    let label = move || format!("Switch to {} theme", theme.get().toggled().as_str());
    view! {
        <button
            type="button"
            class="icon-button theme-toggle"
            data-testid="theme-toggle"
            on:click=toggle
            aria-label=label
            title=label
        >
            <span aria-hidden="true">{move || if theme.get() == Theme::Dark { "☀" } else { "☾" }}</span>
        </button>
    }
}
