//! Sign-up and log-in. Both forms post to server functions, so they work before the
//! WASM loads; once hydrated they validate as you type and submit without a reload,
//! and the server function's redirect loads the next page.

use crate::{
    accounts::{
        api::{Login, Register},
        rules,
    },
    components::forms::{Field, FormError, action_error, field_error},
};
use leptos::prelude::*;
use leptos_router::location::Url;

/// The server function sends the user on to `next`.
#[component]
pub fn LoginForm(next: String) -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let error = action_error(login);
    let register = with_next("/register", &next);
    view! {
        <section class="auth-card">
            <h1>"Log in"</h1>
            <ActionForm action=login attr:class="form" attr:novalidate=true>
                <input type="hidden" name="next" value=next.clone()/>
                <Field
                    label="Username or e-mail"
                    name="identifier"
                    autocomplete="username"
                    required=true
                    error=field_error(error, "identifier")
                />
                <Field
                    label="Password"
                    name="password"
                    kind="password"
                    autocomplete="current-password"
                    required=true
                />
                <FormError error fields=&["identifier"]/>
                <button class="button button--primary" type="submit" aria-busy=move || login.pending().get().to_string()>
                    {move || if login.pending().get() { "Logging in…" } else { "Log in" }}
                </button>
            </ActionForm>
            <p class="auth-card__switch">
                "New here? " <a href=register>"Create an account"</a>
            </p>
        </section>
    }
}

#[component]
pub fn RegisterForm(next: String) -> impl IntoView {
    let register = ServerAction::<Register>::new();
    let server_error = action_error(register);
    let login = with_next("/login", &next);

    // Inline checks run once a field has been left, then on every keystroke.
    let check = |rule: fn(&str) -> Result<(), String>, field: &'static str| {
        let local = RwSignal::new(None::<String>);
        let touched = RwSignal::new(false);
        let validate = move |value: String| local.set(rule(&value).err());
        let on_blur = Callback::new(move |value: String| {
            touched.set(true);
            validate(value);
        });
        let on_input = Callback::new(move |value: String| {
            if touched.get_untracked() {
                validate(value);
            }
        });
        let server = field_error(server_error, field);
        let shown = Signal::derive(move || local.get().or_else(|| server.get()));
        (shown, on_input, on_blur)
    };
    let (username_error, username_input, username_blur) = check(rules::check_username, "username");
    let (email_error, email_input, email_blur) = check(rules::check_email, "email");
    let (password_error, password_input, password_blur) = check(rules::check_password, "password");

    view! {
        <section class="auth-card">
            <h1>"Create an account"</h1>
            <ActionForm action=register attr:class="form" attr:novalidate=true>
                <input type="hidden" name="next" value=next.clone()/>
                <Field
                    label="Username"
                    name="username"
                    autocomplete="username"
                    hint="3 to 20 letters, digits, '_' or '-'"
                    required=true
                    error=username_error
                    on_input=username_input
                    on_blur=username_blur
                />
                <Field
                    label="E-mail"
                    name="email"
                    kind="email"
                    autocomplete="email"
                    required=true
                    error=email_error
                    on_input=email_input
                    on_blur=email_blur
                />
                <Field
                    label="Password"
                    name="password"
                    kind="password"
                    autocomplete="new-password"
                    hint="At least 14 characters"
                    required=true
                    error=password_error
                    on_input=password_input
                    on_blur=password_blur
                />
                <FormError error=server_error fields=&["username", "email", "password"]/>
                <button class="button button--primary" type="submit" aria-busy=move || register.pending().get().to_string()>
                    {move || if register.pending().get() { "Creating your account…" } else { "Create account" }}
                </button>
            </ActionForm>
            <p class="auth-card__switch">
                "Already have an account? " <a href=login>"Log in"</a>
            </p>
        </section>
    }
}

fn with_next(path: &str, next: &str) -> String {
    if next.is_empty() { path.to_owned() } else { format!("{path}?next={}", Url::escape(next)) }
}
