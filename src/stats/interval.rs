//! Standard errors and 95% intervals of an index, and the chance that it clears a threshold.

use num_bigint::BigInt;
use num_integer::Integer;
use rust_decimal::Decimal;

use crate::exact::{Exact, round_decimal};
use crate::instrument::{Instrument, ScaleMap, Weights};
use crate::stats::student::student_t_cdf;
use crate::stats::{sqrt, t95};
use crate::tally::{ScoreMoments, Tally};

/// The exact variance of one item's NRR (the sample variance of its stars over the answers,
/// divided by the answers), `None` below 2 answers.
fn nrr_variance(tally: &Tally, item: usize) -> Option<Exact> {
    let n = tally.answered(item);
    if n < 2 {
        return None;
    }
    let sum = BigInt::from(tally.star_sum(item));
    let sumsq: BigInt = tally
        .histogram(item)
        .iter()
        .enumerate()
        .skip(1)
        .map(|(s, &c)| BigInt::from(s * s) * BigInt::from(c))
        .sum();
    let n = BigInt::from(n);
    // (n sumsq - sum^2) / (n^2 (n - 1))
    let num = &n * sumsq - &sum * &sum;
    let den = &n * &n * (&n - 1);
    Some(Exact::from_big(num, den))
}

impl Tally {
    /// The standard error of item `item`'s NRR: the sample standard deviation of its stars over
    /// the answers, divided by the square root of the answers. `None` below 2 answers.
    ///
    /// ```
    /// use persepsi::Tally;
    /// // stars 4, 4, 3, 3, 3, 1 on 1-4: mean 3, sample variance 6/5, SE sqrt(6/5 / 6) = 0.4472
    /// let t = Tally::from_histograms(6, vec![vec![0, 1, 0, 3, 2]])?;
    /// assert_eq!(t.nrr_standard_error(0).map(|se| se.round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero).to_string()), Some("0.4472".into()));
    /// assert_eq!(Tally::from_histograms(1, vec![vec![0, 0, 0, 0, 1]])?.nrr_standard_error(0), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn nrr_standard_error(&self, item: usize) -> Option<Decimal> {
        nrr_variance(self, item).map(|v| sqrt(&v))
    }
}

impl Instrument {
    /// The exact variance of the raw index estimate, from the respondent scores (each
    /// respondent's mean star over the items they answered): the sample variance of the scores
    /// divided by the respondents. Using the respondent as the unit accounts for the correlation
    /// between the items one person answers; it is exact for the raw index when nobody skipped
    /// an item, and a close approximation otherwise.
    ///
    /// `None` below 2 respondents, for a tally without respondent scores
    /// ([`Tally::from_histograms`]), for another shape, and for custom weights (the scores are
    /// equal-weight means).
    #[must_use]
    pub fn index_variance(&self, tally: &Tally) -> Option<Exact> {
        if !matches!(self.weights(), Weights::Equal)
            || tally.item_count() != self.items().len()
            || tally.points() != self.scale().points()
        {
            return None;
        }
        let scores = tally.score_moments()?;
        // respondents' scores are total / a for a answered items; with L the lcm of the a
        // present, S = sum of scores = s / L and Q = sum of squared scores = q / L^2, and the
        // variance of the mean, (Q - S^2 / n) / (n - 1) / n, is one fraction,
        // (q n - s^2) / (L^2 n^2 (n - 1)), normalized once
        let present: Vec<(u64, &ScoreMoments)> = (0u64..)
            .zip(scores)
            .skip(1)
            .filter(|(_, m)| m.respondents() > 0)
            .collect();
        let count: u64 = present.iter().map(|(_, m)| m.respondents()).sum();
        if count < 2 {
            return None;
        }
        if let Some(variance) = variance_in_words(&present, count) {
            return Some(variance);
        }
        variance_big(&present, count)
    }
}

