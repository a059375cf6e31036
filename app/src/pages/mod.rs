//! One module per route, or per group of routes that share an island (`account`,
//! `multiplayer`), the pages beside the island and its parts in their own modules.

pub mod account;

pub mod auth;
pub mod comments;
pub mod home;
pub mod languages;
pub mod leaderboards;
pub mod moderation;
pub mod multiplayer;
pub mod notifications;
pub mod profile;
pub mod puzzles;
pub mod settings;
pub mod submission;
