//! OpenAPI schemas and TypeScript names of the hand-serialised wire types (server
//! only: the derives that use them are `cfg_attr(feature = "ssr", ...)`, so the
//! browser bundle carries none of this).

use super::{Id, Timestamp};
use utoipa::openapi::{KnownFormat, ObjectBuilder, RefOr, Schema, SchemaFormat, Type, schema::SchemaType};

impl utoipa::PartialSchema for Id {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::String))
            .pattern(Some("^[0-9a-f]{24}$"))
            .description(Some("An ObjectId: 24 lowercase hexadecimal digits."))
            .into()
    }
}

impl utoipa::ToSchema for Id {}

impl utoipa::PartialSchema for Timestamp {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::String))
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
            .description(Some("UTC, ISO-8601 with milliseconds, as `Date.toISOString()` writes it."))
            .into()
    }
}

impl utoipa::ToSchema for Timestamp {}

/// Both travel as strings; TypeScript sees them as such.
macro_rules! typescript_string {
    ($($name:ty),+) => {$(
        impl ts_rs::TS for $name {
            type WithoutGenerics = Self;
            type OptionInnerType = Self;
            fn name(_: &ts_rs::Config) -> String {
                "string".into()
            }
            fn inline(_: &ts_rs::Config) -> String {
                "string".into()
            }
        }
    )+};
}
typescript_string!(Id, Timestamp);
