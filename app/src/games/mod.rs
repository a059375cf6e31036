//! Multiplayer: rooms, games, their rules and their realtime protocol.

pub mod api;
pub mod protocol;
pub mod rules;
mod types;

#[cfg(feature = "ssr")]
pub mod hub;
#[cfg(feature = "ssr")]
pub mod service;

pub use types::*;