/// The variance of the mean score of [`Instrument::index_variance`] in machine words; `None`
/// when a word would overflow.
fn variance_in_words(present: &[(u64, &ScoreMoments)], count: u64) -> Option<Exact> {
    let mut lcm = 1u128;
    for (a, _) in present {
        let a = u128::from(*a);
        lcm = (lcm / lcm.gcd(&a)).checked_mul(a)?;
    }
    let (mut s, mut q) = (0u128, 0u128);
    for (a, m) in present {
        let f = lcm / u128::from(*a);
        s = s.checked_add(m.sum().checked_mul(f)?)?;
        q = q.checked_add(m.sum_of_squares().checked_mul(f.checked_mul(f)?)?)?;
    }
    let n = u128::from(count);
    // q n >= s^2 (Cauchy-Schwarz); a tally that breaks it is left to the big numbers
    let numerator = q.checked_mul(n)?.checked_sub(s.checked_mul(s)?)?;
    // (q n - s^2) / (L^2 n^2 (n - 1)), reduced factor by factor
    Exact::from_factors(i128::try_from(numerator).ok()?, &[lcm, lcm, n, n, n - 1])
}

/// The variance of the mean score of [`Instrument::index_variance`] in big numbers.
fn variance_big(present: &[(u64, &ScoreMoments)], count: u64) -> Option<Exact> {
    let lcm = present
        .iter()
        .fold(BigInt::from(1u8), |l, (a, _)| l.lcm(&BigInt::from(*a)));
    let (mut s, mut q) = (BigInt::from(0u8), BigInt::from(0u8));
    for (a, m) in present {
        let f = &lcm / BigInt::from(*a);
        s += BigInt::from(m.sum()) * &f;
        q += BigInt::from(m.sum_of_squares()) * &f * &f;
    }
    let n = BigInt::from(count);
    let numerator = q * &n - &s * &s;
    let denominator = &lcm * &lcm * &n * &n * (&n - 1u8);
    Some(Exact::from_big(numerator, denominator))
}

/// A 95% interval of an index: the standard error and the bounds on the raw, 1-4 and 0-100
/// scales (each clamped to its scale), with Student's t on `respondents - 1` degrees of freedom.
///
/// ```
/// use persepsi::{Instrument, Interval, Tally};
/// let ikm = Instrument::ikm();
/// let mut t = Tally::new(&ikm);
/// for stars in [[4; 9], [3; 9], [4; 9], [3; 9]] {
///     t.record(&ikm.answers(stars.map(Some))?)?;
/// }
/// let interval = Interval::of(&ikm, &t).unwrap();
/// // scores 4, 3, 4, 3: mean 3.5, SE sqrt(1/3 / 4) = 0.2887, t(3) = 3.1825
/// assert_eq!(interval.se_raw().to_string(), "0.2887");
/// assert_eq!(interval.index100().0.to_string(), "64.53"); // 25 x (3.5 - 3.1825 x 0.288675)
/// assert_eq!(interval.index100().1.to_string(), "100.00"); // clamped at the top of the scale
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Interval {
    se_raw: Decimal,
    se100: Decimal,
    raw: (Decimal, Decimal),
    index4: (Decimal, Decimal),
    index100: (Decimal, Decimal),
}

impl Interval {
    /// The interval of an instrument's index over a tally; `None` when undefined (see
    /// [`Instrument::index_variance`]).
    #[must_use]
    pub fn of(instrument: &Instrument, tally: &Tally) -> Option<Interval> {
        let raw = instrument.index(tally).ok()?.raw().clone();
        let variance = instrument.index_variance(tally)?;
        Some(Interval::around(
            instrument,
            &raw,
            &variance,
            tally.respondents(),
        ))
    }

