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

use std::collections::BTreeMap;
use std::io::{self, Read};
use std::num::NonZeroUsize;
use std::ops::Range;
use std::sync::{Mutex, mpsc};

use crate::catalog::{Catalog, ServiceId, UnitId};
use crate::cells::CellStore;
use crate::idset::{IdShard, SHARDS, hash_id, shard_of};
use crate::instrument::Questionnaire;
use crate::period::{Date, Month};
use crate::response::{RejectReason, Rejection, check_fields, trim};
use crate::survey::{CellKey, Cells, QuestionnaireTally, Survey};

/// Why a responses file could not be read at all (rejected records are not errors: they are
/// kept in the survey's summary).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The file has no header row (it is empty, blank, or only a byte-order mark).
    #[error("the file has no header row")]
    NoHeader,
    /// The header row is not valid UTF-8.
    #[error("the header row is not valid UTF-8")]
    HeaderNotUtf8,
    /// A required column is missing from the header.
    #[error("the header lacks the required column {column:?}")]
    MissingColumn {
        /// The column's name.
        column: String,
    },
    /// The header looks `;`-separated (as Excel writes CSV in Indonesian and other locales):
    /// the reader needs commas.
    #[error(
        "the header has no comma but {semicolons} semicolons: the file looks ';'-separated; save it as comma-separated CSV"
    )]
    Semicolons {
        /// The number of `;` in the header.
        semicolons: usize,
    },
    /// Reading failed.
    #[error("cannot read the responses: {0}")]
    Io(#[from] io::Error),
}

/// How [`Survey::read_csv_with`] reads: the number of threads that parse and validate.
///
/// ```
/// use std::num::NonZeroUsize;
/// let options = persepsi::ReadOptions::default().threads(NonZeroUsize::MIN);
/// assert_eq!(options.thread_count(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReadOptions {
    threads: NonZeroUsize,
    block: usize,
}

impl Default for ReadOptions {
    /// As many threads as [`std::thread::available_parallelism`] reports (1 if unknown), blocks
    /// of 1 MiB.
    fn default() -> Self {
        ReadOptions {
            threads: crate::par::available(),
            block: 1 << 20,
        }
    }
}

impl ReadOptions {
    /// Sets the number of threads (1: everything on the calling thread).
    #[must_use]
    pub fn threads(mut self, threads: NonZeroUsize) -> ReadOptions {
        self.threads = threads;
        self
    }

    /// Sets the block size in bytes handed to one worker at a time (at least 1; a record longer
    /// than a block makes its block longer).
    #[must_use]
    pub fn block_bytes(mut self, bytes: NonZeroUsize) -> ReadOptions {
        self.block = bytes.get();
        self
    }

    /// The number of threads.
    #[must_use]
    pub fn thread_count(&self) -> usize {
        self.threads.get()
    }
}

fn is_break(b: u8) -> bool {
    b == b'\r' || b == b'\n'
}

/// Puts a `csv-core` reader back at the start of a record, as a reader in the middle of a file
/// is: its DFA (built once, which costs far more than a record) kept, and a leading UTF-8
/// byte-order mark read as text, as the `csv` crate reads one after the first record.
fn fresh(reader: &mut csv_core::Reader) {
    reader.reset();
    // a call with no room for output reads nothing and changes no state but "has read", which
    // stops the byte-order mark from being skipped
    let _ = reader.read_record(b"\n", &mut [], &mut []);
}

/// Parses one record starting at `bytes[0]` (not a line-break byte) with `csv-core`, into
/// `out`/`ends` (cumulative field ends in `out`). Returns the bytes consumed, or `None` when the
/// record is not complete and more input may follow (`eof` false).
fn parse_quoted(
    reader: &mut csv_core::Reader,
    bytes: &[u8],
    line: usize,
    eof: bool,
    out: &mut Vec<u8>,
    ends: &mut Vec<usize>,
) -> Option<usize> {
    // the unescaped record is never longer than its text, and has at most one field per byte + 1;
    // start from twice its first line and 64 fields, and grow what csv-core asks for
    let mut size = (2 * line).clamp(64, bytes.len().max(64));
    let mut fields = 64;
    let most = bytes.len() + 1;
    loop {
        out.resize(size, 0);
        ends.resize(fields, 0);
        fresh(reader);
        let (res, nin, nout, nend) = reader.read_record(bytes, out, ends);
        let done = match res {
            csv_core::ReadRecordResult::Record => Ok((nout, nend)),
            csv_core::ReadRecordResult::InputEmpty | csv_core::ReadRecordResult::End if eof => {
                // the last record: an empty input ends it (and writes its last field's end)
                let (res2, _, nout2, nend2) = reader.read_record(
                    &[],
                    out.get_mut(nout..).unwrap_or_default(),
                    ends.get_mut(nend..).unwrap_or_default(),
                );
                match res2 {
                    csv_core::ReadRecordResult::Record => Ok((nout + nout2, nend + nend2)),
                    csv_core::ReadRecordResult::OutputEndsFull => Err(false),
                    _ => Ok((nout, nend)),
                }
            }
            csv_core::ReadRecordResult::InputEmpty | csv_core::ReadRecordResult::End => {
                return None;
            }
            csv_core::ReadRecordResult::OutputFull => Err(true),
            csv_core::ReadRecordResult::OutputEndsFull => Err(false),
        };
        match done {
            Ok((nout, nend)) => {
                out.truncate(nout);
                ends.truncate(nend);
                return Some(nin);
            }
            Err(text) => {
                let grown = if text { &mut size } else { &mut fields };
                if *grown > most {
                    // cannot happen: output never exceeds input; stop rather than loop
                    out.clear();
                    ends.clear();
                    return Some(bytes.len());
                }
                *grown = (*grown * 2).min(most + 1);
            }
        }
    }
}

/// One record's fields: byte ranges into either the line itself (no quote in it) or the
/// unescaped `csv-core` output.
#[derive(Default)]
struct Parser {
    /// Taken from [`BUILT`] at the first quoted record, and given back when the parser is
    /// dropped.
    csv: Option<csv_core::Reader>,
    out: Vec<u8>,
    ends: Vec<usize>,
    fields: Vec<Range<usize>>,
}

/// `csv-core` readers built before and free again: building one's DFA costs some 30 us, a
/// hundred records' worth, and a program that reads many small files would pay it for each.
/// (A clone of a built reader is not one: `csv-core` 0.1's `Clone` of its DFA copies the
/// transitions only.) Every use starts with [`fresh`], so a reader's past does not matter.
static BUILT: Mutex<Vec<csv_core::Reader>> = Mutex::new(Vec::new());

/// The reader in `slot`, taken from [`BUILT`] (or built) when there is none.
// `csv_core::Reader::default()` is not `new()`: it builds no DFA
#[allow(clippy::unwrap_or_default)]
fn built(slot: &mut Option<csv_core::Reader>) -> &mut csv_core::Reader {
    slot.get_or_insert_with(|| {
        BUILT
            .lock()
            .ok()
            .and_then(|mut free| free.pop())
            .unwrap_or_else(csv_core::Reader::new)
    })
}

impl Drop for Parser {
    fn drop(&mut self) {
        if let Some(reader) = self.csv.take()
            && let Ok(mut free) = BUILT.lock()
            && free.len() < 16
        {
            free.push(reader);
        }
    }
}

