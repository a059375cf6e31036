//! Programming languages, puzzles with their tests (the legacy validators) and solutions,
//! and the puzzle metrics derived from the imported submissions.

use super::{
    Collection, column,
    fields::{Fields, Parsed, Skip},
    known::{Kind, Known, LANGUAGE_ALIAS},
};
use app::core::Id;
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use std::collections::HashSet;

pub struct Languages;

pub struct Language {
    id: Id,
    language: String,
    version: String,
    runtime: Option<String>,
    aliases: Vec<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

fn is_language_name(name: &str) -> bool {
    (1..=32).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"+#._-".contains(&b))
}

impl Collection for Languages {
    const NAME: &'static str = "programminglanguages";
    const KIND: Option<Kind> = Some(Kind::Language);
    type Row = Language;

    fn parse(doc: &Fields, _: &mut Known) -> Parsed<Language> {
        let id = doc.id("_id")?;
        let language = doc.bounded("language", 1..=32)?;
        if !is_language_name(&language) {
            return Err(Skip::invalid("language"));
        }
        let created_at = doc.date_or_id_time("createdAt", id)?;
        Ok(Language {
            id,
            language,
            version: doc.bounded("version", 1..=32)?,
            runtime: doc.optional_bounded("runtime", 1..=64)?,
            aliases: doc.strings("aliases")?,
            created_at,
            updated_at: doc.date("updatedAt")?.unwrap_or(created_at),
        })
    }

    fn key(row: &Language) -> Option<Id> {
        Some(row.id)
    }

    /// A language the code runner already registered (same name and version, another id)
    /// is not duplicated: the legacy id is recorded in `legacy_ids` as an alias of ours.
    async fn write(db: &mut PgConnection, rows: &[Language], known: &mut Known) -> sqlx::Result<Vec<Id>> {
        let ids = column(rows, |r| r.id);
        let languages = column(rows, |r| r.language.clone());
        let versions = column(rows, |r| r.version.clone());
        let mut written = sqlx::query_scalar!(
            r#"INSERT INTO programming_languages (id, language, version, runtime, aliases, created_at, updated_at)
               SELECT u.id, u.language, u.version, u.runtime,
                      ARRAY(SELECT jsonb_array_elements_text(u.aliases)), u.created_at, u.updated_at
               FROM UNNEST($1::bytea[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::timestamptz[],
                           $7::timestamptz[])
                    AS u(id, language, version, runtime, aliases, created_at, updated_at)
               ON CONFLICT DO NOTHING
               RETURNING id AS "id!: Id""#,
            &ids as &[Id],
            &languages,
            &versions,
            &column(rows, |r| r.runtime.clone()) as &[Option<String>],
            &column(rows, |r| serde_json::Value::from(r.aliases.clone())),
            &column(rows, |r| r.created_at) as &[DateTime<Utc>],
            &column(rows, |r| r.updated_at) as &[DateTime<Utc>],
        )
        .fetch_all(&mut *db)
        .await?;
        for &id in &written {
            known.languages.insert(id, id);
        }
        let aliases = sqlx::query!(
            r#"INSERT INTO legacy_ids (kind, legacy_id, id)
               SELECT $4, encode(u.id, 'hex'), l.id
               FROM UNNEST($1::bytea[], $2::text[], $3::text[]) AS u(id, language, version)
               JOIN programming_languages l ON l.language = u.language AND l.version = u.version AND l.id <> u.id
               ON CONFLICT DO NOTHING
               RETURNING decode(legacy_id, 'hex') AS "legacy!: Id", id AS "ours!: Id""#,
            &ids as &[Id],
            &languages,
            &versions,
            LANGUAGE_ALIAS,
        )
        .fetch_all(db)
        .await?;
        for alias in aliases {
            known.languages.insert(alias.legacy, alias.ours);
            written.push(alias.legacy);
        }
        Ok(written)
    }
}

pub struct Puzzles;

pub struct Puzzle {
    id: Id,
    author: Id,
    title: String,
    statement: Option<String>,
    constraints: Option<String>,
    difficulty: &'static str,
    visibility: &'static str,
    tags: Vec<&'static str>,
    solution_code: String,
    solution_language: Option<Id>,
    moderation_feedback: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    tests: Vec<Test>,
}

struct Test {
    id: Id,
    input: String,
    output: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

const TAGS: &[&str] = &[
    "algorithms",
    "data_structures",
    "mathematics",
    "strings",
    "arrays",
    "math",
    "graph_theory",
    "dynamic_programming",
];
/// The most a test's input or output may hold (the `tests` table's limit).
const TEST_BYTES: usize = 1 << 20;

impl Collection for Puzzles {
    const NAME: &'static str = "puzzles";
    const KIND: Option<Kind> = Some(Kind::Puzzle);
    type Row = Puzzle;

