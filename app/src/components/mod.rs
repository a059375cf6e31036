//! Reusable pieces of the user interface.

pub mod chat;
pub mod code_editor;
pub mod community;
pub mod diff;
pub mod discussion;
pub mod drafts;
pub mod errors;
pub mod forms;
pub mod islands;
pub mod language_picker;
pub mod layout;
pub mod live_socket;
pub mod notification_bell;
pub mod pager;
pub mod player_record;
pub mod puzzle_table;
pub mod report;
pub mod session;
pub mod shortcuts;
pub mod solutions;
pub mod test_data;
pub mod theme;
pub mod verdict;
