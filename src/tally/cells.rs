//! The survey's counts per (unit, service, month) cell, kept flat: one row of histogram counts
//! and one row of respondent-score moments per cell, in a few growing arrays rather than a few
//! allocations per cell, so that adding a reader's counts, summing cells into units and dropping
//! the survey are passes over contiguous memory.

use std::collections::HashMap;

use crate::catalog::{ServiceId, UnitId};
use crate::instrument::Questionnaire;
use crate::period::Month;
use crate::tally::QuestionnaireTally;
use crate::tally::{ScoreMoments, Tally};

/// A cell: the unit a response names, its service and the month of its date. The unit and the
/// service are their positions in the survey's catalog (kept compact: every id was checked to be
/// that catalog's where it came in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct CellKey {
    pub(crate) unit: u32,
    pub(crate) service: u32,
    pub(crate) month: Month,
}

impl CellKey {
    /// The cell of a unit and a service of the survey's catalog in a month.
    pub(crate) fn new(unit: UnitId, service: ServiceId, month: Month) -> CellKey {
        CellKey {
            unit: unit.raw(),
            service: service.raw(),
            month,
        }
    }
}

/// Where one instrument's counts are in a cell's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Part {
    points: u8,
    items: usize,
    /// k + 1 slots per item: slot 0 counts missing answers, slot s counts s stars.
    width: usize,
    /// First histogram slot in the cell's row.
    hist: usize,
    /// First moment (answered items = 0) in the cell's row.
    moments: usize,
}

/// Cells per allocation: the arrays grow by whole chunks, so adding cells never copies or
/// frees the counts already there.
const CHUNK: usize = 64;

/// Adds a record's stars into a cell's histogram and moment rows.
fn count(parts: &[Part], slots: &[u8], hist: &mut [u64], moments: &mut [ScoreMoments]) {
    let mut first = 0;
    for p in parts {
        let stars = slots.get(first..first + p.items).unwrap_or(&[]);
        first += p.items;
        let (mut answered, mut total) = (0, 0u64);
        for (row, &s) in hist
            .get_mut(p.hist..p.hist + p.items * p.width)
            .unwrap_or(&mut [])
            .chunks_exact_mut(p.width)
            .zip(stars)
        {
            row[usize::from(s).min(p.width - 1)] += 1;
            answered += usize::from(s != 0);
            total += u64::from(s);
        }
        if let Some(m) = moments.get_mut(p.moments + answered) {
            m.add_one(total);
        }
    }
}

/// `n` default values, every memory page of them written once now. A zeroed allocation comes
/// from the system as shared zero pages: a page first read and then written costs a second
/// fault and, in a process running on several cores, a TLB flush on each of them; one write per
/// page makes it a single fault.
pub(crate) fn written<T: Copy + Default>(n: usize) -> Box<[T]> {
    let mut values = vec![T::default(); n].into_boxed_slice();
    let per_page = (4096 / std::mem::size_of::<T>().max(1)).max(1);
    for value in values.iter_mut().step_by(per_page) {
        *value = std::hint::black_box(T::default());
    }
    values
}

/// Adds one cell's rows (responses, histogram slots, moments) to another's.
fn add_rows(
    (responses, hist, moments): (&mut u64, &mut [u64], &mut [ScoreMoments]),
    (add_responses, add_hist, add_moments): (u64, &[u64], &[ScoreMoments]),
) {
    // sums of cells are at most the number of records counted: no overflow
    *responses += add_responses;
    for (t, c) in hist.iter_mut().zip(add_hist) {
        *t += c;
    }
    for (t, c) in moments.iter_mut().zip(add_moments) {
        t.add(c);
    }
}

