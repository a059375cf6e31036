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

/// A ranking of its own: a game mode's, or the solo pool's (users against puzzles).
/// Written as the mode's name or `solo`, in URLs and in the snapshots' `board` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Board {
    Game(GameMode),
    Solo,
}

impl Default for Board {
    fn default() -> Self {
        Board::Game(GameMode::default())
    }
}

impl Board {
    /// Every board, in tab order.
    pub fn all() -> impl Iterator<Item = Board> {
        BOARD_MODES.into_iter().map(Board::Game).chain([Board::Solo])
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Board::Game(mode) => mode.as_str(),
            Board::Solo => "solo",
        }
    }

    pub fn parse(key: &str) -> Option<Board> {
        match key {
            "solo" => Some(Board::Solo),
            mode => mode.parse::<GameMode>().ok().filter(|mode| BOARD_MODES.contains(mode)).map(Board::Game),
        }
    }

    pub fn label(self) -> String {
        let name = self.as_str();
        name[..1].to_uppercase() + &name[1..]
    }
}

impl From<Board> for String {
    fn from(board: Board) -> String {
        board.as_str().to_owned()
    }
}

impl TryFrom<String> for Board {
    type Error = String;

    fn try_from(key: String) -> Result<Board, String> {
        Board::parse(&key).ok_or_else(|| format!("unknown leaderboard {key:?}"))
    }
}

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
    pub board: Board,
    pub rows: Page<LeaderboardRow>,
    /// The signed-in caller's row, wherever it is in the snapshot.
    pub own: Option<LeaderboardRow>,
    /// When the snapshot was taken; `None` before the first one.
    pub taken_at: Option<Timestamp>,
    pub search: String,
}

/// A user's rating in one board, as their profile shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoardRecord {
    pub board: Board,
    /// Place in the latest snapshot among ranked players; `None` while provisional.
    pub rank: Option<u32>,
    pub rating: f64,
    pub deviation: f64,
    pub played: u32,
    pub won: u32,
    pub current_streak: u32,
    pub best_streak: u32,
    /// Oldest first: the rating after each rated game (or solo match), at most
    /// [`HISTORY_POINTS`] of the latest.
    pub history: Vec<RatingPoint>,
}

impl BoardRecord {
    pub fn provisional(&self) -> bool {
        super::rules::is_provisional(self.deviation, self.played)
    }

    pub fn win_rate(&self) -> f64 {
        super::rules::win_rate(self.won, self.played)
    }
}

/// A profile's chart shows at most this many of the latest ratings per board.
pub const HISTORY_POINTS: usize = 50;

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct RatingPoint {
    pub at: Timestamp,
    pub rating: f64,
}

/// A user's puzzle solving: distinct puzzles solved, judged submissions, the run of
/// consecutive days (UTC) with a solve up to today or yesterday, and the mean time
/// from a user's first submission on a puzzle to their first accepted one.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SolvingRecord {
    pub solved: u32,
    pub attempts: u32,
    pub streak_days: u32,
    pub average_solve_seconds: Option<f64>,
}

/// One finished game on a profile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlayedGame {
    pub game_id: Id,
    pub mode: GameMode,
    pub puzzle_title: Option<String>,
    pub rank: Option<u32>,
    pub players: u32,
    pub rated: bool,
    /// The rating change when the game rated the user.
    pub rating_change: Option<f64>,
    pub finished_at: Timestamp,
}

/// Games listed per page of a profile.
pub const GAMES_PAGE_SIZE: u32 = 10;

/// What a profile shows of a user's competing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlayerRecord {
    pub boards: Vec<BoardRecord>,
    pub solving: SolvingRecord,
    pub games: Page<PlayedGame>,
}
