//! The leaderboard context's SQL: applying and recomputing ratings, and the
//! snapshots the leaderboards read.

pub mod boards;
pub mod ratings;
