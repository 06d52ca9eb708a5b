//! Exact SPAK/SPKP/IKM indices for Indonesian public-service perception surveys.
//!
//! `persepsi` turns star ratings into the official indices: IPKP from the SPKP survey (Survei
//! Persepsi Kualitas Pelayanan), IPAK from the SPAK survey (Survei Persepsi Anti Korupsi) and IKM
//! from the SKM survey (PermenPAN-RB 14/2017). It counts stars as integers, keeps every NRR and
//! index as an exact fraction, and rounds once, half away from zero, when a person reads it.
//!
//! # Quick example
//!
//! ```
//! use persepsi::{Grade, Instrument, Tally};
//!
//! let spak = Instrument::spak(); // 5 items, 1-6 stars, min-max map
//! let mut tally = Tally::new(&spak);
//! for stars in [[6, 6, 6, 6, 6], [6, 5, 6, 6, 6], [5, 6, 6, 6, 6], [6, 6, 6, 6, 5]] {
//!     tally.record(&spak.answers(stars.map(Some))?)?;
//! }
//! let ipak = spak.index(&tally)?;
//! // raw 5.85 on 1-6 -> p = 0.97 -> 3.91 on 1-4, 97.00 on 0-100, grade A
//! let out = ipak.rounded(Default::default());
//! assert_eq!(out.raw.to_string(), "5.8500");
//! assert_eq!(out.index4.to_string(), "3.91");
//! assert_eq!(out.index100.to_string(), "97.00");
//! assert_eq!(out.grade, Grade::A);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Overview
//!
//! The modules follow the pipeline, catalog to report:
//!
//! - [`Catalog`]: the unit hierarchy ([`Unit`], [`UnitKind`]), nested service [`Area`]s,
//!   [`Service`]s and the mapping of which unit offers which services, checked once;
//!   [`Catalog::kemenkum_2025`] is built in, [`Catalog::from_json`] reads schema v1. Its ids
//!   ([`UnitId`], [`ServiceId`], [`AreaId`]) know their catalog: another catalog answers `None`.
//! - [`Scale`] and [`Star`]: a rating scale of 2 to 10 points, and a star checked against it.
//! - [`Instrument`]: items, scale, [`Weights`], [`ScaleMap`] and [`GradeTable`]; presets
//!   [`Instrument::spkp`], [`Instrument::spak`], [`Instrument::ikm`], [`Instrument::ipk_2014`].
//!   A [`Questionnaire`] is the instruments one respondent answers.
//! - [`Survey`]: validates [`RawResponse`]s (or a CSV file, [`Survey::read_csv`]) into accepted
//!   responses and [`Rejection`]s with a [`RejectReason`] and a position, and counts stars per
//!   (unit, service, month) cell; [`Filter`] chooses services, areas and [`Period`]s.
//! - [`Tally`]: integer star histograms per item and respondent-score moments; collection-like
//!   (`Extend`, `FromIterator`, `merge`, `+=`, `Sum`) with retraction. [`GroupedTally`] counts
//!   columnar batches for many groups at once.
//! - [`IndexResult`]: NRR per item, raw index, 1-4 and 0-100 values and grade, all [`Exact`];
//!   [`RoundedIndex`] is its printed form; [`Interval`] its 95% interval.
//! - [`Survey::rollup`]: every unit's indices by [`Rollup::Pooled`] or
//!   [`Rollup::MeanOfChildren`]; [`Report`] adds intervals, shrunk indices and ranks, sample
//!   adequacy, Zona Integritas points and trends, per service and per period when asked, the
//!   items' spread, ranks and lowest items, as an indented table or report schema v2 JSON.
//!
//! The [`guide`] is the long form, to read before the code: the [pipeline](guide::pipeline)
//! stage by stage in one example, which type lives in which file, and
//! [how to add](guide::extending) an instrument, a reject reason or a report field.
//!
//! # Cookbook: a survey from responses to Kanwil and national indices
//!
//! Load a catalog (here the built-in Kementerian Hukum 2025 catalog), validate responses against
//! it and the SPKP+SPAK questionnaire, and compute the Kanwil's and the ministry's IPKP and IPAK
//! by both roll-up methods.
//!
//! ```
//! use persepsi::{Catalog, Filter, Questionnaire, RawResponse, Rollup, Survey};
//!
//! let catalog = Catalog::kemenkum_2025();
//! let questionnaire = Questionnaire::spkp_spak();
//! let mut survey = Survey::new(catalog, questionnaire);
//! let records = [
//!     // id, date, unit, service, 8 SPKP stars then 5 SPAK stars
//!     ("R1", "2025-02-03", "KW-NTT-YANKUM", "KI-MEREK", ["6"; 13]),
//!     ("R2", "2025-02-04", "KW-NTT-YANKUM", "AHU-FIDUSIA", ["5"; 13]),
//!     ("R3", "2025-02-05", "KW-NTT-P3H", "BINKUM-BANTUAN-HUKUM", ["4"; 13]),
//!     ("R4", "2025-02-06", "KW-NTT-TU", "KI-MEREK", ["6"; 13]), // not offered there
//!     ("R5", "2025-02-07", "DJKI", "KI-PATEN", ["6"; 13]),
//! ];
//! for (line, (id, date, unit, service, stars)) in records.iter().enumerate() {
//!     let raw = RawResponse { id, date, unit, service, answers: stars };
//!     let _ = survey.ingest(line as u64 + 1, &raw); // rejections are kept in the summary
//! }
//! assert_eq!(survey.summary().rejected[0].reason.code(), "service_not_offered");
//!
//! let raw_of = |method, unit: &str, instrument: &str| -> Result<_, Box<dyn std::error::Error>> {
//!     let units = survey.rollup(method, &Filter::all())?;
//!     let u = units.iter().find(|u| u.code().as_str() == unit).ok_or("unit has no responses")?;
//!     let r = u.instrument(instrument).ok_or("not answered")?;
//!     Ok((r.index().raw().round(4).to_string(), r.index().index4().round(2).to_string(),
//!         r.index().grade().grade().to_string()))
//! };
//! // KW-NTT pooled: (6 + 5 + 4) / 3 = 5 -> p = 0.8 -> 3.40, B
//! assert_eq!(raw_of(Rollup::Pooled, "KW-NTT", "SPKP")?, ("5.0000".into(), "3.40".into(), "B".into()));
//! // KW-NTT mean of children: YANKUM 5.5 and P3H 4 -> 4.75 -> p = 0.75 -> 3.25, C
//! assert_eq!(raw_of(Rollup::MeanOfChildren, "KW-NTT", "SPAK")?, ("4.7500".into(), "3.25".into(), "C".into()));
//! // national pooled: (6 + 5 + 4 + 6) / 4 = 5.25 -> 3.55, B
//! assert_eq!(raw_of(Rollup::Pooled, "KEMENKUM", "SPAK")?, ("5.2500".into(), "3.55".into(), "B".into()));
//! // national mean of children: KW-NTT 4.75 and DJKI 6 -> 5.375 -> 3.63, B
//! assert_eq!(raw_of(Rollup::MeanOfChildren, "KEMENKUM", "SPAK")?, ("5.3750".into(), "3.63".into(), "B".into()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Precision and rounding
//!
//! 1. Stars are counted as `u64`; star sums are `u128`.
//! 2. NRR_i = (sum of stars on item i) / n_i over the responses that answered item i; a missing
//!    answer is never a zero.
//! 3. The raw index is the weighted mean of the NRR over the answered items, with exact weights
//!    (1/9, not 0.111 or 0.11).
//! 4. The map to 1-4 and 0-100 is applied to the exact raw value.
//! 5. Only then is anything rounded, by [`Exact::round`]: half away from zero (Excel's `ROUND`),
//!    never banker's rounding. Defaults ([`Precision`]): NRR and raw 4 decimals, 1-4 and 0-100
//!    values 2 decimals.
//! 6. The grade comes from the 0-100 value rounded to the grade table's decimals (2): raw 3.5322
//!    on IKM is 88.305, printed 88.31, grade A.
//! 7. Standard errors need a square root: variances are exact fractions, the root (20
//!    decimals) and Student's t distribution ([`student_t_cdf`], [`t95`]: about 10⁻¹²) are
//!    taken in [`Decimal`] arithmetic. No `f64` is used in any value a user reads. The
//!    formulas are below.
//!
//! # Statistics
//!
//! - **Interval** ([`Interval`]): the raw index plus and minus `t95(n - 1) × se`, with `se` the
//!   square root of [`Instrument::index_variance`] (the
//!   sample variance of the respondents' scores over `n`), clamped to the scale.
//! - **Finite population** ([`finite_population_correction`]): where the catalog gives a unit's
//!   population `N`, the variance of the unit's pooled index is multiplied by
//!   `(N - n) / (N - 1)` (0 from `n = N` on) before its square root, so `se` shrinks by
//!   `sqrt((N - n) / (N - 1))`; this reaches the unit's `se100`, `ci95` and `p_grade_a` and
//!   nothing else, and only in a report of all services over a year or with no period. Not
//!   the trends, services or periods, nor a report filtered to a service, an area or a part of
//!   a year: `N` is the unit's population over a year (as for [`required_respondents`]), and
//!   the part of it behind one quarter or one service is not known; not the mean of children
//!   (a leaf's included, to keep one rule per method): its variance is a sum over children
//!   with populations of their own.
//! - **Chance of grade A** ([`probability_at_least`]): `F_{n-1}((index - A) / se)` with `A` the
//!   value from which grade A is printed (88.305 before rounding to 88.31) and `F` the same t
//!   distribution as the interval's.
//! - **Trend** ([`Trend`]): Welch's test: the change `d` between two periods with standard errors
//!   `a`, `b` over `n1`, `n2` respondents is significant when `|d| > t(ν) sqrt(a² + b²)`, with
//!   `ν = (a² + b²)² / (a⁴ / (n1 - 1) + b⁴ / (n2 - 1))` (a real number).
//! - **Student's t** ([`student_t_cdf`], [`student_t_quantile`]): for t >= 0, `F(t) = 1 -
//!   I_x(ν/2, 1/2) / 2` with `x = ν / (ν + t²)`, `I` the regularized incomplete beta function
//!   (its continued fraction; `ln Γ` by a Stirling series); from 200 df on, the Cornish-Fisher
//!   expansion to `1/ν⁵` (Abramowitz and Stegun 26.7.5). Checked against R's `qt` (6 decimals,
//!   df 1-30, 40, 60, 120, 1000) and closed forms (1 and 2 df).
//!
//! # Errors and panics
//!
//! Every fallible operation returns a `Result` with one error enum per concern, each variant
//! carrying the offending value: [`StarError`], [`CodeError`], [`InstrumentError`],
//! [`AnswerError`], [`QuestionnaireError`], [`GradeTableError`], [`TallyError`], [`IndexError`],
//! [`BatchError`], [`CatalogError`], [`ForeignIdError`], [`DateError`], and `ReadError` (feature
//! `csv`). A record that fails validation is not an error of the call: it is kept as a
//! [`Rejection`]. An id used with another catalog than its own is never read as that catalog's
//! entry: lookups return `None` (or nothing, or `false`) and [`Survey::tally`],
//! [`Survey::rollup`] and [`Report`] return a [`ForeignIdError`].
//!
//! | operation | on bad input |
//! |---|---|
//! | constructors, parsers, `record`, `merge`, `retract`, `subtract`, `index`, `record_batch`, `ingest`, `read_csv` | typed error (or a kept [`Rejection`]), value unchanged |
//! | `tally`, `rollup`, `Report::new`, `Report::with_options` with an id of another catalog | [`ForeignIdError`] |
//! | catalog lookups by an id of another catalog | `None`, nothing, `false` |
//! | `Tally`'s and `QuestionnaireTally`'s `+=`, `Sum`; `Tally`'s `Extend`, `FromIterator` | panic on a shape mismatch or `u64` overflow (use the methods above) |
//! | everything else | cannot fail |
//!
//! # Crate features
//!
//! - `serde` (default): `Serialize`/`Deserialize` for the public types (deserialization
//!   re-validates), the catalog file format ([`Catalog::from_json`]) and the JSON report.
//!   [`Catalog::kemenkum_2025`] is there without it.
//! - `csv` (default): the streaming reader for response files.
//!
//! # Glossary
//!
//! | term | meaning |
//! |---|---|
//! | SPKP / IPKP | Survei / Indeks Persepsi Kualitas Pelayanan: service-quality perception |
//! | SPAK / IPAK | Survei / Indeks Persepsi Anti Korupsi: anti-corruption perception |
//! | SKM / IKM | Survei / Indeks Kepuasan Masyarakat: public satisfaction (PermenPAN-RB 14/2017) |
//! | NRR | nilai rata-rata: an item's mean stars |
//! | unsur | a questionnaire item |
//! | mutu, kinerja | the grade (A-D) and its label (Sangat Baik ... Tidak Baik) |
//! | Kanwil | Kantor Wilayah, a regional office |
//! | UPT | unit pelaksana teknis, a technical implementation unit |
//! | Eselon I | a directorate-general-level unit |
//! | ZI, WBK, WBBM, LKE | Zona Integritas, its two titles, and its evaluation sheet |
//!
// Links to items of an optional feature: to the item when it is built, else to "Crate features".
#![cfg_attr(feature = "serde", doc = "[`Catalog::from_json`]: Catalog::from_json")]
#![cfg_attr(
    not(feature = "serde"),
    doc = "[`Catalog::from_json`]: #crate-features"
)]
#![cfg_attr(feature = "csv", doc = "[`Survey::read_csv`]: Survey::read_csv")]
#![cfg_attr(not(feature = "csv"), doc = "[`Survey::read_csv`]: #crate-features")]

