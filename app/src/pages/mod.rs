//! One module per route.

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
