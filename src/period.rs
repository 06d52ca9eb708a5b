//! Survey dates and reporting periods (month, triwulan, semester, year).

use std::fmt;
use std::str::FromStr;

/// A Gregorian calendar date, years 0001 to 9999, written `YYYY-MM-DD`.
///
/// Hand-written rather than taken from `time` or `jiff`: the crate needs exactly one strict
/// format and the period arithmetic below, and nothing else of a date library.
///
/// ```
/// use persepsi::Date;
/// let d: Date = "2024-02-29".parse()?;
/// assert_eq!((d.year(), d.month(), d.day()), (2024, 2, 29));
/// assert!("2025-02-29".parse::<Date>().is_err()); // not a leap year
/// assert!("2025-2-01".parse::<Date>().is_err());  // two-digit month required
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// Why a date or a period was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateError {
    /// The text is not a real date written `YYYY-MM-DD` with a year from 0001 to 9999.
    #[error("{text:?} is not a calendar date written YYYY-MM-DD")]
    BadDate {
        /// The text given.
        text: String,
    },
    /// The text is not a period written `2025`, `2025-S1`, `2025-Q3` or `2025-07`.
    #[error("{text:?} is not a period written YYYY, YYYY-S1..S2, YYYY-Q1..Q4 or YYYY-MM")]
    BadPeriod {
        /// The text given.
        text: String,
    },
    /// The text is not a kind of period: `month`, `quarter`, `semester` or `year`.
    #[error("{text:?} is not a kind of period: use month, quarter, semester or year")]
    BadPeriodKind {
        /// The text given.
        text: String,
    },
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

fn digits(bytes: &[u8]) -> Option<u16> {
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        bytes
            .iter()
            .fold(0u16, |a, &b| a * 10 + u16::from(b - b'0')),
    )
}

impl Date {
    /// A date from its parts.
    ///
    /// # Errors
    ///
    /// [`DateError::BadDate`] unless it is a real Gregorian date in years 1 to 9999.
    ///
    /// ```
    /// assert!(persepsi::Date::new(2025, 4, 31).is_err());
    /// ```
    pub fn new(year: u16, month: u8, day: u8) -> Result<Date, DateError> {
        if (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
        {
            Ok(Date { year, month, day })
        } else {
            Err(DateError::BadDate {
                text: format!("{year:04}-{month:02}-{day:02}"),
            })
        }
    }

    /// Parses exactly `YYYY-MM-DD` (ASCII digits) from bytes; `None` otherwise.
    pub(crate) fn parse_bytes(b: &[u8]) -> Option<Date> {
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = digits(&b[0..4])?;
        let month = u8::try_from(digits(&b[5..7])?).ok()?;
        let day = u8::try_from(digits(&b[8..10])?).ok()?;
        Date::new(year, month, day).ok()
    }

    /// The year.
    #[must_use]
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1-12.
    #[must_use]
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month.
    #[must_use]
    pub fn day(self) -> u8 {
        self.day
    }

    /// The period of the given kind that holds this date.
    ///
    /// ```
    /// use persepsi::{Date, Period, PeriodKind};
    /// let d: Date = "2025-07-15".parse()?;
    /// assert_eq!(d.period(PeriodKind::Quarter).to_string(), "2025-Q3");
    /// assert_eq!(d.period(PeriodKind::Semester).to_string(), "2025-S2");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn period(self, kind: PeriodKind) -> Period {
        Month {
            year: self.year,
            month: self.month,
        }
        .period(kind)
    }

    pub(crate) fn month_key(self) -> Month {
        Month {
            year: self.year,
            month: self.month,
        }
    }
}

impl FromStr for Date {
    type Err = DateError;
    fn from_str(text: &str) -> Result<Date, DateError> {
        Date::parse_bytes(text.as_bytes()).ok_or_else(|| DateError::BadDate {
            text: text.to_owned(),
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A calendar month: the finest period cells are kept at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Month {
    pub(crate) year: u16,
    pub(crate) month: u8,
}

impl Month {
    pub(crate) fn period(self, kind: PeriodKind) -> Period {
        let y = self.year;
        match kind {
            PeriodKind::Month => Period::Month(y, self.month),
            PeriodKind::Quarter => Period::Quarter(y, (self.month - 1) / 3 + 1),
            PeriodKind::Semester => Period::Semester(y, (self.month - 1) / 6 + 1),
            PeriodKind::Year => Period::Year(y),
        }
    }
}

/// The length of a reporting period, ordered from the shortest (`Month`) to the longest
/// (`Year`); written `month`, `quarter`, `semester`, `year`.
///
/// ```
/// use persepsi::{Period, PeriodKind};
/// let kind: PeriodKind = "quarter".parse()?;
/// assert_eq!(kind, PeriodKind::Quarter);
/// assert!(PeriodKind::Semester > kind);
/// assert_eq!(kind.to_string(), "quarter");
/// assert_eq!("2025-Q3".parse::<Period>()?.kind(), kind);
/// assert!("weekly".parse::<PeriodKind>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PeriodKind {
    /// A calendar month.
    Month,
    /// A quarter (triwulan).
    Quarter,
    /// A half year (semester).
    Semester,
    /// A calendar year.
    Year,
}

impl PeriodKind {
    /// The kind's name: `month`, `quarter`, `semester` or `year`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Semester => "semester",
            PeriodKind::Year => "year",
        }
    }
}

impl fmt::Display for PeriodKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for PeriodKind {
    type Err = DateError;

