//! The streaming CSV reader for response files: a block splitter that cuts the input into blocks
//! of whole records (it finds where records end from the quotes alone, as `csv-core`, the `csv`
//! crate's own parser, reads them), and workers that parse, validate and count blocks in
//! parallel, then check their ids in the seen-id set's shards, each shard in file order.
//!
//! A worker checks the usual record in one pass over its bytes, quoted free text in columns it
//! does not read included (the notes and suggestions of real exports); any other record (a
//! quoted cell it reads, a cell to trim, a failed check, a byte that is not UTF-8) goes the long
//! way, through `csv-core` when it holds a quote, which finds its verdict. Both ways give what
//! the `csv` crate's records give (`tests/reader.rs`, the fuzz target).

mod csv;
mod error;
mod fast;
mod header;
mod ids;
mod options;
mod split;
mod worker;

use std::collections::HashMap;
use std::io::Read;

use ids::ShardState;
use split::Splitter;
use worker::Worker;

use crate::catalog::Catalog;
use crate::instrument::Questionnaire;
use crate::par;
use crate::response::Rejection;
use crate::response::seen::IdSet;
use crate::tally::{CellKey, CellStore, QuestionnaireTally};

pub use error::ReadError;
pub use options::ReadOptions;

/// Tallies per (unit, service, month) cell, in a hash map (the duplicates' retraction).
type Cells = HashMap<CellKey, QuestionnaireTally, foldhash::fast::RandomState>;

/// What a read found, for the survey to take in: the id set it was given with the file's
/// accepted ids added, the counts of the records its workers passed, the stars of those the id
/// check then found to be duplicates (to take back out of `cells`), and every rejection in
/// input order. `accepted + rejected.len()` is the number of records read.
pub(crate) struct ReadOutcome {
    pub(crate) ids: IdSet,
    pub(crate) cells: Option<CellStore>,
    pub(crate) retract: Vec<(CellKey, QuestionnaireTally)>,
    pub(crate) accepted: u64,
    pub(crate) rejected: Vec<Rejection>,
    /// Why reading stopped early, if it did; what was read before stays counted.
    pub(crate) error: Option<ReadError>,
}

/// Reads a responses file against the catalog and questionnaire, checking ids against `ids`
/// (the survey's accepted ids, handed back in the outcome); see `Survey::read_csv_with` for the
/// format and the guarantees.
pub(crate) fn read_csv<R: Read>(
    input: R,
    options: ReadOptions,
    catalog: &Catalog,
    q: &Questionnaire,
    mut ids: IdSet,
) -> ReadOutcome {
    let mut splitter = Splitter::new(input);
    let cols = match header::read_header(&mut splitter, q) {
        Ok(cols) => cols,
        Err(error) => {
            return ReadOutcome {
                ids,
                cells: None,
                retract: Vec::new(),
                accepted: 0,
                rejected: Vec::new(),
                error: Some(error),
            };
        }
    };
    let block_size = options.block.max(1);
    let threads = options.threads;
    let shards: Vec<std::sync::Mutex<ShardState>> = ids
        .take_shards()
        .into_iter()
        .map(|ids| std::sync::Mutex::new(ShardState::new(ids)))
        .collect();
    let (failure, mut workers) = if threads.get() == 1 {
        let mut worker = Worker::new(catalog, q, &cols);
        let failure = loop {
            match splitter.next_block(block_size) {
                Ok(Some(block)) => {
                    worker.take(&block, &shards);
                    splitter.pool.push(block.buf);
                }
                Ok(None) => break None,
                Err(e) => break Some(e),
            }
        };
        (failure, vec![worker.finish()])
    } else {
        let (spent_tx, spent_rx) = std::sync::mpsc::channel::<Vec<u8>>();
        let (cols, shards) = (&cols, &shards);
        par::feed(
            threads,
            threads.get() * 2,
            |jobs| {
                let mut worker = Worker::new(catalog, q, cols);
                for block in jobs {
                    worker.take(&block, shards);
                    let _ = spent_tx.send(block.buf);
                }
                worker.finish()
            },
            |send| loop {
                // reuse the buffers the workers are done with (a few stay in flight)
                while let Ok(buf) = spent_rx.try_recv() {
                    if splitter.pool.len() < 2 * threads.get() + 2 {
                        splitter.pool.push(buf);
                    }
                }
                match splitter.next_block(block_size) {
                    Ok(Some(block)) => {
                        if !send(block) {
                            break None;
                        }
                    }
                    Ok(None) => break None,
                    Err(e) => break Some(e),
                }
            },
        )
    };
    // every block was offered to every shard: nothing is pending (checked anyway)
    let mut states: Vec<ShardState> = shards
        .into_iter()
        .map(|s| {
            s.into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        })
        .collect();
    for state in &mut states {
        state.check_pending(q);
    }
    // the rejections in one list made once (a file can have millions)
    let count = states.iter().map(|s| s.rejected.len()).sum::<usize>()
        + workers.iter().map(|(_, early)| early.len()).sum::<usize>();
    let (mut accepted, mut retract) = (0, Cells::default());
    let mut rejected = Vec::with_capacity(count);
    let mut shard_ids = Vec::with_capacity(states.len());
    for mut state in states {
        accepted += state.accepted;
        rejected.append(&mut state.rejected);
        for (key, tally) in state.retract {
            // bounded by the records read: no overflow
            let _ = retract
                .entry(key)
                .or_insert_with(|| QuestionnaireTally::new(q))
                .merge(&tally);
        }
        shard_ids.push(state.ids);
    }
    ids.restore(shard_ids);
    // the workers' cells, merged into the largest
    workers.sort_by_key(|(cells, _)| std::cmp::Reverse(cells.len()));
    let mut all: Option<CellStore> = None;
    for (cells, mut early) in workers {
        match &mut all {
            Some(all) => all.merge(&cells),
            None => all = Some(cells),
        }
        rejected.append(&mut early);
    }
    // positions are distinct: an unstable sort gives the one order, in place
    rejected.sort_unstable_by_key(|&(at, _)| at);
    ReadOutcome {
        ids,
        cells: all,
        retract: retract.into_iter().collect(),
        accepted,
        rejected: rejected.into_iter().map(|(_, r)| r).collect(),
        error: failure.map(ReadError::Io),
    }
}
