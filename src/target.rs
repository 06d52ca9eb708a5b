//! Respondent targets: how many responses a unit means to collect in a period (Kemenkum's
//! 2025/2026 guidance asks every unit to set one), read from a targets file.

#[cfg(feature = "csv")]
use std::collections::HashMap;

#[cfg(feature = "csv")]
use crate::catalog::Catalog;
use crate::catalog::UnitId;
use crate::code::UnitCode;
use crate::period::Period;

/// One unit's respondent target for one period, as a targets file lists it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Target {
    unit: UnitId,
    code: UnitCode,
    period: Period,
    respondents: u64,
    line: u64,
}

impl Target {
    /// The unit.
    #[must_use]
    pub fn unit(&self) -> UnitId {
        self.unit
    }

    /// The unit's code.
    #[must_use]
    pub fn code(&self) -> &UnitCode {
        &self.code
    }

    /// The period the target is for.
    #[must_use]
    pub fn period(&self) -> Period {
        self.period
    }

    /// The respondents the unit means to reach (at least 1).
    #[must_use]
    pub fn respondents(&self) -> u64 {
        self.respondents
    }

    /// The line of the targets file the target was read from (lines end at `\n`, `\r\n` or
    /// a lone `\r`; the first line is 1).
    #[must_use]
    pub fn line(&self) -> u64 {
        self.line
    }
}

/// What is wrong with a line of a targets file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TargetErrorKind {
    /// The file is empty: it has no header.
    #[error("the file has no header row (unit,period,respondents)")]
    NoHeader,
    /// The header lacks a required column.
    #[error("the header lacks the column {name:?}")]
    MissingColumn {
        /// The column: `unit`, `period` or `respondents`.
        name: &'static str,
    },
    /// The line is not UTF-8 text.
    #[error("the line is not UTF-8 text")]
    NotText,
    /// A quote opened on the line is never closed: the rest of the file would be one cell.
    #[error("a quote opened on this line is never closed")]
    UnclosedQuote,
    /// The line has fewer cells than the header's columns it needs.
    #[error("the line has {fields} of the {needed} cells its columns need")]
    ShortRow {
        /// Cells on the line.
        fields: usize,
        /// Cells the needed columns take.
        needed: usize,
    },
    /// No unit of the catalog has this code.
    #[error("unknown unit {code:?}")]
    UnknownUnit {
        /// The cell's text.
        code: String,
    },
    /// The period is not written `2025`, `2025-S1`, `2025-Q3` or `2025-07`.
    #[error("{text:?} is not a period written YYYY, YYYY-S1..S2, YYYY-Q1..Q4 or YYYY-MM")]
    BadPeriod {
        /// The cell's text.
        text: String,
    },
    /// The target is not a whole number of respondents of at least 1.
    #[error("{text:?} is not a target of 1 or more respondents")]
    BadTarget {
        /// The cell's text.
        text: String,
    },
    /// The unit has a target for this period already.
    #[error("unit {unit} has a target for {period} already, on line {first}")]
    Duplicate {
        /// The unit's code.
        unit: UnitCode,
        /// The period.
        period: Period,
        /// The line of the first target.
        first: u64,
    },
}

/// Why a targets file was refused: the line (1 is the header) and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {kind}")]
pub struct TargetError {
    /// The physical line of the file (a quoted line break counts; lines end at `\n`, `\r\n`
    /// or a lone `\r`).
    pub line: u64,
    /// What is wrong.
    pub kind: TargetErrorKind,
}