/// Every cell's counts, in the order the cells were first seen.
#[derive(Debug, Clone)]
pub(crate) struct CellStore {
    index: HashMap<CellKey, usize, foldhash::fast::RandomState>,
    keys: Vec<CellKey>,
    responses: Vec<u64>,
    /// `hist_stride` slots per cell, [`CHUNK`] cells per chunk.
    hist: Vec<Box<[u64]>>,
    /// `moment_stride` moments per cell, [`CHUNK`] cells per chunk.
    moments: Vec<Box<[ScoreMoments]>>,
    parts: Vec<Part>,
    hist_stride: usize,
    moment_stride: usize,
}

impl CellStore {
    /// An empty store shaped for the questionnaire.
    pub(crate) fn new(q: &Questionnaire) -> CellStore {
        let (mut parts, mut hist, mut moments) = (Vec::new(), 0, 0);
        for ins in q.instruments() {
            let (points, items) = (ins.scale().points(), ins.items().len());
            let width = usize::from(points) + 1;
            parts.push(Part {
                points,
                items,
                width,
                hist,
                moments,
            });
            hist += items * width;
            moments += items + 1;
        }
        CellStore {
            index: HashMap::default(),
            keys: Vec::new(),
            responses: Vec::new(),
            hist: Vec::new(),
            moments: Vec::new(),
            parts,
            hist_stride: hist,
            moment_stride: moments,
        }
    }

