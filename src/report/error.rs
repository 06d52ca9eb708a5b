//! Why a report could not be made from its options.

use crate::catalog::ForeignIdError;
use crate::period::{Period, PeriodKind};

/// Why [`Report::with_options`](crate::Report::with_options) refused its options.
///
/// ```
/// use persepsi::{Catalog, PeriodKind, Questionnaire, Report, ReportError, ReportOptions, Survey};
///
/// let survey = Survey::new(Catalog::kemenkum_2025(), Questionnaire::ikm());
/// let q1 = "2025-Q1".parse()?;
/// let options = ReportOptions::default().period(q1).series(PeriodKind::Semester);
/// assert_eq!(
///     Report::with_options(&survey, &options),
///     Err(ReportError::SeriesCoarserThanPeriod { series: PeriodKind::Semester, period: q1 }),
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// A unit, service or area of the options is an id of another catalog than the survey's.
    #[error(transparent)]
    ForeignId(#[from] ForeignIdError),
    /// A compared period lies (partly) outside the report's period: its responses are out of
    /// scope.
    #[error(
        "cannot compare {from} with {to} in a report of {period}: both must lie within {period}"
    )]
    CompareOutsidePeriod {
        /// The report's period.
        period: Period,
        /// The first compared period.
        from: Period,
        /// The second compared period.
        to: Period,
    },
    /// The series' periods are longer than the report's period (a series by semester of one
    /// quarter).
    #[error("a series by {series} does not fit in a report of {period}: choose a period kind no longer than {}", period.kind())]
    SeriesCoarserThanPeriod {
        /// The kind of the series' periods.
        series: PeriodKind,
        /// The report's period.
        period: Period,
    },
}
