//! Uncertainty: standard errors and 95% intervals, the chance of grade A, shrinkage toward the
//! parent, sample sizes, trends between periods, and Zona Integritas points.
//!
//! Everything is computed from exact integer moments; only the square root (and the normal
//! distribution of [`Interval::probability_at_least`]) leave the rationals, in [`Decimal`]
//! arithmetic with 20 decimals. No `f64` is involved.

use num_bigint::BigInt;
use num_integer::Integer;
use rust_decimal::Decimal;
use rust_decimal::MathematicalOps;

use crate::exact::Exact;
use crate::instrument::{Instrument, ScaleMap, Weights};
use crate::tally::{ScoreMoments, Tally};

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
        let lcm = present
            .iter()
            .fold(BigInt::from(1u8), |l, (a, _)| l.lcm(&BigInt::from(*a)));
        let (mut s, mut q) = (BigInt::from(0u8), BigInt::from(0u8));
        for (a, m) in &present {
            let f = &lcm / BigInt::from(*a);
            s += BigInt::from(m.sum()) * &f;
            q += BigInt::from(m.sum_of_squares()) * &f * &f;
        }
        let n = BigInt::from(count);
        let numerator = q * &n - &s * &s;
        let denominator = &lcm * &lcm * &n * &n * (&n - 1u8);
        Some(Exact::from_big(numerator, denominator))
    }
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
            clamp(center - half, Decimal::ONE, k),
            clamp(center + half, Decimal::ONE, k),
        );
        let map = |x: Decimal| {
            instrument
                .map()
                .apply(&Exact::from_decimal(x), instrument.scale())
        };
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
        let r4 = |x: &Exact| Exact::from_decimal(x.round(20).max(Decimal::ONE).min(four)).round(2);
        let r100 = |x: &Exact| Exact::from_decimal(x.round(20).max(floor100).min(hundred)).round(2);
        Interval {
            se_raw: Exact::from_decimal(se).round(4),
            se100: Exact::from_decimal(se100).round(2),
            raw: (
                Exact::from_decimal(lo_raw).round(4),
                Exact::from_decimal(hi_raw).round(4),
            ),
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

/// The normal distribution function, clamped to 0 and 1 beyond 6 standard deviations (where the
/// series `rust_decimal` uses would overflow).
fn normal_cdf(z: Decimal) -> Decimal {
    let six = Decimal::from(6);
    if z >= six {
        Decimal::ONE
    } else if z <= -six {
        Decimal::ZERO
    } else {
        z.norm_cdf().max(Decimal::ZERO).min(Decimal::ONE)
    }
}

/// The probability that the true value reaches `threshold`, for an estimate with a standard
/// error, by the normal approximation (4 decimals). A zero standard error gives 0 or 1.
///
/// ```
/// use persepsi::probability_at_least;
/// let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
/// assert_eq!(probability_at_least(d("88.31"), d("2"), d("88.31")).to_string(), "0.5000");
/// assert_eq!(probability_at_least(d("92.23"), d("2"), d("88.31")).to_string(), "0.9750");
/// assert_eq!(probability_at_least(d("80"), d("0"), d("88.31")).to_string(), "0.0000");
/// ```
#[must_use]
pub fn probability_at_least(estimate: Decimal, se: Decimal, threshold: Decimal) -> Decimal {
    let p = if se <= Decimal::ZERO {
        if estimate >= threshold {
            Decimal::ONE
        } else {
            Decimal::ZERO
        }
    } else {
        Decimal::ONE - normal_cdf((threshold - estimate) / se)
    };
    Exact::from_decimal(p).round(4)
}

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
    let (n, m) = (BigInt::from(respondents), BigInt::from(prior_strength));
    Exact::from_big(n * a * d + m * c * b, b * d * BigInt::from(total))
}

/// The minimum sample of Krejcie and Morgan (1970) for a population of `population`:
/// `S = X^2 N P (1 - P) / (d^2 (N - 1) + X^2 P (1 - P))` with `X^2 = 3.841`, `P = 0.5`,
/// `d = 0.05`, rounded half away from zero, which reproduces their table.
///
/// ```
/// use persepsi::krejcie_morgan;
/// assert_eq!([10, 100, 1_000, 1_000_000].map(krejcie_morgan), [10, 80, 278, 384]);
/// ```
#[must_use]
pub fn krejcie_morgan(population: u64) -> u64 {
    let n = Exact::from(population);
    let x2pq = Exact::from_decimal(Decimal::new(96_025, 5)); // 3.841 x 0.25
    let d2 = Exact::from_decimal(Decimal::new(25, 4)); // 0.05^2
    let den = &(&d2 * &(&n - &Exact::integer(1))) + &x2pq;
    let s = (&x2pq * &n).checked_div(&den).unwrap_or_else(Exact::zero);
    s.round(0).try_into().unwrap_or(u64::MAX).min(population)
}

/// Slovin's minimum sample `N / (1 + N e^2)` with `e = 0.05`, rounded up.
///
/// ```
/// use persepsi::slovin;
/// assert_eq!([10, 100, 1_000].map(slovin), [10, 80, 286]);
/// ```
#[must_use]
pub fn slovin(population: u64) -> u64 {
    let n = Exact::from(population);
    let e2 = Exact::from_decimal(Decimal::new(25, 4));
    let s = n
        .checked_div(&(&Exact::integer(1) + &(&n * &e2)))
        .unwrap_or_else(Exact::zero);
    let floor = s.round(0);
    let up = if Exact::from_decimal(floor) < s {
        floor + Decimal::ONE
    } else {
        floor
    };
    u64::try_from(up).unwrap_or(u64::MAX)
}

