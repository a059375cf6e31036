//! Accounts: users, credentials, sessions, roles, bans, preferences and profiles.

pub mod activity;
pub mod api;
pub mod rules;
pub mod types;

#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod context;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod service;

pub use types::*;
