//! Helpers shared by the integration tests. They need root, bubblewrap and python3.

#![allow(dead_code)] // each test binary uses a different subset

use std::fs;
use std::ops::Range;
use std::os::unix::fs::MetadataExt;

use app::execution::{
    Limits, StageResult, StageStatus,
    sandbox::{Sandbox, SandboxConfig},
};
use tokio::sync::OnceCell;

/// The sandbox most tests share, so that detection runs once per test binary.
pub async fn sandbox() -> &'static Sandbox {
    static SHARED: OnceCell<Sandbox> = OnceCell::const_new();
    SHARED.get_or_init(|| dedicated_sandbox(990_000, 2)).await
}

/// A sandbox with its own host uids, for tests that count processes or time the cap.
pub async fn dedicated_sandbox(first_host_uid: u32, max_concurrency: usize) -> Sandbox {
    let config = SandboxConfig { first_host_uid, max_concurrency, ..SandboxConfig::default() };
    match Sandbox::detect(config).await {
        Ok(sandbox) => sandbox,
        Err(error) => panic!("sandbox detection failed: {error}"),
    }
}

/// Prepares and runs `code` once with the default run limits.
pub async fn run(language: &str, code: &str, stdin: &str) -> StageResult {
    run_in(sandbox().await, language, code, stdin).await
}

pub async fn run_in(sandbox: &Sandbox, language: &str, code: &str, stdin: &str) -> StageResult {
    let prepared = sandbox.prepare(language, code).await.expect("prepare succeeds");
    sandbox.run(&prepared, stdin, &Limits::run_default()).await.expect("run succeeds")
}

/// Fails unless a trivial program still runs correctly.
pub async fn assert_sandbox_still_works(sandbox: &Sandbox) {
    let result = run_in(sandbox, "python", "print(input()[::-1])", "olleh").await;
    assert_eq!(result.status, StageStatus::Ok, "{result:?}");
    assert_eq!(result.stdout, "hello\n");
}

/// Host processes whose real uid is in `uids`.
pub fn processes_owned_by(uids: Range<u32>) -> usize {
    let Ok(entries) = fs::read_dir("/proc") else {
        return 0;
    };
    entries
        .flatten()
        .filter(|entry| entry.file_name().to_string_lossy().parse::<u32>().is_ok())
        .filter_map(|entry| entry.metadata().ok())
        .filter(|metadata| uids.contains(&metadata.uid()))
        .count()
}

/// Anonymous memory (private and shared) of host processes whose real uid is in `uids`.
pub fn resident_bytes_owned_by(uids: Range<u32>) -> u64 {
    let Ok(entries) = fs::read_dir("/proc") else {
        return 0;
    };
    let kib = |status: &str, field: &str| -> u64 {
        status
            .lines()
            .find_map(|line| line.strip_prefix(field))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    entries
        .flatten()
        .filter(|entry| entry.file_name().to_string_lossy().parse::<u32>().is_ok())
        .filter(|entry| entry.metadata().is_ok_and(|metadata| uids.contains(&metadata.uid())))
        .filter_map(|entry| fs::read_to_string(entry.path().join("status")).ok())
        .map(|status| (kib(&status, "RssAnon:") + kib(&status, "RssShmem:")) * 1024)
        .sum()
}
