//! From a tally to NRR, the raw index, the 1-4 and 0-100 values and the grade.

use num_bigint::BigInt;
use num_traits::{One, Zero};
use rust_decimal::Decimal;

use crate::code::{InstrumentCode, ItemCode};
use crate::exact::{Exact, MAX_DECIMALS};
use crate::grade::{Grade, GradeBand};
use crate::instrument::{Instrument, Weights};
use crate::tally::{Tally, TallyError};

/// Why no index could be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IndexError {
    /// No item of the instrument has an answer in the tally: there is no result (never 0).
    #[error("instrument {instrument} has no answers: no index")]
    NoAnswers {
        /// The instrument.
        instrument: InstrumentCode,
    },
    /// The tally was made for an instrument of another shape.
    #[error("instrument {instrument}: {source}")]
    Tally {
        /// The instrument.
        instrument: InstrumentCode,
        /// The shape mismatch.
        source: TallyError,
    },
}

/// An instrument's index from an exact raw mean: the raw value, its 1-4 and 0-100 values through
/// the instrument's map, and the grade of the 0-100 value.
///
/// ```
/// use persepsi::{Exact, Grade, Instrument};
///
/// // IKM raw 3.5322 is 88.305 on 0-100: printed 88.31, grade A.
/// let index = Instrument::ikm().index_from_raw(Exact::from_ratio(35322, 10000)?);
/// assert_eq!(index.index100().to_string(), "17661/200");
/// assert_eq!(index.index100().round(2).to_string(), "88.31");
/// assert_eq!(index.grade().grade(), Grade::A);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Index {
    raw: Exact,
    index4: Exact,
    index100: Exact,
    grade: GradeBand,
}

impl Index {
    /// The raw index, on the instrument's own scale 1..=k.
    #[must_use]
    pub fn raw(&self) -> &Exact {
        &self.raw
    }

    /// The value on the 1-4 scale.
    #[must_use]
    pub fn index4(&self) -> &Exact {
        &self.index4
    }

    /// The value on the 0-100 scale (25-100 for the x25 map).
    #[must_use]
    pub fn index100(&self) -> &Exact {
        &self.index100
    }

    /// The grade band of the 0-100 value rounded to the grade table's decimals.
    #[must_use]
    pub fn grade(&self) -> &GradeBand {
        &self.grade
    }
}

/// An item's mean stars (NRR, nilai rata-rata) over the responses that answered it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ItemNrr {
    code: ItemCode,
    answered: u64,
    nrr: Option<Exact>,
}

impl ItemNrr {
    /// The item code.
    #[must_use]
    pub fn code(&self) -> &ItemCode {
        &self.code
    }

    /// The number of answers (n_i).
    #[must_use]
    pub fn answered(&self) -> u64 {
        self.answered
    }

    /// The exact NRR, `None` when nobody answered the item (never 0).
    #[must_use]
    pub fn nrr(&self) -> Option<&Exact> {
        self.nrr.as_ref()
    }
}

/// The full result of an instrument over a tally: respondents, the NRR of every item, and the
/// [`Index`]. Every value is exact; [`IndexResult::rounded`] rounds once for output.
///
/// # Examples
///
/// The Payakumbuh court's IKM for January-June 2020 (100 respondents): exact 1/9 weights give
/// 87.5556, printed 87.56, grade B.
///
/// ```
/// use persepsi::{Grade, Instrument, Tally};
///
/// let ikm = Instrument::ikm();
/// // star sums per unsur over 100 respondents: 358, 354, 329, 324, 357, 342, 378, 338, 372
/// let sums = [358u64, 354, 329, 324, 357, 342, 378, 338, 372];
/// // 100 answers summing to s on 1-4: (s - 300) fours and (400 - s) threes
/// let histograms = sums.iter().map(|&s| vec![0, 0, 0, 400 - s, s - 300]).collect();
/// let tally = Tally::from_histograms(100, histograms)?;
/// let result = ikm.index(&tally)?;
/// let out = result.rounded(Default::default());
/// assert_eq!(out.index100.to_string(), "87.56");
/// assert_eq!(out.grade, Grade::B);
/// assert_eq!(out.nrr[0].1.to_string(), "3.5800");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IndexResult {
    instrument: InstrumentCode,
    responses: u64,
    respondents: u64,
    items: Vec<ItemNrr>,
    index: Index,
}

