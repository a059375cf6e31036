//! Light/dark theme. The choice lives in a `theme` cookie so the server renders the
//! right colours on the first byte (no flash), and the toggle flips it in place.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const THEME_COOKIE: &str = "theme";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

impl Theme {
    pub const ALL: &'static [Theme] = &[Theme::Light, Theme::Dark];

    pub fn label(self) -> &'static str {
        match self {
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    pub fn toggled(self) -> Self {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }
}

/// The theme this page starts with: from the request cookie on the server, from the
/// server-rendered `<html data-theme>` in the browser, so both render the same.
pub fn initial_theme() -> Theme {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| crate::core::cookies::read(&parts.headers, THEME_COOKIE))
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

#[cfg(any(feature = "ssr", feature = "hydrate"))]
/// The cookie that remembers `theme` for a year.
fn cookie_for(theme: Theme) -> String {
    format!("{THEME_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", theme.as_str())
}

/// Sets the theme cookie on the current server response (after login or saving
/// preferences), so the next page renders in the saved theme.
#[cfg(feature = "ssr")]
pub fn send_theme_cookie(theme: Theme) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(value) = http::HeaderValue::from_str(&cookie_for(theme))
    {
        response.append_header(http::header::SET_COOKIE, value);
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
        let _ = html_document.set_cookie(&cookie_for(theme));
    }
}

#[component]
pub fn ThemeToggle() -> impl IntoView {
    let theme = expect_context::<RwSignal<Theme>>();
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
