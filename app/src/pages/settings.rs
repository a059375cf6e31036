//! `/settings`: account, profile, preferences, notifications and blocked users of the
//! signed-in user. The page itself is in `account`, beside its island; here is the form.

use crate::{
    accounts::{
        Keymap, SettingsData, Theme,
        api::{ChangeEmail, ChangePassword, SavePreferences, SetBlocked, UpdateProfile, settings},
        rules,
    },
    components::{
        errors::Failure,
        forms::{Field, FormError, action_error, field_error},
    },
    core::AppError,
    notifications::{
        NotificationKind,
        api::{SaveNotificationPreferences, notification_preferences},
        rules::label,
    },
};
use leptos::prelude::*;

/// Every section, each saving in place.
#[component]
pub fn Settings() -> impl IntoView {
    let change_email = ServerAction::<ChangeEmail>::new();
    let change_password = ServerAction::<ChangePassword>::new();
    let update_profile = ServerAction::<UpdateProfile>::new();
    let save_preferences = ServerAction::<SavePreferences>::new();
    let set_blocked = ServerAction::<SetBlocked>::new();
    let save_notifications = ServerAction::<SaveNotificationPreferences>::new();
    // Awaited in the settings' Suspend, not by a boundary of the section's own: a
    // third nested boundary (inside `SignedIn`'s and this page's) panicked while hydrating.
    let notifications =
        Resource::new(move || save_notifications.version().get(), |_| notification_preferences());
    let data = Resource::new(
        move || {
            (
                change_email.version().get(),
                update_profile.version().get(),
                save_preferences.version().get(),
                set_blocked.version().get(),
            )
        },
        |_| settings(),
    );
    view! {
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading your settings…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(settings) => {
                        let off = notifications.await.map(|s| s.off).unwrap_or_default();
                        view! {
                            <div class="settings">
                                <AccountSection settings=settings.clone() change_email change_password/>
                                <ProfileSection settings=settings.clone() update_profile/>
                                <PreferencesSection settings=settings.clone() save_preferences/>
                                <NotificationsSection off save=save_notifications/>
                                <BlockedSection settings set_blocked/>
                            </div>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <Failure error why="Log in to change your settings."/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// "Saved." after an action succeeds.
fn saved_note<I, O>(action: ServerAction<I>) -> impl IntoView
where
    I: server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    move || {
        matches!(action.value().get(), Some(Ok(_)))
            .then(|| view! { <span class="saved" role="status">"Saved."</span> })
    }
}

#[component]
fn AccountSection(
    settings: SettingsData,
    change_email: ServerAction<ChangeEmail>,
    change_password: ServerAction<ChangePassword>,
) -> impl IntoView {
    let email_error = action_error(change_email);
    let password_error = action_error(change_password);
    view! {
        <section class="panel settings__section" aria-labelledby="account-title">
            <h2 id="account-title">"Account"</h2>
            <p class="muted">"Signed in as " <strong>{settings.username}</strong></p>
            <ActionForm action=change_email attr:class="form" attr:novalidate=true>
                <h3>"E-mail"</h3>
                <Field label="E-mail" name="email" kind="email" autocomplete="email" value=settings.email
                    error=field_error(email_error, "email")/>
                <Field label="Current password" name="password" kind="password" autocomplete="current-password"
                    error=field_error(email_error, "current_password")/>
                <FormError error=email_error fields=&["email", "current_password"]/>
                <div class="form__actions">
                    <button class="button button--primary" type="submit">"Change e-mail"</button>
                    {saved_note(change_email)}
                </div>
            </ActionForm>
            <ActionForm action=change_password attr:class="form" attr:novalidate=true>
                <h3>"Password"</h3>
                <Field label="Current password" name="current_password" kind="password" autocomplete="current-password"
                    error=field_error(password_error, "current_password")/>
                <Field label="New password" name="new_password" kind="password" autocomplete="new-password"
                    hint="At least 14 characters" error=field_error(password_error, "new_password")/>
                <FormError error=password_error fields=&["current_password", "new_password"]/>
                <div class="form__actions">
                    <button class="button button--primary" type="submit">"Change password"</button>
                    {saved_note(change_password)}
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn ProfileSection(settings: SettingsData, update_profile: ServerAction<UpdateProfile>) -> impl IntoView {
    let error = action_error(update_profile);
    let profile = settings.profile;
    view! {
        <section class="panel settings__section" aria-labelledby="profile-title">
            <h2 id="profile-title">"Profile"</h2>
            <ActionForm action=update_profile attr:class="form" attr:novalidate=true>
                <div class="field" class:field--invalid=move || field_error(error, "bio").get().is_some()>
                    <label for="bio">"Bio"</label>
                    <textarea id="bio" name="bio" rows="3" maxlength=rules::BIO_MAX>{profile.bio.unwrap_or_default()}</textarea>
                    <p class="field__error" role="alert">{move || field_error(error, "bio").get()}</p>
                </div>
                <Field label="Location" name="location" value=profile.location.unwrap_or_default()
                    error=field_error(error, "location")/>
                <Field label="Picture URL" name="picture" kind="url" value=profile.picture.unwrap_or_default()
                    error=field_error(error, "picture")/>
                <div class="field" class:field--invalid=move || field_error(error, "socials").get().is_some()>
                    <label for="socials">"Links (one per line)"</label>
                    <textarea id="socials" name="socials" rows="3">{profile.socials.join("\n")}</textarea>
                    <p class="field__error" role="alert">{move || field_error(error, "socials").get()}</p>
                </div>
                <FormError error fields=&["bio", "location", "picture", "socials"]/>
                <div class="form__actions">
                    <button class="button button--primary" type="submit">"Save profile"</button>
                    {saved_note(update_profile)}
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn PreferencesSection(
    settings: SettingsData,
    save_preferences: ServerAction<SavePreferences>,
) -> impl IntoView {
    let error = action_error(save_preferences);
    let preferences = settings.preferences;
    let theme = preferences.as_ref().and_then(|p| p.theme).unwrap_or_default();
    let editor = preferences.as_ref().and_then(|p| p.editor.clone()).unwrap_or_default();
    let language = preferences.and_then(|p| p.preferred_language).unwrap_or_default();
    let checkbox = move |name: &'static str, label: &'static str, checked: bool| {
        view! {
            <label class="checkbox">
                <input type="checkbox" name=format!("form[{name}]") checked=checked/>
                {label}
            </label>
        }
    };
    view! {
        <section class="panel settings__section" aria-labelledby="preferences-title">
            <h2 id="preferences-title">"Preferences"</h2>
            <ActionForm action=save_preferences attr:class="form">
                <div class="field">
                    <label for="form-theme">"Theme"</label>
                    <select id="form-theme" name="form[theme]">
                        {Theme::ALL.iter().map(|t| view! {
                            <option value=t.as_str() selected=*t == theme>{t.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="form-keymap">"Editor key bindings"</label>
                    <select id="form-keymap" name="form[keymap]">
                        {Keymap::ALL.iter().map(|k| view! {
                            <option value=k.as_str() selected=*k == editor.keymap>{k.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Field label="Preferred language" name="form[preferred_language]"
                    value=language
                    hint="Used by the editor by default, e.g. python"
                    error=field_error(error, "preferredLanguage")/>
                <fieldset class="checkboxes">
                    <legend>"Editor"</legend>
                    {checkbox("line_numbers", "Line numbers", editor.line_numbers)}
                    {checkbox("bracket_matching", "Bracket matching", editor.bracket_matching)}
                    {checkbox("close_brackets", "Close brackets automatically", editor.close_brackets)}
                    {checkbox("autocompletion", "Autocompletion", editor.autocompletion)}
                    {checkbox("highlight_active_line", "Highlight the active line", editor.highlight_active_line)}
                </fieldset>
                <FormError error fields=&["preferredLanguage"]/>
                <div class="form__actions">
                    <button class="button button--primary" type="submit">"Save preferences"</button>
                    {saved_note(save_preferences)}
                </div>
            </ActionForm>
        </section>
    }
}

/// A checkbox per kind, ticked when received (`off` lists the others); saving
/// switches off the unticked ones.
#[component]
fn NotificationsSection(
    off: Vec<NotificationKind>,
    save: ServerAction<SaveNotificationPreferences>,
) -> impl IntoView {
    view! {
        <section class="panel settings__section" aria-labelledby="notifications-title">
            <h2 id="notifications-title">"Notifications"</h2>
            <ActionForm action=save attr:class="form">
                <fieldset class="checkboxes">
                    <legend>"Notify me of"</legend>
                    {NotificationKind::ALL.iter().map(|kind| view! {
                        <label class="checkbox">
                            <input type="checkbox" name=format!("receive[{kind}]") checked=!off.contains(kind)/>
                            {label(*kind)}
                        </label>
                    }).collect_view()}
                </fieldset>
                <div class="form__actions">
                    <button class="button button--primary" type="submit">"Save notifications"</button>
                    {saved_note(save)}
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn BlockedSection(settings: SettingsData, set_blocked: ServerAction<SetBlocked>) -> impl IntoView {
    let error = action_error(set_blocked);
    view! {
        <section class="panel settings__section" aria-labelledby="blocked-title">
            <h2 id="blocked-title">"Blocked users"</h2>
            <p class="muted">"You will not see chat messages from users you block."</p>
            {if settings.blocked.is_empty() {
                view! { <p>"You have not blocked anyone."</p> }.into_any()
            } else {
                view! {
                    <ul class="blocked-list" data-testid="blocked-list">
                        {settings.blocked.into_iter().map(|user| view! {
                            <li>
                                <a href=format!("/profile/{}", user.username)>{user.username.clone()}</a>
                                <ActionForm action=set_blocked attr:class="inline-form">
                                    <input type="hidden" name="username" value=user.username.clone()/>
                                    <input type="hidden" name="blocked" value="false"/>
                                    <button class="button button--ghost" type="submit"
                                        aria-label=format!("Unblock {}", user.username)>"Unblock"</button>
                                </ActionForm>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <ActionForm action=set_blocked attr:class="form form--inline" attr:novalidate=true>
                <input type="hidden" name="blocked" value="true"/>
                <Field label="Block a user" name="username" error=field_error(error, "username")/>
                <button class="button button--ghost" type="submit">"Block"</button>
            </ActionForm>
        </section>
    }
}
