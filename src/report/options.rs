//! What a report computes: its scope (period, unit), its breakdowns (per service, a series of
//! periods), precision, shrinkage, a comparison, the Zona Integritas thresholds, targets and
//! the minimum cell of disclosure control.

use std::num::NonZeroUsize;
use std::sync::Arc;

use crate::catalog::UnitId;
use crate::index::Precision;
use crate::period::{Period, PeriodKind};
use crate::rollup::Rollup;
use crate::survey::Filter;
use crate::target::Targets;
use crate::zi::ZiThresholds;

/// How [`Report::with_options`](crate::Report::with_options) builds a report.
///
/// [`Report::with_options`]: crate::Report::with_options
///
/// ```
/// use persepsi::{PeriodKind, ReportOptions};
/// let options = ReportOptions::default()
///     .rollup(persepsi::Rollup::MeanOfChildren)
///     .prior_strength(50)
///     .period("2025".parse()?)
///     .by_service(true)
///     .series(PeriodKind::Quarter)
///     .compare("2025-S1".parse()?, "2025-S2".parse()?);
/// assert_eq!(options.prior(), 50);
/// assert_eq!(options.period_scope(), Some("2025".parse()?));
/// assert_eq!(options.series_kind(), Some(PeriodKind::Quarter));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReportOptions {
    pub(crate) rollup: Rollup,
    pub(crate) filter: Filter,
    pub(crate) precision: Precision,
    pub(crate) prior: u64,
    pub(crate) compare: Option<(Period, Period)>,
    pub(crate) zi: ZiThresholds,
    pub(crate) threads: NonZeroUsize,
    pub(crate) unit: Option<UnitId>,
    pub(crate) by_service: bool,
    pub(crate) series: Option<PeriodKind>,
    pub(crate) targets: Option<Arc<Targets>>,
    pub(crate) min_cell: u64,
}

impl Default for ReportOptions {
    /// Pooled, all responses, every unit, no breakdown, default precision, prior strength 30
    /// respondents, no comparison, the default (unconfirmed) ZI thresholds, as many threads as
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
            unit: None,
            by_service: false,
            series: None,
            targets: None,
            min_cell: 5,
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

    /// Only responses dated in `period` count (the filter's period: the same as
    /// `.filter(filter.period(period))`). Reading and validation are not scoped: the report's
    /// `input_rows`, `accepted` and `rejected` still describe everything read.
    #[must_use]
    pub fn period(mut self, period: Period) -> Self {
        self.filter = self.filter.period(period);
        self
    }

    /// The report's period, if any.
    #[must_use]
    pub fn period_scope(&self) -> Option<Period> {
        self.filter.period_filter()
    }

    /// Only `unit` and the units below it are listed (a Kanwil's own report). Their numbers are
    /// those of the whole report: ranks are still among all siblings, shrinkage still toward
    /// the parent.
    #[must_use]
    pub fn unit(mut self, unit: UnitId) -> Self {
        self.unit = Some(unit);
        self
    }

    /// The unit whose subtree the report lists, if any.
    #[must_use]
    pub fn unit_scope(&self) -> Option<UnitId> {
        self.unit
    }

    /// Whether each unit carries its indices per service ([`UnitReport::services`]).
    ///
    /// [`UnitReport::services`]: crate::UnitReport::services
    #[must_use]
    pub fn by_service(mut self, by_service: bool) -> Self {
        self.by_service = by_service;
        self
    }

    /// Whether the report breaks units down by service.
    #[must_use]
    pub fn breaks_by_service(&self) -> bool {
        self.by_service
    }

    /// Each unit carries its indices per period of this kind ([`UnitReport::series`]).
    ///
    /// [`UnitReport::series`]: crate::UnitReport::series
    #[must_use]
    pub fn series(mut self, kind: PeriodKind) -> Self {
        self.series = Some(kind);
        self
    }

    /// The kind of the series' periods, if any.
    #[must_use]
    pub fn series_kind(&self) -> Option<PeriodKind> {
        self.series
    }

    /// Respondent targets: each unit with a target for a period within the report's period
    /// (every target without one) carries it with what it achieved
    /// ([`UnitReport::targets`](crate::UnitReport::targets)), and is listed even without
    /// responses. Targets of units outside [`ReportOptions::unit`]'s subtree are left out.
    #[must_use]
    pub fn targets(mut self, targets: impl Into<Arc<Targets>>) -> Self {
        self.targets = Some(targets.into());
        self
    }

    /// The minimum cell of disclosure control (default 5; 0 or 1 turns it off): in a unit's
    /// respondent profile, a value given by fewer respondents is printed without its count,
    /// with one more count of its column when it alone would be recoverable; and in every scope
    /// whose respondents on an instrument are fewer, that instrument's distribution of stars
    /// is withheld. See [`ProfileColumn`](crate::ProfileColumn) for the rules and what they do
    /// not protect.
    ///
    /// ```
    /// let options = persepsi::ReportOptions::default();
    /// assert_eq!(options.minimum_cell(), 5);
    /// assert_eq!(options.min_cell(0).minimum_cell(), 0);
    /// ```
    #[must_use]
    pub fn min_cell(mut self, respondents: u64) -> Self {
        self.min_cell = respondents;
        self
    }

    /// The minimum cell of disclosure control.
    #[must_use]
    pub fn minimum_cell(&self) -> u64 {
        self.min_cell
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
    /// thread; at most 256 are started). The report is the same for any number (options that
    /// differ only in it still compare unequal).
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
