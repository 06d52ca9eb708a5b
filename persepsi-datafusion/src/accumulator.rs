//! The accumulators: one group at a time ([`Accumulator`], also for sliding windows) and many
//! groups at once ([`GroupsAccumulator`], DataFusion's fast path for `GROUP BY`).

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, BooleanArray, LargeBinaryBuilder};
use datafusion::arrow::datatypes::{Int64Type, UInt64Type};
use datafusion::common::{DataFusionError, Result, ScalarValue, exec_err};
use datafusion::logical_expr::{Accumulator, EmitTo, GroupsAccumulator};
use persepsi::{GroupedTally, Instrument, Precision, Tally};

use crate::output::index_array;
use crate::state::{decode_tally, encode_tally};

/// What the aggregate reads: one integer column per item, or encoded tallies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Input {
    /// `instrument, star_1, ..., star_m`.
    Stars,
    /// `instrument, tally` (what `persepsi_tally` returned).
    Tallies,
}

/// What the aggregate returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Output {
    /// The index struct, rounded at this precision.
    Index(Precision),
    /// The encoded tally.
    Tally,
}

/// Everything an accumulator needs to know about its call.
#[derive(Debug, Clone)]
pub(crate) struct Spec {
    pub(crate) instrument: Instrument,
    pub(crate) input: Input,
    pub(crate) output: Output,
}

fn error(context: &str, e: impl std::fmt::Display) -> DataFusionError {
    DataFusionError::Execution(format!("{context}: {e}"))
}

/// The stars of a batch, row-major (0 = missing answer), and what to do with each row.
struct Rows {
    stars: Vec<u8>,
    status: Vec<Status>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    /// Counted.
    Count,
    /// A star off the scale: not counted, counted as rejected.
    Reject,
    /// Left out by the aggregate's `FILTER` clause.
    Skip,
}

fn keeps(filter: Option<&BooleanArray>, row: usize) -> bool {
    filter.is_none_or(|f| f.is_valid(row) && f.value(row))
}

/// Reads the star columns (Int64 after coercion): NULL is a missing answer, 1 to `points` a
/// star, anything else rejects the row.
fn read_stars(columns: &[ArrayRef], points: u8, filter: Option<&BooleanArray>) -> Result<Rows> {
    let items = columns.len();
    let rows = columns.first().map_or(0, |c| c.len());
    let mut stars = vec![0u8; rows * items];
    let mut status: Vec<Status> = (0..rows)
        .map(|r| {
            if keeps(filter, r) {
                Status::Count
            } else {
                Status::Skip
            }
        })
        .collect();
    for (item, column) in columns.iter().enumerate() {
        if column.len() != rows {
            return exec_err!("star columns of different lengths");
        }
        let nulls = column.nulls().filter(|n| n.null_count() > 0);
        // signed columns are coerced to Int64, unsigned ones to UInt64 (a cast of a u64 above
        // i64::MAX would fail the query instead of rejecting the row)
        let star = |v: Option<u64>| {
            v.and_then(|v| u8::try_from(v).ok())
                .filter(|s| (1..=points).contains(s))
        };
        let mut put = |r: usize, s: Option<u8>| match s {
            Some(s) => stars[r * items + item] = s,
            None => {
                if status[r] == Status::Count {
                    status[r] = Status::Reject;
                }
            }
        };
        if let Some(column) = column.as_primitive_opt::<Int64Type>() {
            for (r, &v) in column.values().iter().enumerate() {
                if !nulls.is_some_and(|n| n.is_null(r)) {
                    put(r, star(u64::try_from(v).ok()));
                }
            }
        } else if let Some(column) = column.as_primitive_opt::<UInt64Type>() {
            for (r, &v) in column.values().iter().enumerate() {
                if !nulls.is_some_and(|n| n.is_null(r)) {
                    put(r, star(Some(v)));
                }
            }
        } else {
            return exec_err!(
                "star column {} is {}, not Int64 or UInt64 (the planner coerces integer columns)",
                item + 1,
                column.data_type()
            );
        }
    }
    Ok(Rows { stars, status })
}

