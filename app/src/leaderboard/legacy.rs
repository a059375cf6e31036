//! The legacy leaderboard documents (spec 2.10).

use super::service::{boards::Entry, boards::ModeStanding, ratings::Replayed};
use crate::{
    core::{Id, Page, Timestamp},
    games::rules::modes::GameMode,
};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Glicko {
    rating: f64,
    rd: f64,
    volatility: f64,
    last_updated: Timestamp,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct EntryDocument {
    /// The stored rank; 0 while provisional.
    rank: u32,
    user_id: Id,
    username: String,
    rating: f64,
    glicko: Glicko,
    games_played: u32,
    games_won: u32,
    win_rate: f64,
    best_score: f64,
    average_score: f64,
}

/// `GET /leaderboard/:gameMode`.
#[derive(Serialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LeaderboardDocument {
    game_mode: GameMode,
    entries: Vec<EntryDocument>,
    page: u32,
    page_size: u32,
    total_entries: u64,
    total_pages: u64,
    /// The newest rating time among the entries, or the epoch.
    last_updated: Timestamp,
}

impl LeaderboardDocument {
    pub fn new(mode: GameMode, page: Page<Entry>) -> Self {
        let epoch = Timestamp(chrono::DateTime::UNIX_EPOCH);
        let last_updated = page.items.iter().filter_map(|e| e.rated_at).max_by_key(|t| t.0).unwrap_or(epoch);
        let entries = page
            .items
            .into_iter()
            .map(|e| EntryDocument {
                rank: e.row.rank.unwrap_or(0),
                win_rate: e.row.win_rate(),
                user_id: e.row.user_id,
                username: e.row.username,
                rating: e.row.rating,
                glicko: Glicko {
                    rating: e.row.rating,
                    rd: e.row.deviation,
                    volatility: e.volatility,
                    last_updated: e.rated_at.unwrap_or(epoch),
                },
                games_played: e.row.games_played,
                games_won: e.row.games_won,
                best_score: e.best_score,
                average_score: e.average_score,
            })
            .collect();
        Self {
            game_mode: mode,
            entries,
            page: page.page,
            page_size: page.page_size,
            total_entries: page.total_items,
            total_pages: page.total_pages,
            last_updated,
        }
    }
}

#[derive(Serialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct ModeRanking {
    #[serde(skip_serializing_if = "Option::is_none")]
    rank: Option<u32>,
    rating: f64,
    games_played: u32,
    win_rate: f64,
}

/// `GET /leaderboard/user/:id`: only the modes the user has played.
#[derive(Serialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct UserRankingsDocument {
    user_id: Id,
    username: String,
    rankings: BTreeMap<&'static str, ModeRanking>,
}

impl UserRankingsDocument {
    pub fn new(user_id: Id, username: String, standings: Vec<ModeStanding>) -> Self {
        let rankings = standings
            .into_iter()
            .map(|s| {
                let ranking = ModeRanking {
                    rank: s.rank,
                    rating: s.rating,
                    games_played: s.games_played,
                    win_rate: super::rules::win_rate(s.games_won, s.games_played),
                };
                (s.mode.as_str(), ranking)
            })
            .collect();
        Self { user_id, username, rankings }
    }
}

/// `POST /leaderboard/recalculate`: one count per game mode.
#[derive(Serialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RecalculatedDocument {
    success: bool,
    message: &'static str,
    processed_games: BTreeMap<&'static str, u32>,
    total_processed: u32,
}

impl From<Replayed> for RecalculatedDocument {
    fn from(replayed: Replayed) -> Self {
        let processed_games = GameMode::ALL
            .into_iter()
            .map(|mode| (mode.as_str(), replayed.games.get(&mode).copied().unwrap_or(0)))
            .collect();
        Self {
            success: true,
            message: "Leaderboard recalculation completed",
            processed_games,
            total_processed: replayed.total(),
        }
    }
}
