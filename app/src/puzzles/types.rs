//! Puzzle types shared by the server and the browser.

use crate::core::{Id, Timestamp, wire_enum};
use serde::{Deserialize, Serialize};

wire_enum! {
    /// How hard a puzzle is.
    Difficulty as "puzzle_difficulty" {
        Beginner = "beginner",
        Intermediate = "intermediate",
        Advanced = "advanced",
        Expert = "expert",
    }
}

wire_enum! {
    /// Where a puzzle stands in the publishing workflow.
    Visibility as "puzzle_visibility" {
        Draft = "draft",
        Ready = "ready",
        Review = "review",
        Revise = "revise",
        Approved = "approved",
        Inactive = "inactive",
        Archived = "archived",
    }
}

wire_enum! {
    /// Topic labels.
    Tag as "puzzle_tag" {
        Algorithms = "algorithms",
        DataStructures = "data_structures",
        Mathematics = "mathematics",
        Strings = "strings",
        Arrays = "arrays",
        Math = "math",
        GraphTheory = "graph_theory",
        DynamicProgramming = "dynamic_programming",
    }
}

impl Difficulty {
    pub fn label(self) -> &'static str {
        match self {
            Self::Beginner => "Beginner",
            Self::Intermediate => "Intermediate",
            Self::Advanced => "Advanced",
            Self::Expert => "Expert",
        }
    }
}

impl Visibility {
    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::Ready => "Ready",
            Self::Review => "In review",
            Self::Revise => "Needs changes",
            Self::Approved => "Published",
            Self::Inactive => "Paused",
            Self::Archived => "Archived",
        }
    }

    /// What a button that moves a puzzle into this state says.
    pub fn action_label(self) -> &'static str {
        match self {
            Self::Draft => "Back to draft",
            Self::Ready => "Check and mark ready",
            Self::Review => "Submit for review",
            Self::Revise => "Request changes",
            Self::Approved => "Publish",
            Self::Inactive => "Pause",
            Self::Archived => "Archive",
        }
    }
}

impl Tag {
    /// The topics pages offer: "math" is the legacy spelling of "mathematics", kept on
    /// the wire and read as the same topic.
    pub const TOPICS: &'static [Tag] = &[
        Tag::Algorithms,
        Tag::DataStructures,
        Tag::Mathematics,
        Tag::Strings,
        Tag::Arrays,
        Tag::GraphTheory,
        Tag::DynamicProgramming,
    ];

    /// One tag per topic.
    pub fn canonical(self) -> Self {
        match self {
            Tag::Math => Tag::Mathematics,
            tag => tag,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Algorithms => "Algorithms",
            Self::DataStructures => "Data structures",
            Self::Mathematics | Self::Math => "Mathematics",
            Self::Strings => "Strings",
            Self::Arrays => "Arrays",
            Self::GraphTheory => "Graph theory",
            Self::DynamicProgramming => "Dynamic programming",
        }
    }
}

/// A puzzle as it appears in lists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct PuzzleCard {
    pub id: Id,
    pub title: String,
    pub difficulty: Difficulty,
    pub visibility: Visibility,
    pub tags: Vec<Tag>,
    pub author_name: String,
    pub solvers: i64,
    /// The calibrated difficulty (the puzzle's rating in the solo pool) and its
    /// deviation; `None` before anyone's first verdict on it.
    pub rating: Option<f64>,
    pub rating_deviation: Option<f64>,
}

impl PuzzleCard {
    pub fn calibrated(&self) -> Option<Calibrated> {
        Some(Calibrated { rating: self.rating?, deviation: self.rating_deviation? })
    }
}

/// A puzzle's difficulty as measured: its Glicko-2 rating in the solo pool, where
/// each user's first verdict on it is a match (a failure is a win for the puzzle).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Calibrated {
    pub rating: f64,
    pub deviation: f64,
}

impl Calibrated {
    /// Still uncertain: the deviation limit of the leaderboards (lichess's).
    pub fn provisional(self) -> bool {
        self.deviation > crate::leaderboard::rules::PROVISIONAL_DEVIATION
    }
}

