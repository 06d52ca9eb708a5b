//! Star tallies: integer counting, merging and retraction.

use std::iter::Sum;
use std::ops::AddAssign;

use crate::instrument::{Answers, Instrument};

/// Why a tally operation was refused. Nothing is changed when an operation fails.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TallyError {
    /// The answers or the other tally belong to an instrument of another shape.
    #[error(
        "tally of {expected_items} items on 1-{expected_points} cannot take {items} items on 1-{points}"
    )]
    ShapeMismatch {
        /// Items of this tally.
        expected_items: usize,
        /// Scale points of this tally.
        expected_points: u8,
        /// Items of the answers or tally offered.
        items: usize,
        /// Scale points of the answers or tally offered.
        points: u8,
    },
    /// A count would pass `u64::MAX`.
    #[error("the response count {count} cannot grow by {by} without passing u64::MAX")]
    Overflow {
        /// The count before the operation.
        count: u64,
        /// What was to be added.
        by: u64,
    },
    /// Retraction would take a count below zero: the response (or tally) was never counted here.
    #[error("cannot retract: item {item} has {have} answers of star {star}, fewer than {take}")]
    Underflow {
        /// The item position (0-based), or `usize::MAX` for the response counters.
        item: usize,
        /// The star (0 for a missing answer).
        star: u8,
        /// The count held.
        have: u64,
        /// The count to take away.
        take: u64,
    },
    /// Counts given to [`Tally::from_histograms`] (or deserialized) are inconsistent.
    #[error("inconsistent tally counts: {reason}")]
    Inconsistent {
        /// What is wrong.
        reason: String,
    },
}

/// The star histogram of one instrument over a set of responses: for every item, the count of
/// each star and of missing answers, plus the number of responses and of respondents (responses
/// with at least one answer). Integer counting only.
///
/// Tallies behave like collections: [`Default`] (an empty tally that takes the shape of the first
/// thing added), [`Extend`], [`FromIterator`], [`Tally::merge`], `+=`, [`Sum`]. Merging is
/// associative and commutative, so a tally per month sums to the year and a tally per unit to the
/// Kanwil. [`Tally::retract`] removes a response that was counted (for corrections).
///
/// # Overflow
///
/// Every per-item count is at most the response count, so checking that one counter is enough:
/// [`Tally::record`], [`Tally::merge`] and friends return [`TallyError::Overflow`] instead of
/// wrapping. The operator traits (`+=`, [`Sum`], [`Extend`], [`FromIterator`]) cannot return an
/// error and panic instead, as integer `+` does, on a shape mismatch or an overflow; use the
/// `Result` methods when the input is not under your control.
///
/// # Examples
///
/// ```
/// use persepsi::{Instrument, Tally};
///
/// let spak = Instrument::spak();
/// let mut tally = Tally::new(&spak);
/// tally.record(&spak.answers([Some(6), Some(6), Some(5), Some(6), None])?)?;
/// tally.record(&spak.answers([Some(5), Some(4), Some(6), Some(6), Some(6)])?)?;
/// assert_eq!(tally.respondents(), 2);
/// assert_eq!(tally.answered(4), 1);
/// assert_eq!(tally.missing(4), 1);
/// assert_eq!(tally.count(0, 6), 1);
/// assert_eq!(tally.star_sum(0), 11);
///
/// let index = spak.index(&tally)?;
/// assert_eq!(index.raw().round(4).to_string(), "5.6000");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Tally {
    /// Scale points k; 0 for a shapeless empty tally.
    points: u8,
    /// Number of items m.
    items: usize,
    responses: u64,
    respondents: u64,
    /// m rows of k+1 slots: slot 0 counts missing answers, slot s counts s stars.
    counts: Vec<u64>,
}

impl Tally {
    /// An empty tally shaped for `instrument`.
    ///
    /// ```
    /// let t = persepsi::Tally::new(&persepsi::Instrument::ikm());
    /// assert_eq!((t.item_count(), t.points(), t.responses()), (9, 4, 0));
    /// ```
    #[must_use]
    pub fn new(instrument: &Instrument) -> Tally {
        Tally::with_shape(instrument.items().len(), instrument.scale().points())
    }

