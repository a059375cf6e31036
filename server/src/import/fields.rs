//! Typed access to the fields of a legacy document, with the reason a document is
//! skipped when one is missing or malformed.

use app::core::Id;
use bson::{Bson, Document};
use chrono::{DateTime, Utc};

/// Why a document was not imported; the final table counts documents by reason.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Skip(pub String);

impl Skip {
    pub fn invalid(field: &str) -> Self {
        Self(format!("invalid {field}"))
    }

    pub fn dangling(field: &str) -> Self {
        Self(format!("dangling reference in {field}"))
    }
}

pub type Parsed<T> = Result<T, Skip>;

pub struct Fields<'doc>(pub &'doc Document);

impl<'doc> Fields<'doc> {
    fn get(&self, key: &str) -> Option<&'doc Bson> {
        self.0.get(key).filter(|value| !matches!(value, Bson::Null | Bson::Undefined))
    }

    pub fn id(&self, key: &str) -> Parsed<Id> {
        self.optional_id(key)?.ok_or_else(|| Skip::invalid(key))
    }

    pub fn optional_id(&self, key: &str) -> Parsed<Option<Id>> {
        self.get(key).map(|value| object_id(value).ok_or_else(|| Skip::invalid(key))).transpose()
    }

    /// Every element an ObjectId (or its hex string); a missing array is empty.
    pub fn ids(&self, key: &str) -> Parsed<Vec<Id>> {
        self.array(key)?.iter().map(|value| object_id(value).ok_or_else(|| Skip::invalid(key))).collect()
    }

    pub fn text(&self, key: &str) -> Parsed<&'doc str> {
        self.optional_text(key)?.ok_or_else(|| Skip::invalid(key))
    }

    pub fn optional_text(&self, key: &str) -> Parsed<Option<&'doc str>> {
        match self.get(key) {
            None => Ok(None),
            Some(Bson::String(text)) => Ok(Some(text.as_str())),
            Some(_) => Err(Skip::invalid(key)),
        }
    }

    /// Text within `chars` characters, trimmed; NUL is refused as PostgreSQL does.
    pub fn bounded(&self, key: &str, chars: std::ops::RangeInclusive<usize>) -> Parsed<String> {
        self.optional_bounded(key, chars)?.ok_or_else(|| Skip::invalid(key))
    }

    /// Missing or empty is `None`.
    pub fn optional_bounded(
        &self,
        key: &str,
        chars: std::ops::RangeInclusive<usize>,
    ) -> Parsed<Option<String>> {
        let Some(text) = self.optional_text(key)?.map(str::trim).filter(|text| !text.is_empty()) else {
            return Ok(None);
        };
        if text.contains('\0') || !chars.contains(&text.chars().count()) {
            return Err(Skip::invalid(key));
        }
        Ok(Some(text.to_owned()))
    }

    /// One of `allowed`, or `default` when missing.
    pub fn choice(&self, key: &str, allowed: &[&'static str], default: &'static str) -> Parsed<&'static str> {
        match self.optional_text(key)? {
            None => Ok(default),
            Some(text) => {
                allowed.iter().copied().find(|choice| *choice == text).ok_or_else(|| Skip::invalid(key))
            }
        }
    }

    pub fn date(&self, key: &str) -> Parsed<Option<DateTime<Utc>>> {
        match self.get(key) {
            None => Ok(None),
            Some(Bson::DateTime(date)) => Ok(Some(date.to_chrono())),
            Some(_) => Err(Skip::invalid(key)),
        }
    }

    /// The date, or the creation second in the document's id (as Mongoose's default "now").
    pub fn date_or_id_time(&self, key: &str, id: Id) -> Parsed<DateTime<Utc>> {
        Ok(self
            .date(key)?
            .unwrap_or_else(|| DateTime::from_timestamp(i64::from(id.unix_seconds()), 0).unwrap_or_default()))
    }

    pub fn number(&self, key: &str) -> Parsed<Option<f64>> {
        match self.get(key) {
            None => Ok(None),
            Some(Bson::Int32(n)) => Ok(Some(f64::from(*n))),
            Some(Bson::Int64(n)) => Ok(Some(*n as f64)),
            Some(Bson::Double(n)) if n.is_finite() => Ok(Some(*n)),
            Some(_) => Err(Skip::invalid(key)),
        }
    }

    pub fn count(&self, key: &str) -> Parsed<i32> {
        match self.number(key)? {
            None => Ok(0),
            Some(n) if (0.0..=f64::from(i32::MAX)).contains(&n) && n.fract() == 0.0 => Ok(n as i32),
            Some(_) => Err(Skip::invalid(key)),
        }
    }

    pub fn flag(&self, key: &str, default: bool) -> Parsed<bool> {
        match self.get(key) {
            None => Ok(default),
            Some(Bson::Boolean(flag)) => Ok(*flag),
            Some(_) => Err(Skip::invalid(key)),
        }
    }

    pub fn array(&self, key: &str) -> Parsed<&'doc [Bson]> {
        match self.get(key) {
            None => Ok(&[]),
            Some(Bson::Array(items)) => Ok(items),
            Some(_) => Err(Skip::invalid(key)),
        }
    }

    pub fn strings(&self, key: &str) -> Parsed<Vec<String>> {
        self.array(key)?
            .iter()
            .map(|item| match item {
                Bson::String(text) if !text.contains('\0') => Ok(text.clone()),
                _ => Err(Skip::invalid(key)),
            })
            .collect()
    }

    pub fn document(&self, key: &str) -> Parsed<Option<Fields<'doc>>> {
        match self.get(key) {
            None => Ok(None),
            Some(Bson::Document(document)) => Ok(Some(Fields(document))),
            Some(_) => Err(Skip::invalid(key)),
        }
    }

    /// A sub-document as JSON, without its own `_id` (ours has none).
    pub fn json_object(&self, key: &str) -> Parsed<Option<serde_json::Value>> {
        let Some(document) = self.document(key)? else {
            return Ok(None);
        };
        let mut document = document.0.clone();
        document.remove("_id");
        let json = Bson::Document(document).into_relaxed_extjson();
        if json.to_string().contains("\\u0000") {
            return Err(Skip::invalid(key));
        }
        Ok(Some(json))
    }
}

/// An ObjectId, or the 24-hex string some legacy fields (`UserVote.votedOn`) store instead.
pub fn object_id(value: &Bson) -> Option<Id> {
    match value {
        Bson::ObjectId(id) => Some(Id::from_bytes(id.bytes())),
        Bson::String(text) => text.parse().ok(),
        _ => None,
    }
}
