//! Running code: the runner port, its adapters (built-in sandbox, Piston) and the
//! judging rules.

pub mod judge;
pub mod rules;
mod types;

#[cfg(feature = "ssr")]
mod limits;
#[cfg(feature = "ssr")]
pub mod piston;
#[cfg(feature = "ssr")]
pub mod runner;
#[cfg(feature = "ssr")]
pub mod sandbox;
#[cfg(feature = "ssr")]
pub mod service;

#[cfg(feature = "ssr")]
pub use limits::Limits;
pub use types::*;

/// The runner the configuration asks for: Piston when `PISTON_URL` is set, else the
/// built-in sandbox. When the sandbox cannot start, a stand-in refuses every run with
/// the reason: code never runs unsandboxed.
#[cfg(feature = "ssr")]
pub async fn runner_from_config(
    config: &crate::core::config::Config,
) -> std::sync::Arc<dyn runner::CodeRunner> {
    use std::sync::Arc;
    if let Some(url) = &config.piston_url {
        tracing::info!(%url, "running code on Piston");
        return Arc::new(piston::Piston::new(url, Limits::compile_default()));
    }
    let defaults = sandbox::SandboxConfig::default();
    let sandbox_config = sandbox::SandboxConfig {
        max_concurrency: config.sandbox_concurrency.unwrap_or(defaults.max_concurrency),
        first_host_uid: config.sandbox_uid_base,
        ..defaults
    };
    match sandbox::Sandbox::detect(sandbox_config).await {
        Ok(sandbox) => {
            let languages: Vec<String> =
                sandbox.runtimes().map(|r| format!("{} {}", r.language, r.version)).collect();
            tracing::info!(languages = languages.join(", "), "running code in the built-in sandbox");
            Arc::new(sandbox)
        }
        Err(error) => {
            tracing::error!(%error, "the built-in sandbox cannot run code on this host");
            Arc::new(runner::Unavailable { reason: error.to_string() })
        }
    }
}
