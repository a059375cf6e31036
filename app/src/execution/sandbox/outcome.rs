//! What a stage produced, and the verdict drawn from how it ended.

use std::time::Duration;

use crate::execution::{StageResult, StageStatus};

use super::jail;
use super::process::{Exit, Finished, Kill};
use crate::execution::Limits;

/// Lower-cased stderr fragments with which runtimes report a failed allocation. Under RLIMIT_AS
/// an allocation fails cleanly, so the program usually says so itself.
const OUT_OF_MEMORY_MARKERS: &[&str] = &[
    "memoryerror",                    // Python
    "std::bad_alloc",                 // C++
    "outofmemoryerror",               // JVM
    "could not reserve enough space", // JVM start-up
    "allocation failed",              // V8 heap and array buffers
    "fatal process oom",              // V8 reservations
    "cannot allocate memory",         // strerror(ENOMEM): bash, Perl, coreutils
    "out of memory",                  // Go, Perl, PHP
    "not enough memory",              // Lua
    "failed to allocate memory",      // Ruby
    "memory allocation of",           // Rust
];

/// Allocation errors are reported last, so only the end of stderr is searched.
const STDERR_TAIL_BYTES: usize = 4096;

impl StageResult {
    pub(super) fn new(finished: Finished, limits: &Limits) -> Self {
        let exit = jail::jailed_exit(finished.exit);
        let status = verdict(&finished, exit, limits);
        let (exit_code, signal) = match exit {
            Exit::Code(code) => (Some(code), None),
            Exit::Signal(number) => (None, Some(signal_name(number))),
        };
        let text = |bytes: Vec<u8>| String::from_utf8_lossy(&bytes).into_owned();
        let captured = finished.captured;
        Self {
            stdout: text(captured.stdout),
            stderr: text(captured.stderr),
            output: text(captured.output),
            exit_code,
            signal,
            wall_ms: millis(finished.wall),
            cpu_ms: millis(finished.usage.cpu),
            memory_bytes: finished.usage.peak_memory_bytes,
            status,
        }
    }

    /// A compiler's failure is the submission's compile error; its limits keep their status.
    pub(super) fn into_compile_result(self) -> Self {
        match self.status {
            StageStatus::RuntimeError => Self { status: StageStatus::CompileError, ..self },
            _ => self,
        }
    }
}

fn verdict(finished: &Finished, exit: Exit, limits: &Limits) -> StageStatus {
    let stderr = &finished.captured.stderr;
    match (finished.killed, exit) {
        (Some(Kill::OutputLimit), _) => StageStatus::OutputLimit,
        (Some(Kill::WallTime), _) => StageStatus::TimeLimit,
        (Some(Kill::MemoryLimit), _) => StageStatus::MemoryLimit,
        (None, Exit::Code(0)) => StageStatus::Ok,
        (None, Exit::Signal(libc::SIGXCPU)) => StageStatus::TimeLimit,
        // The RLIMIT_CPU hard limit, for programs that survive SIGXCPU.
        (None, Exit::Signal(libc::SIGKILL)) if finished.usage.cpu >= limits.cpu => StageStatus::TimeLimit,
        // Otherwise only the kernel's OOM killer sends SIGKILL into a jail.
        (None, Exit::Signal(libc::SIGKILL)) => StageStatus::MemoryLimit,
        _ if reports_out_of_memory(stderr) => StageStatus::MemoryLimit,
        _ if jail::is_setup_failure(exit, stderr) => StageStatus::InternalError,
        _ => StageStatus::RuntimeError,
    }
}

