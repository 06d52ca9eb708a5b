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

    /// Where the batch is wrong, if it is: lengths, stars, groups, then overflow.
    fn check(&self, stars: &[u8], groups: &[u32], row_offset: usize) -> Result<(), BatchError> {
        if stars.len() != groups.len().saturating_mul(self.items) {
            return Err(BatchError::Length {
                stars: stars.len(),
                rows: groups.len(),
                items: self.items,
            });
        }
        // the slow path, taken only when the kernel saw a bad value: the first bad row wins
        let (points, limit) = (self.points, self.groups);
        for (r, (&group, row)) in groups
            .iter()
            .zip(stars.chunks_exact(self.items))
            .enumerate()
        {
            if group as usize >= limit {
                return Err(BatchError::Group {
                    row: row_offset + r,
                    group,
                    groups: limit,
                });
            }
            if let Some(item) = row.iter().position(|&s| s > points) {
                return Err(BatchError::Star {
                    row: row_offset + r,
                    item,
                    value: row[item],
                    points,
                });
            }
        }
        Ok(())
    }

    fn check_overflow(&self, rows: usize) -> Result<(), BatchError> {
        let rows = rows as u64;
        match self
            .responses
            .iter()
            .find(|&&r| r.checked_add(rows).is_none())
        {
            Some(&count) => Err(TallyError::Overflow { count, by: rows }.into()),
            None => Ok(()),
        }
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
        self.record_batch_parallel(stars, groups, NonZeroUsize::MIN)
    }

    /// [`GroupedTally::record_batch`] split over `threads` threads, each checking and counting
    /// its share of the rows, then merged: the result is identical to the single-threaded one.
    ///
    /// # Errors
    ///
    /// As [`GroupedTally::record_batch`]; the error names the first offending row.
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
        if stars.len() != groups.len().saturating_mul(self.items) {
            return Err(BatchError::Length {
                stars: stars.len(),
                rows: groups.len(),
                items: self.items,
            });
        }
        self.check_overflow(groups.len())?;
        let threads = threads.get().min(groups.len().max(1));
        let per = groups.len().div_ceil(threads).max(1);
        let parts: Vec<Result<Counts, BatchError>> = if threads == 1 {
            vec![self.count(stars, groups, 0)]
        } else {
            let this = &*self;
            std::thread::scope(|scope| {
                let handles: Vec<_> = groups
                    .chunks(per)
                    .zip(stars.chunks(per * self.items))
                    .enumerate()
                    .map(|(i, (g, s))| scope.spawn(move || this.count(s, g, i * per)))
                    .collect();
                handles
                    .into_iter()
                    // the kernel has no panicking operation; a failed join would be a bug, and
                    // is reported as a length error rather than a panic
                    .map(|h| {
                        h.join().unwrap_or(Err(BatchError::Length {
                            stars: 0,
                            rows: 0,
                            items: 0,
                        }))
                    })
                    .collect()
            })
        };
        let mut ok = Vec::with_capacity(parts.len());
        for part in parts {
            ok.push(part?);
        }
        for part in &ok {
            self.add(part);
        }
        Ok(())
    }

    /// Counts a checked-length slice of rows into fresh counts, checking stars and groups as it
    /// goes (a bad value is clamped into the table and reported; the counts are then dropped).
    fn count(&self, stars: &[u8], groups: &[u32], row_offset: usize) -> Result<Counts, BatchError> {
        let mut counts = Counts {
            counts: vec![0; self.counts.len()],
            responses: vec![0; self.groups],
            respondents: vec![0; self.groups],
        };
        let ok = match (self.items, self.points) {
            (9, 4) => count_rows::<9, 5>(&mut counts, stars, groups, self.groups),
            (8, 6) => count_rows::<8, 7>(&mut counts, stars, groups, self.groups),
            (5, 6) => count_rows::<5, 7>(&mut counts, stars, groups, self.groups),
            (13, 6) => count_rows::<13, 7>(&mut counts, stars, groups, self.groups),
            (10, 4) => count_rows::<10, 5>(&mut counts, stars, groups, self.groups),
            _ => count_rows_dyn(
                &mut counts,
                stars,
                groups,
                self.items,
                self.points,
                self.groups,
            ),
        };
        if ok {
            Ok(counts)
        } else {
            self.check(stars, groups, row_offset)?;
            Ok(counts) // not reached: the kernel only fails on what `check` reports
        }
    }

    /// Adds counts known not to overflow (checked before counting).
    fn add(&mut self, part: &Counts) {
        for (a, b) in self.counts.iter_mut().zip(&part.counts) {
            *a += b;
        }
        for (a, b) in self.responses.iter_mut().zip(&part.responses) {
            *a += b;
        }
        for (a, b) in self.respondents.iter_mut().zip(&part.respondents) {
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
        self.add(&Counts {
            counts: other.counts.clone(),
            responses: other.responses.clone(),
            respondents: other.respondents.clone(),
        });
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

/// Counts of one slice of a batch, in the layout of [`GroupedTally`].
struct Counts {
    counts: Vec<u64>,
    responses: Vec<u64>,
    respondents: Vec<u64>,
}

/// The kernel for `N` items on a scale with `W - 1` points: per row, one `u16` increment per item
/// in a fixed-size table (no bounds checks inside a row), flushed to the `u64` totals every
/// 65,535 rows. Returns false when a star or group is out of range (the caller then locates it).
fn count_rows<const N: usize, const W: usize>(
    out: &mut Counts,
    stars: &[u8],
    groups: &[u32],
    n_groups: usize,
) -> bool {
    // 8 slots per item: `s & 7` indexes without a bounds check or clamp; slots above the scale
    // and bits above 7 (seen in `any`) mark a bad star
    let mut local: Vec<[[u16; 8]; N]> = vec![[[0; 8]; N]; n_groups];
    // rows with no answer at all (rare): respondents = rows - empty rows, and the rows of a group
    // are the sum of its first item's histogram, so nothing else is counted per row
    let mut empty = vec![0u64; n_groups];
    let mut high_bits = 0u8;
    let mut bad = W > 8;
    for (g_chunk, s_chunk) in groups.chunks(CHUNK_ROWS).zip(stars.chunks(CHUNK_ROWS * N)) {
        for (&g, row) in g_chunk.iter().zip(s_chunk.chunks_exact(N)) {
            let Some(table) = local.get_mut(g as usize) else {
                bad = true;
                continue;
            };
            let mut any = 0u8;
            for (counts, &s) in table.iter_mut().zip(row) {
                counts[usize::from(s & 7)] += 1;
                any |= s;
            }
            high_bits |= any;
            if any == 0 {
                empty[g as usize] += 1;
            }
        }
        for ((total, part), (responses, respondents)) in out
            .counts
            .chunks_exact_mut(N * W)
            .zip(local.iter_mut())
            .zip(out.responses.iter_mut().zip(out.respondents.iter_mut()))
        {
            let rows: u64 = part[0].iter().map(|&c| u64::from(c)).sum();
            *responses += rows;
            *respondents += rows;
            for (t, p) in total.chunks_exact_mut(W).zip(part.iter_mut()) {
                bad |= p[W.min(8)..].iter().any(|&c| c != 0);
                for (t, p) in t.iter_mut().zip(p.iter_mut()) {
                    *t += u64::from(std::mem::take(p));
                }
                p.fill(0);
            }
        }
    }
    for (respondents, e) in out.respondents.iter_mut().zip(&empty) {
        *respondents -= e;
    }
    !bad && high_bits < 8
}

/// The kernel for any shape.
fn count_rows_dyn(
    out: &mut Counts,
    stars: &[u8],
    groups: &[u32],
    items: usize,
    points: u8,
    n_groups: usize,
) -> bool {
    let width = usize::from(points) + 1;
    let stride = items * width;
    let mut local = vec![0u16; out.counts.len()];
    let mut answered = vec![0u16; n_groups];
    let mut rows_in = vec![0u16; n_groups];
    let mut bad = false;
    for (g_chunk, s_chunk) in groups
        .chunks(CHUNK_ROWS)
        .zip(stars.chunks(CHUNK_ROWS * items))
    {
        for (&g, row) in g_chunk.iter().zip(s_chunk.chunks_exact(items)) {
            let g = g as usize;
            let Some(table) = local.get_mut(g * stride..(g + 1) * stride) else {
                bad = true;
                continue;
            };
            let mut any = 0u8;
            for (cells, &s) in table.chunks_exact_mut(width).zip(row) {
                let s = usize::from(s);
                bad |= s >= width;
                cells[s.min(width - 1)] += 1;
                any |= s as u8;
            }
            answered[g] += u16::from(any != 0);
            rows_in[g] += 1;
        }
        for (total, part) in out.counts.iter_mut().zip(local.iter_mut()) {
            *total += u64::from(std::mem::take(part));
        }
        for (g, (a, r)) in answered.iter_mut().zip(rows_in.iter_mut()).enumerate() {
            out.respondents[g] += u64::from(std::mem::take(a));
            out.responses[g] += u64::from(std::mem::take(r));
        }
    }
    !bad
}
