//! The organizational hierarchy, the service taxonomy and the unit-to-service mapping.

use std::collections::HashMap;

type Index<K, V> = HashMap<K, V, foldhash::fast::RandomState>;
use std::fmt;

use crate::code::{AreaCode, CodeError, ServiceCode, UnitCode};

/// What kind of unit a catalog entry is.
///
/// Written in a catalog file as `ministry`, `eselon1`, `kanwil`, `division`, `upt`, or any other
/// word, kept as [`UnitKind::Other`].
///
/// ```
/// use persepsi::UnitKind;
/// assert_eq!("kanwil".parse::<UnitKind>(), Ok(UnitKind::Kanwil));
/// assert_eq!("kabupaten".parse::<UnitKind>(), Ok(UnitKind::Other("kabupaten".into())));
/// assert_eq!(UnitKind::Eselon1.to_string(), "eselon1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UnitKind {
    /// The ministry (kementerian), usually the root.
    Ministry,
    /// A Unit Eselon I (directorate general, inspectorate, secretariat, agency).
    Eselon1,
    /// A Kantor Wilayah (regional office).
    Kanwil,
    /// A division or bureau inside a unit (Divisi, Bagian).
    Division,
    /// A technical implementation unit (UPT), such as a Balai Harta Peninggalan.
    Upt,
    /// Any other kind, by its name.
    Other(String),
}

impl std::str::FromStr for UnitKind {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "ministry" => UnitKind::Ministry,
            "eselon1" => UnitKind::Eselon1,
            "kanwil" => UnitKind::Kanwil,
            "division" => UnitKind::Division,
            "upt" => UnitKind::Upt,
            other => UnitKind::Other(other.to_owned()),
        })
    }
}

impl fmt::Display for UnitKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UnitKind::Ministry => "ministry",
            UnitKind::Eselon1 => "eselon1",
            UnitKind::Kanwil => "kanwil",
            UnitKind::Division => "division",
            UnitKind::Upt => "upt",
            UnitKind::Other(s) => s,
        })
    }
}

/// An organizational unit.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// let catalog = persepsi::Catalog::kemenkum_2025();
/// let ntt = catalog.unit_by_code("KW-NTT").unwrap();
/// assert_eq!(ntt.kind(), &persepsi::UnitKind::Kanwil);
/// assert_eq!(ntt.parent().map(|p| p.as_str()), Some("KEMENKUM"));
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Unit {
    code: UnitCode,
    name: String,
    kind: UnitKind,
    parent: Option<UnitCode>,
    population: Option<u64>,
}

impl Unit {
    /// A unit; `parent` is `None` for the root only.
    #[must_use]
    pub fn new(
        code: UnitCode,
        name: impl Into<String>,
        kind: UnitKind,
        parent: Option<UnitCode>,
    ) -> Unit {
        Unit {
            code,
            name: name.into(),
            kind,
            parent,
            population: None,
        }
    }

    /// Sets the unit's population (for example its yearly service volume), for sample sizes.
    #[must_use]
    pub fn with_population(mut self, population: u64) -> Unit {
        self.population = Some(population);
        self
    }

    /// The unit's code.
    #[must_use]
    pub fn code(&self) -> &UnitCode {
        &self.code
    }

    /// The unit's name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The unit's kind.
    #[must_use]
    pub fn kind(&self) -> &UnitKind {
        &self.kind
    }

    /// The parent's code (`None` for the root).
    #[must_use]
    pub fn parent(&self) -> Option<&UnitCode> {
        self.parent.as_ref()
    }

    /// The unit's population, when the catalog gives one.
    #[must_use]
    pub fn population(&self) -> Option<u64> {
        self.population
    }
}

/// A service area (AHU, KI, PUU, BINKUM, BHP, UMUM, or a user's own); areas may nest.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// let catalog = persepsi::Catalog::kemenkum_2025();
/// let ki = catalog.area(catalog.area_id("KI").unwrap());
/// assert_eq!(ki.name(), "Kekayaan Intelektual");
/// assert_eq!(ki.parent().map(|p| p.as_str()), Some("YANKUM"));
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Area {
    code: AreaCode,
    name: String,
    parent: Option<AreaCode>,
}

impl Area {
    /// An area; `parent` is the area it nests in.
    #[must_use]
    pub fn new(code: AreaCode, name: impl Into<String>, parent: Option<AreaCode>) -> Area {
        Area {
            code,
            name: name.into(),
            parent,
        }
    }

    /// The area's code.
    #[must_use]
    pub fn code(&self) -> &AreaCode {
        &self.code
    }

    /// The area's name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The area it nests in, if any.
    #[must_use]
    pub fn parent(&self) -> Option<&AreaCode> {
        self.parent.as_ref()
    }
}

