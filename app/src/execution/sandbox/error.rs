//! Why the sandbox could not do what it was asked (a program failing is not an error).

use std::io;

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("the sandbox must run as root to start jails as unprivileged host uids")]
    NotRoot,
    #[error("the bubblewrap jail does not work: {0}")]
    JailUnavailable(String),
    #[error("no runtime for language {0:?}")]
    UnknownLanguage(String),
    #[error("the program did not compile; see `Prepared::compile_result`")]
    NotCompiled,
    #[error("{context}: {source}")]
    Io { context: &'static str, source: io::Error },
}

/// Wraps an I/O error with what the sandbox was doing.
pub(super) fn io_error(context: &'static str) -> impl FnOnce(io::Error) -> SandboxError {
    move |source| SandboxError::Io { context, source }
}
