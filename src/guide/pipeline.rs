//! The pipeline: catalog -> questionnaire -> responses -> tallies -> indices -> roll-ups ->
//! report, and which file holds each stage.
//!
//! # The stages
//!
//! ```text
//!  Catalog                          Questionnaire
//!  units in one hierarchy,          Instruments: items, Scale,
//!  areas, services, offers          Weights, ScaleMap, GradeTable
//!        |                                |
//!        +-------> Survey::new <----------+
//!                      |
//!   RawResponse ------>+<------ CSV file (Survey::read_csv, feature csv)
//!                      |
//!          validation (date, unit, service, offer, stars; ids)
//!                      |-----------------> Rejection { line, response_id, RejectReason }
//!                      | accepted           kept in the IngestSummary
//!                      v
//!   Tally per (unit, service, month) cell: integer star histograms, score moments
//!                      |  Survey::tally(unit, filter): a subtree's cells, merged
//!                      v
//!   Instrument::index -> IndexResult: NRR per item, raw, 1-4, 0-100, grade (all Exact)
//!                      |
//!   Survey::rollup(Rollup, Filter) -> UnitRollup per unit with responses in its subtree
//!                      |
//!   Report::new / with_options -> UnitReport, InstrumentReport: rounded once, with intervals,
//!                      |          shrunk indices and ranks, sample adequacy, ZI points, trends,
//!                      |          items (ItemFindings); per service (ServiceReport) and per
//!                      |          period (PeriodReport): the same roll-up over a group of cells
//!                      v
//!   Display (a table) | Report::to_json (report schema v2, feature serde)
//! ```
//!
//! A module only uses the stages above it, never one below: a [`Tally`] knows only the shape of
//! its instrument and `Instrument::index` only the instrument and a tally, so both work without
//! a catalog or a survey. Everything that can be wrong about an input is refused where it enters: a
//! catalog or an instrument when it is built, a record when it is ingested (kept as a
//! [`Rejection`], not an error of the call). Past that, lookups return `Option`, traversals
//! cannot fail, and tallies, roll-ups and reports fail only when given an id of another catalog
//! (a `ForeignIdError`).
//!
//! # The pipeline in one example
//!
//! A catalog of a ministry and two Kanwil, the SPAK questionnaire, four records (one naming a
//! unit the catalog does not know), and every stage in turn. It needs no crate feature.
//!
//! ```
//! use persepsi::{
//!     Catalog, Filter, Instrument, Precision, Questionnaire, RawResponse, Report, Rollup, Survey,
//!     UnitKind,
//! };
//!
//! // catalog: checked once, by `build` (unique codes, one root, known parents and services)
//! let catalog = Catalog::builder()
//!     .unit("PUSAT".parse()?, "Kementerian", UnitKind::Ministry, None)
//!     .unit("KW-A".parse()?, "Kanwil A", UnitKind::Kanwil, Some("PUSAT".parse()?))
//!     .unit("KW-B".parse()?, "Kanwil B", UnitKind::Kanwil, Some("PUSAT".parse()?))
//!     .service("KI-MEREK".parse()?, "Merek", "KI".parse()?)
//!     .offer("KW-A".parse()?, vec!["KI-MEREK".parse()?])
//!     .offer("KW-B".parse()?, vec!["KI-MEREK".parse()?])
//!     .build()?;
//! // questionnaire: the instruments one respondent answers, in column order
//! let questionnaire = Questionnaire::new("spak", vec![Instrument::spak()])?;
//!
//! // responses: validated against both; the survey shares them (it keeps an Arc of each)
//! let mut survey = Survey::new(catalog, questionnaire);
//! let records = [
//!     ("R1", "KW-A", ["6", "6", "6", "6", "6"]),
//!     ("R2", "KW-A", ["5", "6", "6", "6", "6"]),
//!     ("R3", "KW-B", ["4", "4", "5", "4", "4"]),
//!     ("R4", "KW-C", ["6", "6", "6", "6", "6"]), // not in the catalog
//! ];
//! for (line, (id, unit, stars)) in records.iter().enumerate() {
//!     let raw = RawResponse { id, date: "2025-03-14", unit, service: "KI-MEREK", answers: stars };
//!     let _ = survey.ingest(line as u64 + 2, &raw); // a rejection is also kept in the summary
//! }
//! assert_eq!(survey.summary().rejected_by_reason()["unknown_unit"], 1);
//!
//! // tallies: integer counts per (unit, service, month) cell, merged over a subtree
//! let kw_a = survey.catalog().unit_id("KW-A").ok_or("no KW-A")?;
//! let tallies = survey.tally(kw_a, &Filter::all())?; // another catalog's id: an error
//! let spak_tally = &tallies.instruments()[0];
//! assert_eq!(spak_tally.respondents(), 2);
//!
//! // indices: exact NRR, raw, 1-4, 0-100 and grade from a tally
//! let spak = &survey.questionnaire().instruments()[0];
//! let ipak = spak.index(spak_tally)?;
//! assert_eq!(ipak.raw().round(4).to_string(), "5.9000"); // NRR 5.5, 6, 6, 6, 6
//!
//! // roll-ups: every unit with responses in its subtree, by a named method
//! let units = survey.rollup(Rollup::MeanOfChildren, &Filter::all())?;
//! let pusat = units.iter().find(|u| u.code().as_str() == "PUSAT").ok_or("no PUSAT")?;
//! let raw = pusat.instrument("SPAK").ok_or("no SPAK")?.index().raw().round(4);
//! assert_eq!(raw.to_string(), "5.0500"); // KW-A 5.9 and KW-B 4.2 count once each
//!
//! // report: every number rounded once; Display prints it as a table
//! let method = Rollup::MeanOfChildren;
//! let report = Report::new(&survey, method, &Filter::all(), Precision::default())?;
//! assert_eq!(report.units.len(), 3); // PUSAT, KW-A, KW-B
//! assert!(report.to_string().contains("unknown_unit"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Where things live
//!
//! A concept that spans several files has a folder beside its module file (`catalog.rs` and
//! `catalog/`); `lib.rs` re-exports every public type at the crate root. Methods live with the
//! stage they serve, so some types have `impl` blocks in more than one file: `Instrument::index`
//! is in `index.rs`, `Survey::rollup` in `rollup.rs`, `Survey::read_csv` in `survey/read.rs`,
//! `Tally::nrr_standard_error` in `stats/interval.rs`, `Report`'s `Display` in
//! `report/table.rs`.
//!
//! | stage | public types | files in `src/` |
//! |---|---|---|
//! | codes, stars, dates | [`UnitCode`], [`ServiceCode`], [`AreaCode`], [`InstrumentCode`], [`ItemCode`], [`Scale`], [`Star`], [`Date`], [`Period`] | `code.rs`, `scale.rs`, `period.rs` |
//! | catalog | [`Catalog`], [`CatalogBuilder`], [`Unit`], [`UnitKind`], [`Area`], [`Service`], [`UnitId`], [`Children`], [`CatalogError`] | `catalog.rs` (the catalog and its queries); `catalog/builder.rs`, `entry.rs`, `id.rs` (ids with their catalog's tag), `iter.rs` (walks), `error.rs`; `catalog/kemenkum.rs` and `kemenkum/tables.rs` (the built-in catalog, generated from `data/kemenkum-2025.json`, no feature needed); `catalog/json.rs` (schema v1, feature `serde`) |
//! | questionnaire | [`Instrument`], [`Item`], [`Weights`], [`ScaleMap`], [`InstrumentBuilder`], [`Answers`], [`Questionnaire`], [`GradeTable`], [`Grade`] | `instrument.rs` (instrument, items, weights, maps); `instrument/builder.rs`, `preset.rs` (SPKP, SPAK, IKM, IPK 2014), `answers.rs`, `questionnaire.rs`; `grade.rs` |
//! | responses | [`RawResponse`], [`Response`], [`RejectReason`], [`Rejection`] | `response.rs`; `response/check.rs` (the field checks: date, unit, service, offer, stars, in that order; what a star is, `Scale::read_star`, is written once in `scale.rs`), `response/reject.rs`, `response/seen.rs` (the seen-id set, in shards) |
//! | survey | [`Survey`], [`Filter`], [`IngestSummary`] | `survey.rs` (ingest, validate, tally); `survey/filter.rs`, `summary.rs`, `read.rs` (reading a file into a survey) |
//! | CSV reader (feature `csv`) | `ReadOptions`, `ReadError` | `read.rs` (the driver); `read/split.rs` (blocks of whole records), `csv.rs` (`csv-core` for quoted records), `header.rs`, `fast.rs` (the usual record in one pass), `scan.rs` (word-at-a-time byte scans), `worker.rs` (the long way and counting), `ids.rs` (duplicate ids in file order), `options.rs`, `error.rs` |
//! | tallies | [`Tally`], [`ScoreMoments`], [`QuestionnaireTally`], [`GroupedTally`], [`TallyError`] | `tally.rs`; `tally/merge.rs` (the one rule for merging and taking away), `moments.rs`, `serde.rs`, `questionnaire.rs`, `batch.rs` (columnar batches, for query engines), `cells.rs` (the survey's flat per-cell counts) |
//! | indices | [`IndexResult`], [`Index`], [`ItemNrr`], [`Precision`], [`RoundedIndex`], [`Exact`] | `index.rs`, `exact.rs` (exact fractions and the one rounding rule) |
//! | roll-ups | [`Rollup`], [`UnitRollup`], [`InstrumentRollup`], [`Contributor`] | `rollup.rs` |
//! | uncertainty, ZI | [`Interval`], [`Trend`], [`shrink`], [`krejcie_morgan`], [`ZiThresholds`], [`lke_points`] | `stats.rs`; `stats/interval.rs`, `sample.rs`, `shrink.rs`, `trend.rs`; `zi.rs` |
//! | report | [`Report`], [`ReportOptions`], [`ReportError`], [`UnitReport`], [`InstrumentReport`], [`ServiceReport`], [`PeriodReport`], [`BreakdownIndex`], [`ItemFindings`] | `report.rs` (what a report holds and how it is computed); `report/options.rs`, `error.rs`, `breakdown.rs` (per service and per period), `items.rs` (spread, ranks, lowest items), `json.rs` (schema v2, feature `serde`), `table.rs`, `targets.rs` (a unit's targets beside what it achieved) |
//! | targets | [`Targets`], [`Target`], [`TargetError`] | `target.rs` (a targets file read against a catalog) |
//! | threads | - | `par.rs` (scoped threads: the one way the crate uses them) |
//!
//! Beside the library: the workspace member `persepsi-cli` (the `persepsi` command the README
//! runs: flags to [`ReportOptions`], nothing else), `examples/compute.rs` (the library calls of
//! a report in a few lines),
//! `examples/gen_sample.rs` (the sample files in `examples/data/`), `tests/` (one file per area
//! of the public API; `tests/properties.rs` for laws), `benches/`, `fuzz/`, and the workspace
//! member `persepsi-datafusion` (SQL aggregate functions over the public API).
//!
//! [`Rejection`]: crate::Rejection
//! [`UnitCode`]: crate::UnitCode
//! [`ServiceCode`]: crate::ServiceCode
//! [`AreaCode`]: crate::AreaCode
//! [`InstrumentCode`]: crate::InstrumentCode
//! [`ItemCode`]: crate::ItemCode
//! [`Scale`]: crate::Scale
//! [`Star`]: crate::Star
//! [`Date`]: crate::Date
//! [`Period`]: crate::Period
//! [`Catalog`]: crate::Catalog
//! [`CatalogBuilder`]: crate::CatalogBuilder
//! [`Unit`]: crate::Unit
//! [`UnitKind`]: crate::UnitKind
//! [`Area`]: crate::Area
//! [`Service`]: crate::Service
//! [`UnitId`]: crate::UnitId
//! [`Children`]: crate::Children
//! [`CatalogError`]: crate::CatalogError
//! [`Instrument`]: crate::Instrument
//! [`Item`]: crate::Item
//! [`Weights`]: crate::Weights
//! [`ScaleMap`]: crate::ScaleMap
//! [`InstrumentBuilder`]: crate::InstrumentBuilder
//! [`Answers`]: crate::Answers
//! [`Questionnaire`]: crate::Questionnaire
//! [`GradeTable`]: crate::GradeTable
//! [`Grade`]: crate::Grade
//! [`RawResponse`]: crate::RawResponse
//! [`Response`]: crate::Response
//! [`RejectReason`]: crate::RejectReason
//! [`Survey`]: crate::Survey
//! [`Filter`]: crate::Filter
//! [`IngestSummary`]: crate::IngestSummary
//! [`Tally`]: crate::Tally
//! [`ScoreMoments`]: crate::ScoreMoments
//! [`QuestionnaireTally`]: crate::QuestionnaireTally
//! [`GroupedTally`]: crate::GroupedTally
//! [`TallyError`]: crate::TallyError
//! [`IndexResult`]: crate::IndexResult
//! [`Index`]: crate::Index
//! [`ItemNrr`]: crate::ItemNrr
//! [`Precision`]: crate::Precision
//! [`RoundedIndex`]: crate::RoundedIndex
//! [`Exact`]: crate::Exact
//! [`Rollup`]: crate::Rollup
//! [`UnitRollup`]: crate::UnitRollup
//! [`InstrumentRollup`]: crate::InstrumentRollup
//! [`Contributor`]: crate::Contributor
//! [`Interval`]: crate::Interval
//! [`Trend`]: crate::Trend
//! [`shrink`]: crate::shrink
//! [`krejcie_morgan`]: crate::krejcie_morgan
//! [`ZiThresholds`]: crate::ZiThresholds
//! [`lke_points`]: crate::lke_points
//! [`Report`]: crate::Report
//! [`ReportOptions`]: crate::ReportOptions
//! [`UnitReport`]: crate::UnitReport
//! [`InstrumentReport`]: crate::InstrumentReport
//! [`ReportError`]: crate::ReportError
//! [`Targets`]: crate::Targets
//! [`Target`]: crate::Target
//! [`TargetError`]: crate::TargetError
//! [`ServiceReport`]: crate::ServiceReport
//! [`PeriodReport`]: crate::PeriodReport
//! [`BreakdownIndex`]: crate::BreakdownIndex
//! [`ItemFindings`]: crate::ItemFindings
