//! The organizational hierarchy, the service taxonomy and the unit-to-service mapping: the
//! [`Catalog`] and its queries; its entries, ids, builder, errors, walks and JSON form beside it.

mod builder;
mod entry;
mod error;
mod id;
mod iter;
#[cfg(feature = "serde")]
mod json;
mod kemenkum;

use std::collections::HashMap;

pub use builder::CatalogBuilder;
pub use entry::{Area, Service, Unit, UnitKind};
pub use error::{CatalogError, ForeignIdError};
use id::Tag;
pub use id::{AreaId, ServiceId, UnitId};
pub use iter::{Ancestors, Children, Descendants};
#[cfg(feature = "serde")]
pub use json::KEMENKUM_2025;

type Index<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

use crate::code::{AreaCode, ServiceCode, UnitCode};

/// The validated catalog: units in one hierarchy, areas, services and the mapping of which unit
/// offers which services ("pemetaan layanan").
///
/// A catalog is checked once, when it is built ([`CatalogBuilder::build`],
/// `Catalog::from_json`): unique codes, parents that exist, exactly one root, no cycles, offers
/// naming known units and services, at most one offers entry per unit. Afterwards lookups return
/// `Option` and traversals never fail. Offers are not inherited: a unit offers exactly what its
/// own entry lists, and roll-ups carry its responses upward.
///
/// Each built catalog has its own ids: a [`UnitId`], [`ServiceId`] or [`AreaId`] knows the
/// catalog that made it, and a clone of that catalog is the same catalog. Another catalog, even
/// an equal one, answers `None` (or nothing, or `false`) to a lookup by such an id, and a
/// [`Survey`](crate::Survey) a [`ForeignIdError`]: ids are looked up again by code.
///
/// # Examples
///
/// ```
/// use persepsi::{Catalog, UnitKind};
///
/// let catalog = Catalog::builder()
///     .unit("KEMENKUM".parse()?, "Kementerian Hukum", UnitKind::Ministry, None)
///     .unit("KW-NTT".parse()?, "Kanwil NTT", UnitKind::Kanwil, Some("KEMENKUM".parse()?))
///     .service("KI-MEREK".parse()?, "Merek", "KI".parse()?)
///     .offer("KW-NTT".parse()?, vec!["KI-MEREK".parse()?])
///     .build()?;
/// let ntt = catalog.unit_id("KW-NTT").ok_or("no KW-NTT")?;
/// let merek = catalog.service_id("KI-MEREK").ok_or("no KI-MEREK")?;
/// assert!(catalog.offers(ntt, merek));
/// assert!(!catalog.offers(catalog.root(), merek)); // not inherited
/// assert_eq!(catalog.ancestors(ntt).count(), 1);
///
/// let copy = catalog.clone(); // the same catalog: its ids work
/// assert!(copy.offers(ntt, merek));
/// let rebuilt = catalog.to_builder().build()?; // an equal catalog with its own ids
/// assert_eq!(rebuilt, catalog);
/// assert!(!rebuilt.offers(ntt, merek));
/// assert_eq!(rebuilt.unit(ntt), None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Which catalog this is: every id it makes carries the tag.
    tag: Tag,
    name: Option<String>,
    units: Vec<Unit>,
    unit_index: Index<UnitCode, UnitId>,
    parents: Vec<Option<UnitId>>,
    children: Vec<Vec<UnitId>>,
    root: UnitId,
    /// Units from the root down, parents before children.
    top_down: Vec<UnitId>,
    areas: Vec<Area>,
    area_index: Index<AreaCode, AreaId>,
    area_parents: Vec<Option<AreaId>>,
    services: Vec<Service>,
    service_index: Index<ServiceCode, ServiceId>,
    service_areas: Vec<AreaId>,
    /// The offers entries, in the order given.
    offer_entries: Vec<(UnitId, Vec<ServiceId>)>,
    /// units x words bit matrix of offered services.
    offer_bits: Vec<u64>,
    words: usize,
    /// Per unit, the number of offered (unit, service) pairs of the units before it: with the
    /// bits, this numbers every offered pair 0.. without a hash lookup.
    pair_base: Vec<u32>,
    /// The (unit, service) positions of every offered pair, by pair number.
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pairs: Vec<(u32, u32)>,
    /// Whether areas were declared (else they were implied by the services).
    declared_areas: bool,
}

