//! The bubblewrap command line: what a jail can see and how it runs.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::process::Exit;

/// The jail's working directory, inside the jail.
const WORK_DIR: &str = "/sandbox";

/// The uid and gid jailed processes see themselves as ("nobody").
const JAILED_ID: &str = "65534";

/// Top-level entries of the host's root that only lead into /usr (symlinks on merged-/usr
/// systems, directories on older ones).
const ROOT_LIBRARY_ENTRIES: &[&str] = &["bin", "sbin", "lib", "lib32", "lib64", "libx32"];

/// /etc entries every jail gets: symlink targets of many /usr/bin tools, and the loader cache.
const SHARED_ETC_ENTRIES: &[&str] = &["alternatives", "ld.so.cache"];

/// A read-only view of a host path, or a symlink mirroring one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Mount {
    ReadOnly(PathBuf),
    Symlink { target: PathBuf, link: PathBuf },
}

/// /usr and the root entries leading into it, as the host has them, plus the shared /etc entries.
pub(super) fn system_mounts() -> io::Result<Vec<Mount>> {
    let mut mounts = vec![Mount::ReadOnly(PathBuf::from("/usr"))];
    for name in ROOT_LIBRARY_ENTRIES {
        let path = Path::new("/").join(name);
        match fs::symlink_metadata(&path) {
            Ok(metadata) if metadata.is_symlink() => {
                mounts.push(Mount::Symlink { target: fs::read_link(&path)?, link: path })
            }
            Ok(metadata) if metadata.is_dir() => mounts.push(Mount::ReadOnly(path)),
            Ok(_) => {}
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(error) => return Err(error),
        }
    }
    mounts.extend(etc_mounts(SHARED_ETC_ENTRIES)?);
    Ok(mounts)
}

/// The /etc entries matching `patterns`: exact names, or prefixes when ending in `*`.
pub(super) fn etc_mounts(patterns: &[&str]) -> io::Result<Vec<Mount>> {
    let mut names = Vec::new();
    for entry in fs::read_dir("/etc")? {
        let name = entry?.file_name();
        let Some(name) = name.to_str() else { continue };
        let matches = |pattern: &&str| match pattern.strip_suffix('*') {
            Some(prefix) => name.starts_with(prefix),
            None => name == *pattern,
        };
        if patterns.iter().any(matches) {
            names.push(name.to_owned());
        }
    }
    names.sort();
    Ok(names.into_iter().map(|name| Mount::ReadOnly(Path::new("/etc").join(name))).collect())
}

/// Where the jail's working directory comes from.
#[derive(Debug, Clone, Copy)]
pub(super) enum WorkDir<'a> {
    /// A host directory the jail writes into: compilers leave their output there.
    Writable(&'a Path),
    /// A private tmpfs holding these host files read-only: each run starts from the same files
    /// and leaves nothing behind.
    Scratch(&'a [PathBuf]),
}

/// Everything one bwrap invocation needs.
pub(super) struct Jail<'a> {
    /// The jail's pid 1 (tini), which must live under a mounted path. bwrap's own init is not
    /// used: bwrap exits without reaping it, so bwrap's rusage would miss the whole jail.
    pub(super) init: &'a Path,
    pub(super) mounts: &'a [Mount],
    pub(super) work_dir: WorkDir<'a>,
    /// Size of each writable tmpfs (/tmp, /dev/shm, a scratch work dir), so that writing files
    /// cannot eat the host's memory.
    pub(super) tmpfs_bytes: u64,
    pub(super) env: &'a [(&'a str, &'a str)],
    pub(super) command: &'a [String],
}

