//! The report: every unit's indices by a roll-up method, per service and per period when asked,
//! what the items show, and every rejected record.

mod breakdown;
mod disclosure;
mod error;
mod items;
#[cfg(feature = "serde")]
mod json;
mod options;
mod table;
mod targets;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rust_decimal::Decimal;

use crate::catalog::{ForeignIdError, Unit, UnitId};
use crate::code::{ItemCode, UnitCode};
use crate::exact::Exact;
use crate::index::{Precision, RoundedIndex};
use crate::instrument::{Instrument, ScaleMap};
use crate::par;
use crate::period::{Period, PeriodKind};
use crate::response::Rejection;
use crate::rollup::{InstrumentRollup, Rollup, UnitRollup};
use crate::stats::{
    Trend, finite_population_correction, probability_at_least, required_respondents, shrink,
};
use crate::survey::{Filter, Survey};
use crate::zi::lke_points;

pub use breakdown::{BreakdownIndex, PeriodReport, ServiceReport};
pub use disclosure::{ProfileColumn, ProfileValue};
pub use error::ReportError;
pub use items::ItemFindings;
pub use options::ReportOptions;
pub use targets::TargetReport;

/// The standard error on the 0-100 scale of an exact raw-index variance (unrounded).
fn se_100(instrument: &Instrument, variance: &Exact) -> Decimal {
    let se = crate::stats::sqrt(variance);
    match instrument.map() {
        ScaleMap::Times25 => se * Decimal::from(25),
        ScaleMap::MinMax => {
            se * Decimal::from(100) / Decimal::from(instrument.scale().points() - 1)
        }
    }
}

/// The report's units with their targets: each unit with a target for a period within the
/// report's (and within the unit scope) gets it beside what its subtree achieved, and a unit
/// with such a target and no responses is listed too (no indices), all in catalog order.
fn with_targets(
    survey: &Survey,
    options: &ReportOptions,
    targets: &crate::target::Targets,
    listed: &[&UnitRollup],
    units: Vec<UnitReport>,
) -> Vec<UnitReport> {
    let catalog = survey.catalog();
    let in_scope: Vec<&crate::target::Target> = targets
        .iter()
        .filter(|t| {
            options
                .filter
                .period_filter()
                .is_none_or(|p| p.covers(t.period()))
                && options.unit.is_none_or(|s| catalog.is_within(t.unit(), s))
        })
        .collect();
    // responses of each subtree in each target period: one pass over the cells per period
    let mut achieved: HashMap<Period, Vec<u64>> = HashMap::new();
    for t in &in_scope {
        achieved
            .entry(t.period())
            .or_insert_with(|| survey.subtree_responses(t.period()));
    }
    let mut lines: Vec<(usize, UnitReport)> =
        listed.iter().map(|u| u.unit().index()).zip(units).collect();
    // unit index -> position in `lines`
    let mut at: HashMap<usize, usize> = lines
        .iter()
        .enumerate()
        .map(|(k, (i, _))| (*i, k))
        .collect();
    for t in &in_scope {
        let index = t.unit().index();
        let entry = TargetReport::new(
            t,
            achieved
                .get(&t.period())
                .and_then(|a| a.get(index))
                .copied()
                .unwrap_or(0),
        );
        if let Some((_, line)) = at.get(&index).and_then(|&k| lines.get_mut(k)) {
            line.targets.push(entry);
        } else {
            at.insert(index, lines.len());
            lines.push((
                index,
                UnitReport {
                    services: options.by_service.then(Vec::new),
                    series: options.series.map(|_| Vec::new()),
                    targets: vec![entry],
                    ..UnitReport::empty(catalog, t.unit(), t.code())
                },
            ));
        }
    }
    // catalog order is unit index order; a stable sort keeps each unit's targets in file order
    lines.sort_by_key(|(i, _)| *i);
    lines.into_iter().map(|(_, line)| line).collect()
}

