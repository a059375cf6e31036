//! Accounts: users, credentials, sessions, roles, bans, preferences and profiles.

pub mod activity;
pub mod api;
pub mod rules;
pub mod types;

#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
mod caller;
#[cfg(feature = "ssr")]
pub mod context;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod service;

#[cfg(feature = "ssr")]
pub use caller::{Caller, not_signed_in};
pub use types::*;
