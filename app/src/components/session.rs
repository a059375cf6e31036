//! Who is signed in, shared by every page, refreshed after login, signup and logout.

use crate::{
    accounts::{
        Viewer,
        api::{Login, Logout, Register, current_viewer},
    },
    core::AppError,
};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Session {
    pub viewer: Resource<Result<Option<Viewer>, AppError>>,
    pub login: ServerAction<Login>,
    pub register: ServerAction<Register>,
    pub logout: ServerAction<Logout>,
}

pub fn provide_session() {
    let login = ServerAction::<Login>::new();
    let register = ServerAction::<Register>::new();
    let logout = ServerAction::<Logout>::new();
    let viewer = Resource::new(
        move || {
            (
                login.version().get(),
                register.version().get(),
                logout.version().get(),
            )
        },
        |_| current_viewer(),
    );
    provide_context(Session {
        viewer,
        login,
        register,
        logout,
    });
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
