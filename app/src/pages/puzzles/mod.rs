//! The puzzle pages: list, page, editor, the author's own list.

pub mod editor;
pub mod list;
pub mod mine;
pub mod play;
pub mod view;
pub mod workflow;