    /// Number of cells.
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }

    /// The cell's number, made (with zero counts) when it is new.
    pub(crate) fn cell(&mut self, key: CellKey) -> usize {
        let next = self.keys.len();
        let cell = *self.index.entry(key).or_insert(next);
        if cell == next {
            if next.is_multiple_of(CHUNK) {
                self.hist.push(written(CHUNK * self.hist_stride));
                self.moments.push(written(CHUNK * self.moment_stride));
            }
            self.keys.push(key);
            self.responses.push(0);
        }
        cell
    }

    /// A cell's rows (empty for a number that is not a cell).
    fn rows(&self, cell: usize) -> (u64, &[u64], &[ScoreMoments]) {
        let (h, m) = (
            (cell % CHUNK) * self.hist_stride,
            (cell % CHUNK) * self.moment_stride,
        );
        (
            self.responses.get(cell).copied().unwrap_or(0),
            self.hist
                .get(cell / CHUNK)
                .and_then(|c| c.get(h..h + self.hist_stride))
                .unwrap_or(&[]),
            self.moments
                .get(cell / CHUNK)
                .and_then(|c| c.get(m..m + self.moment_stride))
                .unwrap_or(&[]),
        )
    }

    /// A cell's rows, to change (`None` for a number that is not a cell).
    fn rows_mut(&mut self, cell: usize) -> Option<(&mut u64, &mut [u64], &mut [ScoreMoments])> {
        let (h, m) = (
            (cell % CHUNK) * self.hist_stride,
            (cell % CHUNK) * self.moment_stride,
        );
        let (hs, ms) = (self.hist_stride, self.moment_stride);
        Some((
            self.responses.get_mut(cell)?,
            self.hist.get_mut(cell / CHUNK)?.get_mut(h..h + hs)?,
            self.moments.get_mut(cell / CHUNK)?.get_mut(m..m + ms)?,
        ))
    }

    /// Counts one validated record (its stars in questionnaire order, 0 = missing) in the cell
    /// numbered `cell`. Every count is at most the number of records counted, so none can
    /// overflow.
    pub(crate) fn record_at(&mut self, cell: usize, slots: &[u8]) {
        let parts = std::mem::take(&mut self.parts);
        if let Some((responses, hist, moments)) = self.rows_mut(cell) {
            *responses += 1;
            count(&parts, slots, hist, moments);
        }
        self.parts = parts;
    }

    /// Counts one validated record in its cell.
    pub(crate) fn record_slots(&mut self, key: CellKey, slots: &[u8]) {
        let cell = self.cell(key);
        self.record_at(cell, slots);
    }

    /// Takes a tally of records counted in the cell back out; `false` (and nothing changes)
    /// when the cell does not hold them.
    #[cfg(feature = "csv")]
    pub(crate) fn subtract(&mut self, key: &CellKey, tally: &QuestionnaireTally) -> bool {
        let Some(&cell) = self.index.get(key) else {
            return false;
        };
        let parts = std::mem::take(&mut self.parts);
        let Some((responses, hist, moments)) = self.rows_mut(cell) else {
            self.parts = parts;
            return false;
        };
        let fits = |p: &Part, t: &Tally| {
            t.item_count() == p.items
                && t.points() == p.points
                && t.counts()
                    .iter()
                    .zip(hist.get(p.hist..p.hist + p.items * p.width).unwrap_or(&[]))
                    .all(|(take, have)| take <= have)
                && t.score_moments().is_some_and(|ms| {
                    ms.iter()
                        .zip(
                            moments
                                .get(p.moments..p.moments + p.items + 1)
                                .unwrap_or(&[]),
                        )
                        .all(|(take, have)| have.covers(take))
                })
        };
        let ok = *responses >= tally.responses()
            && tally.instruments().len() == parts.len()
            && parts
                .iter()
                .zip(tally.instruments())
                .all(|(p, t)| fits(p, t));
        if ok {
            *responses -= tally.responses();
            for (p, t) in parts.iter().zip(tally.instruments()) {
                for (have, take) in hist[p.hist..p.hist + p.items * p.width]
                    .iter_mut()
                    .zip(t.counts())
                {
                    *have -= take;
                }
                for (have, take) in moments[p.moments..p.moments + p.items + 1]
                    .iter_mut()
                    .zip(t.score_moments().unwrap_or(&[]))
                {
                    have.take(take);
                }
            }
        }
        self.parts = parts;
        ok
    }

    /// Adds every cell of another store of the same questionnaire (the reader's workers all
    /// count for one questionnaire).
    #[cfg(feature = "csv")]
    pub(crate) fn merge(&mut self, other: &CellStore) {
        for (from, &key) in other.keys.iter().enumerate() {
            let cell = self.cell(key);
            if let Some(to) = self.rows_mut(cell) {
                add_rows(to, other.rows(from));
            }
        }
    }

    /// Adds another store's cells, taking it whole when this one is empty.
    #[cfg(feature = "csv")]
    pub(crate) fn absorb(&mut self, other: CellStore) {
        if self.keys.is_empty() && other.parts == self.parts {
            *self = other;
        } else {
            self.merge(&other);
        }
    }

    /// Every cell's key, in the order the cells were first seen.
    pub(crate) fn keys(&self) -> &[CellKey] {
        &self.keys
    }

    /// Every cell's responses, in the order of [`CellStore::keys`].
    pub(crate) fn responses(&self) -> &[u64] {
        &self.responses
    }

    /// The responses counted in the cells `keep` keeps.
    pub(crate) fn responses_where(&self, keep: impl Fn(&CellKey) -> bool) -> u64 {
        self.keys
            .iter()
            .zip(&self.responses)
            .filter(|(key, _)| keep(key))
            .map(|(_, n)| n)
            .sum()
    }

    /// The cells summed into `groups` tallies: `group_of` names each cell's group, or skips it.
    /// A group no cell went into is `None`.
    pub(crate) fn totals(
        &self,
        groups: usize,
        group_of: impl Fn(&CellKey) -> Option<usize>,
    ) -> Vec<Option<QuestionnaireTally>> {
        let mut seen = vec![false; groups];
        let mut responses = vec![0u64; groups];
        let mut hist = vec![0u64; groups * self.hist_stride];
        let mut moments = vec![ScoreMoments::default(); groups * self.moment_stride];
        for (cell, key) in self.keys.iter().enumerate() {
            let Some(g) = group_of(key).filter(|&g| g < groups) else {
                continue;
            };
            seen[g] = true;
            let (h, m) = (g * self.hist_stride, g * self.moment_stride);
            add_rows(
                (
                    &mut responses[g],
                    &mut hist[h..h + self.hist_stride],
                    &mut moments[m..m + self.moment_stride],
                ),
                self.rows(cell),
            );
        }
        (0..groups)
            .map(|g| {
                if !seen[g] {
                    return None;
                }
                let (h, m) = (g * self.hist_stride, g * self.moment_stride);
                let tallies = self
                    .parts
                    .iter()
                    .map(|p| {
                        let at = h + p.hist;
                        let counts = hist[at..at + p.items * p.width].to_vec();
                        let at = m + p.moments;
                        let scores = moments[at..at + p.items + 1].to_vec();
                        Tally::from_parts(p.points, p.items, counts, scores)
                    })
                    .collect();
                Some(QuestionnaireTally::from_parts(responses[g], tallies))
            })
            .collect()
    }
}

