//! The built-in Kementerian Hukum 2025 catalog, built once from Rust tables (with or without the
//! `serde` feature).

mod tables;

use std::convert::Infallible;
use std::sync::{Arc, OnceLock};

use crate::catalog::{Catalog, CatalogError, Unit};
use crate::code::{AreaCode, ServiceCode, UnitCode};

/// A declared area: code, name, parent.
type AreaRow = (&'static str, &'static str, Option<&'static str>);
/// A unit: code, name, kind (as a catalog file writes it), parent, population.
type UnitRow = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<u64>,
);
/// A service: code, name, area.
type ServiceRow = (&'static str, &'static str, &'static str);
/// An offers entry: the unit, the services it offers.
type OfferRow = (&'static str, &'static [&'static str]);

impl Catalog {
    /// The built-in catalog of Kementerian Hukum for 2025: the ministry (`KEMENKUM`), its 8 Unit
    /// Eselon I, the 5 Balai Harta Peninggalan under Ditjen AHU, and the 33 Kantor Wilayah, each
    /// with its three sub-units of Permenkum 2/2024 (`-TU`, `-YANKUM`, `-P3H`); the service
    /// taxonomy in 8 areas; and the 2025 mapping of services to units. The codes are listed in
    /// the README.
    ///
    /// It is built once, through [`CatalogBuilder::build`](crate::CatalogBuilder::build) (the
    /// same checks as a user's catalog), from Rust tables generated from its schema-v1 JSON
    /// (`KEMENKUM_2025`, feature `serde`), so it needs no JSON parser; every call shares that
    /// one catalog, and so its ids.
    ///
    /// ```
    /// use persepsi::{Catalog, UnitKind};
    /// let catalog = Catalog::kemenkum_2025();
    /// let kanwil = catalog.units().iter().filter(|u| *u.kind() == UnitKind::Kanwil).count();
    /// assert_eq!(kanwil, 33);
    /// let ntt = catalog.unit_id("KW-NTT").ok_or("no KW-NTT")?;
    /// assert!(Catalog::kemenkum_2025().contains_unit(ntt)); // the same catalog
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn kemenkum_2025() -> Arc<Catalog> {
        static BUILT: OnceLock<Arc<Catalog>> = OnceLock::new();
        Arc::clone(BUILT.get_or_init(|| {
            // tests/kemenkum.rs builds the tables and compares them with the JSON: they cannot
            // fail in a released crate
            let catalog = from_tables().unwrap_or_else(|e| unreachable!("built-in catalog: {e}"));
            Arc::new(catalog)
        }))
    }
}

/// The catalog of [`tables`], checked as any other.
fn from_tables() -> Result<Catalog, CatalogError> {
    let mut b = Catalog::builder();
    if let Some(name) = tables::NAME {
        b = b.name(name);
    }
    for &(code, name, parent) in tables::AREAS {
        let parent = parent.map(AreaCode::new).transpose()?;
        b = b.area(AreaCode::new(code)?, name, parent);
    }
    for &(code, name, kind, parent, population) in tables::UNITS {
        let parent = parent.map(UnitCode::new).transpose()?;
        let kind = kind.parse().unwrap_or_else(|e: Infallible| match e {});
        let mut unit = Unit::new(UnitCode::new(code)?, name, kind, parent);
        if let Some(p) = population {
            unit = unit.with_population(p);
        }
        b = b.add_unit(unit);
    }
    for &(code, name, area) in tables::SERVICES {
        b = b.service(ServiceCode::new(code)?, name, AreaCode::new(area)?);
    }
    for &(unit, services) in tables::OFFERS {
        let services = services
            .iter()
            .map(|s| ServiceCode::new(s))
            .collect::<Result<_, _>>()?;
        b = b.offer(UnitCode::new(unit)?, services);
    }
    b.build()
}
