//! Judging outputs, as pure functions. Only trailing whitespace is ignored, with
//! JavaScript's idea of whitespace (the legacy judge used `trimEnd`).

use super::{StageResult, StageStatus};
use serde::{Deserialize, Serialize};

/// `String.prototype.trimEnd`: differs from `str::trim_end` on U+FEFF (trimmed here)
/// and U+0085 (kept here).
pub fn js_trim_end(text: &str) -> &str {
    text.trim_end_matches(|c: char| {
        matches!(
            c,
            '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | ' ' | '\u{A0}' | '\u{FEFF}' | '\u{1680}' | '\u{2000}'
                ..='\u{200A}' | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
        )
    })
}

/// A test passes when the program ended normally and printed the expected output
/// (on stdout, or on stdout and stderr combined, as the legacy judge accepted).
/// Unlike the legacy judge, a crash or a limit fails the test even after the right
/// output.
pub fn passes(expected: &str, run: &StageResult) -> bool {
    let expected = js_trim_end(expected);
    run.status == StageStatus::Ok
        && (js_trim_end(&run.stdout) == expected || js_trim_end(&run.output) == expected)
}

/// The legacy aggregate: `result` is `success` only when every test passed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tally {
    pub passed: usize,
    pub failed: usize,
    pub total: usize,
    pub success_rate: f64,
}

impl Tally {
    pub fn of(outcomes: impl IntoIterator<Item = bool>) -> Self {
        let (passed, total) = outcomes.into_iter().fold((0, 0), |(p, t), ok| (p + usize::from(ok), t + 1));
        let success_rate = if total == 0 { 0.0 } else { passed as f64 / total as f64 };
        Self { passed, failed: total - passed, total, success_rate }
    }

    pub fn all_passed(&self) -> bool {
        self.total > 0 && self.passed == self.total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(stdout: &str, stderr: &str, status: StageStatus) -> StageResult {
        StageResult {
            stdout: stdout.into(),
            stderr: stderr.into(),
            output: format!("{stdout}{stderr}"),
            exit_code: Some(0),
            signal: None,
            wall_ms: 1,
            cpu_ms: 1,
            memory_bytes: None,
            status,
        }
    }

    #[test]
    fn trims_like_javascript() {
        assert_eq!(js_trim_end("a \t\n\r\u{FEFF}\u{3000}"), "a");
        assert_eq!(js_trim_end("a\u{85}"), "a\u{85}");
        assert_eq!(js_trim_end("  a"), "  a");
    }

    #[test]
    fn only_trailing_whitespace_is_forgiven() {
        let ok = StageStatus::Ok;
        assert!(passes("3", &run("3\n", "", ok)));
        assert!(passes("3\n\n", &run("3", "", ok)));
        assert!(!passes("3", &run(" 3", "", ok)), "leading whitespace matters");
        assert!(!passes("a b", &run("a  b", "", ok)), "inner whitespace matters");
        assert!(!passes("A", &run("a", "", ok)), "case matters");
        assert!(!passes("1\n2", &run("1\r\n2", "", ok)), "line endings inside matter");
    }

    #[test]
    fn combined_output_counts_but_failures_do_not_pass() {
        assert!(passes("done", &run("", "done", StageStatus::Ok)));
        assert!(!passes("3", &run("3", "", StageStatus::RuntimeError)));
        assert!(!passes("3", &run("3", "", StageStatus::TimeLimit)));
    }

    #[test]
    fn tallies() {
        let tally = Tally::of([true, false, true, true]);
        assert_eq!((tally.passed, tally.failed, tally.total), (3, 1, 4));
        assert!((tally.success_rate - 0.75).abs() < f64::EPSILON);
        assert!(!tally.all_passed());
        assert!(Tally::of([true, true]).all_passed());
        let none = Tally::of([]);
        assert_eq!(none.success_rate, 0.0);
        assert!(!none.all_passed());
    }
}
