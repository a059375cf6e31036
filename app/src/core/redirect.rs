//! Where a `next` parameter may send someone after signing in: a path on this site.

/// `next` if it is a path of this site, else `/`. Browsers drop tabs and newlines
/// from URLs and read `\` as `/`, so `/\t/evil.example` would become the
/// scheme-relative `//evil.example`: anything with a control character, a
/// backslash, or a second leading slash is refused.
pub fn same_origin_path(next: Option<&str>) -> &str {
    next.filter(|next| {
        next.starts_with('/')
            && !next[1..].starts_with('/')
            && !next.contains('\\')
            && !next.chars().any(|c| c.is_control())
    })
    .unwrap_or("/")
}

#[cfg(test)]
mod tests {
    use super::same_origin_path;

    #[test]
    fn keeps_paths_of_this_site() {
        for path in ["/", "/puzzles?page=2", "/puzzles/abc/play#editor", "/a//b", "/%2F/evil.example"] {
            assert_eq!(same_origin_path(Some(path)), path);
        }
    }

    #[test]
    fn refuses_anything_a_browser_could_read_as_another_origin() {
        for next in [
            "https://evil.example",
            "//evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "\t//evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "evil.example",
            "",
            "javascript:alert(1)",
        ] {
            assert_eq!(same_origin_path(Some(next)), "/", "{next:?}");
        }
        assert_eq!(same_origin_path(None), "/");
    }
}
