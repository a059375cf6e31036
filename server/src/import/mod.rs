//! `server import-mongo DIR`: the legacy MongoDB data, read from a `mongodump` directory
//! or `mongoexport` JSON lines, written with every ObjectId kept as our id.
//!
//! Collections are read in dependency order, in batches of one transaction each. A
//! document whose id is already in the database is counted as already imported and not
//! written again, so a second run changes nothing and an interrupted run, started again,
//! carries on after its last committed batch. A document that cannot be imported (a
//! dangling reference, an invalid field, a username taken by someone else) is skipped
//! and counted with its reason in the final report.

mod accounts;
mod community;
mod fields;
mod known;
mod play;
mod puzzles;
mod report;
mod source;

use app::core::Id;
use fields::{Fields, Parsed, Skip};
use known::{Kind, Known};
pub use report::{Report, Tally};
use sqlx::{PgConnection, PgPool};
use std::{collections::HashSet, path::Path};

pub struct Options {
    /// Documents written per transaction.
    pub batch_size: usize,
    /// Stop after reading this many documents in all (an import in parts).
    pub limit: Option<u64>,
}

impl Default for Options {
    fn default() -> Self {
        Self { batch_size: 1000, limit: None }
    }
}

pub async fn run(pool: &PgPool, dir: &Path, options: &Options) -> anyhow::Result<Report> {
    let folder = source::collections_folder(dir)?;
    let mut known = Known::load(pool).await?;
    let mut import =
        Import { pool, folder: &folder, options, known: &mut known, read: 0, report: Report::default() };
    import.collection::<accounts::Users>().await?;
    import.collection::<accounts::Bans>().await?;
    import.collection::<accounts::Preferences>().await?;
    import.collection::<puzzles::Languages>().await?;
    import.collection::<puzzles::Puzzles>().await?;
    import.collection::<play::Games>().await?;
    import.collection::<play::Submissions>().await?;
    import.collection::<play::Players>().await?;
    import.collection::<play::Chat>().await?;
    import.collection::<community::Comments>().await?;
    import.collection::<community::Votes>().await?;
    import.collection::<community::Reports>().await?;
    let mut report = import.report;
    if !report.stopped {
        report.puzzle_metrics = puzzles::derive_metrics(pool).await?;
    }
    Ok(report)
}

/// How one legacy collection becomes rows.
trait Collection {
    /// The collection's name in the report.
    const NAME: &'static str;
    /// The file it is read from.
    const FILE: &'static str = Self::NAME;
    /// The table row keeps the document's id; `None` for rows keyed by their references.
    const KIND: Option<Kind>;
    /// Why a row with a new id was still not written (another unique key is taken).
    const CONFLICT: &'static str = "conflicts with an existing row";
    type Row;

    fn parse(document: &Fields, known: &mut Known) -> Parsed<Self::Row>;
    fn key(row: &Self::Row) -> Option<Id>;
    /// Table rows a document makes.
    fn rows(_: &Self::Row) -> usize {
        1
    }
    /// Writes the rows not already there and returns the keys of those written (for
    /// rows without an id of their own, one entry per row written).
    async fn write(db: &mut PgConnection, rows: &[Self::Row], known: &mut Known) -> sqlx::Result<Vec<Id>>;
}

struct Import<'run> {
    pool: &'run PgPool,
    folder: &'run Path,
    options: &'run Options,
    known: &'run mut Known,
    read: u64,
    report: Report,
}

/// Progress goes to the log every this many documents of a collection.
const PROGRESS_EVERY: u64 = 10_000;

impl Import<'_> {
    async fn collection<C: Collection>(&mut self) -> anyhow::Result<()> {
        let mut tally = Tally::new(C::NAME);
        let mut batch = Vec::with_capacity(self.options.batch_size);
        for document in source::documents(self.folder, C::FILE)? {
            if self.report.stopped || self.options.limit.is_some_and(|limit| self.read >= limit) {
                self.report.stopped = true;
                break;
            }
            self.read += 1;
            let document = match document {
                Ok(document) => document,
                Err(error) => {
                    tally.skip(Skip(format!("unreadable: {error:#} (the rest of the file too)")));
                    break;
                }
            };
            tally.read += 1;
            match C::parse(&Fields(&document), self.known) {
                Err(skip) => tally.skip(skip),
                Ok(row) => match (C::KIND, C::key(&row)) {
                    (Some(kind), Some(id)) if self.known.has(kind, id) => tally.present += 1,
                    (kind, key) => {
                        // Seen before it is written, so later documents of the same batch may refer to it.
                        if let (Some(kind), Some(id)) = (kind, key) {
                            self.known.insert(kind, id);
                        }
                        batch.push(row);
                    }
                },
            }
            if batch.len() >= self.options.batch_size {
                self.flush::<C>(&mut batch, &mut tally).await?;
            }
            if tally.read.is_multiple_of(PROGRESS_EVERY) {
                tracing::info!(
                    collection = C::NAME,
                    read = tally.read,
                    imported = tally.imported,
                    "importing"
                );
            }
        }
        self.flush::<C>(&mut batch, &mut tally).await?;
        tracing::info!(collection = C::NAME, read = tally.read, imported = tally.imported, "imported");
        self.report.tallies.push(tally);
        Ok(())
    }

    async fn flush<C: Collection>(
        &mut self,
        batch: &mut Vec<C::Row>,
        tally: &mut Tally,
    ) -> anyhow::Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let mut tx = self.pool.begin().await?;
        let written = C::write(&mut tx, batch, self.known).await?;
        tx.commit().await?;
        tally.imported += written.len() as u64;
        match C::KIND {
            Some(kind) => {
                let written: HashSet<Id> = written.into_iter().collect();
                for id in batch.iter().filter_map(C::key).filter(|id| !written.contains(id)) {
                    self.known.remove(kind, id);
                    tally.skip(Skip(C::CONFLICT.into()));
                }
            }
            None => tally.present += (batch.iter().map(C::rows).sum::<usize>() - written.len()) as u64,
        }
        batch.clear();
        Ok(())
    }
}

/// A column of `rows` for an `UNNEST` parameter.
fn column<R, T>(rows: &[R], field: impl Fn(&R) -> T) -> Vec<T> {
    rows.iter().map(field).collect()
}
