//! Uncertainty: standard errors and 95% intervals, the chance of grade A, shrinkage toward the
//! parent, sample sizes, trends between periods, and Zona Integritas points.
//!
//! Everything is computed from exact integer moments; only the square root (and the normal
//! distribution of [`probability_at_least`]) leave the rationals, in [`Decimal`]
//! arithmetic with 20 decimals. No `f64` is involved.

mod interval;
mod sample;
mod shrink;
mod trend;

use rust_decimal::Decimal;
use rust_decimal::MathematicalOps;

use crate::exact::Exact;

pub use interval::{Interval, probability_at_least};
pub use sample::{krejcie_morgan, required_respondents, slovin};
pub use shrink::shrink;
pub use trend::Trend;

/// Two-sided 95% quantiles of Student's t for 1 to 30 degrees of freedom (4 decimals, rounded
/// up so that intervals are never too narrow).
const T95: [(u64, i64); 34] = [
    (1, 127_062),
    (2, 43_027),
    (3, 31_825),
    (4, 27_765),
    (5, 25_706),
    (6, 24_470),
    (7, 23_647),
    (8, 23_061),
    (9, 22_622),
    (10, 22_282),
    (11, 22_010),
    (12, 21_789),
    (13, 21_604),
    (14, 21_448),
    (15, 21_315),
    (16, 21_200),
    (17, 21_099),
    (18, 21_010),
    (19, 20_931),
    (20, 20_860),
    (21, 20_797),
    (22, 20_739),
    (23, 20_687),
    (24, 20_639),
    (25, 20_596),
    (26, 20_556),
    (27, 20_519),
    (28, 20_485),
    (29, 20_453),
    (30, 20_423),
    (40, 20_211),
    (60, 20_003),
    (120, 19_800),
    (u64::MAX, 19_600),
];

/// The two-sided 95% quantile of Student's t with `df` degrees of freedom: the table value of
/// the largest tabulated df not above `df` (conservative between table points), 1.96 from 120 on.
///
/// ```
/// use persepsi::t95;
/// assert_eq!(t95(1).to_string(), "12.7062");
/// assert_eq!(t95(35).to_string(), "2.0423"); // the value for 30
/// assert_eq!(t95(1_000).to_string(), "1.9800");
/// ```
#[must_use]
pub fn t95(df: u64) -> Decimal {
    let mut value = T95[0].1;
    for &(d, v) in &T95 {
        if d <= df {
            value = v;
        }
    }
    Decimal::new(value, 4)
}

fn sqrt(x: &Exact) -> Decimal {
    x.round(20)
        .max(Decimal::ZERO)
        .sqrt()
        .unwrap_or(Decimal::ZERO)
}
