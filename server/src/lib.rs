#![recursion_limit = "512"]

//! The CodinCod server: configuration, start-up, the HTTP router (Leptos pages,
//! server functions, the legacy JSON API), and operator commands.

pub mod cli;
pub mod database;
pub mod http;
pub mod import;
pub mod jobs;
pub mod legacy_api;
pub mod metrics;
pub mod realtime;
pub mod router;
pub mod seed;
pub mod serve;
pub mod telemetry;