impl IndexResult {
    /// The instrument's code.
    #[must_use]
    pub fn instrument(&self) -> &InstrumentCode {
        &self.instrument
    }

    /// Respondents: responses with at least one answer on the instrument.
    #[must_use]
    pub fn respondents(&self) -> u64 {
        self.respondents
    }

    /// Responses counted, including those with no answer on this instrument.
    #[must_use]
    pub fn responses(&self) -> u64 {
        self.responses
    }

    /// Every item's NRR, in item order.
    #[must_use]
    pub fn items(&self) -> &[ItemNrr] {
        &self.items
    }

    /// The index (raw, 1-4, 0-100, grade).
    #[must_use]
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// The raw index (weighted mean of the NRR of the answered items).
    #[must_use]
    pub fn raw(&self) -> &Exact {
        &self.index.raw
    }

    /// The 1-4 value.
    #[must_use]
    pub fn index4(&self) -> &Exact {
        &self.index.index4
    }

    /// The 0-100 value.
    #[must_use]
    pub fn index100(&self) -> &Exact {
        &self.index.index100
    }

    /// The grade band.
    #[must_use]
    pub fn grade(&self) -> &GradeBand {
        &self.index.grade
    }

    /// Every value rounded once, half away from zero, to `precision`.
    #[must_use]
    pub fn rounded(&self, precision: Precision) -> RoundedIndex {
        self.rounded_with(&self.index, precision)
    }

    /// This result's respondents and item NRRs with `index` in place of its own (a roll-up's
    /// index beside the pooled NRRs), every value rounded once to `precision`.
    pub(crate) fn rounded_with(&self, index: &Index, precision: Precision) -> RoundedIndex {
        RoundedIndex {
            instrument: self.instrument.clone(),
            respondents: self.respondents,
            nrr: self
                .items
                .iter()
                .filter_map(|i| Some((i.code.clone(), i.nrr.as_ref()?.round(precision.nrr))))
                .collect(),
            raw: index.raw.round(precision.raw),
            index4: index.index4.round(precision.index),
            index100: index.index100.round(precision.index),
            grade: index.grade.grade(),
            label: index.grade.label().to_owned(),
        }
    }
}

/// How many decimals each kind of value gets when it is rounded for output.
///
/// The default is 4 for NRR and raw, 2 for the 1-4 and 0-100 values (the published figures).
/// The grade never depends on this: it comes from the grade table's own rounding.
///
/// ```
/// let p = persepsi::Precision::new(3, 3, 1)?;
/// assert_eq!(p.index(), 1);
/// assert_eq!(persepsi::Precision::default(), persepsi::Precision::new(4, 4, 2)?);
/// assert!(persepsi::Precision::new(21, 4, 2).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Precision {
    nrr: u32,
    raw: u32,
    index: u32,
}

/// The error of [`Precision::new`]: more than 20 decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{decimals} decimals is more than the 20 a value can be rounded to")]
pub struct PrecisionError {
    /// The decimals asked for.
    pub decimals: u32,
}

impl Precision {
    /// Decimals for NRR, the raw index, and the 1-4 / 0-100 values.
    ///
    /// # Errors
    ///
    /// [`PrecisionError`] when any is above 20.
    pub fn new(nrr: u32, raw: u32, index: u32) -> Result<Precision, PrecisionError> {
        if let Some(&decimals) = [nrr, raw, index].iter().find(|&&d| d > MAX_DECIMALS) {
            return Err(PrecisionError { decimals });
        }
        Ok(Precision { nrr, raw, index })
    }

    /// Decimals for NRR.
    #[must_use]
    pub fn nrr(self) -> u32 {
        self.nrr
    }

    /// Decimals for the raw index.
    #[must_use]
    pub fn raw(self) -> u32 {
        self.raw
    }