    /// A tally from counts the caller counted consistently (the batch path).
    pub(crate) fn from_parts(
        points: u8,
        items: usize,
        responses: u64,
        respondents: u64,
        counts: Vec<u64>,
    ) -> Tally {
        Tally {
            points,
            items,
            responses,
            respondents,
            counts,
        }
    }

    pub(crate) fn with_shape(items: usize, points: u8) -> Tally {
        Tally {
            points,
            items,
            responses: 0,
            respondents: 0,
            counts: vec![0; items * (usize::from(points) + 1)],
        }
    }

    /// A tally from counts that were made elsewhere (for example an export of another survey
    /// application): one histogram per item, each `[missing, 1 star, 2 stars, ..., k stars]`, and
    /// the number of respondents (responses with at least one answer).
    ///
    /// # Errors
    ///
    /// [`TallyError::Inconsistent`] when the histograms differ in length or in total (each must
    /// count every response once), the scale is outside 2-10 points, or `respondents` is
    /// impossible for the histograms (fewer than the most answers of one item, more than all
    /// answers together or than the responses).
    ///
    /// ```
    /// use persepsi::{Instrument, Tally};
    /// // Two items on 1-4: item 1 got 3,4; item 2 got 4 and one missing answer.
    /// let t = Tally::from_histograms(2, vec![vec![0, 0, 0, 1, 1], vec![1, 0, 0, 0, 1]])?;
    /// assert_eq!((t.responses(), t.respondents(), t.star_sum(0)), (2, 2, 7));
    /// assert!(Tally::from_histograms(2, vec![vec![0, 0, 0, 1, 1], vec![0, 0, 0, 0, 1]]).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_histograms(
        respondents: u64,
        histograms: Vec<Vec<u64>>,
    ) -> Result<Tally, TallyError> {
        let bad = |reason: String| Err(TallyError::Inconsistent { reason });
        let Some(first) = histograms.first() else {
            return bad("no items".to_owned());
        };
        let width = first.len();
        let points = match u8::try_from(width.saturating_sub(1)) {
            Ok(p) if crate::scale::Scale::new(p).is_ok() => p,
            _ => return bad(format!("a histogram has {width} slots, not 3 to 11")),
        };
        let mut counts = Vec::with_capacity(histograms.len() * width);
        let mut responses: Option<u64> = None;
        let mut most_answered = 0u64;
        let mut all_answered = 0u64;
        for (i, h) in histograms.iter().enumerate() {
            if h.len() != width {
                return bad(format!(
                    "item {i} has {} slots, item 0 has {width}",
                    h.len()
                ));
            }
            let Some(total) = h.iter().try_fold(0u64, |a, &c| a.checked_add(c)) else {
                return bad(format!("item {i} counts more than u64::MAX responses"));
            };
            match responses {
                None => responses = Some(total),
                Some(r) if r != total => {
                    return bad(format!(
                        "item {i} counts {total} responses, item 0 counts {r}"
                    ));
                }
                Some(_) => {}
            }
            let answered = total - h[0];
            most_answered = most_answered.max(answered);
            all_answered = all_answered.saturating_add(answered);
            counts.extend_from_slice(h);
        }
        let responses = responses.unwrap_or(0);
        if respondents < most_answered || respondents > all_answered || respondents > responses {
            return bad(format!(
                "{respondents} respondents is impossible with {responses} responses, \
                 at most {most_answered} answers on one item and {all_answered} answers in all"
            ));
        }
        Ok(Tally {
            points,
            items: histograms.len(),
            responses,
            respondents,
            counts,
        })
    }

    /// The scale points `k` (0 for an empty [`Default`] tally that has no shape yet).
    #[must_use]
    pub fn points(&self) -> u8 {
        self.points
    }

    /// The number of items (0 for an empty [`Default`] tally).
    #[must_use]
    pub fn item_count(&self) -> usize {
        self.items
    }

    /// Responses counted, including those that answered no item of this instrument.
    #[must_use]
    pub fn responses(&self) -> u64 {
        self.responses
    }

    /// Respondents: responses that answered at least one item of this instrument.
    #[must_use]
    pub fn respondents(&self) -> u64 {
        self.respondents
    }

    /// True when no response is counted.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.responses == 0
    }

    fn row(&self, item: usize) -> &[u64] {
        let w = usize::from(self.points) + 1;
        self.counts.get(item * w..(item + 1) * w).unwrap_or(&[])
    }

    /// The number of responses that gave item `item` (0-based) exactly `star` stars;
    /// `count(item, 0)` is the number of missing answers. 0 out of bounds.
    #[must_use]
    pub fn count(&self, item: usize, star: u8) -> u64 {
        self.row(item).get(usize::from(star)).copied().unwrap_or(0)
    }

    /// The histogram of item `item`: `[missing, 1 star, ..., k stars]` (empty out of bounds).
    ///
    /// ```
    /// let ikm = persepsi::Instrument::ikm();
    /// let t: persepsi::Tally = [ikm.answers([Some(4); 9])?].into_iter().collect();
    /// assert_eq!(t.histogram(0), &[0, 0, 0, 0, 1]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn histogram(&self, item: usize) -> &[u64] {
        self.row(item)
    }

    /// Missing answers on item `item`.
    #[must_use]
    pub fn missing(&self, item: usize) -> u64 {
        self.count(item, 0)
    }

    /// Answers given on item `item` (`n_i`).
    #[must_use]
    pub fn answered(&self, item: usize) -> u64 {
        self.row(item).iter().skip(1).sum()
    }

    /// The sum of the stars given on item `item` (exact: at most 10 x u64::MAX fits a u128).
    #[must_use]
    pub fn star_sum(&self, item: usize) -> u128 {
        self.row(item)
            .iter()
            .enumerate()
            .skip(1)
            .map(|(s, &c)| s as u128 * u128::from(c))
            .sum()
    }

    fn check_shape(&self, items: usize, points: u8) -> Result<(), TallyError> {
        if self.items == items && self.points == points {
            Ok(())
        } else {
            Err(TallyError::ShapeMismatch {
                expected_items: self.items,
                expected_points: self.points,
                items,
                points,
            })
        }
    }

    /// True when some set of responses gives these counts: every item's answers are at most the
    /// respondents, and the respondents at most the answers of all items together (each answered
    /// at least one item) and at most the responses.
    fn is_consistent(&self) -> bool {
        let mut most = 0u64;
        let mut all = 0u64;
        for i in 0..self.items {
            let n = self.answered(i);
            most = most.max(n);
            all = all.saturating_add(n);
        }
        most <= self.respondents && self.respondents <= all && self.respondents <= self.responses
    }

    /// A shapeless empty tally takes the given shape.
    fn adopt(&mut self, items: usize, points: u8) {
        if self.points == 0 && self.responses == 0 && points != 0 {
            *self = Tally::with_shape(items, points);
        }
    }

    /// Counts one response's answers.
    ///
    /// # Errors
    ///
    /// [`TallyError::ShapeMismatch`] when the answers belong to an instrument of another shape,
    /// [`TallyError::Overflow`] when the response count is already `u64::MAX`.
    ///
    /// ```
    /// use persepsi::{Instrument, Tally};
    /// let mut t = Tally::new(&Instrument::spak());
    /// t.record(&Instrument::spak().answers([Some(6); 5])?)?;
    /// assert!(t.record(&Instrument::ikm().answers([Some(4); 9])?).is_err());
    /// assert_eq!(t.responses(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn record(&mut self, answers: &Answers) -> Result<(), TallyError> {
        self.adopt(answers.len(), answers.points());
        self.check_shape(answers.len(), answers.points())?;
        // Every slot is at most `responses`, so this one check covers them all.
        let responses = self.responses.checked_add(1).ok_or(TallyError::Overflow {
            count: self.responses,
            by: 1,
        })?;
        self.responses = responses;
        let w = usize::from(self.points) + 1;
        let mut any = false;
        for (row, &s) in self.counts.chunks_exact_mut(w).zip(answers.slots()) {
            row[usize::from(s)] += 1;
            any |= s != 0;
        }
        self.respondents += u64::from(any);
        Ok(())
    }

    /// Counts one response from raw slots (0 = missing) of this tally's shape. The caller
    /// checked the response count (which bounds every slot) and the shape.
    pub(crate) fn record_slots(&mut self, slots: &[u8]) {
        let w = usize::from(self.points) + 1;
        let mut any = false;
        for (row, &s) in self.counts.chunks_exact_mut(w).zip(slots) {
            row[usize::from(s)] += 1;
            any |= s != 0;
        }
        self.responses += 1;
        self.respondents += u64::from(any);
    }

    /// Removes one response that was counted before, for corrections.
    ///
    /// # Errors
    ///
    /// [`TallyError::ShapeMismatch`] for answers of another shape; [`TallyError::Underflow`] when
    /// a count would go below zero, [`TallyError::Inconsistent`] when the counts left would fit no
    /// set of responses (the response was never counted here). The tally is unchanged on error.
    ///
    /// ```
    /// use persepsi::{Instrument, Tally};
    /// let spak = Instrument::spak();
    /// let a = spak.answers([Some(6); 5])?;
    /// let mut t = Tally::new(&spak);
    /// t.record(&a)?;
    /// t.retract(&a)?;
    /// assert_eq!(t, Tally::new(&spak));
    /// assert!(t.retract(&a).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn retract(&mut self, answers: &Answers) -> Result<(), TallyError> {
        self.check_shape(answers.len(), answers.points())?;
        let any = answers.answered() > 0;
        if self.responses == 0 || (any && self.respondents == 0) {
            return Err(TallyError::Underflow {
                item: usize::MAX,
                star: 0,
                have: self.responses.min(self.respondents),
                take: 1,
            });
        }
        let w = usize::from(self.points) + 1;
        for (i, (row, &s)) in self.counts.chunks_exact(w).zip(answers.slots()).enumerate() {
            if row[usize::from(s)] == 0 {
                return Err(TallyError::Underflow {
                    item: i,
                    star: s,
                    have: 0,
                    take: 1,
                });
            }
        }
        let mut next = self.clone();
        for (row, &s) in next.counts.chunks_exact_mut(w).zip(answers.slots()) {
            row[usize::from(s)] -= 1;
        }
        next.responses -= 1;
        next.respondents -= u64::from(any);
        if !next.is_consistent() {
            return Err(not_counted());
        }
        *self = next;
        Ok(())
    }

    /// Adds another tally of the same shape (a [`Default`] tally takes the other's shape).
    ///
    /// # Errors
    ///
    /// [`TallyError::ShapeMismatch`] for a tally of another shape, [`TallyError::Overflow`] when
    /// the response count would pass `u64::MAX`. The tally is unchanged on error.
    ///
    /// ```
    /// use persepsi::{Instrument, Tally};
    /// let spak = Instrument::spak();
    /// let mut january = Tally::new(&spak);
    /// january.record(&spak.answers([Some(6); 5])?)?;
    /// let mut year = Tally::default();
    /// year.merge(&january)?;
    /// year.merge(&january)?;
    /// assert_eq!(year.respondents(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn merge(&mut self, other: &Tally) -> Result<(), TallyError> {
        if other.points == 0 && other.responses == 0 {
            return Ok(()); // a shapeless empty tally is the identity
        }
        self.adopt(other.items, other.points);
        self.check_shape(other.items, other.points)?;
        let responses =
            self.responses
                .checked_add(other.responses)
                .ok_or(TallyError::Overflow {
                    count: self.responses,
                    by: other.responses,
                })?;
        self.responses = responses;
        // respondents <= responses and every slot <= responses: no further overflow possible
        self.respondents += other.respondents;
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        Ok(())
    }

    /// Takes away another tally that was merged into this one before.
    ///
    /// # Errors
    ///
    /// [`TallyError::ShapeMismatch`] for another shape, [`TallyError::Underflow`] when any count
    /// would go below zero, [`TallyError::Inconsistent`] when the counts left would fit no set of
    /// responses. The tally is unchanged on error.
    ///
    /// ```
    /// use persepsi::{Instrument, Tally};
    /// let spak = Instrument::spak();
    /// let mut a = Tally::new(&spak);
    /// a.record(&spak.answers([Some(6); 5])?)?;
    /// let mut b = a.clone();
    /// b.merge(&a)?;
    /// b.subtract(&a)?;
    /// assert_eq!(b, a);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn subtract(&mut self, other: &Tally) -> Result<(), TallyError> {
        if other.points == 0 && other.responses == 0 {
            return Ok(());
        }
        self.check_shape(other.items, other.points)?;
        let under = |item, star, have, take| TallyError::Underflow {
            item,
            star,
            have,
            take,
        };
        if self.responses < other.responses {
            return Err(under(usize::MAX, 0, self.responses, other.responses));
        }
        if self.respondents < other.respondents {
            return Err(under(usize::MAX, 0, self.respondents, other.respondents));
        }
        let w = usize::from(self.points) + 1;
        for (k, (a, b)) in self.counts.iter().zip(&other.counts).enumerate() {
            if a < b {
                return Err(under(k / w, (k % w) as u8, *a, *b));
            }
        }
        let mut next = self.clone();
        next.responses -= other.responses;
        next.respondents -= other.respondents;
        for (a, b) in next.counts.iter_mut().zip(&other.counts) {
            *a -= b;
        }
        if !next.is_consistent() {
            return Err(not_counted());
        }
        *self = next;
        Ok(())
    }
}

