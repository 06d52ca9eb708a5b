//! Ids of a catalog's units, services and areas.

/// A unit's position in its [`Catalog`]: a small `Copy` handle, valid for that catalog only.
///
/// [`Catalog`]: crate::Catalog
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitId(pub(crate) u32);

/// A service's position in its [`Catalog`].
///
/// [`Catalog`]: crate::Catalog
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ServiceId(pub(crate) u32);

/// An area's position in its [`Catalog`].
///
/// [`Catalog`]: crate::Catalog
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AreaId(pub(crate) u32);

impl UnitId {
    /// The position in catalog order (0-based).
    #[must_use]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl ServiceId {
    /// The position in catalog order (0-based).
    #[must_use]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl AreaId {
    /// The position in catalog order (0-based).
    #[must_use]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}
