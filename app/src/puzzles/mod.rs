//! Puzzles: statements, tests, the publishing workflow, lists and metrics.

pub mod api;
pub mod legacy;
pub mod rules;
mod types;
pub mod workflow;

#[cfg(feature = "ssr")]
pub mod markdown;
#[cfg(feature = "ssr")]
pub mod service;

pub use types::*;