#[cfg(all(test, feature = "csv"))]
mod tests {
    use super::{CellKey, CellStore};
    use crate::instrument::Questionnaire;
    use crate::period::Month;
    use crate::tally::QuestionnaireTally;
    use proptest::prelude::*;

    fn key(unit: u32, month: u8) -> CellKey {
        CellKey {
            unit,
            service: 0,
            month: Month { year: 2025, month },
        }
    }

    /// Records of SPKP (8 items, 6 points) + SPAK (5 items, 6 points): (unit, month, stars).
    fn records() -> impl Strategy<Value = Vec<(u32, u8, Vec<u8>)>> {
        prop::collection::vec((0u32..4, 1u8..4, prop::collection::vec(0u8..=6, 13)), 0..60)
    }

    proptest! {
        /// Summing cells into groups gives what merging per-record tallies gives, and taking
        /// records back out leaves the tallies of the others.
        #[test]
        fn totals_and_subtract_agree_with_tallies(records in records(), cut in 0usize..60) {
            let q = Questionnaire::spkp_spak();
            let mut store = CellStore::new(&q);
            let mut by_unit = vec![None::<QuestionnaireTally>; 4];
            let mut taken = std::collections::HashMap::new();
            let mut kept = vec![None::<QuestionnaireTally>; 4];
            for (i, (unit, month, stars)) in records.iter().enumerate() {
                store.record_slots(key(*unit, *month), stars);
                let mut one = QuestionnaireTally::new(&q);
                one.record_slots(stars).unwrap();
                by_unit[*unit as usize].get_or_insert_with(|| QuestionnaireTally::new(&q)).merge(&one).unwrap();
                let target = if i < cut {
                    taken.entry(key(*unit, *month)).or_insert_with(|| QuestionnaireTally::new(&q))
                } else {
                    kept[*unit as usize].get_or_insert_with(|| QuestionnaireTally::new(&q))
                };
                target.merge(&one).unwrap();
            }
            let totals = store.totals(4, |k| Some(k.unit as usize));
            prop_assert_eq!(&totals, &by_unit);
            for (k, t) in &taken {
                prop_assert!(store.subtract(k, t));
            }
            // a unit whose cells were all taken back keeps its (empty) cells
            let after = store.totals(4, |k| Some(k.unit as usize));
            for u in 0..4 {
                let want = kept[u].clone().or_else(|| by_unit[u].as_ref().map(|_| QuestionnaireTally::new(&q)));
                prop_assert_eq!(&after[u], &want);
            }
            // more than a cell holds: refused, and nothing changes
            for (k, t) in taken.iter().filter(|(_, t)| t.responses() > 0) {
                let holds = store.totals(1, |c| (c == k).then_some(0)).pop().flatten();
                let holds = holds.map_or(0, |h| h.responses());
                let mut more = t.clone();
                for _ in 0..=holds {
                    more.merge(t).unwrap();
                }
                let before = store.totals(4, |k| Some(k.unit as usize));
                prop_assert!(!store.subtract(k, &more));
                prop_assert_eq!(store.totals(4, |k| Some(k.unit as usize)), before);
            }
        }
    }
}
