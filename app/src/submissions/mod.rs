//! Submissions: code judged against every test of a puzzle, with progress, a
//! verdict and a receipt.

pub mod api;
pub mod legacy;
mod types;

#[cfg(feature = "ssr")]
pub mod grading;
#[cfg(feature = "ssr")]
pub mod queue;
#[cfg(feature = "ssr")]
pub mod service;

pub use types::*;