impl Parser {
    /// Parses the record at the start of `bytes` (not a line-break byte). Returns the bytes
    /// consumed (the record and its first terminator byte) and whether the fields are in `out`
    /// (quoted) rather than in `bytes`; `None` when incomplete and not at `eof`.
    fn parse(&mut self, bytes: &[u8], eof: bool) -> Option<(usize, bool)> {
        self.fields.clear();
        // one scan finds the line's end or, first, a quote (then csv-core takes the record)
        let special = memchr::memchr3(b'\r', b'\n', b'"', bytes);
        if special.is_none_or(|at| bytes[at] != b'"') {
            let line_end = special;
            let line = &bytes[..line_end.unwrap_or(bytes.len())];
            let consumed = match line_end {
                Some(t) => t + 1,
                None if eof => bytes.len(),
                None => return None,
            };
            let mut start = 0;
            for comma in memchr::memchr_iter(b',', line) {
                self.fields.push(start..comma);
                start = comma + 1;
            }
            self.fields.push(start..line.len());
            return Some((consumed, false));
        }
        let line = memchr::memchr2(b'\r', b'\n', bytes).unwrap_or(bytes.len());
        let consumed = parse_quoted(
            built(&mut self.csv),
            bytes,
            line,
            eof,
            &mut self.out,
            &mut self.ends,
        )?;
        let mut start = 0;
        for &end in &self.ends {
            self.fields.push(start..end);
            start = end;
        }
        Some((consumed, true))
    }
}

/// The end of the last complete record in `bytes` (which starts at a record boundary), or 0,
/// and whether the records before it hold a quote. `outside` is scratch space.
///
/// Only quotes change where records end, so this looks at quotes alone, as `csv-core` reads
/// them: outside a quoted field, a quote opens one only as a field's first byte (at the start,
/// or after a `,` or a line break); inside, `""` is a quote and any other quote closes the field
/// (what follows the closing quote, up to a delimiter, joins the field as text). Every line
/// break outside quoted fields ends a record (or a blank line).
fn last_boundary(bytes: &[u8], eof: bool, outside: &mut Vec<Range<usize>>) -> (usize, bool) {
    let Some(first) = memchr::memchr(b'"', bytes) else {
        // no quotes: every line break ends a record (or a blank line)
        let cut = if eof {
            bytes.len()
        } else {
            memchr::memrchr2(b'\r', b'\n', bytes).map_or(0, |t| t + 1)
        };
        return (cut, false);
    };
    if eof {
        return (bytes.len(), true);
    }
    // the stretches outside quoted fields, in order
    outside.clear();
    let mut start = 0;
    let mut quote = Some(first);
    while let Some(at) = quote {
        let opens = at
            .checked_sub(1)
            .and_then(|p| bytes.get(p))
            .is_none_or(|&b| b == b',' || is_break(b));
        let mut next = at + 1;
        if opens {
            outside.push(start..at);
            let Some(end) = quoted_end(bytes, at, false) else {
                start = bytes.len();
                break;
            };
            start = end;
            next = end;
        }
        quote = bytes
            .get(next..)
            .and_then(|rest| memchr::memchr(b'"', rest))
            .map(|q| next + q);
    }
    outside.push(start..bytes.len());
    for range in outside.iter().rev() {
        if let Some(t) = bytes
            .get(range.clone())
            .and_then(|b| memchr::memrchr2(b'\r', b'\n', b))
        {
            let cut = range.start + t + 1;
            return (cut, first < cut);
        }
    }
    (0, false)
}

/// Where the quoted field opened by the quote at `bytes[open]` ends (just past its closing
/// quote), as `csv-core` reads it: `""` is a quote inside it, any other quote closes it. `None`
/// when it does not close in `bytes`, or (not at `eof`) when its last byte is a quote that the
/// next byte could double.
fn quoted_end(bytes: &[u8], open: usize, eof: bool) -> Option<usize> {
    let mut next = open + 1;
    loop {
        let q = next + memchr::memchr(b'"', bytes.get(next..)?)?;
        match bytes.get(q + 1) {
            Some(b'"') => next = q + 2,
            Some(_) => return Some(q + 1),
            None if eof => return Some(q + 1),
            None => return None,
        }
    }
}

/// A block of whole records handed to a worker: `buf[..len]`, starting on `line`, number `seq`
/// in file order. The buffer goes back to the reader when the worker is done.
struct Block {
    seq: u64,
    buf: Vec<u8>,
    len: usize,
    line: u64,
    quoted: bool,
}

/// Reads the input in blocks that end on record boundaries, into buffers that are reused (so
/// that no block costs fresh pages or zeroing).
struct Splitter<R> {
    input: R,
    /// `buf[..filled]` is input not handed out yet; the rest is scratch.
    buf: Vec<u8>,
    filled: usize,
    eof: bool,
    /// Line of the first byte of `buf`.
    line: u64,
    /// The header's parser.
    parser: Parser,
    /// Scratch space of [`last_boundary`].
    outside: Vec<Range<usize>>,
    /// Buffers back from the workers.
    pool: Vec<Vec<u8>>,
    seq: u64,
}

impl<R: Read> Splitter<R> {
    fn new(input: R) -> Self {
        Splitter {
            input,
            buf: Vec::new(),
            filled: 0,
            eof: false,
            line: 1,
            parser: Parser::default(),
            outside: Vec::new(),
            pool: Vec::new(),
            seq: 0,
        }
    }

    fn data(&self) -> &[u8] {
        &self.buf[..self.filled]
    }

    /// Drops the first `n` bytes of the unread input.
    fn consume(&mut self, n: usize) {
        let n = n.min(self.filled);
        self.line += memchr::memchr_iter(b'\n', &self.buf[..n]).count() as u64;
        self.buf.copy_within(n..self.filled, 0);
        self.filled -= n;
    }

    fn fill(&mut self, want: usize) -> io::Result<()> {
        while !self.eof && self.filled < want {
            // grown by doubling, so that a small input costs no block-sized buffer
            let size = want
                .min(self.filled.max(4096).saturating_mul(2))
                .max(self.filled + 4096);
            if self.buf.len() < size {
                self.buf.resize(size, 0);
            }
            let n = loop {
                match self.input.read(&mut self.buf[self.filled..]) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    other => break other?,
                }
            };
            if n == 0 {
                self.eof = true;
            }
            self.filled += n.min(self.buf.len() - self.filled);
        }
        Ok(())
    }

    /// The next block of whole records (at least `size` bytes unless the input ends); `None`
    /// at the end.
    fn next_block(&mut self, size: usize) -> io::Result<Option<Block>> {
        let mut want = size;
        loop {
            self.fill(want)?;
            if self.filled == 0 {
                return Ok(None);
            }
            let (cut, quoted) =
                last_boundary(&self.buf[..self.filled], self.eof, &mut self.outside);
            if cut > 0 || self.eof {
                let cut = if cut == 0 { self.filled } else { cut };
                let rest = self.filled - cut;
                let mut next = self.pool.pop().unwrap_or_default();
                if next.len() < rest {
                    next.resize(rest, 0);
                }
                next[..rest].copy_from_slice(&self.buf[cut..self.filled]);
                let buf = std::mem::replace(&mut self.buf, next);
                self.filled = rest;
                let line = self.line;
                self.line += memchr::memchr_iter(b'\n', &buf[..cut]).count() as u64;
                let seq = self.seq;
                self.seq += 1;
                return Ok(Some(Block {
                    seq,
                    buf,
                    len: cut,
                    line,
                    quoted,
                }));
            }
            // one record is longer than the buffer: read more
            want = self.filled * 2;
        }
    }
}

