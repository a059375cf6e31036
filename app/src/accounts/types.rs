//! Account types shared by the server and the browser. Field names follow the
//! legacy JSON API, so the same structs serve pages and the legacy frontend.

use crate::core::{Id, Timestamp, wire_enum};
use serde::{Deserialize, Serialize};

wire_enum! {
    /// What a user may do beyond playing and authoring.
    Role as "user_role" {
        User = "user",
        Moderator = "moderator",
    }
}

wire_enum! {
    /// How long a ban lasts.
    BanType as "ban_type" {
        Temporary = "temporary",
        Permanent = "permanent",
    }
}

wire_enum! {
    /// Editor key bindings.
    #[derive(Default)]
    Keymap as "editor_keymap" {
        Vim = "vim",
        Emacs = "emacs",
        #[default]
        Vscode = "vscode",
    }
}

wire_enum! {
    /// Light or dark colours.
    #[derive(Default)]
    Theme as "theme" {
        #[default]
        Light = "light",
        Dark = "dark",
    }
}

impl Theme {
    pub fn label(self) -> &'static str {
        match self {
            Self::Light => "Light",
            Self::Dark => "Dark",
        }
    }

    pub fn toggled(self) -> Self {
        match self {
            Self::Light => Self::Dark,
            Self::Dark => Self::Light,
        }
    }
}

impl Keymap {
    pub fn label(self) -> &'static str {
        match self {
            Self::Vim => "Vim",
            Self::Emacs => "Emacs",
            Self::Vscode => "Standard",
        }
    }
}

/// Public profile fields; all optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default)]
    pub socials: Vec<String>,
}

/// A user as anyone may see them (the legacy "User doc").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PublicUser {
    #[serde(rename = "_id")]
    pub id: Id,
    pub username: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Profile>,
    pub role: Role,
    /// The active ban, if any; legacy clients expect `null` rather than absence.
    pub current_ban: Option<Id>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// The signed-in user, as pages and services see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: Id,
    pub username: String,
    pub role: Role,
}

impl User {
    pub fn is_moderator(&self) -> bool {
        self.role == Role::Moderator
    }
}

/// Editor settings (legacy `editor` object): missing keys take their defaults.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
#[serde(rename_all = "camelCase", default)]
pub struct EditorSettings {
    pub keymap: Keymap,
    pub line_numbers: bool,
    pub highlight_active_line_gutter: bool,
    pub highlight_special_chars: bool,
    pub history: bool,
    pub fold_gutter: bool,
    pub draw_selection: bool,
    pub drop_cursor: bool,
    pub allow_multiple_selections: bool,
    pub indent_on_input: bool,
    pub bracket_matching: bool,
    pub close_brackets: bool,
    pub autocompletion: bool,
    pub rectangular_selection: bool,
    pub crosshair_cursor: bool,
    pub highlight_active_line: bool,
    pub highlight_selection_matches: bool,
    pub default_keymap: bool,
    pub search_keymap: bool,
    pub fold_keymap: bool,
    pub completion_keymap: bool,
    pub lint_keymap: bool,
    pub syntax_highlighting: bool,
}

impl Default for EditorSettings {
    fn default() -> Self {
        Self {
            keymap: Keymap::Vscode,
            line_numbers: true,
            highlight_active_line_gutter: true,
            highlight_special_chars: true,
            history: true,
            fold_gutter: true,
            draw_selection: true,
            drop_cursor: true,
            allow_multiple_selections: true,
            indent_on_input: true,
            bracket_matching: true,
            close_brackets: true,
            autocompletion: true,
            rectangular_selection: true,
            crosshair_cursor: true,
            highlight_active_line: true,
            highlight_selection_matches: true,
            default_keymap: true,
            search_keymap: true,
            fold_keymap: true,
            completion_keymap: true,
            lint_keymap: true,
            syntax_highlighting: true,
        }
    }
}

/// Stored preferences (the legacy Preferences document).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Preferences {
    #[serde(rename = "_id")]
    pub id: Id,
    pub owner: Id,
    pub blocked_users: Vec<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<Theme>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editor: Option<EditorSettings>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A change to preferences: absent keys stay as they are.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PreferencesChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<Theme>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked_users: Option<Vec<Id>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editor: Option<EditorSettings>,
}

/// One ban, as moderators see it in a user's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Ban {
    #[serde(rename = "_id")]
    pub id: Id,
    pub user_id: Id,
    pub banned_by: Option<Id>,
    pub ban_type: BanType,
    pub reason: String,
    pub start_date: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<Timestamp>,
    pub is_active: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A user named in another document: id and name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
pub struct UserRef {
    #[serde(rename = "_id")]
    pub id: Id,
    pub username: String,
}

/// A ban in a user's history, with the moderator who imposed it (when still known).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BanHistoryEntry {
    #[serde(rename = "_id")]
    pub id: Id,
    pub user_id: Id,
    pub banned_by: Option<UserRef>,
    pub ban_type: BanType,
    pub reason: String,
    pub start_date: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<Timestamp>,
    pub is_active: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A blocked user, listed on the settings page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockedUser {
    pub id: Id,
    pub username: String,
}

/// Something a user did, as their profile lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityItem {
    pub kind: ActivityKind,
    pub puzzle_id: Id,
    pub puzzle_title: String,
    pub at: Timestamp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActivityKind {
    /// Published a puzzle they wrote.
    Authored,
    /// Submitted a solution; `true` when it passed every test.
    Submitted { solved: bool },
}

/// The activity of one calendar day (UTC), newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityDay {
    pub date: chrono::NaiveDate,
    pub items: Vec<ActivityItem>,
}

/// One page of a user's activity, grouped by day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityPage {
    pub days: Vec<ActivityDay>,
    pub page: u32,
    pub has_more: bool,
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
