//! Who answered: the respondent-profile columns a responses file carries beside the stars
//! (gender, education, occupation, age band), counted per (unit, service, month) cell as the
//! stars are, so that any scope of a report can count its respondents by each column.
//!
//! Only a reader asked for the columns (`ReadOptions::profile`, feature `csv`)
//! counts them: a response taken in by [`Survey::ingest`](crate::Survey::ingest), or read
//! without a column, counts in no value of that column.

use std::collections::HashMap;

use crate::catalog::Catalog;
use crate::tally::CellKey;

type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Strings numbered in the order they first came (column names, values).
#[derive(Debug, Clone, Default)]
pub(crate) struct Names {
    names: Vec<Box<str>>,
    number: Map<Box<str>, u32>,
}

// only a reader (feature `csv`) counts profile columns
#[cfg_attr(not(feature = "csv"), allow(dead_code))]
impl Names {
    /// The name's number, made when it is new (`None` past `u32::MAX` names).
    pub(crate) fn number(&mut self, name: &str) -> Option<u32> {
        if let Some(&n) = self.number.get(name) {
            return Some(n);
        }
        let n = u32::try_from(self.names.len()).ok()?;
        self.names.push(name.into());
        self.number.insert(name.into(), n);
        Some(n)
    }

    /// The name's number, if it has one.
    pub(crate) fn find(&self, name: &str) -> Option<u32> {
        self.number.get(name).copied()
    }

    /// The name of a number.
    pub(crate) fn name(&self, n: u32) -> &str {
        self.names.get(n as usize).map_or("", |s| s)
    }

    /// Every name, in number order.
    pub(crate) fn all(&self) -> &[Box<str>] {
        &self.names
    }
}

/// One count of a cell: a column (its number), a value (its number in the column) and the
/// respondents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ProfileCount {
    pub(crate) column: u32,
    pub(crate) value: u32,
    pub(crate) n: u64,
}

/// A survey's profile counts, sparse: per cell, one entry per (column, value) with
/// respondents, sorted by (column, value), so that memory grows with what was counted, however
/// many distinct values a column holds, a reader's counts go in with one lookup per cell, not
/// per value, and two cells' lists merge in one pass.
#[derive(Debug, Clone, Default)]
pub(crate) struct ProfileStore {
    columns: Names,
    values: Vec<Names>,
    cells: Map<CellKey, Vec<ProfileCount>>,
}

/// Adds `n` to the entry of (column, value) in a cell's sorted counts.
fn add_to(counts: &mut Vec<ProfileCount>, column: u32, value: u32, n: u64) {
    match counts.binary_search_by_key(&(column, value), |c| (c.column, c.value)) {
        // bounded by the records read
        Ok(at) => counts[at].n = counts[at].n.saturating_add(n),
        Err(at) => counts.insert(at, ProfileCount { column, value, n }),
    }
}

/// Two sorted lists of counts as one (the counts of an entry in both added).
fn merge(into: &[ProfileCount], from: &[ProfileCount]) -> Vec<ProfileCount> {
    let mut merged = Vec::with_capacity(into.len() + from.len());
    let (mut i, mut j) = (0, 0);
    while let (Some(a), Some(b)) = (into.get(i), from.get(j)) {
        match (a.column, a.value).cmp(&(b.column, b.value)) {
            std::cmp::Ordering::Less => {
                merged.push(*a);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                merged.push(*b);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                merged.push(ProfileCount {
                    n: a.n.saturating_add(b.n),
                    ..*a
                });
                i += 1;
                j += 1;
            }
        }
    }
    merged.extend_from_slice(into.get(i..).unwrap_or(&[]));
    merged.extend_from_slice(from.get(j..).unwrap_or(&[]));
    merged
}

#[cfg_attr(not(feature = "csv"), allow(dead_code))]
impl ProfileStore {
    /// Whether the store has no column (and so no count).
    pub(crate) fn is_empty(&self) -> bool {
        self.columns.all().is_empty() && self.cells.is_empty()
    }

    /// The columns counted, in the order they were first read.
    pub(crate) fn columns(&self) -> &[Box<str>] {
        self.columns.all()
    }

    /// Makes room for `cells` more cells.
    pub(crate) fn reserve(&mut self, cells: usize) {
        self.cells.reserve(cells);
    }

    /// Counts `n` respondents of `cell` whose `column` holds `value`.
    pub(crate) fn add(&mut self, cell: CellKey, column: &str, value: &str, n: u64) {
        let Some(column) = self.declare(column) else {
            return;
        };
        let Some(value) = self.value_number(column, value) else {
            return;
        };
        add_to(self.cells.entry(cell).or_default(), column, value, n);
    }

