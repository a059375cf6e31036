//! Notifications: a reply to your comment, a comment on your puzzle, your puzzle
//! reviewed, your report decided, a moderator's decision about you. The change that
//! causes one queues a job in its own transaction (`service::outbox`); the job writes
//! the notification once, unless the recipient switched the kind off, acted
//! themselves or blocked whoever did, and tells the recipient's open pages.

pub mod api;
pub mod rules;
mod types;

#[cfg(feature = "ssr")]
pub mod service;

pub use types::*;
