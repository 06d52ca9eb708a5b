//! Which responses a tally or a roll-up covers.

use crate::catalog::{AreaId, Catalog, ForeignIdError, ServiceId};
use crate::period::Period;
use crate::tally::CellKey;

/// Which responses a tally or a roll-up covers: all, or those of one service, one service area
/// (with the areas nested in it), and/or one period. Units are chosen by the roll-up itself.
///
/// A filter holds ids of one catalog; the [`Survey`](crate::Survey) that uses it checks them
/// against its own catalog and refuses another catalog's with a [`ForeignIdError`].
///
/// ```
/// use persepsi::{Catalog, Filter};
/// let catalog = Catalog::kemenkum_2025();
/// let ki_2025_q1 = Filter::all()
///     .area(catalog.area_id("KI").ok_or("no KI")?)
///     .period("2025-Q1".parse()?);
/// assert_eq!(ki_2025_q1.period_filter().map(|p| p.to_string()), Some("2025-Q1".into()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Filter {
    service: Option<ServiceId>,
    area: Option<AreaId>,
    period: Option<Period>,
}

impl Filter {
    /// Every response.
    #[must_use]
    pub fn all() -> Filter {
        Filter::default()
    }

    /// Only responses about this service.
    #[must_use]
    pub fn service(mut self, service: ServiceId) -> Filter {
        self.service = Some(service);
        self
    }

    /// Only responses about services in this area or an area nested in it.
    #[must_use]
    pub fn area(mut self, area: AreaId) -> Filter {
        self.area = Some(area);
        self
    }

    /// Only responses dated in this period.
    #[must_use]
    pub fn period(mut self, period: Period) -> Filter {
        self.period = Some(period);
        self
    }

    /// Whether the filter keeps every service and area (at most a period is chosen).
    pub(crate) fn all_services(&self) -> bool {
        self.service.is_none() && self.area.is_none()
    }

    /// The period, if any.
    #[must_use]
    pub fn period_filter(&self) -> Option<Period> {
        self.period
    }

    /// The filter for the cells of a survey on `catalog`.
    ///
    /// # Errors
    ///
    /// [`ForeignIdError`] when the service or the area is an id of another catalog.
    pub(crate) fn resolve(&self, catalog: &Catalog) -> Result<CellFilter, ForeignIdError> {
        if let Some(service) = self.service.filter(|&s| !catalog.contains_service(s)) {
            return Err(ForeignIdError::Service { service });
        }
        if let Some(area) = self.area.filter(|&a| !catalog.contains_area(a)) {
            return Err(ForeignIdError::Area { area });
        }
        Ok(CellFilter {
            service: self.service.map(ServiceId::raw),
            in_area: self.area.map(|area| {
                catalog
                    .service_ids()
                    .map(|s| {
                        catalog
                            .service_area(s)
                            .is_some_and(|sa| catalog.area_is_within(sa, area))
                    })
                    .collect()
            }),
            period: self.period,
        })
    }
}

/// A [`Filter`] checked against a survey's catalog, for its cells: services by their positions.
#[derive(Debug, Clone)]
pub(crate) struct CellFilter {
    service: Option<u32>,
    /// Per service position: whether the service's area is the filter's or nests in it.
    in_area: Option<Box<[bool]>>,
    period: Option<Period>,
}

impl CellFilter {
    /// The same filter over another period.
    pub(crate) fn period(&self, period: Period) -> CellFilter {
        CellFilter {
            period: Some(period),
            ..self.clone()
        }
    }

    pub(crate) fn matches(&self, key: &CellKey) -> bool {
        self.service.is_none_or(|s| s == key.service)
            && self.period.is_none_or(|p| p.contains_month(key.month))
            && self
                .in_area
                .as_ref()
                .is_none_or(|within| within.get(key.service as usize) == Some(&true))
    }
}
