//! Turning a runner's batch into a verdict and a receipt: pure, no I/O.

use super::{CompileReceipt, HiddenSummary, LimitsReceipt, Receipt, TestDetails, TestOutcome};
use crate::{
    execution::{
        Limits, StageResult, StageStatus,
        judge::{Tally, passes},
        runner::BatchOutcome,
    },
    puzzles::Test,
};

pub fn limits_receipt(limits: &Limits) -> LimitsReceipt {
    LimitsReceipt {
        wall_ms: limits.wall.as_millis().try_into().unwrap_or(u64::MAX),
        cpu_ms: limits.cpu.as_millis().try_into().unwrap_or(u64::MAX),
        memory_bytes: limits.memory_bytes,
        output_bytes: limits.output_bytes as u64,
    }
}

pub fn compile_receipt(compile: &StageResult) -> CompileReceipt {
    CompileReceipt { status: compile.status, stderr: compile.stderr.clone(), wall_ms: compile.wall_ms }
}

/// One test's outcome; public tests keep how they ended, their measures, input,
/// expectation and output, hidden ones only whether they passed.
pub fn outcome(index: usize, test: &Test, run: &StageResult) -> TestOutcome {
    let public = test.is_public;
    TestOutcome {
        index,
        is_public: public,
        passed: passes(&test.output, run),
        status: public.then_some(run.status),
        wall_ms: public.then_some(run.wall_ms),
        cpu_ms: public.then_some(run.cpu_ms),
        memory_bytes: run.memory_bytes.filter(|_| public),
        details: test.is_public.then(|| TestDetails {
            input: test.input.clone(),
            expected: test.output.clone(),
            stdout: run.stdout.clone(),
            stderr: run.stderr.clone(),
        }),
    }
}

/// The receipt and tally of a judged batch. A program that did not compile fails
/// every test.
pub fn grade(runner: &str, tests: &[Test], batch: &BatchOutcome, limits: &Limits) -> (Receipt, Tally) {
    let outcomes: Vec<TestOutcome> =
        tests.iter().zip(&batch.runs).enumerate().map(|(i, (t, r))| outcome(i, t, r)).collect();
    let compiled = batch.compile.as_ref().is_none_or(|c| c.status == StageStatus::Ok);
    let tally = if compiled {
        Tally::of(
            outcomes.iter().map(|o| o.passed).chain(std::iter::repeat_n(false, tests.len() - outcomes.len())),
        )
    } else {
        Tally::of(tests.iter().map(|_| false))
    };
    let receipt = Receipt {
        runner: runner.to_owned(),
        language: batch.runtime.language.clone(),
        version: batch.runtime.version.clone(),
        limits: limits_receipt(limits),
        compile: batch.compile.as_ref().map(compile_receipt),
        hidden: hidden_summary(tests, batch, &outcomes),
        tests: outcomes,
        error: None,
    };
    (receipt, tally)
}

/// The hidden tests as one: passes, and the largest time and memory of any of them.
fn hidden_summary(tests: &[Test], batch: &BatchOutcome, outcomes: &[TestOutcome]) -> Option<HiddenSummary> {
    let hidden: Vec<(&TestOutcome, &StageResult)> =
        outcomes.iter().zip(&batch.runs).filter(|(o, _)| !o.is_public).collect();
    let total = tests.iter().filter(|t| !t.is_public).count();
    (total > 0).then(|| HiddenSummary {
        passed: hidden.iter().filter(|(o, _)| o.passed).count(),
        total,
        wall_ms_max: hidden.iter().map(|(_, r)| r.wall_ms).max().unwrap_or(0),
        memory_bytes_max: hidden.iter().filter_map(|(_, r)| r.memory_bytes).max(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        core::{Id, Timestamp},
        execution::Runtime,
    };

    fn test_case(output: &str, is_public: bool) -> Test {
        let now = Timestamp::parse("2026-01-01T00:00:00Z").unwrap();
        Test {
            id: Id::from_bytes([1; 12]),
            input: "in".into(),
            output: output.into(),
            is_public,
            created_at: now,
            updated_at: now,
        }
    }

    fn run(stdout: &str, status: StageStatus) -> StageResult {
        StageResult {
            stdout: stdout.into(),
            stderr: "warning".into(),
            output: stdout.into(),
            exit_code: Some(0),
            signal: None,
            wall_ms: 12,
            cpu_ms: 10,
            memory_bytes: Some(1 << 20),
            status,
        }
    }

    fn batch(compile: Option<StageResult>, runs: Vec<StageResult>) -> BatchOutcome {
        BatchOutcome {
            runtime: Runtime {
                language: "python".into(),
                version: "3.11.2".into(),
                aliases: vec![],
                runtime: None,
            },
            compile,
            runs,
        }
    }

    #[test]
    fn grades_each_test_and_hides_hidden_details() {
        let tests = [test_case("1", true), test_case("2", false), test_case("3", false)];
        let runs = vec![run("1\n", StageStatus::Ok), run("2", StageStatus::Ok), run("4", StageStatus::Ok)];
        let (receipt, tally) = grade("sandbox", &tests, &batch(None, runs), &Limits::run_default());
        assert_eq!((tally.passed, tally.total), (2, 3));
        assert_eq!(receipt.tests.iter().map(|t| t.passed).collect::<Vec<_>>(), [true, true, false]);
        assert_eq!(receipt.tests[0].details.as_ref().unwrap().stdout, "1\n");
        assert!(
            receipt.tests[1].details.is_none() && receipt.tests[2].details.is_none(),
            "hidden tests keep no output"
        );
        let hidden = &receipt.tests[2];
        assert_eq!(
            (hidden.status, hidden.wall_ms, hidden.cpu_ms, hidden.memory_bytes),
            (None, None, None, None)
        );
        assert_eq!(hidden.verdict(), "Failed");
        assert_eq!(receipt.tests[0].wall_ms, Some(12));
        assert_eq!(
            receipt.hidden,
            Some(HiddenSummary { passed: 1, total: 2, wall_ms_max: 12, memory_bytes_max: Some(1 << 20) })
        );
        assert_eq!(receipt.limits.wall_ms, 3000);
        assert_eq!((receipt.language.as_str(), receipt.runner.as_str()), ("python", "sandbox"));
    }

    #[test]
    fn a_compile_error_fails_everything() {
        let tests = [test_case("1", true), test_case("2", false)];
        let failed = run("", StageStatus::CompileError);
        let (receipt, tally) = grade("sandbox", &tests, &batch(Some(failed), vec![]), &Limits::run_default());
        assert_eq!((tally.passed, tally.total), (0, 2));
        assert_eq!(receipt.compile.unwrap().status, StageStatus::CompileError);
        assert!(receipt.tests.is_empty());
    }
}
