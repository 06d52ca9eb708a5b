//! The catalog file format, schema v1 (JSON), and the built-in Kementerian Hukum 2025 catalog's
//! text in it.

use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, CatalogBuilder, CatalogError, Unit, UnitKind};
use crate::code::{AreaCode, ServiceCode, UnitCode};

#[derive(Serialize, Deserialize)]
struct FileRepr {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    schema: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    areas: Vec<AreaRepr>,
    units: Vec<UnitRepr>,
    services: Vec<ServiceRepr>,
    offers: Vec<OfferRepr>,
}

#[derive(Serialize, Deserialize)]
struct AreaRepr {
    code: String,
    name: String,
    #[serde(default)]
    parent: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct UnitRepr {
    code: String,
    name: String,
    kind: String,
    parent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    population: Option<u64>,
}

#[derive(Serialize, Deserialize)]
struct ServiceRepr {
    code: String,
    name: String,
    area: String,
}

#[derive(Serialize, Deserialize)]
struct OfferRepr {
    unit: String,
    services: Vec<String>,
}

fn builder_of(file: FileRepr) -> Result<CatalogBuilder, CatalogError> {
    if let Some(schema) = file.schema.filter(|&s| s != 1) {
        return Err(CatalogError::UnsupportedSchema { schema });
    }
    let mut b = Catalog::builder();
    if let Some(name) = file.name {
        b = b.name(name);
    }
    for a in file.areas {
        let parent = a.parent.as_deref().map(AreaCode::new).transpose()?;
        b = b.area(AreaCode::new(&a.code)?, a.name, parent);
    }
    for u in file.units {
        let parent = u.parent.as_deref().map(UnitCode::new).transpose()?;
        let kind = u
            .kind
            .parse()
            .unwrap_or_else(|e: std::convert::Infallible| match e {});
        let mut unit = Unit::new(UnitCode::new(&u.code)?, u.name, kind, parent);
        if let Some(p) = u.population {
            unit = unit.with_population(p);
        }
        b = b.add_unit(unit);
    }
    for s in file.services {
        b = b.service(ServiceCode::new(&s.code)?, s.name, AreaCode::new(&s.area)?);
    }
    for o in file.offers {
        let services = o
            .services
            .iter()
            .map(|s| ServiceCode::new(s))
            .collect::<Result<_, _>>()?;
        b = b.offer(UnitCode::new(&o.unit)?, services);
    }
    Ok(b)
}

impl Catalog {
    /// Reads a catalog in schema v1: one JSON object with the arrays `units`, `services` and
    /// `offers` (and optionally `areas`, `name`, `schema: 1`); other fields are ignored.
    ///
    /// ```json
    /// {"units": [{"code": "...", "name": "...", "kind": "kanwil", "parent": "..." | null,
    ///             "population": 1200}],
    ///  "areas": [{"code": "KI", "name": "Kekayaan Intelektual", "parent": "YANKUM" | null}],
    ///  "services": [{"code": "...", "name": "...", "area": "..."}],
    ///  "offers": [{"unit": "...", "services": ["...", "..."]}]}
    /// ```
    ///
    /// A unit without an `offers` entry offers nothing. Without `areas`, each area a service
    /// names is a top-level area; with `areas`, every service's area must be declared there.
    ///
    /// # Errors
    ///
    /// [`CatalogError::Json`] for text that is not such an object, else the first rule broken
    /// (see [`CatalogBuilder::build`]), naming the offending code.
    ///
    /// ```
    /// use persepsi::{Catalog, CatalogError};
    ///
    /// let json = r#"{"units": [{"code": "A", "name": "A", "kind": "ministry", "parent": null},
    ///                          {"code": "B", "name": "B", "kind": "kanwil", "parent": "C"}],
    ///                "services": [], "offers": []}"#;
    /// let err = Catalog::from_json(json).unwrap_err();
    /// assert_eq!(err.to_string(), "unit B names unknown parent C");
    /// ```
    pub fn from_json(text: &str) -> Result<Catalog, CatalogError> {
        let file: FileRepr = serde_json::from_str(text).map_err(|e| CatalogError::Json {
            message: e.to_string(),
        })?;
        builder_of(file)?.build()
    }

    /// The catalog as schema-v1 JSON, pretty-printed; [`Catalog::from_json`] reads it back to an
    /// equal catalog.
    ///
    /// ```
    /// let catalog = persepsi::Catalog::kemenkum_2025();
    /// assert_eq!(persepsi::Catalog::from_json(&catalog.to_json())?, *catalog);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn to_json(&self) -> String {
        // serializing plain strings and numbers cannot fail
        serde_json::to_string_pretty(&self.repr()).unwrap_or_default()
    }

    fn repr(&self) -> FileRepr {
        let b = self.to_builder();
        FileRepr {
            schema: Some(1),
            name: self.name().map(str::to_owned),
            areas: b
                .areas_ref()
                .iter()
                .map(|a| AreaRepr {
                    code: a.code().to_string(),
                    name: a.name().to_owned(),
                    parent: a.parent().map(ToString::to_string),
                })
                .collect(),
            units: self
                .units()
                .iter()
                .map(|u| UnitRepr {
                    code: u.code().to_string(),
                    name: u.name().to_owned(),
                    kind: u.kind().to_string(),
                    parent: u.parent().map(ToString::to_string),
                    population: u.population(),
                })
                .collect(),
            services: self
                .services()
                .iter()
                .map(|s| ServiceRepr {
                    code: s.code().to_string(),
                    name: s.name().to_owned(),
                    area: s.area().to_string(),
                })
                .collect(),
            offers: b
                .offers
                .iter()
                .map(|(unit, services)| OfferRepr {
                    unit: unit.to_string(),
                    services: services.iter().map(ToString::to_string).collect(),
                })
                .collect(),
        }
    }
}

/// The built-in catalog's schema-v1 JSON text: [`Catalog::kemenkum_2025`] is built from Rust
/// tables generated from it, and reads equal to [`Catalog::from_json`] of it.
///
/// ```
/// use persepsi::{Catalog, KEMENKUM_2025};
/// assert_eq!(Catalog::from_json(KEMENKUM_2025)?, *Catalog::kemenkum_2025());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const KEMENKUM_2025: &str = include_str!("../../data/kemenkum-2025.json");

impl Serialize for Catalog {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.repr().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Catalog {
    /// Reads schema v1 and checks every rule, as [`Catalog::from_json`] does.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Catalog, D::Error> {
        let file = FileRepr::deserialize(d)?;
        builder_of(file)
            .and_then(CatalogBuilder::build)
            .map_err(serde::de::Error::custom)
    }
}

#[allow(dead_code)]
fn _kind_is_parseable(k: &str) -> UnitKind {
    k.parse().unwrap_or(UnitKind::Ministry)
}
