//! Columnar batch counting: tallies of one instrument for many groups at once.

use std::num::NonZeroUsize;

use crate::instrument::Instrument;
use crate::par;
use crate::tally::{ScoreMoments, Tally, TallyError};

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
    /// A group named directly (not by a batch row) is not below the number of groups.
    #[error("group {group} is not below {groups}")]
    NoGroup {
        /// The group given.
        group: usize,
        /// The number of groups.
        groups: usize,
    },
    /// A count would pass `u64::MAX`, or a tally offered to a group has another shape or no
    /// respondent-score moments.
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
    /// groups x items x (points + 1)
    counts: Vec<u64>,
    /// groups x (items + 1): respondent-score moments by number of answered items
    scores: Vec<ScoreMoments>,
    /// Responses in all groups together, saturating at `u64::MAX`: a bound on every group's
    /// count, so most batches need no per-group overflow check.
    counted: u64,
}

/// Rows per chunk counted in `u16` counters before they are added to the `u64` totals: no slot
/// can pass 65,535 within a chunk, and the small counters keep the hot table in L1/L2 cache.
const CHUNK_ROWS: usize = u16::MAX as usize;

/// Below this many rows per group in a batch, counting goes straight into the totals.
const DIRECT_ROWS_PER_GROUP: usize = 8;

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
            counts: vec![0; groups * items * (usize::from(points) + 1)],
            scores: vec![ScoreMoments::default(); groups * (items + 1)],
            counted: 0,
        }
    }

    /// The number of groups.
    #[must_use]
    pub fn groups(&self) -> usize {
        self.groups
    }

    /// Sets the number of groups: new groups start empty, groups at `groups` and above are
    /// dropped. A query engine grows its groups as it meets new keys.
    ///
    /// ```
    /// use persepsi::{GroupedTally, Instrument};
    /// let mut grouped = GroupedTally::new(&Instrument::ikm(), 1);
    /// grouped.resize(3);
    /// grouped.record_batch(&[4; 9], &[2])?;
    /// assert_eq!((grouped.groups(), grouped.tally(2).unwrap().respondents()), (3, 1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn resize(&mut self, groups: usize) {
        let width = usize::from(self.points) + 1;
        self.counts.resize(groups * self.items * width, 0);
        let shrinks = groups < self.groups;
        self.scores
            .resize(groups * (self.items + 1), ScoreMoments::default());
        self.groups = groups;
        if shrinks {
            self.counted = self.recount();
        }
    }

    /// Responses in all groups together, saturating.
    fn recount(&self) -> u64 {
        self.scores
            .iter()
            .fold(0u64, |a, m| a.saturating_add(m.respondents()))
    }

    /// Adds a tally to one group: the merge step of a distributed aggregation, where partial
    /// tallies arrive one group at a time.
    ///
    /// # Errors
    ///
    /// [`BatchError::NoGroup`] when `group` is out of range; [`TallyError::ShapeMismatch`] for a
    /// tally of another shape (a shapeless empty tally adds nothing and is accepted);
    /// [`TallyError::Inconsistent`] for a tally made from bare histograms, which has no
    /// respondent-score moments to add; [`TallyError::Overflow`] when the group's count would
    /// pass `u64::MAX`. Nothing changes then.
    ///
    /// ```
    /// use persepsi::{GroupedTally, Instrument, Tally};
    /// let spak = Instrument::spak();
    /// let mut t = Tally::new(&spak);
    /// t.record(&spak.answers([Some(6), Some(5), None, None, None])?)?;
    /// let mut grouped = GroupedTally::new(&spak, 2);
    /// grouped.add_tally(1, &t)?;
    /// grouped.add_tally(1, &t)?;
    /// let mut twice = t.clone();
    /// twice.merge(&t)?;
    /// assert_eq!(grouped.tally(1).unwrap(), twice);
    /// assert!(grouped.add_tally(2, &t).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_tally(&mut self, group: usize, tally: &Tally) -> Result<(), BatchError> {
        if group >= self.groups {
            return Err(BatchError::NoGroup {
                group,
                groups: self.groups,
            });
        }
        if tally.points() == 0 && tally.responses() == 0 {
            return Ok(());
        }
        if (tally.item_count(), tally.points()) != (self.items, self.points) {
            return Err(TallyError::ShapeMismatch {
                expected_items: self.items,
                expected_points: self.points,
                items: tally.item_count(),
                points: tally.points(),
            }
            .into());
        }
        let Some(moments) = tally.score_moments() else {
            return Err(TallyError::Inconsistent {
                reason: "a tally made from bare histograms has no respondent-score moments \
                         to add to a grouped tally"
                    .to_owned(),
            }
            .into());
        };
        let width = self.items + 1;
        let scores = &mut self.scores[group * width..(group + 1) * width];
        let count: u64 = scores.iter().map(ScoreMoments::respondents).sum();
        if count.checked_add(tally.responses()).is_none() {
            return Err(TallyError::Overflow {
                count,
                by: tally.responses(),
            }
            .into());
        }
        for (a, b) in scores.iter_mut().zip(moments) {
            a.add(b);
        }
        self.counted = self.counted.saturating_add(tally.responses());
        let stride = self.items * (usize::from(self.points) + 1);
        let counts = &mut self.counts[group * stride..(group + 1) * stride];
        for (i, row) in counts
            .chunks_exact_mut(usize::from(self.points) + 1)
            .enumerate()
        {
            for (a, b) in row.iter_mut().zip(tally.histogram(i)) {
                *a += b;
            }
        }
        Ok(())
    }

    /// Removes the first `n` groups (all of them when `n` is larger) and returns them as a
    /// grouped tally of their own; the groups left are renumbered from 0. A query engine emits
    /// its first groups this way when it runs short of memory or its input is sorted.
    ///
    /// ```
    /// use persepsi::{GroupedTally, Instrument};
    /// let mut grouped = GroupedTally::new(&Instrument::ikm(), 3);
    /// grouped.record_batch(&[[4; 9], [3; 9]].concat(), &[0, 2])?;
    /// let first = grouped.split_off_front(2);
    /// assert_eq!((first.groups(), grouped.groups()), (2, 1));
    /// assert_eq!(first.tally(0).unwrap().star_sum(0), 4);
    /// assert_eq!(grouped.tally(0).unwrap().star_sum(0), 3); // was group 2
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn split_off_front(&mut self, n: usize) -> GroupedTally {
        let n = n.min(self.groups);
        let stride = self.items * (usize::from(self.points) + 1);
        let counts: Vec<u64> = self.counts.drain(..n * stride).collect();
        let scores: Vec<ScoreMoments> = self.scores.drain(..n * (self.items + 1)).collect();
        self.groups -= n;
        let mut front = GroupedTally {
            items: self.items,
            points: self.points,
            groups: n,
            counts,
            scores,
            counted: 0,
        };
        front.counted = front.recount();
        // exact unless the total saturated; then count what is left (a query engine emitting
        // groups batch by batch pays O(emitted groups) per call, not O(all groups))
        self.counted = if self.counted == u64::MAX {
            self.recount()
        } else {
            self.counted - front.counted
        };
        front
    }

    /// The memory held by the counts, in bytes (for a query engine's memory accounting).
    #[must_use]
    pub fn size_in_bytes(&self) -> usize {
        self.counts.capacity() * std::mem::size_of::<u64>()
            + self.scores.capacity() * std::mem::size_of::<ScoreMoments>()
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
        if self.counted.checked_add(rows).is_some() {
            return Ok(()); // no group holds more than all of them
        }
        for group in self.scores.chunks_exact(self.items + 1) {
            let count: u64 = group.iter().map(ScoreMoments::respondents).sum();
            if count.checked_add(rows).is_none() {
                return Err(TallyError::Overflow { count, by: rows }.into());
            }
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
        if threads.get() == 1 && groups.len() < DIRECT_ROWS_PER_GROUP * self.groups {
            // few rows per group (a query engine's small batches over many groups): the
            // kernel's per-call tables would cost more than the rows; count in place
            self.check(stars, groups, 0)?;
            self.count_direct(stars, groups);
            self.counted = self.counted.saturating_add(groups.len() as u64);
            return Ok(());
        }
        let threads = threads.get().min(groups.len().max(1));
        let per = groups.len().div_ceil(threads).max(1);
        let parts: Vec<Result<Counts, BatchError>> = if threads == 1 {
            vec![self.count(stars, groups, 0)]
        } else {
            // the slices on their own threads, the first on this one; a panic reaches the caller
            let slices: Vec<_> = groups
                .chunks(per)
                .zip(stars.chunks(per * self.items))
                .enumerate()
                .collect();
            let this = &*self;
            par::map(
                &slices,
                NonZeroUsize::new(slices.len()).unwrap_or(NonZeroUsize::MIN),
                |&(i, (g, s))| this.count(s, g, i * per),
            )
        };
        let mut ok = Vec::with_capacity(parts.len());
        for part in parts {
            ok.push(part?);
        }
        for part in &ok {
            self.add(part);
        }
        self.counted = self.counted.saturating_add(groups.len() as u64);
        Ok(())
    }

    /// Counts a checked-length slice of rows into fresh counts, checking stars and groups as it
    /// goes (a bad value is clamped into the table and reported; the counts are then dropped).
    fn count(&self, stars: &[u8], groups: &[u32], row_offset: usize) -> Result<Counts, BatchError> {
        let mut counts = Counts {
            counts: vec![0; self.counts.len()],
            scores: vec![ScoreMoments::default(); self.scores.len()],
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

    /// Counts checked rows (stars in range, groups in range, no overflow) straight into the
    /// totals.
    fn count_direct(&mut self, stars: &[u8], groups: &[u32]) {
        let width = usize::from(self.points) + 1;
        let stride = self.items * width;
        for (&g, row) in groups.iter().zip(stars.chunks_exact(self.items)) {
            let g = g as usize;
            let table = &mut self.counts[g * stride..(g + 1) * stride];
            let (mut answered, mut total) = (0usize, 0u64);
            for (cells, &s) in table.chunks_exact_mut(width).zip(row) {
                cells[usize::from(s)] += 1;
                answered += usize::from(s != 0);
                total += u64::from(s);
            }
            self.scores[g * (self.items + 1) + answered].add(&ScoreMoments::one(total));
        }
    }

    /// Adds counts known not to overflow (checked before counting).
    fn add(&mut self, part: &Counts) {
        for (a, b) in self.counts.iter_mut().zip(&part.counts) {
            *a += b;
        }
        for (a, b) in self.scores.iter_mut().zip(&part.scores) {
            a.add(b);
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
        let width = self.items + 1;
        for (a, b) in self
            .scores
            .chunks_exact(width)
            .zip(other.scores.chunks_exact(width))
        {
            let (a, b): (u64, u64) = (
                a.iter().map(ScoreMoments::respondents).sum(),
                b.iter().map(ScoreMoments::respondents).sum(),
            );
            if a.checked_add(b).is_none() {
                return Err(TallyError::Overflow { count: a, by: b });
            }
        }
        self.add(&Counts {
            counts: other.counts.clone(),
            scores: other.scores.clone(),
        });
        self.counted = self.counted.saturating_add(other.counted);
        Ok(())
    }

    /// The tally of one group, `None` when `group` is out of range.
    #[must_use]
    pub fn tally(&self, group: usize) -> Option<Tally> {
        if group >= self.groups {
            return None;
        }
        let stride = self.items * (usize::from(self.points) + 1);
        let table = self.counts.get(group * stride..(group + 1) * stride)?;
        let scores = self
            .scores
            .get(group * (self.items + 1)..(group + 1) * (self.items + 1))?;
        Some(Tally::from_parts(
            self.points,
            self.items,
            table.to_vec(),
            scores.to_vec(),
        ))
    }
}

/// Counts of one slice of a batch, in the layout of [`GroupedTally`].
struct Counts {
    counts: Vec<u64>,
    scores: Vec<ScoreMoments>,
}

/// Per-chunk score moments of one group and number of answered items; a chunk has at most
/// 65,535 rows of at most 13 items x 10 stars, so totals fit `u32` and squares `u64`.
#[derive(Clone, Copy, Default)]
struct LocalScore {
    n: u32,
    sum: u32,
    sumsq: u64,
}

fn flush_scores(out: &mut [ScoreMoments], local: &mut [LocalScore]) {
    for (o, l) in out.iter_mut().zip(local.iter_mut()) {
        let l = std::mem::take(l);
        o.add(&ScoreMoments::from_sums(
            u64::from(l.n),
            u128::from(l.sum),
            u128::from(l.sumsq),
        ));
    }
}

/// The kernel for `N` items on a scale with `W - 1` points (`N <= 13`, `W <= 8`): per row, one
/// `u16` increment per item in a fixed-size table of 8 slots per item (`s & 7` indexes without a
/// bounds check; slots above the scale and bits above 7 mark a bad star), and the row's score
/// moments; all flushed to the `u64` totals every 65,535 rows. Returns false when a star or
/// group is out of range (the caller then locates it and drops the counts).
fn count_rows<const N: usize, const W: usize>(
    out: &mut Counts,
    stars: &[u8],
    groups: &[u32],
    n_groups: usize,
) -> bool {
    let mut local: Vec<[[u16; 8]; N]> = vec![[[0; 8]; N]; n_groups];
    // complete rows (all N items answered, the usual case): a u16 histogram of their star
    // totals per group, one increment per row; the moments come from it at each flush
    let totals = 7 * N + 1;
    let mut full = vec![0u16; n_groups * totals];
    // rows with missing answers: moments per number of answered items, directly
    let mut partial = vec![LocalScore::default(); n_groups * (N + 1)];
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
            let (answered, total) = row_stats(row);
            let g = g as usize;
            if answered == N {
                if let Some(h) = full.get_mut(g * totals + total) {
                    *h += 1;
                }
            } else if let Some(m) = partial.get_mut(g * (N + 1) + answered) {
                let t = total as u32;
                m.n += 1;
                m.sum += t;
                m.sumsq += u64::from(t * t);
            }
        }
        for (total, part) in out.counts.chunks_exact_mut(N * W).zip(local.iter_mut()) {
            for (t, p) in total.chunks_exact_mut(W).zip(part.iter_mut()) {
                bad |= p[W.min(8)..].iter().any(|&c| c != 0);
                for (t, p) in t.iter_mut().zip(p.iter_mut()) {
                    *t += u64::from(std::mem::take(p));
                }
                p.fill(0);
            }
        }
        for (g, hist) in full.chunks_exact_mut(totals).enumerate() {
            let (mut n, mut sum, mut sumsq) = (0u64, 0u128, 0u128);
            for (t, h) in hist.iter_mut().enumerate() {
                let c = u64::from(std::mem::take(h));
                let t = t as u128;
                n += c;
                sum += t * u128::from(c);
                sumsq += t * t * u128::from(c);
            }
            if let Some(m) = out.scores.get_mut(g * (N + 1) + N) {
                m.add(&ScoreMoments::from_sums(n, sum, sumsq));
            }
        }
        flush_scores(&mut out.scores, &mut partial);
    }
    !bad && high_bits < 8
}

/// The number of nonzero stars of a row and the sum of their low three bits, eight bytes at a
/// time (SWAR: a byte sum of at most 8 x 7 = 56 cannot carry into the next byte).
fn row_stats(row: &[u8]) -> (usize, usize) {
    const LOW: u64 = 0x0101_0101_0101_0101;
    let (mut answered, mut total) = (0u32, 0u64);
    for chunk in row.chunks(8) {
        let mut bytes = [0u8; 8];
        bytes[..chunk.len()].copy_from_slice(chunk);
        let x = u64::from_le_bytes(bytes);
        let low = x & (7 * LOW);
        total += low.wrapping_mul(LOW) >> 56;
        // a byte is nonzero when any of its bits is set: fold the bits down to bit 0
        let mut y = x | (x >> 4);
        y |= y >> 2;
        y |= y >> 1;
        answered += (y & LOW).count_ones();
    }
    (answered as usize, total as usize)
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
            let (mut answered, mut total) = (0usize, 0u64);
            for (cells, &s) in table.chunks_exact_mut(width).zip(row) {
                let s = usize::from(s);
                bad |= s >= width;
                let s = s.min(width - 1);
                cells[s] += 1;
                answered += usize::from(s != 0);
                total += s as u64;
            }
            if let Some(m) = out.scores.get_mut(g * (items + 1) + answered) {
                m.add(&ScoreMoments::one(total));
            }
        }
        for (total, part) in out.counts.iter_mut().zip(local.iter_mut()) {
            *total += u64::from(std::mem::take(part));
        }
    }
    let _ = n_groups;
    !bad
}
