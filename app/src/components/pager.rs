//! Previous and next links under a paginated list.

use crate::core::Page;
use leptos::prelude::*;

/// "Page 2 of 5 · 93 puzzles" with previous/next links built by `link(page)`.
#[component]
pub fn Pager<T: 'static>(
    page: Page<T>,
    link: impl Fn(u32) -> String + 'static,
    /// What the list holds.
    #[prop(default = "puzzles")]
    noun: &'static str,
) -> impl IntoView {
    let total = page.total_pages.max(1);
    let current = u64::from(page.page);
    view! {
        <nav class="pager" aria-label="Pages">
            {(current > 1).then(|| view! { <a href=link(page.page - 1) rel="prev">"Previous"</a> })}
            <span>{format!("Page {current} of {total} · {} {noun}", page.total_items)}</span>
            {(current < total).then(|| view! { <a href=link(page.page + 1) rel="next">"Next"</a> })}
        </nav>
    }
}