    /// The interval around an exact raw value with an exact variance and `respondents` behind it.
    #[must_use]
    pub fn around(
        instrument: &Instrument,
        raw: &Exact,
        variance: &Exact,
        respondents: u64,
    ) -> Interval {
        let k = Decimal::from(instrument.scale().points());
        let se = sqrt(variance);
        let half = t95(respondents.saturating_sub(1)) * se;
        let center = raw.round(20);
        let clamp = |x: Decimal, lo: Decimal, hi: Decimal| x.max(lo).min(hi);
        let (lo_raw, hi_raw) = (
            // saturating: a value built by hand may be far outside the scale
            clamp(center.saturating_sub(half), Decimal::ONE, k),
            clamp(center.saturating_add(half), Decimal::ONE, k),
        );
        // each bound's 1-4 and 0-100 values, rounded to 20 decimals as the exact maps round
        let map = |x: Decimal| instrument.map().apply_rounded(x, instrument.scale(), 20);
        let (lo4, lo100) = map(lo_raw);
        let (hi4, hi100) = map(hi_raw);
        let floor100 = if instrument.map() == ScaleMap::Times25 {
            Decimal::from(25)
        } else {
            Decimal::ZERO
        };
        let hundred = Decimal::from(100);
        let four = Decimal::from(4);
        let se100 = match instrument.map() {
            ScaleMap::Times25 => se * Decimal::from(25),
            ScaleMap::MinMax => se * hundred / (k - Decimal::ONE),
        };
        let r4 = |x: &Decimal| round_decimal((*x).max(Decimal::ONE).min(four), 2);
        let r100 = |x: &Decimal| round_decimal((*x).max(floor100).min(hundred), 2);
        Interval {
            se_raw: round_decimal(se, 4),
            se100: round_decimal(se100, 2),
            raw: (round_decimal(lo_raw, 4), round_decimal(hi_raw, 4)),
            index4: (r4(&lo4), r4(&hi4)),
            index100: (r100(&lo100), r100(&hi100)),
        }
    }

    /// The standard error of the raw index (4 decimals).
    #[must_use]
    pub fn se_raw(&self) -> Decimal {
        self.se_raw
    }

    /// The standard error on the 0-100 scale (2 decimals).
    #[must_use]
    pub fn se100(&self) -> Decimal {
        self.se100
    }

    /// The bounds on the raw scale (4 decimals).
    #[must_use]
    pub fn raw(&self) -> (Decimal, Decimal) {
        self.raw
    }

    /// The bounds on the 1-4 scale (2 decimals).
    #[must_use]
    pub fn index4(&self) -> (Decimal, Decimal) {
        self.index4
    }

    /// The bounds on the 0-100 scale (2 decimals).
    #[must_use]
    pub fn index100(&self) -> (Decimal, Decimal) {
        self.index100
    }
}

/// The probability that the true value reaches `threshold`, for an estimate with a standard
/// error over `df` degrees of freedom, by Student's t (4 decimals): `F((estimate - threshold) /
/// se)` with `F` the t distribution function of `df` ([`student_t_cdf`]; `df` 0 is taken as 1).
/// A zero standard error gives 0 or 1.
///
/// The report's `p_grade_a` is this at the value from which grade A is printed
/// ([`GradeTable::unrounded_min`](crate::GradeTable::unrounded_min), 88.305 for 88.31), with the
/// standard error and degrees of freedom of the unit's interval.
///
/// ```
/// use persepsi::probability_at_least;
/// let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
/// assert_eq!(probability_at_least(d("88.305"), d("2"), d("88.305"), 30).to_string(), "0.5000");
/// // 2.042272 standard errors above the threshold, t(30): the 97.5% point
/// assert_eq!(probability_at_least(d("92.389544"), d("2"), d("88.305"), 30).to_string(), "0.9750");
/// assert_eq!(probability_at_least(d("92.389544"), d("2"), d("88.305"), 5).to_string(), "0.9517");
/// assert_eq!(probability_at_least(d("80"), d("0"), d("88.31"), 30).to_string(), "0.0000");
/// ```
#[must_use]
pub fn probability_at_least(
    estimate: Decimal,
    se: Decimal,
    threshold: Decimal,
    df: u64,
) -> Decimal {
    let above = estimate >= threshold;
    let p = if se <= Decimal::ZERO {
        None
    } else {
        estimate
            .checked_sub(threshold)
            .and_then(|d| d.checked_div(se))
            .and_then(|t| student_t_cdf(t, Decimal::from(df.max(1))))
    };
    let p = p.unwrap_or(if above { Decimal::ONE } else { Decimal::ZERO });
    Exact::from_decimal(p).round(4)
}