    fn parse(doc: &Fields, known: &mut Known) -> Parsed<Puzzle> {
        let id = doc.id("_id")?;
        let tags = doc
            .strings("tags")?
            .iter()
            .map(|tag| TAGS.iter().copied().find(|known| known == tag).ok_or_else(|| Skip::invalid("tags")))
            .collect::<Parsed<Vec<_>>>()?;
        let created_at = doc.date_or_id_time("createdAt", id)?;
        let (solution_code, solution_language) = match doc.document("solution")? {
            None => (String::new(), None),
            Some(solution) => {
                let code = solution.optional_text("code")?.unwrap_or_default();
                if code.contains('\0') || code.chars().count() > 65536 {
                    return Err(Skip::invalid("solution.code"));
                }
                // A solution in a language that is gone keeps its code.
                let language = solution
                    .optional_id("programmingLanguage")?
                    .and_then(|l| known.languages.get(&l).copied());
                (code.to_owned(), language)
            }
        };
        let tests = doc
            .array("validators")?
            .iter()
            .map(|validator| {
                let bson::Bson::Document(validator) = validator else {
                    return Err(Skip::invalid("validators"));
                };
                let validator = Fields(validator);
                let test_id = validator.id("_id").map_err(|_| Skip::invalid("validators._id"))?;
                let text = |key: &str| {
                    let text = validator.optional_text(key)?.unwrap_or_default();
                    if text.contains('\0') || text.len() > TEST_BYTES {
                        return Err(Skip::invalid("validators"));
                    }
                    Ok(text.to_owned())
                };
                let test_created = validator.date_or_id_time("createdAt", test_id)?;
                Ok(Test {
                    id: test_id,
                    input: text("input")?,
                    output: text("output")?,
                    created_at: test_created,
                    updated_at: validator.date("updatedAt")?.unwrap_or(test_created),
                })
            })
            .collect::<Parsed<Vec<_>>>()?;
        Ok(Puzzle {
            id,
            author: known.existing(Kind::User, doc.id("author")?, "author")?,
            title: doc.bounded("title", 4..=128)?,
            statement: doc.optional_bounded("statement", 1..=2048)?,
            constraints: doc.optional_bounded("constraints", 1..=256)?,
            difficulty: doc.choice(
                "difficulty",
                &["beginner", "intermediate", "advanced", "expert"],
                "intermediate",
            )?,
            visibility: doc.choice(
                "visibility",
                &["draft", "ready", "review", "revise", "approved", "inactive", "archived"],
                "draft",
            )?,
            tags,
            solution_code,
            solution_language,
            moderation_feedback: doc.optional_bounded("moderationFeedback", 1..=500)?,
            created_at,
            updated_at: doc.date("updatedAt")?.unwrap_or(created_at),
            tests,
        })
    }

    fn key(row: &Puzzle) -> Option<Id> {
        Some(row.id)
    }