fn not_counted() -> TallyError {
    TallyError::Inconsistent {
        reason: "what is taken away was never counted here: the counts left would fit no set of responses"
            .to_owned(),
    }
}

impl AddAssign<&Tally> for Tally {
    /// [`Tally::merge`].
    ///
    /// # Panics
    ///
    /// On a shape mismatch or when the response count would pass `u64::MAX`; use
    /// [`Tally::merge`] to get a [`TallyError`] instead.
    fn add_assign(&mut self, other: &Tally) {
        if let Err(e) = self.merge(other) {
            panic!("Tally += failed: {e}");
        }
    }
}

impl AddAssign for Tally {
    /// [`Tally::merge`]; panics as `+= &Tally` does.
    fn add_assign(&mut self, other: Tally) {
        *self += &other;
    }
}

impl<'a> Sum<&'a Tally> for Tally {
    /// Merges all; panics as `+=` does.
    fn sum<I: Iterator<Item = &'a Tally>>(iter: I) -> Tally {
        let mut total = Tally::default();
        for t in iter {
            total += t;
        }
        total
    }
}

impl Sum for Tally {
    /// Merges all; panics as `+=` does.
    fn sum<I: Iterator<Item = Tally>>(iter: I) -> Tally {
        let mut total = Tally::default();
        for t in iter {
            total += &t;
        }
        total
    }
}