/// The author as a puzzle shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    pub id: Id,
    pub username: String,
}

/// One test: an input and the output it must produce. Public tests are the examples
/// shown with the statement; hidden ones never leave the server except to the author
/// and moderators.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Test {
    pub id: Id,
    pub input: String,
    pub output: String,
    pub is_public: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// How often a puzzle was tried and solved, and how long its submissions ran.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PuzzleStats {
    pub attempts: i64,
    pub successes: i64,
    pub solvers: i64,
    pub total_run_time_ms: i64,
}

impl PuzzleStats {
    /// Accepted submissions out of all, as a whole percentage; none before the first attempt.
    pub fn success_rate(&self) -> Option<String> {
        (self.attempts > 0).then(|| format!("{:.0}%", 100.0 * self.successes as f64 / self.attempts as f64))
    }

    /// The mean run time of a submission; none before the first attempt.
    pub fn average_run_time(&self) -> Option<String> {
        (self.attempts > 0).then(|| format!("{} ms", self.total_run_time_ms / self.attempts))
    }
}

/// A puzzle as its page shows it to the viewer: rendered, sanitized statement, and
/// only the tests the viewer may see.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PuzzleView {
    pub id: Id,
    pub title: String,
    pub statement_html: String,
    pub constraints_html: Option<String>,
    pub difficulty: Difficulty,
    pub visibility: Visibility,
    pub tags: Vec<Tag>,
    pub author: Author,
    /// The public tests, plus the hidden ones for the author and moderators.
    pub tests: Vec<Test>,
    pub stats: PuzzleStats,
    pub calibrated: Option<Calibrated>,
    /// Only for the author and moderators.
    pub moderation_feedback: Option<String>,
    /// States the viewer may move the puzzle to.
    pub moves: Vec<Visibility>,
    pub can_edit: bool,
    pub can_delete: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A test in the editor; `id` is absent for tests added since loading.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestDraft {
    pub id: Option<Id>,
    pub input: String,
    pub output: String,
    pub is_public: bool,
}

/// Everything the author edits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PuzzleDraft {
    pub title: String,
    pub statement: String,
    pub constraints: String,
    pub difficulty: Difficulty,
    pub tags: Vec<Tag>,
    pub tests: Vec<TestDraft>,
    pub solution_code: String,
    pub solution_language: Option<Id>,
}

/// A partial edit (the legacy `PUT /puzzle/:id`): absent fields keep their stored
/// value, and a `visibility` is a move through the workflow.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PuzzleChange {
    pub title: Option<String>,
    pub statement: Option<String>,
    pub constraints: Option<String>,
    pub difficulty: Option<Difficulty>,
    pub tags: Option<Vec<Tag>>,
    pub tests: Option<Vec<TestChange>>,
    pub solution_code: Option<String>,
    pub solution_language: Option<Id>,
    pub visibility: Option<Visibility>,
}

/// A test in a partial edit; without `is_public`, a known test keeps its flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestChange {
    pub id: Option<Id>,
    pub input: String,
    pub output: String,
    pub is_public: Option<bool>,
}

impl PuzzleChange {
    /// `draft` with this change's fields applied.
    pub fn apply_to(self, mut draft: PuzzleDraft) -> PuzzleDraft {
        let flags: std::collections::HashMap<Id, bool> =
            draft.tests.iter().filter_map(|t| Some((t.id?, t.is_public))).collect();
        if let Some(title) = self.title {
            draft.title = title;
        }
        if let Some(statement) = self.statement {
            draft.statement = statement;
        }
        if let Some(constraints) = self.constraints {
            draft.constraints = constraints;
        }
        if let Some(difficulty) = self.difficulty {
            draft.difficulty = difficulty;
        }
        if let Some(tags) = self.tags {
            draft.tags = tags;
        }
        if let Some(tests) = self.tests {
            draft.tests = tests
                .into_iter()
                .map(|t| TestDraft {
                    is_public: t.is_public.or_else(|| flags.get(&t.id?).copied()).unwrap_or(false),
                    id: t.id,
                    input: t.input,
                    output: t.output,
                })
                .collect();
        }
        if let Some(code) = self.solution_code {
            draft.solution_code = code;
        }
        draft.solution_language = self.solution_language.or(draft.solution_language);
        draft
    }
}

