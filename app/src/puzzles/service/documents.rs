//! Puzzles as legacy documents, for the JSON API and the game socket.

use super::{PuzzleRow, Tests, listing, not_found, reading};
use crate::{
    accounts::{Caller, PublicUser, service::users},
    core::{AppError, AppResult, Id, Page},
    languages,
    puzzles::{
        Test,
        legacy::{AuthorField, PuzzleDocument, SolutionDocument},
    },
};
use sqlx::PgPool;
use std::collections::HashMap;

/// Whether documents carry their author's user document or only the id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Authors {
    Populated,
    Ids,
}

fn document(row: PuzzleRow, tests: Vec<Test>, author: AuthorField) -> PuzzleDocument {
    PuzzleDocument {
        id: row.id,
        title: row.title,
        statement: row.statement,
        constraints: row.constraints,
        author,
        validators: tests.into_iter().map(Into::into).collect(),
        difficulty: row.difficulty,
        visibility: row.visibility,
        tags: row.tags,
        comments: Vec::new(),
        moderation_feedback: row.moderation_feedback,
        solution: None,
        created_at: row.created_at,
        updated_at: row.updated_at,
        version: 0,
    }
}

/// Documents for `records`, in their order.
async fn documents_of(
    pool: &PgPool,
    records: Vec<(PuzzleRow, Vec<Test>)>,
    authors: Authors,
) -> AppResult<Vec<PuzzleDocument>> {
    let people: HashMap<Id, PublicUser> = match authors {
        Authors::Populated => {
            let ids: Vec<Id> = records.iter().map(|(row, _)| row.author_id).collect();
            users::by_ids(pool, &ids).await?.into_iter().map(|u| (u.id, u)).collect()
        }
        Authors::Ids => HashMap::new(),
    };
    Ok(records
        .into_iter()
        .map(|(row, tests)| {
            let author = match people.get(&row.author_id) {
                Some(user) => AuthorField::User(Box::new(user.clone())),
                None => AuthorField::Id(row.author_id),
            };
            document(row, tests, author)
        })
        .collect())
}

/// Several puzzles in the order of `ids`, with the chosen tests.
pub async fn many(
    pool: &PgPool,
    ids: &[Id],
    tests: Tests,
    authors: Authors,
) -> AppResult<Vec<PuzzleDocument>> {
    documents_of(pool, reading::records(pool, ids, tests).await?, authors).await
}

/// An author's puzzles as the caller may list them: every state and every test
/// for the author, the published puzzles and their examples for everyone else.
pub async fn of_author(
    pool: &PgPool,
    caller: &Caller,
    author: Id,
    page: u32,
    page_size: u32,
) -> AppResult<Page<PuzzleDocument>> {
    let cards = listing::of_author(pool, caller, author, page, page_size).await?;
    let own = caller.signed_in().is_some_and(|user| user.id == author);
    let ids: Vec<Id> = cards.items.iter().map(|card| card.id).collect();
    let items =
        many(pool, &ids, if own { Tests::All } else { Tests::PublicOnly }, Authors::Populated).await?;
    Ok(Page::new(items, page, page_size, cards.total_items))
}

/// One puzzle as the caller may see it (hidden tests for its author and moderators).
pub async fn one(pool: &PgPool, caller: &Caller, id: Id, authors: Authors) -> AppResult<PuzzleDocument> {
    let record = reading::visible(pool, caller, id).await?;
    documents_of(pool, vec![record], authors).await?.pop().ok_or_else(not_found)
}

/// One puzzle with its public tests only, as a game's players get it.
pub async fn for_players(pool: &PgPool, caller: &Caller, id: Id) -> AppResult<PuzzleDocument> {
    let (row, mut tests) = reading::visible(pool, caller, id).await?;
    tests.retain(|t| t.is_public);
    documents_of(pool, vec![(row, tests)], Authors::Populated).await?.pop().ok_or_else(not_found)
}

/// One puzzle with its solution, for its author and moderators.
pub async fn with_solution(
    pool: &PgPool,
    caller: &Caller,
    id: Id,
    authors: Authors,
) -> AppResult<PuzzleDocument> {
    let user = caller.user()?;
    let (row, tests) = reading::visible(pool, caller, id).await?;
    let standing = row.standing(Some(user));
    if !(standing.is_author || standing.is_moderator) {
        return Err(AppError::Forbidden("Not authorized".into()));
    }
    let language = match row.solution_language_id {
        Some(language) => languages::service::by_id(pool, language).await?,
        None => None,
    };
    let code = row.solution_code.clone();
    let mut document = documents_of(pool, vec![(row, tests)], authors).await?.pop().ok_or_else(not_found)?;
    document.solution = Some(SolutionDocument { code, programming_language: language });
    Ok(document)
}
