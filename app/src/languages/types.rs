use crate::core::Id;
use serde::{Deserialize, Serialize};

/// A language and version (the legacy ProgrammingLanguage DTO).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
pub struct Language {
    #[serde(rename = "_id")]
    pub id: Id,
    pub language: String,
    pub version: String,
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<String>,
}

impl Language {
    /// "python 3.11.2"
    pub fn display_name(&self) -> String {
        format!("{} {}", self.language, self.version)
    }
}

/// Orders versions newest first, comparing their numbers (`3.10` is newer than `3.9`).
pub fn newer_first(a: &str, b: &str) -> std::cmp::Ordering {
    let numbers = |version: &str| -> Vec<u64> {
        version.split(|c: char| !c.is_ascii_digit()).filter_map(|part| part.parse().ok()).collect()
    };
    numbers(b).cmp(&numbers(a)).then_with(|| b.cmp(a))
}

#[cfg(test)]
mod tests {
    use super::newer_first;
    use std::cmp::Ordering;

    #[test]
    fn versions_compare_by_their_numbers() {
        assert_eq!(newer_first("3.10.0", "3.9.2"), Ordering::Less);
        assert_eq!(newer_first("17.0.15", "21"), Ordering::Greater);
        assert_eq!(newer_first("1.2", "1.2"), Ordering::Equal);
        let mut versions = vec!["3.9", "3.11.2", "3.10"];
        versions.sort_by(|a, b| newer_first(a, b));
        assert_eq!(versions, ["3.11.2", "3.10", "3.9"]);
    }
}
