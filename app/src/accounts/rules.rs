//! Input rules for accounts, exactly as the legacy API states them. Pure functions:
//! the server enforces them and the browser uses them for inline validation.

use super::types::Profile;
use crate::core::FieldError;

pub const USERNAME_MIN: usize = 3;
pub const USERNAME_MAX: usize = 20;
pub const PASSWORD_MIN: usize = 14;
pub const EMAIL_MAX: usize = 320;
pub const BIO_MAX: usize = 500;
pub const LOCATION_MAX: usize = 100;
pub const URL_MAX: usize = 2048;
pub const SOCIALS_MAX: usize = 5;

/// Failed logins an account may have before each further one makes it wait.
pub const FREE_FAILED_LOGINS: u32 = 5;
/// The longest an account ever waits between two login attempts.
pub const LOGIN_WAIT_MAX_SECS: u64 = 15 * 60;

/// Seconds an account waits after its last failed login before the next attempt,
/// given its failures in a row: nothing for the first few, then 1 s, 2 s, 4 s, …
/// up to [`LOGIN_WAIT_MAX_SECS`]. Growing delays slow a password guesser to a crawl
/// without locking the owner out, as a fixed lock would.
pub fn login_wait_secs(failures: u32, free: u32) -> u64 {
    let Some(over) = failures.checked_sub(free) else { return 0 };
    if over == 0 {
        return 0;
    }
    1u64.checked_shl(over - 1).unwrap_or(u64::MAX).min(LOGIN_WAIT_MAX_SECS)
}

/// JavaScript string length (UTF-16 code units), which the legacy limits count.
fn js_len(text: &str) -> usize {
    text.encode_utf16().count()
}

pub fn check_username(username: &str) -> Result<(), String> {
    let length = js_len(username);
    if !(USERNAME_MIN..=USERNAME_MAX).contains(&length) {
        return Err(format!("Username must be between {USERNAME_MIN} and {USERNAME_MAX} characters"));
    }
    if !username.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return Err("Username may only contain letters, digits, '_' and '-'".into());
    }
    Ok(())
}

/// zod 4's `email()`: `^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-\.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$`
pub fn is_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && !local.starts_with('.')
        && !email.contains("..")
        && local.chars().all(|c| c.is_ascii_alphanumeric() || "_'+-.".contains(c))
        && local.chars().last().is_some_and(|c| c.is_ascii_alphanumeric() || "_+-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.split_last().is_some_and(|(tld, rest)| {
            tld.len() >= 2
                && tld.chars().all(|c| c.is_ascii_alphabetic())
                && rest.iter().all(|label| {
                    label.starts_with(|c: char| c.is_ascii_alphanumeric())
                        && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                })
        });
    local_ok && domain_ok
}

pub fn check_email(email: &str) -> Result<(), String> {
    if js_len(email) > EMAIL_MAX {
        return Err(format!("E-mail must be at most {EMAIL_MAX} characters"));
    }
    if !is_email(email) {
        return Err("Enter a valid e-mail address".into());
    }
    Ok(())
}

pub fn check_password(password: &str) -> Result<(), String> {
    if js_len(password) < PASSWORD_MIN {
        return Err(format!("Password must be at least {PASSWORD_MIN} characters"));
    }
    Ok(())
}

/// Collects the rule violations of a registration, one per field.
pub fn check_registration(username: &str, email: &str, password: &str) -> Vec<FieldError> {
    [
        ("username", check_username(username)),
        ("email", check_email(email)),
        ("password", check_password(password)),
    ]
    .into_iter()
    .filter_map(|(field, result)| result.err().map(|message| FieldError::new(field, message)))
    .collect()
}

fn is_web_url(text: &str) -> bool {
    (text.starts_with("https://") || text.starts_with("http://"))
        && text.len() > "https://".len()
        && !text.chars().any(char::is_whitespace)
}

