//! Pure moderation rules, shared by the desk pages and the service.

use super::{Action, Decision, Penalty};

/// Text that replaces removed comments and chat messages for everyone.
pub const REMOVED: &str = "[removed by a moderator]";

/// Spec gotcha 15: each resolved report against a user from the third on bans them
/// automatically, longer at 3, 5, 7 and 10 resolved reports.
pub fn escalation(resolved_reports: i32) -> Option<Penalty> {
    match resolved_reports {
        ..=2 => None,
        3..=4 => Some(Penalty::Days(1)),
        5..=6 => Some(Penalty::Days(3)),
        7..=9 => Some(Penalty::Days(7)),
        _ => Some(Penalty::Permanent),
    }
}

/// Longest temporary ban the desk offers, in days.
pub const MAX_BAN_DAYS: u32 = 3650;

/// Whether a decision is complete: a ban needs its length, and nothing else takes one.
pub fn check_decision(decision: &Decision) -> Result<(), &'static str> {
    match decision {
        Decision::Dismiss
        | Decision::Resolve { action: Action::Nothing | Action::Remove | Action::Warn, penalty: None } => {
            Ok(())
        }
        Decision::Resolve { action: Action::Ban, penalty: Some(Penalty::Permanent) } => Ok(()),
        Decision::Resolve { action: Action::Ban, penalty: Some(Penalty::Days(days)) } => {
            if (1..=MAX_BAN_DAYS).contains(days) { Ok(()) } else { Err("A ban lasts from 1 to 3650 days") }
        }
        Decision::Resolve { action: Action::Ban, penalty: None } => Err("Choose how long the ban lasts"),
        Decision::Resolve { .. } => Err("Only a ban has a length"),
    }
}

/// The penalty chosen on the desk's ban form: a number of days, or `permanent`.
pub fn parse_penalty(text: &str) -> Option<Penalty> {
    match text.trim() {
        "permanent" => Some(Penalty::Permanent),
        days => days.parse().ok().filter(|d| (1..=MAX_BAN_DAYS).contains(d)).map(Penalty::Days),
    }
}

/// The audit log's action names, for its filter.
pub const AUDIT_ACTIONS: &[&str] = &[
    "puzzle.visibility",
    "puzzle.review",
    "report.dismiss",
    "report.resolve",
    "content.remove",
    "user.warn",
    "user.ban",
    "user.unban",
    "user.role",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escalation_steps_at_three_five_seven_and_ten() {
        let steps: Vec<_> = (0..=11).map(escalation).collect();
        use Penalty::*;
        assert_eq!(
            steps,
            [
                None,
                None,
                None,
                Some(Days(1)),
                Some(Days(1)),
                Some(Days(3)),
                Some(Days(3)),
                Some(Days(7)),
                Some(Days(7)),
                Some(Days(7)),
                Some(Permanent),
                Some(Permanent),
            ]
        );
    }

    #[test]
    fn a_ban_and_only_a_ban_has_a_length() {
        let resolve = |action, penalty| Decision::Resolve { action, penalty };
        assert_eq!(check_decision(&Decision::Dismiss), Ok(()));
        assert_eq!(check_decision(&resolve(Action::Remove, None)), Ok(()));
        assert_eq!(check_decision(&resolve(Action::Ban, Some(Penalty::Days(1)))), Ok(()));
        assert_eq!(check_decision(&resolve(Action::Ban, Some(Penalty::Permanent))), Ok(()));
        assert!(check_decision(&resolve(Action::Ban, None)).is_err());
        assert!(check_decision(&resolve(Action::Ban, Some(Penalty::Days(0)))).is_err());
        assert!(check_decision(&resolve(Action::Warn, Some(Penalty::Days(2)))).is_err());
    }

    #[test]
    fn penalties_from_the_form() {
        assert_eq!(parse_penalty("1"), Some(Penalty::Days(1)));
        assert_eq!(parse_penalty("permanent"), Some(Penalty::Permanent));
        assert_eq!(parse_penalty("0"), None);
        assert_eq!(parse_penalty("soon"), None);
        assert_eq!(Penalty::Days(3).label(), "a 3-day ban");
    }
}