impl<'a> Extend<&'a Answers> for Tally {
    /// Records every response.
    ///
    /// # Panics
    ///
    /// On answers of another shape or a response count passing `u64::MAX`; use
    /// [`Tally::record`] to get a [`TallyError`] instead.
    fn extend<I: IntoIterator<Item = &'a Answers>>(&mut self, iter: I) {
        for a in iter {
            if let Err(e) = self.record(a) {
                panic!("Tally::extend failed: {e}");
            }
        }
    }
}

impl Extend<Answers> for Tally {
    /// Records every response; panics as `Extend<&Answers>` does.
    fn extend<I: IntoIterator<Item = Answers>>(&mut self, iter: I) {
        for a in iter {
            self.extend(std::iter::once(&a));
        }
    }
}

impl<'a> FromIterator<&'a Answers> for Tally {
    /// A tally of the responses; panics as [`Extend`] does.
    fn from_iter<I: IntoIterator<Item = &'a Answers>>(iter: I) -> Tally {
        let mut t = Tally::default();
        t.extend(iter);
        t
    }
}

impl FromIterator<Answers> for Tally {
    /// A tally of the responses; panics as [`Extend`] does.
    fn from_iter<I: IntoIterator<Item = Answers>>(iter: I) -> Tally {
        let mut t = Tally::default();
        t.extend(iter);
        t
    }
}