/// The finite population correction of a variance of a mean: `variance × (N - n) / (N - 1)`
/// for a sample of `n` drawn without replacement from a population of `N`, 0 when `n >= N`
/// (the whole population answered: no sampling error is left). A population of 0 is taken as
/// unknown and leaves the variance as it is.
///
/// ```
/// use persepsi::{Exact, finite_population_correction};
/// let v = Exact::from_ratio(4, 1)?;
/// // 100 of 500: 4 x 400 / 499
/// assert_eq!(finite_population_correction(&v, 500, 100), Exact::from_ratio(1600, 499)?);
/// assert_eq!(finite_population_correction(&v, 500, 500), Exact::zero());
/// assert_eq!(finite_population_correction(&v, 1, 4), Exact::zero()); // n >= N
/// assert_eq!(finite_population_correction(&v, 0, 4), v); // unknown
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn finite_population_correction(variance: &Exact, population: u64, sample: u64) -> Exact {
    if population == 0 {
        return variance.clone();
    }
    if sample >= population {
        return Exact::zero();
    }
    if population < 2 {
        // 1 with no sample: nothing to correct
        return variance.clone();
    }
    let factor = Exact::from_big(
        BigInt::from(population - sample),
        BigInt::from(population - 1),
    );
    variance * &factor
}

#[cfg(test)]
mod tests {
    use num_bigint::BigInt;
    use proptest::prelude::*;

    use crate::exact::Exact;
    use crate::instrument::Instrument;
    use crate::tally::{ScoreMoments, Tally};

    /// The variance of the mean score step by step, one exact operation at a time.
    fn stepwise(scores: &[ScoreMoments]) -> Option<Exact> {
        let (mut n, mut sum, mut sumsq, mut count) =
            (Exact::zero(), Exact::zero(), Exact::zero(), 0u64);
        for (a, m) in scores.iter().enumerate().skip(1) {
            if m.respondents() == 0 {
                continue;
            }
            let a = BigInt::from(a);
            count += m.respondents();
            n = n + Exact::from(m.respondents());
            sum = sum + Exact::from_big(BigInt::from(m.sum()), a.clone());
            sumsq = sumsq + Exact::from_big(BigInt::from(m.sum_of_squares()), &a * &a);
        }
        if count < 2 {
            return None;
        }
        let ss = &sumsq - &(&sum * &sum).checked_div(&n)?;
        ss.checked_div(&(&n - &Exact::integer(1)))?.checked_div(&n)
    }

    proptest! {
        /// The one-fraction variance equals the step-by-step one, for respondents who answered
        /// any number of items.
        #[test]
        fn variance_in_one_fraction_equals_the_steps(
            answers in prop::collection::vec(prop::collection::vec(prop::option::weighted(0.8, 1u8..=6), 8), 0..40),
        ) {
            let spkp = Instrument::spkp();
            let mut tally = Tally::new(&spkp);
            for a in &answers {
                if let Ok(answers) = spkp.answers(a.iter().copied()) {
                    let _ = tally.record(&answers);
                }
            }
            let scores = tally.score_moments().expect("recorded tallies keep moments");
            prop_assert_eq!(spkp.index_variance(&tally), stepwise(scores));
        }

        /// In machine words or in big numbers, the variance is the same fraction, up to counts
        /// where the words overflow (then the big numbers answer).
        #[test]
        fn word_variance_equals_big_variance(
            moments in prop::collection::vec((1u8..=13, any::<u64>(), any::<u64>(), 0u32..64), 1..6),
        ) {
            let owned: Vec<(u64, ScoreMoments)> = moments
                .iter()
                .map(|&(a, n, total, shift)| {
                    // n respondents with a answered items; sums of their totals (up to 6 a
                    // each), scaled down so that small and huge counts both occur
                    let n = (n >> shift).max(1);
                    let per = u128::from(total % (6 * u64::from(a) + 1));
                    let sum = u128::from(n) * per;
                    (u64::from(a), ScoreMoments::new(n, sum, sum * per))
                })
                .collect();
            let present: Vec<(u64, &ScoreMoments)> = owned.iter().map(|(a, m)| (*a, m)).collect();
            let count = owned.iter().fold(0u64, |c, (_, m)| c.saturating_add(m.respondents()));
            prop_assume!((2..u64::MAX).contains(&count));
            if let Some(words) = super::variance_in_words(&present, count) {
                prop_assert_eq!(Some(words), super::variance_big(&present, count));
            }
        }
    }
}
