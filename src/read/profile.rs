//! A worker's profile counts: per profile column, the values it read numbered in its own small
//! table (a column of a few values is looked up by comparing bytes, with no hash), counted per
//! cell of the worker's own store; turned into the survey's [`ProfileStore`] once, at the end.

use std::collections::HashMap;
use std::ops::Range;

use crate::profile::ProfileStore;
use crate::tally::CellKey;

type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Values up to this many per column are found by a scan; a column with more, by a hash.
const SCAN: usize = 16;

/// One column's values, numbered in the order the worker met them.
#[derive(Default)]
struct Values {
    names: Vec<Box<[u8]>>,
    number: Map<Box<[u8]>, u32>,
}

impl Values {
    fn number(&mut self, value: &[u8]) -> Option<u32> {
        if self.names.len() <= SCAN {
            if let Some(i) = self.names.iter().position(|v| **v == *value) {
                return u32::try_from(i).ok();
            }
        } else if let Some(&n) = self.number.get(value) {
            return Some(n);
        }
        let n = u32::try_from(self.names.len()).ok()?;
        self.names.push(value.into());
        self.number.insert(value.into(), n);
        Some(n)
    }
}

/// One column: its values and their counts per (cell, value).
#[derive(Default)]
struct Column {
    values: Values,
    counts: Map<u64, u64>,
}

/// A worker's counts of the profile columns.
pub(super) struct ProfileCounter {
    names: Vec<Box<str>>,
    columns: Vec<Column>,
}

impl ProfileCounter {
    pub(super) fn new(names: &[String]) -> ProfileCounter {
        ProfileCounter {
            names: names.iter().map(|n| n.as_str().into()).collect(),
            columns: names.iter().map(|_| Column::default()).collect(),
        }
    }

    /// Whether there is any column to count.
    pub(super) fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }

    /// Counts one record of the worker's cell `cell`, whose columns hold `src[values[i]]`.
    pub(super) fn record(&mut self, cell: usize, src: &[u8], values: &[Range<usize>]) {
        for (column, range) in self.columns.iter_mut().zip(values) {
            let value = src.get(range.clone()).unwrap_or(&[]);
            let Some(n) = column.values.number(value) else {
                continue;
            };
            let key = ((cell as u64) << 32) | u64::from(n);
            *column.counts.entry(key).or_insert(0) += 1;
        }
    }

    /// The counts as the survey keeps them, each worker cell by its key.
    pub(super) fn finish(self, keys: &[CellKey]) -> ProfileStore {
        let mut store = ProfileStore::default();
        for (name, column) in self.names.iter().zip(&self.columns) {
            store.declare(name);
            for (&key, &n) in &column.counts {
                let (cell, value) = ((key >> 32) as usize, key as u32);
                let (Some(&cell), Some(value)) =
                    (keys.get(cell), column.values.names.get(value as usize))
                else {
                    continue;
                };
                // the record was checked to be UTF-8, and a value is whole cells of it
                store.add(cell, name, &String::from_utf8_lossy(value), n);
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
