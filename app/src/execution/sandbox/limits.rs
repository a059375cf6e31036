//! Limits of a jailed stage translated into rlimits.

use std::io;

use crate::execution::Limits;

const MIB: u64 = 1024 * 1024;

/// Descriptors per process: enough for a JVM's jars and modules, too few to exhaust the host.
const OPEN_FILES: u64 = 256;

impl Limits {
    pub(super) fn heap_mib(&self) -> u64 {
        self.memory_bytes / MIB
    }

    /// The rlimits of a jail, computed before `fork` so the child only has to apply them.
    pub(super) fn rlimits(&self, address_space_headroom: u64) -> [Rlimit; 6] {
        let cpu_seconds = (self.cpu.as_secs() + u64::from(self.cpu.subsec_nanos() > 0)).max(1);
        [
            // SIGXCPU at the soft limit tells a CPU overrun apart from other kills; SIGKILL
            // follows a second later for programs that catch it.
            Rlimit::new(libc::RLIMIT_CPU, cpu_seconds, cpu_seconds + 1),
            Rlimit::fixed(libc::RLIMIT_AS, self.memory_bytes.saturating_add(address_space_headroom)),
            Rlimit::fixed(libc::RLIMIT_NPROC, self.processes.into()),
            Rlimit::fixed(libc::RLIMIT_FSIZE, self.file_size_bytes),
            Rlimit::fixed(libc::RLIMIT_NOFILE, OPEN_FILES),
            // 1 rather than 0: the kernel still pipes cores to a `|helper` core_pattern under 0,
            // and a core file needs more than one byte, so 1 disables both.
            Rlimit::fixed(libc::RLIMIT_CORE, 1),
        ]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Rlimit {
    resource: libc::__rlimit_resource_t,
    soft: libc::rlim_t,
    hard: libc::rlim_t,
}

impl Rlimit {
    fn new(resource: libc::__rlimit_resource_t, soft: u64, hard: u64) -> Self {
        Self { resource, soft, hard }
    }

    fn fixed(resource: libc::__rlimit_resource_t, value: u64) -> Self {
        Self::new(resource, value, value)
    }
}

/// Applies `rlimits` to the calling process. Async-signal-safe, so it may run between `fork`
/// and `exec`.
pub(super) fn apply(rlimits: &[Rlimit]) -> io::Result<()> {
    for limit in rlimits {
        let value = libc::rlimit { rlim_cur: limit.soft, rlim_max: limit.hard };
        // SAFETY: setrlimit only reads `value`, which outlives the call.
        if unsafe { libc::setrlimit(limit.resource, &value) } != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn cpu_limit_rounds_up_to_whole_seconds_with_a_grace_second() {
        let limits = Limits { cpu: Duration::from_millis(1500), ..Limits::run_default() };
        assert_eq!(limits.rlimits(0)[0], Rlimit::new(libc::RLIMIT_CPU, 2, 3));
    }

    #[test]
    fn headroom_is_added_to_the_address_space_only() {
        let limits = Limits::run_default();
        let rlimits = limits.rlimits(MIB);
        assert_eq!(rlimits[1], Rlimit::fixed(libc::RLIMIT_AS, 257 * MIB));
        assert_eq!(limits.heap_mib(), 256);
    }
}
