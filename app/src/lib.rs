//! CodinCod application: one module per bounded context, plus the pages and
//! components that render them. Feature `ssr` builds the server side (services,
//! SQL, server function bodies); feature `hydrate` builds the browser side.

#![recursion_limit = "512"]

pub mod accounts;
pub mod comments;
pub mod components;
pub mod core;
pub mod events;
pub mod execution;
pub mod games;
pub mod languages;
pub mod leaderboard;
pub mod moderation;
pub mod notifications;
pub mod pages;
pub mod puzzles;
mod root;
#[cfg(feature = "ssr")]
pub mod state;
pub mod submissions;

pub use root::{App, shell};
