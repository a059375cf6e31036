//! Running one bwrap invocation: spawning it on its slot's host uid, feeding stdin, capturing
//! capped output, enforcing the wall clock, and reaping it with its resource usage.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::mem;
use std::os::fd::OwnedFd;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::unix::pipe;
use tokio::task::JoinHandle;

use super::cgroup;
use super::limits::{self, Rlimit};
use super::slots::Slot;
use super::usage::Usage;

const READ_CHUNK: usize = 8192;

/// How often the watchdog sums a jail's memory when no cgroup caps it.
const MEMORY_WATCH_PERIOD: Duration = Duration::from_millis(20);

/// How a process ended, as `wait` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Exit {
    Code(i32),
    Signal(i32),
}

#[derive(Debug, Clone, Copy)]
enum Stream {
    Stdout,
    Stderr,
}

/// Why the sandbox killed a jail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kill {
    WallTime,
    OutputLimit,
    MemoryLimit,
}

/// What keeps a whole jail's memory in bounds.
pub(super) enum MemoryGuard {
    /// The process list of the slot's cgroup, which bwrap joins before it starts.
    Cgroup(OwnedFd),
    /// The jail is killed once its processes together hold more than this many bytes.
    Watchdog(u64),
}

/// One bwrap invocation.
pub(super) struct Launch<'a> {
    pub(super) bwrap: &'a Path,
    pub(super) args: Vec<OsString>,
    pub(super) rlimits: [Rlimit; 6],
    pub(super) wall: Duration,
    pub(super) output_bytes: usize,
    pub(super) stdin: &'a [u8],
}

#[derive(Debug, Default)]
pub(super) struct Captured {
    pub(super) stdout: Vec<u8>,
    pub(super) stderr: Vec<u8>,
    /// Both streams in the order their chunks arrived.
    pub(super) output: Vec<u8>,
    pub(super) overflowed: bool,
}

#[derive(Debug)]
pub(super) struct Finished {
    pub(super) captured: Captured,
    pub(super) exit: Exit,
    pub(super) killed: Option<Kill>,
    pub(super) wall: Duration,
    /// Of bwrap and every process of the jail.
    pub(super) usage: Usage,
}

/// Runs `launch` to completion. The slot is released only once the jail is reaped, even if
/// this future is dropped early (the jail is then killed).
pub(super) async fn run(launch: Launch<'_>, memory: MemoryGuard, slot: Slot) -> io::Result<Finished> {
    let started = Instant::now();
    let (cgroup, watched_bytes) = match memory {
        MemoryGuard::Cgroup(procs) => (Some(procs), None),
        MemoryGuard::Watchdog(bytes) => (None, Some(bytes)),
    };
    let mut child = spawn(&launch, slot.uid(), cgroup)?;
    let (process, mut reaping) = Process::watch(&child, slot);
    let (stdin, stdout, stderr) = (
        pipe::Sender::from_owned_fd(take_pipe(child.stdin.take())?)?,
        pipe::Receiver::from_owned_fd(take_pipe(child.stdout.take())?)?,
        pipe::Receiver::from_owned_fd(take_pipe(child.stderr.take())?)?,
    );

    let capture = async {
        let captured = capture(stdout, stderr, launch.output_bytes).await;
        if captured.as_ref().is_ok_and(|captured| captured.overflowed) {
            process.kill();
        }
        captured
    };
    let supervise = async {
        let kill = tokio::select! {
            reaped = &mut reaping => return (reaped, None),
            () = tokio::time::sleep(launch.wall) => Kill::WallTime,
            () = watch_memory(&process, watched_bytes) => Kill::MemoryLimit,
        };
        process.kill();
        ((&mut reaping).await, Some(kill))
    };
    let ((), captured, (reaped, limit_kill)) = tokio::join!(feed(stdin, launch.stdin), capture, supervise);

    let (exit, reaped_usage) = reaped.map_err(io::Error::other)??;
    let captured = captured?;
    let killed = if captured.overflowed { Some(Kill::OutputLimit) } else { limit_kill };
    Ok(Finished {
        exit,
        killed,
        wall: started.elapsed(),
        usage: reaped_usage.max(process.usage_before_kill()),
        captured,
    })
}

