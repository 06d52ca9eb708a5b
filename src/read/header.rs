//! The header row: the columns a responses file must have, found by name.

use std::io::Read;
use std::ops::Range;

use super::csv::is_break;
use super::error::ReadError;
use super::split::Splitter;
use crate::instrument::Questionnaire;

/// Where the needed columns are.
pub(super) struct Columns {
    pub(super) width: usize,
    pub(super) id: usize,
    pub(super) date: usize,
    pub(super) unit: usize,
    pub(super) service: usize,
    /// One column per item, in questionnaire order.
    pub(super) items: Vec<usize>,
    /// One column per profile column asked for, in the order asked.
    pub(super) profile: Vec<usize>,
    /// A test's header turned the fast path off (a column named [`super::tests::SLOW_ONLY`]).
    #[cfg(test)]
    pub(super) slow_only: bool,
}

/// Reads the header, the first record after up to two byte-order marks and blank lines, and
/// finds the columns the questionnaire needs and the profile columns asked for. A mark after a blank line is text (the header's
/// first cell is trimmed of it), as in `tests/common/reference.rs`: a file two programs saved
/// in turn can start with two.
///
/// # Errors
///
/// [`ReadError::NoHeader`], [`ReadError::HeaderNotUtf8`], [`ReadError::MissingColumn`] or
/// [`ReadError::Semicolons`], and I/O errors.
pub(super) fn read_header<R: Read>(
    splitter: &mut Splitter<R>,
    q: &Questionnaire,
    profile: &[String],
) -> Result<Columns, ReadError> {
    splitter.fill(6)?;
    for _ in 0..2 {
        if splitter.data().starts_with(b"\xef\xbb\xbf") {
            splitter.consume(3);
        }
    }
    let header = loop {
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
                    Some((consumed, quoted)) => {
                        // the fields are ranges of the line, or of the unescaped text
                        let parser = &splitter.parser;
                        let raw = if quoted { &parser.out[..] } else { data };
                        let header = cells(raw, &parser.fields)?;
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
        items: Vec::with_capacity(q.item_count()),
        profile: Vec::with_capacity(profile.len()),
        #[cfg(test)]
        slow_only: header.iter().any(|h| h == super::tests::SLOW_ONLY),
    };
    for ins in q.instruments() {
        for item in ins.items() {
            cols.items.push(column(item.code().as_str())?);
        }
    }
    for name in profile {
        cols.profile.push(column(name)?);
    }
    Ok(cols)
}

/// The header's cells, trimmed (the first also of a byte-order mark that followed a blank line).
fn cells(raw: &[u8], fields: &[Range<usize>]) -> Result<Vec<String>, ReadError> {
    let mut header = Vec::with_capacity(fields.len());
    for (i, r) in fields.iter().enumerate() {
        let cell = raw.get(r.clone()).ok_or(ReadError::HeaderNotUtf8)?;
        let cell = std::str::from_utf8(cell).map_err(|_| ReadError::HeaderNotUtf8)?;
        let cell = if i == 0 {
            cell.trim_start_matches('\u{feff}')
        } else {
            cell
        };
        header.push(cell.trim().to_owned());
    }
    Ok(header)
}
