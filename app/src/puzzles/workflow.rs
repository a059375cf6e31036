//! The publishing workflow as an explicit state machine: which moves exist, who may
//! make each, and what each requires. Pure; the service supplies the facts.
//!
//! ```text
//! draft ──author──▶ ready ──author──▶ review ──moderator──▶ approved ◀─▶ inactive
//!   ▲                 │                  │ └──moderator──▶ revise ──author──▶ ready/review
//!   └─────author──────┴──────author──────┘ (withdraw)
//! every state except review ──author or moderator──▶ archived ──▶ draft
//! ```
//! `ready` means complete and checked: the author's solution passes every test.

use super::{
    Visibility::{self, *},
    rules::FEEDBACK,
};

/// At least this many tests, with at least one public example and one hidden test,
/// before a puzzle can be ready or reviewed.
pub const MIN_TESTS: usize = 3;

/// How the caller stands to a puzzle: its author, a moderator, both or neither.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    pub is_author: bool,
    pub is_moderator: bool,
}

/// What the puzzle has, as far as the rules care.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    pub has_statement: bool,
    pub public_tests: usize,
    pub hidden_tests: usize,
    pub has_solution: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("A puzzle cannot go from {from} to {to}")]
    NoSuchMove { from: Visibility, to: Visibility },
    #[error("Only {0} can do that")]
    NotAllowed(&'static str),
    #[error("The puzzle is not complete: {0}")]
    Incomplete(String),
    #[error("Explain what to change ({} to {} characters)", FEEDBACK.start(), FEEDBACK.end())]
    FeedbackRequired,
}

/// Who may make a move, and whether it needs the puzzle to be complete.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rule {
    Author { needs_complete: bool },
    Moderator { needs_feedback: bool },
    AuthorOrModerator,
}

fn rule(from: Visibility, to: Visibility) -> Option<Rule> {
    let rule = match (from, to) {
        (Draft | Revise, Ready) | (Ready | Revise, Review) => Rule::Author { needs_complete: true },
        (Ready | Review | Revise, Draft) => Rule::Author { needs_complete: false },
        (Review, Approved) | (Inactive, Approved) => Rule::Moderator { needs_feedback: false },
        (Review, Revise) => Rule::Moderator { needs_feedback: true },
        (Approved, Inactive) => Rule::AuthorOrModerator,
        (Draft | Ready | Revise | Approved | Inactive, Archived) | (Archived, Draft) => {
            Rule::AuthorOrModerator
        }
        _ => return None,
    };
    Some(rule)
}

/// Checks one move. `feedback` is the moderator's note for `revise`.
pub fn check(
    from: Visibility,
    to: Visibility,
    standing: Standing,
    facts: Facts,
    feedback: Option<&str>,
) -> Result<(), Refusal> {
    let rule = rule(from, to).ok_or(Refusal::NoSuchMove { from, to })?;
    match rule {
        Rule::Author { needs_complete } => {
            if !standing.is_author {
                return Err(Refusal::NotAllowed("the author"));
            }
            if needs_complete {
                completeness(facts)?;
            }
        }
        Rule::Moderator { needs_feedback } => {
            if !standing.is_moderator {
                return Err(Refusal::NotAllowed("moderators"));
            }
            let length = feedback.map(|f| f.trim().chars().count()).unwrap_or(0);
            if needs_feedback && !FEEDBACK.contains(&length) {
                return Err(Refusal::FeedbackRequired);
            }
        }
        Rule::AuthorOrModerator => {
            if !standing.is_author && !standing.is_moderator {
                return Err(Refusal::NotAllowed("the author or a moderator"));
            }
        }
    }
    Ok(())
}

/// Whether the solution must be run against the tests before this move.
pub fn needs_solution_check(to: Visibility) -> bool {
    matches!(to, Ready | Review)
}

/// The moves the caller may try from `from` (completeness is checked when they do).
pub fn moves(from: Visibility, standing: Standing) -> Vec<Visibility> {
    Visibility::ALL
        .iter()
        .copied()
        .filter(|&to| match rule(from, to) {
            Some(Rule::Author { .. }) => standing.is_author,
            Some(Rule::Moderator { .. }) => standing.is_moderator,
            Some(Rule::AuthorOrModerator) => standing.is_author || standing.is_moderator,
            None => false,
        })
        .collect()
}

