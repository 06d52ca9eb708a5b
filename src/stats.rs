//! Uncertainty: standard errors and 95% intervals, the chance of grade A, shrinkage toward the
//! parent, sample sizes, trends between periods, and Zona Integritas points.
//!
//! Everything is computed from exact integer moments; only the square root and Student's t
//! distribution ([`student_t_cdf`], [`t95`]) leave the rationals, in [`Decimal`] arithmetic
//! (the square root to 20 decimals, the t distribution to about 10⁻¹²). No `f64` is involved.
//!
//! The formulas are in the crate docs, "Statistics".

mod interval;
mod sample;
mod shrink;
mod student;
mod trend;

use rust_decimal::Decimal;

use crate::exact::Exact;

pub use interval::{Interval, finite_population_correction, probability_at_least};
pub use sample::{krejcie_morgan, required_respondents, slovin};
pub use shrink::shrink;
pub use student::{normal_cdf, student_t_cdf, student_t_quantile};
pub use trend::Trend;

/// The two-sided 95% quantile of Student's t (its 97.5% point) with `df` degrees of freedom,
/// rounded to 10 decimals (half away from zero), all of them correct: a table for df below 200
/// (the roots of [`student_t_cdf`], recomputed by a test), the Cornish-Fisher expansion to
/// `1/df⁵` from there on (its next term is below 10⁻¹⁴). A `df` of 0 is taken as 1.
///
/// ```
/// use persepsi::t95;
/// assert_eq!(t95(1).to_string(), "12.7062047362");
/// assert_eq!(t95(35).to_string(), "2.0301079283");
/// assert_eq!(t95(1_000).to_string(), "1.9623390808");
/// ```
#[must_use]
pub fn t95(df: u64) -> Decimal {
    let q = student::t975(Decimal::from(df.max(1))).unwrap_or_else(student::z975);
    crate::exact::round_decimal(q, 10)
}

/// The square root of an exact non-negative value rounded to 20 decimals (0 for a negative
/// one), as a [`Decimal`]: the standard errors of the crate.
pub(crate) fn sqrt(x: &Exact) -> Decimal {
    sqrt_decimal(x.round(20))
}

/// The square root of a [`Decimal`] (0 for a negative one): the fixed point of Newton's
/// iteration in `Decimal` arithmetic, the value `rust_decimal`'s `sqrt` returns. That one
/// starts at `x / 2` and needs dozens of steps for the small variances of an index (and panics
/// if it has not settled after 1,000); this one starts at the `f64` root, just above the true
/// root, and settles in a few. The `f64` value is only the start: the result has the value of
/// `rust_decimal`'s (a property test compares the two on random values), though not always its
/// scale (`0.0973...3030` where that one prints `0.0973...303`); every figure the crate prints
/// is rounded from it. Should the iteration ever cycle instead of settling, the smaller value of
/// the cycle is returned, never a panic.
pub(crate) fn sqrt_decimal(x: Decimal) -> Decimal {
    use rust_decimal::prelude::ToPrimitive;
    if x <= Decimal::ZERO {
        return Decimal::ZERO;
    }
    let two = Decimal::TWO;
    let start = x
        .to_f64()
        .map(|f| f.sqrt() * (1.0 + 1e-12))
        .and_then(Decimal::from_f64_retain)
        .filter(|s| *s > Decimal::ZERO)
        .unwrap_or_else(|| {
            let half = x / two;
            if half.is_zero() { x } else { half }
        });
    let (mut result, mut last) = (start, start + Decimal::ONE);
    for _ in 0..1_000 {
        if last == result {
            return result;
        }
        let Some(quotient) = x.checked_div(result) else {
            return result;
        };
        let Some(next) = result.checked_add(quotient).map(|s| s / two) else {
            return result;
        };
        (last, result) = (result, next);
    }
    result.min(last)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rust_decimal::{Decimal, MathematicalOps};

    proptest! {
        /// The square root started at the `f64` root has the value `rust_decimal` iterates to
        /// from `x / 2`, for any magnitude and scale (`==` of Decimals compares values).
        #[test]
        fn sqrt_is_rust_decimals_fixed_point(
            m in any::<u128>(),
            shift in 0u32..=96,
            scale in 0u32..=28,
            variance_like in any::<bool>(),
        ) {
            let m = (m >> shift) % (1u128 << 96);
            let x = Decimal::from_i128_with_scale(m as i128, scale);
            // variances reach the square root rounded to 20 decimals
            let x = if variance_like { crate::exact::round_decimal(x, 20) } else { x };
            prop_assert_eq!(Some(super::sqrt_decimal(x)), x.sqrt());
        }
    }

    #[test]
    fn sqrt_of_squares_zero_and_negatives() {
        let d = |s: &str| s.parse::<Decimal>().unwrap_or_default();
        assert_eq!(super::sqrt_decimal(d("0.25")), d("0.5"));
        assert_eq!(
            super::sqrt_decimal(d("156.25")).normalize().to_string(),
            "12.5"
        );
        assert_eq!(Some(super::sqrt_decimal(d("156.25"))), d("156.25").sqrt());
        assert_eq!(super::sqrt_decimal(Decimal::ZERO), Decimal::ZERO);
        assert_eq!(super::sqrt_decimal(d("-4")), Decimal::ZERO);
        assert_eq!(
            super::sqrt_decimal(Decimal::MAX),
            Decimal::MAX.sqrt().unwrap_or_default()
        );
    }
}

#[cfg(test)]
mod extremes {
    use rust_decimal::Decimal;

    use crate::exact::Exact;
    use crate::instrument::Instrument;
    use crate::stats::{Interval, Trend};

    /// Values a caller builds by hand, far outside any scale, give a result, not a panic.
    #[test]
    fn extreme_inputs_do_not_overflow() {
        let x = Some(Decimal::ONE);
        let t = Trend::between(Decimal::MAX, x, 5, Decimal::MIN, x, 5);
        assert_eq!(t.change100(), Decimal::MIN);
        let t = Trend::between(
            Decimal::ZERO,
            Some(Decimal::MAX),
            5,
            Decimal::ONE,
            Some(Decimal::MAX),
            5,
        );
        assert_eq!(t.se100(), None);
        let huge = Exact::integer(i128::MAX);
        let i = Interval::around(&Instrument::ikm(), &huge, &huge, 10);
        assert_eq!(i.index100().1.to_string(), "100.00");
    }
}
