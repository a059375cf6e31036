//! Server configuration, read from the environment (and `.env`) or flags.

use clap::{Args, ValueEnum};
use std::net::SocketAddr;

/// Everything the running server can be configured with. The README lists each
/// variable; defaults make a local run work without any.
#[derive(Debug, Clone, Args)]
pub struct Config {
    /// PostgreSQL connection URL.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: String,

    /// Largest number of pooled database connections.
    #[arg(long, env = "DATABASE_MAX_CONNECTIONS", default_value_t = 20)]
    pub database_max_connections: u32,

    /// Address the HTTP server listens on.
    #[arg(long, env = "BIND_ADDR", default_value = "127.0.0.1:3000")]
    pub bind_addr: SocketAddr,

    /// Origin users reach this server at; mutating requests from other origins are refused.
    #[arg(long, env = "PUBLIC_ORIGIN", default_value = "http://127.0.0.1:3000")]
    pub public_origin: String,

    /// Origin of the legacy TypeScript frontend, allowed by CORS with credentials.
    #[arg(long, env = "FRONTEND_URL", default_value = "http://localhost:5173")]
    pub frontend_url: String,

    /// Piston execution service; when absent, code runs in the built-in sandbox.
    #[arg(long, env = "PISTON_URL")]
    pub piston_url: Option<String>,

    /// Jails the built-in sandbox runs at once (default: one per CPU).
    #[arg(long, env = "SANDBOX_CONCURRENCY")]
    pub sandbox_concurrency: Option<usize>,

    /// First of the host uids the sandbox's jails run as (one per concurrent jail);
    /// no account may use them. Servers sharing a host need disjoint ranges.
    #[arg(long, env = "SANDBOX_UID_BASE", default_value_t = 990_000)]
    pub sandbox_uid_base: u32,

    /// Mark the session cookie `Secure` (set it when served over HTTPS).
    #[arg(long, env = "COOKIE_SECURE", default_value_t = false, action = clap::ArgAction::Set)]
    pub cookie_secure: bool,

    /// Domain attribute of the session cookie (e.g. `.example.com`); host-only when absent.
    #[arg(long, env = "COOKIE_DOMAIN")]
    pub cookie_domain: Option<String>,

    /// Take the client address from `X-Forwarded-For` (only behind a trusted reverse proxy).
    #[arg(long, env = "TRUST_PROXY", default_value_t = false, action = clap::ArgAction::Set)]
    pub trust_proxy: bool,

    /// Rate limits: `normal`, or `relaxed` (a thousand times higher, for end-to-end test runs).
    #[arg(long, env = "RATE_LIMITS", value_enum, default_value_t = RateLimitMode::Normal)]
    pub rate_limits: RateLimitMode,

    /// Log filter (`RUST_LOG` syntax); `RUST_LOG` itself wins when set.
    #[arg(long, env = "LOG_LEVEL", default_value = "info")]
    pub log_level: String,

    /// Log lines as `text` for people or `json` (one object a line) for log collectors.
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// Serve Prometheus metrics at `/metrics` on this separate address (keep it private).
    #[arg(long, env = "METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,

    /// Also serve `/metrics` on the main address to requests bearing this token.
    #[arg(long, env = "METRICS_TOKEN")]
    pub metrics_token: Option<String>,
}

impl Config {
    /// Origins whose requests may change state: our own pages and the legacy frontend.
    pub fn trusted_origins(&self) -> [&str; 2] {
        [self.public_origin.trim_end_matches('/'), self.frontend_url.trim_end_matches('/')]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RateLimitMode {
    Normal,
    Relaxed,
}