/// The respondents a unit needs: Krejcie-Morgan for its population when the catalog gives one,
/// else the floor of 30 (PermenPAN-RB 90/2021 as quoted).
///
/// ```
/// assert_eq!(persepsi::required_respondents(Some(100)), 80);
/// assert_eq!(persepsi::required_respondents(None), 30);
/// ```
#[must_use]
pub fn required_respondents(population: Option<u64>) -> u64 {
    population.map_or(30, krejcie_morgan)
}

/// The Zona Integritas LKE points of an index on the 1-4 scale: `index / 4 x 17.5`, from the
/// exact value (PermenPAN-RB 90/2021; the same rule for IPAK and IPKP).
///
/// ```
/// use persepsi::{lke_points, Exact};
/// assert_eq!(lke_points(&Exact::from_ratio(394, 100)?).round(2).to_string(), "17.24");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn lke_points(index4: &Exact) -> Exact {
    // 35 x / 8, normalized with small gcds only
    index4.affine(0, 35, 8).unwrap_or_else(Exact::zero)
}

/// The minimum IPAK and IPKP (1-4 scale, as published with 2 decimals) a unit needs for a Zona
/// Integritas title. The defaults, 3.60 for both, are commonly quoted but **unconfirmed**: they
/// are data, to be replaced when the regulation's values are known.
///
/// ```
/// use persepsi::ZiThresholds;
/// let zi = ZiThresholds::default();
/// assert!(zi.meets("SPAK", "3.60".parse()?));
/// assert!(!zi.meets("SPKP", "3.59".parse()?));
/// assert!(!zi.meets("IKM", "4.00".parse()?)); // not a ZI instrument
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ZiThresholds {
    /// Minimum IPAK (SPAK), 1-4 scale.
    pub ipak: Decimal,
    /// Minimum IPKP (SPKP), 1-4 scale.
    pub ipkp: Decimal,
}

impl Default for ZiThresholds {
    fn default() -> Self {
        ZiThresholds {
            ipak: Decimal::new(360, 2),
            ipkp: Decimal::new(360, 2),
        }
    }
}

impl ZiThresholds {
    /// True when the instrument (`SPAK` or `SPKP`) has a printed 1-4 value at or above its
    /// threshold; false for other instruments.
    #[must_use]
    pub fn meets(&self, instrument: &str, index4: Decimal) -> bool {
        match instrument {
            "SPAK" => index4 >= self.ipak,
            "SPKP" => index4 >= self.ipkp,
            _ => false,
        }
    }
}

/// The change of an index between two periods, on the 0-100 scale: its standard error (the two
/// periods' respondents are independent samples) and whether it is significant at 95%.
///
/// ```
/// use persepsi::Trend;
/// let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
/// let t = Trend::between(d("85.00"), Some(d("1.00")), 100, d("88.00"), Some(d("1.00")), 100);
/// assert_eq!(t.change100().to_string(), "3.00");
/// assert_eq!(t.se100().map(|s| s.to_string()), Some("1.41".into()));
/// assert_eq!(t.significant(), Some(true)); // 3.00 > t(99) x 1.414 = 2.0003 x 1.414
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Trend {
    from100: Decimal,
    to100: Decimal,
    change100: Decimal,
    se100: Option<Decimal>,
    significant: Option<bool>,
}

impl Trend {
    /// The trend from one period's 0-100 value, standard error and respondents to the next's.
    /// Without both standard errors, significance is unknown (`None`). Student's t uses the
    /// smaller period's degrees of freedom.
    #[must_use]
    pub fn between(
        from100: Decimal,
        from_se: Option<Decimal>,
        from_n: u64,
        to100: Decimal,
        to_se: Option<Decimal>,
        to_n: u64,
    ) -> Trend {
        let change = to100 - from100;
        let se = match (from_se, to_se) {
            (Some(a), Some(b)) => (a * a + b * b).sqrt(),
            _ => None,
        };
        let df = from_n.min(to_n).saturating_sub(1);
        let significant = se.map(|se| se > Decimal::ZERO && change.abs() > t95(df) * se);
        Trend {
            from100,
            to100,
            change100: Exact::from_decimal(change).round(2),
            se100: se.map(|s| Exact::from_decimal(s).round(2)),
            significant,
        }
    }

    /// The first period's 0-100 value.
    #[must_use]
    pub fn from100(&self) -> Decimal {
        self.from100
    }

    /// The second period's 0-100 value.
    #[must_use]
    pub fn to100(&self) -> Decimal {
        self.to100
    }

    /// The change, second minus first (2 decimals).
    #[must_use]
    pub fn change100(&self) -> Decimal {
        self.change100
    }

    /// The standard error of the change (2 decimals), when both periods have one.
    #[must_use]
    pub fn se100(&self) -> Option<Decimal> {
        self.se100
    }

    /// Whether the change is significant at 95%, when known.
    #[must_use]
    pub fn significant(&self) -> Option<bool> {
        self.significant
    }
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
    }
}
