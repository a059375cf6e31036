//! Hostile submissions: each must end with the right status within its limits, and leave the
//! sandbox working.

mod jail;

use std::net::TcpListener;
use std::time::Duration;

use app::execution::{Limits, StageStatus};
use jail::{assert_sandbox_still_works, dedicated_sandbox, processes_owned_by, run, sandbox};

fn wall_limit_ms() -> u64 {
    let wall = Limits::run_default().wall;
    u64::try_from(wall.as_millis()).expect("small")
}

#[tokio::test]
async fn busy_loop_hits_the_time_limit() {
    let result = run("python", "while True: pass", "").await;
    assert_eq!(result.status, StageStatus::TimeLimit, "{result:?}");
    assert!(result.wall_ms <= wall_limit_ms() + 1000, "{result:?}");
    assert!(result.cpu_ms >= 1000, "{result:?}");
    assert_sandbox_still_works(sandbox().await).await;
}

#[tokio::test]
async fn sleeping_past_the_wall_clock_hits_the_time_limit() {
    let result = run("python", "import time\ntime.sleep(30)", "").await;
    assert_eq!(result.status, StageStatus::TimeLimit, "{result:?}");
    assert_eq!(result.signal.as_deref(), Some("SIGKILL"));
    assert!(result.wall_ms <= wall_limit_ms() + 1000, "{result:?}");
}

#[tokio::test]
async fn fork_bombs_are_contained() {
    const FIRST_UID: u32 = 990_100;
    let sandbox = dedicated_sandbox(FIRST_UID, 2).await;
    // The classic bomb backgrounds itself and exits at once, which ends the jail (status Ok);
    // without `&` it stays in the foreground until a limit hits.
    let python_bomb =
        "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n";
    let bombs =
        [("bash", ":(){ :|:& };:", false), ("bash", ":(){ :|: };:", true), ("python", python_bomb, true)];
    for (language, code, stays_in_foreground) in bombs {
        let result = jail::run_in(&sandbox, language, code, "").await;
        if stays_in_foreground {
            assert!(
                matches!(result.status, StageStatus::TimeLimit | StageStatus::RuntimeError),
                "{code}: {result:?}"
            );
        }
        assert!(result.wall_ms <= wall_limit_ms() + 1000, "{code}: {result:?}");
        assert_eq!(processes_owned_by(FIRST_UID..FIRST_UID + 2), 0, "{code} left processes");
    }
    assert_sandbox_still_works(&sandbox).await;
}

#[tokio::test]
async fn allocating_gigabytes_hits_the_memory_limit() {
    let bombs =
        ["b = bytearray(2 * 1024 ** 3)", "chunks = []\nwhile True:\n    chunks.append(bytearray(10 ** 7))"];
    for code in bombs {
        let result = run("python", code, "").await;
        assert_eq!(result.status, StageStatus::MemoryLimit, "{result:?}");
    }
    assert_sandbox_still_works(sandbox().await).await;
}

#[tokio::test]
async fn every_kind_of_runtime_hits_the_memory_limit() {
    let bombs = [
        (
            "java",
            "import java.util.*;\npublic class Main { public static void main(String[] args) { List<long[]> all = new ArrayList<>(); while (true) all.add(new long[1 << 20]); } }",
        ),
        ("javascript", "const all = []; while (true) all.push(new Array(1e6).fill(1.5));"),
        // Off the V8 heap: stopped by RLIMIT_AS, memory limit plus headroom.
        ("javascript", "const all = []; while (true) all.push(Buffer.alloc(1 << 26, 1));"),
        (
            "c++",
            "#include <vector>\nint main() { std::vector<std::vector<char>> all; while (true) all.emplace_back(1 << 26, 1); }",
        ),
    ];
    for (language, code) in bombs {
        let result = run(language, code, "").await;
        assert_eq!(result.status, StageStatus::MemoryLimit, "{language}: {result:?}");
    }
}

#[tokio::test]
async fn flooding_stdout_hits_the_output_limit_quickly() {
    let code = "import sys\nline = 'x' * 999 + '\\n'\nfor _ in range(100_000):\n    sys.stdout.write(line)";
    let result = run("python", code, "").await;
    assert_eq!(result.status, StageStatus::OutputLimit, "{result:?}");
    assert_eq!(result.stdout.len(), Limits::run_default().output_bytes);
    assert!(result.wall_ms < 1500, "{result:?}");
}

