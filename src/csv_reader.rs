//! The streaming CSV reader for response files: a block splitter that follows the `csv` crate's
//! record rules exactly (it hands every record with a quote to `csv-core`, the `csv` crate's own
//! parser), workers that parse and validate blocks in parallel, and an in-order merge that checks
//! duplicate ids and counts.

use std::collections::BTreeMap;
use std::io::{self, Read};
use std::num::NonZeroUsize;
use std::ops::Range;
use std::sync::{Mutex, mpsc};

use crate::catalog::Catalog;
use crate::instrument::Questionnaire;
use crate::period::Month;
use crate::response::{RejectReason, check_fields, trim};
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
            threads: std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN),
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

/// Parses one record starting at `bytes[0]` (not a line-break byte) with `csv-core`, into
/// `out`/`ends` (cumulative field ends in `out`). Returns the bytes consumed, or `None` when the
/// record is not complete and more input may follow (`eof` false).
fn parse_quoted(
    bytes: &[u8],
    line: usize,
    eof: bool,
    out: &mut Vec<u8>,
    ends: &mut Vec<usize>,
) -> Option<usize> {
    // the unescaped record is never longer than its text, and has at most one field per byte + 1;
    // start from twice its first line and grow when csv-core asks
    let mut size = (2 * line).clamp(64, bytes.len().max(64));
    loop {
        out.resize(size, 0);
        ends.resize(size + 1, 0);
        let mut reader = csv_core::Reader::new();
        let (res, nin, nout, nend) = reader.read_record(bytes, out, ends);
        let done = match res {
            csv_core::ReadRecordResult::Record => Some((nin, nout, nend)),
            csv_core::ReadRecordResult::InputEmpty | csv_core::ReadRecordResult::End if eof => {
                let (res2, _, nout2, nend2) =
                    reader.read_record(&[], &mut out[nout..], &mut ends[nend..]);
                match res2 {
                    csv_core::ReadRecordResult::Record => Some((nin, nout + nout2, nend + nend2)),
                    _ => Some((nin, nout, nend)),
                }
            }
            csv_core::ReadRecordResult::InputEmpty | csv_core::ReadRecordResult::End => {
                return None;
            }
            csv_core::ReadRecordResult::OutputFull | csv_core::ReadRecordResult::OutputEndsFull => {
                None
            }
        };
        match done {
            Some((nin, nout, nend)) => {
                out.truncate(nout);
                ends.truncate(nend);
                return Some(nin);
            }
            None => {
                if size > bytes.len() + 1 {
                    // cannot happen: output never exceeds input; stop rather than loop
                    out.clear();
                    ends.clear();
                    return Some(bytes.len());
                }
                size = (size * 2).min(bytes.len() + 2);
            }
        }
    }
}

/// One record's fields: byte ranges into either the line itself (no quote in it) or the
/// unescaped `csv-core` output.
#[derive(Default)]
struct Parser {
    out: Vec<u8>,
    ends: Vec<usize>,
    fields: Vec<Range<usize>>,
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
        let consumed = parse_quoted(bytes, line, eof, &mut self.out, &mut self.ends)?;
        let mut start = 0;
        for &end in &self.ends {
            self.fields.push(start..end);
            start = end;
        }
        Some((consumed, true))
    }
}

/// The end of the last complete record in `bytes` (which starts at a record boundary), or 0.
fn last_boundary(bytes: &[u8], eof: bool, parser: &mut Parser) -> usize {
    if memchr::memchr(b'"', bytes).is_none() {
        // no quotes: every line break ends a record (or a blank line)
        return if eof {
            bytes.len()
        } else {
            memchr::memrchr2(b'\r', b'\n', bytes).map_or(0, |t| t + 1)
        };
    }
    let mut at = 0;
    let mut boundary = 0;
    loop {
        while at < bytes.len() && is_break(bytes[at]) {
            at += 1;
        }
        if at >= bytes.len() {
            return if eof { bytes.len() } else { boundary.max(at) };
        }
        match parser.parse(&bytes[at..], eof) {
            Some((consumed, _)) => {
                at += consumed;
                boundary = at;
            }
            None => return boundary,
        }
    }
}