/// Returns once the jail's processes together hold more than `limit` bytes; never without one.
async fn watch_memory(process: &Process, limit: Option<u64>) {
    let Some(limit) = limit else {
        return std::future::pending().await;
    };
    let mut tick = tokio::time::interval(MEMORY_WATCH_PERIOD);
    loop {
        tick.tick().await;
        if Usage::resident_bytes_of_tree(process.pid) > limit {
            return;
        }
    }
}

fn spawn(launch: &Launch<'_>, uid: u32, cgroup: Option<OwnedFd>) -> io::Result<std::process::Child> {
    let rlimits = launch.rlimits;
    let mut command = Command::new(launch.bwrap);
    command
        .args(&launch.args)
        .env_clear()
        .current_dir("/")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // std also drops supplementary groups when switching away from root.
        .uid(uid)
        .gid(uid);
    // SAFETY: the hook only calls write and setrlimit, which are async-signal-safe, on an open
    // descriptor and a copied array.
    unsafe {
        command.pre_exec(move || {
            if let Some(procs) = &cgroup {
                cgroup::join(procs)?;
            }
            limits::apply(&rlimits)
        })
    };
    command.spawn()
}

fn take_pipe(pipe: Option<impl Into<OwnedFd>>) -> io::Result<OwnedFd> {
    pipe.map(Into::into).ok_or_else(|| io::Error::other("a standard stream of bwrap was not piped"))
}

async fn feed(mut stdin: pipe::Sender, input: &[u8]) {
    // A program may exit without reading its input; the EPIPE that follows is not an error.
    let _ = stdin.write_all(input).await;
}

/// Reads both streams until they close, keeping at most `limit` bytes in total. Returns early
/// once that is exceeded, closing the pipes so nothing more is buffered.
async fn capture(
    mut stdout: pipe::Receiver,
    mut stderr: pipe::Receiver,
    limit: usize,
) -> io::Result<Captured> {
    let mut captured = Captured::default();
    let (mut stdout_chunk, mut stderr_chunk) = ([0; READ_CHUNK], [0; READ_CHUNK]);
    let (mut stdout_open, mut stderr_open) = (true, true);
    while !captured.overflowed {
        tokio::select! {
            read = stdout.read(&mut stdout_chunk), if stdout_open => {
                let read = read?;
                stdout_open = read > 0;
                captured.push(Stream::Stdout, &stdout_chunk[..read], limit);
            }
            read = stderr.read(&mut stderr_chunk), if stderr_open => {
                let read = read?;
                stderr_open = read > 0;
                captured.push(Stream::Stderr, &stderr_chunk[..read], limit);
            }
            else => break,
        }
    }
    Ok(captured)
}

impl Captured {
    fn push(&mut self, stream: Stream, chunk: &[u8], limit: usize) {
        let room = limit.saturating_sub(self.output.len());
        let kept = &chunk[..chunk.len().min(room)];
        self.output.extend_from_slice(kept);
        match stream {
            Stream::Stdout => self.stdout.extend_from_slice(kept),
            Stream::Stderr => self.stderr.extend_from_slice(kept),
        }
        self.overflowed = kept.len() < chunk.len();
    }
}

/// A spawned bwrap that is killed if dropped before it is reaped.
struct Process {
    pid: libc::pid_t,
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    /// Set once the zombie is collected; guards `kill` against recycled pids.
    reaped: bool,
    usage_before_kill: Usage,
}

type Reaping = JoinHandle<io::Result<(Exit, Usage)>>;