#[tokio::test]
async fn writing_a_huge_file_is_stopped_by_the_file_size_limit() {
    let python = "with open(__import__('sys').argv[0] + '.big', 'wb') as f:\n    for _ in range(1024):\n        f.write(b'\\0' * 1024 * 1024)";
    let result = run("python", python, "").await;
    assert_eq!(result.status, StageStatus::RuntimeError, "{result:?}");
    assert!(result.stderr.contains("File too large"), "{result:?}");

    for target in ["big", "/tmp/big"] {
        let dd = format!("dd if=/dev/zero of={target} bs=1M count=1024 2>/dev/null");
        let result = run("bash", &dd, "").await;
        assert_eq!(result.status, StageStatus::RuntimeError, "{result:?}");
        assert!(result.wall_ms < 2000, "{result:?}");
    }
}

#[tokio::test]
async fn only_the_sized_scratch_mounts_are_writable() {
    let code = "\
import os
for directory in ['/sandbox', '/tmp', '/dev/shm', '/', '/dev', '/usr']:
    written = 0
    try:
        while written < 64:
            with open(f'{directory}/fill{written}', 'wb') as f:
                f.write(b'x' * 2 ** 20)
            written += 1
    except OSError as error:
        print(directory, written, error.errno)
";
    let result = run("python", code, "").await;
    let tmpfs_mib = Limits::run_default().file_size_bytes >> 20;
    let (no_space, read_only) = (libc::ENOSPC, libc::EROFS);
    let mut expected = String::new();
    for directory in ["/sandbox", "/tmp", "/dev/shm"] {
        expected += &format!("{directory} {tmpfs_mib} {no_space}\n");
    }
    for directory in ["/", "/dev", "/usr"] {
        expected += &format!("{directory} 0 {read_only}\n");
    }
    assert_eq!(result.stdout, expected, "{result:?}");
}

#[tokio::test]
async fn network_connections_fail() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a host port");
    listener.set_nonblocking(true).expect("non-blocking");
    let port = listener.local_addr().expect("local address").port();
    let code = "\
import socket
for port in (5432, int(input())):
    try:
        socket.create_connection(('127.0.0.1', port), timeout=2)
        print('connected', port)
    except OSError as error:
        print('failed', port, error)
";
    let result = run("python", code, &port.to_string()).await;
    assert!(result.stdout.contains("failed 5432"), "{result:?}");
    assert!(result.stdout.contains(&format!("failed {port}")), "{result:?}");
    assert!(!result.stdout.contains("connected"), "{result:?}");
    assert!(listener.accept().is_err(), "the host listener was reached");
}

#[tokio::test]
async fn host_files_are_out_of_sight() {
    let code = "\
import os
print('cwd', os.getcwd(), 'root', sorted(os.listdir('/')))
for path in ['/etc/shadow', '/etc/passwd', '/work', '/root', '/home', '/proc/1/environ']:
    try:
        if os.path.isdir(path):
            print(path, 'listed', os.listdir(path))
        else:
            print(path, 'read', open(path, 'rb').read()[:300])
    except OSError as error:
        print(path, 'denied', type(error).__name__)
";
    let result = run("python", code, "").await;
    let output = &result.stdout;
    for path in ["/etc/shadow", "/etc/passwd", "/work", "/root", "/home"] {
        assert!(output.contains(&format!("{path} denied")), "{path}: {output}");
    }
    assert!(output.contains("cwd /sandbox"), "{output}");
    for hidden in ["'work'", "'root'", "'home'"] {
        assert!(!output.contains(hidden), "{hidden} visible: {output}");
    }
    // The jail's pid 1 is bwrap's init, whose environment bwrap was started without.
    assert!(!output.contains("CARGO"), "host environment leaked: {output}");
}

#[tokio::test]
async fn symlinks_cannot_reach_host_files() {
    let code = "import os\nos.symlink('/etc/shadow', 'x')\nprint(open('x').read())";
    let result = run("python", code, "").await;
    assert_eq!(result.status, StageStatus::RuntimeError, "{result:?}");
    assert!(result.stderr.contains("FileNotFoundError"), "{result:?}");

    let include = "#include \"/etc/shadow\"\nint main(void) { return 0; }";
    let prepared = sandbox().await.prepare("c", include).await.expect("prepared");
    let compile = prepared.compile_result().expect("C is compiled");
    assert_eq!(compile.status, StageStatus::CompileError, "{compile:?}");
}

