//! The report: every unit's indices by a roll-up method, and every rejected record.

#[cfg(feature = "serde")]
mod json;
mod options;
mod table;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::num::NonZeroUsize;

use rust_decimal::Decimal;
use rust_decimal::MathematicalOps;

use crate::catalog::{ForeignIdError, Unit, UnitId};
use crate::code::UnitCode;
use crate::exact::Exact;
use crate::grade::GradeBand;
use crate::index::{Precision, RoundedIndex};
use crate::instrument::{Instrument, ScaleMap};
use crate::par;
use crate::period::Period;
use crate::response::Rejection;
use crate::rollup::{InstrumentRollup, Rollup, UnitRollup};
use crate::stats::{Trend, probability_at_least, required_respondents, shrink};
use crate::survey::{Filter, Survey};
use crate::zi::lke_points;

pub use options::ReportOptions;

/// The standard error on the 0-100 scale of an exact raw-index variance (unrounded).
fn se_100(instrument: &Instrument, variance: &Exact) -> Decimal {
    let se = variance
        .round(20)
        .max(Decimal::ZERO)
        .sqrt()
        .unwrap_or(Decimal::ZERO);
    match instrument.map() {
        ScaleMap::Times25 => se * Decimal::from(25),
        ScaleMap::MinMax => {
            se * Decimal::from(100) / Decimal::from(instrument.scale().points() - 1)
        }
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
    /// with respondent scores, equal weights).
    pub se100: Option<Decimal>,
    /// The 95% interval on the 0-100 scale (2 decimals, clamped to the scale), when defined.
    pub ci95: Option<(Decimal, Decimal)>,
    /// The probability that the true 0-100 value reaches grade A (the grade table's top band),
    /// normal approximation, 4 decimals; when the standard error is defined.
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
}

/// One unit's line of the report.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct UnitReport {
    /// The unit's code.
    pub unit: UnitCode,
    /// The unit's name.
    pub name: String,
    /// Accepted responses in the unit's subtree.
    pub respondents: u64,
    /// One entry per instrument that someone in the subtree answered, in questionnaire order.
    pub indices: Vec<InstrumentReport>,
}

/// The report of a survey (report schema v1): the questionnaire, the roll-up method, what was
/// read, every rejection, and every unit with at least one accepted response in its subtree, in
/// catalog order. Every number is rounded once, half away from zero.
///
/// [`Display`](std::fmt::Display) prints an aligned table; `Report::to_json` (feature `serde`)
/// prints report schema v1.
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
    /// Every unit with at least one accepted response in its subtree, in catalog order.
    pub units: Vec<UnitReport>,
}

impl Report {
    /// The report of a survey by a roll-up method, over the responses the filter keeps.
    ///
    /// # Errors
    ///
    /// [`ForeignIdError`] when the filter's service or area is an id of another catalog than
    /// the survey's (see [`Survey::rollup`]).
    ///
    /// ```
    /// use persepsi::{Catalog, Filter, ForeignIdError, Precision, Questionnaire, Report, Rollup, Survey};
    ///
    /// let survey = Survey::new(Catalog::kemenkum_2025(), Questionnaire::ikm());
    /// let report = Report::new(&survey, Rollup::Pooled, &Filter::all(), Precision::default())?;
    /// assert!(report.units.is_empty());
    /// // an area of another catalog is refused, not read as this catalog's
    /// let other = Catalog::kemenkum_2025().to_builder().build()?;
    /// let ki = other.area_id("KI").ok_or("no KI")?;
    /// let err = Report::new(&survey, Rollup::Pooled, &Filter::all().area(ki), Precision::default());
    /// assert_eq!(err, Err(ForeignIdError::Area { area: ki }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        survey: &Survey,
        rollup: Rollup,
        filter: &Filter,
        precision: Precision,
    ) -> Result<Report, ForeignIdError> {
        let options = ReportOptions::default()
            .rollup(rollup)
            .filter(*filter)
            .precision(precision);
        Report::with_options(survey, &options)
    }

    /// The report of a survey with every option: roll-up, filter, precision, the shrinkage prior,
    /// a comparison of two periods and the Zona Integritas thresholds.
    ///
    /// # Errors
    ///
    /// [`ForeignIdError`] when the filter's service or area is an id of another catalog than
    /// the survey's (see [`Survey::rollup`]).
    pub fn with_options(
        survey: &Survey,
        options: &ReportOptions,
    ) -> Result<Report, ForeignIdError> {
        let catalog = survey.catalog();
        let q = survey.questionnaire();
        let precision = options.precision;
        let threads = options.threads;
        let filter = options.filter.resolve(catalog)?;
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
        let units = par::map(&rollups, threads, |u| UnitReport {
            unit: u.code().clone(),
            name: catalog.unit(u.unit()).map_or("", Unit::name).to_owned(),
            respondents: u.respondents(),
            indices: u
                .instruments()
                .iter()
                .zip(q.instruments())
                .enumerate()
                .filter_map(|(k, (r, ins))| {
                    let r = r.as_ref()?;
                    let rounded = r.pooled().rounded_with(r.index(), precision);
                    let index = r.index();
                    let se100 = r.variance().map(|v| se_100(ins, v));
                    let interval = r.interval(ins);
                    let required =
                        required_respondents(catalog.unit(u.unit()).and_then(Unit::population));
                    let top = ins
                        .grades()
                        .bands()
                        .first()
                        .map_or(Decimal::ZERO, GradeBand::min);
                    let own_shrunk = shrunk_of(u.unit(), k)
                        .cloned()
                        .unwrap_or_else(|| shrunk(u.unit(), k, r));
                    let rank = catalog
                        .parent(u.unit())
                        .and_then(|_| rank_of.get(&(u.unit().index(), k)).copied());
                    let zi = ins.zi_indicator();
                    let index4 = rounded.index4;
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
                        index: rounded,
                        abbreviation: ins.abbreviation().to_owned(),
                        se100: se100.map(|s| Exact::from_decimal(s).round(2)),
                        ci95: interval.map(|i| i.index100()),
                        p_grade_a: se100
                            .map(|se| probability_at_least(index.index100().round(20), se, top)),
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
                    })
                })
                .collect(),
        });
        let summary = survey.summary();
        Ok(Report {
            questionnaire: q.name().to_owned(),
            rollup: options.rollup,
            input_rows: summary.seen,
            accepted: summary.accepted,
            rejected: summary.rejected.clone(),
            units,
        })
    }

    /// Rejections counted per reason code, in alphabetical order of the code.
    #[must_use]
    pub fn rejected_by_reason(&self) -> BTreeMap<&'static str, u64> {
        crate::response::count_by_reason(&self.rejected)
    }
}
