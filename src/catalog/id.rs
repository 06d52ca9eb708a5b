//! Ids of a catalog's units, services and areas, each carrying its catalog's tag so that an id
//! of one catalog never names another catalog's entry.

use std::fmt;
use std::num::NonZeroU64;
use std::sync::atomic::{AtomicU64, Ordering};

/// A built catalog's process-unique tag, given by [`Tag::next`] in `CatalogBuilder::build`; a
/// clone of a catalog keeps it (it is the same catalog).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Tag(NonZeroU64);

impl Tag {
    /// A tag no catalog of this process has had: 64 bits, so a program that builds a catalog
    /// every nanosecond runs out after 584 years. Never 0, so that an `Option` of an id is no
    /// larger than the id.
    pub(crate) fn next() -> Tag {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        loop {
            // only uniqueness matters, not an order with other memory
            if let Some(tag) = NonZeroU64::new(NEXT.fetch_add(1, Ordering::Relaxed)) {
                return Tag(tag);
            }
        }
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

macro_rules! id {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name {
            catalog: Tag,
            index: u32,
        }

        impl $name {
            /// The id of the entry at `index` of the catalog tagged `catalog`.
            pub(crate) fn new(catalog: Tag, index: u32) -> $name {
                $name { catalog, index }
            }

            /// The position in catalog order (0-based).
            #[must_use]
            pub fn index(self) -> usize {
                self.index as usize
            }

            /// The position as the crate's compact keys hold it.
            pub(crate) fn raw(self) -> u32 {
                self.index
            }

            /// The tag of the catalog the id belongs to.
            pub(crate) fn tag(self) -> Tag {
                self.catalog
            }
        }

        impl fmt::Display for $name {
            /// `unit id 5 (catalog 3)`: the position and the catalog's tag.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($what, " id {} (catalog {})"), self.index, self.catalog)
            }
        }
    };
}

id!(
    /// A unit's position in its [`Catalog`](crate::Catalog): a small `Copy` handle that knows its
    /// catalog. That catalog (or a clone of it) looks it up; any other catalog, even an equal one
    /// built separately, answers `None` (and a [`Survey`](crate::Survey) a
    /// [`ForeignIdError`](crate::ForeignIdError)): look the unit up there by its code.
    ///
    /// ```
    /// let catalog = persepsi::Catalog::kemenkum_2025();
    /// let ntt = catalog.unit_id("KW-NTT").ok_or("no KW-NTT")?;
    /// assert_eq!(catalog.unit(ntt).map(|u| u.name()), Some("Kantor Wilayah Kementerian Hukum Nusa Tenggara Timur"));
    /// let other = catalog.to_builder().build()?; // equal, but another catalog
    /// assert_eq!(other, *catalog);
    /// assert_eq!(other.unit(ntt), None);
    /// assert_eq!(other.unit(other.unit_id("KW-NTT").ok_or("no KW-NTT")?), catalog.unit(ntt));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    UnitId,
    "unit"
);

id!(
    /// A service's position in its [`Catalog`](crate::Catalog), knowing its catalog like a
    /// [`UnitId`].
    ServiceId,
    "service"
);

id!(
    /// An area's position in its [`Catalog`](crate::Catalog), knowing its catalog like a
    /// [`UnitId`].
    AreaId,
    "area"
);

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(n: u64) -> Tag {
        Tag(NonZeroU64::new(n).expect("a tag is not 0"))
    }

    #[test]
    fn ids_are_sixteen_bytes_and_tags_differ() {
        assert_eq!(std::mem::size_of::<UnitId>(), 16);
        assert_eq!(std::mem::size_of::<Option<ServiceId>>(), 16);
        assert_ne!(Tag::next(), Tag::next());
    }

    #[test]
    fn display_names_index_and_catalog() {
        assert_eq!(UnitId::new(tag(3), 5).to_string(), "unit id 5 (catalog 3)");
        assert_eq!(AreaId::new(tag(1), 0).to_string(), "area id 0 (catalog 1)");
    }
}