    /// Adds a cell's counts, their columns and values by their numbers in this store (in any
    /// order; an entry given twice counts twice).
    pub(crate) fn add_cell(&mut self, cell: CellKey, mut counts: Vec<ProfileCount>) {
        counts.sort_unstable_by_key(|c| (c.column, c.value));
        // one entry per (column, value), as the store keeps them
        counts.dedup_by(|later, kept| {
            let same = (later.column, later.value) == (kept.column, kept.value);
            if same {
                kept.n = kept.n.saturating_add(later.n);
            }
            same
        });
        match self.cells.entry(cell) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(counts);
            }
            std::collections::hash_map::Entry::Occupied(mut e) => {
                let merged = merge(e.get(), &counts);
                *e.get_mut() = merged;
            }
        }
    }

    /// The column's number, the column made known when it is new (a column read with no
    /// record in it is still a column).
    pub(crate) fn declare(&mut self, column: &str) -> Option<u32> {
        let n = self.columns.number(column)?;
        if self.values.len() <= n as usize {
            self.values.resize_with(n as usize + 1, Names::default);
        }
        Some(n)
    }

    /// The number of a value of a column, made when it is new.
    pub(crate) fn value_number(&mut self, column: u32, value: &str) -> Option<u32> {
        self.values.get_mut(column as usize)?.number(value)
    }

    /// Takes back `n` respondents counted by [`ProfileStore::add`] (never below zero).
    pub(crate) fn subtract(&mut self, cell: CellKey, column: &str, value: &str, n: u64) {
        let Some(column) = self.columns.find(column) else {
            return;
        };
        let Some(value) = self.values.get(column as usize).and_then(|v| v.find(value)) else {
            return;
        };
        let Some(counts) = self.cells.get_mut(&cell) else {
            return;
        };
        if let Ok(at) = counts.binary_search_by_key(&(column, value), |c| (c.column, c.value)) {
            counts[at].n = counts[at].n.saturating_sub(n);
            if counts[at].n == 0 {
                counts.remove(at);
            }
        }
        if counts.is_empty() {
            self.cells.remove(&cell);
        }
    }

    /// Adds every count of another store (its names renumbered once, not per count).
    pub(crate) fn absorb(&mut self, other: &ProfileStore) {
        let mut remap: Vec<(Option<u32>, Vec<Option<u32>>)> = Vec::new();
        for (name, values) in other.columns.all().iter().zip(&other.values) {
            let column = self.declare(name);
            let values = values
                .all()
                .iter()
                .map(|v| column.and_then(|c| self.value_number(c, v)))
                .collect();
            remap.push((column, values));
        }
        self.cells.reserve(other.cells.len());
        for (&cell, counts) in &other.cells {
            let counts = counts
                .iter()
                .filter_map(|c| {
                    let (Some(column), values) = remap.get(c.column as usize)? else {
                        return None;
                    };
                    let value = (*values.get(c.value as usize)?)?;
                    Some(ProfileCount {
                        column: *column,
                        value,
                        n: c.n,
                    })
                })
                .collect();
            self.add_cell(cell, counts);
        }
    }

    /// Takes out every count of another store (the duplicates a read counted).
    pub(crate) fn take_out(&mut self, other: &ProfileStore) {
        for (&cell, counts) in &other.cells {
            for c in counts {
                let column = other.columns.name(c.column);
                let value = other
                    .values
                    .get(c.column as usize)
                    .map_or("", |v| v.name(c.value));
                self.subtract(cell, column, value, c.n);
            }
        }
    }

    /// Each unit's subtree counts over the cells `keep` keeps, by unit index.
    pub(crate) fn subtrees(
        &self,
        catalog: &Catalog,
        keep: impl Fn(&CellKey) -> bool,
    ) -> Vec<RespondentProfile> {
        let columns = self.columns.all().len();
        // per unit, per column, its values' counts (sparse: only the values given)
        let mut counts: Vec<Vec<Map<u32, u64>>> =
            vec![vec![Map::default(); columns]; catalog.units().len()];
        let add = |into: &mut Vec<Map<u32, u64>>, from: &[Map<u32, u64>]| {
            for (into, from) in into.iter_mut().zip(from) {
                for (&value, &n) in from {
                    let count = into.entry(value).or_insert(0);
                    *count = count.saturating_add(n);
                }
            }
        };
        for (cell, cell_counts) in &self.cells {
            if !keep(cell) {
                continue;
            }
            let Some(unit) = counts.get_mut(cell.unit as usize) else {
                continue;
            };
            for c in cell_counts {
                if let Some(column) = unit.get_mut(c.column as usize) {
                    let count = column.entry(c.value).or_insert(0);
                    *count = count.saturating_add(c.n);
                }
            }
        }
        // children before parents: each subtree's counts go up to its parent
        for &u in catalog.top_down().iter().rev() {
            let Some(p) = catalog.parent(u) else { continue };
            let child = counts
                .get_mut(u.index())
                .map(std::mem::take)
                .unwrap_or_default();
            if let Some(parent) = counts.get_mut(p.index()) {
                add(parent, &child);
            }
            if let Some(slot) = counts.get_mut(u.index()) {
                *slot = child;
            }
        }
        counts
            .into_iter()
            .map(|unit| RespondentProfile {
                columns: self
                    .columns
                    .all()
                    .iter()
                    .zip(&self.values)
                    .zip(unit)
                    .map(|((name, names), values)| {
                        let mut values: Vec<(String, u64)> = values
                            .into_iter()
                            .filter(|&(_, n)| n > 0)
                            .map(|(v, n)| (names.name(v).to_owned(), n))
                            .collect();
                        values.sort_unstable();
                        (name.to_string(), values)
                    })
                    .collect(),
            })
            .collect()
    }
}

