//! A unit's respondent targets beside what it achieved.

use rust_decimal::Decimal;

use crate::exact::Exact;
use crate::period::Period;
use crate::target::Target;

/// One respondent target of a unit and what the unit achieved in its period.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct TargetReport {
    /// The target's period.
    pub period: Period,
    /// The respondents the unit meant to reach.
    pub target: u64,
    /// The accepted responses of the unit's subtree dated in the period (of any service).
    pub achieved: u64,
    /// `100 x achieved / target`, 2 decimals, half away from zero.
    pub percent: Decimal,
    /// Whether `achieved` reaches `target`.
    pub met: bool,
}

impl TargetReport {
    /// A target beside what was achieved.
    pub(crate) fn new(target: &Target, achieved: u64) -> TargetReport {
        let t = target.respondents();
        // t >= 1: never a division by zero
        let percent = Exact::from_factors(i128::from(achieved) * 100, &[u128::from(t)])
            .map_or(Decimal::ZERO, |p| p.round(2));
        TargetReport {
            period: target.period(),
            target: t,
            achieved,
            percent,
            met: achieved >= t,
        }
    }
}
