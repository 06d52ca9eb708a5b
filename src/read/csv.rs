//! The `csv-core` glue: one record parsed at a time by a pooled `csv-core` reader, and where the
//! last whole record of a buffer ends, found from the quotes alone.

use std::ops::Range;
use std::sync::Mutex;

pub(super) fn is_break(b: u8) -> bool {
    b == b'\r' || b == b'\n'
}

/// Puts a `csv-core` reader back at the start of a record, as a reader in the middle of a file
/// is: its DFA (built once, which costs far more than a record) kept, and a leading UTF-8
/// byte-order mark read as text, as the `csv` crate reads one after the first record.
pub(super) fn fresh(reader: &mut csv_core::Reader) {
    reader.reset();
    // a call with no room for output reads nothing and changes no state but "has read", which
    // stops the byte-order mark from being skipped
    let _ = reader.read_record(b"\n", &mut [], &mut []);
}

/// Parses one record starting at `bytes[0]` (not a line-break byte) with `csv-core`, into
/// `out`/`ends` (cumulative field ends in `out`). Returns the bytes consumed, or `None` when the
/// record is not complete and more input may follow (`eof` false).
pub(super) fn parse_quoted(
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
pub(super) struct Parser {
    /// Taken from [`BUILT`] at the first quoted record, and given back when the parser is
    /// dropped.
    pub(super) csv: Option<csv_core::Reader>,
    pub(super) out: Vec<u8>,
    pub(super) ends: Vec<usize>,
    pub(super) fields: Vec<Range<usize>>,
}

/// `csv-core` readers built before and free again: building one's DFA costs some 30 us, a
/// hundred records' worth, and a program that reads many small files would pay it for each.
/// (A clone of a built reader is not one: `csv-core` 0.1's `Clone` of its DFA copies the
/// transitions only.) Every use starts with [`fresh`], so a reader's past does not matter.
pub(super) static BUILT: Mutex<Vec<csv_core::Reader>> = Mutex::new(Vec::new());

/// The reader in `slot`, taken from [`BUILT`] (or built) when there is none.
// `csv_core::Reader::default()` is not `new()`: it builds no DFA
#[allow(clippy::unwrap_or_default)]
pub(super) fn built(slot: &mut Option<csv_core::Reader>) -> &mut csv_core::Reader {
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
    pub(super) fn parse(&mut self, bytes: &[u8], eof: bool) -> Option<(usize, bool)> {
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
pub(super) fn last_boundary(
    bytes: &[u8],
    eof: bool,
    outside: &mut Vec<Range<usize>>,
) -> (usize, bool) {
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
pub(super) fn quoted_end(bytes: &[u8], open: usize, eof: bool) -> Option<usize> {
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