    /// Decimals for the 1-4 and 0-100 values.
    #[must_use]
    pub fn index(self) -> u32 {
        self.index
    }
}

impl Default for Precision {
    fn default() -> Self {
        Precision {
            nrr: 4,
            raw: 4,
            index: 2,
        }
    }
}

/// An [`IndexResult`] rounded for output (half away from zero, once). A
/// [`Report`](crate::Report) line holds one as [`InstrumentReport::index`](crate::InstrumentReport::index),
/// with the pooled NRRs and the roll-up method's index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct RoundedIndex {
    /// The instrument.
    pub instrument: InstrumentCode,
    /// Respondents with at least one answer on the instrument.
    pub respondents: u64,
    /// NRR of each answered item, in item order.
    pub nrr: Vec<(ItemCode, Decimal)>,
    /// The raw index.
    pub raw: Decimal,
    /// The 1-4 value.
    pub index4: Decimal,
    /// The 0-100 value.
    pub index100: Decimal,
    /// The grade.
    pub grade: Grade,
    /// The grade's label (kinerja).
    pub label: String,
}

/// The raw index of equal weights, `(sum of s_i / n_i) / m` over the `m` answered items, in
/// machine words: over the lcm `L` of the `n_i` it is `(sum of s_i L / n_i) / (m L)` (the `n_i`
/// of one tally are mostly equal, so `L` is small). `Some(None)` when no item has an answer;
/// `None` when a word would overflow (the caller computes in big numbers).
fn equal_weights_raw(tally: &Tally, items: usize) -> Option<Option<Exact>> {
    let (mut lcm, mut answered) = (1u128, 0u128);
    for i in 0..items {
        let n = u128::from(tally.answered(i));
        if n > 0 {
            // the n_i of one tally are mostly equal: no gcd when n already divides the lcm
            if lcm % n != 0 {
                lcm = (lcm / crate::exact::word_gcd(lcm, n)).checked_mul(n)?;
            }
            answered += 1;
        }
    }
    if answered == 0 {
        return Some(None);
    }
    let mut sum = 0u128;
    for i in 0..items {
        if let Some(factor) = lcm.checked_div(u128::from(tally.answered(i))) {
            sum = sum.checked_add(tally.star_sum(i).checked_mul(factor)?)?;
        }
    }
    Some(Some(Exact::from_factors(
        i128::try_from(sum).ok()?,
        &[lcm, answered],
    )?))
}

impl Instrument {
    /// The index of an exact raw mean: map to 1-4 and 0-100, then grade.
    #[must_use]
    pub fn index_from_raw(&self, raw: Exact) -> Index {
        let (index4, index100) = self.map().apply(&raw, self.scale());
        let grade = self.grades().classify(&index100).clone();
        Index {
            raw,
            index4,
            index100,
            grade,
        }
    }

    /// The exact raw index of a tally: the weighted mean of the item NRRs over the answered
    /// items, or `None` when no item has an answer.
    pub(crate) fn raw_of(&self, tally: &Tally) -> Option<Exact> {
        if matches!(self.weights(), Weights::Equal)
            && let Some(raw) = equal_weights_raw(tally, self.items().len())
        {
            return raw;
        }
        self.raw_big(tally)
    }

    /// [`Instrument::raw_of`] in big numbers, for any weights and counts.
    fn raw_big(&self, tally: &Tally) -> Option<Exact> {
        // sum of w_i s_i / n_i over sum of w_i, as one fraction normalized once at the end (a
        // gcd per step would cost more than everything else: the n_i of a large unit make
        // denominators of dozens of digits)
        let (mut num, mut den) = (BigInt::zero(), BigInt::one());
        let (mut wnum, mut wden) = (BigInt::zero(), BigInt::one());
        for i in 0..self.items().len() {
            let n = tally.answered(i);
            if n == 0 {
                continue;
            }
            let w = self.weight(i);
            let (a, b) = w.parts();
            let (a, b) = (&a, &b);
            let term_num = a * BigInt::from(tally.star_sum(i));
            let term_den = b * BigInt::from(n);
            num = num * &term_den + term_num * &den;
            den *= term_den;
            wnum = wnum * b + a * &wden;
            wden *= b;
        }
        if wnum.is_zero() {
            return None;
        }
        // (num / den) / (wnum / wden), normalized (sign included) once
        Some(Exact::from_big(num * wden, den * wnum))
    }