impl UnitReport {
    /// The line of a unit of `catalog` (with code `code`) with nothing on it: its name, parent and depth,
    /// no respondents, indices, breakdowns or targets.
    fn empty(catalog: &crate::catalog::Catalog, unit: UnitId, code: &UnitCode) -> UnitReport {
        UnitReport {
            unit: code.clone(),
            name: catalog.unit(unit).map_or("", Unit::name).to_owned(),
            parent: catalog
                .parent(unit)
                .and_then(|p| catalog.unit(p))
                .map(|p| p.code().clone()),
            depth: catalog.ancestors(unit).count(),
            respondents: 0,
            indices: Vec::new(),
            services: None,
            series: None,
            targets: Vec::new(),
            profile: None,
        }
    }
}

/// A breakdown to compute.
enum Job {
    Services,
    Series(PeriodKind),
}

/// A unit's respondents and printed indices in one group of a breakdown.
type Entry = (u64, Vec<BreakdownIndex>);

/// A computed breakdown: each group and what it left of each unit.
enum Done {
    Services(Vec<(u32, Vec<(usize, Entry)>)>),
    Series(Vec<(Period, Vec<(usize, Entry)>)>),
}

/// What each group's roll-up left of each unit, in group order.
struct Breakdown<G, T> {
    groups: Vec<(G, Vec<(usize, T)>)>,
}

impl<G: Copy, T> Breakdown<G, T> {
    /// Every unit's entries, made by `entry` from each group and what the group left of the
    /// unit, in group order; by unit index.
    fn into_units<E>(self, entry: impl Fn(G, T) -> Option<E>) -> HashMap<usize, Vec<E>> {
        let mut of_unit: HashMap<usize, Vec<E>> = HashMap::new();
        for (g, units) in self.groups {
            for (unit, t) in units {
                if let Some(e) = entry(g, t) {
                    of_unit.entry(unit).or_default().push(e);
                }
            }
        }
        of_unit
    }
}

/// One instrument's printed result for one unit: its [`RoundedIndex`] and what the report adds.
///
/// ```
/// # #[cfg(feature = "csv")] {
/// use persepsi::{Catalog, Filter, Precision, Questionnaire, Report, Rollup, Survey};
///
/// let csv = "response_id,date,unit,service,SPKP1,SPKP2,SPKP3,SPKP4,SPKP5,SPKP6,SPKP7,SPKP8,\
///            SPAK1,SPAK2,SPAK3,SPAK4,SPAK5\n\
///            R1,2025-01-05,KW-NTT-TU,UMUM-INFORMASI,6,6,6,6,6,6,6,6,6,6,6,6,5\n";
/// let mut survey = Survey::new(Catalog::kemenkum_2025(), Questionnaire::spkp_spak());
/// survey.read_csv(csv.as_bytes())?;
/// let report = Report::new(&survey, Rollup::Pooled, &Filter::all(), Precision::default())?;
/// let ipak = &report.units[0].indices[1];
/// assert_eq!((ipak.abbreviation.as_str(), ipak.index.instrument.as_str()), ("IPAK", "SPAK"));
/// // raw 5.8 -> p = 0.96 -> 3.88 on 1-4, 96.00 on 0-100; 3.88 / 4 x 17.5 = 16.975 LKE points
/// assert_eq!((ipak.index.raw.to_string(), ipak.index.index4.to_string()), ("5.8000".into(), "3.88".into()));
/// assert_eq!(ipak.lke_points.map(|p| p.to_string()), Some("16.98".into()));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct InstrumentReport {
    /// The index, rounded once: the instrument, the respondents in the subtree with at least one
    /// answer on it, the pooled NRR over the subtree of each item with at least one answer (in
    /// item order), and the raw index, 1-4 and 0-100 values, grade and label by the roll-up
    /// method (1-4 and 0-100 from the exact raw value; the grade of the 0-100 value as printed).
    pub index: RoundedIndex,
    /// The index's short name (`IPKP`, `IPAK`, `IKM`).
    pub abbreviation: String,
    /// The standard error on the 0-100 scale (2 decimals), when defined (2 or more respondents
    /// with respondent scores, equal weights); with the finite population correction where the
    /// catalog gives the unit's population, the roll-up is pooled and the report covers all of
    /// the unit's services over a year or with no period (no service or area filter).
    pub se100: Option<Decimal>,
    /// The 95% interval on the 0-100 scale (2 decimals, clamped to the scale), when defined:
    /// Student's t on n - 1 degrees of freedom around the standard error above.
    pub ci95: Option<(Decimal, Decimal)>,
    /// The probability that the true 0-100 value reaches grade A (at or above the value from
    /// which the grade table's top band is printed, 88.305), by the interval's t distribution
    /// and standard error, 4 decimals; when the standard error is defined.
    pub p_grade_a: Option<Decimal>,
    /// The respondents the unit needs: Krejcie-Morgan for its catalog population, else 30.
    pub required_respondents: u64,
    /// Whether `respondents` reaches `required_respondents`.
    pub sample_adequate: bool,
    /// The index shrunk toward the parent unit's (see [`crate::shrink`]), 0-100, 2 decimals;
    /// the root keeps its own value.
    pub shrunk_index100: Decimal,
    /// The rank among the sibling units with this instrument by the shrunk index (1 = best);
    /// `None` for the root.
    pub rank: Option<usize>,
    /// Zona Integritas LKE points (`index4 / 4 x 17.5`, from the exact value, 2 decimals), for
    /// an instrument with a [`ZiIndicator`](crate::ZiIndicator) only (the SPKP and SPAK presets).
    pub lke_points: Option<Decimal>,
    /// Whether the printed 1-4 value reaches its indicator's Zona Integritas threshold, for an
    /// instrument with a [`ZiIndicator`](crate::ZiIndicator) only.
    pub zi_threshold_met: Option<bool>,
    /// The change between the two compared periods, when asked for and the unit has the
    /// instrument in both.
    pub trend: Option<(Period, Period, Trend)>,
    /// The items' answers, ranks and lowest items (pooled over the subtree).
    pub items: ItemFindings,
}

