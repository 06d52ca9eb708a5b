//! Columnar batch counting: tallies of one instrument for many groups at once.

use std::num::NonZeroUsize;

use crate::instrument::Instrument;
use crate::tally::{Tally, TallyError};

/// Why a batch was refused. Nothing is counted when a batch is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BatchError {
    /// The stars are not `rows x items` long.
    #[error("{stars} stars are not {rows} rows x {items} items")]
    Length {
        /// Stars given.
        stars: usize,
        /// Rows (group entries) given.
        rows: usize,
        /// Items of the instrument.
        items: usize,
    },
    /// A star is above the scale's points (0 is a missing answer).
    #[error("row {row}, item {item}: star {value} is above {points}")]
    Star {
        /// The row.
        row: usize,
        /// The item position.
        item: usize,
        /// The value.
        value: u8,
        /// The scale's points.
        points: u8,
    },
    /// A group index is not below the number of groups.
    #[error("row {row}: group {group} is not below {groups}")]
    Group {
        /// The row.
        row: usize,
        /// The group given.
        group: u32,
        /// The number of groups.
        groups: usize,
    },
    /// A count would pass `u64::MAX`.
    #[error(transparent)]
    Tally(#[from] TallyError),
}

/// Star tallies of one instrument for `groups` groups (units, cells, ...) side by side, counted
/// from columnar batches: the fast path for large data.
///
/// A batch is the stars of `n` responses, row-major (`n x items` bytes, 0 = missing answer), and
/// the group of each response. Counting is integer only; [`GroupedTally::tally`] gives each
/// group's [`Tally`], identical to recording the same responses one by one, whatever the batch
/// sizes and thread counts.
///
/// # Examples
///
/// ```
/// use persepsi::{GroupedTally, Instrument};
///
/// let ikm = Instrument::ikm();
/// let mut grouped = GroupedTally::new(&ikm, 2);
/// // three responses: groups 0, 1, 0; nine stars each
/// let stars = [
///     4, 4, 3, 4, 4, 3, 4, 4, 4,
///     2, 3, 3, 3, 0, 3, 3, 3, 3, // one missing answer
///     4, 4, 4, 4, 4, 4, 4, 4, 4,
/// ];
/// grouped.record_batch(&stars, &[0, 1, 0])?;
/// let group0 = grouped.tally(0).unwrap();
/// assert_eq!((group0.respondents(), group0.star_sum(2)), (2, 7));
/// assert_eq!(grouped.tally(1).unwrap().missing(4), 1);
/// assert!(grouped.record_batch(&[5; 9], &[0]).is_err()); // 5 stars on a 1-4 scale
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GroupedTally {
    items: usize,
    points: u8,
    groups: usize,
    responses: Vec<u64>,
    respondents: Vec<u64>,
    /// groups x items x (points + 1)
    counts: Vec<u64>,
}

/// Rows per chunk counted in `u16` counters before they are added to the `u64` totals: no slot
/// can pass 65,535 within a chunk, and the small counters keep the hot table in L1/L2 cache.
const CHUNK_ROWS: usize = u16::MAX as usize;

impl GroupedTally {
    /// Empty tallies for `groups` groups, shaped for `instrument`.
    #[must_use]
    pub fn new(instrument: &Instrument, groups: usize) -> GroupedTally {
        let items = instrument.items().len();
        let points = instrument.scale().points();
        GroupedTally {
            items,
            points,
            groups,
            responses: vec![0; groups],
            respondents: vec![0; groups],
            counts: vec![0; groups * items * (usize::from(points) + 1)],
        }
    }

    /// The number of groups.
    #[must_use]
    pub fn groups(&self) -> usize {
        self.groups
    }

    fn check(&self, stars: &[u8], groups: &[u32]) -> Result<(), BatchError> {
        if stars.len() != groups.len().saturating_mul(self.items) {
            return Err(BatchError::Length {
                stars: stars.len(),
                rows: groups.len(),
                items: self.items,
            });
        }
        // fast vectorizable scans first; locate the offender only when there is one
        let points = self.points;
        if stars.iter().fold(0u8, |m, &s| m.max(s)) > points {
            let at = stars.iter().position(|&s| s > points).unwrap_or(0);
            return Err(BatchError::Star {
                row: at / self.items,
                item: at % self.items,
                value: stars[at],
                points,
            });
        }
        let limit = self.groups;
        if groups.iter().fold(0u32, |m, &g| m.max(g)) as usize >= limit {
            let row = groups
                .iter()
                .position(|&g| g as usize >= limit)
                .unwrap_or(0);
            return Err(BatchError::Group {
                row,
                group: groups[row],
                groups: limit,
            });
        }
        let rows = groups.len() as u64;
        if self
            .responses
            .iter()
            .any(|&r| r.checked_add(rows).is_none())
        {
            let count = self.responses.iter().copied().max().unwrap_or(0);
            return Err(TallyError::Overflow { count, by: rows }.into());
        }
        Ok(())
    }