/// The respondent targets of a report, in file order: at most one per unit and period.
///
/// ```
/// # #[cfg(feature = "csv")] {
/// use persepsi::{Catalog, TargetErrorKind, Targets};
///
/// let catalog = Catalog::kemenkum_2025();
/// let file = "\u{feff}unit, period ,respondents,note\nKW-NTT,2025-S1,50,\nKW-NTT,2025-S2,60,x\n";
/// let targets = Targets::from_csv(file.as_bytes(), &catalog)?;
/// assert_eq!(targets.len(), 2);
/// assert_eq!(targets.iter().map(|t| t.respondents()).sum::<u64>(), 110);
///
/// let twice = "unit,period,respondents\nKW-NTT,2025-S1,50\nKW-NTT,2025-S1,40\n";
/// let err = Targets::from_csv(twice.as_bytes(), &catalog).unwrap_err();
/// assert_eq!(err.line, 3);
/// assert!(matches!(err.kind, TargetErrorKind::Duplicate { first: 2, .. }));
/// assert_eq!(err.to_string(), "line 3: unit KW-NTT has a target for 2025-S1 already, on line 2");
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Targets {
    entries: Vec<Target>,
}

impl Targets {
    /// No targets.
    #[must_use]
    pub fn new() -> Targets {
        Targets::default()
    }

    /// The number of targets.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there is no target.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The targets, in file order.
    pub fn iter(&self) -> std::slice::Iter<'_, Target> {
        self.entries.iter()
    }

    /// Reads a targets file: a header with the columns `unit`, `period` and `respondents` (found
    /// by name, cells trimmed, in any order; a byte-order mark allowed; other columns ignored),
    /// then one target per line (blank lines, and lines whose cells are all empty, skipped).
    /// A target is written in decimal digits (`5`, `05`, `+5`); `1.0` is not a target.
    ///
    /// # Errors
    ///
    /// [`TargetError`] naming the first line that is wrong: no header, a missing column, a line
    /// that is not UTF-8 CSV or has too few cells, an unknown unit, a bad period, a target that
    /// is not a whole number of at least 1, or a second target for the same unit and period.
    #[cfg(feature = "csv")]
    pub fn from_csv(bytes: &[u8], catalog: &Catalog) -> Result<Targets, TargetError> {
        let mut records = Records::new(bytes);
        let at = |line: u64| move |kind: TargetErrorKind| TargetError { line, kind };
        let (line, header) = records
            .next()
            .ok_or_else(|| at(1)(TargetErrorKind::NoHeader))?;
        let header = header.map_err(at(line))?;
        let column = |name: &'static str| {
            header
                .iter()
                .position(|cell| cell.trim() == name)
                .ok_or_else(|| at(line)(TargetErrorKind::MissingColumn { name }))
        };
        let (unit, period, respondents) =
            (column("unit")?, column("period")?, column("respondents")?);
        let needed = unit.max(period).max(respondents) + 1;
        let mut entries = Vec::new();
        let mut first: HashMap<(UnitId, Period), u64> = HashMap::new();
        for (line, cells) in records {
            let err = at(line);
            let cells = cells.map_err(err)?;
            // a row of empty cells (`,,,`, as spreadsheets save an empty row) is a blank line
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            if cells.len() < needed {
                return Err(err(TargetErrorKind::ShortRow {
                    fields: cells.len(),
                    needed,
                }));
            }
            let code = cells[unit].trim();
            let id = catalog.unit_id(code).ok_or_else(|| {
                err(TargetErrorKind::UnknownUnit {
                    code: code.to_owned(),
                })
            })?;
            let text = cells[period].trim();
            let p: Period = text.parse().map_err(|_| {
                err(TargetErrorKind::BadPeriod {
                    text: text.to_owned(),
                })
            })?;
            let text = cells[respondents].trim();
            let n = text
                .parse::<u64>()
                .ok()
                .filter(|&n| n >= 1)
                .ok_or_else(|| {
                    err(TargetErrorKind::BadTarget {
                        text: text.to_owned(),
                    })
                })?;
            let code = catalog.unit(id).map(|u| u.code().clone()).ok_or_else(|| {
                err(TargetErrorKind::UnknownUnit {
                    code: code.to_owned(),
                })
            })?;
            if let Some(&at_line) = first.get(&(id, p)) {
                return Err(err(TargetErrorKind::Duplicate {
                    unit: code,
                    period: p,
                    first: at_line,
                }));
            }
            first.insert((id, p), line);
            entries.push(Target {
                unit: id,
                code,
                period: p,
                respondents: n,
                line,
            });
        }
        Ok(Targets { entries })
    }
}

