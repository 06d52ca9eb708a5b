//! The worker: parses and validates blocks of records (all but the duplicate-id check), counts
//! those that pass in its own cells, and sorts the records that show an id into batches per id
//! shard.

use std::ops::Range;
use std::sync::Mutex;

use super::csv::{Parser, is_break};
use super::fast::FastPath;
use super::header::Columns;
use super::ids::{Outcome, Position, Probe, ShardBatch, ShardState, offer_all};
use super::profile::{ProfileCounter, push_values};
use super::scan::{split_line, utf8_prefix};
use super::split::Block;
use crate::catalog::Catalog;
use crate::instrument::Questionnaire;
use crate::period::Month;
use crate::profile::ProfileStore;
use crate::response::seen::{SHARDS, hash_id, shard_of};
use crate::response::{RejectReason, Rejection, check_fields, trim};
use crate::tally::{CellKey, CellStore};

/// A worker's own tallies, counted as it checks records (records that the id check then finds
/// to be duplicates are retracted from the total), in the survey's cell layout so that they
/// join the survey's cells without a copy. Per offered (unit, service) pair, the months seen
/// and their cell's number, so that counting a record is a short scan and a few adds, with no
/// hash lookup.
pub(super) struct WorkerCells {
    /// Per pair, the month and cell it last counted in: one flat array that stays in cache
    /// (files are mostly in date order, so this is usually the cell).
    pub(super) recent: Vec<Option<(Month, usize)>>,
    /// Per pair, every month seen and its cell.
    pub(super) by_pair: Vec<Vec<(Month, usize)>>,
    pub(super) store: CellStore,
}

impl WorkerCells {
    pub(super) fn new(catalog: &Catalog, q: &Questionnaire) -> WorkerCells {
        WorkerCells {
            recent: vec![None; catalog.pair_count()],
            by_pair: vec![Vec::new(); catalog.pair_count()],
            store: CellStore::new(q),
        }
    }

    /// Counts a record's stars in its pair's cell of `month`, and returns the cell's number.
    pub(super) fn record(
        &mut self,
        catalog: &Catalog,
        pair: u32,
        month: Month,
        slots: &[u8],
    ) -> Option<usize> {
        let recent = self.recent.get_mut(pair as usize)?;
        let cell = match *recent {
            Some((m, cell)) if m == month => cell,
            _ => {
                let months = self.by_pair.get_mut(pair as usize)?;
                let cell = match months.iter().find(|(m, _)| *m == month) {
                    Some(&(_, cell)) => cell,
                    None => {
                        let (unit, service) = catalog.pair(pair)?;
                        let cell = self.store.cell(CellKey {
                            unit,
                            service,
                            month,
                        });
                        months.push((month, cell));
                        cell
                    }
                };
                *recent = Some((month, cell));
                cell
            }
        };
        self.store.record_at(cell, slots);
        Some(cell)
    }
}

/// Parses and validates records (all but the duplicate-id check), counts those that pass in
/// its own cells, and sorts the records that show an id into batches per id shard.
pub(super) struct Worker<'a> {
    pub(super) catalog: &'a Catalog,
    pub(super) q: &'a Questionnaire,
    pub(super) cols: &'a Columns,
    pub(super) cells: WorkerCells,
    /// Records rejected before their id could be checked (malformed, wrong column count, no id).
    pub(super) rejected: Vec<(Position, Rejection)>,
    /// The position of the next record.
    pub(super) at: Position,
    pub(super) parser: Parser,
    pub(super) fields: Vec<Range<usize>>,
    pub(super) slots: Vec<u8>,
    pub(super) batches: Vec<ShardBatch>,
    /// The one-pass check of the usual record.
    pub(super) fast: FastPath<'a>,
    /// The profile columns' counts.
    pub(super) profile: ProfileCounter,
    /// The current record's profile cells, as ranges of its bytes.
    pub(super) values: Vec<Range<usize>>,
}

impl<'a> Worker<'a> {
    pub(super) fn new(
        catalog: &'a Catalog,
        q: &'a Questionnaire,
        cols: &'a Columns,
        profile: &[String],
    ) -> Self {
        Worker {
            catalog,
            q,
            cols,
            cells: WorkerCells::new(catalog, q),
            rejected: Vec::new(),
            at: (0, 0),
            parser: Parser::default(),
            fields: Vec::with_capacity(cols.width + 1),
            slots: Vec::with_capacity(q.item_count()),
            batches: Vec::new(),
            fast: FastPath::new(catalog, q, cols),
            profile: ProfileCounter::new(profile),
            values: vec![0..0; cols.profile.len()],
        }
    }

