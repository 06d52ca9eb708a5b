//! Star tallies: integer counting, merging and retraction.

mod batch;
mod cells;
mod merge;
mod moments;
mod questionnaire;
#[cfg(feature = "serde")]
mod serde;

use crate::instrument::{Answers, Instrument};
use merge::{Merge, merge_ops};

pub use batch::{BatchError, GroupedTally};
pub(crate) use cells::{CellKey, CellStore};
pub use moments::ScoreMoments;
pub use questionnaire::QuestionnaireTally;

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
    /// Retraction would take a count of one item below zero: the response (or tally) was never
    /// counted here.
    #[error("cannot retract: item {item} has {have} answers of star {star}, fewer than {take}")]
    Underflow {
        /// The item position (0-based).
        item: usize,
        /// The star (0 for a missing answer).
        star: u8,
        /// The count held.
        have: u64,
        /// The count to take away.
        take: u64,
    },
    /// Retraction would take away more responses than the tally counts: they were never (all)
    /// counted here. Take away only what was merged or recorded into this tally.
    #[error("cannot take away more responses than the tally counts: {take} from {have}")]
    ResponsesUnderflow {
        /// The responses counted.
        have: u64,
        /// The responses to take away.
        take: u64,
    },
    /// Retraction would take away more respondents (responses with at least one answer) than the
    /// tally counts: they were never (all) counted here.
    #[error("cannot take away more respondents than the tally counts: {take} from {have}")]
    RespondentsUnderflow {
        /// The respondents counted.
        have: u64,
        /// The respondents to take away.
        take: u64,
    },
    /// A [`QuestionnaireTally`] was offered a response or a tally of a questionnaire with another
    /// number of instruments. Count each questionnaire in its own tally.
    #[error(
        "number of instruments differs: the questionnaire tally has {expected}, the response or tally offered has {found}"
    )]
    InstrumentCount {
        /// Instruments of this tally.
        expected: usize,
        /// Instruments of the response or tally offered.
        found: usize,
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
/// thing added), [`Extend`], [`FromIterator`], [`Tally::merge`], `+=`, [`Sum`](std::iter::Sum).
/// Merging is associative and commutative, so a tally per month sums to the year and a tally per
/// unit to the Kanwil. [`Tally::retract`] removes a response that was counted (for corrections).
/// Every method that can fail checks everything before it changes anything: on an error the
/// tally is as it was.
///
/// # Overflow
///
/// Every per-item count is at most the response count, so checking that one counter is enough:
/// [`Tally::record`], [`Tally::merge`] and friends return [`TallyError::Overflow`] instead of
/// wrapping. The operator traits (`+=`, [`Sum`](std::iter::Sum), [`Extend`], [`FromIterator`])
/// cannot return an error and panic instead, as integer `+` does, on a shape mismatch or an
/// overflow; use the `Result` methods when the input is not under your control.
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
    /// Respondent scores by the number of items answered (`scores[a]`, a = 0..=m); `None` when
    /// the tally was built from bare histograms, which do not carry them.
    scores: Option<Vec<ScoreMoments>>,
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
        counts: Vec<u64>,
        scores: Vec<ScoreMoments>,
    ) -> Tally {
        let responses = scores.iter().map(|m| m.n).sum();
        let respondents = responses - scores.first().map_or(0, |m| m.n);
        Tally {
            points,
            items,
            responses,
            respondents,
            counts,
            scores: Some(scores),
        }
    }

    pub(crate) fn with_shape(items: usize, points: u8) -> Tally {
        Tally {
            points,
            items,
            responses: 0,
            respondents: 0,
            counts: vec![0; items * (usize::from(points) + 1)],
            scores: Some(vec![ScoreMoments::default(); items + 1]),
        }
    }

    /// The respondent-score moments by number of answered items (index 0..=m), `None` for a
    /// tally made by [`Tally::from_histograms`] (bare histograms do not carry them).
    #[must_use]
    pub fn score_moments(&self) -> Option<&[ScoreMoments]> {
        self.scores.as_deref()
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
        let scores = (responses == 0).then(|| vec![ScoreMoments::default(); histograms.len() + 1]);
        Ok(Tally {
            points,
            items: histograms.len(),
            responses,
            respondents,
            counts,
            scores,
        })
    }

    /// A tally from its histograms and its respondent-score moments (one per number of answered
    /// items, `0..=m`), as [`Tally::histogram`] and [`Tally::score_moments`] give them: the way
    /// back from storage or from a query engine's intermediate state. The respondents are the
    /// responses with at least one answer, read off the moments.
    ///
    /// # Errors
    ///
    /// [`TallyError::Inconsistent`] for everything [`Tally::from_histograms`] refuses, and for
    /// moments that disagree with these histograms: another number of moments than items + 1,
    /// of responses, respondents, answers or stars, a total outside `a..=a x k` stars per
    /// respondent, or a sum of squares outside what the sum allows. These checks do not catch
    /// every impossible combination (for example respondents who answered more items than have
    /// answers at all); such moments affect only standard errors, never an index.
    ///
    /// ```
    /// use persepsi::{Instrument, Tally};
    /// let spak = Instrument::spak();
    /// let mut t = Tally::new(&spak);
    /// t.record(&spak.answers([Some(6), Some(5), None, None, None])?)?;
    /// t.record(&spak.answers([Some(4); 5])?)?;
    /// let histograms = (0..5).map(|i| t.histogram(i).to_vec()).collect::<Vec<_>>();
    /// let moments = t.score_moments().unwrap().to_vec();
    /// assert_eq!(Tally::with_moments(histograms.clone(), moments.clone())?, t);
    /// let mut wrong = moments;
    /// wrong[5] = persepsi::ScoreMoments::new(1, 21, 441); // 21 stars, not 20
    /// assert!(Tally::with_moments(histograms, wrong).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_moments(
        histograms: Vec<Vec<u64>>,
        moments: Vec<ScoreMoments>,
    ) -> Result<Tally, TallyError> {
        let bad = |reason: &str| {
            Err(TallyError::Inconsistent {
                reason: reason.to_owned(),
            })
        };
        let Some(responses) = moments.iter().try_fold(0u64, |a, m| a.checked_add(m.n)) else {
            return bad("the moments count more than u64::MAX responses");
        };
        let respondents = responses - moments.first().map_or(0, |m| m.n);
        let mut tally = Tally::from_histograms(respondents, histograms)?;
        if !tally.scores_fit(&moments) {
            return bad("the respondent-score moments do not fit the histograms");
        }
        tally.scores = Some(moments);
        Ok(tally)
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

    /// Every item's row of `k + 1` slots (slot 0: missing), item after item.
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) fn counts(&self) -> &[u64] {
        &self.counts
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
        let marginals = most <= self.respondents
            && self.respondents <= all
            && self.respondents <= self.responses;
        marginals && self.scores.as_ref().is_none_or(|m| self.scores_fit(m))
    }

    /// True when the respondent-score moments agree with the histograms: they count every
    /// response once, the respondents, every answer and every star.
    fn scores_fit(&self, scores: &[ScoreMoments]) -> bool {
        // the moments may come from anywhere (storage, an engine's state): sums are checked
        let Some(responses) = scores.iter().try_fold(0u64, |t, m| t.checked_add(m.n)) else {
            return false;
        };
        let Some(answers) = scores.iter().enumerate().try_fold(0u128, |t, (a, m)| {
            t.checked_add((a as u128).checked_mul(u128::from(m.n))?)
        }) else {
            return false;
        };
        let Some(stars) = scores.iter().try_fold(0u128, |t, m| t.checked_add(m.sum)) else {
            return false;
        };
        let all_answers: u128 = (0..self.items).map(|i| u128::from(self.answered(i))).sum();
        let all_stars: u128 = (0..self.items).map(|i| self.star_sum(i)).sum();
        scores.len() == self.items + 1
            && responses == self.responses
            && responses - scores.first().map_or(0, |m| m.n) == self.respondents
            && answers == all_answers
            && stars == all_stars
            // every score total lies between a and a x k stars, and sum^2 <= n sumsq
            && scores.iter().enumerate().all(|(a, m)| {
                let (a, n, k) = (a as u128, u128::from(m.n), u128::from(self.points));
                m.sum >= a * n
                    && m.sum <= a * k * n
                    && m.sumsq <= m.sum.saturating_mul(a * k)
                    && m.sum.checked_mul(m.sum).is_none_or(|sq| sq <= n.saturating_mul(m.sumsq))
            })
    }

    /// True for the empty [`Default`] tally that has no shape yet: the identity of merging.
    fn is_shapeless(&self) -> bool {
        self.points == 0 && self.responses == 0
    }

    /// A shapeless empty tally takes the given shape.
    fn adopt(&mut self, items: usize, points: u8) {
        if self.is_shapeless() && points != 0 {
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
        self.record_unchecked(answers.slots());
        Ok(())
    }

    /// Counts one response of this shape whose response count was checked (it bounds every
    /// other count).
    fn record_unchecked(&mut self, slots: &[u8]) {
        let w = usize::from(self.points) + 1;
        let (mut answered, mut total) = (0usize, 0u64);
        for (row, &s) in self.counts.chunks_exact_mut(w).zip(slots) {
            row[usize::from(s)] += 1;
            answered += usize::from(s != 0);
            total += u64::from(s);
        }
        self.respondents += u64::from(answered != 0);
        if let Some(m) = self.scores.as_mut().and_then(|m| m.get_mut(answered)) {
            m.add(&ScoreMoments::one(total));
        }
    }

    /// Counts one response from raw slots (0 = missing) of this tally's shape. The caller
    /// checked the response count (which bounds every slot) and the shape.
    pub(crate) fn record_slots(&mut self, slots: &[u8]) {
        self.responses += 1;
        self.record_unchecked(slots);
    }

    /// Removes one response that was counted before, for corrections.
    ///
    /// # Errors
    ///
    /// As [`Tally::subtract`] of the one response: [`TallyError::ShapeMismatch`] for answers of
    /// another shape; [`TallyError::ResponsesUnderflow`], [`TallyError::RespondentsUnderflow`] or
    /// [`TallyError::Underflow`] when a count would go below zero, [`TallyError::Inconsistent`]
    /// when the counts left would fit no set of responses (the response was never counted here).
    /// The tally is unchanged on error.
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
        self.subtract(&Tally::one(answers))
    }

    /// The tally of one response.
    pub(crate) fn one(answers: &Answers) -> Tally {
        let mut one = Tally::with_shape(answers.len(), answers.points());
        one.record_slots(answers.slots());
        one
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
        Merge::merge(self, other)
    }

    /// Takes away another tally that was merged into this one before.
    ///
    /// # Errors
    ///
    /// [`TallyError::ShapeMismatch`] for another shape; [`TallyError::ResponsesUnderflow`] or
    /// [`TallyError::RespondentsUnderflow`] when it holds more responses or respondents than this
    /// tally, [`TallyError::Underflow`] when an item's count of a star would go below zero (the
    /// first such item and star), [`TallyError::Inconsistent`] when the counts left would fit no
    /// set of responses. Subtracting a [`Default`] tally changes nothing. The tally is unchanged
    /// on error.
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
        Merge::subtract(self, other)
    }
}

