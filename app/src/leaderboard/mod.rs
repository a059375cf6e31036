//! Leaderboards: Glicko-2 ratings per user and mode, applied once when a rated game
//! ends, replayed from scratch on demand, and ranked in hourly snapshots.

pub mod api;
pub mod rules;
mod types;

#[cfg(feature = "ssr")]
pub mod legacy;
#[cfg(feature = "ssr")]
pub mod service;

pub use types::*;
