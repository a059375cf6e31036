//! Server functions of the accounts context: thin wrappers that authenticate,
//! call the service and shape the answer for the pages.

use super::types::{ActivityPage, BlockedUser, Keymap, Preferences, Profile, PublicUser, Viewer};
use crate::{components::theme::Theme, core::AppError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::{
        accounts::{
            auth::{self, AuthSession, SessionUser},
            context::{session as context, signed_in},
            service,
        },
        components::theme::send_theme_cookie,
        core::{AppResult, client::client_ip, state::AppState, state::use_app_state},
    };

    pub fn caller_ip(state: &AppState) -> std::net::IpAddr {
        leptos::prelude::use_context::<http::request::Parts>()
            .map(|parts| client_ip(&parts, &state.config))
            .unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED))
    }

    /// Starts the session and carries the user's saved theme over to this browser.
    pub async fn sign_in(state: &AppState, session: &mut AuthSession, user: &SessionUser) -> AppResult<()> {
        auth::start_session(session, user).await?;
        if let Some(theme) = service::preferences::get(&state.pool, user.id).await?.and_then(|p| p.theme) {
            send_theme_cookie(theme);
        }
        Ok(())
    }

    /// Only same-site paths: a `next` parameter must not send users elsewhere.
    pub fn local_path(next: Option<String>) -> String {
        next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\'))
            .unwrap_or_else(|| "/".into())
    }
}

/// Who is signed in, if anyone (banned users count as signed out).
#[server(endpoint = "accounts/viewer")]
pub async fn current_viewer() -> Result<Option<Viewer>, AppError> {
    Ok(crate::accounts::context::viewer().await?.1)
}

#[server(endpoint = "accounts/register")]
pub async fn register(
    username: String,
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use ssr::*;
    let (state, mut session) = context().await?;
    let form = service::credentials::Registration { username, email, password };
    let user =
        service::credentials::register(&state.pool, &state.rate_limits, caller_ip(&state), form).await?;
    sign_in(&state, &mut session, &user).await?;
    leptos_axum::redirect(&local_path(next));
    Ok(())
}

#[server(endpoint = "accounts/login")]
pub async fn login(identifier: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use ssr::*;
    let (state, mut session) = context().await?;
    let user = service::credentials::login(
        &state.pool,
        &state.rate_limits,
        caller_ip(&state),
        &identifier,
        &password,
    )
    .await?;
    if let Some(refusal) = user.ban_error() {
        return Err(refusal);
    }
    sign_in(&state, &mut session, &user).await?;
    leptos_axum::redirect(&local_path(next));
    Ok(())
}

#[server(endpoint = "accounts/logout")]
pub async fn logout() -> Result<(), AppError> {
    let (_, mut session) = ssr::context().await?;
    ssr::auth::end_session(&mut session).await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// What a profile page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProfileView {
    pub user: PublicUser,
    pub activity: ActivityPage,
}

/// Everything the settings pages show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SettingsData {
    pub username: String,
    pub email: String,
    pub profile: Profile,
    pub preferences: Option<Preferences>,
    pub blocked: Vec<BlockedUser>,
}

#[server(endpoint = "accounts/settings")]
pub async fn settings() -> Result<SettingsData, AppError> {
    use ssr::*;
    let (state, user) = signed_in().await?;
    let (email, profile) = service::users::private_details(&state.pool, user.id).await?;
    Ok(SettingsData {
        username: user.username,
        email,
        profile,
        preferences: service::preferences::get(&state.pool, user.id).await?,
        blocked: service::preferences::blocked_users(&state.pool, user.id).await?,
    })
}

#[server(endpoint = "accounts/password")]
pub async fn change_password(current_password: String, new_password: String) -> Result<(), AppError> {
    use ssr::*;
    let (state, user) = signed_in().await?;
    let (_, mut session) = context().await?;
    let user =
        service::credentials::change_password(&state.pool, user.id, &current_password, &new_password).await?;
    // The new session key ended every session; keep this one.
    auth::start_session(&mut session, &user).await
}

#[server(endpoint = "accounts/email")]
pub async fn change_email(password: String, email: String) -> Result<(), AppError> {
    let (state, user) = ssr::signed_in().await?;
    ssr::service::credentials::change_email(&state.pool, user.id, &password, &email).await
}

/// `socials` holds one link per line.
#[server(endpoint = "accounts/profile")]
pub async fn update_profile(
    bio: String,
    location: String,
    picture: String,
    socials: String,
) -> Result<PublicUser, AppError> {
    let (state, user) = ssr::signed_in().await?;
    let profile = Profile {
        bio: Some(bio),
        location: Some(location),
        picture: Some(picture),
        socials: socials.lines().map(str::to_owned).collect(),
    };
    ssr::service::users::update_profile(&state.pool, user.id, profile).await
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
    let (state, user) = signed_in().await?;
    let current = service::preferences::get(&state.pool, user.id).await?;
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
    let saved = service::preferences::update(&state.pool, user.id, change).await?;
    if let Some(theme) = saved.theme {
        send_theme_cookie(theme);
    }
    Ok(saved)
}

/// Saves the theme of a signed-in user when they flip the toggle.
#[server(endpoint = "accounts/theme")]
pub async fn save_theme(theme: Theme) -> Result<(), AppError> {
    use ssr::*;
    let (state, session) = context().await?;
    let Some(user) = session.user else {
        return Ok(());
    };
    let change = super::types::PreferencesChange { theme: Some(theme), ..Default::default() };
    service::preferences::update(&state.pool, user.id, change).await.map(drop)
}

#[server(endpoint = "accounts/block")]
pub async fn set_blocked(username: String, blocked: bool) -> Result<Vec<BlockedUser>, AppError> {
    let (state, user) = ssr::signed_in().await?;
    ssr::service::preferences::set_blocked(&state.pool, user.id, &username, blocked).await
}

/// A user's public profile and one page of their activity; `None` for unknown users.
#[server(endpoint = "accounts/profile-page")]
pub async fn profile_page(username: String, page: u32) -> Result<Option<ProfileView>, AppError> {
    let state = ssr::use_app_state()?;
    let Some(user) = ssr::service::users::by_username(&state.pool, &username).await? else {
        return Ok(None);
    };
    let activity = super::activity::page_of(&state.pool, user.id, page).await?;
    Ok(Some(ProfileView { user, activity }))
}
