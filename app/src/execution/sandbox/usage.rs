//! CPU time and peak memory of a jail.
//!
//! wait4 on bwrap accounts every jailed process that was reaped normally. Processes still alive
//! when a jail is killed are not: tearing down a pid namespace reaps them without accounting
//! them to anyone. So a jail's process tree is also read from /proc right before it is killed.

use std::fs;
use std::ops::Add;
use std::time::Duration;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Usage {
    /// User plus system time.
    pub(super) cpu: Duration,
    /// Largest peak resident set of any one process.
    pub(super) peak_memory_bytes: Option<u64>,
}

impl Usage {
    /// What `wait4` reported for a process and everything it reaped.
    pub(super) fn from_rusage(usage: &libc::rusage) -> Self {
        Self {
            cpu: duration(usage.ru_utime) + duration(usage.ru_stime),
            peak_memory_bytes: kib_to_bytes(usage.ru_maxrss.try_into().unwrap_or(0)),
        }
    }

    /// `root` and its live descendants, including what each of them has reaped so far.
    pub(super) fn of_process_tree(root: libc::pid_t) -> Self {
        process_tree(root).map(|pid| of_process(pid).unwrap_or_default()).fold(Self::default(), Add::add)
    }

    /// Memory that `root` and its live descendants hold now, together: private and shared
    /// anonymous memory, not the files they map (the toolchains, shared by every jail).
    pub(super) fn resident_bytes_of_tree(root: libc::pid_t) -> u64 {
        process_tree(root).filter_map(resident_bytes).sum()
    }

    /// Each field from whichever measurement saw more.
    pub(super) fn max(self, other: Self) -> Self {
        Self {
            cpu: self.cpu.max(other.cpu),
            peak_memory_bytes: self.peak_memory_bytes.max(other.peak_memory_bytes),
        }
    }
}

/// Usage of processes running side by side: CPU adds up, memory peaks do not.
impl Add for Usage {
    type Output = Self;

    fn add(self, other: Self) -> Self {
        Self {
            cpu: self.cpu + other.cpu,
            peak_memory_bytes: self.peak_memory_bytes.max(other.peak_memory_bytes),
        }
    }
}

fn of_process(pid: libc::pid_t) -> Option<Usage> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the parenthesised command name, which may itself contain spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    // utime, stime, cutime and cstime are fields 14 to 17, counted from the pid as 1.
    let ticks: u64 =
        fields.get(11..15)?.iter().map(|field| field.parse::<u64>().ok()).sum::<Option<u64>>()?;
    // SAFETY: sysconf has no preconditions.
    let ticks_per_second = u64::try_from(unsafe { libc::sysconf(libc::_SC_CLK_TCK) }).ok()?;
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let peak_kib = kib_field(&status, "VmHWM:");
    Some(Usage {
        cpu: Duration::from_millis(ticks * 1000 / ticks_per_second.max(1)),
        peak_memory_bytes: peak_kib.and_then(kib_to_bytes),
    })
}

/// `root` and its descendants, parents first.
fn process_tree(root: libc::pid_t) -> impl Iterator<Item = libc::pid_t> {
    let mut pending = vec![root];
    std::iter::from_fn(move || {
        let pid = pending.pop()?;
        pending.extend(children(pid));
        Some(pid)
    })
}

fn resident_bytes(pid: libc::pid_t) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    Some((kib_field(&status, "RssAnon:")? + kib_field(&status, "RssShmem:").unwrap_or(0)) * 1024)
}

/// A `/proc/<pid>/status` field counted in kB, such as `VmHWM:`.
fn kib_field(status: &str, field: &str) -> Option<u64> {
    let value = status.lines().find_map(|line| line.strip_prefix(field))?;
    value.trim().trim_end_matches("kB").trim().parse().ok()
}

fn children(pid: libc::pid_t) -> Vec<libc::pid_t> {
    let mut children = Vec::new();
    let Ok(threads) = fs::read_dir(format!("/proc/{pid}/task")) else {
        return children;
    };
    for thread in threads.flatten() {
        if let Ok(list) = fs::read_to_string(thread.path().join("children")) {
            children.extend(list.split_whitespace().filter_map(|child| child.parse::<libc::pid_t>().ok()));
        }
    }
    children
}

fn kib_to_bytes(kib: u64) -> Option<u64> {
    (kib > 0).then(|| kib * 1024)
}

fn duration(time: libc::timeval) -> Duration {
    let seconds = u64::try_from(time.tv_sec).unwrap_or(0);
    let micros = u64::try_from(time.tv_usec).unwrap_or(0);
    Duration::from_secs(seconds) + Duration::from_micros(micros)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_current_process_tree_is_measured() {
        let pid = libc::pid_t::try_from(std::process::id()).expect("pid fits");
        let usage = Usage::of_process_tree(pid);
        assert!(usage.peak_memory_bytes.is_some_and(|bytes| bytes > 0), "{usage:?}");
        assert!(Usage::resident_bytes_of_tree(pid) > 0);
    }

    #[test]
    fn combining_adds_cpu_and_keeps_the_larger_peak() {
        let small = Usage { cpu: Duration::from_millis(5), peak_memory_bytes: Some(10) };
        let large = Usage { cpu: Duration::from_millis(7), peak_memory_bytes: Some(20) };
        assert_eq!((small + large).cpu, Duration::from_millis(12));
        assert_eq!((small + large).peak_memory_bytes, Some(20));
        assert_eq!(small.max(large), large);
    }
}
