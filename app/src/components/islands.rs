//! Islands: pages render on the server only, and the parts of a page that react
//! to the user are islands, which hydrate in the browser. An island takes what it
//! needs as serializable props; page navigation is a plain page load, so an island
//! reads the URL once, and the browser's redirects are page loads too.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::location::Url;

/// The URL of the page: the request's on the server, the address bar's in the
/// browser (islands have no router there).
pub fn here() -> Url {
    #[cfg(feature = "ssr")]
    {
        leptos_router::hooks::use_url().get_untracked()
    }
    #[cfg(not(feature = "ssr"))]
    {
        use leptos_router::location::{BrowserUrl, LocationProvider};
        BrowserUrl::current().unwrap_or_default()
    }
}

/// Sets the browser up for the islands, once the WASM module has loaded.
#[cfg(feature = "hydrate")]
pub fn start() {
    // A form posted without JavaScript comes back with its error in the URL.
    here().provide_server_action_error();
    // A server function's redirect (after logging in, say) loads the page.
    let _ = server_fn::redirect::set_redirect_hook(|path| {
        let _ = window().location().set_href(path);
    });
    if island_count() == 0 {
        mark_hydrated();
    }
}

/// Called first in every island. Once each island of the document has hydrated,
/// `<html data-hydrated>` is set: styles and the end-to-end tests wait for it.
pub fn hydrating() {
    #[cfg(feature = "hydrate")]
    {
        /// Marks an island's owner, so that an island drawn by another is not counted:
        /// only islands of the server's HTML are hydrated on their own.
        #[derive(Clone)]
        struct Counted;
        if use_context::<Counted>().is_some() {
            return;
        }
        provide_context(Counted);
        // Effects run once the island has hydrated.
        Effect::new(|| {
            let hydrated = HYDRATED.with(|count| {
                count.set(count.get() + 1);
                count.get()
            });
            if hydrated == island_count() {
                mark_hydrated();
            }
        });
    }
}

#[cfg(feature = "hydrate")]
thread_local! {
    static HYDRATED: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

#[cfg(feature = "hydrate")]
fn island_count() -> u32 {
    document().query_selector_all("leptos-island").map(|islands| islands.length()).unwrap_or(0)
}

#[cfg(feature = "hydrate")]
fn mark_hydrated() {
    if let Some(html) = document().document_element() {
        let _ = html.set_attribute("data-hydrated", "true");
    }
}

/// Loads the page again once `action` succeeds, for an island whose change shows
/// in the server-rendered parts of the page.
pub fn reload_after<I, O>(action: ServerAction<I>)
where
    I: server_fn::ServerFn<Output = O, Error = crate::core::AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Effect::new(move || {
        if matches!(action.value().get(), Some(Ok(_))) {
            let _ = window().location().reload();
        }
    });
}

/// The document's title from inside an island. The browser sets the title again as
/// the island hydrates, so it formats it as the whole document's is formatted.
#[component]
pub fn IslandTitle(#[prop(into)] text: String) -> impl IntoView {
    view! { <Title text formatter=page_title/> }
}

/// The document's title. On the server it is written into the HTML as it is, so user
/// text in it (a puzzle's title) is escaped there; the browser sets it as text.
pub fn page_title(page: String) -> String {
    let title = format!("{page} · CodinCod");
    #[cfg(feature = "ssr")]
    let title = html_escape::encode_text(&title).into_owned();
    title
}
