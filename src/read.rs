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
mod profile;
mod scan;
mod split;
mod worker;

use std::io::Read;

use ids::{Cells, ShardState};
use split::Splitter;
use worker::Worker;

use crate::catalog::Catalog;
use crate::instrument::Questionnaire;
use crate::par;
use crate::profile::ProfileStore;
use crate::response::Rejection;
use crate::response::seen::IdSet;
use crate::tally::{CellKey, CellStore, QuestionnaireTally};

pub use error::ReadError;
pub use options::ReadOptions;

/// What a read found, for the survey to take in: the id set it was given with the file's
/// accepted ids added, the counts of the records its workers passed, the stars of those the id
/// check then found to be duplicates (to take back out of `cells`), and every rejection in
/// input order. `accepted + rejected.len()` is the number of records read.
pub(crate) struct ReadOutcome {
    pub(crate) ids: IdSet,
    pub(crate) cells: Option<CellStore>,
    pub(crate) retract: Vec<(CellKey, QuestionnaireTally)>,
    /// The profile counts of the records the workers passed, and those of the duplicates.
    pub(crate) profile: ProfileStore,
    pub(crate) retract_profile: ProfileStore,
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
    let cols = match header::read_header(&mut splitter, q, &options.profile) {
        Ok(cols) => cols,
        Err(error) => {
            return ReadOutcome {
                ids,
                cells: None,
                retract: Vec::new(),
                profile: ProfileStore::default(),
                retract_profile: ProfileStore::default(),
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
        .map(|ids| std::sync::Mutex::new(ShardState::new(ids, options.profile.clone())))
        .collect();
    // on the calling thread: one thread asked for, or none could start
    let alone = |splitter: &mut Splitter<R>| {
        let mut worker = Worker::new(catalog, q, &cols, &options.profile);
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
    };
    let fed = if threads.get() == 1 {
        None
    } else {
        let (spent_tx, spent_rx) = std::sync::mpsc::channel::<Vec<u8>>();
        let (cols, shards, splitter) = (&cols, &shards, &mut splitter);
        par::feed(
            threads,
            threads.get() * 2,
            |jobs| {
                let mut worker = Worker::new(catalog, q, cols, &options.profile);
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
    let (failure, mut workers) = match fed {
        Some(fed) => fed,
        None => alone(&mut splitter),
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
        + workers
            .iter()
            .map(|(_, _, early)| early.len())
            .sum::<usize>();
    let (mut accepted, mut retract) = (0, Cells::default());
    let mut retract_profile = ProfileStore::default();
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
        retract_profile.absorb(&state.retract_profile);
        shard_ids.push(state.ids);
    }
    ids.restore(shard_ids);
    // the workers' cells, merged into the largest
    workers.sort_by_key(|(cells, _, _)| std::cmp::Reverse(cells.len()));
    let mut all: Option<CellStore> = None;
    // the profile counts likewise: the first worker's taken whole, the others added to it
    let mut profile: Option<ProfileStore> = None;
    for (cells, counted, mut early) in workers {
        match &mut profile {
            Some(profile) => profile.absorb(&counted),
            None => profile = Some(counted),
        }
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
        profile: profile.unwrap_or_else(|| {
            let mut profile = ProfileStore::default();
            for name in &options.profile {
                let _ = profile.declare(name);
            }
            profile
        }),
        retract_profile,
        accepted,
        rejected: rejected.into_iter().map(|(_, r)| r).collect(),
        error: failure.map(ReadError::Io),
    }
}

#[cfg(test)]
pub(super) mod tests {
    use std::num::NonZeroUsize;
    use std::panic::{AssertUnwindSafe, catch_unwind};
    use std::sync::Arc;

    use crate::catalog::{Catalog, UnitKind};
    use crate::instrument::{Instrument, Questionnaire, ScaleMap};
    use crate::response::RawResponse;
    use crate::scale::Scale;
    use crate::survey::Survey;

    /// A header column of this name turns the fast path off, so that a test can read the same
    /// records both ways.
    pub(in crate::read) const SLOW_ONLY: &str = "persepsi-test-slow-path";
    /// A block holding these bytes makes its worker panic.
    pub(in crate::read) const PANIC: &[u8] = b"persepsi-test-panic";

    fn catalog() -> Arc<Catalog> {
        let code = |s: &str| s.parse::<crate::code::UnitCode>().expect("a code");
        let service = |s: &str| s.parse::<crate::code::ServiceCode>().expect("a code");
        let catalog = Catalog::builder()
            .unit(code("KEMENKUM"), "Kementerian", UnitKind::Ministry, None)
            .unit(
                code("KW"),
                "Kanwil",
                UnitKind::Kanwil,
                Some(code("KEMENKUM")),
            )
            .service(service("S1"), "Layanan", "A".parse().expect("a code"))
            .offer(code("KW"), vec![service("S1")])
            .build()
            .expect("a catalog");
        Arc::new(catalog)
    }

    /// Five items on a `points` scale: on scales up to 9 the first four are read a word at a
    /// time, the fifth one byte at a time.
    fn questionnaire(points: u8) -> Arc<Questionnaire> {
        let scale = Scale::new(points).expect("a scale");
        let mut b = Instrument::builder("T".parse().expect("a code"), scale).map(ScaleMap::MinMax);
        for i in 1..=5 {
            b = b.item(format!("T{i}").parse().expect("a code"), "item");
        }
        let ins = b.build().expect("an instrument");
        Arc::new(Questionnaire::new("t", vec![ins]).expect("a questionnaire"))
    }

    /// The verdict the rule gives a one-byte cell (trimmed first, as every cell is): `Ok(star)`,
    /// `Ok(0)` for a missing answer, or the reason's code.
    fn oracle(b: u8, points: u8) -> Result<u8, &'static str> {
        match b {
            b' ' | b'\t' | 0x0b | 0x0c => Ok(0),
            b'0'..=b'9' if (1..=points).contains(&(b - b'0')) => Ok(b - b'0'),
            b'0'..=b'9' => Err("star_out_of_range"),
            0x80.. => Err("malformed_record"),
            _ => Err("malformed_star"),
        }
    }

    /// The verdict of a read of one record whose item `item` holds `cell` (the others `1`).
    fn read_one(cell: u8, item: usize, points: u8, slow: bool) -> Result<u8, &'static str> {
        let (catalog, q) = (catalog(), questionnaire(points));
        let extra = if slow { SLOW_ONLY } else { "note" };
        let mut file =
            format!("response_id,date,unit,service,T1,T2,T3,T4,T5,{extra}\nR1,2025-01-02,KW,S1,")
                .into_bytes();
        for i in 0..5 {
            file.push(if i == item { cell } else { b'1' });
            file.push(b',');
        }
        file.extend_from_slice(b"x\n");
        let mut survey = Survey::new(catalog, q);
        survey
            .read_csv_with(
                &file[..],
                super::ReadOptions::default().threads(NonZeroUsize::MIN),
            )
            .expect("readable");
        verdict(&survey, item)
    }

    /// `Survey::ingest`'s verdict on the same record.
    fn ingest_one(cell: u8, item: usize, points: u8) -> Result<u8, &'static str> {
        let text = [cell];
        let Ok(cell) = std::str::from_utf8(&text) else {
            return Err("malformed_record");
        };
        let mut answers = ["1"; 5];
        answers[item] = cell;
        let mut survey = Survey::new(catalog(), questionnaire(points));
        let raw = RawResponse {
            id: "R1",
            date: "2025-01-02",
            unit: "KW",
            service: "S1",
            answers: &answers,
        };
        // a rejection is also kept in the summary
        let _ = survey.ingest(2, &raw);
        verdict(&survey, item)
    }

    /// The survey's one record: its first rejection's code, or the star its item `item` counted
    /// (0: a missing answer).
    fn verdict(survey: &Survey, item: usize) -> Result<u8, &'static str> {
        if let Some(r) = survey.summary().rejected.first() {
            return Err(r.reason.code());
        }
        let tally = survey
            .tally(survey.catalog().root(), &crate::Filter::all())
            .expect("the survey's own unit");
        let hist = tally.instruments()[0].histogram(item);
        Ok(hist.iter().position(|&n| n == 1).map_or(0, |s| s as u8))
    }

    #[test]
    fn every_path_follows_the_one_star_rule_for_every_byte_on_every_scale() {
        for points in 2..=10 {
            for b in 0..=255u8 {
                if matches!(b, b',' | b'"' | b'\r' | b'\n') {
                    continue; // the CSV's own bytes: not a cell's text
                }
                let want = oracle(b, points);
                // the first item (a word at a time on scales up to 9) and the last (one byte)
                for item in [0, 2, 4] {
                    let at = format!("byte {b:#04x}, item {item}, scale 1-{points}");
                    assert_eq!(ingest_one(b, item, points), want, "ingest, {at}");
                    assert_eq!(read_one(b, item, points, true), want, "slow path, {at}");
                    assert_eq!(read_one(b, item, points, false), want, "fast path, {at}");
                }
            }
        }
    }

    /// A reader that counts the bytes taken from it.
    struct Counted<'a> {
        bytes: &'a [u8],
        taken: usize,
    }

    impl std::io::Read for Counted<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(self.bytes.len() - self.taken);
            buf[..n].copy_from_slice(&self.bytes[self.taken..self.taken + n]);
            self.taken += n;
            Ok(n)
        }
    }

    #[test]
    fn a_panicking_worker_makes_the_read_panic_and_stops_it() {
        let (catalog, q) = (catalog(), questionnaire(5));
        let mut file = b"response_id,date,unit,service,T1,T2,T3,T4,T5,note\n".to_vec();
        for i in 0..40_000 {
            let note = if i == 1000 {
                "persepsi-test-panic"
            } else {
                "ok"
            };
            file.extend_from_slice(format!("R{i},2025-01-02,KW,S1,1,2,3,4,5,{note}\n").as_bytes());
        }
        for threads in [1, 2, 4] {
            let mut survey = Survey::new(Arc::clone(&catalog), Arc::clone(&q));
            let options = super::ReadOptions::default()
                .threads(NonZeroUsize::new(threads).expect("threads"))
                .block_bytes(NonZeroUsize::new(4096).expect("bytes"));
            let mut input = Counted {
                bytes: &file,
                taken: 0,
            };
            let read = catch_unwind(AssertUnwindSafe(|| {
                survey.read_csv_with(&mut input, options)
            }));
            let message = read
                .expect_err("partial counts")
                .downcast::<&str>()
                .expect("a message");
            assert_eq!(*message, "a worker's panic, injected by a test");
            // the read stops soon after the panic, not at the end of the file
            assert!(
                input.taken < file.len() / 4,
                "{threads} threads read {} of {} bytes",
                input.taken,
                file.len()
            );
        }
        // without the marker the same file reads whole
        let clean = String::from_utf8(file)
            .expect("text")
            .replace("persepsi-test-panic", "ok");
        let mut survey = Survey::new(catalog, q);
        survey.read_csv(clean.as_bytes()).expect("readable");
        assert_eq!(survey.summary().accepted, 40_000);
    }

    #[test]
    fn the_reader_and_ingest_agree_on_rejections_of_stars() {
        // a two-digit star, leading zeros, a trimmed cell: the slow path's share of the rule
        let q = questionnaire(10);
        let catalog = catalog();
        for (cell, want) in [
            ("10", Ok(())),
            ("010", Ok(())),
            (" 7 ", Ok(())),
            ("11", Err("star_out_of_range")),
            ("1x", Err("malformed_star")),
        ] {
            let file = format!(
                "response_id,date,unit,service,T1,T2,T3,T4,T5\nR1,2025-01-02,KW,S1,{cell},1,1,1,1\n"
            );
            let mut survey = Survey::new(Arc::clone(&catalog), Arc::clone(&q));
            survey.read_csv(file.as_bytes()).expect("readable");
            let got = survey
                .summary()
                .rejected
                .first()
                .map_or(Ok(()), |r| Err(r.reason.code()));
            assert_eq!(got, want, "{cell:?}");
        }
    }
}
