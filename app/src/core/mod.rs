//! Building blocks shared by every context.

pub mod cookies;
pub mod error;
pub mod id;
pub mod page;
pub mod redirect;
pub mod text;
pub mod time;
mod wire;

#[cfg(feature = "ssr")]
pub mod audit;
#[cfg(feature = "ssr")]
pub mod client;
#[cfg(feature = "ssr")]
pub mod config;
#[cfg(feature = "ssr")]
pub mod rate_limit;
#[cfg(feature = "ssr")]
mod schema;
#[cfg(feature = "ssr")]
pub mod security;

#[cfg(feature = "ssr")]
pub use error::ErrorBody;
pub use error::{AppError, AppResult, FieldError};
pub use id::Id;
pub use page::Page;
pub use time::Timestamp;
pub(crate) use wire::wire_enum;