/// Where the needed columns are.
struct Columns {
    width: usize,
    id: usize,
    date: usize,
    unit: usize,
    service: usize,
    items: Vec<usize>,
}

/// A worker's own tallies, counted as it checks records (records that the id check then finds
/// to be duplicates are retracted from the total), in the survey's cell layout so that they
/// join the survey's cells without a copy. Per offered (unit, service) pair, the months seen
/// and their cell's number, so that counting a record is a short scan and a few adds, with no
/// hash lookup.
struct WorkerCells {
    /// Per pair, the month and cell it last counted in: one flat array that stays in cache
    /// (files are mostly in date order, so this is usually the cell).
    recent: Vec<Option<(Month, usize)>>,
    /// Per pair, every month seen and its cell.
    by_pair: Vec<Vec<(Month, usize)>>,
    store: CellStore,
}

impl WorkerCells {
    fn new(catalog: &Catalog, q: &Questionnaire) -> WorkerCells {
        WorkerCells {
            recent: vec![None; catalog.pair_count()],
            by_pair: vec![Vec::new(); catalog.pair_count()],
            store: CellStore::new(q),
        }
    }

    fn record(&mut self, catalog: &Catalog, pair: u32, month: Month, slots: &[u8]) {
        let Some(recent) = self.recent.get_mut(pair as usize) else {
            return;
        };
        let cell = match *recent {
            Some((m, cell)) if m == month => cell,
            _ => {
                let Some(months) = self.by_pair.get_mut(pair as usize) else {
                    return;
                };
                let cell = match months.iter().find(|(m, _)| *m == month) {
                    Some(&(_, cell)) => cell,
                    None => {
                        let Some((unit, service)) = catalog.pair(pair) else {
                            return;
                        };
                        let cell = self.store.cell(CellKey {
                            unit,
                            service,
                            month,
                        });
                        months.push((month, cell));
                        cell
                    }
                };
                *recent = Some((month, cell));
                cell
            }
        };
        self.store.record_at(cell, slots);
    }
}

/// A record that passed the worker's checks or failed them after showing an id: the id check
/// (in its shard, in file order) decides between acceptance, a duplicate and the failure.
struct Probe {
    hash: u64,
    line: u64,
    at: Position,
    /// The id is `ids[previous probe's id_end..id_end]` of its batch.
    id_end: usize,
    outcome: Outcome,
}

enum Outcome {
    /// Counted by its worker in `cell`; its stars at `slots` in the batch's arena.
    Counted { cell: CellKey, slots: usize },
    /// Failed the field checks with the batch's `reasons[index]`.
    Failed(usize),
}

/// Where a record is in the file: its block's number and its number in the block (lines do not
/// order records: records ended by a lone `\r` share a line).
type Position = (u64, u64);

/// One block's probes for one shard.
#[derive(Default)]
struct ShardBatch {
    ids: Vec<u8>,
    probes: Vec<Probe>,
    slots: Vec<u8>,
    reasons: Vec<RejectReason>,
}

/// One shard of the seen ids while the reader runs, and what its id checks found.
struct ShardState {
    ids: IdShard,
    /// The next block (by number) this shard takes; later blocks wait in `pending`.
    next: u64,
    pending: BTreeMap<u64, ShardBatch>,
    accepted: u64,
    rejected: Vec<(Position, Rejection)>,
    /// The stars of duplicates their workers counted, taken back out at the end.
    retract: Cells,
    /// Checked batches, emptied, to be filled again.
    spare: Vec<ShardBatch>,
}

impl ShardState {
    fn new(ids: IdShard) -> Self {
        ShardState {
            ids,
            next: 0,
            pending: BTreeMap::new(),
            accepted: 0,
            rejected: Vec::new(),
            retract: Cells::default(),
            spare: Vec::new(),
        }
    }

    /// Takes block `seq`'s batch, and checks every batch whose turn has come, in block order.
    /// Returns an empty batch to fill next.
    fn offer(&mut self, seq: u64, batch: ShardBatch, q: &Questionnaire) -> ShardBatch {
        if seq != self.next {
            self.pending.insert(seq, batch);
        } else {
            self.check(batch, q);
            self.next += 1;
            while let Some(batch) = self.pending.remove(&self.next) {
                self.check(batch, q);
                self.next += 1;
            }
        }
        self.spare.pop().unwrap_or_default()
    }

    /// Checks a batch's ids in order, against the ids accepted before.
    fn check(&mut self, mut batch: ShardBatch, q: &Questionnaire) {
        let items = q.item_count();
        let mut start = 0;
        for group in batch.probes.chunks(32) {
            // start the group's cache misses together
            let mut touched = 0;
            for p in group {
                touched ^= self.ids.touch(p.hash);
            }
            std::hint::black_box(touched);
            for p in group {
                let id = batch.ids.get(start..p.id_end).unwrap_or(&[]);
                start = p.id_end;
                let reason = match p.outcome {
                    Outcome::Counted { cell, slots } => {
                        match self.ids.insert_new(id, p.hash, p.line) {
                            Ok(()) => {
                                self.accepted += 1;
                                continue;
                            }
                            Err(first) => {
                                let slots = batch.slots.get(slots..slots + items).unwrap_or(&[]);
                                // bounded by the records read: cannot overflow
                                let _ = self
                                    .retract
                                    .entry(cell)
                                    .or_insert_with(|| QuestionnaireTally::new(q))
                                    .record_slots(slots);
                                RejectReason::DuplicateResponseId { first }
                            }
                        }
                    }
                    Outcome::Failed(index) => match self.ids.get(id, p.hash) {
                        Some(first) => RejectReason::DuplicateResponseId { first },
                        None => batch
                            .reasons
                            .get_mut(index)
                            .map_or(RejectReason::NoAnswers, |r| {
                                std::mem::replace(r, RejectReason::NoAnswers)
                            }),
                    },
                };
                let response_id = String::from_utf8_lossy(id).into_owned();
                self.rejected.push((
                    p.at,
                    Rejection {
                        line: p.line,
                        response_id,
                        reason,
                    },
                ));
            }
        }
        batch.ids.clear();
        batch.probes.clear();
        batch.slots.clear();
        batch.reasons.clear();
        self.spare.push(batch);
    }
}

/// Offers a block's batches to their shards (those another thread holds, after the others).
/// Each shard hands back an empty batch (with room) in exchange, for the worker's next block.
fn offer_all(
    shards: &[Mutex<ShardState>],
    seq: u64,
    batches: &mut [ShardBatch],
    q: &Questionnaire,
) {
    let mut busy = Vec::new();
    for (shard, slot) in shards.iter().zip(batches.iter_mut()) {
        let batch = std::mem::take(slot);
        *slot = match shard.try_lock() {
            Ok(mut state) => state.offer(seq, batch, q),
            Err(std::sync::TryLockError::Poisoned(e)) => e.into_inner().offer(seq, batch, q),
            Err(std::sync::TryLockError::WouldBlock) => {
                busy.push((shard, slot, batch));
                continue;
            }
        };
    }
    for (shard, slot, batch) in busy {
        *slot = shard
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .offer(seq, batch, q);
    }
}

/// What a column holds, for [`Worker::fast_record`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Other,
    Id,
    Date,
    Unit,
    Service,
    /// The star of the item at this position in the questionnaire, on a scale of so many
    /// points.
    Item(u16, u8),
}

