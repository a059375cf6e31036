//! The legacy documents: how the old API rendered entities (Mongoose `toJSON`),
//! built from the contexts' types. Optional values are left out, never `null`.

use app::{
    accounts::PublicUser,
    languages::Language,
    puzzles::{Validator, service::PuzzleRow},
};
use serde_json::{Map, Value, json};

/// A Puzzle document. `author` is either the id or the populated user document.
pub fn puzzle(row: &PuzzleRow, author: Value, validators: &[Validator]) -> Value {
    let mut doc = json!({
        "_id": row.id,
        "title": row.title,
        "author": author,
        "validators": validators.iter().map(validator).collect::<Vec<_>>(),
        "difficulty": row.difficulty,
        "visibility": row.visibility,
        "createdAt": row.created_at,
        "updatedAt": row.updated_at,
        "tags": row.tags,
        "comments": [],
        "__v": 0,
    });
    let optional = [
        ("statement", &row.statement),
        ("constraints", &row.constraints),
        ("moderationFeedback", &row.moderation_feedback),
    ];
    insert_present(&mut doc, optional);
    doc
}

fn validator(test: &Validator) -> Value {
    json!({
        "_id": test.id,
        "input": test.input,
        "output": test.output,
        "isPublic": test.is_public,
        "createdAt": test.created_at,
        "updatedAt": test.updated_at,
    })
}

/// A ProgrammingLanguage document.
pub fn language(language: &Language) -> Value {
    json!(language)
}

/// A user document, or just the id when the user is unknown.
pub fn author(user: Option<&PublicUser>, id: app::core::Id) -> Value {
    user.map_or_else(|| json!(id), |u| json!(u))
}

fn insert_present<'a>(doc: &mut Value, fields: impl IntoIterator<Item = (&'a str, &'a Option<String>)>) {
    if let Some(object) = doc.as_object_mut() {
        extend(object, fields);
    }
}

fn extend<'a>(
    object: &mut Map<String, Value>,
    fields: impl IntoIterator<Item = (&'a str, &'a Option<String>)>,
) {
    for (key, value) in fields {
        if let Some(value) = value {
            object.insert(key.to_owned(), json!(value));
        }
    }
}