    /// What the worker counted, and the records it rejected before their id check.
    pub(super) fn finish(self) -> (CellStore, ProfileStore, Vec<(Position, Rejection)>) {
        let profile = self.profile.finish(self.cells.store.keys());
        (self.cells.store, profile, self.rejected)
    }

    /// Checks a block, then offers its batches to the id shards.
    pub(super) fn take(&mut self, block: &Block, shards: &[Mutex<ShardState>]) {
        let data = block.buf.get(..block.len).unwrap_or(&block.buf);
        #[cfg(test)]
        assert!(
            memchr::memmem::find(data, super::tests::PANIC).is_none(),
            "a worker's panic, injected by a test"
        );
        self.check_block(block.seq, data, block.line, block.quoted);
        offer_all(shards, block.seq, &mut self.batches, self.q);
    }

    /// Checks a block into the batches, one per shard: each record in one pass when it is the
    /// usual kind ([`FastPath::record`]), the long way otherwise (through `csv-core` when
    /// the block holds a quote), each checked for UTF-8.
    pub(super) fn check_block(&mut self, seq: u64, block: &[u8], mut line: u64, quoted: bool) {
        self.at = (seq, 0);
        self.batches.resize_with(SHARDS, ShardBatch::default);
        let mut parser = std::mem::take(&mut self.parser);
        let mut fields = std::mem::take(&mut self.fields);
        // `block[..valid]` is UTF-8: a record that ends there needs no check of its own (records
        // start and end at ASCII bytes); past an invalid byte, checking resumes at the next record
        let mut valid = utf8_prefix(block);
        let mut at = 0;
        while let Some(&b) = block.get(at) {
            if is_break(b) {
                line += u64::from(b == b'\n');
                at += 1;
                continue;
            }
            if let Some((end, breaks, fast)) =
                self.fast
                    .record(block, at, &mut self.slots, &mut self.values)
                && end <= valid
            {
                let position = self.at;
                self.at.1 += 1;
                let id = block.get(fast.id).unwrap_or(&[]);
                self.pass(line, position, id, block, Ok((fast.pair, fast.cell)));
                line += breaks;
                at = end;
                continue;
            }
            let rest = block.get(at..).unwrap_or(&[]);
            if quoted {
                let Some((consumed, unescaped)) = parser.parse(rest, true) else {
                    break;
                };
                let record = rest.get(..consumed).unwrap_or(rest);
                let raw = if unescaped { &parser.out[..] } else { record };
                let record_line = line;
                line += if unescaped {
                    memchr::memchr_iter(b'\n', record).count() as u64
                } else {
                    // an unquoted record holds no line break but its terminator
                    u64::from(record.last() == Some(&b'\n'))
                };
                at += consumed;
                // each field must be UTF-8: the unescaped fields stand side by side, where two
                // halves of a character in two fields would pass as one
                let text = simdutf8::basic::from_utf8(raw).ok().filter(|text| {
                    !unescaped
                        || parser
                            .fields
                            .iter()
                            .all(|f| text.is_char_boundary(f.start) && text.is_char_boundary(f.end))
                });
                self.check_record(record_line, text, raw, &parser.fields);
            } else {
                fields.clear();
                let end = split_line(rest, 0, &mut fields);
                let raw = rest.get(..end).unwrap_or(rest);
                at += end;
                self.check_record(line, simdutf8::basic::from_utf8(raw).ok(), raw, &fields);
            }
            if at > valid {
                valid = at + utf8_prefix(block.get(at..).unwrap_or(&[]));
            }
        }
        self.parser = parser;
        self.fields = fields;
    }

