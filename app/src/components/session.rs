//! Who is signed in, shared by every page, refreshed after login, signup and logout.

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
    let user = Resource::new(
        move || (login.version().get(), register.version().get(), logout.version().get()),
        |_| current_user(),
    );
    provide_context(Session { user, login, register, logout });
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
