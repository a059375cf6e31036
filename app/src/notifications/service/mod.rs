//! The notifications' SQL: the outbox the producers fill, the job that turns a cause
//! into notifications, and the recipient's inbox and settings.

pub mod delivery;
pub mod inbox;
pub mod outbox;
pub mod settings;
