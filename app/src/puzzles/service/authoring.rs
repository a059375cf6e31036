//! Writing puzzles: create, save the author's draft, delete.

use super::{catalogue::Catalogue, load, not_found, validators};
use crate::{
    accounts::Viewer,
    core::{AppError, AppResult, FieldError, Id},
    execution::judge::js_trim_end,
    puzzles::{PuzzleDraft, Visibility, workflow},
};
use sqlx::{PgPool, Postgres, Transaction};

pub const TITLE_MIN: usize = 4;
pub const TITLE_MAX: usize = 128;
pub const STATEMENT_MAX: usize = 2048;
pub const CONSTRAINTS_MAX: usize = 256;
pub const TAGS_MAX: usize = 5;
pub const TESTS_MAX: usize = 50;
pub const TEST_TEXT_MAX: usize = 1024 * 1024;
pub const SOLUTION_MAX: usize = 65536;

fn length(text: &str) -> usize {
    text.encode_utf16().count()
}

pub fn check_title(title: &str) -> Result<String, FieldError> {
    let title = title.trim();
    if !(TITLE_MIN..=TITLE_MAX).contains(&length(title)) {
        return Err(FieldError::new(
            "title",
            format!("The title must be {TITLE_MIN} to {TITLE_MAX} characters"),
        ));
    }
    Ok(title.to_owned())
}

/// Checks a draft and normalises it: trimmed texts, tests without trailing whitespace
/// (as the legacy editor stored them), unique tags, and a public example whenever
/// there are tests.
pub fn normalize(mut draft: PuzzleDraft) -> Result<PuzzleDraft, Vec<FieldError>> {
    let mut errors = Vec::new();
    match check_title(&draft.title) {
        Ok(title) => draft.title = title,
        Err(error) => errors.push(error),
    }
    draft.statement = draft.statement.trim().to_owned();
    if length(&draft.statement) > STATEMENT_MAX {
        errors.push(FieldError::new(
            "statement",
            format!("The statement must be at most {STATEMENT_MAX} characters"),
        ));
    }
    draft.constraints = draft.constraints.trim().to_owned();
    if length(&draft.constraints) > CONSTRAINTS_MAX {
        errors.push(FieldError::new(
            "constraints",
            format!("The constraints must be at most {CONSTRAINTS_MAX} characters"),
        ));
    }
    draft.tags.sort();
    draft.tags.dedup();
    if draft.tags.len() > TAGS_MAX {
        errors.push(FieldError::new("tags", format!("At most {TAGS_MAX} tags")));
    }
    if draft.validators.len() > TESTS_MAX {
        errors.push(FieldError::new("validators", format!("At most {TESTS_MAX} tests")));
    }
    for (index, test) in draft.validators.iter_mut().enumerate() {
        test.input = js_trim_end(&test.input).to_owned();
        test.output = js_trim_end(&test.output).to_owned();
        if test.input.len() > TEST_TEXT_MAX || test.output.len() > TEST_TEXT_MAX {
            errors.push(FieldError::new(
                format!("validators.{index}"),
                "A test's input and output are at most 1 MiB each",
            ));
        }
    }
    if !draft.validators.iter().any(|v| v.is_public)
        && let Some(first) = draft.validators.first_mut()
    {
        first.is_public = true;
    }
    if draft.solution_code.len() > SOLUTION_MAX {
        errors.push(FieldError::new("solution", "The solution must be at most 64 KiB"));
    }
    if errors.is_empty() { Ok(draft) } else { Err(errors) }
}