fn reports_out_of_memory(stderr: &[u8]) -> bool {
    let tail = &stderr[stderr.len().saturating_sub(STDERR_TAIL_BYTES)..];
    let tail = String::from_utf8_lossy(tail).to_lowercase();
    OUT_OF_MEMORY_MARKERS.iter().any(|marker| tail.contains(marker))
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

fn signal_name(number: i32) -> String {
    const NAMES: &[(i32, &str)] = &[
        (libc::SIGHUP, "SIGHUP"),
        (libc::SIGINT, "SIGINT"),
        (libc::SIGQUIT, "SIGQUIT"),
        (libc::SIGILL, "SIGILL"),
        (libc::SIGTRAP, "SIGTRAP"),
        (libc::SIGABRT, "SIGABRT"),
        (libc::SIGBUS, "SIGBUS"),
        (libc::SIGFPE, "SIGFPE"),
        (libc::SIGKILL, "SIGKILL"),
        (libc::SIGUSR1, "SIGUSR1"),
        (libc::SIGSEGV, "SIGSEGV"),
        (libc::SIGUSR2, "SIGUSR2"),
        (libc::SIGPIPE, "SIGPIPE"),
        (libc::SIGALRM, "SIGALRM"),
        (libc::SIGTERM, "SIGTERM"),
        (libc::SIGSTKFLT, "SIGSTKFLT"),
        (libc::SIGCHLD, "SIGCHLD"),
        (libc::SIGCONT, "SIGCONT"),
        (libc::SIGSTOP, "SIGSTOP"),
        (libc::SIGTSTP, "SIGTSTP"),
        (libc::SIGTTIN, "SIGTTIN"),
        (libc::SIGTTOU, "SIGTTOU"),
        (libc::SIGURG, "SIGURG"),
        (libc::SIGXCPU, "SIGXCPU"),
        (libc::SIGXFSZ, "SIGXFSZ"),
        (libc::SIGVTALRM, "SIGVTALRM"),
        (libc::SIGPROF, "SIGPROF"),
        (libc::SIGWINCH, "SIGWINCH"),
        (libc::SIGIO, "SIGIO"),
        (libc::SIGPWR, "SIGPWR"),
        (libc::SIGSYS, "SIGSYS"),
    ];
    NAMES
        .iter()
        .find(|(candidate, _)| *candidate == number)
        .map_or_else(|| format!("SIG{number}"), |(_, name)| (*name).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::execution::sandbox::process::Captured;
    use crate::execution::sandbox::usage::Usage;

    fn finished(exit: Exit, killed: Option<Kill>, stderr: &str) -> Finished {
        Finished {
            captured: Captured { stderr: stderr.into(), ..Captured::default() },
            exit,
            killed,
            wall: Duration::from_millis(10),
            usage: Usage::default(),
        }
    }

    fn status(exit: Exit, killed: Option<Kill>, stderr: &str) -> StageStatus {
        StageResult::new(finished(exit, killed, stderr), &Limits::run_default()).status
    }

    #[test]
    fn verdicts() {
        use StageStatus::*;
        assert_eq!(status(Exit::Code(0), None, ""), Ok);
        assert_eq!(status(Exit::Code(137), Some(Kill::WallTime), ""), TimeLimit);
        assert_eq!(status(Exit::Code(0), Some(Kill::OutputLimit), ""), OutputLimit);
        assert_eq!(status(Exit::Code(137), Some(Kill::MemoryLimit), ""), MemoryLimit);
        assert_eq!(status(Exit::Code(152), None, ""), TimeLimit);
        assert_eq!(status(Exit::Code(137), None, ""), MemoryLimit);
        assert_eq!(status(Exit::Code(1), None, "MemoryError\n"), MemoryLimit);
        assert_eq!(status(Exit::Code(134), None, "std::bad_alloc"), MemoryLimit);
        assert_eq!(status(Exit::Code(1), None, "bwrap: Can't mount"), InternalError);
        assert_eq!(status(Exit::Code(139), None, ""), RuntimeError);
        let compile = StageResult::new(finished(Exit::Code(1), None, ""), &Limits::run_default());
        assert_eq!(compile.into_compile_result().status, CompileError);
    }

    #[test]
    fn signals_are_named_like_piston_does() {
        let result =
            StageResult::new(finished(Exit::Code(137), Some(Kill::WallTime), ""), &Limits::run_default());
        assert_eq!((result.exit_code, result.signal.as_deref()), (None, Some("SIGKILL")));
        assert_eq!(signal_name(64), "SIG64");
    }

    #[test]
    fn status_serializes_in_snake_case() {
        let json = serde_json::to_string(&StageStatus::TimeLimit).expect("serializable");
        assert_eq!(json, "\"time_limit\"");
    }
}
