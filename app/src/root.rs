//! The HTML document and the router.

use crate::{
    components::session::provide_session,
    components::{
        errors::{ErrorPanel, NotFound},
        islands::page_title,
        layout::{SiteFooter, SiteHeader},
        theme::initial_theme,
    },
    pages::{
        account::{LoginPage, NotificationsPage, RegisterPage, SettingsPage},
        comments::ThreadPage,
        home::HomePage,
        languages::LanguagesPage,
        leaderboards::LeaderboardsPage,
        moderation::{
            audit::AuditPage,
            decisions::{ReportsPage, ReviewPage, UserFilePage},
            desk::DeskPage,
            review::ReviewQueuePage,
            users::UsersPage,
        },
        multiplayer::{GamePage, LobbyPage},
        profile::ProfilePage,
        puzzles::{
            editor::{CreatePuzzlePage, EditPuzzlePage},
            list::PuzzleListPage,
            mine::MyPuzzlesPage,
            play::PlayPage,
            view::PuzzlePage,
        },
        submission::SubmissionPage,
    },
};
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

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
                <HydrationScripts options islands=true/>
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
    view! {
        <Title formatter=page_title/>
        <Router>
            <Frame/>
        </Router>
    }
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
                        <Route path=path!("/settings") view=SettingsPage ssr=SsrMode::Async/>
                        <Route path=path!("/notifications") view=NotificationsPage ssr=SsrMode::Async/>
                        <Route path=path!("/leaderboards") view=LeaderboardsPage ssr=SsrMode::Async/>
                        <Route path=path!("/profile/:username") view=ProfilePage ssr=SsrMode::Async/>
                        <Route path=path!("/puzzles") view=PuzzleListPage ssr=SsrMode::Async/>
                        <Route path=path!("/puzzles/create") view=CreatePuzzlePage ssr=SsrMode::Async/>
                        <Route path=path!("/puzzles/mine") view=MyPuzzlesPage ssr=SsrMode::Async/>
                        <Route path=path!("/puzzles/:id") view=PuzzlePage ssr=SsrMode::Async/>
                        <Route path=path!("/puzzles/:id/edit") view=EditPuzzlePage ssr=SsrMode::Async/>
                        <Route path=path!("/puzzles/:id/play") view=PlayPage ssr=SsrMode::Async/>
                        <Route path=path!("/submissions/:id") view=SubmissionPage ssr=SsrMode::Async/>
                        <Route path=path!("/comments/:id") view=ThreadPage ssr=SsrMode::Async/>
                        <Route path=path!("/multiplayer") view=LobbyPage ssr=SsrMode::Async/>
                        <Route path=path!("/multiplayer/:id") view=GamePage ssr=SsrMode::Async/>
                        <Route path=path!("/moderation") view=DeskPage ssr=SsrMode::Async/>
                        <Route path=path!("/moderation/review") view=ReviewQueuePage ssr=SsrMode::Async/>
                        <Route path=path!("/moderation/review/:id") view=ReviewPage ssr=SsrMode::Async/>
                        <Route path=path!("/moderation/reports") view=ReportsPage ssr=SsrMode::Async/>
                        <Route path=path!("/moderation/users") view=UsersPage ssr=SsrMode::Async/>
                        <Route path=path!("/moderation/users/:username") view=UserFilePage ssr=SsrMode::Async/>
                        <Route path=path!("/moderation/audit") view=AuditPage ssr=SsrMode::Async/>
                    </Routes>
                </ErrorBoundary>
            </main>
            <SiteFooter/>
    }
}