impl PartialEq for Catalog {
    /// Two catalogs are equal when they hold the same entries in the same order (their ids
    /// still differ: each built catalog has its own).
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
            && self.units == other.units
            && self.areas == other.areas
            && self.services == other.services
            && self.offer_entries.len() == other.offer_entries.len()
            && self
                .offer_entries
                .iter()
                .zip(&other.offer_entries)
                .all(|((u, s), (v, t))| {
                    // by position: the ids carry each catalog's own tag
                    u.index() == v.index()
                        && s.len() == t.len()
                        && s.iter().zip(t).all(|(a, b)| a.index() == b.index())
                })
            && self.declared_areas == other.declared_areas
    }
}

impl Eq for Catalog {}

impl Catalog {
    /// An empty [`CatalogBuilder`].
    pub fn builder() -> CatalogBuilder {
        CatalogBuilder::default()
    }

    /// A builder holding this catalog's entries, to add to them or change them.
    ///
    /// ```
    /// let catalog = persepsi::Catalog::kemenkum_2025();
    /// assert_eq!(catalog.to_builder().build()?, *catalog);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_builder(&self) -> CatalogBuilder {
        CatalogBuilder {
            name: self.name.clone(),
            units: self.units.clone(),
            areas: if self.declared_areas {
                self.areas.clone()
            } else {
                Vec::new()
            },
            services: self.services.clone(),
            offers: self
                .offer_entries
                .iter()
                .map(|(u, s)| {
                    (
                        self.units[u.index()].code.clone(),
                        s.iter()
                            .map(|s| self.services[s.index()].code.clone())
                            .collect(),
                    )
                })
                .collect(),
        }
    }

    /// The catalog's name, if it has one.
    #[must_use]
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The position of a unit id of this catalog; `None` for an id of another catalog.
    fn own_unit(&self, id: UnitId) -> Option<usize> {
        (id.tag() == self.tag).then(|| id.index())
    }

    /// The position of a service id of this catalog.
    fn own_service(&self, id: ServiceId) -> Option<usize> {
        (id.tag() == self.tag).then(|| id.index())
    }

    /// The position of an area id of this catalog.
    fn own_area(&self, id: AreaId) -> Option<usize> {
        (id.tag() == self.tag).then(|| id.index())
    }

    /// Whether the id is one of this catalog's units (a clone of the catalog is the same
    /// catalog; an equal catalog built separately is another).
    ///
    /// ```
    /// let catalog = persepsi::Catalog::kemenkum_2025();
    /// let root = catalog.root();
    /// assert!(catalog.clone().contains_unit(root));
    /// assert!(!catalog.to_builder().build()?.contains_unit(root));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn contains_unit(&self, id: UnitId) -> bool {
        self.own_unit(id).is_some_and(|i| i < self.units.len())
    }

    /// Whether the id is one of this catalog's services.
    #[must_use]
    pub fn contains_service(&self, id: ServiceId) -> bool {
        self.own_service(id)
            .is_some_and(|i| i < self.services.len())
    }

    /// Whether the id is one of this catalog's areas.
    #[must_use]
    pub fn contains_area(&self, id: AreaId) -> bool {
        self.own_area(id).is_some_and(|i| i < self.areas.len())
    }

    /// All units, in catalog order (a [`UnitId`]'s index is its position here).
    #[must_use]
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// The unit of an id; `None` for an id of another catalog.
    ///
    /// ```
    /// let catalog = persepsi::Catalog::kemenkum_2025();
    /// let root = catalog.unit(catalog.root()).ok_or("the root is a unit")?;
    /// assert_eq!(root.code().as_str(), "KEMENKUM");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn unit(&self, id: UnitId) -> Option<&Unit> {
        self.units.get(self.own_unit(id)?)
    }

    /// The id of a unit by its code.
    #[must_use]
    pub fn unit_id(&self, code: &str) -> Option<UnitId> {
        self.unit_index.get(code).copied()
    }

    /// The unit with this code.
    #[must_use]
    pub fn unit_by_code(&self, code: &str) -> Option<&Unit> {
        self.unit_id(code).and_then(|id| self.unit(id))
    }

    /// Every unit id in catalog order.
    pub fn unit_ids(&self) -> impl ExactSizeIterator<Item = UnitId> + '_ {
        (0..self.units.len() as u32).map(|i| UnitId::new(self.tag, i))
    }

    /// The code of the unit at a position, as bytes (empty past the end), for the reader's
    /// code table.
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) fn unit_code_at(&self, index: u32) -> &[u8] {
        self.units
            .get(index as usize)
            .map_or(&[], |u| u.code.as_str().as_bytes())
    }

    /// The root unit (the ministry in the built-in catalog).
    #[must_use]
    pub fn root(&self) -> UnitId {
        self.root
    }

    /// The parent of a unit: `None` for the root, and for an id of another catalog.
    #[must_use]
    pub fn parent(&self, id: UnitId) -> Option<UnitId> {
        self.parents.get(self.own_unit(id)?).copied().flatten()
    }

    /// The direct children of a unit, in catalog order (none for an id of another catalog).
    #[must_use]
    pub fn children(&self, id: UnitId) -> Children<'_> {
        Children {
            inner: self
                .own_unit(id)
                .and_then(|i| self.children.get(i))
                .map_or(&[][..], Vec::as_slice)
                .iter(),
        }
    }

    /// The ancestors of a unit, nearest first, ending at the root (the unit itself excluded;
    /// none for an id of another catalog).
    #[must_use]
    pub fn ancestors(&self, id: UnitId) -> Ancestors<'_> {
        Ancestors {
            catalog: self,
            next: self.parent(id),
        }
    }

    /// A unit and everything below it, depth first, parents before children, siblings in
    /// catalog order (nothing for an id of another catalog).
    ///
    /// ```
    /// let catalog = persepsi::Catalog::kemenkum_2025();
    /// let ntt = catalog.unit_id("KW-NTT").ok_or("no KW-NTT")?;
    /// let codes: Vec<_> = catalog
    ///     .descendants(ntt)
    ///     .filter_map(|u| Some(catalog.unit(u)?.code().as_str()))
    ///     .collect();
    /// assert_eq!(codes, ["KW-NTT", "KW-NTT-TU", "KW-NTT-YANKUM", "KW-NTT-P3H"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn descendants(&self, id: UnitId) -> Descendants<'_> {
        let stack = if self.contains_unit(id) {
            vec![id]
        } else {
            Vec::new()
        };
        Descendants {
            catalog: self,
            stack,
        }
    }

    /// Every unit with parents before children (breadth first from the root).
    pub(crate) fn top_down(&self) -> &[UnitId] {
        &self.top_down
    }

    /// True when `ancestor` is `unit` or one of its ancestors; false when either is an id of
    /// another catalog.
    #[must_use]
    pub fn is_within(&self, unit: UnitId, ancestor: UnitId) -> bool {
        self.contains_unit(unit)
            && self.contains_unit(ancestor)
            && (unit == ancestor || self.ancestors(unit).any(|a| a == ancestor))
    }

    /// All areas, in catalog order.
    #[must_use]
    pub fn areas(&self) -> &[Area] {
        &self.areas
    }

    /// The area of an id; `None` for an id of another catalog.
    ///
    /// ```
    /// let catalog = persepsi::Catalog::kemenkum_2025();
    /// let ki = catalog.area_id("KI").and_then(|a| catalog.area(a)).ok_or("no KI")?;
    /// assert_eq!(ki.parent().map(|p| p.as_str()), Some("YANKUM"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn area(&self, id: AreaId) -> Option<&Area> {
        self.areas.get(self.own_area(id)?)
    }

    /// The id of an area by its code.
    #[must_use]
    pub fn area_id(&self, code: &str) -> Option<AreaId> {
        self.area_index.get(code).copied()
    }

    /// Every area id in catalog order.
    pub fn area_ids(&self) -> impl ExactSizeIterator<Item = AreaId> + '_ {
        (0..self.areas.len() as u32).map(|i| AreaId::new(self.tag, i))
    }

    /// True when `area` is `within` or nests inside it; false when either is an id of another
    /// catalog.
    #[must_use]
    pub fn area_is_within(&self, area: AreaId, within: AreaId) -> bool {
        if !self.contains_area(area) || !self.contains_area(within) {
            return false;
        }
        let mut at = Some(area);
        // the chain is finite: area cycles are refused at build
        while let Some(a) = at {
            if a == within {
                return true;
            }
            at = self.area_parents.get(a.index()).copied().flatten();
        }
        false
    }

    /// All services, in catalog order.
    #[must_use]
    pub fn services(&self) -> &[Service] {
        &self.services
    }

    /// The service of an id; `None` for an id of another catalog.
    ///
    /// ```
    /// let catalog = persepsi::Catalog::kemenkum_2025();
    /// let merek = catalog.service_id("KI-MEREK").and_then(|s| catalog.service(s));
    /// assert_eq!(merek.map(|s| s.area().as_str()), Some("KI"));
    /// ```
    #[must_use]
    pub fn service(&self, id: ServiceId) -> Option<&Service> {
        self.services.get(self.own_service(id)?)
    }

    /// The id of a service by its code.
    #[must_use]
    pub fn service_id(&self, code: &str) -> Option<ServiceId> {
        self.service_index.get(code).copied()
    }

    /// Every service id in catalog order.
    ///
    /// ```
    /// let catalog = persepsi::Catalog::kemenkum_2025();
    /// let first = catalog.service_ids().next().ok_or("no services")?;
    /// assert_eq!(catalog.service(first), catalog.services().first());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn service_ids(&self) -> impl ExactSizeIterator<Item = ServiceId> + '_ {
        (0..self.services.len() as u32).map(|i| ServiceId::new(self.tag, i))
    }

    /// The code of the service at a position, as bytes (empty past the end), for the reader's
    /// code table.
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) fn service_code_at(&self, index: u32) -> &[u8] {
        self.services
            .get(index as usize)
            .map_or(&[], |s| s.code.as_str().as_bytes())
    }

    /// The area of a service; `None` for an id of another catalog.
    #[must_use]
    pub fn service_area(&self, id: ServiceId) -> Option<AreaId> {
        self.service_areas.get(self.own_service(id)?).copied()
    }

    /// True when the unit's own offers entry lists the service (nothing is inherited); false
    /// when either is an id of another catalog.
    #[must_use]
    pub fn offers(&self, unit: UnitId, service: ServiceId) -> bool {
        self.offer_pair(unit, service).is_some()
    }

    /// The number of the offered (unit, service) pair, `None` when the unit does not offer the
    /// service (or either id is another catalog's): pairs are numbered 0.. by unit, then
    /// service, in catalog order.
    pub(crate) fn offer_pair(&self, unit: UnitId, service: ServiceId) -> Option<u32> {
        if unit.tag() != self.tag || service.tag() != self.tag {
            return None;
        }
        self.offer_pair_at(unit.raw(), service.raw())
    }

    /// [`Catalog::offer_pair`] by the positions of a unit and a service in this catalog.
    pub(crate) fn offer_pair_at(&self, unit: u32, service: u32) -> Option<u32> {
        let (unit, service) = (unit as usize, service as usize);
        let row = self
            .offer_bits
            .get(unit * self.words..(unit + 1) * self.words)?;
        let (w, bit) = (service / 64, service % 64);
        let word = *row.get(w)?;
        if word & (1u64 << bit) == 0 {
            return None;
        }
        let before: u32 = row[..w].iter().map(|x| x.count_ones()).sum::<u32>()
            + (word & ((1u64 << bit) - 1)).count_ones();
        Some(self.pair_base.get(unit)? + before)
    }

    /// The positions of the unit and the service of an offered pair.
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) fn pair(&self, pair: u32) -> Option<(u32, u32)> {
        self.pairs.get(pair as usize).copied()
    }

    /// The number of offered (unit, service) pairs.
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) fn pair_count(&self) -> usize {
        self.pairs.len()
    }

    /// The services a unit offers, in the order of its offers entry (empty without one, and for
    /// an id of another catalog).
    ///
    /// ```
    /// let catalog = persepsi::Catalog::kemenkum_2025();
    /// let tu = catalog.unit_id("KW-NTT-TU").ok_or("no KW-NTT-TU")?;
    /// let codes: Vec<_> = catalog
    ///     .offered(tu)
    ///     .iter()
    ///     .filter_map(|&s| Some(catalog.service(s)?.code().as_str()))
    ///     .collect();
    /// assert_eq!(codes, ["UMUM-INFORMASI", "UMUM-TU"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn offered(&self, unit: UnitId) -> &[ServiceId] {
        self.offer_entries
            .iter()
            .find(|(u, _)| *u == unit)
            .map_or(&[], |(_, s)| s.as_slice())
    }

    /// The offers entries, in the order given: which unit offers which services.
    pub fn offer_entries(&self) -> impl Iterator<Item = (UnitId, &[ServiceId])> + '_ {
        self.offer_entries.iter().map(|(u, s)| (*u, s.as_slice()))
    }
}