/// The respondents of a scope counted by each profile column: per column (in the order the
/// columns were read), each value that someone in the scope gave (trimmed cell text; an empty
/// cell is the value `""`), in value order, with its count.
///
/// ```
/// # #[cfg(feature = "csv")] {
/// use persepsi::{Catalog, Filter, Questionnaire, ReadOptions, Survey};
///
/// let csv = "response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9,gender\n\
///            R1,2025-01-05,KW-NTT-TU,UMUM-INFORMASI,4,4,3,4,4,3,4,4,4,P\n\
///            R2,2025-01-06,KW-NTT-TU,UMUM-INFORMASI,4,3,3,4,4,3,4,3,4, L \n\
///            R3,2025-01-06,KW-NTT-TU,UMUM-INFORMASI,4,3,3,4,4,3,4,3,4,P\n";
/// let catalog = Catalog::kemenkum_2025();
/// let mut survey = Survey::new(catalog.clone(), Questionnaire::ikm());
/// survey.read_csv_with(csv.as_bytes(), ReadOptions::default().profile(["gender"]))?;
/// let profile = survey.profile(catalog.root(), &Filter::all())?;
/// assert_eq!(profile.column("gender"), Some(&[("L".to_string(), 1), ("P".to_string(), 2)][..]));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct RespondentProfile {
    columns: Vec<(String, Vec<(String, u64)>)>,
}

impl RespondentProfile {
    /// Every column with its values and counts, in column order.
    #[must_use]
    pub fn columns(&self) -> &[(String, Vec<(String, u64)>)] {
        &self.columns
    }

    /// One column's values and counts, in value order; `None` for a column not counted.
    #[must_use]
    pub fn column(&self, name: &str) -> Option<&[(String, u64)]> {
        self.columns
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| &v[..])
    }
}

#[cfg(test)]
mod tests {
    use super::ProfileStore;
    use crate::period::Month;
    use crate::tally::CellKey;

    fn cell(unit: u32) -> CellKey {
        CellKey {
            unit,
            service: 0,
            month: Month {
                year: 2025,
                month: 1,
            },
        }
    }

    #[test]
    fn counts_add_merge_come_back_out_and_go_up_the_tree() {
        let catalog = crate::catalog::Catalog::kemenkum_2025();
        let kw = catalog.unit_id("KW-NTT").expect("KW-NTT");
        let tu = catalog.unit_id("KW-NTT-TU").expect("KW-NTT-TU");
        let aceh = catalog.unit_id("KW-ACEH-TU").expect("KW-ACEH-TU");
        let mut a = ProfileStore::default();
        a.add(cell(tu.raw()), "gender", "P", 2);
        a.add(cell(kw.raw()), "gender", "L", 1);
        let mut b = ProfileStore::default();
        b.declare("education");
        b.add(cell(aceh.raw()), "gender", "P", 3);
        a.absorb(&b);
        assert_eq!(a.columns().len(), 2);
        let all = a.subtrees(&catalog, |_| true);
        let root = &all[catalog.root().index()];
        assert_eq!(
            root.column("gender"),
            Some(&[("L".to_string(), 1), ("P".to_string(), 5)][..])
        );
        assert_eq!(root.column("education"), Some(&[][..]));
        assert_eq!(
            all[kw.index()].column("gender"),
            Some(&[("L".to_string(), 1), ("P".to_string(), 2)][..])
        );
        let mut dup = ProfileStore::default();
        dup.add(cell(aceh.raw()), "gender", "P", 3);
        dup.add(cell(aceh.raw()), "gender", "never counted", 1);
        a.take_out(&dup);
        let all = a.subtrees(&catalog, |c| c.unit != kw.raw());
        assert_eq!(all[aceh.index()].column("gender"), Some(&[][..]));
        assert_eq!(
            all[catalog.root().index()].column("gender"),
            Some(&[("P".to_string(), 2)][..])
        );
    }
}
