//! Structured logs on stderr.

use tracing_subscriber::{EnvFilter, fmt};

/// `RUST_LOG` wins over the configured level.
pub fn init(default_level: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_level));
    let _ = fmt().with_env_filter(filter).with_target(false).try_init();
}