#[cfg(feature = "serde")]
mod serde_impl {
    use super::Tally;

    /// The wire form: one histogram per item, `[missing, 1 star, ..., k stars]`.
    #[derive(serde::Serialize, serde::Deserialize)]
    pub(super) struct Repr {
        respondents: u64,
        histograms: Vec<Vec<u64>>,
    }

    impl serde::Serialize for Tally {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let histograms = (0..self.items)
                .map(|i| self.histogram(i).to_vec())
                .collect();
            Repr {
                respondents: self.respondents,
                histograms,
            }
            .serialize(s)
        }
    }

    impl<'de> serde::Deserialize<'de> for Tally {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Tally, D::Error> {
            let repr = Repr::deserialize(d)?;
            if repr.histograms.is_empty() && repr.respondents == 0 {
                return Ok(Tally::default());
            }
            Tally::from_histograms(repr.respondents, repr.histograms)
                .map_err(serde::de::Error::custom)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overflow_is_a_typed_error_and_changes_nothing() {
        let near = Tally::from_histograms(u64::MAX, vec![vec![0, 0, u64::MAX]]).unwrap();
        let one = Tally::from_histograms(1, vec![vec![0, 1, 0]]).unwrap();
        let mut t = near.clone();
        assert_eq!(
            t.merge(&one),
            Err(TallyError::Overflow {
                count: u64::MAX,
                by: 1
            })
        );
        assert_eq!(t, near);
        let ins = Instrument::builder("X".parse().unwrap(), crate::Scale::new(2).unwrap())
            .item("X1".parse().unwrap(), "x")
            .build()
            .unwrap();
        let a = ins.answers([Some(1)]).unwrap();
        assert!(matches!(t.record(&a), Err(TallyError::Overflow { .. })));
        assert_eq!(t, near);
    }

    #[test]
    fn shapeless_default_is_the_identity() {
        let t = Tally::from_histograms(1, vec![vec![0, 1, 0]]).unwrap();
        let mut d = Tally::default();
        d.merge(&t).unwrap();
        assert_eq!(d, t);
        let mut t2 = t.clone();
        t2.merge(&Tally::default()).unwrap();
        assert_eq!(t2, t);
    }

    #[test]
    fn failed_subtract_changes_nothing() {
        let a = Tally::from_histograms(2, vec![vec![0, 1, 1], vec![1, 0, 1]]).unwrap();
        let b = Tally::from_histograms(1, vec![vec![0, 0, 1], vec![0, 1, 0]]).unwrap();
        let mut x = a.clone();
        assert_eq!(
            x.subtract(&b),
            Err(TallyError::Underflow {
                item: 1,
                star: 1,
                have: 0,
                take: 1
            })
        );
        assert_eq!(x, a);
    }

    #[test]
    fn impossible_respondent_counts_are_refused() {
        // two answers on item 0 need at least two respondents
        assert!(Tally::from_histograms(1, vec![vec![0, 1, 1]]).is_err());
        // one answer in all cannot come from two respondents
        assert!(Tally::from_histograms(2, vec![vec![1, 1, 0], vec![2, 0, 0]]).is_err());
        assert!(Tally::from_histograms(0, vec![vec![1, 0]]).is_err()); // 1-point scale
        assert!(Tally::from_histograms(0, vec![]).is_err());
    }
}
