//! Small catalogs the tests share.
#![allow(dead_code)]

use persepsi::{AreaCode, Catalog, ServiceCode, UnitCode, UnitKind};

/// One unit `U` offering one service `S` of area `A`.
pub fn one_unit() -> Catalog {
    let area: AreaCode = "A".parse().expect("a code");
    let service: ServiceCode = "S".parse().expect("a code");
    let unit: UnitCode = "U".parse().expect("a code");
    Catalog::builder()
        .area(area.clone(), "area", None)
        .service(service.clone(), "service", area)
        .unit(unit.clone(), "unit", UnitKind::Division, None)
        .offer(unit, vec![service])
        .build()
        .expect("a catalog")
}
