//! UTC timestamps, written on every wire as ISO-8601 with milliseconds and a `Z`
//! (what JavaScript's `toISOString()` produces and the legacy frontend validates).

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use std::fmt;

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
pub struct Timestamp(pub DateTime<Utc>);

impl Timestamp {
    #[cfg(feature = "ssr")]
    pub fn now() -> Self {
        Self(Utc::now())
    }

    pub const fn as_datetime(&self) -> &DateTime<Utc> {
        &self.0
    }

    /// Parses RFC 3339 with any offset, normalised to UTC.
    pub fn parse(text: &str) -> Option<Self> {
        DateTime::parse_from_rfc3339(text).ok().map(|t| Self(t.with_timezone(&Utc)))
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(value: DateTime<Utc>) -> Self {
        Self(value)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(SecondsFormat::Millis, true))
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<str>>::deserialize(deserializer)?;
        Self::parse(&text)
            .ok_or_else(|| de::Error::invalid_value(de::Unexpected::Str(&text), &"an ISO-8601 date-time"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn prints_milliseconds_and_z() {
        let t = Timestamp(Utc.with_ymd_and_hms(2024, 1, 2, 3, 4, 5).unwrap());
        assert_eq!(t.to_string(), "2024-01-02T03:04:05.000Z");
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"2024-01-02T03:04:05.000Z\"");
    }

    #[test]
    fn reads_offsets_and_normalises_to_utc() {
        let t: Timestamp = serde_json::from_str("\"2024-01-02T05:04:05.123+02:00\"").unwrap();
        assert_eq!(t.to_string(), "2024-01-02T03:04:05.123Z");
        assert!(serde_json::from_str::<Timestamp>("\"yesterday\"").is_err());
    }
}
