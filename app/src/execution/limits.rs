//! Resource limits of one stage (compile or run) of a submission.

use std::time::Duration;

const MIB: u64 = 1024 * 1024;

/// Limits of one stage (compile or run) of a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Wall-clock time after which the whole jail is killed.
    pub wall: Duration,
    /// CPU time of each process (RLIMIT_CPU counts whole seconds, so this is rounded up).
    pub cpu: Duration,
    /// Address space of each process (RLIMIT_AS). JVM and V8 runtimes get this as their heap
    /// limit instead, plus a fixed address-space headroom for their up-front reservations.
    pub memory_bytes: u64,
    /// Memory of the whole jail, all its processes together: a cgroup's `memory.max` where the
    /// server has a cgroup to delegate from, else the sum a watchdog reads from /proc.
    pub jail_memory_bytes: u64,
    /// Processes and threads of the jail at once (RLIMIT_NPROC on a host uid of its own).
    pub processes: u32,
    /// Largest file a process may write (RLIMIT_FSIZE), and the size of each of the jail's
    /// writable tmpfs mounts (`/tmp`, `/dev/shm`, and `/sandbox` during runs).
    pub file_size_bytes: u64,
    /// Combined stdout and stderr kept; the jail is killed when it writes more.
    pub output_bytes: usize,
}

impl Limits {
    pub fn run_default() -> Self {
        Self {
            wall: Duration::from_secs(3),
            cpu: Duration::from_secs(2),
            memory_bytes: 256 * MIB,
            // A JVM or V8 heap of `memory_bytes` plus the runtime around it.
            jail_memory_bytes: 512 * MIB,
            processes: 32,
            file_size_bytes: 16 * MIB,
            output_bytes: 1024 * 1024,
        }
    }

    /// Compilers (g++, javac) need far more memory and time than most solutions.
    pub fn compile_default() -> Self {
        Self {
            wall: Duration::from_secs(15),
            cpu: Duration::from_secs(10),
            memory_bytes: 1024 * MIB,
            jail_memory_bytes: 2048 * MIB,
            processes: 64,
            file_size_bytes: 64 * MIB,
            ..Self::run_default()
        }
    }
}