/// A public service in the taxonomy.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// let catalog = persepsi::Catalog::kemenkum_2025();
/// let merek = catalog.service(catalog.service_id("KI-MEREK").unwrap());
/// assert_eq!(merek.area().as_str(), "KI");
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Service {
    code: ServiceCode,
    name: String,
    area: AreaCode,
}

impl Service {
    /// A service in an area.
    #[must_use]
    pub fn new(code: ServiceCode, name: impl Into<String>, area: AreaCode) -> Service {
        Service {
            code,
            name: name.into(),
            area,
        }
    }

    /// The service's code.
    #[must_use]
    pub fn code(&self) -> &ServiceCode {
        &self.code
    }

    /// The service's name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The service's area.
    #[must_use]
    pub fn area(&self) -> &AreaCode {
        &self.area
    }
}

/// Why a catalog was refused. Each variant names the offending code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogError {
    /// The file is not valid JSON for schema v1 (or a field has the wrong type).
    #[error("catalog is not valid schema-v1 JSON: {message}")]
    Json {
        /// serde_json's message, with line and column.
        message: String,
    },
    /// The file declares a schema other than 1.
    #[error("catalog schema {schema} is not supported (only 1)")]
    UnsupportedSchema {
        /// The declared schema.
        schema: u64,
    },
    /// A code breaks the code rules.
    #[error(transparent)]
    Code(#[from] CodeError),
    /// The catalog has no units.
    #[error("catalog has no units")]
    NoUnits,
    /// Two units share a code.
    #[error("unit {unit} is defined twice")]
    DuplicateUnit {
        /// The repeated code.
        unit: UnitCode,
    },
    /// A unit names a parent that is not in the catalog.
    #[error("unit {unit} names unknown parent {parent}")]
    UnknownParent {
        /// The unit.
        unit: UnitCode,
        /// The parent it names.
        parent: UnitCode,
    },
    /// More than one unit has no parent.
    #[error("units {first} and {second} both have no parent: a catalog has exactly one root")]
    TwoRoots {
        /// The first root.
        first: UnitCode,
        /// The second root.
        second: UnitCode,
    },
    /// Parents form a cycle (this unit is on it).
    #[error("unit {unit} is its own ancestor: the parents form a cycle")]
    Cycle {
        /// A unit on the cycle.
        unit: UnitCode,
    },
    /// Two areas share a code.
    #[error("area {area} is defined twice")]
    DuplicateArea {
        /// The repeated code.
        area: AreaCode,
    },
    /// An area nests in an area that is not declared.
    #[error("area {area} names unknown parent area {parent}")]
    UnknownAreaParent {
        /// The area.
        area: AreaCode,
        /// The parent it names.
        parent: AreaCode,
    },
    /// Area parents form a cycle.
    #[error("area {area} is its own ancestor: the area parents form a cycle")]
    AreaCycle {
        /// An area on the cycle.
        area: AreaCode,
    },
    /// Two services share a code.
    #[error("service {service} is defined twice")]
    DuplicateService {
        /// The repeated code.
        service: ServiceCode,
    },
    /// A service's area is not among the declared areas.
    #[error("service {service} names unknown area {area}")]
    UnknownArea {
        /// The service.
        service: ServiceCode,
        /// The area it names.
        area: AreaCode,
    },
    /// An offers entry names a unit that is not in the catalog.
    #[error("offers name unknown unit {unit}")]
    OfferUnknownUnit {
        /// The unit named.
        unit: UnitCode,
    },
    /// An offers entry names a service that is not in the catalog.
    #[error("unit {unit} offers unknown service {service}")]
    OfferUnknownService {
        /// The unit.
        unit: UnitCode,
        /// The service named.
        service: ServiceCode,
    },
    /// A unit has two offers entries.
    #[error("unit {unit} has two offers entries")]
    DuplicateOffers {
        /// The unit.
        unit: UnitCode,
    },
    /// One offers entry lists a service twice.
    #[error("unit {unit} lists service {service} twice in its offers")]
    DuplicateOfferedService {
        /// The unit.
        unit: UnitCode,
        /// The repeated service.
        service: ServiceCode,
    },
}

/// A unit's position in its [`Catalog`]: a small `Copy` handle, valid for that catalog only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitId(pub(crate) u32);

/// A service's position in its [`Catalog`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ServiceId(pub(crate) u32);

/// An area's position in its [`Catalog`].
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

/// The validated catalog: units in one hierarchy, areas, services and the mapping of which unit
/// offers which services ("pemetaan layanan").
///
/// A catalog is checked once, when it is built ([`CatalogBuilder::build`],
/// [`Catalog::from_json`]): unique codes, parents that exist, exactly one root, no cycles, offers
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

