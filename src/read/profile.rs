//! A worker's profile counts: per profile column, the values it read numbered in its own small
//! table (a column of a few values is looked up by comparing bytes, with no hash), counted per
//! cell of the worker's own store in one flat array (the first [`DENSE`] values of each column
//! have a slot in every cell's row; a column with more values counts the rest in a hash map);
//! turned into the survey's [`ProfileStore`] once, at the end.

use std::collections::HashMap;
use std::ops::Range;

use super::fast::code_key;
use crate::profile::{ProfileCount, ProfileStore};
use crate::tally::CellKey;

type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Values per column found by a scan and counted in the cell's row; a column's later values
/// are found by a hash and counted in a map.
/// Eight: two columns' rows of `u32` counts make one cache line per cell.
const DENSE: usize = 8;

/// One column's values, numbered in the order the worker met them; the first [`DENSE`] also
/// as their key words ([`code_key`]: exact with the length up to 16 bytes), so that a scan
/// compares words, not bytes.
#[derive(Default)]
struct Values {
    names: Vec<Box<[u8]>>,
    keys: Vec<(u64, u64, usize)>,
    number: Map<Box<[u8]>, u32>,
}

impl Values {
    fn number(&mut self, value: &[u8]) -> Option<u32> {
        let (a, b) = code_key(value);
        let key = (a, b, value.len());
        // the first values by their key words; a longer value's bytes are compared too
        if let Some(n) = self.keys.iter().position(|&k| k == key)
            && (value.len() <= 16 || self.names.get(n).is_some_and(|v| **v == *value))
        {
            return u32::try_from(n).ok();
        }
        // every value is in the map
        if let Some(&n) = self.number.get(value) {
            return Some(n);
        }
        let n = u32::try_from(self.names.len()).ok()?;
        self.names.push(value.into());
        if self.keys.len() < DENSE {
            self.keys.push(key);
        }
        self.number.insert(value.into(), n);
        Some(n)
    }
}

/// Records logged before their counts are added to the cells' rows.
const LOG: usize = 4096;

/// A worker's counts of the profile columns.
pub(super) struct ProfileCounter {
    names: Vec<Box<str>>,
    values: Vec<Values>,
    /// Per worker cell, per column, the counts of its first [`DENSE`] values (a count that
    /// would pass `u32::MAX` goes on in `more`).
    dense: Vec<u32>,
    /// The counts of later values, by (cell, column, value).
    more: Map<(usize, usize, u32), u64>,
    /// The records not yet in `dense`: their cells, and per column the value's number (below
    /// [`DENSE`]) or [`DENSE`] for a value already counted in `more`. The rows of `dense` are
    /// met at random, one cache miss a record; added up [`LOG`] records at a time, in a loop
    /// that does nothing else, the misses overlap.
    log_cells: Vec<usize>,
    log_values: Vec<u8>,
}

impl ProfileCounter {
    pub(super) fn new(names: &[String]) -> ProfileCounter {
        ProfileCounter {
            names: names.iter().map(|n| n.as_str().into()).collect(),
            values: names.iter().map(|_| Values::default()).collect(),
            dense: Vec::new(),
            more: Map::default(),
            log_cells: Vec::with_capacity(LOG),
            log_values: Vec::with_capacity(LOG * names.len()),
        }
    }

    /// Whether there is any column to count.
    pub(super) fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Counts one record of the worker's cell `cell`, whose columns hold `src[values[i]]`.
    pub(super) fn record(&mut self, cell: usize, src: &[u8], values: &[Range<usize>]) {
        // one logged number per column, whatever `values` holds
        for (column, table) in self.values.iter_mut().enumerate() {
            let value = values
                .get(column)
                .and_then(|range| src.get(range.clone()))
                .unwrap_or(&[]);
            let n = match table.number(value) {
                Some(n) if (n as usize) < DENSE => n as u8,
                Some(n) => {
                    // bounded by the records read
                    *self.more.entry((cell, column, n)).or_insert(0) += 1;
                    DENSE as u8
                }
                None => DENSE as u8,
            };
            self.log_values.push(n);
        }
        self.log_cells.push(cell);
        if self.log_cells.len() >= LOG {
            self.flush();
        }
    }