/// The tally column of a batch, each non-null value decoded (with its rejected rows).
fn read_tallies<'a>(
    instrument: &'a Instrument,
    column: &'a ArrayRef,
) -> Result<impl Iterator<Item = (usize, Result<(Tally, u64)>)> + 'a> {
    let Some(column) = column.as_binary_opt::<i64>() else {
        return exec_err!(
            "a tally column is {}, not LargeBinary (the planner coerces binary columns)",
            column.data_type()
        );
    };
    Ok(column.iter().enumerate().filter_map(move |(r, bytes)| {
        bytes.map(|b| {
            (
                r,
                decode_tally(instrument, b).map_err(|e| error("tally", e)),
            )
        })
    }))
}

fn encode(instrument: &Instrument, tally: &Tally, rejected: u64) -> Result<Vec<u8>> {
    encode_tally(instrument, tally, rejected)
        .ok_or_else(|| error("tally", "a tally without respondent-score moments"))
}

fn binary(instrument: &Instrument, groups: impl Iterator<Item = (Tally, u64)>) -> Result<ArrayRef> {
    let mut out = LargeBinaryBuilder::new();
    for (tally, rejected) in groups {
        out.append_value(encode(instrument, &tally, rejected)?);
    }
    Ok(Arc::new(out.finish()))
}

/// One group's tally: for aggregates without `GROUP BY`, and for window frames (retraction).
#[derive(Debug)]
pub(crate) struct RowAccumulator {
    spec: Spec,
    tally: Tally,
    rejected: u64,
}

impl RowAccumulator {
    pub(crate) fn new(spec: Spec) -> RowAccumulator {
        let tally = Tally::new(&spec.instrument);
        RowAccumulator {
            spec,
            tally,
            rejected: 0,
        }
    }

    /// Counts (`add`) or takes back (`!add`) a batch.
    fn apply(&mut self, values: &[ArrayRef], add: bool) -> Result<()> {
        let instrument = &self.spec.instrument;
        match self.spec.input {
            Input::Stars => {
                let rows = read_stars(
                    values.get(1..).unwrap_or(&[]),
                    instrument.scale().points(),
                    None,
                )?;
                let items = instrument.items().len();
                for (status, row) in rows
                    .status
                    .iter()
                    .zip(rows.stars.chunks_exact(items.max(1)))
                {
                    match status {
                        Status::Count => {
                            let answers = instrument
                                .answers(row.iter().map(|&s| (s != 0).then_some(s)))
                                .map_err(|e| error("answers", e))?;
                            if add {
                                self.tally.record(&answers)
                            } else {
                                self.tally.retract(&answers)
                            }
                            .map_err(|e| error("tally", e))?;
                        }
                        Status::Reject => self.rejected = step(self.rejected, 1, add)?,
                        Status::Skip => {}
                    }
                }
            }
            Input::Tallies => {
                let Some(column) = values.get(1) else {
                    return exec_err!("no tally column");
                };
                for (_, decoded) in read_tallies(instrument, column)? {
                    let (tally, rejected) = decoded?;
                    absorb(&mut self.tally, &mut self.rejected, &tally, rejected, add)?;
                }
            }
        }
        Ok(())
    }
}

/// Merges (`add`) or subtracts a tally and its rejected rows; nothing changes on an error.
fn absorb(
    into: &mut Tally,
    count: &mut u64,
    tally: &Tally,
    rejected: u64,
    add: bool,
) -> Result<()> {
    let next_count = step(*count, rejected, add)?;
    // merge and subtract leave the tally as it was when they fail
    if add {
        into.merge(tally)
    } else {
        into.subtract(tally)
    }
    .map_err(|e| error("tally", e))?;
    *count = next_count;
    Ok(())
}

/// `count + by` or `count - by`, refusing to pass the ends.
fn step(count: u64, by: u64, add: bool) -> Result<u64> {
    let next = if add {
        count.checked_add(by)
    } else {
        count.checked_sub(by)
    };
    next.ok_or_else(|| {
        error(
            "rejected rows",
            format!(
                "{count} {} {by} is out of range",
                if add { "+" } else { "-" }
            ),
        )
    })
}

