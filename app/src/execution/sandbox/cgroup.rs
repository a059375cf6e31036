//! A memory cap on the whole jail from cgroup v2, where the server was delegated a subtree
//! (systemd's `Delegate=yes`).
//!
//! The server only touches cgroups it creates under its own: it moves itself into a child
//! `server` (a cgroup with children may hold no processes), enables the memory and pids
//! controllers for its children, and gives each slot a `jail-<uid>` cgroup whose `memory.max` is
//! set before each run. bwrap joins its slot's cgroup between fork and exec, so every jailed
//! process is born inside it; when the jail goes over, the kernel kills all of it at once
//! (`memory.oom.group`).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::fd::{AsRawFd, OwnedFd};
use std::path::{Path, PathBuf};

const CGROUP2_ROOT: &str = "/sys/fs/cgroup";

/// The server's own cgroup v2 directory, prepared for jails.
#[derive(Debug)]
pub(super) struct Delegation {
    own: PathBuf,
}

impl Delegation {
    /// The delegated subtree, if this host gives the server one; `None` (logged when a subtree
    /// was there but could not be set up) means the watchdog has to do.
    pub(super) fn detect() -> Option<Self> {
        let membership = fs::read_to_string("/proc/self/cgroup").ok()?;
        let own = Path::new(CGROUP2_ROOT).join(own_cgroup(&membership)?.trim_start_matches('/'));
        let controllers = fs::read_to_string(own.join("cgroup.controllers")).ok()?;
        if !has_controllers(&controllers, &["memory", "pids"]) {
            return None;
        }
        match Self::take_over(&own) {
            Ok(delegation) => Some(delegation),
            Err(error) => {
                tracing::warn!(cgroup = %own.display(), %error, "the server's cgroup cannot hold jails");
                None
            }
        }
    }

    fn take_over(own: &Path) -> io::Result<Self> {
        let server = own.join("server");
        fs::create_dir_all(&server)?;
        write(&server.join("cgroup.procs"), &std::process::id().to_string())?;
        write(&own.join("cgroup.subtree_control"), "+memory +pids")?;
        Ok(Self { own: own.to_owned() })
    }

    /// Sets the memory cap of `uid`'s jail cgroup (creating it the first time) and opens its
    /// process list, for bwrap to join it.
    pub(super) fn jail(&self, uid: u32, memory_bytes: u64) -> io::Result<OwnedFd> {
        let dir = self.own.join(format!("jail-{uid}"));
        if !dir.is_dir() {
            fs::create_dir(&dir)?;
            write(&dir.join("memory.swap.max"), "0")?;
            write(&dir.join("memory.oom.group"), "1")?;
        }
        write(&dir.join("memory.max"), &memory_bytes.to_string())?;
        Ok(OpenOptions::new().write(true).open(dir.join("cgroup.procs"))?.into())
    }
}

/// Moves the calling process into the cgroup whose `cgroup.procs` is open as `procs`.
/// Async-signal-safe, so it may run between `fork` and `exec`; the permission check uses the
/// credentials that opened the file (Linux 5.16 and later), so it works after the uid switch.
pub(super) fn join(procs: &OwnedFd) -> io::Result<()> {
    // "0" stands for the writing process.
    // SAFETY: writes one byte from a static buffer to an open descriptor.
    if unsafe { libc::write(procs.as_raw_fd(), b"0".as_ptr().cast(), 1) } != 1 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

fn write(path: &Path, value: &str) -> io::Result<()> {
    File::options().write(true).open(path)?.write_all(value.as_bytes())
}

/// The process's cgroup v2 path from `/proc/self/cgroup`, when it is in a v2-only hierarchy and
/// not in the root cgroup (which is never delegated).
fn own_cgroup(membership: &str) -> Option<&str> {
    let mut lines = membership.lines();
    let path = lines.next()?.strip_prefix("0::")?;
    (lines.next().is_none() && path != "/").then_some(path)
}

fn has_controllers(listed: &str, wanted: &[&str]) -> bool {
    wanted.iter().all(|controller| listed.split_whitespace().any(|c| c == *controller))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_unified_non_root_cgroup_is_used() {
        assert_eq!(own_cgroup("0::/system.slice/codincod.service\n"), Some("/system.slice/codincod.service"));
        assert_eq!(own_cgroup("0::/\n"), None, "the root cgroup is never delegated");
        assert_eq!(own_cgroup("4:memory:/x\n0::/\n"), None, "hybrid hierarchies have v1 memory");
        assert_eq!(own_cgroup(""), None);
    }

    #[test]
    fn controllers_must_all_be_available() {
        assert!(has_controllers("cpuset cpu io memory pids", &["memory", "pids"]));
        assert!(!has_controllers("cpu io pids", &["memory", "pids"]));
    }
}
