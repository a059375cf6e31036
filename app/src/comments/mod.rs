//! Comments: a puzzle's discussion, with nested replies, votes, spoilers, edits,
//! deletion and moderator removal.

pub mod api;
pub mod legacy;
pub mod rules;
mod types;

#[cfg(feature = "ssr")]
pub mod service;

pub use types::*;
