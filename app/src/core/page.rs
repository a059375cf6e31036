//! One page of a list, the shape every paginated list takes (and the legacy API's
//! pagination envelope, `{page, pageSize, totalPages, totalItems, items}`).

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    /// From 1.
    pub page: u32,
    pub page_size: u32,
    pub total_pages: u64,
    pub total_items: u64,
    pub items: Vec<T>,
}

impl<T> Page<T> {
    pub fn new(items: Vec<T>, page: u32, page_size: u32, total_items: u64) -> Self {
        let total_pages = total_items.div_ceil(u64::from(page_size.max(1)));
        Self { page, page_size, total_pages, total_items, items }
    }

    /// Rows to skip to reach `page` (from 1) of `page_size` rows, for `OFFSET`.
    pub fn offset(page: u32, page_size: u32) -> i64 {
        i64::from(page.max(1) - 1) * i64::from(page_size)
    }

    /// The same page with other items.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            page: self.page,
            page_size: self.page_size,
            total_pages: self.total_pages,
            total_items: self.total_items,
            items: self.items.into_iter().map(f).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Page;

    #[test]
    fn counts_pages_and_offsets() {
        let page = Page::new(vec![1, 2], 3, 10, 21);
        assert_eq!(page.total_pages, 3);
        assert_eq!(Page::<()>::offset(3, 10), 20);
        assert_eq!(Page::<()>::offset(0, 10), 0);
        assert_eq!(Page::new(Vec::<u8>::new(), 1, 0, 5).total_pages, 5);
        assert_eq!(
            serde_json::to_value(page.map(|n| n * 2)).unwrap(),
            serde_json::json!({ "page": 3, "pageSize": 10, "totalPages": 3, "totalItems": 21, "items": [2, 4] })
        );
    }
}