impl Accumulator for RowAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        self.apply(values, true)
    }

    fn retract_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        self.apply(values, false)
    }

    fn supports_retract_batch(&self) -> bool {
        true
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        let one = std::iter::once((self.tally.clone(), self.rejected));
        let array = match self.spec.output {
            Output::Index(precision) => index_array(&self.spec.instrument, precision, one)?,
            Output::Tally => binary(&self.spec.instrument, one)?,
        };
        ScalarValue::try_from_array(&array, 0)
    }

    fn size(&self) -> usize {
        std::mem::size_of_val(self)
            + self.tally.item_count() * (usize::from(self.tally.points()) + 1) * 8
            + (self.tally.item_count() + 1) * 40
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        let bytes = encode(&self.spec.instrument, &self.tally, self.rejected)?;
        Ok(vec![ScalarValue::LargeBinary(Some(bytes))])
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let Some(column) = states.first() else {
            return exec_err!("no state column");
        };
        for (_, decoded) in read_tallies(&self.spec.instrument, column)? {
            let (tally, rejected) = decoded?;
            absorb(&mut self.tally, &mut self.rejected, &tally, rejected, true)?;
        }
        Ok(())
    }
}

/// The tallies of every group side by side ([`GroupedTally`]): integer counting per batch, one
/// tally per group only when results are produced.
pub(crate) struct GroupsTally {
    spec: Spec,
    grouped: GroupedTally,
    rejected: Vec<u64>,
    // scratch, reused across batches
    stars: Vec<u8>,
    groups: Vec<u32>,
}

impl GroupsTally {
    pub(crate) fn new(spec: Spec) -> GroupsTally {
        let grouped = GroupedTally::new(&spec.instrument, 0);
        GroupsTally {
            spec,
            grouped,
            rejected: Vec::new(),
            stars: Vec::new(),
            groups: Vec::new(),
        }
    }

    fn grow(&mut self, total: usize) {
        if total > self.grouped.groups() {
            self.grouped.resize(total);
            self.rejected.resize(total, 0);
        }
    }

    fn reject(&mut self, group: usize, by: u64) -> Result<()> {
        let Some(count) = self.rejected.get_mut(group) else {
            return exec_err!("group {group} out of range");
        };
        *count = step(*count, by, true)?;
        Ok(())
    }

    fn add_tallies(
        &mut self,
        column: &ArrayRef,
        group_indices: &[usize],
        filter: Option<&BooleanArray>,
    ) -> Result<()> {
        let instrument = self.spec.instrument.clone();
        for (r, decoded) in read_tallies(&instrument, column)? {
            if !keeps(filter, r) {
                continue;
            }
            let (tally, rejected) = decoded?;
            let Some(&g) = group_indices.get(r) else {
                return exec_err!("row {r} has no group");
            };
            self.grouped
                .add_tally(g, &tally)
                .map_err(|e| error("tally", e))?;
            self.reject(g, rejected)?;
        }
        Ok(())
    }

    /// Takes the groups to emit out of the accumulator.
    fn take(&mut self, emit_to: EmitTo) -> (GroupedTally, Vec<u64>) {
        let rejected = emit_to.take_needed(&mut self.rejected);
        let part = match emit_to {
            EmitTo::All => std::mem::replace(
                &mut self.grouped,
                GroupedTally::new(&self.spec.instrument, 0),
            ),
            EmitTo::First(n) => self.grouped.split_off_front(n),
        };
        (part, rejected)
    }
}

/// Each group's tally of a taken part, with its rejected rows.
fn groups_of(
    part: &GroupedTally,
    rejected: Vec<u64>,
) -> impl ExactSizeIterator<Item = (Tally, u64)> + '_ {
    rejected
        .into_iter()
        .enumerate()
        .map(|(g, r)| (part.tally(g).unwrap_or_default(), r))
}

