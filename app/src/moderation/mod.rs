//! Moderation: reports of puzzles, users, comments and chat messages.

pub mod api;
mod types;

#[cfg(feature = "ssr")]
pub mod service;

pub use types::*;
