//! Building a catalog: entries added in any order, checked once by [`CatalogBuilder::build`].

use crate::catalog::{
    Area, AreaId, Catalog, CatalogError, Index, Service, ServiceId, Tag, Unit, UnitId, UnitKind,
};
use crate::code::{AreaCode, ServiceCode, UnitCode};

/// Collects catalog entries, then checks them all at once; see [`Catalog::builder`].
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct CatalogBuilder {
    pub(super) name: Option<String>,
    pub(super) units: Vec<Unit>,
    pub(super) areas: Vec<Area>,
    pub(super) services: Vec<Service>,
    pub(super) offers: Vec<(UnitCode, Vec<ServiceCode>)>,
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

    /// Checks every rule and builds the catalog, with ids of its own: ids of any other catalog
    /// (even one built from an equal builder) name nothing in it.
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
        let tag = Tag::next();
        let mut unit_index = Index::with_capacity_and_hasher(self.units.len(), Default::default());
        for (i, u) in self.units.iter().enumerate() {
            if unit_index
                .insert(u.code.clone(), UnitId::new(tag, i as u32))
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
                    root = Some(UnitId::new(tag, i as u32));
                    parents.push(None);
                }
            }
        }
        let mut children = vec![Vec::new(); self.units.len()];
        for (i, p) in parents.iter().enumerate() {
            if let Some(p) = p {
                children[p.index()].push(UnitId::new(tag, i as u32));
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
                .insert(a.code.clone(), AreaId::new(tag, i as u32))
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
                    .map(|p| p.map(|a| UnitId::new(tag, a.raw())))
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
                .insert(s.code.clone(), ServiceId::new(tag, i as u32))
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
                    pairs.push((u as u32, s as u32));
                    bits &= bits - 1;
                }
            }
        }

        Ok(Catalog {
            tag,
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