impl GroupsAccumulator for GroupsTally {
    fn update_batch(
        &mut self,
        values: &[ArrayRef],
        group_indices: &[usize],
        opt_filter: Option<&BooleanArray>,
        total_num_groups: usize,
    ) -> Result<()> {
        self.grow(total_num_groups);
        match self.spec.input {
            Input::Stars => {
                let items = self.spec.instrument.items().len();
                let points = self.spec.instrument.scale().points();
                let rows = read_stars(values.get(1..).unwrap_or(&[]), points, opt_filter)?;
                if rows.status.len() != group_indices.len() {
                    return exec_err!(
                        "{} rows but {} group indices",
                        rows.status.len(),
                        group_indices.len()
                    );
                }
                let mut stars = std::mem::take(&mut self.stars);
                let mut groups = std::mem::take(&mut self.groups);
                stars.clear();
                groups.clear();
                if rows.status.iter().all(|&s| s == Status::Count) {
                    // the usual batch: every row counted, the stars as read
                    for &g in group_indices {
                        let Ok(g) = u32::try_from(g) else {
                            return exec_err!("group {g} is above u32::MAX");
                        };
                        groups.push(g);
                    }
                    let counted = self
                        .grouped
                        .record_batch(&rows.stars, &groups)
                        .map_err(|e| error("batch", e));
                    self.stars = stars;
                    self.groups = groups;
                    return counted;
                }
                for ((status, row), &g) in rows
                    .status
                    .iter()
                    .zip(rows.stars.chunks_exact(items.max(1)))
                    .zip(group_indices)
                {
                    match status {
                        Status::Count => {
                            let Ok(g) = u32::try_from(g) else {
                                return exec_err!("group {g} is above u32::MAX");
                            };
                            stars.extend_from_slice(row);
                            groups.push(g);
                        }
                        Status::Reject => self.reject(g, 1)?,
                        Status::Skip => {}
                    }
                }
                let counted = self
                    .grouped
                    .record_batch(&stars, &groups)
                    .map_err(|e| error("batch", e));
                self.stars = stars;
                self.groups = groups;
                counted
            }
            Input::Tallies => {
                let Some(column) = values.get(1) else {
                    return exec_err!("no tally column");
                };
                self.add_tallies(column, group_indices, opt_filter)
            }
        }
    }

    fn evaluate(&mut self, emit_to: EmitTo) -> Result<ArrayRef> {
        let (part, rejected) = self.take(emit_to);
        match self.spec.output {
            Output::Index(precision) => {
                index_array(&self.spec.instrument, precision, groups_of(&part, rejected))
            }
            Output::Tally => binary(&self.spec.instrument, groups_of(&part, rejected)),
        }
    }

    fn state(&mut self, emit_to: EmitTo) -> Result<Vec<ArrayRef>> {
        let (part, rejected) = self.take(emit_to);
        Ok(vec![binary(
            &self.spec.instrument,
            groups_of(&part, rejected),
        )?])
    }

    fn merge_batch(
        &mut self,
        values: &[ArrayRef],
        group_indices: &[usize],
        total_num_groups: usize,
    ) -> Result<()> {
        self.grow(total_num_groups);
        let Some(column) = values.first() else {
            return exec_err!("no state column");
        };
        self.add_tallies(column, group_indices, None)
    }

    /// Each row as a state of its own: a one-response tally, or an empty one with the row
    /// counted as rejected (a star off the scale) or left out (the `FILTER` clause).
    fn convert_to_state(
        &self,
        values: &[ArrayRef],
        opt_filter: Option<&BooleanArray>,
    ) -> Result<Vec<ArrayRef>> {
        let instrument = &self.spec.instrument;
        let empty = Tally::new(instrument);
        let mut out = LargeBinaryBuilder::new();
        match self.spec.input {
            Input::Stars => {
                let items = instrument.items().len();
                let rows = read_stars(
                    values.get(1..).unwrap_or(&[]),
                    instrument.scale().points(),
                    opt_filter,
                )?;
                for (status, row) in rows
                    .status
                    .iter()
                    .zip(rows.stars.chunks_exact(items.max(1)))
                {
                    let bytes = match status {
                        Status::Count => {
                            let answers = instrument
                                .answers(row.iter().map(|&s| (s != 0).then_some(s)))
                                .map_err(|e| error("answers", e))?;
                            let mut one = empty.clone();
                            one.record(&answers).map_err(|e| error("tally", e))?;
                            encode(instrument, &one, 0)?
                        }
                        Status::Reject => encode(instrument, &empty, 1)?,
                        Status::Skip => encode(instrument, &empty, 0)?,
                    };
                    out.append_value(bytes);
                }
            }
            Input::Tallies => {
                let Some(column) = values.get(1).and_then(|c| c.as_binary_opt::<i64>()) else {
                    return exec_err!("no tally column");
                };
                let none = encode(instrument, &empty, 0)?;
                for (r, bytes) in column.iter().enumerate() {
                    match bytes {
                        Some(b) if keeps(opt_filter, r) => out.append_value(b),
                        _ => out.append_value(&none),
                    }
                }
            }
        }
        Ok(vec![Arc::new(out.finish())])
    }

    fn size(&self) -> usize {
        self.grouped.size_in_bytes()
            + self.rejected.capacity() * 8
            + self.stars.capacity()
            + self.groups.capacity() * 4
    }
}
