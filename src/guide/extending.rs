//! Extending the crate: an instrument, a reject reason, a report field, and every place each
//! one touches.
//!
//! Paths are relative to the repository. Each change ends with a line in `CHANGELOG.md` under
//! `[Unreleased]`, and with `bash .ci/run` passing.
//!
//! # An instrument
//!
//! **Without changing the crate.** [`Instrument::builder`] makes any instrument: items, a
//! [`Scale`] of 2 to 10 points, [`Weights`] (exact, summing to exactly 1), a [`ScaleMap`] and a
//! [`GradeTable`]. `build` checks them once; put the instrument in a [`Questionnaire`] and hand
//! that to [`Survey::new`]. A CSV file then needs one column per item, named by the item's code.
//!
//! ```
//! use persepsi::{Exact, Instrument, Questionnaire, Scale, ScaleMap, Tally, Weights};
//!
//! let half = Exact::from_ratio(1, 2)?;
//! let quarter = Exact::from_ratio(1, 4)?;
//! let online = Instrument::builder("DARING".parse()?, Scale::new(5)?)
//!     .name("Indeks Layanan Daring")
//!     .abbreviation("ILD")
//!     .item("LD1".parse()?, "Kemudahan akses")
//!     .item("LD2".parse()?, "Kecepatan")
//!     .item("LD3".parse()?, "Kejelasan informasi")
//!     .weights(Weights::custom(vec![half, quarter.clone(), quarter]));
//! // x25 is the IKM map of a 1-4 scale: refused on 1-5 stars
//! assert!(online.clone().map(ScaleMap::Times25).build().is_err());
//! let online = online.build()?; // min-max map, PermenPAN-RB 14/2017 grades
//!
//! let q = Questionnaire::new("spkp-daring", vec![Instrument::spkp(), online])?;
//! assert_eq!(q.item_count(), 11);
//! let daring = q.instrument("DARING").ok_or("no DARING")?;
//! let mut tally = Tally::new(daring);
//! tally.record(&daring.answers([Some(5), Some(3), Some(1)])?)?;
//! // 5/2 + 3/4 + 1/4 = 3.5 on 1-5 -> p = 0.625 -> 62.50, grade D
//! let index = daring.index(&tally)?;
//! assert_eq!(index.raw().round(4).to_string(), "3.5000");
//! assert_eq!(index.index100().round(2).to_string(), "62.50");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! **As a built-in preset.**
//!
//! 1. `src/instrument/preset.rs`: a constructor beside [`Instrument::spkp`] that calls
//!    `preset(code, abbreviation, name, scale, map, zi, items)` (`zi`: the Zona Integritas
//!    indicator it counts as, [`ZiIndicator`], or `None`), with its source (regulation, year)
//!    in its docs and a doc example. `preset` gives equal weights and the PermenPAN-RB 14/2017
//!    grade table; a preset that differs sets its fields on what `preset` returns.
//! 2. `src/instrument.rs`: add it to the unit test `presets_pass_their_own_validation`, which
//!    builds every preset through the builder's checks. A questionnaire preset, if it comes with
//!    one, goes beside [`Questionnaire::spkp_spak`] in `src/instrument/questionnaire.rs`.
//! 3. `tests/golden.rs`: the published figures it must reproduce, to the digit.
//! 4. Where instruments are listed by name: a report gives Zona Integritas points to the
//!    instruments whose `zi_indicator` is set (the preset's `zi` argument), against the
//!    thresholds in [`ZiThresholds`] (`src/zi.rs`); `examples/compute.rs` knows questionnaires
//!    by name (`--questionnaire`);
//!    `persepsi-datafusion` knows instruments by code in `PersepsiFunctions::new`
//!    (`src/function.rs`) and in `presets()` of `src/codec.rs` (the codec puts only presets in
//!    a serialized plan: add it to both, or Ballista executors cannot run it).
//! 5. The README's table "What it computes" and the crate docs' overview.
//!
//! # A reject reason
//!
//! A record is validated in a fixed order, and the first failing check is its reason (the
//! order of [`RejectReason`]'s variants). Every path that validates records must give the same
//! reason for the same record: [`Survey::ingest`] and [`Survey::validate`], and the CSV reader
//! on its fast path and on its long way, on one thread or several. So the rule is written once
//! and every path calls it.
//!
//! 1. `src/response/reject.rs`: a variant of [`RejectReason`] at its place in the check order,
//!    documented, carrying the offending value (trimmed text, or the code); its snake_case name
//!    in [`RejectReason::code`] and in its doc list; the name in [`RejectReason::CODES`] at the
//!    same place (the array's length is part of its type: a breaking change); its message in
//!    `Display` (lowercase, no trailing period).
//! 2. The check, once:
//!    - a check of a record's fields (date, unit, service, offer, stars, answers) goes into
//!      `check_fields` in `src/response/check.rs`, at its place in the order. `Survey::ingest`
//!      and `Survey::validate` (`src/survey.rs`) and the reader's long way
//!      (`Worker::check_record` in `src/read/worker.rs`, also for records with quotes, parsed
//!      by `src/read/csv.rs`) all call it;
//!    - a check of the record itself (as `malformed_record`, `wrong_column_count`) or of its id
//!      (`missing_response_id`) runs before `check_fields`: in `Survey::ingest_fields` and
//!      `Survey::validate` for a [`RawResponse`], and in `Worker::check_record` for a file. The
//!      duplicate-id check comes after these and before the verdict of `check_fields`
//!      (`IdSet::admit` and `IdShard::admit` in `src/response/seen.rs`; the reader's shards in
//!      `src/read/ids.rs`).
//! 3. The reader's fast path, `FastPath::record` in `src/read/fast.rs`, accepts the usual
//!    record in one pass without calling `check_fields`: one-digit stars on the scale, dates
//!    through its date cache, codes through its code tables, the offer by
//!    `Catalog::offer_pair_at`. It must return `None` for every record the new check would
//!    refuse, so that the long way finds the reason; else such a record is counted.
//! 4. Tests: `tests/responses.rs` (each reason through `ingest` and `validate`, in check order,
//!    compared with `RejectReason::CODES`); `tests/reader.rs`, whose property tests compare the
//!    file reader with a reference that reads the same generated files with the `csv` crate
//!    and `Survey::ingest` (`tests/common/reference.rs`), for any thread count and block size:
//!    make its generators write records the new check refuses. `tests/compute.rs` asks the
//!    bundled sample for at least two rows of every reason: add a `Mistake` to
//!    `examples/gen_sample.rs` and regenerate `examples/data/responses.csv` as its docs say.
//! 5. The README's list of reasons (under "The `compute` example") and the list of checks in
//!    [`Survey::ingest`]'s docs. Reports need nothing: they carry the code and the message.
//!
//! The same record gives the same reason by either way in:
//!
//! ```
//! # #[cfg(feature = "csv")] {
//! use std::sync::Arc;
//!
//! use persepsi::{Catalog, Instrument, Questionnaire, RawResponse, RejectReason, Survey, UnitKind};
//!
//! let catalog = Arc::new(
//!     Catalog::builder()
//!         .unit("KW-A".parse()?, "Kanwil A", UnitKind::Kanwil, None)
//!         .service("KI-MEREK".parse()?, "Merek", "KI".parse()?)
//!         .offer("KW-A".parse()?, vec!["KI-MEREK".parse()?])
//!         .build()?,
//! );
//! let q = Arc::new(Questionnaire::new("spak", vec![Instrument::spak()])?);
//! let stars = ["6", "6", "9", "6", "6"]; // 9 is off the 1-6 scale
//! let raw = RawResponse { id: "R1", date: "2025-03-14", unit: "KW-A", service: "KI-MEREK", answers: &stars };
//! let by_ingest = Survey::new(Arc::clone(&catalog), Arc::clone(&q)).ingest(2, &raw).unwrap_err();
//! assert!(matches!(by_ingest, RejectReason::StarOutOfRange { value: 9, .. }));
//!
//! let file = "response_id,date,unit,service,SPAK1,SPAK2,SPAK3,SPAK4,SPAK5\n\
//!             R1,2025-03-14,KW-A,KI-MEREK,6,6,9,6,6\n";
//! let mut survey = Survey::new(catalog, q);
//! survey.read_csv(file.as_bytes())?;
//! assert_eq!(survey.summary().rejected[0].reason, by_ingest);
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # A report field
//!
//! 1. `src/report.rs`: a documented public field of [`InstrumentReport`] (or [`UnitReport`],
//!    [`Report`]; all `#[non_exhaustive]`, so a field is not a breaking change), computed in
//!    `Report::with_options` from the unit's roll-up. Compute it exactly and round it there,
//!    once, with the report's [`Precision`] or a stated number of decimals: a [`Decimal`],
//!    never an `f64`.
//! 2. `src/report/options.rs`: if a setting drives it, a chained setter on [`ReportOptions`]
//!    (a small `Copy` value or an enum, not a boolean argument).
//! 3. `src/report/json.rs`: serialize it in `impl Serialize for InstrumentReport` (or its
//!    unit's or report's), in snake_case, numbers as decimal strings (`text` for an
//!    `Option<Decimal>`). An added field keeps report schema v2 (the `schema` number written by
//!    `impl Serialize for Report`); renaming or removing one, or changing its meaning, is a new
//!    schema. If the example in `Report::to_json`'s docs shows its neighbours, show it too.
//! 4. `src/report/table.rs`: the table shows each instrument's respondents, 1-4 and 0-100
//!    values and grade, and the lowest unsur; add a column only for what a person reads there.
//! 5. Tests: `tests/compute.rs` pins a whole report as JSON (`json!`): add the field and its
//!    value, worked out by hand in a comment (`tests/report_v2.rs` does the same for the
//!    breakdowns). The README's "What it computes" and "The `persepsi` tool", if users should
//!    know of it.
//!
//! [`Instrument::builder`]: crate::Instrument::builder
//! [`Instrument::spkp`]: crate::Instrument::spkp
//! [`Scale`]: crate::Scale
//! [`Weights`]: crate::Weights
//! [`ScaleMap`]: crate::ScaleMap
//! [`GradeTable`]: crate::GradeTable
//! [`Questionnaire`]: crate::Questionnaire
//! [`Questionnaire::spkp_spak`]: crate::Questionnaire::spkp_spak
//! [`Survey::new`]: crate::Survey::new
//! [`Survey::ingest`]: crate::Survey::ingest
//! [`Survey::validate`]: crate::Survey::validate
//! [`ZiThresholds`]: crate::ZiThresholds
//! [`RejectReason`]: crate::RejectReason
//! [`RejectReason::code`]: crate::RejectReason::code
//! [`RejectReason::CODES`]: crate::RejectReason::CODES
//! [`RawResponse`]: crate::RawResponse
//! [`InstrumentReport`]: crate::InstrumentReport
//! [`UnitReport`]: crate::UnitReport
//! [`Report`]: crate::Report
//! [`Precision`]: crate::Precision
//! [`Decimal`]: crate::Decimal
//! [`ReportOptions`]: crate::ReportOptions
//! [`ZiIndicator`]: crate::ZiIndicator