/// Reads the input in blocks that end on record boundaries.
struct Splitter<R> {
    input: R,
    buf: Vec<u8>,
    eof: bool,
    /// Line of the first byte of `buf`.
    line: u64,
    parser: Parser,
}

impl<R: Read> Splitter<R> {
    fn fill(&mut self, want: usize) -> io::Result<()> {
        while !self.eof && self.buf.len() < want {
            let old = self.buf.len();
            self.buf.resize(want.max(old + 4096), 0);
            let n = loop {
                match self.input.read(&mut self.buf[old..]) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    other => break other,
                }
            };
            match n {
                Ok(0) => {
                    self.buf.truncate(old);
                    self.eof = true;
                }
                Ok(n) => self.buf.truncate(old + n),
                Err(e) => {
                    self.buf.truncate(old);
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    /// The next block of whole records (at least `size` bytes unless the input ends) and the
    /// line it starts on; `None` at the end.
    fn next_block(&mut self, size: usize) -> io::Result<Option<(Vec<u8>, u64)>> {
        let mut want = size;
        loop {
            self.fill(want)?;
            if self.buf.is_empty() {
                return Ok(None);
            }
            let cut = last_boundary(&self.buf, self.eof, &mut self.parser);
            if cut > 0 || self.eof {
                let cut = if cut == 0 { self.buf.len() } else { cut };
                let rest = self.buf.split_off(cut);
                let block = std::mem::replace(&mut self.buf, rest);
                let line = self.line;
                self.line += memchr::memchr_iter(b'\n', &block).count() as u64;
                return Ok(Some((block, line)));
            }
            // one record is longer than the buffer: read more
            want = self.buf.len() * 2;
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

/// What a worker found for one record, in file order.
enum Verdict {
    /// Rejected before the duplicate check (malformed, wrong column count, missing id).
    Early(u64, String, RejectReason),
    /// Has an id (`ids[start..end]`) and passed checks 4-9: counted by the worker in `cell`, its
    /// stars at `slots` in the block's slot arena.
    Counted {
        line: u64,
        start: u32,
        end: u32,
        cell: CellKey,
        slots: u32,
    },
    /// Has an id and failed checks 4-9 with `reasons[reason]`.
    Failed {
        line: u64,
        start: u32,
        end: u32,
        reason: u32,
    },
}

struct BlockResult {
    verdicts: Vec<Verdict>,
    ids: String,
    slots: Vec<u8>,
    reasons: Vec<RejectReason>,
}

/// A worker's own tallies, counted as it checks records (records that the in-order merge then
/// finds to be duplicates are retracted from the total). Per offered (unit, service) pair, the
/// months seen and where their counts are in one flat arena, so that counting a record is a
/// short scan and a few adds in one place, with no hash lookup and no pointer chasing.
///
/// A cell's counts are, per instrument: its items' histograms `[missing, 1..=k]`, then
/// `[n, sum, sum of squares]` of the star totals per number of answered items (a worker counts
/// far fewer than 2^40 records, so these fit `u64`).
struct WorkerCells {
    by_pair: Vec<Vec<(Month, usize)>>,
    counts: Vec<u64>,
    /// (first item slot in the questionnaire's stars, items, width k + 1) per instrument
    layout: Vec<(usize, usize, usize)>,
    stride: usize,
}

impl WorkerCells {
    fn new(catalog: &Catalog, q: &Questionnaire) -> WorkerCells {
        let mut layout = Vec::new();
        let (mut item, mut stride) = (0, 0);
        for ins in q.instruments() {
            let (items, width) = (ins.items().len(), usize::from(ins.scale().points()) + 1);
            layout.push((item, items, width));
            item += items;
            stride += items * width + 3 * (items + 1);
        }
        WorkerCells {
            by_pair: vec![Vec::new(); catalog.pair_count()],
            counts: Vec::new(),
            layout,
            stride,
        }
    }

    fn record(&mut self, pair: u32, month: Month, slots: &[u8]) {
        let Some(months) = self.by_pair.get_mut(pair as usize) else {
            return;
        };
        // files are mostly in date order: the month is usually the last one seen
        let base = match months.iter().rev().find(|(m, _)| *m == month) {
            Some(&(_, base)) => base,
            None => {
                let base = self.counts.len();
                self.counts.resize(base + self.stride, 0);
                months.push((month, base));
                base
            }
        };
        let Some(cell) = self.counts.get_mut(base..base + self.stride) else {
            return;
        };
        let mut at = 0;
        // a worker counts fewer than 2^40 records: no count or sum can overflow
        for &(first, items, width) in &self.layout {
            let (histograms, rest) = cell[at..].split_at_mut(items * width);
            let (mut answered, mut total) = (0usize, 0u64);
            for (row, &s) in histograms
                .chunks_exact_mut(width)
                .zip(&slots[first..first + items])
            {
                row[usize::from(s).min(width - 1)] += 1;
                answered += usize::from(s != 0);
                total += u64::from(s);
            }
            if let Some(m) = rest.get_mut(3 * answered..3 * answered + 3) {
                m[0] += 1;
                m[1] += total;
                m[2] += total * total;
            }
            at += items * width + 3 * (items + 1);
        }
    }

    fn add_into(self, catalog: &Catalog, q: &Questionnaire, cells: &mut Cells) {
        for (pair, months) in self.by_pair.into_iter().enumerate() {
            let Some((unit, service)) = catalog.pair(pair as u32) else {
                continue;
            };
            for (month, base) in months {
                let Some(cell) = self.counts.get(base..base + self.stride) else {
                    continue;
                };
                let tally = QuestionnaireTally::from_flat(q, cell, &self.layout);
                // bounded by the records read: no overflow
                let _ = cells
                    .entry(CellKey {
                        unit,
                        service,
                        month,
                    })
                    .or_default()
                    .merge(&tally);
            }
        }
    }
}

/// Parses and validates every record of a block (all but the duplicate-id check) and counts the
/// records that pass into `cells`.
fn check_block(
    block: &[u8],
    first_line: u64,
    catalog: &Catalog,
    q: &Questionnaire,
    cols: &Columns,
    cells: &mut WorkerCells,
) -> BlockResult {
    let mut parser = Parser::default();
    let mut result = BlockResult {
        verdicts: Vec::new(),
        ids: String::new(),
        slots: Vec::new(),
        reasons: Vec::new(),
    };
    let mut slots = Vec::with_capacity(q.item_count());
    let mut line = first_line;
    let mut at = 0;
    loop {
        while at < block.len() && is_break(block[at]) {
            line += u64::from(block[at] == b'\n');
            at += 1;
        }
        if at >= block.len() {
            break;
        }
        let Some((consumed, quoted)) = parser.parse(&block[at..], true) else {
            break;
        };
        let record = &block[at..at + consumed];
        let raw = if quoted { &parser.out[..] } else { record };
        let record_line = line;
        line += if quoted {
            memchr::memchr_iter(b'\n', record).count() as u64
        } else {
            // an unquoted record holds no line break but its terminator
            u64::from(record.last() == Some(&b'\n'))
        };
        at += consumed;

        // fields are split at ASCII delimiters, so a record that is valid UTF-8 has valid fields
        let text = simdutf8::basic::from_utf8(raw).ok();
        let field = |i: usize| -> Option<&str> { text?.get(parser.fields.get(i)?.clone()) };
        if text.is_none() {
            let id = parser
                .fields
                .get(cols.id)
                .and_then(|r| raw.get(r.clone()))
                .unwrap_or(b"");
            let id = String::from_utf8_lossy(id).trim().to_owned();
            result.verdicts.push(Verdict::Early(
                record_line,
                id,
                RejectReason::MalformedRecord,
            ));
            continue;
        }
        let cell = |i: usize| field(i).unwrap_or("");
        if parser.fields.len() != cols.width {
            let reason = RejectReason::WrongColumnCount {
                expected: cols.width,
                found: parser.fields.len(),
            };
            result.verdicts.push(Verdict::Early(
                record_line,
                cell(cols.id).trim().to_owned(),
                reason,
            ));
            continue;
        }
        let id = trim(cell(cols.id));
        if id.is_empty() {
            result.verdicts.push(Verdict::Early(
                record_line,
                String::new(),
                RejectReason::MissingResponseId,
            ));
            continue;
        }
        let checked = check_fields(
            catalog,
            q,
            cell(cols.date),
            cell(cols.unit),
            cell(cols.service),
            |k| cols.items.get(k).map(|&c| cell(c)),
            &mut slots,
        );
        // a block is at most a few hundred MiB (one record longer than the block size makes it
        // longer): offsets fit u32
        let start = result.ids.len() as u32;
        result.ids.push_str(id);
        let end = result.ids.len() as u32;
        match checked {
            Ok(c) => {
                let key = CellKey {
                    unit: c.unit,
                    service: c.service,
                    month: c.date.month_key(),
                };
                cells.record(c.pair, key.month, &slots);
                let at = result.slots.len() as u32;
                result.slots.extend_from_slice(&slots);
                result.verdicts.push(Verdict::Counted {
                    line: record_line,
                    start,
                    end,
                    cell: key,
                    slots: at,
                });
            }
            Err(reason) => {
                let index = result.reasons.len() as u32;
                result.reasons.push(reason);
                result.verdicts.push(Verdict::Failed {
                    line: record_line,
                    start,
                    end,
                    reason: index,
                });
            }
        }
    }
    result
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
    /// Blocks of whole records are parsed and validated on `options`' threads; duplicate ids are
    /// checked and records counted in file order on the calling thread, so the result is the
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
        let mut splitter = Splitter {
            input,
            buf: Vec::new(),
            eof: false,
            line: 1,
            parser: Parser::default(),
        };
        // the header: the first record, after an optional byte-order mark and blank lines
        splitter.fill(3)?;
        if splitter.buf.starts_with(b"\xef\xbb\xbf") {
            splitter.buf.drain(..3);
        }
        let header_block = loop {
            splitter.fill(4096)?;
            let start = splitter.buf.iter().position(|&b| !is_break(b));
            match start {
                None if splitter.eof => return Err(ReadError::NoHeader),
                None => {
                    let n = splitter.buf.len();
                    splitter.line += memchr::memchr_iter(b'\n', &splitter.buf).count() as u64;
                    splitter.buf.drain(..n);
                }
                Some(s) => {
                    splitter.line += memchr::memchr_iter(b'\n', &splitter.buf[..s]).count() as u64;
                    splitter.buf.drain(..s);
                    match splitter.parser.parse(&splitter.buf, splitter.eof) {
                        Some((consumed, _)) => {
                            let rest = splitter.buf.split_off(consumed);
                            let header = std::mem::replace(&mut splitter.buf, rest);
                            splitter.line += memchr::memchr_iter(b'\n', &header).count() as u64;
                            break header;
                        }
                        None => {
                            let more = splitter.buf.len() * 2;
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
        if options.threads.get() == 1 {
            let (mut cells, mut retract) = (WorkerCells::new(catalog, q), Cells::default());
            let mut read = || -> Result<(), ReadError> {
                while let Some((block, line)) = splitter.next_block(block_size)? {
                    let result = check_block(&block, line, catalog, q, &cols, &mut cells);
                    self.merge_block(result, &mut retract);
                }
                Ok(())
            };
            let outcome = read();
            let mut all = Cells::default();
            cells.add_into(catalog, q, &mut all);
            self.add_cells(all, &retract);
            return outcome;
        }
        let threads = options.threads.get();
        let (job_tx, job_rx) = mpsc::sync_channel::<(u64, Vec<u8>, u64)>(threads * 2);
        let (done_tx, done_rx) = mpsc::channel::<(u64, BlockResult)>();
        let job_rx = Mutex::new(job_rx);
        std::thread::scope(|scope| -> Result<(), ReadError> {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    let (job_rx, done_tx, cols) = (&job_rx, done_tx.clone(), &cols);
                    scope.spawn(move || {
                        let mut cells = WorkerCells::new(catalog, q);
                        loop {
                            let job = match job_rx.lock() {
                                Ok(rx) => rx.recv(),
                                Err(_) => break,
                            };
                            let Ok((seq, block, line)) = job else { break };
                            let result = check_block(&block, line, catalog, q, cols, &mut cells);
                            if done_tx.send((seq, result)).is_err() {
                                break;
                            }
                        }
                        cells
                    })
                })
                .collect();
            drop(done_tx);
            let mut pending: BTreeMap<u64, BlockResult> = BTreeMap::new();
            let (mut sent, mut merged) = (0u64, 0u64);
            let mut retract = Cells::default();
            let merge_ready = |survey: &mut Self,
                               pending: &mut BTreeMap<u64, BlockResult>,
                               merged: &mut u64,
                               retract: &mut Cells| {
                while let Some(result) = pending.remove(merged) {
                    survey.merge_block(result, retract);
                    *merged += 1;
                }
            };
            let mut failure = None;
            loop {
                match splitter.next_block(block_size) {
                    Ok(Some((block, line))) => {
                        if job_tx.send((sent, block, line)).is_err() {
                            break;
                        }
                        sent += 1;
                    }
                    Ok(None) => break,
                    Err(e) => {
                        failure = Some(e);
                        break;
                    }
                }
                while let Ok((seq, result)) = done_rx.try_recv() {
                    pending.insert(seq, result);
                }
                merge_ready(self, &mut pending, &mut merged, &mut retract);
            }
            drop(job_tx);
            while merged < sent {
                let Ok((seq, result)) = done_rx.recv() else {
                    break;
                };
                pending.insert(seq, result);
                merge_ready(self, &mut pending, &mut merged, &mut retract);
            }
            let mut all = Cells::default();
            for worker in workers {
                if let Ok(cells) = worker.join() {
                    cells.add_into(catalog, q, &mut all);
                }
            }
            self.add_cells(all, &retract);
            match failure {
                Some(e) => Err(ReadError::Io(e)),
                None => Ok(()),
            }
        })
    }

    /// Applies a block's verdicts in order: the duplicate-id check, and the retraction of a
    /// duplicate that its worker counted.
    fn merge_block(&mut self, mut result: BlockResult, retract: &mut Cells) {
        let items = self.questionnaire().item_count();
        for verdict in result.verdicts {
            match verdict {
                Verdict::Early(line, id, reason) => self.reject(line, &id, reason),
                Verdict::Counted {
                    line,
                    start,
                    end,
                    cell,
                    slots,
                } => {
                    let id = result.ids.get(start as usize..end as usize).unwrap_or("");
                    let at = slots as usize;
                    let slots = result.slots.get(at..at + items).unwrap_or(&[]);
                    self.admit_counted(line, id, cell, slots, retract);
                }
                Verdict::Failed {
                    line,
                    start,
                    end,
                    reason,
                } => {
                    let id = result.ids.get(start as usize..end as usize).unwrap_or("");
                    let reason = std::mem::replace(
                        &mut result.reasons[reason as usize],
                        RejectReason::NoAnswers,
                    );
                    let _ = self.admit(line, id, Err::<(), _>(reason));
                }
            }
        }
    }
}
