//! Programming languages: what the configured code runner offers, kept in
//! `programming_languages` so submissions and puzzles can refer to them by id.

pub mod api;
mod types;

#[cfg(feature = "ssr")]
pub mod service;

pub use types::*;
