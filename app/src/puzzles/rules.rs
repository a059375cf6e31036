//! Input rules for puzzles, shared by the server (which enforces them) and the
//! pages (which show them as limits and hints). Lengths count UTF-16 code units, as
//! the legacy API did.

use super::PuzzleDraft;
use crate::{core::FieldError, execution::judge::js_trim_end};
use std::ops::RangeInclusive;

pub const TITLE_MIN: usize = 4;
pub const TITLE_MAX: usize = 128;
pub const STATEMENT_MAX: usize = 2048;
pub const CONSTRAINTS_MAX: usize = 256;
pub const TAGS_MAX: usize = 5;
pub const TESTS_MAX: usize = 50;
pub const TEST_TEXT_MAX: usize = 1024 * 1024;
pub const SOLUTION_MAX: usize = 65536;
/// Text the editor's live preview renders at most.
pub const PREVIEW_MAX_BYTES: usize = 64 * 1024;
/// A moderator's note when sending a puzzle back for changes.
pub const FEEDBACK: RangeInclusive<usize> = 10..=500;

pub fn length(text: &str) -> usize {
    text.encode_utf16().count()
}

pub fn check_title(title: &str) -> Result<String, FieldError> {
    let title = title.trim();
    if !(TITLE_MIN..=TITLE_MAX).contains(&length(title)) {
        return Err(FieldError::new(
            "title",
            format!("The title must be {TITLE_MIN} to {TITLE_MAX} characters"),
        ));
    }
    Ok(title.to_owned())
}

/// Checks a draft and normalises it: trimmed texts, tests without trailing whitespace
/// (as the legacy editor stored them), unique tags, and a public example whenever
/// there are tests.
pub fn normalize(mut draft: PuzzleDraft) -> Result<PuzzleDraft, Vec<FieldError>> {
    let mut errors = Vec::new();
    match check_title(&draft.title) {
        Ok(title) => draft.title = title,
        Err(error) => errors.push(error),
    }
    draft.statement = draft.statement.trim().to_owned();
    if length(&draft.statement) > STATEMENT_MAX {
        errors.push(FieldError::new(
            "statement",
            format!("The statement must be at most {STATEMENT_MAX} characters"),
        ));
    }
    draft.constraints = draft.constraints.trim().to_owned();
    if length(&draft.constraints) > CONSTRAINTS_MAX {
        errors.push(FieldError::new(
            "constraints",
            format!("The constraints must be at most {CONSTRAINTS_MAX} characters"),
        ));
    }
    draft.tags = draft.tags.iter().map(|tag| tag.canonical()).collect();
    draft.tags.sort();
    draft.tags.dedup();
    if draft.tags.len() > TAGS_MAX {
        errors.push(FieldError::new("tags", format!("At most {TAGS_MAX} tags")));
    }
    if draft.tests.len() > TESTS_MAX {
        errors.push(FieldError::new("validators", format!("At most {TESTS_MAX} tests")));
    }
    for (index, test) in draft.tests.iter_mut().enumerate() {
        test.input = js_trim_end(&test.input).to_owned();
        test.output = js_trim_end(&test.output).to_owned();
        if test.input.len() > TEST_TEXT_MAX || test.output.len() > TEST_TEXT_MAX {
            errors.push(FieldError::new(
                format!("validators.{index}"),
                "A test's input and output are at most 1 MiB each",
            ));
        }
    }
    if !draft.tests.iter().any(|v| v.is_public)
        && let Some(first) = draft.tests.first_mut()
    {
        first.is_public = true;
    }
    if draft.solution_code.len() > SOLUTION_MAX {
        errors.push(FieldError::new("solution", "The solution must be at most 64 KiB"));
    }
    if errors.is_empty() { Ok(draft) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::puzzles::{Difficulty, Tag, TestDraft};

    #[cfg(feature = "ssr")]
    #[test]
    fn the_run_budget_holds_two_author_checks_of_the_largest_puzzle() {
        assert_eq!(crate::core::rate_limit::RUN_BUDGET as usize, 2 * TESTS_MAX);
    }

    fn draft() -> PuzzleDraft {
        PuzzleDraft {
            title: "  Sum of two  ".into(),
            statement: " Add them. ".into(),
            constraints: String::new(),
            difficulty: Difficulty::Beginner,
            tags: vec![Tag::Math, Tag::Mathematics],
            tests: vec![
                TestDraft { id: None, input: "1 2\n\n".into(), output: "3 \t\n".into(), is_public: false },
                TestDraft { id: None, input: "2 2".into(), output: "4".into(), is_public: false },
            ],
            solution_code: "print(sum(map(int, input().split())))".into(),
            solution_language: None,
        }
    }

    #[test]
    fn normalizes_drafts() {
        let draft = normalize(draft()).unwrap();
        assert_eq!(draft.title, "Sum of two");
        assert_eq!(draft.statement, "Add them.");
        assert_eq!(draft.tags, [Tag::Mathematics]);
        assert_eq!((draft.tests[0].input.as_str(), draft.tests[0].output.as_str()), ("1 2", "3"));
        assert!(draft.tests[0].is_public, "the first test becomes the example");
        assert!(!draft.tests[1].is_public);
    }

    #[test]
    fn refuses_bad_drafts_field_by_field() {
        let bad = PuzzleDraft {
            title: "abc".into(),
            statement: "x".repeat(STATEMENT_MAX + 1),
            constraints: "y".repeat(CONSTRAINTS_MAX + 1),
            tags: Tag::ALL.to_vec(),
            solution_code: "z".repeat(SOLUTION_MAX + 1),
            ..draft()
        };
        let fields: Vec<String> = normalize(bad).unwrap_err().into_iter().map(|e| e.path).collect();
        assert_eq!(fields, ["title", "statement", "constraints", "tags", "solution"]);
        let many = PuzzleDraft {
            tests: vec![
                TestDraft { id: None, input: String::new(), output: String::new(), is_public: true };
                51
            ],
            ..draft()
        };
        assert_eq!(normalize(many).unwrap_err()[0].path, "validators");
    }
}
