//! The frame around every page: skip link, header with navigation, footer.

use super::{
    islands::hydrating, notification_bell::NotificationBell, session::use_session, theme::ThemeToggle,
};
use crate::{accounts::api::Logout, notifications::api::unread_notifications};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn SiteHeader() -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <div class="site-header__inner">
                <A href="/" attr:class="brand" attr:aria-label="CodinCod home">
                    <span class="brand__mark" aria-hidden="true">"</>"</span>
                    <span class="brand__name">"CodinCod"</span>
                </A>
                <MainNav>
                    <A href="/" exact=true>"Home"</A>
                    <A href="/puzzles">"Puzzles"</A>
                    <A href="/multiplayer">"Multiplayer"</A>
                    <A href="/leaderboards">"Leaderboards"</A>
                </MainNav>
                <div class="account-nav">
                    <ThemeToggle/>
                    <AccountArea/>
                </div>
            </div>
        </header>
    }
}

/// The main navigation, its links rendered by the server. On a phone it folds
/// behind a menu button once the page is hydrated; without JavaScript it simply
/// wraps under the header.
#[island]
fn MainNav(children: Children) -> impl IntoView {
    hydrating();
    let menu_open = RwSignal::new(false);
    view! {
        <button
            type="button"
            class="icon-button menu-button"
            aria-controls="main-nav"
            aria-expanded=move || if menu_open.get() { "true" } else { "false" }
            on:click=move |_| menu_open.update(|open| *open = !*open)
        >
            <span aria-hidden="true">"☰"</span>
            <span class="visually-hidden">"Menu"</span>
        </button>
        <nav id="main-nav" class="main-nav" class:main-nav--open=move || menu_open.get() aria-label="Main">
            {children()}
        </nav>
    }
}

/// Log in and sign up links, or the signed-in user's menu.
#[component]
fn AccountArea() -> impl IntoView {
    let session = use_session();
    // Beside the session, not inside its Suspend: one boundary awaits both.
    let unread = OnceResource::new(unread_notifications());
    let logout = ServerAction::<Logout>::new();
    let signed_out = || {
        view! {
            <a href="/login" class="button button--ghost">"Log in"</a>
            <a href="/register" class="button button--primary">"Sign up"</a>
        }
    };
    view! {
        <Transition fallback=signed_out>
            {move || Suspend::new(async move {
                match session.user.await {
                    Ok(Some(user)) => {
                        let moderator = user.is_moderator();
                        let initial = unread.await.ok().flatten().unwrap_or_default();
                        view! {
                            <NotificationBell initial/>
                            <a href=format!("/profile/{}", user.username) class="account-name" data-testid="account-name">
                                {user.username.clone()}
                            </a>
                            <a href="/puzzles/mine" class="button button--ghost hide-narrow">"My puzzles"</a>
                            {moderator.then(|| view! {
                                <a href="/moderation" class="button button--ghost">"Moderation"</a>
                            })}
                            <a href="/settings" class="button button--ghost">"Settings"</a>
                            <ActionForm action=logout attr:class="inline-form">
                                <button type="submit" class="button button--ghost">"Log out"</button>
                            </ActionForm>
                        }
                            .into_any()
                    }
                    _ => signed_out().into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>"CodinCod — community-made puzzles, judged in a sandbox, played live."</p>
            <p><a href="/languages">"Languages and versions"</a></p>
        </footer>
    }
}
