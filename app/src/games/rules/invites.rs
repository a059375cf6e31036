//! Invite codes of private rooms: six characters of `[A-Z0-9]`.

pub const INVITE_CODE_LENGTH: usize = 6;
pub const INVITE_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// Whether `code` could be an invite code at all (anything else is refused before
/// any lookup).
pub fn is_invite_code(code: &str) -> bool {
    code.len() == INVITE_CODE_LENGTH && code.bytes().all(|b| INVITE_ALPHABET.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::is_invite_code;

    #[test]
    fn only_six_capitals_or_digits() {
        assert!(is_invite_code("AB12CD"));
        for bad in ["ab12cd", "AB12C", "AB12CDE", "AB\u{0}2CD", "", "ÄB12CD"] {
            assert!(!is_invite_code(bad), "{bad:?}");
        }
    }
}