    /// Adds the logged records to the cells' rows.
    fn flush(&mut self) {
        let columns = self.values.len();
        if columns == 0 {
            self.log_cells.clear();
            self.log_values.clear();
            return;
        }
        let row = columns * DENSE;
        if let Some(&top) = self.log_cells.iter().max() {
            let end = (top + 1) * row;
            if self.dense.len() < end {
                // whole chunks of cells at a time
                self.dense.resize(end.max(self.dense.len() * 2), 0);
            }
        }
        for (&cell, numbers) in self.log_cells.iter().zip(self.log_values.chunks(columns)) {
            for (column, &n) in numbers.iter().enumerate() {
                if usize::from(n) >= DENSE {
                    continue;
                }
                match self
                    .dense
                    .get_mut(cell * row + column * DENSE + usize::from(n))
                {
                    Some(count) if *count < u32::MAX => *count += 1,
                    _ => *self.more.entry((cell, column, u32::from(n))).or_insert(0) += 1,
                }
            }
        }
        self.log_cells.clear();
        self.log_values.clear();
    }

    /// The counts as the survey keeps them, each worker cell by its key.
    pub(super) fn finish(mut self, keys: &[CellKey]) -> ProfileStore {
        self.flush();
        let mut store = ProfileStore::default();
        let mut numbers: Vec<(Option<u32>, Vec<Option<u32>>)> = Vec::new();
        for (name, table) in self.names.iter().zip(&self.values) {
            let column = store.declare(name);
            // the record was checked to be UTF-8, and a value is whole cells of it
            let values = table
                .names
                .iter()
                .map(|v| column.and_then(|c| store.value_number(c, &String::from_utf8_lossy(v))))
                .collect();
            numbers.push((column, values));
        }
        // one cell's entries at a time, in the store's numbers: one lookup per cell
        let resolve = |column: usize, value: usize| {
            let (Some(c), values) = numbers.get(column)? else {
                return None;
            };
            Some((*c, (*values.get(value)?)?))
        };
        let mut cells: Vec<Vec<ProfileCount>> = vec![Vec::new(); keys.len()];
        let row = self.values.len() * DENSE;
        if row > 0 {
            for (counts, into) in self.dense.chunks(row).zip(&mut cells) {
                for (slot, &n) in counts.iter().enumerate() {
                    if n > 0
                        && let Some((column, value)) = resolve(slot / DENSE, slot % DENSE)
                    {
                        // each slot is its own (column, value)
                        into.push(ProfileCount {
                            column,
                            value,
                            n: u64::from(n),
                        });
                    }
                }
            }
        }
        // past the dense values, or once a slot was full (then the same (column, value) as a
        // dense entry: `add_cell` adds the two)
        for (&(cell, column, value), &n) in &self.more {
            if let (Some(into), Some((column, value))) =
                (cells.get_mut(cell), resolve(column, value as usize))
            {
                into.push(ProfileCount { column, value, n });
            }
        }
        store.reserve(keys.len());
        for (&key, counts) in keys.iter().zip(cells) {
            if !counts.is_empty() {
                store.add_cell(key, counts);
            }
        }
        store
    }
}

/// Appends a record's profile values to a batch's arena, each as its length (4 bytes, little
/// endian) and its bytes, for the id check to take back if the record is a duplicate.
pub(super) fn push_values(arena: &mut Vec<u8>, src: &[u8], values: &[Range<usize>]) {
    for range in values {
        let value = src.get(range.clone()).unwrap_or(&[]);
        let len = u32::try_from(value.len()).unwrap_or(u32::MAX);
        arena.extend_from_slice(&len.to_le_bytes());
        arena.extend_from_slice(value.get(..len as usize).unwrap_or(value));
    }
}

/// Reads back the `columns` values [`push_values`] wrote at `at`, and counts them out of
/// `cell` in `store` (as a count to subtract).
pub(super) fn retract_values(
    store: &mut ProfileStore,
    names: &[String],
    arena: &[u8],
    mut at: usize,
    cell: CellKey,
) {
    for name in names {
        let Some(len) = arena
            .get(at..at + 4)
            .and_then(|b| b.try_into().ok())
            .map(u32::from_le_bytes)
        else {
            return;
        };
        at += 4;
        let value = arena.get(at..at + len as usize).unwrap_or(&[]);
        at += len as usize;
        store.add(cell, name, &String::from_utf8_lossy(value), 1);
    }
}