impl Role {
    /// Each column's role; `None` when a column has two (an item named like a required
    /// column), and then every record takes the long way.
    fn of(cols: &Columns, q: &Questionnaire) -> Option<Vec<Role>> {
        let mut roles = vec![Role::Other; cols.width];
        let mut set = |column: usize, role: Role| -> Option<()> {
            let slot = roles.get_mut(column)?;
            if *slot != Role::Other {
                return None;
            }
            *slot = role;
            Some(())
        };
        set(cols.id, Role::Id)?;
        set(cols.date, Role::Date)?;
        set(cols.unit, Role::Unit)?;
        set(cols.service, Role::Service)?;
        let points = q
            .instruments()
            .iter()
            .flat_map(|ins| ins.items().iter().map(|_| ins.scale().points()));
        for (k, (&column, points)) in cols.items.iter().zip(points).enumerate() {
            set(column, Role::Item(u16::try_from(k).ok()?, points))?;
        }
        Some(roles)
    }
}

impl Role {
    /// For each column, the four item columns that start there (see `Worker::quads`).
    fn quads(roles: &[Role]) -> Vec<Option<([u16; 4], u8)>> {
        (0..roles.len())
            .map(|c| {
                // a fifth column must follow: the fourth star ends at a comma
                let four = roles.get(c..c + 5)?;
                let mut items = [0u16; 4];
                let mut scale = None;
                for (slot, role) in items.iter_mut().zip(four) {
                    let Role::Item(k, points) = *role else {
                        return None;
                    };
                    if scale.is_some_and(|p| p != points) {
                        return None;
                    }
                    scale = Some(points);
                    *slot = k;
                }
                Some((items, scale?))
            })
            .collect()
    }
}

/// The stars of a word holding `d,d,d,d,` with each `d` a digit from 1 to `points`, or `None`.
/// Per byte and exact (no carry crosses a byte): "has between" of Bit Twiddling Hacks.
fn four_stars(word: u64, points: u8) -> Option<[u8; 4]> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const COMMAS: u64 = 0x2c00_2c00_2c00_2c00;
    const ODD: u64 = 0xff00_ff00_ff00_ff00;
    const DIGIT_TOPS: u64 = 0x0080_0080_0080_0080;
    if word & ODD != COMMAS || points > 9 {
        return None;
    }
    // bytes b with '0' < b < '0' + points + 1
    let (low, high) = (u64::from(b'0'), u64::from(b'0' + points + 1));
    let x = word & (ONES * 127);
    let between = (ONES * (127 + high) - x) & !word & (x + ONES * (127 - low)) & (ONES * 128);
    if between & DIGIT_TOPS != DIGIT_TOPS {
        return None;
    }
    // every digit byte is at least '1': no borrow crosses a byte
    let d = (word & !ODD) - ((ONES * u64::from(b'0')) & !ODD);
    Some([d as u8, (d >> 16) as u8, (d >> 32) as u8, (d >> 48) as u8])
}

/// A record [`Worker::fast_record`] accepted: its id (a range of the block) and cell.
struct Fast {
    id: Range<usize>,
    pair: u32,
    cell: CellKey,
}

/// Parses and validates records (all but the duplicate-id check), counts those that pass in
/// its own cells, and sorts the records that show an id into batches per id shard.
struct Worker<'a> {
    catalog: &'a Catalog,
    q: &'a Questionnaire,
    cols: &'a Columns,
    cells: WorkerCells,
    /// Records rejected before their id could be checked (malformed, wrong column count, no id).
    rejected: Vec<(Position, Rejection)>,
    /// The position of the next record.
    at: Position,
    parser: Parser,
    fields: Vec<Range<usize>>,
    slots: Vec<u8>,
    batches: Vec<ShardBatch>,
    /// Column roles for [`Worker::fast_record`] (`None`: no fast path).
    roles: Option<Vec<Role>>,
    /// Per column: when it and the next three are items on the same scale and another column
    /// follows, their positions in the questionnaire and the scale's points.
    quads: Vec<Option<([u16; 4], u8)>>,
    /// Months of the date cells the fast path read.
    dates: DateCache,
    /// The catalog's unit and service codes, for the fast path.
    units: CodeTable,
    services: CodeTable,
}

impl<'a> Worker<'a> {
    fn new(catalog: &'a Catalog, q: &'a Questionnaire, cols: &'a Columns) -> Self {
        Worker {
            catalog,
            q,
            cols,
            cells: WorkerCells::new(catalog, q),
            rejected: Vec::new(),
            at: (0, 0),
            parser: Parser::default(),
            fields: Vec::with_capacity(cols.width + 1),
            slots: Vec::with_capacity(q.item_count()),
            batches: Vec::new(),
            roles: Role::of(cols, q),
            quads: Role::of(cols, q).map_or_else(Vec::new, |roles| Role::quads(&roles)),
            dates: DateCache::default(),
            units: CodeTable::new(
                catalog
                    .unit_ids()
                    .map(|u| (u.0, catalog.unit(u).code().as_str().as_bytes())),
            ),
            services: CodeTable::new(
                catalog
                    .services()
                    .iter()
                    .zip(0u32..)
                    .map(|(s, i)| (i, s.code().as_str().as_bytes())),
            ),
        }
    }

    /// Checks a block, then offers its batches to the id shards.
    fn take(&mut self, block: &Block, shards: &[Mutex<ShardState>]) {
        let data = block.buf.get(..block.len).unwrap_or(&block.buf);
        self.check_block(block.seq, data, block.line, block.quoted);
        offer_all(shards, block.seq, &mut self.batches, self.q);
    }

    /// Checks a block into the batches, one per shard: each record in one pass when it is the
    /// usual kind ([`Worker::fast_record`]), the long way otherwise (through `csv-core` when
    /// the block holds a quote), each checked for UTF-8.
    fn check_block(&mut self, seq: u64, block: &[u8], mut line: u64, quoted: bool) {
        self.at = (seq, 0);
        self.batches.resize_with(SHARDS, ShardBatch::default);
        let mut parser = std::mem::take(&mut self.parser);
        let mut fields = std::mem::take(&mut self.fields);
        // `block[..valid]` is UTF-8: a record that ends there needs no check of its own (records
        // start and end at ASCII bytes); past an invalid byte, checking resumes at the next record
        let mut valid = utf8_prefix(block);
        let mut at = 0;
        while let Some(&b) = block.get(at) {
            if is_break(b) {
                line += u64::from(b == b'\n');
                at += 1;
                continue;
            }
            if let Some((end, breaks, fast)) = self.fast_record(block, at)
                && end <= valid
            {
                let position = self.at;
                self.at.1 += 1;
                let id = block.get(fast.id).unwrap_or(&[]);
                self.pass(line, position, id, Ok((fast.pair, fast.cell)));
                line += breaks;
                at = end;
                continue;
            }
            let rest = block.get(at..).unwrap_or(&[]);
            if quoted {
                let Some((consumed, unescaped)) = parser.parse(rest, true) else {
                    break;
                };
                let record = rest.get(..consumed).unwrap_or(rest);
                let raw = if unescaped { &parser.out[..] } else { record };
                let record_line = line;
                line += if unescaped {
                    memchr::memchr_iter(b'\n', record).count() as u64
                } else {
                    // an unquoted record holds no line break but its terminator
                    u64::from(record.last() == Some(&b'\n'))
                };
                at += consumed;
                // each field must be UTF-8: the unescaped fields stand side by side, where two
                // halves of a character in two fields would pass as one
                let text = simdutf8::basic::from_utf8(raw).ok().filter(|text| {
                    !unescaped
                        || parser
                            .fields
                            .iter()
                            .all(|f| text.is_char_boundary(f.start) && text.is_char_boundary(f.end))
                });
                self.check_record(record_line, text, raw, &parser.fields);
            } else {
                fields.clear();
                let end = split_line(rest, 0, &mut fields);
                let raw = rest.get(..end).unwrap_or(rest);
                at += end;
                self.check_record(line, simdutf8::basic::from_utf8(raw).ok(), raw, &fields);
            }
            if at > valid {
                valid = at + utf8_prefix(block.get(at..).unwrap_or(&[]));
            }
        }
        self.parser = parser;
        self.fields = fields;
    }

