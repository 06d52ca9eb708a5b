//! [persepsi]'s exact SPAK/SPKP/IKM indices as aggregate functions of
//! [Apache DataFusion](https://datafusion.apache.org) (55.x), the embeddable Rust query engine:
//! `GROUP BY` units, services or periods in SQL over CSV or Parquet files, with the same
//! digits as the library.
//!
//! # The functions
//!
//! [`PersepsiFunctions::register`] adds two aggregates to a session:
//!
//! - `persepsi_index(instrument, star_1, ..., star_m)` returns a struct: `instrument`,
//!   `responses`, `respondents`, `rejected` (rows not counted, below), `nrr` (a list, one per
//!   item, null when unanswered), `raw`, `index4` (the 1-4 value), `index100` (0-100), `grade`
//!   and `label`; the values are `Decimal128` rounded once, half away from zero, at the
//!   functions' [`Precision`](persepsi::Precision) (default: 4 decimals for NRR and raw, 2 for the
//!   1-4 and 0-100 values). `raw` to `label` are null when nothing was answered.
//! - `persepsi_tally(instrument, star_1, ..., star_m)` returns the mergeable state as bytes
//!   ([`encode_tally`]); `persepsi_index(instrument, tally)` over such a column merges the tallies
//!   and gives the index, so per-day tallies can be kept and re-aggregated per year.
//!
//! `instrument` is a literal code (`'SPKP'`, `'SPAK'`, `'IKM'`, `'IPK2014'` or one added with
//! [`PersepsiFunctions::with_instrument`]); there must be one star argument per item, in the
//! instrument's item order. Stars are integers of any width: NULL is a missing answer, 1 to
//! the scale's points a star. A row with any other value (0, 7 on a 1-6 scale, -1) is not
//! counted and adds one to `rejected`: accepted + rejected = rows, as in the library. Text
//! columns must be cast (`TRY_CAST(c AS BIGINT)`, whose NULL then counts as a missing answer).
//! SQL folds unquoted names to lower case: write `"SPKP1"` for a CSV header `SPKP1`.
//!
//! Validation of ids, units, services and dates is the library's job ([`persepsi::Survey`]): run
//! SQL over records it accepted when the checks matter.
//!
//! # How it runs
//!
//! Both functions have an [`Accumulator`](datafusion::logical_expr::Accumulator) (one group;
//! with `retract_batch`, so sliding window frames work) and a
//! [`GroupsAccumulator`](datafusion::logical_expr::GroupsAccumulator), DataFusion's fast path for
//! `GROUP BY`, which counts each batch's stars as integers into a [`persepsi::GroupedTally`].
//! Partial aggregates exchange one `LargeBinary` state column, the encoded tally
//! ([`encode_tally`]), which the final step checks as it reads it ([`decode_tally`]).
//!
//! # Ballista
//!
//! The functions run unchanged on a [Ballista](https://datafusion.apache.org/ballista/)
//! cluster. Either the executors have them in their function registry (an executor started
//! from a session state where they are registered), or, with the feature `proto`, the plan
//! carries them: [`PersepsiCodec`] wraps Ballista's physical extension codec, writes each
//! function's precision and instrument codes into the serialized plan and rebuilds the
//! function on the executor. The crate's `tests/ballista.rs` starts a cluster on loopback
//! (scheduler and an executor that has only DataFusion's built-in functions) and checks its
//! results against the library's for every unit; the partial aggregates run in one stage, their
//! `LargeBinary` states cross Ballista's shuffle, and the final aggregates run in the next.
//!
//! # Example
//!
//! ```
//! use std::sync::Arc;
//! use datafusion::arrow::array::{Int64Array, RecordBatch, StringArray};
//! use datafusion::arrow::datatypes::{DataType, Field, Schema};
//! use datafusion::prelude::SessionContext;
//! use persepsi_datafusion::PersepsiFunctions;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> datafusion::error::Result<()> {
//! let ctx = SessionContext::new();
//! PersepsiFunctions::new().register(&ctx);
//! let star = |name| Field::new(name, DataType::Int64, true);
//! let schema = Arc::new(Schema::new(vec![
//!     Field::new("unit", DataType::Utf8, false),
//!     star("s1"), star("s2"), star("s3"), star("s4"), star("s5"),
//! ]));
//! let batch = RecordBatch::try_new(schema, vec![
//!     Arc::new(StringArray::from(vec!["A", "A", "B"])),
//!     Arc::new(Int64Array::from(vec![Some(6), Some(5), Some(4)])),
//!     Arc::new(Int64Array::from(vec![Some(6), None, Some(4)])),
//!     Arc::new(Int64Array::from(vec![6, 5, 4])),
//!     Arc::new(Int64Array::from(vec![6, 5, 9])), // 9 is off the 1-6 scale: B's row is rejected
//!     Arc::new(Int64Array::from(vec![6, 5, 4])),
//! ])?;
//! ctx.register_batch("responses", batch)?;
//! let df = ctx.sql(
//!     "SELECT unit, i['index4'] AS index4, i['rejected'] AS rejected FROM (
//!        SELECT unit, persepsi_index('SPAK', s1, s2, s3, s4, s5) AS i
//!        FROM responses GROUP BY unit) ORDER BY unit",
//! ).await?;
//! let text = datafusion::arrow::util::pretty::pretty_format_batches(&df.collect().await?)?;
//! // A: item means 5.5, 6, 5.5, 5.5, 5.5 -> raw 5.6 -> 1 + 3 x (5.6 - 1) / 5 = 3.76
//! assert_eq!(text.to_string(), "\
//! +------+--------+----------+
//! | unit | index4 | rejected |
//! +------+--------+----------+
//! | A    | 3.76   | 0        |
//! | B    |        | 1        |
//! +------+--------+----------+");
//! # Ok(())
//! # }
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod accumulator;
#[cfg(feature = "proto")]
mod codec;
mod function;
mod output;
mod state;

#[cfg(feature = "proto")]
pub use codec::PersepsiCodec;
pub use function::{INDEX_FUNCTION, PersepsiFunctions, TALLY_FUNCTION};
pub use state::{StateError, decode_tally, encode_tally};
