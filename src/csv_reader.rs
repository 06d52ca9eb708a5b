//! The streaming CSV reader for response files.

use std::collections::VecDeque;
use std::io::{self, Read};

use crate::response::RejectReason;
use crate::survey::Survey;

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

/// Wraps the input and remembers where runs of line-break bytes (`\r`, `\n`) are, so that a
/// record's 1-based physical line can be derived from its byte offset (the `csv` crate's own line
/// count is off after CRLF and blank lines, and its record position points into the terminator
/// before the record). Only the runs not yet passed by a record are kept: memory stays bounded by
/// the reader's buffer and the current record.
struct LineTracker<R> {
    inner: R,
    offset: u64,
    /// Maximal runs of `\r`/`\n` bytes: (first byte, one past the last byte, number of `\n`).
    runs: VecDeque<(u64, u64, u64)>,
    /// Line breaks in runs already passed.
    passed: u64,
}

impl<R: Read> Read for LineTracker<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for i in memchr::memchr2_iter(b'\r', b'\n', &buf[..n]) {
            let at = self.offset + i as u64;
            let newline = u64::from(buf[i] == b'\n');
            match self.runs.back_mut() {
                Some(run) if run.1 == at => {
                    run.1 += 1;
                    run.2 += newline;
                }
                _ => self.runs.push_back((at, at + 1, newline)),
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

impl<R> LineTracker<R> {
    /// The 1-based line of a record whose `csv` position is `offset` (offsets only grow). The
    /// record starts at the first byte at or after `offset` that is not a line-break byte.
    fn line_at(&mut self, offset: u64) -> u64 {
        while let Some(&(start, _, newlines)) = self.runs.front() {
            if start > offset {
                break;
            }
            self.passed += newlines;
            self.runs.pop_front();
        }
        self.passed + 1
    }
}

impl Survey<'_> {
    /// Reads a responses file and ingests every record, streaming (memory grows with the set of
    /// accepted ids and the list of rejections, not with the file).
    ///
    /// The format: RFC 4180 CSV, UTF-8, an optional byte-order mark, a header row. Columns are
    /// found by name (header cells trimmed; a repeated name: the first column counts), in any
    /// order: `response_id`, `date`, `unit`, `service`, and one column per item code of the
    /// questionnaire; other columns are ignored. Blank lines are not records. Each record is
    /// checked as [`Survey::ingest`] does, after two checks of its own: `malformed_record` (not
    /// UTF-8) and `wrong_column_count` (another number of fields than the header). Rejections
    /// carry the 1-based physical line the record starts on, counting every line break (LF or
    /// CRLF), including those inside quoted fields.
    ///
    /// # Errors
    ///
    /// [`ReadError`] when there is no header row, the header is not UTF-8 or lacks a required
    /// column (or looks `;`-separated), or reading fails. Records read before an I/O error stay
    /// counted.
    ///
    /// # Examples
    ///
    /// ```
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
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read_csv<R: Read>(&mut self, input: R) -> Result<(), ReadError> {
        let tracker = LineTracker {
            inner: input,
            offset: 0,
            runs: VecDeque::new(),
            passed: 0,
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(tracker);
        let mut record = csv::ByteRecord::new();

        if !read_record(&mut reader, &mut record)? {
            return Err(ReadError::NoHeader);
        }
        let mut header = Vec::with_capacity(record.len());
        for (i, field) in record.iter().enumerate() {
            let text = std::str::from_utf8(field).map_err(|_| ReadError::HeaderNotUtf8)?;
            let text = if i == 0 {
                text.trim_start_matches('\u{feff}')
            } else {
                text
            };
            header.push(text.trim().to_owned());
        }
        if header.len() == 1 && header[0].is_empty() {
            return Err(ReadError::NoHeader);
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
        let id_col = column("response_id")?;
        let date_col = column("date")?;
        let unit_col = column("unit")?;
        let service_col = column("service")?;
        let mut item_cols = Vec::with_capacity(self.questionnaire().item_count());
        for ins in self.questionnaire().instruments() {
            for item in ins.items() {
                item_cols.push(column(item.code().as_str())?);
            }
        }
        let width = header.len();

        while read_record(&mut reader, &mut record)? {
            let line = record
                .position()
                .map_or(0, |p| reader.get_mut().line_at(p.byte()));
            let text = |col: usize| -> &str {
                record
                    .get(col)
                    .and_then(|b| std::str::from_utf8(b).ok())
                    .unwrap_or("")
            };
            if record.iter().any(|f| std::str::from_utf8(f).is_err()) {
                let id = record
                    .get(id_col)
                    .map(String::from_utf8_lossy)
                    .unwrap_or_default();
                self.reject(line, &id, RejectReason::MalformedRecord);
                continue;
            }
            if record.len() != width {
                self.reject(
                    line,
                    text(id_col),
                    RejectReason::WrongColumnCount {
                        expected: width,
                        found: record.len(),
                    },
                );
                continue;
            }
            let cols = &item_cols;
            let _ = self.ingest_fields(
                line,
                text(id_col),
                text(date_col),
                text(unit_col),
                text(service_col),
                |k| cols.get(k).map(|&c| text(c)),
            );
        }
        Ok(())
    }
}

/// Reads the next record; `Ok(false)` at the end. A `csv` parse error other than I/O cannot
/// happen with `flexible(true)` on bytes; it is reported as I/O to be safe.
fn read_record<R: Read>(
    reader: &mut csv::Reader<R>,
    record: &mut csv::ByteRecord,
) -> Result<bool, ReadError> {
    reader
        .read_byte_record(record)
        .map_err(|e| match e.into_kind() {
            csv::ErrorKind::Io(io) => ReadError::Io(io),
            other => ReadError::Io(io::Error::other(format!("{other:?}"))),
        })
}
