//! Puzzles: statements, validators, the publishing workflow and metrics.

pub mod api;
pub mod types;

#[cfg(feature = "ssr")]
pub mod service;

pub use types::*;
