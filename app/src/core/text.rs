//! Text that PostgreSQL cannot store: a NUL character. Found in request bodies and
//! socket frames before anything reaches the database, so it is refused with a 400.

/// Whether a JSON document holds a NUL, raw or escaped as `\u0000` in a string.
/// Escapes are followed, so `"\\u0000"` (a backslash, then text) is not one.
pub fn json_has_nul(json: &[u8]) -> bool {
    let mut bytes = json.iter();
    while let Some(&byte) = bytes.next() {
        match byte {
            0 => return true,
            b'\\' => match bytes.next() {
                Some(b'u') => {
                    let digits: Vec<u8> = bytes.by_ref().take(4).copied().collect();
                    if digits == b"0000" {
                        return true;
                    }
                }
                Some(0) => return true,
                _ => {}
            },
            _ => {}
        }
    }
    false
}

/// Whether a URL-encoded form or query string holds a NUL (`%00`, or a raw one).
pub fn form_has_nul(form: &[u8]) -> bool {
    form.contains(&0) || form.windows(3).any(|w| w == b"%00")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nul_in_json_strings_however_written() {
        assert!(json_has_nul(br#"{"title":"a\u0000b"}"#));
        assert!(json_has_nul(b"{\"title\":\"a\0b\"}"));
        assert!(json_has_nul(br#"["x", {"deep": ["\u0000"]}]"#));
        assert!(!json_has_nul(br#"{"title":"a\\u0000b"}"#), "an escaped backslash, then text");
        assert!(!json_has_nul(br#"{"title":"\u0001 \u00e9 \"quoted\" \\"}"#));
        assert!(!json_has_nul(br#"{"a":"\u000"#), "a cut escape is not a NUL");
    }

    #[test]
    fn finds_nul_in_forms() {
        assert!(form_has_nul(b"title=a%00b"));
        assert!(form_has_nul(b"title=a\0b"));
        assert!(!form_has_nul(b"title=100%25&x=%0A"));
    }
}
