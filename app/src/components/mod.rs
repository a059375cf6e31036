//! Reusable pieces of the user interface.

pub mod code_editor;
pub mod diff;
pub mod drafts;
pub mod errors;
pub mod forms;
pub mod layout;
pub mod live_socket;
pub mod session;
pub mod theme;
