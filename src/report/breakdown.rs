//! A unit's results over a part of its responses: per service, per period of a series.

use rust_decimal::Decimal;

use crate::code::ServiceCode;
use crate::exact::Exact;
use crate::index::{Precision, RoundedIndex};
use crate::instrument::Instrument;
use crate::period::Period;
use crate::report::items::ItemFindings;
use crate::rollup::InstrumentRollup;
use crate::stats::Interval;

/// One instrument's result over a part of a unit's responses (one service, one period): the
/// rounded index by the report's roll-up method, its interval and what the items show. Ranks
/// among siblings, shrinkage and trends are the unit's only ([`InstrumentReport`]).
///
/// [`InstrumentReport`]: crate::InstrumentReport
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct BreakdownIndex {
    /// The index, rounded once (as [`InstrumentReport::index`](crate::InstrumentReport::index)).
    pub index: RoundedIndex,
    /// The index's short name (`IPKP`, `IPAK`, `IKM`).
    pub abbreviation: String,
    /// The standard error on the 0-100 scale (2 decimals), when defined.
    pub se100: Option<Decimal>,
    /// The 95% interval on the 0-100 scale (2 decimals, clamped to the scale), when defined.
    pub ci95: Option<(Decimal, Decimal)>,
    /// The items' answers, ranks and lowest items.
    pub items: ItemFindings,
}

impl BreakdownIndex {
    /// The printed result of one instrument's roll-up; the parts every report line shares.
    pub(crate) fn of(
        instrument: &Instrument,
        rollup: &InstrumentRollup,
        precision: Precision,
        min_cell: u64,
    ) -> BreakdownIndex {
        BreakdownIndex::with_variance(instrument, rollup, rollup.variance(), precision, min_cell)
    }

    /// [`BreakdownIndex::of`] with the interval around another variance of the same index (a
    /// unit's pooled line corrected for its finite population).
    pub(crate) fn with_variance(
        instrument: &Instrument,
        rollup: &InstrumentRollup,
        variance: Option<&Exact>,
        precision: Precision,
        min_cell: u64,
    ) -> BreakdownIndex {
        // the interval's standard error is the one of `se_100`, rounded to 2 decimals: one
        // square root, not two
        let interval = variance
            .map(|v| Interval::around(instrument, rollup.index().raw(), v, rollup.respondents()));
        BreakdownIndex {
            index: rollup.pooled().rounded_with(rollup.index(), precision),
            abbreviation: instrument.abbreviation().to_owned(),
            se100: interval.as_ref().map(Interval::se100),
            ci95: interval.as_ref().map(Interval::index100),
            items: ItemFindings::of(rollup, min_cell),
        }
    }
}

/// A unit's result for one service: the responses about that service in the unit's subtree.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ServiceReport {
    /// The service's code.
    pub service: ServiceCode,
    /// The service's name.
    pub name: String,
    /// Accepted responses about the service in the unit's subtree (in the report's period).
    pub respondents: u64,
    /// One entry per instrument someone answered, in questionnaire order.
    pub indices: Vec<BreakdownIndex>,
}

/// A unit's result for one period of a series: the responses of the unit's subtree dated in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct PeriodReport {
    /// The period.
    pub period: Period,
    /// Accepted responses in the unit's subtree dated in the period.
    pub respondents: u64,
    /// One entry per instrument someone answered, in questionnaire order.
    pub indices: Vec<BreakdownIndex>,
}