/// Trims the profile's fields, drops empty ones and checks what is left.
pub fn normalize_profile(profile: Profile) -> Result<Profile, Vec<FieldError>> {
    let clean = |value: Option<String>| value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let profile = Profile {
        picture: clean(profile.picture),
        bio: clean(profile.bio),
        location: clean(profile.location),
        socials: profile
            .socials
            .into_iter()
            .map(|link| link.trim().to_owned())
            .filter(|link| !link.is_empty())
            .collect(),
    };
    let mut errors = Vec::new();
    if profile.bio.as_deref().is_some_and(|bio| js_len(bio) > BIO_MAX) {
        errors.push(FieldError::new("bio", format!("Bio must be at most {BIO_MAX} characters")));
    }
    if profile.location.as_deref().is_some_and(|l| js_len(l) > LOCATION_MAX) {
        errors
            .push(FieldError::new("location", format!("Location must be at most {LOCATION_MAX} characters")));
    }
    if profile.picture.as_deref().is_some_and(|p| p.len() > URL_MAX || !is_web_url(p)) {
        errors.push(FieldError::new("picture", "Picture must be an http(s) URL"));
    }
    if profile.socials.len() > SOCIALS_MAX {
        errors.push(FieldError::new("socials", format!("At most {SOCIALS_MAX} links")));
    }
    if profile.socials.iter().any(|s| s.len() > URL_MAX || !is_web_url(s)) {
        errors.push(FieldError::new("socials", "Links must be http(s) URLs"));
    }
    if errors.is_empty() { Ok(profile) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_waits_double_after_the_free_failures_and_stop_growing() {
        let waits: Vec<u64> = (0..=9).map(|n| login_wait_secs(n, 5)).collect();
        assert_eq!(waits, [0, 0, 0, 0, 0, 0, 1, 2, 4, 8]);
        assert_eq!(login_wait_secs(20, 5), LOGIN_WAIT_MAX_SECS);
        assert_eq!(login_wait_secs(u32::MAX, 5), LOGIN_WAIT_MAX_SECS);
    }

    #[test]
    fn usernames() {
        for ok in ["abc", "a_b-c", "ABCDEFGHIJ0123456789"] {
            assert_eq!(check_username(ok), Ok(()), "{ok}");
        }
        for bad in ["ab", "ABCDEFGHIJ01234567890", "with space", "ümlaut", "dot.name", ""] {
            assert!(check_username(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails_follow_zod() {
        for ok in ["a@b.co", "first.last+tag@sub.example.org", "o'neil@example.com", "x_y-z@a-b.io"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "plain",
            "@example.com",
            "a@b",
            "a@b.c",
            ".a@b.com",
            "a..b@c.com",
            "a.@b.com",
            "a@-b.com",
            "a@b.c0m",
            "a b@c.com",
            "a@b..com",
            "a@@b.com",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
        assert!(check_email(&format!("{}@example.com", "a".repeat(320))).is_err());
    }

    #[test]
    fn passwords_need_fourteen_characters_and_have_no_maximum() {
        assert!(check_password("thirteen-char").is_err());
        assert_eq!(check_password("fourteen-chars"), Ok(()));
        assert_eq!(check_password(&"x".repeat(10_000)), Ok(()));
    }

    #[test]
    fn registration_reports_every_field() {
        let errors = check_registration("a", "nope", "short");
        let fields: Vec<_> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(fields, ["username", "email", "password"]);
        assert!(check_registration("alice", "alice@example.com", "a long enough password").is_empty());
    }

    #[test]
    fn profiles_are_trimmed_and_checked() {
        let profile = normalize_profile(Profile {
            bio: Some("  hello  ".into()),
            location: Some("   ".into()),
            socials: vec!["https://example.com/me".into(), " ".into()],
            ..Profile::default()
        })
        .unwrap();
        assert_eq!(profile.bio.as_deref(), Some("hello"));
        assert_eq!(profile.location, None);
        assert_eq!(profile.socials, ["https://example.com/me"]);

        let errors = normalize_profile(Profile {
            picture: Some("javascript:alert(1)".into()),
            bio: Some("x".repeat(BIO_MAX + 1)),
            ..Profile::default()
        })
        .unwrap_err();
        assert_eq!(errors.len(), 2);
    }
}