/// The editor page: the draft and where the puzzle stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EditorData {
    pub id: Id,
    pub draft: PuzzleDraft,
    pub visibility: Visibility,
    /// Whether the content may change in this state (the workflow may still move).
    pub can_edit: bool,
    pub moderation_feedback: Option<String>,
    pub moves: Vec<Visibility>,
    pub can_delete: bool,
}

/// Orders of the puzzle list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    #[default]
    Newest,
    Title,
    Difficulty,
    Popularity,
    /// Calibrated difficulty, easiest first; puzzles not yet calibrated last.
    Calibrated,
}

impl Sort {
    pub const ALL: &'static [Sort] =
        &[Sort::Newest, Sort::Title, Sort::Difficulty, Sort::Calibrated, Sort::Popularity];

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Newest => "newest",
            Sort::Title => "title",
            Sort::Difficulty => "difficulty",
            Sort::Popularity => "popularity",
            Sort::Calibrated => "calibrated",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Sort::Newest => "Newest",
            Sort::Title => "Title",
            Sort::Difficulty => "Difficulty",
            Sort::Popularity => "Most played",
            Sort::Calibrated => "Calibrated difficulty",
        }
    }
}

/// A search of the public puzzle list; every field is optional in the URL.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PuzzleQuery {
    pub search: String,
    pub difficulty: Option<Difficulty>,
    pub tags: Vec<Tag>,
    /// Calibrated difficulty bounds (inclusive); uncalibrated puzzles fail either.
    pub min_rating: Option<u32>,
    pub max_rating: Option<u32>,
    pub sort: Sort,
    pub page: u32,
}

pub const PAGE_SIZE: u32 = 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_read_as_rates_and_means() {
        assert_eq!(PuzzleStats::default().success_rate(), None);
        assert_eq!(PuzzleStats::default().average_run_time(), None);
        let stats = PuzzleStats { attempts: 3, successes: 1, solvers: 1, total_run_time_ms: 100 };
        assert_eq!(stats.success_rate().as_deref(), Some("33%"));
        assert_eq!(stats.average_run_time().as_deref(), Some("33 ms"));
    }

    #[test]
    fn a_change_keeps_what_it_does_not_name() {
        let kept = Id::from_bytes([1; 12]);
        let draft = PuzzleDraft {
            title: "Sum".into(),
            statement: "Add.".into(),
            constraints: String::new(),
            difficulty: Difficulty::Beginner,
            tags: vec![Tag::Math],
            tests: vec![TestDraft { id: Some(kept), input: "1".into(), output: "1".into(), is_public: true }],
            solution_code: "print(1)".into(),
            solution_language: Some(kept),
        };
        let change = PuzzleChange {
            title: Some("Sum of two".into()),
            tests: Some(vec![
                TestChange { id: Some(kept), input: "2".into(), output: "2".into(), is_public: None },
                TestChange { id: None, input: "3".into(), output: "3".into(), is_public: None },
            ]),
            ..PuzzleChange::default()
        };
        let changed = change.apply_to(draft.clone());
        assert_eq!(changed.title, "Sum of two");
        assert_eq!(
            (changed.statement, changed.tags, changed.solution_language),
            (draft.statement, draft.tags, Some(kept))
        );
        assert_eq!(changed.tests.iter().map(|t| t.is_public).collect::<Vec<_>>(), [true, false]);
    }

    #[test]
    fn tag_labels_spell_out_the_wire_names() {
        for tag in Tag::ALL {
            assert_eq!(tag.label().to_lowercase().replace(' ', "_"), tag.canonical().as_str());
            assert!(tag.label().starts_with(|c: char| c.is_uppercase()), "{tag:?}");
        }
        let offered: Vec<Tag> = Tag::ALL.iter().map(|tag| tag.canonical()).collect();
        assert!(offered.iter().all(|tag| Tag::TOPICS.contains(tag)), "every tag reads as an offered topic");
    }
}
