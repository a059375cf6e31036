//! The public catalogue's pages, kept for a moment: the list is read far more often
//! than it changes, and a page costs two queries (the count and the cards).
//!
//! Publishing, unpublishing or editing a listed puzzle forgets every page at once here;
//! what it cannot see (another server process's writes, solve counts moving the
//! popularity order) shows up within [`FRESHNESS`].

use super::{
    Tests,
    documents::{self, Authors},
    listing,
};
use crate::{
    core::{AppError, AppResult, Id, Page},
    puzzles::{PuzzleCard, PuzzleQuery, Sort},
};
use moka::future::Cache;
use sqlx::PgPool;
use std::{sync::Arc, time::Duration};

/// How long a page may be served without asking the database again.
pub const FRESHNESS: Duration = Duration::from_secs(2);

/// Enough for every first page of every filter, and the deep pages people reach.
const MAX_PAGES: u64 = 10_000;

#[derive(Clone)]
pub struct Catalogue {
    pages: Cache<(PuzzleQuery, u32), Arc<Page<PuzzleCard>>>,
    /// The legacy list's pages (`GET /puzzle`), already serialized: documents with
    /// their public tests and authors cost two more queries and most of the time.
    documents: Cache<(u32, u32), Arc<str>>,
}

impl Default for Catalogue {
    fn default() -> Self {
        Self { pages: short_lived(), documents: short_lived() }
    }
}

fn short_lived<K, V>() -> Cache<K, V>
where
    K: std::hash::Hash + Eq + Send + Sync + 'static,
    V: Clone + Send + Sync + 'static,
{
    Cache::builder().max_capacity(MAX_PAGES).time_to_live(FRESHNESS).build()
}

impl Catalogue {
    /// One page of approved puzzles; concurrent requests for the same page share
    /// one database round trip.
    pub async fn page(
        &self,
        pool: &PgPool,
        query: &PuzzleQuery,
        page_size: u32,
    ) -> AppResult<Arc<Page<PuzzleCard>>> {
        self.pages
            .try_get_with((query.clone(), page_size), async {
                listing::search(pool, query, page_size).await.map(Arc::new)
            })
            .await
            .map_err(|error: Arc<AppError>| (*error).clone())
    }

    /// One page of the newest approved puzzles as legacy documents, in JSON.
    pub async fn documents_page(&self, pool: &PgPool, page: u32, page_size: u32) -> AppResult<Arc<str>> {
        self.documents
            .try_get_with((page, page_size), async {
                let query = PuzzleQuery { page, sort: Sort::Newest, ..PuzzleQuery::default() };
                let cards = self.page(pool, &query, page_size).await?;
                let ids: Vec<Id> = cards.items.iter().map(|card| card.id).collect();
                let items = documents::many(pool, &ids, Tests::PublicOnly, Authors::Populated).await?;
                let page = Page::new(items, cards.page, cards.page_size, cards.total_items);
                serde_json::to_string(&page).map(Arc::from).map_err(|e| AppError::internal("puzzle list", e))
            })
            .await
            .map_err(|error: Arc<AppError>| (*error).clone())
    }

    /// After a puzzle was published, changed or removed.
    pub fn forget(&self) {
        self.pages.invalidate_all();
        self.documents.invalidate_all();
    }
}