impl Jail<'_> {
    pub(super) fn bwrap_args(&self) -> Vec<OsString> {
        let mut args = Args::default();
        args.push([
            "--unshare-all",
            // --unshare-all only tries for a user namespace; require it.
            "--unshare-user",
            "--disable-userns",
            "--die-with-parent",
            "--new-session",
            "--uid",
            JAILED_ID,
            "--gid",
            JAILED_ID,
        ]);
        for mount in self.mounts {
            match mount {
                Mount::ReadOnly(path) => args.push([OsStr::new("--ro-bind"), path.as_ref(), path.as_ref()]),
                Mount::Symlink { target, link } => {
                    args.push([OsStr::new("--symlink"), target.as_ref(), link.as_ref()])
                }
            }
        }
        args.push(["--proc", "/proc", "--dev", "/dev"]);
        args.tmpfs(self.tmpfs_bytes, "/dev/shm");
        args.tmpfs(self.tmpfs_bytes, "/tmp");
        match self.work_dir {
            WorkDir::Writable(dir) => args.push([OsStr::new("--bind"), dir.as_ref(), WORK_DIR.as_ref()]),
            WorkDir::Scratch(files) => {
                args.tmpfs(self.tmpfs_bytes, WORK_DIR);
                for file in files {
                    let name = file.file_name().unwrap_or_default();
                    let inside = Path::new(WORK_DIR).join(name);
                    args.push([OsStr::new("--ro-bind"), file.as_ref(), inside.as_ref()]);
                }
            }
        }
        // bwrap builds / and /dev on tmpfs mounts without a size limit; only the sized ones above
        // stay writable.
        args.push(["--remount-ro", "/dev", "--remount-ro", "/"]);
        args.push(["--chdir", WORK_DIR, "--clearenv"]);
        let base_env = [("PATH", "/usr/bin:/bin"), ("HOME", "/tmp"), ("LANG", "C.UTF-8")];
        for (name, value) in base_env.iter().chain(self.env) {
            args.push(["--setenv", name, value]);
        }
        args.push([OsStr::new("--as-pid-1"), OsStr::new("--"), self.init.as_ref(), OsStr::new("--")]);
        args.push(self.command);
        args.0
    }
}

#[derive(Default)]
struct Args(Vec<OsString>);

impl Args {
    fn push<S: AsRef<OsStr>>(&mut self, items: impl IntoIterator<Item = S>) {
        self.0.extend(items.into_iter().map(|item| item.as_ref().to_owned()));
    }

    fn tmpfs(&mut self, bytes: u64, path: &str) {
        self.push(["--size", &bytes.to_string(), "--tmpfs", path]);
    }
}

/// bwrap exits with 128 + N when the jailed process was killed by signal N.
pub(super) fn jailed_exit(bwrap_exit: Exit) -> Exit {
    match bwrap_exit {
        Exit::Code(code @ 129..=192) => Exit::Signal(code - 128),
        other => other,
    }
}

/// bwrap itself failed (bad mount, no user namespaces…) rather than the jailed program.
pub(super) fn is_setup_failure(exit: Exit, stderr: &[u8]) -> bool {
    exit == Exit::Code(1) && stderr.starts_with(b"bwrap: ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args_of(jail: &Jail<'_>) -> Vec<String> {
        jail.bwrap_args()
            .into_iter()
            .map(|arg| arg.into_string().expect("test arguments are UTF-8"))
            .collect()
    }

    fn window<'a>(args: &'a [String], first: &str) -> Vec<&'a str> {
        let start = args.iter().position(|arg| arg == first).expect("argument present");
        args[start..start + 3].iter().map(String::as_str).collect()
    }

    #[test]
    fn runs_get_a_sized_tmpfs_with_read_only_files() {
        let files = [PathBuf::from("/work/prep-1/main")];
        let command = ["./main".to_owned()];
        let jail = Jail {
            init: Path::new("/usr/bin/tini"),
            mounts: &[Mount::Symlink { target: "usr/lib".into(), link: "/lib".into() }],
            work_dir: WorkDir::Scratch(&files),
            tmpfs_bytes: 1024,
            env: &[("GOCACHE", "/tmp/go")],
            command: &command,
        };
        let args = args_of(&jail);
        assert_eq!(window(&args, "--symlink"), ["--symlink", "usr/lib", "/lib"]);
        assert_eq!(window(&args, "--ro-bind"), ["--ro-bind", "/work/prep-1/main", "/sandbox/main"]);
        assert!(args.windows(4).any(|w| w == ["--size", "1024", "--tmpfs", "/sandbox"]));
        assert!(args.windows(3).any(|w| w == ["--setenv", "GOCACHE", "/tmp/go"]));
        assert_eq!(&args[args.len() - 5..], ["--as-pid-1", "--", "/usr/bin/tini", "--", "./main"]);
        assert!(!args.iter().any(|arg| arg == "--bind"));
    }

    #[test]
    fn compiles_write_into_the_host_directory() {
        let command = ["true".to_owned()];
        let jail = Jail {
            init: Path::new("/usr/bin/tini"),
            mounts: &[],
            work_dir: WorkDir::Writable(Path::new("/work/prep-1")),
            tmpfs_bytes: 1,
            env: &[],
            command: &command,
        };
        assert_eq!(window(&args_of(&jail), "--bind"), ["--bind", "/work/prep-1", "/sandbox"]);
    }

    #[test]
    fn bwrap_signal_exit_codes_are_decoded() {
        assert_eq!(jailed_exit(Exit::Code(137)), Exit::Signal(9));
        assert_eq!(jailed_exit(Exit::Code(1)), Exit::Code(1));
        assert_eq!(jailed_exit(Exit::Signal(9)), Exit::Signal(9));
    }
}