impl Merge for Tally {
    fn merge_check(&self, other: &Tally) -> Result<(), TallyError> {
        if other.is_shapeless() {
            return Ok(());
        }
        if !self.is_shapeless() {
            self.check_shape(other.items, other.points)?;
        }
        match self.responses.checked_add(other.responses) {
            Some(_) => Ok(()),
            None => Err(TallyError::Overflow {
                count: self.responses,
                by: other.responses,
            }),
        }
    }

    fn merge_checked(&mut self, other: &Tally) {
        if other.is_shapeless() {
            return; // the identity
        }
        self.adopt(other.items, other.points);
        // merge_check bounded the response count; respondents <= responses and every slot <=
        // responses: no other count can overflow. Score sums are at most responses x
        // (10 x items)^2, far below u128::MAX.
        self.responses += other.responses;
        self.respondents += other.respondents;
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        self.scores = match (self.scores.take(), &other.scores) {
            (Some(mut a), Some(b)) => {
                a.iter_mut().zip(b).for_each(|(a, b)| a.add(b));
                Some(a)
            }
            _ => None,
        };
    }

    fn difference(&self, other: &Tally) -> Result<Tally, TallyError> {
        if other.is_shapeless() || (self.is_shapeless() && other.is_empty()) {
            return Ok(self.clone()); // nothing is taken away
        }
        if !self.is_shapeless() {
            self.check_shape(other.items, other.points)?;
        }
        if self.responses < other.responses {
            return Err(TallyError::ResponsesUnderflow {
                have: self.responses,
                take: other.responses,
            });
        }
        if self.respondents < other.respondents {
            return Err(TallyError::RespondentsUnderflow {
                have: self.respondents,
                take: other.respondents,
            });
        }
        let w = usize::from(self.points) + 1;
        for (k, (&have, &take)) in self.counts.iter().zip(&other.counts).enumerate() {
            if have < take {
                return Err(TallyError::Underflow {
                    item: k / w,
                    star: (k % w) as u8,
                    have,
                    take,
                });
            }
        }
        let mut next = self.clone();
        next.responses -= other.responses;
        next.respondents -= other.respondents;
        for (a, b) in next.counts.iter_mut().zip(&other.counts) {
            *a -= b;
        }
        next.scores = match (next.scores.take(), &other.scores) {
            (Some(mut a), Some(b)) => {
                if a.iter().zip(b).any(|(a, b)| !a.covers(b)) {
                    return Err(not_counted());
                }
                a.iter_mut().zip(b).for_each(|(a, b)| a.take(b));
                Some(a)
            }
            _ => None,
        };
        if !next.is_consistent() {
            return Err(not_counted());
        }
        Ok(next)
    }
}

fn not_counted() -> TallyError {
    TallyError::Inconsistent {
        reason: "what is taken away was never counted here: the counts left would fit no set of responses"
            .to_owned(),
    }
}

merge_ops!(Tally);

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
