//! Why a catalog could not be built, and the error of an id used with another catalog.

use crate::catalog::{AreaId, ServiceId, UnitId};
use crate::code::{AreaCode, CodeError, ServiceCode, UnitCode};

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

/// An id of another catalog was given to an operation on this one (a [`Survey`]'s
/// [`tally`](crate::Survey::tally), [`rollup`](crate::Survey::rollup) or
/// [`Report`](crate::Report) with a [`Filter`](crate::Filter) holding it). Ids are positions in
/// the catalog that made them: another catalog, even an equal one, may have another entry there.
/// The fix is to look the entry up by its code in the survey's catalog
/// ([`Catalog::unit_id`](crate::Catalog::unit_id), `service_id`, `area_id`).
///
/// [`Survey`]: crate::Survey
///
/// ```
/// use persepsi::{Catalog, Filter, ForeignIdError, Questionnaire, Survey};
///
/// let catalog = Catalog::kemenkum_2025();
/// let other = catalog.to_builder().build()?; // equal, but another catalog
/// let survey = Survey::new(other, Questionnaire::spkp_spak());
/// let merek = catalog.service_id("KI-MEREK").ok_or("no KI-MEREK")?;
/// let err = survey.tally(survey.catalog().root(), &Filter::all().service(merek)).unwrap_err();
/// assert_eq!(err, ForeignIdError::Service { service: merek });
/// assert!(err.to_string().starts_with("service id 9 (catalog "));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum ForeignIdError {
    /// A unit id of another catalog (for example the unit of [`Survey::tally`]).
    ///
    /// [`Survey::tally`]: crate::Survey::tally
    #[error("{unit} belongs to another catalog")]
    Unit {
        /// The foreign id.
        unit: UnitId,
    },
    /// A service id of another catalog (for example in [`Filter::service`]).
    ///
    /// [`Filter::service`]: crate::Filter::service
    #[error("{service} belongs to another catalog")]
    Service {
        /// The foreign id.
        service: ServiceId,
    },
    /// An area id of another catalog (for example in [`Filter::area`]).
    ///
    /// [`Filter::area`]: crate::Filter::area
    #[error("{area} belongs to another catalog")]
    Area {
        /// The foreign id.
        area: AreaId,
    },
}