/// One unit's line of the report.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct UnitReport {
    /// The unit's code.
    pub unit: UnitCode,
    /// The unit's name.
    pub name: String,
    /// The parent unit's code (`None` for the catalog's root).
    pub parent: Option<UnitCode>,
    /// How deep the unit is in the catalog: 0 for the root, 1 for its children, ...
    pub depth: usize,
    /// Accepted responses in the unit's subtree (in the report's period).
    pub respondents: u64,
    /// One entry per instrument that someone in the subtree answered, in questionnaire order.
    pub indices: Vec<InstrumentReport>,
    /// With [`ReportOptions::by_service`]: one entry per service with responses in the subtree,
    /// in catalog order; `None` when not asked for.
    pub services: Option<Vec<ServiceReport>>,
    /// With [`ReportOptions::series`]: one entry per period of that kind with responses in the
    /// subtree, in time order; `None` when not asked for.
    pub series: Option<Vec<PeriodReport>>,
    /// With [`ReportOptions::targets`]: the unit's targets for periods within the report's, in
    /// file order, each beside what the unit achieved (empty without targets).
    pub targets: Vec<TargetReport>,
    /// When the survey counted respondent-profile columns
    /// (`ReadOptions::profile`, feature `csv`): each column over the subtree's
    /// responses in the report's scope, under disclosure control
    /// ([`ReportOptions::min_cell`]); `None` without profile columns.
    pub profile: Option<Vec<ProfileColumn>>,
}