    /// The usual record, checked in one pass over its bytes in column order: `None` when
    /// anything is unusual (a check fails, a cell needs trimming or is quoted, a field count
    /// differs, ...), and [`Worker::check_record`] then takes the record and finds the reason.
    /// Quoted cells of columns that are not read (free text: notes, names) are the usual kind.
    /// Else the record's end (its line-break byte or the end of the block), the number of `\n`
    /// inside it (in quoted cells), and its id and cell, with its stars in `slots`.
    fn fast_record(&mut self, bytes: &[u8], start: usize) -> Option<(usize, u64, Fast)> {
        let roles = self.roles.as_deref()?;
        // every item's slot is written below (each item has its column)
        if self.slots.len() != self.q.item_count() {
            self.slots.clear();
            self.slots.resize(self.q.item_count(), 0);
        }
        let (mut id, mut month, mut unit, mut service) = (0..0, None, None, None);
        let mut answered = false;
        let mut breaks = 0;
        let mut at = start;
        let mut record_end = start;
        let last = roles.len().checked_sub(1)?;
        let mut column = 0;
        while let Some(&role) = roles.get(column) {
            // four stars and their commas in one word
            if let Some(&Some((items, points))) = self.quads.get(column)
                && let Some(stars) = bytes
                    .get(at..at + 8)
                    .and_then(|w| w.try_into().ok())
                    .and_then(|w| four_stars(u64::from_le_bytes(w), points))
            {
                for (&k, star) in items.iter().zip(stars) {
                    *self.slots.get_mut(usize::from(k))? = star;
                }
                answered = true;
                at += 8;
                column += 4;
                continue;
            }
            let end = match role {
                Role::Item(k, points) => {
                    let slot = self.slots.get_mut(usize::from(k))?;
                    match bytes.get(at) {
                        Some(&b) if b != b',' && !is_break(b) => {
                            // one digit (on a 10-point scale, b'0' + 10 is ':')
                            let star = b.wrapping_sub(b'0');
                            if !(1..=9).contains(&star) || star > points {
                                return None;
                            }
                            *slot = star;
                            answered = true;
                            at + 1
                        }
                        _ => {
                            *slot = 0;
                            at
                        }
                    }
                }
                Role::Other if bytes.get(at) == Some(&b'"') => {
                    // a block holds whole records: its end closes a quote
                    let end = quoted_end(bytes, at, true)?;
                    let cell = bytes.get(at..end)?;
                    if memchr::memchr2(b'\r', b'\n', cell).is_some() {
                        breaks += memchr::memchr_iter(b'\n', cell).count() as u64;
                    }
                    end
                }
                _ => {
                    let end = find_delimiter(bytes, at);
                    let field = bytes.get(at..end)?;
                    // a quoted cell that is read, or one that would need trimming, goes the
                    // long way
                    if !field
                        .first()
                        .is_some_and(|&b| b.is_ascii_graphic() && b != b'"')
                        || !field.last().is_some_and(u8::is_ascii_graphic)
                    {
                        if role != Role::Other {
                            return None;
                        }
                    } else {
                        match role {
                            Role::Id => id = at..end,
                            Role::Date => month = Some(self.dates.month(field)?),
                            Role::Unit => {
                                let code = self.units.get(field, |i| {
                                    self.catalog.unit(UnitId(i)).code().as_str().as_bytes()
                                })?;
                                unit = Some(UnitId(code));
                            }
                            Role::Service => {
                                let code = self.services.get(field, |i| {
                                    self.catalog
                                        .service(ServiceId(i))
                                        .code()
                                        .as_str()
                                        .as_bytes()
                                })?;
                                service = Some(ServiceId(code));
                            }
                            Role::Other | Role::Item(..) => {}
                        }
                    }
                    end
                }
            };
            match bytes.get(end) {
                Some(b',') if column < last => at = end + 1,
                Some(&b) if column == last && is_break(b) => record_end = end,
                None if column == last => record_end = end,
                _ => return None,
            }
            column += 1;
        }
        let (unit, service, month) = (unit?, service?, month?);
        if !answered || id.is_empty() {
            return None;
        }
        let pair = self.catalog.offer_pair(unit, service)?;
        Some((
            record_end,
            breaks,
            Fast {
                id,
                pair,
                cell: CellKey {
                    unit,
                    service,
                    month,
                },
            },
        ))
    }

    /// Checks one record (`raw`, its `text` when valid UTF-8, `fields` as byte ranges in it):
    /// rejects it here or counts it and hands its id to the id check.
    fn check_record(&mut self, line: u64, text: Option<&str>, raw: &[u8], fields: &[Range<usize>]) {
        let cols = self.cols;
        let at = self.at;
        self.at.1 += 1;
        let Some(text) = text else {
            let id = fields
                .get(cols.id)
                .and_then(|r| raw.get(r.clone()))
                .unwrap_or(b"");
            let id = String::from_utf8_lossy(id).trim().to_owned();
            self.reject(line, id, RejectReason::MalformedRecord);
            return;
        };
        let cell = |i: usize| -> &str {
            fields
                .get(i)
                .and_then(|r| text.get(r.clone()))
                .unwrap_or("")
        };
        if fields.len() != cols.width {
            let reason = RejectReason::WrongColumnCount {
                expected: cols.width,
                found: fields.len(),
            };
            self.reject(line, cell(cols.id).trim().to_owned(), reason);
            return;
        }
        let id = trim(cell(cols.id));
        if id.is_empty() {
            self.reject(line, String::new(), RejectReason::MissingResponseId);
            return;
        }
        let checked = check_fields(
            self.catalog,
            self.q,
            cell(cols.date),
            cell(cols.unit),
            cell(cols.service),
            |k| cols.items.get(k).map(|&c| cell(c)),
            &mut self.slots,
        )
        .map(|c| {
            let cell = CellKey {
                unit: c.unit,
                service: c.service,
                month: c.date.month_key(),
            };
            (c.pair, cell)
        });
        self.pass(line, at, id.as_bytes(), checked);
    }

    /// Counts a record that passed the field checks (its stars in `slots`) and hands its id to
    /// the id check, or hands over its id and the failure.
    fn pass(
        &mut self,
        line: u64,
        at: Position,
        id: &[u8],
        checked: Result<(u32, CellKey), RejectReason>,
    ) {
        let hash = hash_id(id);
        let Some(batch) = self.batches.get_mut(shard_of(hash)) else {
            return;
        };
        batch.ids.extend_from_slice(id);
        let outcome = match checked {
            Ok((pair, cell)) => {
                self.cells
                    .record(self.catalog, pair, cell.month, &self.slots);
                let slots = batch.slots.len();
                batch.slots.extend_from_slice(&self.slots);
                Outcome::Counted { cell, slots }
            }
            Err(reason) => {
                batch.reasons.push(reason);
                Outcome::Failed(batch.reasons.len() - 1)
            }
        };
        batch.probes.push(Probe {
            hash,
            line,
            at,
            id_end: batch.ids.len(),
            outcome,
        });
    }

