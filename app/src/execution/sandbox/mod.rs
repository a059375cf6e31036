//! The built-in code sandbox: runs untrusted submissions in bubblewrap jails on this host.
//!
//! Every stage (version probe, compile, run) is one `bwrap` process: no network, its own
//! pid/ipc/uts namespaces, /usr and a few /etc entries read-only, everything else read-only or
//! absent except size-limited tmpfs mounts, uid 65534 inside and tini as pid 1. On the host,
//! bwrap runs as a dedicated unprivileged uid per concurrent slot, so RLIMIT_NPROC is enforced,
//! and per jail. Compiles write into a private host directory; runs see its regular files
//! read-only in a fresh tmpfs `/sandbox`, so nothing carries over between runs.
//!
//! Limits: rlimits (CPU, address space, processes, file size) are set on bwrap and inherited;
//! the wall clock and the output cap are enforced here by killing the jail. The whole jail's
//! memory is capped by a cgroup of its own where the server was delegated a cgroup v2 subtree,
//! else by a watchdog that sums its processes' memory and kills it when over.
//!
//! Fairness: slots go round the owners of waiting jails, so each user's queued work waits
//! behind other users' turns (see `slots`). The JVM and Node cap
//! their heap by flag (`-Xmx`, `--max-old-space-size`) and get 1 GiB more address space, as they
//! reserve far more than they use.
//!
//! Verdicts: a kill by the sandbox is `TimeLimit` or `OutputLimit`; SIGXCPU, or SIGKILL once the
//! CPU limit is used, is `TimeLimit`; any other SIGKILL (the OOM killer) or an allocation-failure
//! message ending stderr is `MemoryLimit`; a bwrap setup error is `InternalError`; any other
//! failure is `RuntimeError` (`CompileError` from a compiler), including writing past the file
//! size limit (SIGXFSZ, or EFBIG where the runtime ignores that signal).
//!
//! Measurements: wall time from spawn to reap; CPU time and peak RSS from `wait4` on bwrap,
//! which covers the jail because tini reaps every process in it, plus a /proc snapshot taken
//! just before a kill, whose victims the kernel accounts to no one.

mod cgroup;
mod error;
mod jail;
mod languages;
mod limits;
mod outcome;
mod process;
mod slots;
mod usage;
mod workspace;

use std::fs::{self, Permissions};
use std::num::NonZeroUsize;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::sync::Arc;
use std::thread;

use async_trait::async_trait;
use futures::future::join_all;

pub use error::SandboxError;

use super::{
    Limits, Runtime, StageResult, StageStatus,
    rules::Backlog,
    runner::{BatchOutcome, CodeRunner, OnRun, Program, RunnerError},
};
use crate::core::Id;

use cgroup::Delegation;
use error::io_error;
use jail::{Jail, Mount, WorkDir};
use languages::{RECIPES, Recipe};
use process::{Launch, MemoryGuard};
use slots::{Owner, Slot, Slots};
use workspace::Workspace;

/// Host uids for the jails: `first_host_uid..first_host_uid + max_concurrency` must be used by
/// nothing else on the host (no account, no subuid range).
const DEFAULT_FIRST_HOST_UID: u32 = 990_000;

/// Proves that a jail can start at all.
const TRIVIAL_COMMAND: &[&str] = &["/usr/bin/true"];

#[derive(Debug, Clone)]
pub struct SandboxConfig {
    pub bwrap: PathBuf,
    /// The jails' pid 1; must be under /usr (Debian package `tini`).
    pub init: PathBuf,
    /// Parent of the prepared submissions' directories; must allow executing files.
    pub work_root: PathBuf,
    /// Jails running at once, compiles included.
    pub max_concurrency: usize,
    pub first_host_uid: u32,
    pub compile_limits: Limits,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            bwrap: PathBuf::from("/usr/bin/bwrap"),
            init: PathBuf::from("/usr/bin/tini"),
            work_root: std::env::temp_dir().join("codincod-sandbox"),
            max_concurrency: thread::available_parallelism().map_or(1, NonZeroUsize::get),
            first_host_uid: DEFAULT_FIRST_HOST_UID,
            compile_limits: Limits::compile_default(),
        }
    }
}

/// What a jail sees of the host, and how its address space is sized.
#[derive(Debug)]
struct Toolchain {
    mounts: Vec<Mount>,
    env: &'static [(&'static str, &'static str)],
    address_space_headroom: u64,
}

/// A language whose toolchain answered its version probe inside the jail.
#[derive(Debug)]
struct Language {
    recipe: &'static Recipe,
    runtime: Runtime,
    toolchain: Toolchain,
}

pub struct Sandbox {
    bwrap: PathBuf,
    init: PathBuf,
    work_root: PathBuf,
    compile_limits: Limits,
    slots: Arc<Slots>,
    /// The cgroup subtree jails are capped in; without one, a watchdog caps them.
    cgroups: Option<Delegation>,
    languages: Vec<Arc<Language>>,
}