    fn check_tally(&self, tally: &Tally) -> Result<(), IndexError> {
        if tally.item_count() == self.items().len() && tally.points() == self.scale().points() {
            return Ok(());
        }
        if tally.points() == 0 && tally.is_empty() {
            return Err(IndexError::NoAnswers {
                instrument: self.code().clone(),
            });
        }
        Err(IndexError::Tally {
            instrument: self.code().clone(),
            source: TallyError::ShapeMismatch {
                expected_items: self.items().len(),
                expected_points: self.scale().points(),
                items: tally.item_count(),
                points: tally.points(),
            },
        })
    }

    /// NRR per item, the raw index, the 1-4 and 0-100 values and the grade of a tally.
    ///
    /// # Errors
    ///
    /// [`IndexError::NoAnswers`] when no item has an answer (there is no index, never 0);
    /// [`IndexError::Tally`] when the tally has another shape.
    ///
    /// ```
    /// use persepsi::{Instrument, IndexError, Tally};
    /// let spak = Instrument::spak();
    /// let empty = Tally::new(&spak);
    /// assert!(matches!(spak.index(&empty), Err(IndexError::NoAnswers { .. })));
    /// assert!(matches!(Instrument::ikm().index(&empty), Err(IndexError::Tally { .. })));
    /// ```
    pub fn index(&self, tally: &Tally) -> Result<IndexResult, IndexError> {
        self.check_tally(tally)?;
        let raw = self.raw_of(tally).ok_or_else(|| IndexError::NoAnswers {
            instrument: self.code().clone(),
        })?;
        let items = self
            .items()
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let answered = tally.answered(i);
                let nrr = (answered > 0).then(|| {
                    let sum = tally.star_sum(i);
                    i128::try_from(sum)
                        .ok()
                        .and_then(|sum| Exact::from_factors(sum, &[u128::from(answered)]))
                        .unwrap_or_else(|| {
                            Exact::from_big(BigInt::from(sum), BigInt::from(answered))
                        })
                });
                ItemNrr {
                    code: item.code().clone(),
                    answered,
                    nrr,
                }
            })
            .collect();
        Ok(IndexResult {
            instrument: self.code().clone(),
            responses: tally.responses(),
            respondents: tally.respondents(),
            items,
            index: self.index_from_raw(raw),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::instrument::Instrument;
    use crate::tally::Tally;
    use proptest::prelude::*;

    proptest! {
        /// The machine-word raw index of equal weights is the big-number one, for answers
        /// missing on any items and counts up to the largest a tally holds.
        #[test]
        fn word_raw_equals_big_raw(
            histograms in proptest::collection::vec(proptest::collection::vec(0u64..5, 7), 13),
            huge in any::<bool>(),
            wide in 1u64..(u64::MAX / 32),
        ) {
            // each row's total stays below u64::MAX (at most 7 counts of 4 x wide)
            let scale = |c: u64| if huge { c * wide } else { c };
            for ins in [Instrument::spkp(), Instrument::spak(), Instrument::ikm()] {
                let k = usize::from(ins.scale().points());
                let rows: Vec<Vec<u64>> = histograms
                    .iter()
                    .take(ins.items().len())
                    .map(|h| h.iter().take(k + 1).map(|&c| scale(c)).collect())
                    .collect();
                // every row sums to the responses: pad the missing answers
                let responses = rows.iter().map(|r| r.iter().sum::<u64>()).max().unwrap_or(0);
                let rows: Vec<Vec<u64>> = rows
                    .into_iter()
                    .map(|mut r| {
                        let total: u64 = r.iter().sum();
                        r[0] += responses - total;
                        r
                    })
                    .collect();
                let tally = Tally::from_histograms(responses, rows).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(ins.raw_of(&tally), ins.raw_big(&tally));
            }
        }
    }
}
