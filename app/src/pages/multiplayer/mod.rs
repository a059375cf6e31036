//! The multiplayer pages, live over the same websockets as the legacy frontend.

pub mod game;
pub mod lobby;
