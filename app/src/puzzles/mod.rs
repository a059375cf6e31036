//! Puzzles: statements, tests, the publishing workflow, lists and metrics.

pub mod api;
mod types;
pub mod workflow;

#[cfg(feature = "ssr")]
pub mod markdown;
#[cfg(feature = "ssr")]
pub mod service;

pub use types::*;
