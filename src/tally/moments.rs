//! Respondent-score moments: what the standard error of an index needs from a tally.

/// The respondents of a tally who answered the same number of items `a`: how many, and the sum
/// and sum of squares of their star totals. Each respondent's score is their mean star,
/// `total / a`; these moments, kept per `a`, give the exact mean and variance of the scores and
/// merge by addition, which is what the standard error of an index needs (the items of one
/// respondent are correlated, so the item histograms alone cannot give it).
///
/// ```
/// use persepsi::{Instrument, Tally};
/// let spak = Instrument::spak();
/// let mut t = Tally::new(&spak);
/// t.record(&spak.answers([Some(6), Some(5), None, None, None])?)?; // a = 2, total 11
/// t.record(&spak.answers([Some(4), Some(4), None, None, None])?)?; // a = 2, total 8
/// let two = t.score_moments().unwrap()[2];
/// assert_eq!((two.respondents(), two.sum(), two.sum_of_squares()), (2, 19, 185));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ScoreMoments {
    pub(super) n: u64,
    pub(super) sum: u128,
    pub(super) sumsq: u128,
}

impl ScoreMoments {
    /// Respondents with this number of answered items.
    #[must_use]
    pub fn respondents(&self) -> u64 {
        self.n
    }

    /// The sum of their star totals.
    #[must_use]
    pub fn sum(&self) -> u128 {
        self.sum
    }

    /// The sum of the squares of their star totals.
    #[must_use]
    pub fn sum_of_squares(&self) -> u128 {
        self.sumsq
    }

    /// Moments from their parts, for example read back from storage or from a query engine's
    /// intermediate state. Any values are taken here; [`Tally::with_moments`] checks them
    /// against the histograms.
    ///
    /// [`Tally::with_moments`]: crate::Tally::with_moments
    ///
    /// ```
    /// let m = persepsi::ScoreMoments::new(2, 19, 185);
    /// assert_eq!((m.respondents(), m.sum(), m.sum_of_squares()), (2, 19, 185));
    /// ```
    #[must_use]
    pub fn new(respondents: u64, sum: u128, sum_of_squares: u128) -> ScoreMoments {
        ScoreMoments {
            n: respondents,
            sum,
            sumsq: sum_of_squares,
        }
    }

    #[inline]
    pub(crate) fn add(&mut self, other: &ScoreMoments) {
        self.n += other.n;
        self.sum += other.sum;
        self.sumsq += other.sumsq;
    }

    /// `n` respondents with these totals (the batch and reader paths).
    #[inline]
    pub(crate) fn from_sums(n: u64, sum: u128, sumsq: u128) -> ScoreMoments {
        ScoreMoments { n, sum, sumsq }
    }

    #[inline]
    pub(crate) fn covers(&self, other: &ScoreMoments) -> bool {
        self.n >= other.n && self.sum >= other.sum && self.sumsq >= other.sumsq
    }

    #[inline]
    pub(crate) fn take(&mut self, other: &ScoreMoments) {
        self.n -= other.n;
        self.sum -= other.sum;
        self.sumsq -= other.sumsq;
    }

    /// Adds one respondent whose stars total `total`.
    #[inline]
    pub(crate) fn add_one(&mut self, total: u64) {
        let t = u128::from(total);
        // a total is at most 10 stars x the items: after even 2^64 respondents the sums fit u128
        self.n += 1;
        self.sum += t;
        self.sumsq += t * t;
    }

    #[inline]
    pub(crate) fn one(total: u64) -> ScoreMoments {
        let t = u128::from(total);
        ScoreMoments {
            n: 1,
            sum: t,
            sumsq: t * t,
        }
    }
}
