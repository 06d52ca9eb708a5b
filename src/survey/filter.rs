//! Which responses a tally or a roll-up covers.

use crate::catalog::{AreaId, Catalog, ServiceId};
use crate::period::Period;
use crate::tally::CellKey;

/// Which responses a tally or a roll-up covers: all, or those of one service, one service area
/// (with the areas nested in it), and/or one period. Units are chosen by the roll-up itself.
///
/// ```
/// use persepsi::{Catalog, Filter};
/// let catalog = Catalog::kemenkum_2025();
/// let ki_2025_q1 = Filter::all()
///     .area(catalog.area_id("KI").unwrap())
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

    /// The period, if any.
    #[must_use]
    pub fn period_filter(&self) -> Option<Period> {
        self.period
    }

    pub(crate) fn matches(&self, catalog: &Catalog, key: &CellKey) -> bool {
        self.service.is_none_or(|s| s == key.service)
            && self.period.is_none_or(|p| p.contains_month(key.month))
            && self.area.is_none_or(|a| {
                catalog
                    .service_area(key.service)
                    .is_some_and(|sa| catalog.area_is_within(sa, a))
            })
    }
}