    fn reject(&mut self, line: u64, response_id: String, reason: RejectReason) {
        let at = (self.at.0, self.at.1 - 1);
        self.rejected.push((
            at,
            Rejection {
                line,
                response_id,
                reason,
            },
        ));
    }
}

/// The length of the longest UTF-8 prefix of `bytes`.
fn utf8_prefix(bytes: &[u8]) -> usize {
    match simdutf8::compat::from_utf8(bytes) {
        Ok(_) => bytes.len(),
        Err(e) => e.valid_up_to(),
    }
}

/// Byte flags (the top bit of each byte) of the bytes of `word` equal to `b`, exactly.
fn bytes_equal(word: u64, b: u8) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let v = word ^ (0x0101_0101_0101_0101 * u64::from(b));
    !(((v & LOW7) + LOW7) | v) & !LOW7
}

/// A code as two words: its first and last 8 bytes (overlapping below 16 bytes), or its bytes
/// in one word below 8. With the length, exact up to 16 bytes.
fn code_key(code: &[u8]) -> (u64, u64) {
    let word = |b: Option<&[u8]>| {
        b.and_then(|b| b.try_into().ok())
            .map_or(0, u64::from_le_bytes)
    };
    if code.len() >= 8 {
        (word(code.get(..8)), word(code.get(code.len() - 8..)))
    } else {
        (
            code.iter().rev().fold(0, |w, &b| (w << 8) | u64::from(b)),
            0,
        )
    }
}

/// The catalog's codes of one kind, looked up by their bytes with a multiply-shift hash of two
/// words and no string comparison for codes of up to 16 bytes.
struct CodeTable {
    /// (key words, length, number); `u32::MAX` length: empty.
    slots: Vec<(u64, u64, u32, u32)>,
    shift: u32,
}

impl CodeTable {
    fn new<'c>(codes: impl Iterator<Item = (u32, &'c [u8])>) -> CodeTable {
        let codes: Vec<_> = codes.collect();
        let size = (codes.len() * 4).next_power_of_two().max(16);
        let mut table = CodeTable {
            slots: vec![(0, 0, u32::MAX, 0); size],
            shift: 64 - size.trailing_zeros(),
        };
        for (number, code) in codes {
            let Ok(len) = u32::try_from(code.len()) else {
                continue;
            };
            let (a, b) = code_key(code);
            let mask = size - 1;
            let mut i = table.index(a, b, len);
            while table.slots[i].2 != u32::MAX {
                i = (i + 1) & mask;
            }
            table.slots[i] = (a, b, len, number);
        }
        table
    }

    fn index(&self, a: u64, b: u64, len: u32) -> usize {
        let h = (a ^ b.rotate_left(29) ^ u64::from(len)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> self.shift) as usize
    }

    /// The number of the code, checked against `code_of(number)` when longer than 16 bytes.
    fn get<'c>(&self, code: &[u8], code_of: impl Fn(u32) -> &'c [u8]) -> Option<u32> {
        let len = u32::try_from(code.len()).ok()?;
        let (a, b) = code_key(code);
        let mask = self.slots.len() - 1;
        let mut i = self.index(a, b, len);
        loop {
            let &(sa, sb, slen, number) = self.slots.get(i)?;
            if slen == u32::MAX {
                return None;
            }
            if sa == a && sb == b && slen == len && (len <= 16 || code_of(number) == code) {
                return Some(number);
            }
            i = (i + 1) & mask;
        }
    }
}

/// The months of `YYYY-MM-DD` date cells, in a small direct-mapped cache (a file holds a few
/// hundred distinct dates).
struct DateCache {
    slots: Vec<(u64, u16, Month)>,
}

impl Default for DateCache {
    /// Empty: the slots are made by the first date (a reader of a small file, or of one whose
    /// dates all take the long way, needs none).
    fn default() -> Self {
        DateCache { slots: Vec::new() }
    }
}

impl DateCache {
    fn month(&mut self, cell: &[u8]) -> Option<Month> {
        if self.slots.is_empty() {
            self.slots = vec![(0, 0, Month { year: 0, month: 0 }); 1024];
        }
        let (Some(head), Some(tail)) = (cell.get(..8), cell.get(8..10)) else {
            return Date::parse_bytes(cell).map(Date::month_key);
        };
        if cell.len() != 10 {
            return None;
        }
        let a = u64::from_le_bytes(head.try_into().ok()?);
        let b = u16::from_le_bytes(tail.try_into().ok()?);
        let i = ((a ^ (u64::from(b) << 40)).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 54) as usize;
        let slot = self.slots.get_mut(i)?;
        // a cached cell has a non-zero first word (a date starts with a digit)
        if slot.0 == a && slot.1 == b && a != 0 {
            return Some(slot.2);
        }
        let month = Date::parse_bytes(cell)?.month_key();
        *slot = (a, b, month);
        Some(month)
    }
}

/// The first `,` or line-break byte at or after `at` (or the end of `bytes`), eight bytes at a
/// time.
fn find_delimiter(bytes: &[u8], mut at: usize) -> usize {
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let found = bytes_equal(word, b',') | bytes_equal(word, b'\n') | bytes_equal(word, b'\r');
        if found != 0 {
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    bytes
        .iter()
        .skip(at)
        .position(|&b| b == b',' || is_break(b))
        .map_or(bytes.len(), |p| at + p)
}

/// Splits the unquoted line starting at `bytes[start]` into `fields` at its commas; returns
/// where it ends (its line-break byte, or the end of `bytes`). Eight bytes at a time.
fn split_line(bytes: &[u8], start: usize, fields: &mut Vec<Range<usize>>) -> usize {
    let mut field = start;
    let mut at = start;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let mut found =
            bytes_equal(word, b',') | bytes_equal(word, b'\n') | bytes_equal(word, b'\r');
        while found != 0 {
            let pos = at + (found.trailing_zeros() / 8) as usize;
            found &= found - 1;
            fields.push(field..pos);
            if bytes[pos] != b',' {
                return pos;
            }
            field = pos + 1;
        }
        at += 8;
    }
    for (pos, &b) in bytes.iter().enumerate().skip(at) {
        if b == b',' {
            fields.push(field..pos);
            field = pos + 1;
        } else if is_break(b) {
            fields.push(field..pos);
            return pos;
        }
    }
    fields.push(field..bytes.len());
    bytes.len()
}

