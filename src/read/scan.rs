//! Scanning bytes a word at a time: UTF-8 prefixes, delimiters, and the fields of an unquoted
//! line (the worker's long way and the fast path both scan with these).

use std::ops::Range;

use super::csv::is_break;

/// The length of the longest UTF-8 prefix of `bytes`.
pub(super) fn utf8_prefix(bytes: &[u8]) -> usize {
    match simdutf8::compat::from_utf8(bytes) {
        Ok(_) => bytes.len(),
        Err(e) => e.valid_up_to(),
    }
}

/// Byte flags (the top bit of each byte) of the bytes of `word` equal to `b`, exactly.
pub(super) fn bytes_equal(word: u64, b: u8) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let v = word ^ (0x0101_0101_0101_0101 * u64::from(b));
    !(((v & LOW7) + LOW7) | v) & !LOW7
}

/// The first `,` or line-break byte at or after `at` (or the end of `bytes`), eight bytes at a
/// time.
pub(super) fn find_delimiter(bytes: &[u8], mut at: usize) -> usize {
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
pub(super) fn split_line(bytes: &[u8], start: usize, fields: &mut Vec<Range<usize>>) -> usize {
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
