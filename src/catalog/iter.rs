//! Walks of the unit hierarchy.

use crate::catalog::{Catalog, UnitId};

/// The children of a unit; see [`Catalog::children`].
#[derive(Debug, Clone)]
pub struct Children<'a> {
    pub(super) inner: std::slice::Iter<'a, UnitId>,
}

impl Iterator for Children<'_> {
    type Item = UnitId;
    fn next(&mut self) -> Option<UnitId> {
        self.inner.next().copied()
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl ExactSizeIterator for Children<'_> {}

/// The ancestors of a unit, nearest first; see [`Catalog::ancestors`].
#[derive(Debug, Clone)]
pub struct Ancestors<'a> {
    pub(super) catalog: &'a Catalog,
    pub(super) next: Option<UnitId>,
}

impl Iterator for Ancestors<'_> {
    type Item = UnitId;
    fn next(&mut self) -> Option<UnitId> {
        let at = self.next?;
        self.next = self.catalog.parent(at);
        Some(at)
    }
}

/// A unit and its subtree, depth first; see [`Catalog::descendants`].
#[derive(Debug, Clone)]
pub struct Descendants<'a> {
    pub(super) catalog: &'a Catalog,
    pub(super) stack: Vec<UnitId>,
}

impl Iterator for Descendants<'_> {
    type Item = UnitId;
    fn next(&mut self) -> Option<UnitId> {
        let at = self.stack.pop()?;
        self.stack
            .extend(self.catalog.children[at.index()].iter().rev());
        Some(at)
    }
}