impl<'a> IntoIterator for &'a Targets {
    type Item = &'a Target;
    type IntoIter = std::slice::Iter<'a, Target>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

/// The records of a small CSV file held in memory, each with the physical line it starts on
/// (blank lines skipped, a leading byte-order mark dropped).
#[cfg(feature = "csv")]
struct Records<'a> {
    reader: csv_core::Reader,
    input: &'a [u8],
    line: u64,
    done: bool,
}

#[cfg(feature = "csv")]
impl<'a> Records<'a> {
    fn new(bytes: &'a [u8]) -> Records<'a> {
        Records {
            reader: csv_core::Reader::new(),
            input: bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes),
            line: 1,
            done: false,
        }
    }
}

/// The line breaks in `bytes`: `\n`, and `\r` not followed by `\n` (`next` is the byte after
/// `bytes`, if any).
#[cfg(feature = "csv")]
fn breaks(bytes: &[u8], next: Option<u8>) -> u64 {
    let mut n = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let after = bytes.get(i + 1).copied().or(next);
        n += u64::from(b == b'\n' || (b == b'\r' && after != Some(b'\n')));
    }
    n
}

#[cfg(feature = "csv")]
impl Iterator for Records<'_> {
    type Item = (u64, Result<Vec<String>, TargetErrorKind>);

    fn next(&mut self) -> Option<Self::Item> {
        // skip blank lines, counting them
        while let [first, rest @ ..] = self.input {
            if *first != b'\n' && *first != b'\r' {
                break;
            }
            self.line += breaks(&[*first], rest.first().copied());
            self.input = rest;
        }
        if self.done || self.input.is_empty() {
            return None;
        }
        let start = self.line;
        let raw = self.input;
        let (mut out, mut ends) = (vec![0u8; 256], vec![0usize; 16]);
        let (mut nout, mut nend) = (0, 0);
        loop {
            let (res, nin, o, e) = self.reader.read_record(
                self.input,
                out.get_mut(nout..).unwrap_or_default(),
                ends.get_mut(nend..).unwrap_or_default(),
            );
            let consumed = self.input.get(..nin).unwrap_or_default();
            let rest = self.input.get(nin..).unwrap_or_default();
            self.line += breaks(consumed, rest.first().copied());
            self.input = rest;
            nout += o;
            nend += e;
            match res {
                csv_core::ReadRecordResult::InputEmpty => {
                    // an empty input next tells csv-core the file ended
                    if self.input.is_empty() {
                        self.done = true;
                    }
                }
                csv_core::ReadRecordResult::OutputFull => out.resize(out.len() * 2, 0),
                csv_core::ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
                csv_core::ReadRecordResult::Record => break,
                csv_core::ReadRecordResult::End => {
                    if nend == 0 {
                        return None;
                    }
                    break;
                }
            }
        }
        // a record that runs to the end of the file with an odd number of quotes has one open
        if self.input.is_empty() && raw.iter().filter(|&&b| b == b'"').count() % 2 == 1 {
            self.done = true;
            return Some((start, Err(TargetErrorKind::UnclosedQuote)));
        }
        let mut cells = Vec::with_capacity(nend);
        let mut from = 0;
        for &end in ends.get(..nend).unwrap_or_default() {
            match out.get(from..end).map(std::str::from_utf8) {
                Some(Ok(text)) => cells.push(text.to_owned()),
                _ => return Some((start, Err(TargetErrorKind::NotText))),
            }
            from = end;
        }
        Some((start, Ok(cells)))
    }
}
