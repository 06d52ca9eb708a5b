//! The survey's counts per (unit, service, month) cell, kept flat: one row of histogram counts
//! and one row of respondent-score moments per cell, in a few growing arrays rather than a few
//! allocations per cell, so that adding a reader's counts, summing cells into units and dropping
//! the survey are passes over contiguous memory.

use std::collections::HashMap;

use crate::instrument::Questionnaire;
use crate::survey::{CellKey, QuestionnaireTally};
use crate::tally::{ScoreMoments, Tally};

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

/// Every cell's counts, in the order the cells were first seen.
#[derive(Debug, Clone)]
pub(crate) struct CellStore {
    index: HashMap<CellKey, usize, foldhash::fast::RandomState>,
    keys: Vec<CellKey>,
    responses: Vec<u64>,
    /// `hist_stride` slots per cell.
    hist: Vec<u64>,
    /// `moment_stride` moments per cell.
    moments: Vec<ScoreMoments>,
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
    fn cell(&mut self, key: CellKey) -> usize {
        let next = self.keys.len();
        let cell = *self.index.entry(key).or_insert(next);
        if cell == next {
            self.keys.push(key);
            self.responses.push(0);
            self.hist.resize(self.hist.len() + self.hist_stride, 0);
            self.moments.resize(
                self.moments.len() + self.moment_stride,
                ScoreMoments::default(),
            );
        }
        cell
    }

    /// The cell's rows.
    fn rows(&mut self, cell: usize) -> (&mut u64, &mut [u64], &mut [ScoreMoments]) {
        let (h, m) = (cell * self.hist_stride, cell * self.moment_stride);
        (
            &mut self.responses[cell],
            &mut self.hist[h..h + self.hist_stride],
            &mut self.moments[m..m + self.moment_stride],
        )
    }

    /// Counts one validated record (its stars in questionnaire order, 0 = missing). Every count
    /// is at most the number of records counted, so none can overflow.
    pub(crate) fn record_slots(&mut self, key: CellKey, slots: &[u8]) {
        let cell = self.cell(key);
        let parts = std::mem::take(&mut self.parts);
        let (responses, hist, moments) = self.rows(cell);
        *responses += 1;
        let mut first = 0;
        for p in &parts {
            let stars = slots.get(first..first + p.items).unwrap_or(&[]);
            first += p.items;
            let (mut answered, mut total) = (0, 0u64);
            for (row, &s) in hist[p.hist..p.hist + p.items * p.width]
                .chunks_exact_mut(p.width)
                .zip(stars)
            {
                row[usize::from(s).min(p.width - 1)] += 1;
                answered += usize::from(s != 0);
                total += u64::from(s);
            }
            if let Some(m) = moments.get_mut(p.moments + answered) {
                m.add(&ScoreMoments::one(total));
            }
        }
        self.parts = parts;
    }

    /// Adds counts in the reader's flat layout: per instrument, the items' histograms, then
    /// `[n, sum, sum of squares]` per number of answered items.
    #[cfg(feature = "csv")]
    pub(crate) fn add_flat(&mut self, key: CellKey, flat: &[u64]) {
        let cell = self.cell(key);
        let parts = std::mem::take(&mut self.parts);
        let (responses, hist, moments) = self.rows(cell);
        let mut at = 0;
        for (i, p) in parts.iter().enumerate() {
            let n = p.items * p.width;
            for (total, add) in hist[p.hist..p.hist + n]
                .iter_mut()
                .zip(flat.get(at..at + n).unwrap_or(&[]))
            {
                // bounded by the records read: no overflow
                *total += add;
            }
            at += n;
            let rows = flat.get(at..at + 3 * (p.items + 1)).unwrap_or(&[]);
            for (m, sums) in moments[p.moments..p.moments + p.items + 1]
                .iter_mut()
                .zip(rows.chunks_exact(3))
            {
                m.add(&ScoreMoments::from_sums(
                    sums[0],
                    u128::from(sums[1]),
                    u128::from(sums[2]),
                ));
                if i == 0 {
                    *responses += sums[0];
                }
            }
            at += 3 * (p.items + 1);
        }
        self.parts = parts;
    }

    /// Takes a tally of records counted in the cell back out; `false` (and nothing changes)
    /// when the cell does not hold them.
    #[cfg(feature = "csv")]
    pub(crate) fn subtract(&mut self, key: &CellKey, tally: &QuestionnaireTally) -> bool {
        let Some(&cell) = self.index.get(key) else {
            return false;
        };
        let parts = std::mem::take(&mut self.parts);
        let (responses, hist, moments) = self.rows(cell);
        let fits = |p: &Part, t: &Tally| {
            t.item_count() == p.items
                && t.points() == p.points
                && t.counts()
                    .iter()
                    .zip(&hist[p.hist..p.hist + p.items * p.width])
                    .all(|(take, have)| take <= have)
                && t.score_moments().is_some_and(|ms| {
                    ms.iter()
                        .zip(&moments[p.moments..p.moments + p.items + 1])
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
            // sums of cells are at most the number of records counted: no overflow
            responses[g] += self.responses[cell];
            let (from, to) = (cell * self.hist_stride, g * self.hist_stride);
            for (t, c) in hist[to..to + self.hist_stride]
                .iter_mut()
                .zip(&self.hist[from..from + self.hist_stride])
            {
                *t += c;
            }
            let (from, to) = (cell * self.moment_stride, g * self.moment_stride);
            for (t, c) in moments[to..to + self.moment_stride]
                .iter_mut()
                .zip(&self.moments[from..from + self.moment_stride])
            {
                t.add(c);
            }
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

#[cfg(test)]
mod tests {
    use super::CellStore;
    use crate::catalog::{ServiceId, UnitId};
    use crate::instrument::Questionnaire;
    use crate::period::Month;
    use crate::survey::{CellKey, QuestionnaireTally};
    use proptest::prelude::*;

    fn key(unit: u32, month: u8) -> CellKey {
        CellKey {
            unit: UnitId(unit),
            service: ServiceId(0),
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
            let totals = store.totals(4, |k| Some(k.unit.index()));
            prop_assert_eq!(&totals, &by_unit);
            for (k, t) in &taken {
                prop_assert!(store.subtract(k, t));
            }
            // a unit whose cells were all taken back keeps its (empty) cells
            let after = store.totals(4, |k| Some(k.unit.index()));
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
                let before = store.totals(4, |k| Some(k.unit.index()));
                prop_assert!(!store.subtract(k, &more));
                prop_assert_eq!(store.totals(4, |k| Some(k.unit.index())), before);
            }
        }
    }
}
