//! Moderation: reports of puzzles, users, comments and chat messages, and the
//! moderators' desk (review queue, report triage, users and bans, audit log).

pub mod api;
pub mod legacy;
pub mod rules;
mod types;

#[cfg(feature = "ssr")]
pub mod service;

pub use types::*;