/// Whose edits a puzzle accepts in a state: its author while it is being written,
/// moderators always (a published puzzle changes only through review).
pub fn may_edit(state: Visibility, standing: Standing) -> bool {
    standing.is_moderator || (standing.is_author && matches!(state, Draft | Ready | Revise))
}

/// Editing a checked puzzle makes it unchecked again.
pub fn after_edit(state: Visibility) -> Visibility {
    if state == Ready { Draft } else { state }
}

/// Who may see a puzzle in a state. Under review, anyone with the link may read it
/// and give feedback; unpublished states belong to the author and moderators.
pub fn may_view(state: Visibility, standing: Standing) -> bool {
    matches!(state, Approved | Review) || standing.is_author || standing.is_moderator
}

/// As in the legacy API: only the author deletes, and only what was never public.
pub fn may_delete(state: Visibility, standing: Standing) -> Result<(), &'static str> {
    if !standing.is_author {
        return Err("Not authorized to delete this puzzle");
    }
    if !matches!(state, Draft | Ready) {
        return Err("This puzzle was public, contact support to get it deleted.");
    }
    Ok(())
}

fn completeness(facts: Facts) -> Result<(), Refusal> {
    let mut missing = Vec::new();
    if !facts.has_statement {
        missing.push("a statement".to_owned());
    }
    if facts.public_tests + facts.hidden_tests < MIN_TESTS {
        missing.push(format!("at least {MIN_TESTS} tests"));
    }
    if facts.public_tests == 0 {
        missing.push("a public example".to_owned());
    }
    if facts.hidden_tests == 0 {
        missing.push("a hidden test".to_owned());
    }
    if !facts.has_solution {
        missing.push("a solution with its language".to_owned());
    }
    if missing.is_empty() { Ok(()) } else { Err(Refusal::Incomplete(missing.join(", "))) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AUTHOR: Standing = Standing { is_author: true, is_moderator: false };
    const MODERATOR: Standing = Standing { is_author: false, is_moderator: true };
    const STRANGER: Standing = Standing { is_author: false, is_moderator: false };
    const COMPLETE: Facts =
        Facts { has_statement: true, public_tests: 1, hidden_tests: 2, has_solution: true };

    /// Every (from, to) pair: the exact set of moves that exist.
    #[test]
    fn the_moves_that_exist() {
        let mut existing = Vec::new();
        for &from in Visibility::ALL {
            for &to in Visibility::ALL {
                if rule(from, to).is_some() {
                    existing.push(format!("{from}->{to}"));
                }
            }
        }
        assert_eq!(
            existing,
            [
                "draft->ready",
                "draft->archived",
                "ready->draft",
                "ready->review",
                "ready->archived",
                "review->draft",
                "review->revise",
                "review->approved",
                "revise->draft",
                "revise->ready",
                "revise->review",
                "revise->archived",
                "approved->inactive",
                "approved->archived",
                "inactive->approved",
                "inactive->archived",
                "archived->draft",
            ]
        );
        for &state in Visibility::ALL {
            assert_eq!(
                check(state, state, AUTHOR, COMPLETE, None),
                Err(Refusal::NoSuchMove { from: state, to: state })
            );
        }
    }

    #[test]
    fn authors_prepare_and_submit_complete_puzzles() {
        assert_eq!(check(Draft, Ready, AUTHOR, COMPLETE, None), Ok(()));
        assert_eq!(check(Ready, Review, AUTHOR, COMPLETE, None), Ok(()));
        assert_eq!(check(Revise, Review, AUTHOR, COMPLETE, None), Ok(()));
        assert_eq!(check(Review, Draft, AUTHOR, COMPLETE, None), Ok(()), "withdraw");
        assert_eq!(check(Draft, Ready, MODERATOR, COMPLETE, None), Err(Refusal::NotAllowed("the author")));
        assert_eq!(check(Draft, Ready, STRANGER, COMPLETE, None), Err(Refusal::NotAllowed("the author")));
        assert_eq!(
            check(Draft, Review, AUTHOR, COMPLETE, None),
            Err(Refusal::NoSuchMove { from: Draft, to: Review }),
            "a draft is checked before review"
        );
    }

    #[test]
    fn incomplete_puzzles_say_what_is_missing() {
        let empty = Facts::default();
        assert_eq!(
            check(Draft, Ready, AUTHOR, empty, None),
            Err(Refusal::Incomplete(
                "a statement, at least 3 tests, a public example, a hidden test, a solution with its language".into()
            ))
        );
        let no_hidden = Facts { hidden_tests: 0, public_tests: 3, ..COMPLETE };
        assert_eq!(
            check(Ready, Review, AUTHOR, no_hidden, None),
            Err(Refusal::Incomplete("a hidden test".into()))
        );
        assert_eq!(check(Ready, Draft, AUTHOR, empty, None), Ok(()), "going back needs nothing");
    }

    #[test]
    fn moderators_decide_reviews() {
        assert_eq!(check(Review, Approved, MODERATOR, COMPLETE, None), Ok(()));
        assert_eq!(check(Review, Approved, AUTHOR, COMPLETE, None), Err(Refusal::NotAllowed("moderators")));
        assert_eq!(check(Review, Revise, MODERATOR, COMPLETE, None), Err(Refusal::FeedbackRequired));
        assert_eq!(
            check(Review, Revise, MODERATOR, COMPLETE, Some("too short")),
            Err(Refusal::FeedbackRequired)
        );
        assert_eq!(check(Review, Revise, MODERATOR, COMPLETE, Some("Add an example with zero.")), Ok(()));
        assert_eq!(
            check(Ready, Approved, MODERATOR, COMPLETE, None),
            Err(Refusal::NoSuchMove { from: Ready, to: Approved })
        );
    }

    #[test]
    fn published_puzzles_pause_and_retire() {
        assert_eq!(check(Approved, Inactive, AUTHOR, COMPLETE, None), Ok(()));
        assert_eq!(check(Approved, Inactive, MODERATOR, COMPLETE, None), Ok(()));
        assert_eq!(
            check(Approved, Inactive, STRANGER, COMPLETE, None),
            Err(Refusal::NotAllowed("the author or a moderator"))
        );
        assert_eq!(check(Inactive, Approved, MODERATOR, COMPLETE, None), Ok(()));
        assert_eq!(check(Inactive, Approved, AUTHOR, COMPLETE, None), Err(Refusal::NotAllowed("moderators")));
        assert_eq!(check(Approved, Archived, AUTHOR, COMPLETE, None), Ok(()));
        assert_eq!(check(Archived, Draft, AUTHOR, COMPLETE, None), Ok(()));
        assert_eq!(
            check(Review, Archived, AUTHOR, COMPLETE, None),
            Err(Refusal::NoSuchMove { from: Review, to: Archived })
        );
    }

    #[test]
    fn moves_offered_match_the_rules() {
        assert_eq!(moves(Draft, AUTHOR), [Ready, Archived]);
        assert_eq!(moves(Review, MODERATOR), [Revise, Approved]);
        assert_eq!(moves(Review, AUTHOR), [Draft]);
        assert!(moves(Approved, STRANGER).is_empty());
        assert!(
            needs_solution_check(Ready) && needs_solution_check(Review) && !needs_solution_check(Approved)
        );
    }

    #[test]
    fn editing_viewing_and_deleting() {
        assert!(may_edit(Draft, AUTHOR) && may_edit(Revise, AUTHOR) && !may_edit(Approved, AUTHOR));
        assert!(may_edit(Approved, MODERATOR) && !may_edit(Draft, STRANGER));
        assert_eq!(after_edit(Ready), Draft);
        assert_eq!(after_edit(Revise), Revise);
        assert!(may_view(Approved, STRANGER) && may_view(Review, STRANGER) && !may_view(Draft, STRANGER));
        assert!(may_view(Draft, AUTHOR) && may_view(Archived, MODERATOR));
        assert_eq!(may_delete(Draft, AUTHOR), Ok(()));
        assert_eq!(may_delete(Draft, MODERATOR), Err("Not authorized to delete this puzzle"));
        assert_eq!(
            may_delete(Approved, AUTHOR),
            Err("This puzzle was public, contact support to get it deleted.")
        );
    }
}