mod catalog;
mod code;
mod exact;
mod grade;
pub mod guide;
mod index;
mod instrument;
mod par;
mod period;
mod profile;
#[cfg(feature = "csv")]
mod read;
mod report;
mod response;
mod rollup;
mod scale;
mod stats;
mod survey;
mod tally;
mod target;
mod zi;

/// The README's examples, run as doctests.
#[cfg(all(doctest, feature = "serde"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

#[cfg(feature = "serde")]
pub use catalog::KEMENKUM_2025;
pub use catalog::{
    Ancestors, Area, AreaId, Catalog, CatalogBuilder, CatalogError, Children, Descendants,
    ForeignIdError, Service, ServiceId, Unit, UnitId, UnitKind,
};
pub use code::{
    AreaCode, CodeError, InstrumentCode, ItemCode, MAX_CODE_LEN, ServiceCode, UnitCode,
};
pub use exact::{Exact, MAX_DECIMALS, ZeroDenominator};
pub use grade::{Grade, GradeBand, GradeTable, GradeTableError};
pub use index::{Index, IndexError, IndexResult, ItemNrr, Precision, PrecisionError, RoundedIndex};
pub use instrument::{
    AnswerError, Answers, Instrument, InstrumentBuilder, InstrumentError, Item, Questionnaire,
    QuestionnaireError, ScaleMap, Weights, ZiIndicator,
};
pub use period::{Date, DateError, Period, PeriodKind};
pub use profile::RespondentProfile;
#[cfg(feature = "csv")]
pub use read::{ReadError, ReadOptions};
pub use report::{
    BreakdownIndex, InstrumentReport, ItemFindings, PeriodReport, ProfileColumn, ProfileValue,
    Report, ReportError, ReportOptions, ServiceReport, TargetReport, UnitReport,
};
pub use response::{RawResponse, RejectReason, Rejection, Response};
pub use rollup::{Contributor, InstrumentRollup, Rollup, Source, UnitRollup};
pub use rust_decimal::Decimal;
pub use scale::{MAX_POINTS, MIN_POINTS, Scale, Star, StarError};
pub use stats::{
    Interval, Trend, finite_population_correction, krejcie_morgan, normal_cdf,
    probability_at_least, required_respondents, shrink, slovin, student_t_cdf, student_t_quantile,
    t95,
};
pub use survey::{Filter, IngestSummary, Survey};
pub use tally::{BatchError, GroupedTally, QuestionnaireTally, ScoreMoments, Tally, TallyError};
pub use target::{Target, TargetError, TargetErrorKind, Targets};
pub use zi::{ZiThresholds, lke_points};