impl Survey<'_> {
    /// Reads a responses file and ingests every record, streaming, on
    /// [`ReadOptions::default`]'s threads; see [`Survey::read_csv_with`].
    ///
    /// # Errors
    ///
    /// As [`Survey::read_csv_with`].
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(feature = "serde")] {
    /// use persepsi::{Catalog, Questionnaire, Survey};
    ///
    /// let csv = "response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9\r\n\
    ///            R1,2025-01-05,KW-NTT-TU,UMUM-INFORMASI,4,4,3,4,4,3,4,4,4\r\n\
    ///            \r\n\
    ///            R2,2025-01-06,KW-NTT-TU,UMUM-INFORMASI,4,4,3,4,4,3,4,4,5\r\n";
    /// let (catalog, q) = (Catalog::kemenkum_2025(), Questionnaire::ikm());
    /// let mut survey = Survey::new(&catalog, &q);
    /// survey.read_csv(csv.as_bytes())?;
    /// let summary = survey.summary();
    /// assert_eq!((summary.seen, summary.accepted), (2, 1));
    /// assert_eq!(summary.rejected[0].line, 4); // the blank line 3 still counts
    /// assert_eq!(summary.rejected[0].reason.code(), "star_out_of_range");
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read_csv<R: Read>(&mut self, input: R) -> Result<(), ReadError> {
        self.read_csv_with(input, ReadOptions::default())
    }

    /// Reads a responses file and ingests every record, streaming: memory grows with the set of
    /// accepted ids and the list of rejections, not with the file.
    ///
    /// The format: RFC 4180 CSV as the `csv` crate reads it by default (`,` between fields, `"`
    /// quotes with `""` inside, records ending at `\n`, `\r\n` or `\r`), UTF-8, an optional
    /// byte-order mark, a header row. Columns are found by name (header cells trimmed; a repeated
    /// name: the first column counts), in any order: `response_id`, `date`, `unit`, `service`,
    /// and one column per item code of the questionnaire; other columns are ignored. Blank lines
    /// are not records. Each record is checked as [`Survey::ingest`] does, after two checks of
    /// its own: `malformed_record` (not UTF-8) and `wrong_column_count` (another number of fields
    /// than the header). Rejections carry the 1-based physical line the record starts on,
    /// counting every line break (LF or CRLF), including those inside quoted fields.
    ///
    /// Blocks of whole records are parsed and validated on `options`' threads; a record whose
    /// quotes sit in columns that are not read (free-text notes) costs about what a plain one
    /// costs. Duplicate ids are checked in file order within each of the id set's shards (an
    /// id's hash picks its shard), so the result, rejections in input order included, is the
    /// same for any number of threads and any block size.
    ///
    /// # Errors
    ///
    /// [`ReadError`] when there is no header row, the header is not UTF-8 or lacks a required
    /// column (or looks `;`-separated), or reading fails. Records read before an I/O error stay
    /// counted.
    pub fn read_csv_with<R: Read>(
        &mut self,
        input: R,
        options: ReadOptions,
    ) -> Result<(), ReadError> {
        let mut splitter = Splitter::new(input);
        // the header: the first record, after an optional byte-order mark and blank lines
        // up to two byte-order marks at the very start (a file two programs saved in turn);
        // after a blank line a mark is text (the header's first cell is trimmed of it below),
        // as in `tests/common/reference.rs`
        splitter.fill(6)?;
        for _ in 0..2 {
            if splitter.data().starts_with(b"\xef\xbb\xbf") {
                splitter.consume(3);
            }
        }
        let header_block = loop {
            splitter.fill(4096)?;
            let start = splitter.data().iter().position(|&b| !is_break(b));
            match start {
                None if splitter.eof => return Err(ReadError::NoHeader),
                None => splitter.consume(splitter.filled),
                Some(s) => {
                    splitter.consume(s);
                    let eof = splitter.eof;
                    let data = &splitter.buf[..splitter.filled];
                    match splitter.parser.parse(data, eof) {
                        Some((consumed, _)) => {
                            let header = data[..consumed.min(data.len())].to_vec();
                            splitter.consume(consumed);
                            break header;
                        }
                        None => {
                            let more = splitter.filled * 2;
                            splitter.fill(more)?;
                        }
                    }
                }
            }
        };
        let mut hp = Parser::default();
        let (_, quoted) = hp.parse(&header_block, true).ok_or(ReadError::NoHeader)?;
        let raw = if quoted {
            hp.out.clone()
        } else {
            header_block.clone()
        };
        let text = std::str::from_utf8(&raw).map_err(|_| ReadError::HeaderNotUtf8)?;
        let mut header = Vec::with_capacity(hp.fields.len());
        for (i, r) in hp.fields.iter().enumerate() {
            let cell = text.get(r.clone()).ok_or(ReadError::HeaderNotUtf8)?;
            let cell = if i == 0 {
                cell.trim_start_matches('\u{feff}')
            } else {
                cell
            };
            header.push(cell.trim().to_owned());
        }
        let column = |name: &str| -> Result<usize, ReadError> {
            header.iter().position(|h| h == name).ok_or_else(|| {
                let semicolons = header.iter().map(|h| h.matches(';').count()).sum();
                if header.len() == 1 && semicolons > 0 {
                    ReadError::Semicolons { semicolons }
                } else {
                    ReadError::MissingColumn {
                        column: name.to_owned(),
                    }
                }
            })
        };
        let mut cols = Columns {
            width: header.len(),
            id: column("response_id")?,
            date: column("date")?,
            unit: column("unit")?,
            service: column("service")?,
            items: Vec::with_capacity(self.questionnaire().item_count()),
        };
        for ins in self.questionnaire().instruments() {
            for item in ins.items() {
                cols.items.push(column(item.code().as_str())?);
            }
        }
        let (catalog, q) = (self.catalog(), self.questionnaire());
        let block_size = options.block.max(1);
        let threads = options.threads.get();
        let shards: Vec<Mutex<ShardState>> = self
            .seen_ids_mut()
            .take_shards()
            .into_iter()
            .map(|ids| Mutex::new(ShardState::new(ids)))
            .collect();
        let mut failure = None;
        let mut workers = Vec::with_capacity(threads);
        if threads == 1 {
            let mut worker = Worker::new(catalog, q, &cols);
            loop {
                match splitter.next_block(block_size) {
                    Ok(Some(block)) => {
                        worker.take(&block, &shards);
                        splitter.pool.push(block.buf);
                    }
                    Ok(None) => break,
                    Err(e) => {
                        failure = Some(e);
                        break;
                    }
                }
            }
            workers.push((worker.cells.store, worker.rejected));
        } else {
            let (job_tx, job_rx) = mpsc::sync_channel::<Block>(threads * 2);
            let (spent_tx, spent_rx) = mpsc::channel::<Vec<u8>>();
            let job_rx = Mutex::new(job_rx);
            std::thread::scope(|scope| {
                let handles: Vec<_> = (0..threads)
                    .map(|_| {
                        let (job_rx, spent_tx, cols, shards) =
                            (&job_rx, spent_tx.clone(), &cols, &shards);
                        scope.spawn(move || {
                            let mut worker = Worker::new(catalog, q, cols);
                            loop {
                                let job = match job_rx.lock() {
                                    Ok(rx) => rx.recv(),
                                    Err(_) => break,
                                };
                                let Ok(block) = job else { break };
                                worker.take(&block, shards);
                                let _ = spent_tx.send(block.buf);
                            }
                            (worker.cells.store, worker.rejected)
                        })
                    })
                    .collect();
                drop(spent_tx);
                loop {
                    // reuse the buffers the workers are done with (a few stay in flight)
                    while let Ok(buf) = spent_rx.try_recv() {
                        if splitter.pool.len() < 2 * threads + 2 {
                            splitter.pool.push(buf);
                        }
                    }
                    match splitter.next_block(block_size) {
                        Ok(Some(block)) => {
                            if job_tx.send(block).is_err() {
                                break;
                            }
                        }
                        Ok(None) => break,
                        Err(e) => {
                            failure = Some(e);
                            break;
                        }
                    }
                }
                drop(job_tx);
                for handle in handles {
                    if let Ok(result) = handle.join() {
                        workers.push(result);
                    }
                }
            });
        }
        // every block was offered to every shard: nothing is pending (checked anyway)
        let mut states: Vec<ShardState> = shards
            .into_iter()
            .map(|s| {
                s.into_inner()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
            })
            .collect();
        for state in &mut states {
            for (_, batch) in std::mem::take(&mut state.pending) {
                state.check(batch, q);
            }
        }
        // the rejections in one list made once (a file can have millions)
        let count = states.iter().map(|s| s.rejected.len()).sum::<usize>()
            + workers.iter().map(|(_, early)| early.len()).sum::<usize>();
        let (mut accepted, mut retract) = (0, Cells::default());
        let mut rejected = Vec::with_capacity(count);
        let mut ids = Vec::with_capacity(states.len());
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
            ids.push(state.ids);
        }
        self.seen_ids_mut().restore(ids);
        // the workers' cells, merged into the largest, which joins the survey's
        workers.sort_by_key(|(cells, _)| std::cmp::Reverse(cells.len()));
        let mut all: Option<CellStore> = None;
        for (cells, mut early) in workers {
            match &mut all {
                Some(all) => all.merge(&cells),
                None => all = Some(cells),
            }
            rejected.append(&mut early);
        }
        if let Some(all) = all {
            self.cells_mut().absorb(all);
        }
        // positions are distinct: an unstable sort gives the one order, in place
        rejected.sort_unstable_by_key(|&(at, _)| at);
        self.add_read(accepted, rejected.into_iter().map(|(_, r)| r).collect());
        for (key, tally) in &retract {
            // every retracted record was counted in this cell by a worker
            let _ = self.cells_mut().subtract(key, tally);
        }
        match failure {
            Some(e) => Err(ReadError::Io(e)),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod boundary_tests {
    use super::{Parser, is_break, last_boundary};
    use proptest::prelude::*;

    /// Where the last complete record ends, found by parsing every record with `csv-core`
    /// (what the splitter did before it looked at quotes alone).
    fn by_parsing(bytes: &[u8], eof: bool) -> (usize, bool) {
        let mut parser = Parser::default();
        let (mut at, mut boundary) = (0, 0);
        let cut = loop {
            while at < bytes.len() && is_break(bytes[at]) {
                at += 1;
            }
            if at >= bytes.len() {
                break if eof { bytes.len() } else { boundary.max(at) };
            }
            match parser.parse(&bytes[at..], eof) {
                Some((consumed, _)) => {
                    at += consumed;
                    boundary = at;
                }
                None => break boundary,
            }
        };
        (cut, memchr::memchr(b'"', bytes).is_some_and(|q| q < cut))
    }

    #[test]
    fn a_quote_opens_a_field_only_at_its_start() {
        let mut scratch = Vec::new();
        for (text, cut) in [
            (&b"a,\"x\ny\"\nb"[..], 8),
            (b"\"x\ny\"\nb", 6),
            (b"a\n\"x\ny", 2),
            (b"a\r\"x\ny", 2),
            (b"ab\"c\nd\"\n", 8),
            (b"\"a\"\"\n\"\"b\"\nc", 10),
            (b"\"a\"b\"c\nd", 7),
            (b"x\n\"a\"", 2),
        ] {
            let got = last_boundary(text, false, &mut scratch);
            assert_eq!(
                got,
                by_parsing(text, false),
                "{}",
                String::from_utf8_lossy(text)
            );
            assert_eq!(got.0, cut, "{}", String::from_utf8_lossy(text));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        /// Looking at quotes alone finds the same last record end as parsing every record.
        #[test]
        fn quotes_alone_find_the_last_record_end(
            bytes in proptest::collection::vec(
                prop::sample::select(vec![b'a', b',', b'"', b'"', b'\r', b'\n']),
                0..60,
            ),
            eof in any::<bool>(),
        ) {
            let mut scratch = Vec::new();
            let (cut, quoted) = last_boundary(&bytes, eof, &mut scratch);
            let (want, want_quoted) = by_parsing(&bytes, eof);
            // the same record end, or after the blank lines that follow it
            prop_assert!(cut >= want && bytes[want..cut].iter().all(|&b| is_break(b)), "{} {}", cut, want);
            prop_assert_eq!(quoted, want_quoted);
        }
    }
}

#[cfg(all(test, feature = "serde"))]
mod tests {
    use super::{WorkerCells, four_stars};

    #[test]
    fn four_stars_reads_exactly_the_usual_word() {
        let word = |s: &[u8; 8]| u64::from_le_bytes(*s);
        assert_eq!(four_stars(word(b"6,1,4,5,"), 6), Some([6, 1, 4, 5]));
        assert_eq!(four_stars(word(b"4,4,1,2,"), 4), Some([4, 4, 1, 2]));
        // off the scale, zero, not a digit, a missing comma, an empty cell, two digits
        for bad in [
            b"7,1,4,5,",
            b"6,0,4,5,",
            b"6,1,/,5,",
            b"6,1,4,:,",
            b"6;1,4,5,",
            b"6,1,4,5\n",
            b",1,4,5,6",
            b"10,1,4,5",
            b"6,1,4,5 ",
            b"\xb6,1,4,5,",
        ] {
            assert_eq!(
                four_stars(word(bad), 6),
                None,
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        // every byte value in every digit position
        for position in 0..4 {
            for b in 0..=255u8 {
                let mut w = *b"1,1,1,1,";
                w[2 * position] = b;
                let want = (b'1'..=b'5').contains(&b).then(|| {
                    let mut stars = [1u8; 4];
                    stars[position] = b - b'0';
                    stars
                });
                assert_eq!(four_stars(word(&w), 5), want, "byte {b} at {position}");
            }
        }
        assert_eq!(four_stars(word(b"1,1,1,1,"), 10), None);
    }
    use crate::catalog::Catalog;
    use crate::cells::CellStore;
    use crate::instrument::Questionnaire;
    use crate::period::Month;
    use crate::survey::CellKey;
    use proptest::prelude::*;

    proptest! {
        /// A worker's cells (found by pair and month, counted in place) add up to what counting
        /// each record in the survey's cells gives, and so do two workers merged.
        #[test]
        fn worker_cells_count_every_record(
            records in prop::collection::vec(
                (0u32..40, 1u8..=3, prop::collection::vec(0u8..=6, 13), any::<bool>()),
                0..80,
            ),
        ) {
            let (catalog, q) = (Catalog::kemenkum_2025(), Questionnaire::spkp_spak());
            let (mut a, mut b) = (WorkerCells::new(&catalog, &q), WorkerCells::new(&catalog, &q));
            let mut want = CellStore::new(&q);
            for (pair, month, stars, first) in &records {
                let month = Month { year: 2025, month: *month };
                let worker = if *first { &mut a } else { &mut b };
                worker.record(&catalog, *pair, month, stars);
                let (unit, service) = catalog.pair(*pair).expect("a pair of the catalog");
                want.record_slots(CellKey { unit, service, month }, stars);
            }
            let mut got = a.store;
            got.merge(&b.store);
            let groups = catalog.units().len();
            prop_assert_eq!(got.len(), want.len());
            prop_assert_eq!(
                got.totals(groups, |k| Some(k.unit.index())),
                want.totals(groups, |k| Some(k.unit.index()))
            );
        }
    }
}