    /// Counts a batch: `stars` holds `groups.len()` rows of one star per item (0 = missing),
    /// `groups[r]` is the group of row `r`.
    ///
    /// # Errors
    ///
    /// [`BatchError`] for a length mismatch, a star above the scale, a group out of range, or a
    /// count that would pass `u64::MAX` (checked once per batch: a group's count grows by at most
    /// the batch's rows). Nothing is counted then.
    pub fn record_batch(&mut self, stars: &[u8], groups: &[u32]) -> Result<(), BatchError> {
        self.check(stars, groups)?;
        self.count(stars, groups);
        Ok(())
    }

    /// [`GroupedTally::record_batch`] split over `threads` threads, each counting its share of
    /// the rows, then merged: the result is identical to the single-threaded one.
    ///
    /// # Errors
    ///
    /// As [`GroupedTally::record_batch`].
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// use persepsi::{GroupedTally, Instrument};
    /// let spak = Instrument::spak();
    /// let stars: Vec<u8> = (0..5000u32).map(|i| (i % 7) as u8).collect();
    /// let groups: Vec<u32> = (0..1000).map(|i| i % 3).collect();
    /// let mut one = GroupedTally::new(&spak, 3);
    /// one.record_batch(&stars, &groups)?;
    /// let mut two = GroupedTally::new(&spak, 3);
    /// two.record_batch_parallel(&stars, &groups, NonZeroUsize::new(2).unwrap())?;
    /// assert_eq!(one, two);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn record_batch_parallel(
        &mut self,
        stars: &[u8],
        groups: &[u32],
        threads: NonZeroUsize,
    ) -> Result<(), BatchError> {
        self.check(stars, groups)?;
        let threads = threads.get().min(groups.len().max(1));
        if threads == 1 {
            self.count(stars, groups);
            return Ok(());
        }
        let per = groups.len().div_ceil(threads);
        let empty = GroupedTally {
            responses: vec![0; self.groups],
            respondents: vec![0; self.groups],
            counts: vec![0; self.counts.len()],
            ..*self
        };
        let parts: Vec<GroupedTally> = std::thread::scope(|scope| {
            let handles: Vec<_> = groups
                .chunks(per)
                .zip(stars.chunks(per * self.items))
                .map(|(g, s)| {
                    let mut part = empty.clone();
                    scope.spawn(move || {
                        part.count(s, g);
                        part
                    })
                })
                .collect();
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        for part in &parts {
            self.add_counts(part);
        }
        Ok(())
    }

    /// The counting kernel; the batch was checked.
    fn count(&mut self, stars: &[u8], groups: &[u32]) {
        let items = self.items;
        let width = usize::from(self.points) + 1;
        let stride = items * width;
        let mut local = vec![0u16; self.counts.len()];
        let mut answered = vec![0u16; self.groups];
        let mut rows_in = vec![0u16; self.groups];
        for (g_chunk, s_chunk) in groups
            .chunks(CHUNK_ROWS)
            .zip(stars.chunks(CHUNK_ROWS * items))
        {
            for (&g, row) in g_chunk.iter().zip(s_chunk.chunks_exact(items)) {
                let g = g as usize;
                let table = &mut local[g * stride..(g + 1) * stride];
                let mut any = 0u8;
                for (cells, &s) in table.chunks_exact_mut(width).zip(row) {
                    cells[usize::from(s)] += 1;
                    any |= s;
                }
                answered[g] += u16::from(any != 0);
                rows_in[g] += 1;
            }
            for (total, part) in self.counts.iter_mut().zip(local.iter_mut()) {
                *total += u64::from(std::mem::take(part));
            }
            for (g, (a, r)) in answered.iter_mut().zip(rows_in.iter_mut()).enumerate() {
                self.respondents[g] += u64::from(std::mem::take(a));
                self.responses[g] += u64::from(std::mem::take(r));
            }
        }
    }

    /// Adds counts known not to overflow (checked by the caller).
    fn add_counts(&mut self, other: &GroupedTally) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        for (a, b) in self.responses.iter_mut().zip(&other.responses) {
            *a += b;
        }
        for (a, b) in self.respondents.iter_mut().zip(&other.respondents) {
            *a += b;
        }
    }

    /// Adds another grouped tally of the same shape and number of groups.
    ///
    /// # Errors
    ///
    /// [`TallyError::ShapeMismatch`] for another shape or number of groups,
    /// [`TallyError::Overflow`] when a count would pass `u64::MAX`; nothing changes then.
    pub fn merge(&mut self, other: &GroupedTally) -> Result<(), TallyError> {
        if (self.items, self.points, self.groups) != (other.items, other.points, other.groups) {
            return Err(TallyError::ShapeMismatch {
                expected_items: self.items,
                expected_points: self.points,
                items: other.items,
                points: other.points,
            });
        }
        for (&a, &b) in self.responses.iter().zip(&other.responses) {
            if a.checked_add(b).is_none() {
                return Err(TallyError::Overflow { count: a, by: b });
            }
        }
        self.add_counts(other);
        Ok(())
    }

    /// The tally of one group, `None` when `group` is out of range.
    #[must_use]
    pub fn tally(&self, group: usize) -> Option<Tally> {
        if group >= self.groups {
            return None;
        }
        let width = usize::from(self.points) + 1;
        let stride = self.items * width;
        let table = &self.counts[group * stride..(group + 1) * stride];
        Some(Tally::from_parts(
            self.points,
            self.items,
            self.responses[group],
            self.respondents[group],
            table.to_vec(),
        ))
    }
}
