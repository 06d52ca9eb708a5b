//! Shrinkage of a small unit's index toward its parent's.

use num_bigint::BigInt;

use crate::exact::Exact;

/// The Bayesian average of a unit's raw index toward its parent's: `(n x own + m x parent) /
/// (n + m)`, with `n` the unit's respondents and `m` the prior strength (in respondents). A
/// unit with few respondents moves toward its parent; one with many keeps its own value.
///
/// ```
/// use persepsi::{shrink, Exact};
/// let own = Exact::integer(6);
/// let parent = Exact::integer(5);
/// assert_eq!(shrink(&own, 10, &parent, 30).to_string(), "21/4"); // (60 + 150) / 40
/// assert_eq!(shrink(&own, 0, &parent, 30), parent);
/// ```
#[must_use]
pub fn shrink(own: &Exact, respondents: u64, parent: &Exact, prior_strength: u64) -> Exact {
    let total = u128::from(respondents) + u128::from(prior_strength);
    if total == 0 {
        return own.clone();
    }
    // own = a/b, parent = c/d: (n a d + m c b) / (b d (n + m)), normalized once (a gcd per
    // step would dominate: raw means of large units have denominators of dozens of digits)
    let ((a, b), (c, d)) = (own.parts(), parent.parts());
    let (a, b, c, d) = (&a, &b, &c, &d);
    let (n, m) = (BigInt::from(respondents), BigInt::from(prior_strength));
    Exact::from_big(n * a * d + m * c * b, b * d * BigInt::from(total))
}