#[tokio::test]
async fn files_do_not_survive_between_runs() {
    let sandbox = sandbox().await;
    let code = "\
import os
for path in ['/sandbox/leak.txt', '/tmp/leak.txt']:
    print(path, os.path.exists(path))
    open(path, 'w').write('secret')
";
    let prepared = sandbox.prepare("python", code).await.expect("prepared");
    let limits = Limits::run_default();
    let first = sandbox.run(&prepared, "", &limits).await.expect("first run");
    assert_eq!(first.stdout, "/sandbox/leak.txt False\n/tmp/leak.txt False\n", "{first:?}");
    let again = sandbox.run(&prepared, "", &limits).await.expect("second run");
    assert_eq!(again.stdout, first.stdout, "same prepared program");
    let other = jail::run("python", code, "").await;
    assert_eq!(other.stdout, first.stdout, "separate submission");
}

#[tokio::test]
async fn a_dropped_run_kills_its_jail() {
    const FIRST_UID: u32 = 990_200;
    let sandbox = dedicated_sandbox(FIRST_UID, 1).await;
    let prepared = sandbox.prepare("python", "import time\ntime.sleep(30)").await.expect("prepared");
    let limits = Limits { wall: Duration::from_secs(60), ..Limits::run_default() };
    let run = sandbox.run(&prepared, "", &limits);
    assert!(tokio::time::timeout(Duration::from_millis(500), run).await.is_err());
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(processes_owned_by(FIRST_UID..FIRST_UID + 1), 0);
    assert_sandbox_still_works(&sandbox).await;
}

#[tokio::test]
async fn forked_children_share_one_memory_limit() {
    const FIRST_UID: u32 = 990_300;
    let sandbox = dedicated_sandbox(FIRST_UID, 1).await;
    // Fifteen children of 200 MB each: within the per-process limit, 3 GB together.
    let code = "\
import os, time
for _ in range(15):
    if os.fork() == 0:
        block = bytearray(b'x') * (200 * 1024 * 1024)
        time.sleep(10)
        os._exit(0)
for _ in range(15):
    os.wait()
";
    let sampling = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let sampler = std::thread::spawn({
        let sampling = std::sync::Arc::clone(&sampling);
        move || {
            let mut peak = 0;
            while sampling.load(std::sync::atomic::Ordering::Relaxed) {
                peak = peak.max(jail::resident_bytes_owned_by(FIRST_UID..FIRST_UID + 1));
                std::thread::sleep(Duration::from_millis(5));
            }
            peak
        }
    });
    let limits = Limits { wall: Duration::from_secs(8), ..Limits::run_default() };
    let prepared = sandbox.prepare("python", code).await.expect("prepared");
    let result = sandbox.run(&prepared, "", &limits).await.expect("run succeeds");
    sampling.store(false, std::sync::atomic::Ordering::Relaxed);
    let peak = sampler.join().expect("sampler");
    assert_eq!(result.status, StageStatus::MemoryLimit, "{result:?}");
    let bound = limits.jail_memory_bytes + 512 * 1024 * 1024;
    assert!(peak < bound, "the jail held {} MiB at its peak", peak >> 20);
    assert_eq!(processes_owned_by(FIRST_UID..FIRST_UID + 1), 0);
    assert_sandbox_still_works(&sandbox).await;
}

#[tokio::test]
async fn one_owners_queue_does_not_hold_up_another() {
    const FIRST_UID: u32 = 990_400;
    let sandbox = dedicated_sandbox(FIRST_UID, 2).await;
    let (heavy_owner, light_owner) = (Some(app::core::Id::new()), Some(app::core::Id::new()));
    let heavy = sandbox.prepare_for(heavy_owner, "python", "while True: pass").await.expect("prepared");
    let light = sandbox.prepare_for(light_owner, "python", "print(input())").await.expect("prepared");
    let limits = Limits::run_default();
    // Twelve runs of two CPU seconds on two slots: twelve seconds of queue.
    let saturate = futures::future::join_all((0..12).map(|_| sandbox.run(&heavy, "", &limits)));
    let trivial = async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(sandbox.backlog_of(heavy_owner).mine, 12);
        let started = std::time::Instant::now();
        let result = sandbox.run(&light, "hi", &limits).await.expect("light run");
        (result, started.elapsed())
    };
    let (heavy_results, (result, waited)) = tokio::join!(saturate, trivial);
    assert_eq!(result.stdout, "hi\n", "{result:?}");
    assert!(waited < Duration::from_millis(3500), "the light owner waited {waited:?}");
    assert!(heavy_results.iter().all(|r| r.as_ref().is_ok_and(|r| r.status == StageStatus::TimeLimit)));
}
