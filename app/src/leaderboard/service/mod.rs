//! The leaderboard context's SQL: applying and recomputing ratings (games and the
//! solo pool), the snapshots the leaderboards read, and what profiles show.

pub mod boards;
pub mod ratings;
pub mod records;
pub mod solo;
