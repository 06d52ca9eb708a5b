//! The organizational hierarchy, the service taxonomy and the unit-to-service mapping: the
//! [`Catalog`] and its queries; its entries, ids, builder, errors, walks and JSON form beside it.

mod builder;
mod entry;
mod error;
mod id;
mod iter;
#[cfg(feature = "serde")]
mod json;

use std::collections::HashMap;

pub use builder::CatalogBuilder;
pub use entry::{Area, Service, Unit, UnitKind};
pub use error::CatalogError;
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
/// let ntt = catalog.unit_id("KW-NTT").unwrap();
/// let merek = catalog.service_id("KI-MEREK").unwrap();
/// assert!(catalog.offers(ntt, merek));
/// assert!(!catalog.offers(catalog.root(), merek)); // not inherited
/// assert_eq!(catalog.ancestors(ntt).count(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Catalog {
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
    /// The (unit, service) of every offered pair, by pair number.
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pairs: Vec<(UnitId, ServiceId)>,
    /// Whether areas were declared (else they were implied by the services).
    declared_areas: bool,
}

impl PartialEq for Catalog {
    /// Two catalogs are equal when they hold the same entries in the same order.
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
            && self.units == other.units
            && self.areas == other.areas
            && self.services == other.services
            && self.offer_entries == other.offer_entries
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
    /// # #[cfg(feature = "serde")] {
    /// let catalog = persepsi::Catalog::kemenkum_2025();
    /// assert_eq!(catalog.to_builder().build()?, *catalog);
    /// # }
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

    /// All units, in catalog order (a [`UnitId`]'s index is its position here).
    #[must_use]
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// The unit of an id. Ids come from this catalog; an id out of range returns the root.
    #[must_use]
    pub fn unit(&self, id: UnitId) -> &Unit {
        self.units
            .get(id.index())
            .unwrap_or(&self.units[self.root.index()])
    }

    /// The id of a unit by its code.
    #[must_use]
    pub fn unit_id(&self, code: &str) -> Option<UnitId> {
        self.unit_index.get(code).copied()
    }

    /// The unit with this code.
    #[must_use]
    pub fn unit_by_code(&self, code: &str) -> Option<&Unit> {
        self.unit_id(code).map(|id| self.unit(id))
    }

