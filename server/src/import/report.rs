//! What an import did, collection by collection, as the final table shows it.

use super::fields::Skip;
use std::{collections::BTreeMap, fmt};

#[derive(Debug, Default)]
pub struct Report {
    pub tallies: Vec<Tally>,
    /// Puzzle metrics derived from the imported submissions.
    pub puzzle_metrics: u64,
    /// The `--limit` was reached: run again to import the rest.
    pub stopped: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub collection: &'static str,
    pub read: u64,
    pub imported: u64,
    /// Already in the database (an earlier run).
    pub present: u64,
    pub skipped: BTreeMap<String, u64>,
}

impl Tally {
    pub fn new(collection: &'static str) -> Self {
        Self { collection, read: 0, imported: 0, present: 0, skipped: BTreeMap::new() }
    }

    pub fn skip(&mut self, Skip(reason): Skip) {
        *self.skipped.entry(reason).or_default() += 1;
    }

    pub fn skipped_total(&self) -> u64 {
        self.skipped.values().sum()
    }
}

impl Report {
    pub fn tally(&self, collection: &str) -> Option<&Tally> {
        self.tallies.iter().find(|tally| tally.collection == collection)
    }

    pub fn imported(&self) -> u64 {
        self.tallies.iter().map(|tally| tally.imported).sum()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<22} {:>9} {:>9} {:>9} {:>9}",
            "collection", "read", "imported", "already", "skipped"
        )?;
        for tally in &self.tallies {
            writeln!(
                f,
                "{:<22} {:>9} {:>9} {:>9} {:>9}",
                tally.collection,
                tally.read,
                tally.imported,
                tally.present,
                tally.skipped_total()
            )?;
            for (reason, count) in &tally.skipped {
                writeln!(f, "    skipped {count}: {reason}")?;
            }
        }
        writeln!(f, "puzzle metrics derived: {}", self.puzzle_metrics)?;
        if self.stopped {
            writeln!(f, "stopped at the limit: run the import again to continue")?;
        }
        Ok(())
    }
}