/// Collects catalog entries, then checks them all at once; see [`Catalog::builder`].
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct CatalogBuilder {
    name: Option<String>,
    units: Vec<Unit>,
    areas: Vec<Area>,
    services: Vec<Service>,
    offers: Vec<(UnitCode, Vec<ServiceCode>)>,
}

impl CatalogBuilder {
    /// Names the catalog (for example `Kementerian Hukum 2025`).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Adds a unit.
    pub fn unit(
        self,
        code: UnitCode,
        name: impl Into<String>,
        kind: UnitKind,
        parent: Option<UnitCode>,
    ) -> Self {
        self.add_unit(Unit::new(code, name, kind, parent))
    }

    /// Adds a unit built with [`Unit::new`].
    pub fn add_unit(mut self, unit: Unit) -> Self {
        self.units.push(unit);
        self
    }

    /// Declares a service area. Without any declared area, every area a service names is a
    /// top-level area named by its code.
    pub fn area(
        mut self,
        code: AreaCode,
        name: impl Into<String>,
        parent: Option<AreaCode>,
    ) -> Self {
        self.areas.push(Area::new(code, name, parent));
        self
    }

    /// Adds a service.
    pub fn service(mut self, code: ServiceCode, name: impl Into<String>, area: AreaCode) -> Self {
        self.services.push(Service::new(code, name, area));
        self
    }

    /// Adds a unit's offers entry: the services it offers.
    pub fn offer(mut self, unit: UnitCode, services: Vec<ServiceCode>) -> Self {
        self.offers.push((unit, services));
        self
    }

    #[cfg(feature = "serde")]
    pub(crate) fn areas_ref(&self) -> &[Area] {
        &self.areas
    }

