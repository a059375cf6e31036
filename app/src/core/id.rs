//! Entity ids in the MongoDB ObjectId layout.
//!
//! The legacy frontend rejects anything that is not a 24-hex ObjectId, and imported
//! Mongo data keeps its ids, so every entity id is 12 bytes: 4 bytes of big-endian
//! unix seconds, 5 random bytes fixed per process, and a 3-byte counter. Byte order
//! is creation order, which keeps primary-key indexes append-mostly.

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use std::{fmt, str::FromStr};

/// A 96-bit ObjectId-layout id, written as 24 lowercase hex digits on every wire.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id([u8; 12]);

/// Why a string is not an [`Id`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an id is 24 hexadecimal characters")]
pub struct InvalidId;

impl Id {
    pub const fn from_bytes(bytes: [u8; 12]) -> Self {
        Self(bytes)
    }

    pub const fn as_bytes(&self) -> &[u8; 12] {
        &self.0
    }

    /// The creation time embedded in the id, in unix seconds.
    pub fn unix_seconds(&self) -> u32 {
        u32::from_be_bytes([self.0[0], self.0[1], self.0[2], self.0[3]])
    }

    /// A fresh id for the current second.
    #[cfg(feature = "ssr")]
    pub fn new() -> Self {
        let seconds = chrono::Utc::now().timestamp().clamp(0, u32::MAX as i64) as u32;
        Self::at(seconds)
    }

    /// A fresh id for the given second: used for imported or back-dated rows.
    #[cfg(feature = "ssr")]
    pub fn at(unix_seconds: u32) -> Self {
        use std::sync::{
            OnceLock,
            atomic::{AtomicU32, Ordering},
        };
        static PROCESS: OnceLock<[u8; 5]> = OnceLock::new();
        static COUNTER: OnceLock<AtomicU32> = OnceLock::new();
        let process = PROCESS.get_or_init(rand::random);
        let counter = COUNTER
            .get_or_init(|| AtomicU32::new(rand::random::<u32>() & 0x00ff_ffff))
            .fetch_add(1, Ordering::Relaxed);

        let mut bytes = [0u8; 12];
        bytes[..4].copy_from_slice(&unix_seconds.to_be_bytes());
        bytes[4..9].copy_from_slice(process);
        bytes[9..].copy_from_slice(&counter.to_be_bytes()[1..]);
        Self(bytes)
    }
}

#[cfg(feature = "ssr")]
impl Default for Id {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for Id {
    /// Encodes on the stack: ids are printed dozens of times per rendered page.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = [0u8; 24];
        hex::encode_to_slice(self.0, &mut text).map_err(|_| fmt::Error)?;
        f.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({self})")
    }
}

impl FromStr for Id {
    type Err = InvalidId;

    /// Accepts either case, as `ObjectId.isValid` does; always prints lowercase.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut bytes = [0u8; 12];
        if s.len() != 24 {
            return Err(InvalidId);
        }
        hex::decode_to_slice(s, &mut bytes).map_err(|_| InvalidId)?;
        Ok(Self(bytes))
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor;
        impl de::Visitor<'_> for IdVisitor {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a 24-character hexadecimal id")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Id, E> {
                v.parse().map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        deserializer.deserialize_str(IdVisitor)
    }
}

/// Stored as the `object_id` domain: `bytea` of exactly 12 bytes.
#[cfg(feature = "ssr")]
mod postgres {
    use super::Id;
    use sqlx::{
        Decode, Encode, Postgres, Type,
        encode::IsNull,
        error::BoxDynError,
        postgres::{PgArgumentBuffer, PgHasArrayType, PgTypeInfo, PgValueRef},
    };

    impl Type<Postgres> for Id {
        fn type_info() -> PgTypeInfo {
            <&[u8] as Type<Postgres>>::type_info()
        }
        fn compatible(ty: &PgTypeInfo) -> bool {
            <&[u8] as Type<Postgres>>::compatible(ty)
        }
    }

    impl PgHasArrayType for Id {
        fn array_type_info() -> PgTypeInfo {
            <&[u8] as PgHasArrayType>::array_type_info()
        }
    }

    impl Encode<'_, Postgres> for Id {
        fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
            <&[u8] as Encode<Postgres>>::encode(self.0.as_slice(), buf)
        }
    }

    impl<'r> Decode<'r, Postgres> for Id {
        fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
            let bytes = <&[u8] as Decode<Postgres>>::decode(value)?;
            let bytes: [u8; 12] =
                bytes.try_into().map_err(|_| format!("an object_id is 12 bytes, got {}", bytes.len()))?;
            Ok(Id(bytes))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_24_lowercase_hex() {
        let text = "507f1f77bcf86cd799439011";
        let id: Id = text.parse().unwrap();
        assert_eq!(id.to_string(), text);
        assert_eq!(id.unix_seconds(), 0x507f1f77);
        let upper: Id = text.to_uppercase().parse().unwrap();
        assert_eq!(upper, id);
    }

    #[test]
    fn rejects_anything_else() {
        for bad in ["", "507f1f77bcf86cd79943901", "507f1f77bcf86cd7994390111", "zz7f1f77bcf86cd799439011"] {
            assert_eq!(bad.parse::<Id>(), Err(InvalidId), "{bad:?}");
        }
    }

    #[test]
    fn json_round_trip_is_a_plain_string() {
        let id: Id = "507f1f77bcf86cd799439011".parse().unwrap();
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"507f1f77bcf86cd799439011\"");
        assert_eq!(serde_json::from_str::<Id>(&json).unwrap(), id);
        assert!(serde_json::from_str::<Id>("\"not-an-id\"").is_err());
        assert!(serde_json::from_str::<Id>("42").is_err());
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn fresh_ids_are_unique_and_ordered_by_creation() {
        let ids: Vec<Id> = (0..10_000).map(|_| Id::at(1_700_000_000)).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len());
        assert!(Id::at(1_700_000_000) < Id::at(1_700_000_001));
        let now = Id::new();
        let seconds = chrono::Utc::now().timestamp() as u32;
        assert!(seconds - now.unix_seconds() <= 1);
    }
}
