//! The nine game modes, spelled exactly as stored in `options.mode`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "game_mode", rename_all = "lowercase"))]
pub enum GameMode {
    #[default]
    Fastest,
    Shortest,
    Backwards,
    Hardcore,
    Debug,
    Typeracer,
    Efficiency,
    Incremental,
    Random,
}

/// Text of the leaderboard route's 400 body for an unknown mode.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("Game mode is invalid.")]
pub struct UnknownGameMode;

impl GameMode {
    /// Every mode in enum order, which the batch rating job follows.
    pub const ALL: [Self; 9] = [
        Self::Fastest,
        Self::Shortest,
        Self::Backwards,
        Self::Hardcore,
        Self::Debug,
        Self::Typeracer,
        Self::Efficiency,
        Self::Incremental,
        Self::Random,
    ];

    /// The modes `random` may turn into: all but itself.
    const CONCRETE: [Self; 8] = [
        Self::Fastest,
        Self::Shortest,
        Self::Backwards,
        Self::Hardcore,
        Self::Debug,
        Self::Typeracer,
        Self::Efficiency,
        Self::Incremental,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fastest => "fastest",
            Self::Shortest => "shortest",
            Self::Backwards => "backwards",
            Self::Hardcore => "hardcore",
            Self::Debug => "debug",
            Self::Typeracer => "typeracer",
            Self::Efficiency => "efficiency",
            Self::Incremental => "incremental",
            Self::Random => "random",
        }
    }

    /// What wins in this mode, in one line for the host's choice.
    pub fn description(self) -> &'static str {
        match self {
            Self::Fastest => "The most tests passed wins; ties go to the fastest.",
            Self::Shortest => "The most tests passed wins; ties go to the shortest code.",
            Self::Backwards => "The most tests passed with the fewest attempts wins.",
            Self::Hardcore => "Only a perfect first attempt counts; the fastest of those wins.",
            Self::Debug => "Fix the code: the most tests passed wins, then the shortest fix.",
            Self::Typeracer => {
                "The most tests passed wins; ties go to the fastest typist (characters per second)."
            }
            Self::Efficiency => "Speed and short code both count: the best blend wins.",
            Self::Incremental => "Points grow with every test passed; ties go to the fastest.",
            Self::Random => "One of the other modes, drawn when the game starts.",
        }
    }

    /// Turns `random` into one of the eight concrete modes, uniformly over `roll`;
    /// other modes are returned unchanged. Called when the game is created, so the game
    /// is stored and scored as a concrete mode; an unresolved `random` scores like fastest.
    pub fn resolve(self, roll: usize) -> Self {
        match self {
            Self::Random => Self::CONCRETE[roll % Self::CONCRETE.len()],
            concrete => concrete,
        }
    }
}

impl fmt::Display for GameMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for GameMode {
    type Err = UnknownGameMode;

    /// Exact, case-sensitive match, like the zod enum on the wire.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|mode| mode.as_str() == s).ok_or(UnknownGameMode)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mode_says_what_wins() {
        for mode in GameMode::ALL {
            assert!(mode.description().ends_with('.'), "{mode}");
        }
    }
    use serde::de::IntoDeserializer;
    use serde::de::value::{Error as DeError, StrDeserializer};

    fn deserialize(s: &str) -> Result<GameMode, DeError> {
        let deserializer: StrDeserializer<'_, DeError> = s.into_deserializer();
        GameMode::deserialize(deserializer)
    }

    #[test]
    fn wire_names_follow_the_enum_order() {
        let names = GameMode::ALL.map(GameMode::as_str);
        assert_eq!(
            names,
            [
                "fastest",
                "shortest",
                "backwards",
                "hardcore",
                "debug",
                "typeracer",
                "efficiency",
                "incremental",
                "random"
            ]
        );
    }

    #[test]
    fn parse_display_and_serde_agree_for_every_mode() {
        for mode in GameMode::ALL {
            assert_eq!(mode.as_str().parse(), Ok(mode));
            assert_eq!(mode.to_string(), mode.as_str());
            assert_eq!(deserialize(mode.as_str()).ok(), Some(mode));
        }
    }

    #[test]
    fn unknown_or_miscased_names_are_rejected() {
        for name in ["Fastest", "FASTEST", "rated", "casual", ""] {
            assert_eq!(name.parse::<GameMode>(), Err(UnknownGameMode));
            assert!(deserialize(name).is_err());
        }
        assert_eq!(UnknownGameMode.to_string(), "Game mode is invalid.");
    }

    #[test]
    fn default_is_fastest() {
        assert_eq!(GameMode::default(), GameMode::Fastest);
    }

    #[test]
    fn concrete_modes_are_all_but_random() {
        let expected: Vec<_> = GameMode::ALL.into_iter().filter(|mode| *mode != GameMode::Random).collect();
        assert_eq!(GameMode::CONCRETE.to_vec(), expected);
    }

    #[test]
    fn resolving_random_covers_each_concrete_mode_once_per_cycle() {
        let resolved: Vec<_> = (0..8).map(|roll| GameMode::Random.resolve(roll)).collect();
        assert_eq!(resolved, GameMode::CONCRETE.to_vec());
        assert_eq!(GameMode::Random.resolve(8), GameMode::Fastest);
        assert_eq!(GameMode::Random.resolve(usize::MAX), GameMode::Incremental);
    }

    #[test]
    fn resolving_a_concrete_mode_keeps_it() {
        for mode in GameMode::CONCRETE {
            assert_eq!(mode.resolve(3), mode);
        }
    }
}
