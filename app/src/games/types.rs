//! Game and room types shared by the server, the legacy protocol and the pages.

use super::rules::{
    lifecycle::{COUNTDOWN, COUNTDOWN_SECONDS, DEFAULT_MAX_DURATION_SECS},
    modes::GameMode,
};
use crate::{
    accounts::PublicUser,
    core::{Id, Timestamp, wire_enum},
    languages::Language,
    submissions::TestResult,
};
use serde::{Deserialize, Serialize};

wire_enum! {
    GameVisibility as "game_visibility" {
        Public = "public",
        Private = "private",
    }
}

wire_enum! {
    GameStatus as "game_status" {
        Waiting = "waiting",
        InProgress = "in_progress",
        Completed = "completed",
    }
}

/// Room options as clients send them; every key is optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct GameOptionsInput {
    /// Ids, or language documents whose `_id` counts.
    #[serde(default)]
    pub allowed_languages: Vec<serde_json::Value>,
    pub max_game_duration_in_seconds: Option<f64>,
    /// Not legacy: seconds between the start and the puzzle's reveal.
    pub countdown_in_seconds: Option<f64>,
    pub visibility: Option<GameVisibility>,
    pub mode: Option<GameMode>,
    pub rated: Option<bool>,
}

/// Options as stored and sent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct GameOptions {
    pub allowed_languages: Vec<Id>,
    pub max_game_duration_in_seconds: u32,
    /// Not legacy; rooms stored before it had the default.
    #[serde(default = "default_countdown")]
    pub countdown_in_seconds: u32,
    pub visibility: GameVisibility,
    pub mode: GameMode,
    pub rated: bool,
}

fn default_countdown() -> u32 {
    COUNTDOWN.num_seconds() as u32
}

/// Shortest and longest games a room may ask for.
pub const DURATION_SECONDS: std::ops::RangeInclusive<u32> = 60..=7200;

/// `value` rounded into `range`, `default` when absent or not a number.
fn within(value: Option<f64>, range: &std::ops::RangeInclusive<u32>, default: u32) -> u32 {
    value
        .filter(|v| v.is_finite())
        .map_or(default, |v| v.round().clamp(0.0, f64::from(u32::MAX)) as u32)
        .clamp(*range.start(), *range.end())
}

impl GameOptionsInput {
    /// The defaults fill what is missing; durations are kept within bounds.
    pub fn resolve(&self) -> GameOptions {
        let duration =
            within(self.max_game_duration_in_seconds, &DURATION_SECONDS, DEFAULT_MAX_DURATION_SECS);
        let countdown = within(self.countdown_in_seconds, &COUNTDOWN_SECONDS, default_countdown());
        let allowed_languages = self
            .allowed_languages
            .iter()
            .filter_map(|value| match value {
                serde_json::Value::String(id) => id.parse().ok(),
                serde_json::Value::Object(doc) => doc.get("_id")?.as_str()?.parse().ok(),
                _ => None,
            })
            .collect();
        GameOptions {
            allowed_languages,
            max_game_duration_in_seconds: duration,
            countdown_in_seconds: countdown,
            visibility: self.visibility.unwrap_or(GameVisibility::Public),
            mode: self.mode.unwrap_or_default(),
            rated: self.rated.unwrap_or(true),
        }
    }
}

/// A member of a room (legacy `GameUserInfo`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct GameUserInfo {
    pub user_id: Id,
    pub username: String,
    pub joined_at: Timestamp,
}

/// A public room in the lobby list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RoomSummary {
    pub room_id: Id,
    pub amount_of_players_joined: u32,
}

/// A room as its members see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RoomState {
    pub users: Vec<GameUserInfo>,
    pub owner: GameUserInfo,
    pub room_id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite_code: Option<String>,
    /// Not legacy: lets the pages show what was chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<GameOptions>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ts_rs::TS))]
pub struct SubmissionResultDto {
    pub result: TestResult,
    #[serde(rename = "successRate")]
    pub success_rate: f64,
}

/// A submission linked to a game, as the legacy standings show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct GameSubmissionDto {
    #[serde(rename = "_id")]
    pub id: Id,
    /// Revealed once the game has ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub programming_language: Language,
    pub created_at: Timestamp,
    pub puzzle: Id,
    pub result: SubmissionResultDto,
    pub user: PublicUser,
    pub code_length: usize,
    pub time_spent: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<u32>,
}

/// A game as the legacy socket sends it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct GameDto {
    #[serde(rename = "_id")]
    pub id: Id,
    pub players: Vec<PublicUser>,
    pub owner: PublicUser,
    pub puzzle: Id,
    pub start_time: Timestamp,
    pub end_time: Timestamp,
    pub created_at: Timestamp,
    pub options: GameOptions,
    /// Best first.
    pub player_submissions: Vec<GameSubmissionDto>,
    /// Not legacy: `in_progress` or `completed`.
    pub status: GameStatus,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn options_fill_defaults_and_bound_durations() {
        let defaults = GameOptionsInput::default().resolve();
        assert_eq!(defaults.max_game_duration_in_seconds, 900);
        assert_eq!(
            (defaults.mode, defaults.visibility, defaults.rated),
            (GameMode::Fastest, GameVisibility::Public, true)
        );
        let input: GameOptionsInput = serde_json::from_value(json!({
            "maxGameDurationInSeconds": 5, "mode": "shortest", "visibility": "private", "rated": false,
            "allowedLanguages": ["507f1f77bcf86cd799439011", { "_id": "507f1f77bcf86cd799439012", "language": "c" }, 3]
        }))
        .unwrap();
        let options = input.resolve();
        assert_eq!(options.max_game_duration_in_seconds, 60);
        assert_eq!(options.allowed_languages.len(), 2);
        assert_eq!(
            (options.mode, options.visibility, options.rated),
            (GameMode::Shortest, GameVisibility::Private, false)
        );
        let huge = GameOptionsInput { max_game_duration_in_seconds: Some(1e12), ..Default::default() };
        assert_eq!(huge.resolve().max_game_duration_in_seconds, 7200);
        assert_eq!(defaults.countdown_in_seconds, 15);
        let quick = GameOptionsInput { countdown_in_seconds: Some(1.0), ..Default::default() };
        assert_eq!(quick.resolve().countdown_in_seconds, 5);
    }
}