/// The report of a survey (report schema v2): the questionnaire, the roll-up method, what was
/// read, every rejection, the report's period, the items' labels, and every unit with at least
/// one accepted response in its subtree (in the period), in catalog order, with its breakdowns
/// when asked for. Every number is rounded once, half away from zero.
///
/// [`Display`](std::fmt::Display) prints the hierarchy as an indented table; `Report::to_json`
/// (feature `serde`) prints report schema v2.
///
/// # Examples
///
/// ```
/// # #[cfg(feature = "csv")] {
/// use persepsi::{Catalog, Filter, Precision, Questionnaire, Report, Rollup, Survey};
///
/// let csv = "response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9\n\
///            R1,2025-01-05,KW-NTT-TU,UMUM-INFORMASI,4,4,3,4,4,3,4,4,4\n\
///            R2,2025-01-06,KW-NTT-TU,UMUM-INFORMASI,4,3,3,4,4,3,4,3,4\n";
/// let (catalog, q) = (Catalog::kemenkum_2025(), Questionnaire::ikm());
/// let mut survey = Survey::new(catalog, q);
/// survey.read_csv(csv.as_bytes())?;
/// let report = Report::new(&survey, Rollup::Pooled, &Filter::all(), Precision::default())?;
/// let codes: Vec<_> = report.units.iter().map(|u| u.unit.as_str()).collect();
/// assert_eq!(codes, ["KEMENKUM", "KW-NTT", "KW-NTT-TU"]);
/// let ikm = &report.units[0].indices[0].index;
/// // NRR 4, 3.5, 3, 4, 4, 3, 4, 3.5, 4 -> raw 33/9 = 3.6667 -> x25 = 91.67, grade A
/// assert_eq!((ikm.raw.to_string(), ikm.index100.to_string()), ("3.6667".into(), "91.67".into()));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Report {
    /// The questionnaire's name (`spkp-spak`, `ikm`).
    pub questionnaire: String,
    /// The roll-up method.
    pub rollup: Rollup,
    /// Records seen.
    pub input_rows: u64,
    /// Records accepted.
    pub accepted: u64,
    /// Every rejected record, in input order.
    pub rejected: Vec<Rejection>,
    /// The report's period ([`ReportOptions::period`]), if any.
    pub period: Option<Period>,
    /// Accepted responses dated in the period (all accepted responses without one).
    pub in_period: u64,
    /// The minimum cell of disclosure control the report was made with
    /// ([`ReportOptions::min_cell`]).
    pub min_cell: u64,
    /// Every item of the questionnaire, in order, with its label (the unsur's name).
    pub items: Vec<(ItemCode, String)>,
    /// Every unit with at least one accepted response in its subtree (in the period), in
    /// catalog order; with [`ReportOptions::unit`], that unit's subtree only.
    pub units: Vec<UnitReport>,
}