impl Process {
    /// Starts reaping `child` on a blocking thread, which then releases `slot`.
    fn watch(child: &std::process::Child, slot: Slot) -> (Self, Reaping) {
        let pid = libc::pid_t::try_from(child.id()).expect("Linux pids fit in pid_t");
        let state = Arc::new(Mutex::new(State::default()));
        let reaping = {
            let state = Arc::clone(&state);
            tokio::task::spawn_blocking(move || {
                let reaped = reap(pid, &state);
                drop(slot);
                reaped
            })
        };
        (Self { pid, state }, reaping)
    }

    fn usage_before_kill(&self) -> Usage {
        lock(&self.state).usage_before_kill
    }

    fn kill(&self) {
        let mut state = lock(&self.state);
        if state.reaped {
            return;
        }
        // The teardown below accounts the jail's live processes to no one; measure them first.
        let usage_now = Usage::of_process_tree(self.pid);
        state.usage_before_kill = state.usage_before_kill.max(usage_now);
        // Killing bwrap's child, the jail's init, tears down its pid namespace: the kernel kills
        // and reaps every jailed process before bwrap sees the init exit, so the slot's uid is
        // free once bwrap is reaped. Before that child exists, killing bwrap lets
        // --die-with-parent do the rest.
        let target = namespace_init(self.pid).unwrap_or(self.pid);
        // SAFETY: plain syscall; `target` is bwrap (unreaped, so not recycled) or its child.
        unsafe { libc::kill(target, libc::SIGKILL) };
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
    }
}

fn namespace_init(bwrap: libc::pid_t) -> Option<libc::pid_t> {
    fs::read_to_string(format!("/proc/{bwrap}/task/{bwrap}/children"))
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

fn reap(pid: libc::pid_t, state: &Mutex<State>) -> io::Result<(Exit, Usage)> {
    // Wait without reaping first, so that `kill` (which holds the lock) never sees a pid that was
    // collected and possibly recycled.
    // SAFETY: siginfo_t is a plain C struct for which all zeroes is a valid value.
    let mut info: libc::siginfo_t = unsafe { mem::zeroed() };
    retry_interrupted(|| {
        // SAFETY: `info` is a valid, writable siginfo_t.
        unsafe { libc::waitid(libc::P_PID, pid.unsigned_abs(), &mut info, libc::WEXITED | libc::WNOWAIT) }
    })?;
    let mut state = lock(state);
    let mut status = 0;
    // SAFETY: rusage is a plain C struct for which all zeroes is a valid value.
    let mut usage: libc::rusage = unsafe { mem::zeroed() };
    // SAFETY: `status` and `usage` are valid and writable.
    retry_interrupted(|| unsafe { libc::wait4(pid, &mut status, 0, &mut usage) })?;
    state.reaped = true;

    let exit = if libc::WIFSIGNALED(status) {
        Exit::Signal(libc::WTERMSIG(status))
    } else {
        Exit::Code(libc::WEXITSTATUS(status))
    };
    Ok((exit, Usage::from_rusage(&usage)))
}

fn retry_interrupted(mut syscall: impl FnMut() -> libc::c_int) -> io::Result<()> {
    loop {
        if syscall() != -1 {
            return Ok(());
        }
        let error = io::Error::last_os_error();
        if error.kind() != io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_beyond_the_limit_is_cut_and_flagged() {
        let mut captured = Captured::default();
        captured.push(Stream::Stdout, b"abc", 5);
        captured.push(Stream::Stderr, b"def", 5);
        assert_eq!(captured.output, b"abcde");
        assert_eq!((captured.stdout.as_slice(), captured.stderr.as_slice()), (&b"abc"[..], &b"de"[..]));
        assert!(captured.overflowed);
    }

    #[test]
    fn output_of_exactly_the_limit_is_kept_whole() {
        let mut captured = Captured::default();
        captured.push(Stream::Stdout, b"abcde", 5);
        assert!(!captured.overflowed);
    }
}
