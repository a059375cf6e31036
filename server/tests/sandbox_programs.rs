//! Correct and incorrect programs in each language, compile-once-run-many, and the cap.

mod jail;

use std::sync::Arc;
use std::time::{Duration, Instant};

use app::execution::{Limits, StageStatus, sandbox::SandboxError};
use jail::{dedicated_sandbox, run, sandbox};
use tokio::task::JoinSet;

const SUM_PROGRAMS: &[(&str, &str)] = &[
    ("python", "a, b = map(int, input().split())\nprint(a + b)"),
    (
        "javascript",
        "const [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/).map(Number);\nconsole.log(a + b);",
    ),
    (
        "c",
        "#include <stdio.h>\nint main(void) { int a, b; scanf(\"%d %d\", &a, &b); printf(\"%d\\n\", a + b); }",
    ),
    (
        "c++",
        "#include <iostream>\nint main() { long a, b; std::cin >> a >> b; std::cout << a + b << '\\n'; }",
    ),
    (
        "java",
        "import java.util.Scanner;\npublic class Main { public static void main(String[] args) { Scanner in = new Scanner(System.in); System.out.println(in.nextInt() + in.nextInt()); } }",
    ),
    ("bash", "read a b\necho $((a + b))"),
    ("perl", "my ($a, $b) = split ' ', <STDIN>;\nprint $a + $b, \"\\n\";"),
];

#[tokio::test]
async fn every_language_sums_two_numbers() {
    for (language, code) in SUM_PROGRAMS {
        let result = run(language, code, "2 40").await;
        assert_eq!(result.status, StageStatus::Ok, "{language}: {result:?}");
        assert_eq!(result.stdout, "42\n", "{language}");
        assert_eq!((result.exit_code, result.signal.as_deref()), (Some(0), None));
    }
}

#[tokio::test]
async fn runtimes_are_detected_with_versions() {
    let runtimes: Vec<_> = sandbox().await.runtimes().collect();
    for (language, _) in SUM_PROGRAMS {
        let runtime = runtimes.iter().find(|runtime| runtime.language == *language);
        let runtime = runtime.unwrap_or_else(|| panic!("{language} not detected"));
        assert!(runtime.version.contains('.'), "{runtime:?}");
    }
}

#[tokio::test]
async fn a_syntax_error_is_a_compile_error_with_the_message() {
    let sandbox = sandbox().await;
    let prepared =
        sandbox.prepare("c", "int main(void) { return 0 }").await.expect("a compile error is not an Err");
    let compile = prepared.compile_result().expect("C is compiled");
    assert_eq!(compile.status, StageStatus::CompileError, "{compile:?}");
    assert!(compile.stderr.contains("error: expected"), "{compile:?}");
    assert!(!prepared.is_runnable());
    let run = sandbox.run(&prepared, "", &Limits::run_default()).await;
    assert!(matches!(run, Err(SandboxError::NotCompiled)), "{run:?}");
}

#[tokio::test]
async fn crashes_are_runtime_errors_with_code_or_signal() {
    let result = run("python", "raise SystemExit(3)", "").await;
    assert_eq!((result.status, result.exit_code), (StageStatus::RuntimeError, Some(3)));
    let result = run("c", "int main(void) { return *(volatile int *)0; }", "").await;
    assert_eq!(result.status, StageStatus::RuntimeError, "{result:?}");
    assert_eq!(result.signal.as_deref(), Some("SIGSEGV"));
}

#[tokio::test]
async fn output_interleaves_both_streams_in_arrival_order() {
    // Chunks that are both pending when the sandbox wakes up have no order, hence the pauses.
    let code = "import sys, time\nprint('out', flush=True)\ntime.sleep(0.1)\nprint('err', file=sys.stderr, flush=True)\ntime.sleep(0.1)\nprint('out2')";
    let result = run("python", code, "").await;
    assert_eq!((result.stdout.as_str(), result.stderr.as_str()), ("out\nout2\n", "err\n"));
    assert_eq!(result.output, "out\nerr\nout2\n");
}

#[tokio::test]
async fn unknown_languages_are_refused() {
    let result = sandbox().await.prepare("brainfuck", "+").await;
    assert!(matches!(result, Err(SandboxError::UnknownLanguage(_))), "{result:?}");
}

#[tokio::test]
async fn a_program_compiled_once_runs_on_many_inputs_concurrently() {
    let sandbox = sandbox().await;
    let code =
        "#include <stdio.h>\nint main(void) { long n; scanf(\"%ld\", &n); printf(\"%ld\\n\", n * n); }";
    let prepared = Arc::new(sandbox.prepare("c", code).await.expect("prepared"));
    let mut runs = JoinSet::new();
    for n in 1..=5 {
        let prepared = Arc::clone(&prepared);
        runs.spawn(async move {
            let result = sandbox.run(&prepared, &n.to_string(), &Limits::run_default()).await;
            (n, result.expect("run succeeds"))
        });
    }
    while let Some(joined) = runs.join_next().await {
        let (n, result) = joined.expect("task completes");
        assert_eq!(result.stdout, format!("{}\n", n * n), "{result:?}");
    }
}

#[tokio::test]
async fn the_concurrency_cap_queues_runs() {
    let sandbox = Arc::new(dedicated_sandbox(990_300, 2).await);
    let prepared =
        Arc::new(sandbox.prepare("python", "import time\ntime.sleep(0.5)").await.expect("prepared"));
    let started = Instant::now();
    let mut runs = JoinSet::new();
    for _ in 0..6 {
        let (sandbox, prepared) = (Arc::clone(&sandbox), Arc::clone(&prepared));
        runs.spawn(async move { sandbox.run(&prepared, "", &Limits::run_default()).await });
    }
    while let Some(joined) = runs.join_next().await {
        let result = joined.expect("task completes").expect("run succeeds");
        assert_eq!(result.status, StageStatus::Ok, "{result:?}");
    }
    assert!(started.elapsed() >= Duration::from_millis(1500), "{:?}", started.elapsed());
}