    /// Checks one record (`raw`, its `text` when valid UTF-8, `fields` as byte ranges in it):
    /// rejects it here or counts it and hands its id to the id check.
    pub(super) fn check_record(
        &mut self,
        line: u64,
        text: Option<&str>,
        raw: &[u8],
        fields: &[Range<usize>],
    ) {
        let cols = self.cols;
        let at = self.at;
        self.at.1 += 1;
        let Some(text) = text else {
            let id = fields
                .get(cols.id)
                .and_then(|r| raw.get(r.clone()))
                .unwrap_or(b"");
            let id = String::from_utf8_lossy(id).trim().to_owned();
            self.reject(line, id, RejectReason::MalformedRecord);
            return;
        };
        let cell = |i: usize| -> &str {
            fields
                .get(i)
                .and_then(|r| text.get(r.clone()))
                .unwrap_or("")
        };
        if fields.len() != cols.width {
            let reason = RejectReason::WrongColumnCount {
                expected: cols.width,
                found: fields.len(),
            };
            self.reject(line, cell(cols.id).trim().to_owned(), reason);
            return;
        }
        let id = trim(cell(cols.id));
        if id.is_empty() {
            self.reject(line, String::new(), RejectReason::MissingResponseId);
            return;
        }
        // each profile cell trimmed, as a range of the record
        for (range, &column) in self.values.iter_mut().zip(&cols.profile) {
            let whole = fields.get(column).cloned().unwrap_or(0..0);
            let text = text.get(whole.clone()).unwrap_or("");
            let trimmed = trim(text);
            let start = whole.start + (trimmed.as_ptr() as usize - text.as_ptr() as usize);
            *range = start..start + trimmed.len();
        }
        let checked = check_fields(
            self.catalog,
            self.q,
            cell(cols.date),
            cell(cols.unit),
            cell(cols.service),
            |k| cols.items.get(k).map(|&c| cell(c)),
            &mut self.slots,
        )
        .map(|c| {
            let cell = CellKey::new(c.unit, c.service, c.date.month_key());
            (c.pair, cell)
        });
        self.pass(line, at, id.as_bytes(), raw, checked);
    }

    /// Counts a record that passed the field checks (its stars in `slots`, its profile cells
    /// at `values` in `src`) and hands its id to the id check, or hands over its id and the
    /// failure.
    pub(super) fn pass(
        &mut self,
        line: u64,
        at: Position,
        id: &[u8],
        src: &[u8],
        checked: Result<(u32, CellKey), RejectReason>,
    ) {
        let hash = hash_id(id);
        let Some(batch) = self.batches.get_mut(shard_of(hash)) else {
            return;
        };
        batch.ids.extend_from_slice(id);
        let outcome = match checked {
            Ok((pair, cell)) => {
                let counted = self
                    .cells
                    .record(self.catalog, pair, cell.month, &self.slots);
                let slots = batch.slots.len();
                batch.slots.extend_from_slice(&self.slots);
                let mut profile = None;
                if !self.profile.is_empty()
                    && let Some(counted) = counted
                {
                    profile = Some(batch.profile.len());
                    self.profile.record(counted, src, &self.values);
                    push_values(&mut batch.profile, src, &self.values);
                }
                Outcome::Counted {
                    cell,
                    slots,
                    profile,
                }
            }
            Err(reason) => {
                batch.reasons.push(reason);
                Outcome::Failed(batch.reasons.len() - 1)
            }
        };
        batch.probes.push(Probe {
            hash,
            line,
            at,
            id_end: batch.ids.len(),
            outcome,
        });
    }

    pub(super) fn reject(&mut self, line: u64, response_id: String, reason: RejectReason) {
        let at = (self.at.0, self.at.1 - 1);
        self.rejected.push((
            at,
            Rejection {
                line,
                response_id,
                reason,
            },
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::WorkerCells;
    use crate::catalog::Catalog;
    use crate::instrument::Questionnaire;
    use crate::period::Month;
    use crate::tally::{CellKey, CellStore};
    use proptest::prelude::*;

    proptest! {
        /// A worker's cells (found by pair and month, counted in place) add up to what counting
        /// each record in the survey's cells gives, and so do two workers merged.
        #[test]
        fn worker_cells_count_every_record(
            records in prop::collection::vec(
                (0u32..40, 1u8..=3, prop::collection::vec(0u8..=6, 13), any::<bool>()),
                0..80,
            ),
        ) {
            let (catalog, q) = (Catalog::kemenkum_2025(), Questionnaire::spkp_spak());
            let (mut a, mut b) = (WorkerCells::new(&catalog, &q), WorkerCells::new(&catalog, &q));
            let mut want = CellStore::new(&q);
            for (pair, month, stars, first) in &records {
                let month = Month { year: 2025, month: *month };
                let worker = if *first { &mut a } else { &mut b };
                worker.record(&catalog, *pair, month, stars);
                let (unit, service) = catalog.pair(*pair).expect("a pair of the catalog");
                want.record_slots(CellKey { unit, service, month }, stars);
            }
            let mut got = a.store;
            got.merge(&b.store);
            let groups = catalog.units().len();
            prop_assert_eq!(got.len(), want.len());
            prop_assert_eq!(
                got.totals(groups, |k| Some(k.unit as usize)),
                want.totals(groups, |k| Some(k.unit as usize))
            );
        }
    }
}
