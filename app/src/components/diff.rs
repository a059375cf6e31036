//! Expected versus actual output, line by line, for showing where they differ.

use crate::execution::judge::js_trim_end;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffLine {
    pub expected: Option<String>,
    pub actual: Option<String>,
}

impl DiffLine {
    pub fn matches(&self) -> bool {
        self.expected == self.actual
    }
}

/// Pairs the lines of both texts (after the judge's trailing-whitespace trim), so
/// a view can mark the lines that differ and the ones missing on either side.
pub fn line_diff(expected: &str, actual: &str) -> Vec<DiffLine> {
    let expected: Vec<&str> = js_trim_end(expected).split('\n').collect();
    let actual: Vec<&str> = js_trim_end(actual).split('\n').collect();
    (0..expected.len().max(actual.len()))
        .map(|i| DiffLine {
            expected: expected.get(i).map(|l| (*l).to_owned()),
            actual: actual.get(i).map(|l| (*l).to_owned()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_changed_and_missing_lines() {
        let diff = line_diff("1\n2\n3\n", "1\n5");
        assert_eq!(diff.len(), 3);
        assert!(diff[0].matches());
        assert!(!diff[1].matches());
        assert_eq!(diff[2].actual, None);
        assert!(line_diff("a\n", "a").iter().all(DiffLine::matches), "trailing whitespace is forgiven");
    }
}
