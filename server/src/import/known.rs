//! The ids already in the database, and the cross-collection facts the later collections
//! need. Filled from the database at the start, so a re-run or a resumed run sees what
//! earlier runs wrote, and kept up to date as batches are written.

use app::core::Id;
use sqlx::PgPool;
use std::collections::{HashMap, HashSet};

/// The collections whose documents keep their ObjectId as our primary key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    User,
    Ban,
    Preferences,
    Language,
    Puzzle,
    Game,
    Submission,
    Chat,
    Comment,
    Report,
}

#[derive(Default)]
pub struct Known {
    ids: HashMap<Kind, HashSet<Id>>,
    /// Legacy language id to ours: the same id, or the language the code runner already
    /// registered under the same name and version (kept in `legacy_ids`).
    pub languages: HashMap<Id, Id>,
    /// The puzzle a comment belongs to, directly or through its parents.
    pub comment_puzzles: HashMap<Id, Id>,
    /// From `User.currentBan`, set once the ban is imported.
    pub current_bans: HashMap<Id, Id>,
    /// From `Game.playerSubmissions`.
    pub submission_games: HashMap<Id, Id>,
    /// The author of each imported submission, to find each player's submission in a game.
    pub submission_users: HashMap<Id, Id>,
}

pub const LANGUAGE_ALIAS: &str = "programming_language";

impl Known {
    pub async fn load(pool: &PgPool) -> sqlx::Result<Self> {
        let mut known = Self::default();
        let all = [
            (Kind::User, sqlx::query_scalar!(r#"SELECT id AS "id!: Id" FROM users"#).fetch_all(pool).await?),
            (
                Kind::Ban,
                sqlx::query_scalar!(r#"SELECT id AS "id!: Id" FROM user_bans"#).fetch_all(pool).await?,
            ),
            (
                Kind::Preferences,
                sqlx::query_scalar!(r#"SELECT id AS "id!: Id" FROM preferences"#).fetch_all(pool).await?,
            ),
            (
                Kind::Puzzle,
                sqlx::query_scalar!(r#"SELECT id AS "id!: Id" FROM puzzles"#).fetch_all(pool).await?,
            ),
            (Kind::Game, sqlx::query_scalar!(r#"SELECT id AS "id!: Id" FROM games"#).fetch_all(pool).await?),
            (
                Kind::Submission,
                sqlx::query_scalar!(r#"SELECT id AS "id!: Id" FROM submissions"#).fetch_all(pool).await?,
            ),
            (
                Kind::Chat,
                sqlx::query_scalar!(r#"SELECT id AS "id!: Id" FROM chat_messages"#).fetch_all(pool).await?,
            ),
            (
                Kind::Report,
                sqlx::query_scalar!(r#"SELECT id AS "id!: Id" FROM reports"#).fetch_all(pool).await?,
            ),
        ];
        for (kind, ids) in all {
            known.ids.insert(kind, ids.into_iter().collect());
        }
        let languages = sqlx::query!(
            r#"SELECT id AS "id!: Id", id AS "ours!: Id" FROM programming_languages
               UNION ALL
               SELECT decode(legacy_id, 'hex') AS "id!: Id", id AS "ours!: Id" FROM legacy_ids WHERE kind = $1"#,
            LANGUAGE_ALIAS,
        )
        .fetch_all(pool)
        .await?;
        known.languages = languages.into_iter().map(|row| (row.id, row.ours)).collect();
        known.ids.insert(Kind::Language, known.languages.keys().copied().collect());
        let comments = sqlx::query!(
            r#"SELECT id AS "id!: Id", puzzle_id AS "puzzle!: Id" FROM comments WHERE puzzle_id IS NOT NULL"#
        )
        .fetch_all(pool)
        .await?;
        known.comment_puzzles = comments.into_iter().map(|row| (row.id, row.puzzle)).collect();
        known.ids.insert(Kind::Comment, known.comment_puzzles.keys().copied().collect());
        Ok(known)
    }

    pub fn has(&self, kind: Kind, id: Id) -> bool {
        self.ids.get(&kind).is_some_and(|ids| ids.contains(&id))
    }

    pub fn insert(&mut self, kind: Kind, id: Id) {
        self.ids.entry(kind).or_default().insert(id);
    }

    pub fn remove(&mut self, kind: Kind, id: Id) {
        if let Some(ids) = self.ids.get_mut(&kind) {
            ids.remove(&id);
        }
    }

    /// `Ok(id)` when `id` is in the database (or in the batch being written).
    pub fn existing(&self, kind: Kind, id: Id, field: &str) -> Result<Id, super::fields::Skip> {
        if self.has(kind, id) { Ok(id) } else { Err(super::fields::Skip::dangling(field)) }
    }
}
