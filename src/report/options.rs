//! What a report computes: precision, interval and shrinkage settings, Zona Integritas thresholds.

use crate::index::Precision;
use crate::period::Period;
use crate::report::NonZeroUsize;
use crate::rollup::Rollup;
use crate::survey::Filter;
use crate::zi::ZiThresholds;

/// How [`Report::with_options`](crate::Report::with_options) builds a report.
///
/// [`Report::with_options`]: crate::Report::with_options
///
/// ```
/// use persepsi::ReportOptions;
/// let options = ReportOptions::default()
///     .rollup(persepsi::Rollup::MeanOfChildren)
///     .prior_strength(50)
///     .compare("2025-S1".parse()?, "2025-S2".parse()?);
/// assert_eq!(options.prior(), 50);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReportOptions {
    pub(crate) rollup: Rollup,
    pub(crate) filter: Filter,
    pub(crate) precision: Precision,
    pub(crate) prior: u64,
    pub(crate) compare: Option<(Period, Period)>,
    pub(crate) zi: ZiThresholds,
    pub(crate) threads: NonZeroUsize,
}

impl Default for ReportOptions {
    /// Pooled, all responses, default precision, prior strength 30 respondents, no comparison,
    /// the default (unconfirmed) ZI thresholds, as many threads as
    /// [`std::thread::available_parallelism`] reports (1 if unknown).
    fn default() -> Self {
        ReportOptions {
            rollup: Rollup::Pooled,
            filter: Filter::all(),
            precision: Precision::default(),
            prior: 30,
            compare: None,
            zi: ZiThresholds::default(),
            threads: crate::par::available(),
        }
    }
}

impl ReportOptions {
    /// The roll-up method.
    #[must_use]
    pub fn rollup(mut self, rollup: Rollup) -> Self {
        self.rollup = rollup;
        self
    }

    /// Which responses count.
    #[must_use]
    pub fn filter(mut self, filter: Filter) -> Self {
        self.filter = filter;
        self
    }

    /// Output decimals.
    #[must_use]
    pub fn precision(mut self, precision: Precision) -> Self {
        self.precision = precision;
        self
    }

    /// The prior strength of the shrunk index, in respondents (default 30: a unit with 30
    /// respondents is pulled halfway to its parent).
    #[must_use]
    pub fn prior_strength(mut self, respondents: u64) -> Self {
        self.prior = respondents;
        self
    }

    /// Adds a trend from period `from` to period `to` for every unit and instrument.
    #[must_use]
    pub fn compare(mut self, from: Period, to: Period) -> Self {
        self.compare = Some((from, to));
        self
    }

    /// The Zona Integritas thresholds.
    #[must_use]
    pub fn zi_thresholds(mut self, zi: ZiThresholds) -> Self {
        self.zi = zi;
        self
    }

    /// The prior strength.
    #[must_use]
    pub fn prior(&self) -> u64 {
        self.prior
    }

    /// Sets the number of threads that compute units' indices (1: everything on the calling
    /// thread). The report is the same for any number (options that differ only in it still
    /// compare unequal).
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let options = persepsi::ReportOptions::default().threads(NonZeroUsize::MIN);
    /// assert_eq!(options.thread_count(), 1);
    /// ```
    #[must_use]
    pub fn threads(mut self, threads: NonZeroUsize) -> Self {
        self.threads = threads;
        self
    }

    /// The number of threads.
    #[must_use]
    pub fn thread_count(&self) -> usize {
        self.threads.get()
    }
}
