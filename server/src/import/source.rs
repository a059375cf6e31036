//! The documents of one legacy collection, from a `mongodump` directory
//! (`<collection>.bson`: documents back to back) or `mongoexport` output
//! (`<collection>.json`: one extended-JSON document a line).

use anyhow::Context;
use bson::{Bson, Document};
use std::{
    fs::File,
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
};

/// The folder holding the collection files: `DIR` itself, or its only database folder
/// (`mongodump` writes `dump/<database>/<collection>.bson`).
pub fn collections_folder(dir: &Path) -> anyhow::Result<PathBuf> {
    if has_collection_files(dir)? {
        return Ok(dir.to_owned());
    }
    let mut folders = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() && has_collection_files(&path)? {
            folders.push(path);
        }
    }
    match folders.as_slice() {
        [one] => Ok(one.clone()),
        [] => anyhow::bail!("{} holds no .bson or .json collection files", dir.display()),
        _ => anyhow::bail!("{} holds several databases: name one of them", dir.display()),
    }
}

fn has_collection_files(dir: &Path) -> anyhow::Result<bool> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        if path.is_file() && matches!(path.extension().and_then(|e| e.to_str()), Some("bson" | "json")) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A document, or why the next one could not be read (the rest of the file is then lost).
pub type Read = anyhow::Result<Document>;

/// The documents of `collection`; none when the dump has no file for it.
pub fn documents(folder: &Path, collection: &str) -> anyhow::Result<Box<dyn Iterator<Item = Read>>> {
    let bson = folder.join(format!("{collection}.bson"));
    if bson.is_file() {
        let file = File::open(&bson).with_context(|| format!("cannot open {}", bson.display()))?;
        return Ok(Box::new(BsonDocuments { reader: BufReader::new(file), failed: false }));
    }
    let json = folder.join(format!("{collection}.json"));
    if json.is_file() {
        let file = File::open(&json).with_context(|| format!("cannot open {}", json.display()))?;
        let lines =
            BufReader::new(file).lines().filter(|line| line.as_ref().map_or(true, |l| !l.trim().is_empty()));
        return Ok(Box::new(lines.map(|line| extended_json(&line?))));
    }
    Ok(Box::new(std::iter::empty()))
}

fn extended_json(line: &str) -> Read {
    let value: serde_json::Value = serde_json::from_str(line).context("a line is not JSON")?;
    match Bson::try_from(value).context("a line is not extended JSON")? {
        Bson::Document(document) => Ok(document),
        _ => anyhow::bail!("a line is not a JSON object"),
    }
}

struct BsonDocuments {
    reader: BufReader<File>,
    failed: bool,
}

impl Iterator for BsonDocuments {
    type Item = Read;

    fn next(&mut self) -> Option<Read> {
        if self.failed {
            return None;
        }
        match self.reader.fill_buf() {
            Ok([]) => return None,
            Ok(_) => {}
            Err(error) => {
                self.failed = true;
                return Some(Err(error.into()));
            }
        }
        let read = Document::from_reader(&mut self.reader).context("a truncated or corrupt BSON document");
        self.failed = read.is_err();
        Some(read)
    }
}
