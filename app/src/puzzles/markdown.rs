//! Markdown for statements, constraints and comments, rendered on the server and sanitized:
//! authors cannot inject scripts, event handlers or `javascript:` links.

use moka::sync::Cache;
use pulldown_cmark::{Options, Parser, html};
use std::sync::{Arc, LazyLock};

/// Markdown as HTML that is safe to insert: rendered, then sanitised. Pages render
/// the same comments and statements again and again, so results are kept by their
/// source text (which cannot go stale), up to `CACHE_BYTES` of text.
pub fn to_safe_html(markdown: &str) -> String {
    static RENDERED: LazyLock<Cache<String, Arc<str>>> = LazyLock::new(|| {
        Cache::builder()
            .weigher(|source: &String, html: &Arc<str>| {
                u32::try_from(source.len() + html.len()).unwrap_or(u32::MAX)
            })
            .max_capacity(CACHE_BYTES)
            .build()
    });
    RENDERED.get_with_by_ref(markdown, || render(markdown).into()).to_string()
}

const CACHE_BYTES: u64 = 32 * 1024 * 1024;

fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    ammonia::Builder::default()
        .link_rel(Some("nofollow noopener noreferrer"))
        // A code block scrolls sideways when its lines are long: keyboards must reach it too.
        .set_tag_attribute_value("pre", "tabindex", "0")
        .clean(&unsafe_html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::to_safe_html;

    #[test]
    fn renders_markdown() {
        let html = to_safe_html("# Title\n\nSome *text* and `code`.\n\n```\n1 2\n```");
        assert!(html.contains("<h1>Title</h1>"));
        assert!(html.contains("<em>text</em>") && html.contains("<code>code</code>"));
        assert!(html.contains("<pre tabindex=\"0\"><code>1 2\n</code></pre>"));
    }

    #[test]
    fn removes_scripts() {
        let html = to_safe_html("Hi <script>alert(1)</script> there");
        assert!(!html.contains("<script") && !html.contains("alert(1)"), "{html}");
    }

    #[test]
    fn removes_event_handlers() {
        let html =
            to_safe_html("<img src=\"x.png\" onerror=\"alert(1)\"> <a href=\"/x\" onclick=\"steal()\">x</a>");
        assert!(!html.contains("onerror") && !html.contains("onclick"), "{html}");
        assert!(html.contains("src=\"x.png\""));
    }

    #[test]
    fn removes_javascript_links() {
        for markdown in [
            "[click](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "[x](JaVaScRiPt:alert(1))",
        ] {
            let html = to_safe_html(markdown);
            assert!(!html.to_lowercase().contains("javascript:"), "{markdown} -> {html}");
        }
        assert!(to_safe_html("[ok](https://example.com)").contains("href=\"https://example.com\""));
    }

    #[test]
    fn removes_styles_iframes_and_forms() {
        let html =
            to_safe_html("<style>body{}</style><iframe src=\"https://evil\"></iframe><form><input></form>");
        assert!(!html.contains("<style") && !html.contains("<iframe") && !html.contains("<form"), "{html}");
    }
}