    /// Every unit id in catalog order.
    pub fn unit_ids(&self) -> impl ExactSizeIterator<Item = UnitId> + '_ {
        (0..self.units.len() as u32).map(UnitId)
    }

    /// The root unit (the ministry in the built-in catalog).
    #[must_use]
    pub fn root(&self) -> UnitId {
        self.root
    }

    /// The parent of a unit (`None` for the root).
    #[must_use]
    pub fn parent(&self, id: UnitId) -> Option<UnitId> {
        self.parents.get(id.index()).copied().flatten()
    }

    /// The direct children of a unit, in catalog order.
    #[must_use]
    pub fn children(&self, id: UnitId) -> Children<'_> {
        Children {
            inner: self
                .children
                .get(id.index())
                .map_or(&[][..], Vec::as_slice)
                .iter(),
        }
    }

    /// The ancestors of a unit, nearest first, ending at the root (the unit itself excluded).
    #[must_use]
    pub fn ancestors(&self, id: UnitId) -> Ancestors<'_> {
        Ancestors {
            catalog: self,
            next: self.parent(id),
        }
    }

    /// A unit and everything below it, depth first, parents before children, siblings in
    /// catalog order.
    ///
    /// ```
    /// # #[cfg(feature = "serde")] {
    /// let catalog = persepsi::Catalog::kemenkum_2025();
    /// let ntt = catalog.unit_id("KW-NTT").unwrap();
    /// let codes: Vec<_> = catalog.descendants(ntt).map(|u| catalog.unit(u).code().as_str()).collect();
    /// assert_eq!(codes, ["KW-NTT", "KW-NTT-TU", "KW-NTT-YANKUM", "KW-NTT-P3H"]);
    /// # }
    /// ```
    #[must_use]
    pub fn descendants(&self, id: UnitId) -> Descendants<'_> {
        let stack = if id.index() < self.units.len() {
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

    /// True when `ancestor` is `unit` or one of its ancestors.
    #[must_use]
    pub fn is_within(&self, unit: UnitId, ancestor: UnitId) -> bool {
        unit == ancestor || self.ancestors(unit).any(|a| a == ancestor)
    }

    /// All areas, in catalog order.
    #[must_use]
    pub fn areas(&self) -> &[Area] {
        &self.areas
    }

    /// The area of an id (the first area for an id out of range).
    ///
    /// # Panics
    ///
    /// Never for ids of this catalog; a catalog with no services has no areas and then panics.
    #[must_use]
    pub fn area(&self, id: AreaId) -> &Area {
        &self.areas[id.index().min(self.areas.len().saturating_sub(1))]
    }

    /// The id of an area by its code.
    #[must_use]
    pub fn area_id(&self, code: &str) -> Option<AreaId> {
        self.area_index.get(code).copied()
    }

    /// True when `area` is `within` or nests inside it.
    #[must_use]
    pub fn area_is_within(&self, area: AreaId, within: AreaId) -> bool {
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

    /// The service of an id (the first service for an id out of range).
    ///
    /// # Panics
    ///
    /// When the catalog has no services at all.
    #[must_use]
    pub fn service(&self, id: ServiceId) -> &Service {
        &self.services[id.index().min(self.services.len().saturating_sub(1))]
    }

    /// The id of a service by its code.
    #[must_use]
    pub fn service_id(&self, code: &str) -> Option<ServiceId> {
        self.service_index.get(code).copied()
    }

    /// The area of a service.
    #[must_use]
    pub fn service_area(&self, id: ServiceId) -> Option<AreaId> {
        self.service_areas.get(id.index()).copied()
    }

    /// True when the unit's own offers entry lists the service (nothing is inherited).
    #[must_use]
    pub fn offers(&self, unit: UnitId, service: ServiceId) -> bool {
        self.offer_bits
            .get(unit.index() * self.words + service.index() / 64)
            .is_some_and(|w| w & (1u64 << (service.index() % 64)) != 0)
    }

    /// The number of the offered (unit, service) pair, `None` when the unit does not offer the
    /// service: pairs are numbered 0.. by unit, then service, in catalog order.
    pub(crate) fn offer_pair(&self, unit: UnitId, service: ServiceId) -> Option<u32> {
        let row = self
            .offer_bits
            .get(unit.index() * self.words..(unit.index() + 1) * self.words)?;
        let (w, bit) = (service.index() / 64, service.index() % 64);
        let word = *row.get(w)?;
        if word & (1u64 << bit) == 0 {
            return None;
        }
        let before: u32 = row[..w].iter().map(|x| x.count_ones()).sum::<u32>()
            + (word & ((1u64 << bit) - 1)).count_ones();
        Some(self.pair_base.get(unit.index())? + before)
    }

    /// The unit and service of an offered pair.
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) fn pair(&self, pair: u32) -> Option<(UnitId, ServiceId)> {
        self.pairs.get(pair as usize).copied()
    }

    /// The number of offered (unit, service) pairs.
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) fn pair_count(&self) -> usize {
        self.pairs.len()
    }

    /// The services a unit offers, in the order of its offers entry (empty without one).
    ///
    /// ```
    /// # #[cfg(feature = "serde")] {
    /// let catalog = persepsi::Catalog::kemenkum_2025();
    /// let tu = catalog.unit_id("KW-NTT-TU").unwrap();
    /// let codes: Vec<_> = catalog.offered(tu).iter().map(|&s| catalog.service(s).code().as_str()).collect();
    /// assert_eq!(codes, ["UMUM-INFORMASI", "UMUM-TU"]);
    /// # }
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
