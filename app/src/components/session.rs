//! Who is signed in, shared by every page, refreshed after login, signup and logout.

use super::errors::SignInPrompt;
use crate::{
    accounts::{
        User,
        api::{Login, Logout, Register, current_user},
    },
    core::AppError,
};
use leptos::prelude::*;
use leptos_router::hooks::use_url;

#[derive(Clone, Copy)]
pub struct Session {
    pub user: Resource<Result<Option<User>, AppError>>,
    pub login: ServerAction<Login>,
    pub register: ServerAction<Register>,
    pub logout: ServerAction<Logout>,
}

/// Must run inside the `<Router>`.
pub fn provide_session() {
    // A form posted without JavaScript comes back with its error in the URL; the
    // actions below read it from context (`<Routes>` provides it only later).
    use_url().read_untracked().provide_server_action_error();
    let login = ServerAction::<Login>::new();
    let register = ServerAction::<Register>::new();
    let logout = ServerAction::<Logout>::new();
    let user = Resource::new(move || changes(login, register, logout), |_| current_user());
    provide_context(Session { user, login, register, logout });
}

/// Changes whenever someone signs in or out, for resources that depend on who it is.
fn changes(
    login: ServerAction<Login>,
    register: ServerAction<Register>,
    logout: ServerAction<Logout>,
) -> usize {
    login.version().get() + register.version().get() + logout.version().get()
}

impl Session {
    /// See [`changes`]: tracked, for a resource's source.
    pub fn changes(self) -> usize {
        changes(self.login, self.register, self.logout)
    }
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