    /// Checks every rule and builds the catalog.
    ///
    /// # Errors
    ///
    /// The first [`CatalogError`] found, checking units (duplicates, unknown parents, roots,
    /// cycles), then areas, then services, then offers, each in the order given.
    pub fn build(self) -> Result<Catalog, CatalogError> {
        // units
        if self.units.is_empty() {
            return Err(CatalogError::NoUnits);
        }
        let mut unit_index = Index::with_capacity_and_hasher(self.units.len(), Default::default());
        for (i, u) in self.units.iter().enumerate() {
            if unit_index
                .insert(u.code.clone(), UnitId(i as u32))
                .is_some()
            {
                return Err(CatalogError::DuplicateUnit {
                    unit: u.code.clone(),
                });
            }
        }
        let mut parents = Vec::with_capacity(self.units.len());
        let mut root: Option<UnitId> = None;
        for (i, u) in self.units.iter().enumerate() {
            match &u.parent {
                Some(p) => match unit_index.get(p) {
                    Some(&id) => parents.push(Some(id)),
                    None => {
                        return Err(CatalogError::UnknownParent {
                            unit: u.code.clone(),
                            parent: p.clone(),
                        });
                    }
                },
                None => {
                    if let Some(first) = root {
                        return Err(CatalogError::TwoRoots {
                            first: self.units[first.index()].code.clone(),
                            second: u.code.clone(),
                        });
                    }
                    root = Some(UnitId(i as u32));
                    parents.push(None);
                }
            }
        }
        let mut children = vec![Vec::new(); self.units.len()];
        for (i, p) in parents.iter().enumerate() {
            if let Some(p) = p {
                children[p.index()].push(UnitId(i as u32));
            }
        }
        let Some(root) = root else {
            // every unit has a parent: following parents from the first unit must loop
            let unit = on_cycle(0, &parents);
            return Err(CatalogError::Cycle {
                unit: self.units[unit].code.clone(),
            });
        };
        let mut top_down = Vec::with_capacity(self.units.len());
        top_down.push(root);
        let mut next = 0;
        while let Some(&u) = top_down.get(next) {
            top_down.extend_from_slice(&children[u.index()]);
            next += 1;
        }
        if top_down.len() != self.units.len() {
            let mut reached = vec![false; self.units.len()];
            for u in &top_down {
                reached[u.index()] = true;
            }
            let first = reached.iter().position(|r| !r).unwrap_or(0);
            let unit = on_cycle(first, &parents);
            return Err(CatalogError::Cycle {
                unit: self.units[unit].code.clone(),
            });
        }

        // areas
        let declared_areas = !self.areas.is_empty();
        let mut areas = self.areas;
        if !declared_areas {
            for s in &self.services {
                if !areas.iter().any(|a| a.code == s.area) {
                    areas.push(Area::new(s.area.clone(), s.area.as_str(), None));
                }
            }
        }
        let mut area_index = Index::with_capacity_and_hasher(areas.len(), Default::default());
        for (i, a) in areas.iter().enumerate() {
            if area_index
                .insert(a.code.clone(), AreaId(i as u32))
                .is_some()
            {
                return Err(CatalogError::DuplicateArea {
                    area: a.code.clone(),
                });
            }
        }
        let mut area_parents = Vec::with_capacity(areas.len());
        for a in &areas {
            match &a.parent {
                None => area_parents.push(None),
                Some(p) => match area_index.get(p) {
                    Some(&id) => area_parents.push(Some(id)),
                    None => {
                        return Err(CatalogError::UnknownAreaParent {
                            area: a.code.clone(),
                            parent: p.clone(),
                        });
                    }
                },
            }
        }
        for start in 0..areas.len() {
            // a chain longer than the number of areas must repeat
            let mut at = start;
            for _ in 0..=areas.len() {
                match area_parents[at] {
                    Some(p) => at = p.index(),
                    None => break,
                }
            }
            if area_parents[at].is_some() {
                let unit_like: Vec<Option<UnitId>> = area_parents
                    .iter()
                    .map(|p| p.map(|a| UnitId(a.0)))
                    .collect();
                let a = on_cycle(start, &unit_like);
                return Err(CatalogError::AreaCycle {
                    area: areas[a].code.clone(),
                });
            }
        }

        // services
        let mut service_index =
            Index::with_capacity_and_hasher(self.services.len(), Default::default());
        let mut service_areas = Vec::with_capacity(self.services.len());
        for (i, s) in self.services.iter().enumerate() {
            if service_index
                .insert(s.code.clone(), ServiceId(i as u32))
                .is_some()
            {
                return Err(CatalogError::DuplicateService {
                    service: s.code.clone(),
                });
            }
            match area_index.get(&s.area) {
                Some(&a) => service_areas.push(a),
                None => {
                    return Err(CatalogError::UnknownArea {
                        service: s.code.clone(),
                        area: s.area.clone(),
                    });
                }
            }
        }

        // offers
        let words = self.services.len().div_ceil(64).max(1);
        let mut offer_bits = vec![0u64; self.units.len() * words];
        let mut has_entry = vec![false; self.units.len()];
        let mut offer_entries = Vec::with_capacity(self.offers.len());
        for (unit, services) in self.offers {
            let Some(&uid) = unit_index.get(&unit) else {
                return Err(CatalogError::OfferUnknownUnit { unit });
            };
            if std::mem::replace(&mut has_entry[uid.index()], true) {
                return Err(CatalogError::DuplicateOffers { unit });
            }
            let mut ids = Vec::with_capacity(services.len());
            for service in services {
                let Some(&sid) = service_index.get(&service) else {
                    return Err(CatalogError::OfferUnknownService { unit, service });
                };
                let word = &mut offer_bits[uid.index() * words + sid.index() / 64];
                let bit = 1u64 << (sid.index() % 64);
                if *word & bit != 0 {
                    return Err(CatalogError::DuplicateOfferedService { unit, service });
                }
                *word |= bit;
                ids.push(sid);
            }
            offer_entries.push((uid, ids));
        }

        let mut pair_base = Vec::with_capacity(self.units.len());
        let mut pairs = Vec::new();
        for u in 0..self.units.len() {
            pair_base.push(pairs.len() as u32);
            for (w, &word) in offer_bits[u * words..(u + 1) * words].iter().enumerate() {
                let mut bits = word;
                while bits != 0 {
                    let s = w * 64 + bits.trailing_zeros() as usize;
                    pairs.push((UnitId(u as u32), ServiceId(s as u32)));
                    bits &= bits - 1;
                }
            }
        }

        Ok(Catalog {
            name: self.name,
            units: self.units,
            unit_index,
            parents,
            children,
            root,
            top_down,
            areas,
            area_index,
            area_parents,
            services: self.services,
            service_index,
            service_areas,
            offer_entries,
            offer_bits,
            words,
            pair_base,
            pairs,
            declared_areas,
        })
    }
}

/// Follows parents from `start` until a node repeats; returns a node on the cycle.
/// The caller knows the chain from `start` never reaches a root.
fn on_cycle(start: usize, parents: &[Option<UnitId>]) -> usize {
    let mut seen = vec![false; parents.len()];
    let mut at = start;
    while !seen[at] {
        seen[at] = true;
        match parents[at] {
            Some(p) => at = p.index(),
            None => return start, // not reached when the caller is right
        }
    }
    at
}

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
    /// assert_eq!(catalog.to_builder().build()?, catalog);
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

/// The children of a unit; see [`Catalog::children`].
#[derive(Debug, Clone)]
pub struct Children<'a> {
    inner: std::slice::Iter<'a, UnitId>,
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
    catalog: &'a Catalog,
    next: Option<UnitId>,
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
    catalog: &'a Catalog,
    stack: Vec<UnitId>,
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