/// A new draft puzzle with just a title.
pub async fn create(pool: &PgPool, author: Id, title: &str) -> AppResult<Id> {
    let title = check_title(title).map_err(|e| AppError::Validation(vec![e]))?;
    let id = Id::new();
    sqlx::query("INSERT INTO puzzles (id, author_id, title) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(author)
        .bind(title)
        .execute(pool)
        .await?;
    Ok(id)
}

/// Saves the editor's draft. A checked (`ready`) puzzle goes back to `draft`.
pub async fn save(
    pool: &PgPool,
    catalogue: &Catalogue,
    id: Id,
    viewer: &Viewer,
    draft: PuzzleDraft,
) -> AppResult<Visibility> {
    let draft = normalize(draft).map_err(AppError::Validation)?;
    let mut tx = pool.begin().await?;
    let row = load(&mut *tx, id).await?;
    let actor = row.actor(Some(viewer));
    if !workflow::may_view(row.visibility, actor) {
        return Err(not_found());
    }
    if !workflow::may_edit(row.visibility, actor) {
        return Err(AppError::Forbidden("Not authorized to edit this puzzle".into()));
    }
    let visibility = workflow::after_edit(row.visibility);
    let non_empty = |text: &str| (!text.is_empty()).then(|| text.to_owned());
    sqlx::query(
        "UPDATE puzzles SET title = $2, statement = $3, constraints = $4, difficulty = $5, tags = $6,
                solution_code = $7, solution_language_id = $8, visibility = $9
         WHERE id = $1",
    )
    .bind(id)
    .bind(&draft.title)
    .bind(non_empty(&draft.statement))
    .bind(non_empty(&draft.constraints))
    .bind(draft.difficulty)
    .bind(&draft.tags)
    .bind(&draft.solution_code)
    .bind(draft.solution_language)
    .bind(visibility)
    .execute(&mut *tx)
    .await?;
    replace_validators(&mut tx, id, &draft).await?;
    tx.commit().await?;
    if row.visibility == Visibility::Approved || visibility == Visibility::Approved {
        catalogue.forget();
    }
    Ok(visibility)
}

/// Makes the stored tests exactly the draft's, in its order. Tests keep their id
/// (and creation time) when the draft names it.
async fn replace_validators(
    tx: &mut Transaction<'_, Postgres>,
    puzzle: Id,
    draft: &PuzzleDraft,
) -> AppResult<()> {
    let existing: Vec<Id> = validators(&mut **tx, puzzle).await?.into_iter().map(|v| v.id).collect();
    let kept: Vec<Id> =
        draft.validators.iter().filter_map(|v| v.id).filter(|id| existing.contains(id)).collect();
    sqlx::query("DELETE FROM validators WHERE puzzle_id = $1 AND NOT (id = ANY ($2))")
        .bind(puzzle)
        .bind(&kept)
        .execute(&mut **tx)
        .await?;
    for (position, test) in draft.validators.iter().enumerate() {
        let id = test.id.filter(|id| kept.contains(id)).unwrap_or_else(Id::new);
        sqlx::query(
            "INSERT INTO validators (id, puzzle_id, position, input, output, is_public)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (id) DO UPDATE SET position = excluded.position, input = excluded.input,
                 output = excluded.output, is_public = excluded.is_public",
        )
        .bind(id)
        .bind(puzzle)
        .bind(position as i32)
        .bind(&test.input)
        .bind(&test.output)
        .bind(test.is_public)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Stores a complete puzzle in a given state, bypassing the workflow: for demo data
/// and imports, whose puzzles were checked elsewhere.
pub async fn import(pool: &PgPool, author: Id, draft: PuzzleDraft, visibility: Visibility) -> AppResult<Id> {
    let draft = normalize(draft).map_err(AppError::Validation)?;
    let id = create(pool, author, &draft.title).await?;
    let mut tx = pool.begin().await?;
    sqlx::query(
        "UPDATE puzzles SET statement = $2, constraints = $3, difficulty = $4, tags = $5,
                solution_code = $6, solution_language_id = $7, visibility = $8
         WHERE id = $1",
    )
    .bind(id)
    .bind((!draft.statement.is_empty()).then_some(&draft.statement))
    .bind((!draft.constraints.is_empty()).then_some(&draft.constraints))
    .bind(draft.difficulty)
    .bind(&draft.tags)
    .bind(&draft.solution_code)
    .bind(draft.solution_language)
    .bind(visibility)
    .execute(&mut *tx)
    .await?;
    replace_validators(&mut tx, id, &draft).await?;
    tx.commit().await?;
    Ok(id)
}

/// Adds `count` generated, approved puzzles with three tests each, for benchmarks.
/// One statement: a second or so for ten thousand.
pub async fn generate_bulk(pool: &PgPool, author: Id, count: i32) -> AppResult<u64> {
    let inserted = sqlx::query(
        "WITH made AS (
            INSERT INTO puzzles (id, author_id, title, statement, constraints, difficulty, visibility, tags, created_at)
            SELECT decode(lpad(to_hex(extract(epoch FROM now())::bigint), 8, '0') || substr(md5(random()::text || g::text), 1, 16), 'hex'),
                   $1,
                   format('Generated puzzle %s: %s', g, (ARRAY['arrays','strings','graphs','sums','primes','paths','trees','sorting'])[1 + g % 8]),
                   format('Read **n** numbers and print their sum (variant %s).', g),
                   '1 ≤ n ≤ 1000',
                   (ARRAY['beginner','intermediate','advanced','expert']::puzzle_difficulty[])[1 + g % 4],
                   'approved',
                   ARRAY[(ARRAY['algorithms','data_structures','mathematics','strings','arrays','math','graph_theory','dynamic_programming']::puzzle_tag[])[1 + g % 8]],
                   now() - make_interval(secs => g)
            FROM generate_series(1, $2) AS g
            RETURNING id
         )
         INSERT INTO validators (id, puzzle_id, position, input, output, is_public)
         SELECT decode(substr(md5(random()::text || made.id::text || t::text), 1, 24), 'hex'), made.id, t,
                format('%s\n%s', t + 1, array_to_string(ARRAY(SELECT generate_series(1, t + 1)), ' ')),
                ((t + 1) * (t + 2) / 2)::text, t = 0
         FROM made, generate_series(0, 2) AS t",
    )
    .bind(author)
    .bind(count)
    .execute(pool)
    .await?;
    Ok(inserted.rows_affected() / 3)
}

/// Deletes a puzzle that was never public, with its tests; only its author may.
pub async fn delete(pool: &PgPool, id: Id, viewer: &Viewer) -> AppResult<()> {
    let row = load(pool, id).await?;
    let actor = row.actor(Some(viewer));
    if !workflow::may_view(row.visibility, actor) {
        return Err(not_found());
    }
    workflow::may_delete(row.visibility, actor).map_err(|reason| AppError::Forbidden(reason.into()))?;
    sqlx::query("DELETE FROM puzzles WHERE id = $1").bind(id).execute(pool).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::puzzles::{Difficulty, Tag, ValidatorDraft};

    fn draft() -> PuzzleDraft {
        PuzzleDraft {
            title: "  Sum of two  ".into(),
            statement: " Add them. ".into(),
            constraints: String::new(),
            difficulty: Difficulty::Beginner,
            tags: vec![Tag::Math, Tag::Math],
            validators: vec![
                ValidatorDraft {
                    id: None,
                    input: "1 2\n\n".into(),
                    output: "3 \t\n".into(),
                    is_public: false,
                },
                ValidatorDraft { id: None, input: "2 2".into(), output: "4".into(), is_public: false },
            ],
            solution_code: "print(sum(map(int, input().split())))".into(),
            solution_language: None,
        }
    }

    #[test]
    fn normalizes_drafts() {
        let draft = normalize(draft()).unwrap();
        assert_eq!(draft.title, "Sum of two");
        assert_eq!(draft.statement, "Add them.");
        assert_eq!(draft.tags, [Tag::Math]);
        assert_eq!((draft.validators[0].input.as_str(), draft.validators[0].output.as_str()), ("1 2", "3"));
        assert!(draft.validators[0].is_public, "the first test becomes the example");
        assert!(!draft.validators[1].is_public);
    }

    #[test]
    fn refuses_bad_drafts_field_by_field() {
        let bad = PuzzleDraft {
            title: "abc".into(),
            statement: "x".repeat(STATEMENT_MAX + 1),
            constraints: "y".repeat(CONSTRAINTS_MAX + 1),
            tags: Tag::ALL.to_vec(),
            solution_code: "z".repeat(SOLUTION_MAX + 1),
            ..draft()
        };
        let fields: Vec<String> = normalize(bad).unwrap_err().into_iter().map(|e| e.path).collect();
        assert_eq!(fields, ["title", "statement", "constraints", "tags", "solution"]);
        let many = PuzzleDraft {
            validators: vec![
                ValidatorDraft {
                    id: None,
                    input: String::new(),
                    output: String::new(),
                    is_public: true
                };
                51
            ],
            ..draft()
        };
        assert_eq!(normalize(many).unwrap_err()[0].path, "validators");
    }
}