/// A submission ready to run: compiled once, if its language needs it. Its directory is removed
/// on drop.
#[derive(Debug)]
pub struct Prepared {
    owner: Owner,
    language: Arc<Language>,
    files: Vec<PathBuf>,
    compile: Option<StageResult>,
    _workspace: Workspace,
}

impl Prepared {
    pub fn runtime(&self) -> &Runtime {
        &self.language.runtime
    }

    /// The compiler's result, for languages that are compiled.
    pub fn compile_result(&self) -> Option<&StageResult> {
        self.compile.as_ref()
    }

    pub fn is_runnable(&self) -> bool {
        self.compile.as_ref().is_none_or(|compile| compile.status == StageStatus::Ok)
    }
}

impl Sandbox {
    /// Checks that jails work on this host, then probes each known toolchain inside one
    /// (sequentially; a second or two in all). Toolchains that are missing or fail are skipped.
    pub async fn detect(config: SandboxConfig) -> Result<Self, SandboxError> {
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            return Err(SandboxError::NotRoot);
        }
        for (tool, path) in [("bubblewrap", &config.bwrap), ("tini", &config.init)] {
            if !path.is_file() {
                let reason = format!("{tool} is not installed at {}", path.display());
                return Err(SandboxError::JailUnavailable(reason));
            }
        }
        fs::create_dir_all(&config.work_root)
            .and_then(|()| fs::set_permissions(&config.work_root, Permissions::from_mode(0o711)))
            .map_err(io_error("creating the sandbox work root"))?;
        let system_mounts = jail::system_mounts().map_err(io_error("reading the host's root layout"))?;

        let cgroups = Delegation::detect();
        let guard = if cgroups.is_some() { "a cgroup per jail" } else { "a /proc watchdog" };
        tracing::info!("jail memory is capped by {guard}");
        let mut sandbox = Self {
            slots: Slots::new(config.max_concurrency.max(1), config.first_host_uid),
            cgroups,
            bwrap: config.bwrap,
            init: config.init,
            work_root: config.work_root,
            compile_limits: config.compile_limits,
            languages: Vec::new(),
        };
        sandbox.check_jail(&system_mounts).await?;
        for recipe in RECIPES.iter().filter(|recipe| recipe.is_installed()) {
            if let Some(language) = sandbox.probe(recipe, &system_mounts).await? {
                sandbox.languages.push(Arc::new(language));
            }
        }
        Ok(sandbox)
    }

    pub fn runtimes(&self) -> impl Iterator<Item = &Runtime> {
        self.languages.iter().map(|language| &language.runtime)
    }

    /// Prepares code that runs for no one in particular: it queues with the sandbox's own work.
    pub async fn prepare(&self, language: &str, code: &str) -> Result<Prepared, SandboxError> {
        self.prepare_for(None, language, code).await
    }

    /// Saves `code` in a fresh private directory and compiles it there if its language needs
    /// it, on `owner`'s turns. A compile failure is not an error: see
    /// [`Prepared::compile_result`]. `language` is a runtime's language name or one of its
    /// aliases.
    pub async fn prepare_for(
        &self,
        owner: Option<Id>,
        language: &str,
        code: &str,
    ) -> Result<Prepared, SandboxError> {
        let language = self
            .languages
            .iter()
            .find(|candidate| candidate.recipe.names().any(|name| name == language))
            .ok_or_else(|| SandboxError::UnknownLanguage(language.to_owned()))?;
        let recipe = language.recipe;
        let workspace = Workspace::create(&self.work_root, recipe.source_file, code)
            .map_err(io_error("saving the submission"))?;

        let compile = match recipe.compile {
            None => None,
            Some(command) => {
                let slot = self.slots.acquire(owner).await;
                workspace.lend_to(slot.uid()).map_err(io_error("handing the submission to its compiler"))?;
                let work_dir = WorkDir::Writable(workspace.path());
                let limits = &self.compile_limits;
                let result = self.execute(slot, &language.toolchain, work_dir, command, limits, b"").await?;
                Some(result.into_compile_result())
            }
        };
        let files = workspace.seal().map_err(io_error("collecting the compiled files"))?;
        Ok(Prepared { owner, language: Arc::clone(language), files, compile, _workspace: workspace })
    }

    /// The queue as `owner` sees it.
    pub fn backlog_of(&self, owner: Option<Id>) -> Backlog {
        self.slots.backlog(owner)
    }

    /// Runs a prepared program on `stdin` in a fresh jail, on its owner's turn. Runs of one
    /// `Prepared` may overlap.
    ///
    /// `cpu_ms` covers bwrap and every jailed process, including those killed with the jail,
    /// and `memory_bytes` is the largest peak RSS among them.
    pub async fn run(
        &self,
        prepared: &Prepared,
        stdin: &str,
        limits: &Limits,
    ) -> Result<StageResult, SandboxError> {
        if !prepared.is_runnable() {
            return Err(SandboxError::NotCompiled);
        }
        let slot = self.slots.acquire(prepared.owner).await;
        let language = &prepared.language;
        let work_dir = WorkDir::Scratch(&prepared.files);
        self.execute(slot, &language.toolchain, work_dir, language.recipe.run, limits, stdin.as_bytes()).await
    }

    async fn check_jail(&self, system_mounts: &[Mount]) -> Result<(), SandboxError> {
        let toolchain = Toolchain { mounts: system_mounts.to_vec(), env: &[], address_space_headroom: 0 };
        let reason = match self.run_fixed(&toolchain, TRIVIAL_COMMAND).await {
            Ok(result) if result.status == StageStatus::Ok => return Ok(()),
            Ok(result) => format!("a trivial command failed: {}", result.output.trim()),
            Err(error) => error.to_string(),
        };
        Err(SandboxError::JailUnavailable(reason))
    }

    async fn probe(
        &self,
        recipe: &'static Recipe,
        system_mounts: &[Mount],
    ) -> Result<Option<Language>, SandboxError> {
        let mut mounts = system_mounts.to_vec();
        mounts.extend(jail::etc_mounts(recipe.etc).map_err(io_error("listing /etc"))?);
        let toolchain =
            Toolchain { mounts, env: recipe.env, address_space_headroom: recipe.address_space_headroom };
        let result = self.run_fixed(&toolchain, recipe.version).await?;
        let version = languages::parse_version(&result.output);
        match version.filter(|_| result.status == StageStatus::Ok) {
            Some(version) => Ok(Some(Language { recipe, runtime: recipe.runtime(version), toolchain })),
            None => {
                tracing::warn!(
                    language = recipe.language,
                    output = result.output,
                    "toolchain does not work inside the jail; language disabled"
                );
                Ok(None)
            }
        }
    }

    /// Runs one of the sandbox's own commands in an empty jail, under the compile limits.
    async fn run_fixed(&self, toolchain: &Toolchain, command: &[&str]) -> Result<StageResult, SandboxError> {
        let slot = self.slots.acquire(None).await;
        let limits = &self.compile_limits;
        let work_dir = WorkDir::Scratch(&[]);
        self.execute(slot, toolchain, work_dir, command, limits, b"").await
    }

    async fn execute(
        &self,
        slot: Slot,
        toolchain: &Toolchain,
        work_dir: WorkDir<'_>,
        command: &[&str],
        limits: &Limits,
        stdin: &[u8],
    ) -> Result<StageResult, SandboxError> {
        let command = languages::expand(command, limits);
        let jail = Jail {
            init: &self.init,
            mounts: &toolchain.mounts,
            work_dir,
            tmpfs_bytes: limits.file_size_bytes,
            env: toolchain.env,
            command: &command,
        };
        let memory = match &self.cgroups {
            Some(cgroups) => MemoryGuard::Cgroup(
                cgroups
                    .jail(slot.uid(), limits.jail_memory_bytes)
                    .map_err(io_error("capping the jail's memory"))?,
            ),
            None => MemoryGuard::Watchdog(limits.jail_memory_bytes),
        };
        let launch = Launch {
            bwrap: &self.bwrap,
            args: jail.bwrap_args(),
            rlimits: limits.rlimits(toolchain.address_space_headroom),
            wall: limits.wall,
            output_bytes: limits.output_bytes,
            stdin,
        };
        let finished = process::run(launch, memory, slot).await.map_err(io_error("running bwrap"))?;
        Ok(StageResult::new(finished, limits))
    }
}

