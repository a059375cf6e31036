//! Reusable pieces of the user interface.

pub mod errors;
pub mod forms;
pub mod layout;
pub mod session;
pub mod theme;
