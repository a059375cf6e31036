//! The HTML document and the router.

use crate::{
    accounts::Theme,
    components::session::provide_session,
    components::{
        errors::{ErrorPanel, NotFound},
        layout::{SiteFooter, SiteHeader},
        theme::initial_theme,
    },
    pages::{
        auth::{LoginPage, RegisterPage},
        comments::ThreadPage,
        home::HomePage,
        languages::LanguagesPage,
        leaderboards::LeaderboardsPage,
        moderation::{
            audit::AuditPage,
            desk::DeskPage,
            reports::ReportsPage,
            review::{ReviewPage, ReviewQueuePage},
            users::{UserFilePage, UsersPage},
        },
        multiplayer::{game::GamePage, lobby::LobbyPage},
        notifications::NotificationsPage,
        profile::ProfilePage,
        puzzles::{
            editor::{CreatePuzzlePage, EditPuzzlePage},
            list::PuzzleListPage,
            mine::MyPuzzlesPage,
            play::PlayPage,
            view::PuzzlePage,
        },
        settings::SettingsPage,
        submission::SubmissionPage,
    },
};
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::{
    Lazy, LazyRoute, SsrMode,
    components::{Route, Router, Routes},
    lazy_route, path,
};

/// The document's title. On the server it is written into the HTML as it is, so user
/// text in it (a puzzle's title) is escaped there; the browser sets it as text.
fn page_title(page: String) -> String {
    let title = format!("{page} · CodinCod");
    #[cfg(feature = "ssr")]
    let title = html_escape::encode_text(&title).into_owned();
    title
}

/// The document every page is rendered into (server only).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::core::security::send_content_security_policy();
    let theme = initial_theme();
    view! {
        <!DOCTYPE html>
        <html lang="en" data-theme=theme.as_str()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <link rel="icon" type="image/svg+xml" href="/favicon.svg"/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(RwSignal::<Theme>::new(initial_theme()));
    // Marks the document once the WASM has taken over (styles and tests rely on it).
    #[cfg(feature = "hydrate")]
    Effect::new(|| {
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Title formatter=page_title/>
        <Router>
            <Frame/>
        </Router>
    }
}

/// Each page is a chunk of WebAssembly of its own, which the browser loads when the
/// route is first visited; the shell, what every page shares and the two pages most
/// visits start on (home and the catalogue) stay in the main module, so a first visit
/// there needs no chunk at all.
macro_rules! lazy_pages {
    ($($route:ident => $page:path),+ $(,)?) => {$(
        struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(this: Self) -> AnyView {
                let _ = this;
                $page().into_any()
            }
        }
    )+};
}

lazy_pages! {
    Settings => SettingsPage,
    CreatePuzzle => CreatePuzzlePage,
    EditPuzzle => EditPuzzlePage,
    Play => PlayPage,
    Lobby => LobbyPage,
    GameRoute => GamePage,
    Desk => DeskPage,
    ReviewQueue => ReviewQueuePage,
    Review => ReviewPage,
    Reports => ReportsPage,
    Users => UsersPage,
    UserFile => UserFilePage,
    Audit => AuditPage,
}

/// Everything inside the router: actions created here can read form errors that a
/// JavaScript-less form post left in the URL. Routes render with `SsrMode::Async`:
/// the whole page, data included, is in the HTML (pages work without JavaScript,
/// and a page can still set its status code, such as 404, from its data).
#[component]
fn Frame() -> impl IntoView {
    provide_session();
    view! {
            <SiteHeader/>
            <main id="main" class="page" tabindex="-1">
                <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors/> }>
                    <Routes fallback=NotFound>
                        <Route path=path!("") view=HomePage ssr=SsrMode::Async/>
                        <Route path=path!("/languages") view=LanguagesPage ssr=SsrMode::Async/>
                        <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                        <Route path=path!("/register") view=RegisterPage ssr=SsrMode::Async/>
                        <Route path=path!("/settings") view={Lazy::<Settings>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/notifications") view=NotificationsPage ssr=SsrMode::Async/>
                        <Route path=path!("/leaderboards") view=LeaderboardsPage ssr=SsrMode::Async/>
                        <Route path=path!("/profile/:username") view=ProfilePage ssr=SsrMode::Async/>
                        <Route path=path!("/puzzles") view=PuzzleListPage ssr=SsrMode::Async/>
                        <Route path=path!("/puzzles/create") view={Lazy::<CreatePuzzle>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/puzzles/mine") view=MyPuzzlesPage ssr=SsrMode::Async/>
                        <Route path=path!("/puzzles/:id") view=PuzzlePage ssr=SsrMode::Async/>
                        <Route path=path!("/puzzles/:id/edit") view={Lazy::<EditPuzzle>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/puzzles/:id/play") view={Lazy::<Play>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/submissions/:id") view=SubmissionPage ssr=SsrMode::Async/>
                        <Route path=path!("/comments/:id") view=ThreadPage ssr=SsrMode::Async/>
                        <Route path=path!("/multiplayer") view={Lazy::<Lobby>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/multiplayer/:id") view={Lazy::<GameRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/moderation") view={Lazy::<Desk>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/moderation/review") view={Lazy::<ReviewQueue>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/moderation/review/:id") view={Lazy::<Review>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/moderation/reports") view={Lazy::<Reports>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/moderation/users") view={Lazy::<Users>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/moderation/users/:username") view={Lazy::<UserFile>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/moderation/audit") view={Lazy::<Audit>::new()} ssr=SsrMode::Async/>
                    </Routes>
                </ErrorBoundary>
            </main>
            <SiteFooter/>
    }
}