    /// The legacy validators are the public test cases, in their order.
    async fn write(db: &mut PgConnection, rows: &[Puzzle], _: &mut Known) -> sqlx::Result<Vec<Id>> {
        let written = sqlx::query_scalar!(
            r#"INSERT INTO puzzles (id, author_id, title, statement, constraints, difficulty, visibility, tags,
                                    solution_code, solution_language_id, moderation_feedback, created_at, updated_at)
               SELECT u.id, u.author_id, u.title, u.statement, u.constraints, u.difficulty::puzzle_difficulty,
                      u.visibility::puzzle_visibility,
                      ARRAY(SELECT jsonb_array_elements_text(u.tags))::puzzle_tag[],
                      u.solution_code, u.solution_language_id, u.moderation_feedback, u.created_at, u.updated_at
               FROM UNNEST($1::bytea[], $2::bytea[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                           $8::jsonb[], $9::text[], $10::bytea[], $11::text[], $12::timestamptz[],
                           $13::timestamptz[])
                    AS u(id, author_id, title, statement, constraints, difficulty, visibility, tags, solution_code,
                         solution_language_id, moderation_feedback, created_at, updated_at)
               ON CONFLICT DO NOTHING
               RETURNING id AS "id!: Id""#,
            &column(rows, |r| r.id) as &[Id],
            &column(rows, |r| r.author) as &[Id],
            &column(rows, |r| r.title.clone()),
            &column(rows, |r| r.statement.clone()) as &[Option<String>],
            &column(rows, |r| r.constraints.clone()) as &[Option<String>],
            &column(rows, |r| r.difficulty.to_owned()),
            &column(rows, |r| r.visibility.to_owned()),
            &column(rows, |r| serde_json::Value::from(r.tags.clone())),
            &column(rows, |r| r.solution_code.clone()),
            &column(rows, |r| r.solution_language) as &[Option<Id>],
            &column(rows, |r| r.moderation_feedback.clone()) as &[Option<String>],
            &column(rows, |r| r.created_at) as &[DateTime<Utc>],
            &column(rows, |r| r.updated_at) as &[DateTime<Utc>],
        )
        .fetch_all(&mut *db)
        .await?;
        let new: HashSet<Id> = written.iter().copied().collect();
        let tests: Vec<(Id, i32, &Test)> = rows
            .iter()
            .filter(|puzzle| new.contains(&puzzle.id))
            .flat_map(|puzzle| {
                puzzle.tests.iter().enumerate().map(|(position, test)| (puzzle.id, position as i32, test))
            })
            .collect();
        sqlx::query!(
            "INSERT INTO tests (id, puzzle_id, position, input, output, is_public, created_at, updated_at)
             SELECT u.id, u.puzzle_id, u.position, u.input, u.output, true, u.created_at, u.updated_at
             FROM UNNEST($1::bytea[], $2::bytea[], $3::int[], $4::text[], $5::text[], $6::timestamptz[],
                         $7::timestamptz[])
                  AS u(id, puzzle_id, position, input, output, created_at, updated_at)
             ON CONFLICT (id) DO NOTHING",
            &column(&tests, |t| t.2.id) as &[Id],
            &column(&tests, |t| t.0) as &[Id],
            &column(&tests, |t| t.1),
            &column(&tests, |t| t.2.input.clone()),
            &column(&tests, |t| t.2.output.clone()),
            &column(&tests, |t| t.2.created_at) as &[DateTime<Utc>],
            &column(&tests, |t| t.2.updated_at) as &[DateTime<Utc>],
        )
        .execute(db)
        .await?;
        Ok(written)
    }
}

/// Attempts, successes and solvers of each puzzle with judged submissions and no metrics
/// yet: the imported ones, once their submissions are in. Returns the rows written.
pub async fn derive_metrics(pool: &PgPool) -> sqlx::Result<u64> {
    let written = sqlx::query!(
        "INSERT INTO puzzle_metrics (puzzle_id, attempts, successes, solvers)
         SELECT s.puzzle_id, count(*), count(*) FILTER (WHERE s.result = 'success'),
                count(DISTINCT s.user_id) FILTER (WHERE s.result = 'success')
         FROM submissions s
         WHERE s.status = 'judged' AND NOT EXISTS (SELECT 1 FROM puzzle_metrics m WHERE m.puzzle_id = s.puzzle_id)
         GROUP BY s.puzzle_id
         ON CONFLICT DO NOTHING",
    )
    .execute(pool)
    .await?;
    Ok(written.rows_affected())
}