#[async_trait]
impl CodeRunner for Sandbox {
    fn name(&self) -> &'static str {
        "sandbox"
    }

    async fn runtimes(&self) -> Result<Vec<Runtime>, RunnerError> {
        Ok(Sandbox::runtimes(self).cloned().collect())
    }

    fn backlog(&self, owner: Id) -> Backlog {
        self.backlog_of(Some(owner))
    }

    async fn run_batch(
        &self,
        program: &Program,
        inputs: &[String],
        limits: &Limits,
        on_run: &OnRun<'_>,
    ) -> Result<BatchOutcome, RunnerError> {
        let prepared = self.prepare_for(Some(program.owner), &program.language, &program.code).await?;
        let runtime = prepared.runtime().clone();
        let compile = prepared.compile_result().cloned();
        if !prepared.is_runnable() {
            return Ok(BatchOutcome { runtime, compile, runs: Vec::new() });
        }
        let runs = join_all(inputs.iter().enumerate().map(|(index, input)| {
            let prepared = &prepared;
            async move {
                let result = self.run(prepared, input, limits).await?;
                on_run(index, &result);
                Ok::<_, SandboxError>(result)
            }
        }))
        .await
        .into_iter()
        .collect::<Result<Vec<_>, _>>()?;
        Ok(BatchOutcome { runtime, compile, runs })
    }
}

impl From<SandboxError> for RunnerError {
    fn from(error: SandboxError) -> Self {
        match error {
            SandboxError::UnknownLanguage(language) => RunnerError::UnknownLanguage(language),
            SandboxError::NotRoot | SandboxError::JailUnavailable(_) => {
                RunnerError::Unavailable(error.to_string())
            }
            SandboxError::NotCompiled | SandboxError::Io { .. } => RunnerError::Failed(error.to_string()),
        }
    }
}
