//! The multiplayer pages, live over the same websockets as the legacy frontend.

pub mod game;
pub mod lobby;

use crate::{accounts::User, components::session::use_session};
use leptos::prelude::*;

/// Renders `signed_in` for a signed-in user, a log-in prompt otherwise.
#[component]
pub fn SignedIn<F, V>(next: &'static str, signed_in: F) -> impl IntoView
where
    F: Fn(User) -> V + Send + Sync + Clone + 'static,
    V: IntoView + 'static,
{
    let session = use_session();
    view! {
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading…"</p> }>
            {
                let signed_in = signed_in.clone();
                move || {
                    let signed_in = signed_in.clone();
                    Suspend::new(async move {
                        match session.user.await {
                            Ok(Some(user)) => signed_in(user).into_any(),
                            _ => view! {
                                <section class="panel">
                                    <p>"Log in to play against others."</p>
                                    <a class="button button--primary" href=format!("/login?next={next}")>"Log in"</a>
                                </section>
                            }
                            .into_any(),
                        }
                    })
                }
            }
        </Transition>
    }
}