    /// `month`, `quarter`, `semester` or `year`.
    ///
    /// # Errors
    ///
    /// [`DateError::BadPeriodKind`] naming the text for any other.
    fn from_str(text: &str) -> Result<PeriodKind, DateError> {
        [
            PeriodKind::Month,
            PeriodKind::Quarter,
            PeriodKind::Semester,
            PeriodKind::Year,
        ]
        .into_iter()
        .find(|k| k.name() == text)
        .ok_or_else(|| DateError::BadPeriodKind {
            text: text.to_owned(),
        })
    }
}

/// A reporting period, written `2025` (year), `2025-S1` (semester), `2025-Q3` (triwulan) or
/// `2025-07` (month).
///
/// ```
/// use persepsi::{Date, Period};
/// let q3: Period = "2025-Q3".parse()?;
/// assert!(q3.contains("2025-09-30".parse::<Date>()?));
/// assert!(!q3.contains("2025-10-01".parse::<Date>()?));
/// assert_eq!("2025-07".parse::<Period>()?, Period::Month(2025, 7));
/// assert!("2025-Q5".parse::<Period>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    /// A year.
    Year(u16),
    /// A semester of a year, 1 or 2.
    Semester(u16, u8),
    /// A quarter (triwulan) of a year, 1 to 4.
    Quarter(u16, u8),
    /// A month of a year, 1 to 12.
    Month(u16, u8),
}

impl Period {
    /// The first and last month of the period (inclusive).
    fn months(self) -> (Month, Month) {
        let m = |year, month| Month { year, month };
        match self {
            Period::Year(y) => (m(y, 1), m(y, 12)),
            Period::Semester(y, s) => (m(y, s * 6 - 5), m(y, s * 6)),
            Period::Quarter(y, q) => (m(y, q * 3 - 2), m(y, q * 3)),
            Period::Month(y, mo) => (m(y, mo), m(y, mo)),
        }
    }

    pub(crate) fn contains_month(self, month: Month) -> bool {
        let (first, last) = self.months();
        first <= month && month <= last
    }

    /// True when every month of `other` falls in this period (a period covers itself).
    ///
    /// ```
    /// use persepsi::Period;
    /// let s1: Period = "2025-S1".parse()?;
    /// assert!(s1.covers("2025-Q2".parse()?));
    /// assert!(s1.covers("2025-03".parse()?));
    /// assert!(!s1.covers("2025-Q3".parse()?));
    /// assert!(!s1.covers("2025".parse()?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn covers(self, other: Period) -> bool {
        let ((first, last), (a, b)) = (self.months(), other.months());
        first <= a && b <= last
    }

    /// True when the date falls in the period.
    #[must_use]
    pub fn contains(self, date: Date) -> bool {
        self.contains_month(date.month_key())
    }

    /// The kind of period.
    #[must_use]
    pub fn kind(self) -> PeriodKind {
        match self {
            Period::Year(_) => PeriodKind::Year,
            Period::Semester(..) => PeriodKind::Semester,
            Period::Quarter(..) => PeriodKind::Quarter,
            Period::Month(..) => PeriodKind::Month,
        }
    }
}

impl FromStr for Period {
    type Err = DateError;
    fn from_str(text: &str) -> Result<Period, DateError> {
        let bad = || DateError::BadPeriod {
            text: text.to_owned(),
        };
        let b = text.as_bytes();
        if b.len() < 4 {
            return Err(bad());
        }
        let year = digits(&b[..4])
            .filter(|&y| y >= 1 && b[..4].len() == 4)
            .ok_or_else(bad)?;
        let period = match &b[4..] {
            [] => Period::Year(year),
            [b'-', b'S', s @ b'1'..=b'2'] => Period::Semester(year, s - b'0'),
            [b'-', b'Q', q @ b'1'..=b'4'] => Period::Quarter(year, q - b'0'),
            [b'-', m1, m2] => {
                let month =
                    u8::try_from(digits(&[*m1, *m2]).ok_or_else(bad)?).map_err(|_| bad())?;
                if !(1..=12).contains(&month) {
                    return Err(bad());
                }
                Period::Month(year, month)
            }
            _ => return Err(bad()),
        };
        Ok(period)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y:04}"),
            Period::Semester(y, s) => write!(f, "{y:04}-S{s}"),
            Period::Quarter(y, q) => write!(f, "{y:04}-Q{q}"),
            Period::Month(y, m) => write!(f, "{y:04}-{m:02}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_dates() {
        for bad in [
            "2025-13-01",
            "2025-02-30",
            "25-01-2025",
            "2025-04-31",
            "2025-02-29",
            "0000-01-01",
            "2025/01/01",
            "2025-1-01",
            " 2025-01-01",
            "2025-01-01T00",
            "２０２５-01-01",
            "",
            "1900-02-29",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad:?}");
        }
        for good in ["2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31"] {
            assert_eq!(good.parse::<Date>().unwrap().to_string(), good);
        }
    }

    #[test]
    fn periods_round_trip_and_nest() {
        for text in [
            "2025", "2025-S1", "2025-S2", "2025-Q1", "2025-Q4", "2025-01", "2025-12",
        ] {
            assert_eq!(text.parse::<Period>().unwrap().to_string(), text);
        }
        for bad in [
            "2025-S3", "2025-Q0", "2025-13", "2025-00", "25", "2025-", "0000", "2025-q1",
        ] {
            assert!(bad.parse::<Period>().is_err(), "{bad:?}");
        }
        let d: Date = "2025-06-30".parse().unwrap();
        assert_eq!(d.period(PeriodKind::Semester), Period::Semester(2025, 1));
        assert_eq!(d.period(PeriodKind::Quarter), Period::Quarter(2025, 2));
        assert_eq!(d.period(PeriodKind::Year), Period::Year(2025));
        assert!(Period::Semester(2025, 1).contains(d));
        assert!(!Period::Semester(2025, 2).contains(d));
    }
}
