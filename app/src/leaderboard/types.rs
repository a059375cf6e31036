//! What the leaderboard pages show.

use crate::{
    core::{Id, Page, Timestamp},
    games::rules::modes::GameMode,
};
use serde::{Deserialize, Serialize};

/// Rows on one leaderboard page.
pub const PAGE_SIZE: u32 = 50;
/// A player search is at most this long (usernames are at most 20 characters).
pub const SEARCH_MAX: usize = 20;

/// The modes with a leaderboard tab: every mode a game is played in (`random` is
/// resolved to one of them when the game starts).
pub const BOARD_MODES: [GameMode; 8] = [
    GameMode::Fastest,
    GameMode::Shortest,
    GameMode::Backwards,
    GameMode::Hardcore,
    GameMode::Debug,
    GameMode::Typeracer,
    GameMode::Efficiency,
    GameMode::Incremental,
];

/// One player on a leaderboard snapshot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeaderboardRow {
    /// Place in the snapshot, provisional players included.
    pub position: u32,
    /// Place among ranked players; `None` while provisional.
    pub rank: Option<u32>,
    pub user_id: Id,
    pub username: String,
    pub rating: f64,
    pub deviation: f64,
    pub games_played: u32,
    pub games_won: u32,
}

impl LeaderboardRow {
    pub fn provisional(&self) -> bool {
        self.rank.is_none()
    }

    pub fn win_rate(&self) -> f64 {
        super::rules::win_rate(self.games_won, self.games_played)
    }
}

/// A page of one mode's latest snapshot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeaderboardView {
    pub mode: GameMode,
    pub rows: Page<LeaderboardRow>,
    /// The signed-in caller's row, wherever it is in the snapshot.
    pub own: Option<LeaderboardRow>,
    /// When the snapshot was taken; `None` before the first one.
    pub taken_at: Option<Timestamp>,
    pub search: String,
}
