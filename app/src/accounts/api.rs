//! Server functions of the accounts context: thin wrappers that find the caller,
//! call the service and shape the answer for the pages.

use super::types::{BlockedUser, Keymap, Preferences, ProfileView, PublicUser, SettingsData, Theme, User};
use crate::core::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::{
        accounts::{
            auth::{self, Account, AuthSession},
            context::{caller, caller_of, session},
            service,
        },
        core::{AppResult, cookies, redirect::same_origin_path},
        state::AppState,
    };

    /// Starts the session and carries the user's saved theme over to this browser.
    pub async fn sign_in(state: &AppState, session: &mut AuthSession, account: &Account) -> AppResult<()> {
        auth::start_session(session, account).await?;
        if let Some(theme) =
            service::preferences::get(&state.pool, account.user.id).await?.and_then(|p| p.theme)
        {
            cookies::send(cookies::THEME, theme.as_str());
        }
        Ok(())
    }
}

/// Who is signed in, if anyone (banned users count as signed out).
#[server(endpoint = "accounts/user")]
pub async fn current_user() -> Result<Option<User>, AppError> {
    let (_, caller) = ssr::caller().await?;
    Ok(caller.signed_in().cloned())
}

#[server(endpoint = "accounts/register")]
pub async fn register(
    username: String,
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use ssr::*;
    let (state, mut session) = session().await?;
    let caller = caller_of(&state, &session);
    let form = service::credentials::Registration { username, email, password };
    let account = service::credentials::register(&state.pool, &state.rate_limits, &caller, form).await?;
    sign_in(&state, &mut session, &account).await?;
    leptos_axum::redirect(same_origin_path(next.as_deref()));
    Ok(())
}

#[server(endpoint = "accounts/login")]
pub async fn login(identifier: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use ssr::*;
    let (state, mut session) = session().await?;
    let caller = caller_of(&state, &session);
    let account =
        service::credentials::login(&state.pool, &state.rate_limits, &caller, &identifier, &password).await?;
    sign_in(&state, &mut session, &account).await?;
    leptos_axum::redirect(same_origin_path(next.as_deref()));
    Ok(())
}

#[server(endpoint = "accounts/logout")]
pub async fn logout() -> Result<(), AppError> {
    let (_, mut session) = ssr::session().await?;
    ssr::auth::end_session(&mut session).await?;
    leptos_axum::redirect("/");
    Ok(())
}

#[server(endpoint = "accounts/settings")]
pub async fn settings() -> Result<SettingsData, AppError> {
    let (state, caller) = ssr::caller().await?;
    ssr::service::users::settings(&state.pool, &caller).await
}

#[server(endpoint = "accounts/password")]
pub async fn change_password(current_password: String, new_password: String) -> Result<(), AppError> {
    use ssr::*;
    let (state, mut session) = session().await?;
    let caller = caller_of(&state, &session);
    let account =
        service::credentials::change_password(&state.pool, &caller, &current_password, &new_password).await?;
    // The new session key ended every session; keep this one.
    auth::start_session(&mut session, &account).await
}

#[server(endpoint = "accounts/email")]
pub async fn change_email(password: String, email: String) -> Result<(), AppError> {
    let (state, caller) = ssr::caller().await?;
    ssr::service::credentials::change_email(&state.pool, &caller, &password, &email).await
}

/// `socials` holds one link per line.
#[server(endpoint = "accounts/profile")]
pub async fn update_profile(
    bio: String,
    location: String,
    picture: String,
    socials: String,
) -> Result<PublicUser, AppError> {
    let (state, caller) = ssr::caller().await?;
    let profile = super::types::Profile {
        bio: Some(bio),
        location: Some(location),
        picture: Some(picture),
        socials: socials.lines().map(str::to_owned).collect(),
    };
    ssr::service::users::update_profile(&state.pool, &caller, profile).await
}

/// The preferences form. Checkboxes arrive only when ticked.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PreferencesForm {
    pub theme: Option<Theme>,
    pub keymap: Option<Keymap>,
    pub preferred_language: Option<String>,
    pub line_numbers: Option<String>,
    pub bracket_matching: Option<String>,
    pub close_brackets: Option<String>,
    pub autocompletion: Option<String>,
    pub highlight_active_line: Option<String>,
}

#[server(endpoint = "accounts/preferences")]
pub async fn save_preferences(form: PreferencesForm) -> Result<Preferences, AppError> {
    use ssr::*;
    let (state, caller) = caller().await?;
    let current = service::preferences::mine(&state.pool, &caller).await?;
    let editor = super::types::EditorSettings {
        keymap: form.keymap.unwrap_or_default(),
        line_numbers: form.line_numbers.is_some(),
        bracket_matching: form.bracket_matching.is_some(),
        close_brackets: form.close_brackets.is_some(),
        autocompletion: form.autocompletion.is_some(),
        highlight_active_line: form.highlight_active_line.is_some(),
        ..current.and_then(|p| p.editor).unwrap_or_default()
    };
    let change = super::types::PreferencesChange {
        theme: form.theme,
        preferred_language: form.preferred_language.filter(|l| !l.trim().is_empty()),
        editor: Some(editor),
        blocked_users: None,
    };
    let saved = service::preferences::update(&state.pool, &caller, change).await?;
    if let Some(theme) = saved.theme {
        cookies::send(cookies::THEME, theme.as_str());
    }
    Ok(saved)
}

/// Saves the theme of a signed-in user when they flip the toggle; visitors keep it
/// in the cookie alone.
#[server(endpoint = "accounts/theme")]
pub async fn save_theme(theme: Theme) -> Result<(), AppError> {
    let (state, caller) = ssr::caller().await?;
    ssr::service::preferences::remember_theme(&state.pool, &caller, theme).await
}

#[server(endpoint = "accounts/block")]
pub async fn set_blocked(username: String, blocked: bool) -> Result<Vec<BlockedUser>, AppError> {
    let (state, caller) = ssr::caller().await?;
    ssr::service::preferences::set_blocked(&state.pool, &caller, &username, blocked).await
}

/// A user's public profile and one page of their activity; `None` for unknown users.
#[server(endpoint = "accounts/profile-page")]
pub async fn profile_page(username: String, page: u32) -> Result<Option<ProfileView>, AppError> {
    let state = crate::state::use_app_state()?;
    ssr::service::users::profile(&state.pool, &username, page).await
}