impl Report {
    /// The report of a survey by a roll-up method, over the responses the filter keeps.
    ///
    /// # Errors
    ///
    /// [`ReportError::ForeignId`] when the filter's service or area is an id of another catalog
    /// than the survey's (see [`Survey::rollup`]); the filter's period is never refused.
    ///
    /// ```
    /// use persepsi::{Catalog, Filter, ForeignIdError, Precision, Questionnaire, Report, ReportError, Rollup, Survey};
    ///
    /// let survey = Survey::new(Catalog::kemenkum_2025(), Questionnaire::ikm());
    /// let report = Report::new(&survey, Rollup::Pooled, &Filter::all(), Precision::default())?;
    /// assert!(report.units.is_empty());
    /// // an area of another catalog is refused, not read as this catalog's
    /// let other = Catalog::kemenkum_2025().to_builder().build()?;
    /// let ki = other.area_id("KI").ok_or("no KI")?;
    /// let err = Report::new(&survey, Rollup::Pooled, &Filter::all().area(ki), Precision::default());
    /// assert_eq!(err, Err(ReportError::ForeignId(ForeignIdError::Area { area: ki })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        survey: &Survey,
        rollup: Rollup,
        filter: &Filter,
        precision: Precision,
    ) -> Result<Report, ReportError> {
        let options = ReportOptions::default()
            .rollup(rollup)
            .filter(*filter)
            .precision(precision);
        Report::with_options(survey, &options)
    }

    /// The report of a survey with every option: roll-up, filter and period, unit scope,
    /// breakdowns per service and per period, precision, the shrinkage prior, a comparison of
    /// two periods and the Zona Integritas thresholds.
    ///
    /// # Errors
    ///
    /// - [`ReportError::ForeignId`] when the filter's service or area, or the scope's unit, is
    ///   an id of another catalog than the survey's (see [`Survey::rollup`]);
    /// - [`ReportError::CompareOutsidePeriod`] when the report has a period and a compared
    ///   period does not lie within it;
    /// - [`ReportError::SeriesCoarserThanPeriod`] when the series' periods are longer than the
    ///   report's period.
    ///
    /// # Examples
    ///
    /// A Kanwil's report for the first semester, per service and per quarter:
    ///
    /// ```
    /// # #[cfg(feature = "csv")] {
    /// use persepsi::{Catalog, PeriodKind, Questionnaire, Report, ReportOptions, Survey};
    ///
    /// let csv = "response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9\n\
    ///            R1,2025-01-05,KW-NTT-TU,UMUM-INFORMASI,4,4,4,4,4,4,4,4,4\n\
    ///            R2,2025-04-06,KW-NTT-TU,UMUM-TU,2,2,2,2,2,2,2,2,2\n\
    ///            R3,2025-08-07,KW-NTT-TU,UMUM-INFORMASI,1,1,1,1,1,1,1,1,1\n\
    ///            R4,2025-02-01,KW-ACEH-TU,UMUM-INFORMASI,3,3,3,3,3,3,3,3,3\n";
    /// let catalog = Catalog::kemenkum_2025();
    /// let ntt = catalog.unit_id("KW-NTT").ok_or("no KW-NTT")?;
    /// let mut survey = Survey::new(catalog, Questionnaire::ikm());
    /// survey.read_csv(csv.as_bytes())?;
    /// let options = ReportOptions::default()
    ///     .period("2025-S1".parse()?)
    ///     .unit(ntt)
    ///     .by_service(true)
    ///     .series(PeriodKind::Quarter);
    /// let report = Report::with_options(&survey, &options)?;
    /// assert_eq!((report.accepted, report.in_period), (4, 3)); // R3 is in semester 2
    /// let codes: Vec<_> = report.units.iter().map(|u| u.unit.as_str()).collect();
    /// assert_eq!(codes, ["KW-NTT", "KW-NTT-TU"]);
    /// let kanwil = &report.units[0];
    /// let services = kanwil.services.as_ref().ok_or("no services")?;
    /// let per_service: Vec<_> = services
    ///     .iter()
    ///     .map(|s| (s.service.as_str(), s.indices[0].index.index100.to_string()))
    ///     .collect();
    /// // IKM: raw 4 -> 100.00, raw 2 -> 50.00
    /// assert_eq!(per_service, [("UMUM-INFORMASI", "100.00".to_string()), ("UMUM-TU", "50.00".to_string())]);
    /// let quarters: Vec<_> = kanwil.series.as_ref().ok_or("no series")?
    ///     .iter()
    ///     .map(|p| (p.period.to_string(), p.respondents))
    ///     .collect();
    /// assert_eq!(quarters, [("2025-Q1".to_string(), 1), ("2025-Q2".to_string(), 1)]);
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_options(survey: &Survey, options: &ReportOptions) -> Result<Report, ReportError> {
        Report::with_rejected(survey, options, survey.summary().rejected.clone())
    }

    /// [`Report::with_options`] on a survey that is not needed afterwards: its rejections move
    /// into the report instead of being copied, so that a file of a million rejected rows is
    /// held once, not twice.
    ///
    /// # Errors
    ///
    /// As [`Report::with_options`].
    ///
    /// ```
    /// # #[cfg(feature = "csv")] {
    /// use persepsi::{Catalog, Questionnaire, Report, ReportOptions, Survey};
    ///
    /// let csv = "response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9\n\
    ///            R1,2025-01-05,KW-NTT-TU,UMUM-INFORMASI,4,4,3,4,4,3,4,4,4\n\
    ///            R2,2025-01-06,NO-SUCH-UNIT,UMUM-INFORMASI,4,3,3,4,4,3,4,3,4\n";
    /// let mut survey = Survey::new(Catalog::kemenkum_2025(), Questionnaire::ikm());
    /// survey.read_csv(csv.as_bytes())?;
    /// let options = ReportOptions::default();
    /// let copied = Report::with_options(&survey, &options)?;
    /// let moved = Report::from_survey(survey, &options)?;
    /// assert_eq!(moved, copied);
    /// assert_eq!(moved.rejected[0].response_id, "R2");
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_survey(mut survey: Survey, options: &ReportOptions) -> Result<Report, ReportError> {
        let rejected = survey.take_rejected();
        Report::with_rejected(&survey, options, rejected)
    }

    /// The report with `rejected` as its list of rejections.
    fn with_rejected(
        survey: &Survey,
        options: &ReportOptions,
        rejected: Vec<Rejection>,
    ) -> Result<Report, ReportError> {
        let catalog = survey.catalog();
        let q = survey.questionnaire();
        let precision = options.precision;
        let min_cell = options.min_cell;
        let threads = options.threads;
        let filter = options.filter.resolve(catalog)?;
        let period = options.filter.period_filter();
        if let Some(unit) = options.unit.filter(|&u| !catalog.contains_unit(u)) {
            return Err(ForeignIdError::Unit { unit }.into());
        }
        if let Some(t) = options
            .targets
            .iter()
            .flat_map(|t| t.iter())
            .find(|t| !catalog.contains_unit(t.unit()))
        {
            return Err(ForeignIdError::Unit { unit: t.unit() }.into());
        }
        if let (Some(period), Some((from, to))) = (period, options.compare)
            && !(period.covers(from) && period.covers(to))
        {
            return Err(ReportError::CompareOutsidePeriod { period, from, to });
        }
        if let (Some(period), Some(series)) = (period, options.series)
            && series > period.kind()
        {
            return Err(ReportError::SeriesCoarserThanPeriod { series, period });
        }
        let rollups = survey.rollup_on(options.rollup, &filter, threads);
        let by_unit: BTreeMap<usize, &UnitRollup> =
            rollups.iter().map(|u| (u.unit().index(), u)).collect();
        let result_of = |unit: UnitId, k: usize| {
            by_unit
                .get(&unit.index())
                .and_then(|u| u.instruments()[k].as_ref())
        };
        // shrunk raw index per (unit, instrument)
        let shrunk = |unit: UnitId, k: usize, r: &InstrumentRollup| -> Exact {
            match catalog.parent(unit).and_then(|p| result_of(p, k)) {
                Some(parent) => shrink(
                    r.index().raw(),
                    r.respondents(),
                    parent.index().raw(),
                    options.prior,
                ),
                None => r.index().raw().clone(),
            }
        };
        // computed once: ranking compares every unit with its siblings
        let shrunk_all: HashMap<(usize, usize), Exact> = rollups
            .iter()
            .flat_map(|u| {
                u.instruments()
                    .iter()
                    .enumerate()
                    .filter_map(move |(k, r)| {
                        r.as_ref()
                            .map(|r| ((u.unit().index(), k), shrunk(u.unit(), k, r)))
                    })
            })
            .collect();
        let shrunk_of = |unit: UnitId, k: usize| shrunk_all.get(&(unit.index(), k));
        // rank among siblings: by shrunk index, highest first, ties by code; one sort per
        // (parent, instrument) rather than comparing every pair
        let mut rank_of: HashMap<(usize, usize), usize> = HashMap::new();
        let parents: BTreeSet<UnitId> = rollups
            .iter()
            .filter_map(|u| catalog.parent(u.unit()))
            .collect();
        for &p in &parents {
            for k in 0..q.instruments().len() {
                let mut siblings: Vec<(&Exact, &UnitCode, usize)> = catalog
                    .children(p)
                    .filter_map(|c| Some((shrunk_of(c, k)?, catalog.unit(c)?.code(), c.index())))
                    .collect();
                siblings.sort_by(|a, b| b.0.cmp(a.0).then_with(|| a.1.cmp(b.1)));
                for (position, (_, _, unit)) in siblings.into_iter().enumerate() {
                    rank_of.insert((unit, k), position + 1);
                }
            }
        }
        // trends: the same report's roll-up in each period
        let periods = options.compare.map(|(from, to)| {
            let at = |p: Period| survey.rollup_on(options.rollup, &filter.period(p), threads);
            (from, to, at(from), at(to))
        });
        // the units listed: all, or the scope's subtree
        let listed: Vec<&UnitRollup> = rollups
            .iter()
            .filter(|u| options.unit.is_none_or(|s| catalog.is_within(u.unit(), s)))
            .collect();
        let instruments = q.instruments();
        // a unit's respondents and printed indices in one group, made as soon as the group is
        // rolled up (its roll-ups are not kept)
        let parts = |u: &UnitRollup| -> Entry {
            let indices = u
                .instruments()
                .iter()
                .zip(instruments)
                .filter_map(|(r, ins)| {
                    Some(BreakdownIndex::of(ins, r.as_ref()?, precision, min_cell))
                })
                .collect();
            (u.respondents(), indices)
        };
        // only the scope's subtree is listed, and cells outside it cannot change its units:
        // the breakdowns leave them out
        let inside: Option<Vec<bool>> = options.unit.map(|scope| {
            let mut inside = vec![false; catalog.units().len()];
            for u in catalog.descendants(scope) {
                if let Some(slot) = inside.get_mut(u.index()) {
                    *slot = true;
                }
            }
            inside
        });
        let in_scope = |key: &crate::tally::CellKey| {
            inside
                .as_ref()
                .is_none_or(|inside| inside.get(key.unit as usize) == Some(&true))
        };
        // the two breakdowns at the same time: each has a part that runs on one thread
        let jobs: Vec<Job> = [
            options.by_service.then_some(Job::Services),
            options.series.map(Job::Series),
        ]
        .into_iter()
        .flatten()
        .collect();
        let (mut services, mut series) = (None, None);
        for done in par::map(&jobs, threads, |job| match *job {
            Job::Services => Done::Services(survey.rollup_groups(
                options.rollup,
                &filter,
                |key| in_scope(key).then_some(key.service),
                threads,
                parts,
            )),
            Job::Series(kind) => Done::Series(survey.rollup_groups(
                options.rollup,
                &filter,
                |key| in_scope(key).then(|| key.month.period(kind)),
                threads,
                parts,
            )),
        }) {
            match done {
                Done::Services(groups) => services = Some(Breakdown { groups }),
                Done::Series(groups) => series = Some(Breakdown { groups }),
            }
        }
        // the population is the unit's: a part of its responses (a period, a service, an area)
        // is a sample of a part of it whose size is not known, and is not corrected
        // (a whole year is the population's own span: a yearly service volume)
        let whole_population = {
            let f = options.filter;
            f.all_services()
                && f.period_filter()
                    .is_none_or(|p| p.kind() == crate::period::PeriodKind::Year)
        };
        let mut units = par::map(&listed, threads, |&u| UnitReport {
            respondents: u.respondents(),
            indices: u
                .instruments()
                .iter()
                .zip(instruments)
                .enumerate()
                .filter_map(|(k, (r, ins))| {
                    let r = r.as_ref()?;
                    let population = catalog.unit(u.unit()).and_then(Unit::population);
                    // the pooled index of a unit with a population: finite population
                    // correction (see the crate's stats docs for why nothing else gets it)
                    let variance = r.variance().map(|v| match (options.rollup, population) {
                        (Rollup::Pooled, Some(n)) if whole_population => {
                            finite_population_correction(v, n, r.respondents())
                        }
                        _ => v.clone(),
                    });
                    let part = BreakdownIndex::with_variance(
                        ins,
                        r,
                        variance.as_ref(),
                        precision,
                        min_cell,
                    );
                    let index = r.index();
                    let se100 = variance.as_ref().map(|v| se_100(ins, v));
                    let required = required_respondents(population);
                    let grades = ins.grades();
                    let top = grades
                        .bands()
                        .first()
                        .map_or(Decimal::ZERO, |band| grades.unrounded_min(band));
                    let own_shrunk = shrunk_of(u.unit(), k)
                        .cloned()
                        .unwrap_or_else(|| shrunk(u.unit(), k, r));
                    let rank = catalog
                        .parent(u.unit())
                        .and_then(|_| rank_of.get(&(u.unit().index(), k)).copied());
                    let zi = ins.zi_indicator();
                    let index4 = part.index.index4;
                    let trend = periods.as_ref().and_then(|(from, to, a, b)| {
                        let find = |units: &[UnitRollup]| {
                            units
                                .iter()
                                .find(|x| x.unit() == u.unit())
                                .and_then(|x| x.instruments()[k].clone())
                        };
                        let (a, b) = (find(a)?, find(b)?);
                        let at = |r: &InstrumentRollup| {
                            (
                                r.index().index100().round(20),
                                r.variance().map(|v| se_100(ins, v)),
                                r.respondents(),
                            )
                        };
                        let ((a100, a_se, an), (b100, b_se, bn)) = (at(&a), at(&b));
                        Some((*from, *to, Trend::between(a100, a_se, an, b100, b_se, bn)))
                    });
                    Some(InstrumentReport {
                        index: part.index,
                        abbreviation: part.abbreviation,
                        se100: part.se100,
                        ci95: part.ci95,
                        p_grade_a: se100.map(|se| {
                            let df = r.respondents().saturating_sub(1);
                            probability_at_least(index.index100().round(20), se, top, df)
                        }),
                        required_respondents: required,
                        sample_adequate: r.respondents() >= required,
                        shrunk_index100: ins
                            .index_from_raw(own_shrunk)
                            .index100()
                            .round(precision.index()),
                        rank,
                        lke_points: zi.map(|_| lke_points(index.index4()).round(2)),
                        zi_threshold_met: zi.map(|zi| options.zi.meets(zi, index4)),
                        trend,
                        items: part.items,
                    })
                })
                .collect(),
            ..UnitReport::empty(catalog, u.unit(), u.code())
        });
        // each breakdown entry moved to its unit's line
        if let Some(b) = services {
            let mut of_unit = b.into_units(|service, (respondents, indices)| {
                // a cell's service is a position in the survey's catalog
                let entry = catalog.services().get(service as usize)?;
                Some(ServiceReport {
                    service: entry.code().clone(),
                    name: entry.name().to_owned(),
                    respondents,
                    indices,
                })
            });
            for (line, u) in units.iter_mut().zip(&listed) {
                line.services = Some(of_unit.remove(&u.unit().index()).unwrap_or_default());
            }
        }
        if let Some(b) = series {
            let mut of_unit = b.into_units(|period, (respondents, indices)| {
                Some(PeriodReport {
                    period,
                    respondents,
                    indices,
                })
            });
            for (line, u) in units.iter_mut().zip(&listed) {
                line.series = Some(of_unit.remove(&u.unit().index()).unwrap_or_default());
            }
        }
        if let Some(targets) = &options.targets {
            units = with_targets(survey, options, targets, &listed, units);
        }
        if !survey.profile_columns().is_empty() {
            let profiles = survey.profiles(&filter);
            for line in &mut units {
                let own = catalog
                    .unit_id(line.unit.as_str())
                    .and_then(|u| profiles.get(u.index()));
                line.profile = Some(
                    own.map(|p| {
                        p.columns()
                            .iter()
                            .map(|(column, counts)| disclosure::publish(column, counts, min_cell))
                            .collect()
                    })
                    .unwrap_or_default(),
                );
            }
        }
        let summary = survey.summary();
        Ok(Report {
            questionnaire: q.name().to_owned(),
            rollup: options.rollup,
            input_rows: summary.seen,
            accepted: summary.accepted,
            rejected,
            period,
            in_period: match period {
                // a filter of a period only holds no id: it always resolves
                Some(p) => Filter::all()
                    .period(p)
                    .resolve(catalog)
                    .map_or(0, |f| survey.responses_matching(&f)),
                None => summary.accepted,
            },
            min_cell,
            items: instruments
                .iter()
                .flat_map(|ins| ins.items())
                .map(|item| (item.code().clone(), item.label().to_owned()))
                .collect(),
            units,
        })
    }

    /// Rejections counted per reason code, in alphabetical order of the code.
    #[must_use]
    pub fn rejected_by_reason(&self) -> BTreeMap<&'static str, u64> {
        crate::response::count_by_reason(&self.rejected)
    }
}
