//! The legacy "standard" pagination: `page` (from 1, default 1) and `pageSize`
//! (default 10). Sizes are clamped to 1..=100; anything that is not a number, and
//! pages below 1, are refused.

use app::core::{AppError, AppResult, FieldError};
use serde::Deserialize;
use utoipa::IntoParams;

pub const MAX_PAGE_SIZE: u32 = 100;
const DEFAULT_PAGE_SIZE: u32 = 10;

#[derive(Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// From 1 (the default).
    #[param(value_type = Option<u64>, minimum = 1)]
    page: Option<String>,
    /// 10 by default; sizes over 100 count as 100, and 0 as 1.
    #[param(value_type = Option<u64>)]
    page_size: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub page: u32,
    pub page_size: u32,
}

impl PageQuery {
    pub fn validate(&self) -> AppResult<PageRequest> {
        self.validate_or(DEFAULT_PAGE_SIZE)
    }

    /// As [`Self::validate`], for lists with another default size.
    pub fn validate_or(&self, default_size: u32) -> AppResult<PageRequest> {
        let number = |field: &str, raw: &Option<String>, default: u32| -> Result<u32, FieldError> {
            match raw.as_deref().map(str::trim) {
                None => Ok(default),
                Some(text) => text
                    .parse::<u64>()
                    .map(|n| n.min(u64::from(u32::MAX)) as u32)
                    .map_err(|_| FieldError::new(field, format!("{field} must be a whole number"))),
            }
        };
        let page = number("page", &self.page, 1);
        let page_size = number("pageSize", &self.page_size, default_size);
        match (page, page_size) {
            (Ok(0), _) => Err(AppError::validation("page", "page must be at least 1")),
            (Ok(page), Ok(size)) => Ok(PageRequest { page, page_size: size.clamp(1, MAX_PAGE_SIZE) }),
            (page, size) => Err(AppError::Validation(page.err().into_iter().chain(size.err()).collect())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(page: Option<&str>, size: Option<&str>) -> AppResult<PageRequest> {
        PageQuery { page: page.map(Into::into), page_size: size.map(Into::into) }.validate()
    }

    #[test]
    fn defaults_clamps_and_refusals() {
        assert_eq!(query(None, None).unwrap(), PageRequest { page: 1, page_size: 10 });
        assert_eq!(query(Some("3"), Some("100000")).unwrap(), PageRequest { page: 3, page_size: 100 });
        assert_eq!(query(Some("1"), Some("0")).unwrap().page_size, 1);
        assert!(query(Some("0"), None).is_err());
        assert!(query(Some("-1"), None).is_err());
        assert!(query(Some("abc"), None).is_err());
        assert!(query(None, Some("1.5")).is_err());
        assert!(query(Some(""), None).is_err());
    }
}
