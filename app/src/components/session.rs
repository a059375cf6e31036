//! Who is signed in, for the server-rendered parts of every page.

use super::{errors::SignInPrompt, islands::here};
use crate::{
    accounts::{User, api::current_user},
    core::AppError,
};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Session {
    pub user: Resource<Result<Option<User>, AppError>>,
}

/// Must run inside the `<Router>` (server only: a page is rendered there, and signing
/// in or out loads the next page).
pub fn provide_session() {
    // A form posted without JavaScript comes back with its error in the URL; the
    // actions created later read it from context (`<Routes>` provides it only later).
    here().provide_server_action_error();
    provide_context(Session { user: Resource::new(|| (), |_| current_user()) });
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// Renders `signed_in` for a signed-in user; others get the sign-in prompt (401),
/// saying `why`, which brings them back here afterwards.
#[component]
pub fn SignedIn<F, V>(why: &'static str, signed_in: F) -> impl IntoView
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
                            _ => view! { <SignInPrompt why/> }.into_any(),
                        }
                    })
                }
            }
        </Transition>
    }
}
