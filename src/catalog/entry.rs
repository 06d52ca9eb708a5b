//! The catalog's entries: units and their kinds, service areas, services.

use std::fmt;

use crate::code::{AreaCode, ServiceCode, UnitCode};

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
/// let catalog = persepsi::Catalog::kemenkum_2025();
/// let ntt = catalog.unit_by_code("KW-NTT").ok_or("no KW-NTT")?;
/// assert_eq!(ntt.kind(), &persepsi::UnitKind::Kanwil);
/// assert_eq!(ntt.parent().map(|p| p.as_str()), Some("KEMENKUM"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Unit {
    pub(crate) code: UnitCode,
    pub(crate) name: String,
    pub(crate) kind: UnitKind,
    pub(crate) parent: Option<UnitCode>,
    pub(crate) population: Option<u64>,
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
/// let catalog = persepsi::Catalog::kemenkum_2025();
/// let ki = catalog.area_id("KI").and_then(|a| catalog.area(a)).ok_or("no KI")?;
/// assert_eq!(ki.name(), "Kekayaan Intelektual");
/// assert_eq!(ki.parent().map(|p| p.as_str()), Some("YANKUM"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Area {
    pub(crate) code: AreaCode,
    pub(crate) name: String,
    pub(crate) parent: Option<AreaCode>,
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
/// let catalog = persepsi::Catalog::kemenkum_2025();
/// let merek = catalog.service_id("KI-MEREK").and_then(|s| catalog.service(s)).ok_or("no KI-MEREK")?;
/// assert_eq!(merek.area().as_str(), "KI");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Service {
    pub(crate) code: ServiceCode,
    pub(crate) name: String,
    pub(crate) area: AreaCode,
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
