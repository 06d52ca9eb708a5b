//! The tallies of one questionnaire: the response count and one tally per instrument.

use std::iter::Sum;
use std::ops::AddAssign;

use crate::instrument::Questionnaire;
use crate::response::Response;
use crate::tally::{Tally, TallyError};

/// The tallies of one questionnaire over a set of responses: the response count and one
/// [`Tally`] per instrument, in questionnaire order. Collection-like, as [`Tally`] is.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use std::sync::Arc;
///
/// use persepsi::{Catalog, Filter, Questionnaire, RawResponse, Survey};
///
/// let catalog = Catalog::kemenkum_2025(); // an Arc<Catalog>: shared, not copied
/// let mut survey = Survey::new(Arc::clone(&catalog), Questionnaire::spkp_spak());
/// let stars = ["6"; 13];
/// survey.ingest(2, &RawResponse { id: "R1", date: "2025-01-02", unit: "KW-NTT-YANKUM",
///                                 service: "KI-MEREK", answers: &stars })?;
/// let ntt = catalog.unit_id("KW-NTT").unwrap();
/// let t = survey.tally(ntt, &Filter::all());
/// assert_eq!((t.responses(), t.instruments()[1].respondents()), (1, 1));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct QuestionnaireTally {
    responses: u64,
    tallies: Vec<Tally>,
}

impl QuestionnaireTally {
    /// An empty tally shaped for the questionnaire.
    #[must_use]
    pub fn new(questionnaire: &Questionnaire) -> QuestionnaireTally {
        QuestionnaireTally {
            responses: 0,
            tallies: questionnaire.instruments().iter().map(Tally::new).collect(),
        }
    }

    /// Responses counted.
    #[must_use]
    pub fn responses(&self) -> u64 {
        self.responses
    }

    /// One tally per instrument, in questionnaire order (empty for a [`Default`] tally).
    #[must_use]
    pub fn instruments(&self) -> &[Tally] {
        &self.tallies
    }

    /// Counts a validated response.
    ///
    /// # Errors
    ///
    /// [`TallyError`] when the response was validated against another questionnaire shape or a
    /// count would overflow; nothing changes then.
    pub fn record(&mut self, response: &Response) -> Result<(), TallyError> {
        if self.tallies.is_empty() && self.responses == 0 {
            self.tallies = vec![Tally::default(); response.answers.len()];
        }
        if self.tallies.len() != response.answers.len() {
            return Err(TallyError::ShapeMismatch {
                expected_items: self.tallies.len(),
                expected_points: 0,
                items: response.answers.len(),
                points: 0,
            });
        }
        let mut next = self.clone();
        next.responses = next.responses.checked_add(1).ok_or(TallyError::Overflow {
            count: self.responses,
            by: 1,
        })?;
        for (t, a) in next.tallies.iter_mut().zip(&response.answers) {
            t.record(a)?;
        }
        *self = next;
        Ok(())
    }

    /// Adds the stars of one validated record straight from the slot buffer (hot path: the
    /// shape was fixed by the questionnaire that produced the slots).
    #[cfg(feature = "csv")]
    pub(crate) fn record_slots(&mut self, slots: &[u8]) -> Result<(), TallyError> {
        let responses = self.responses.checked_add(1).ok_or(TallyError::Overflow {
            count: self.responses,
            by: 1,
        })?;
        let mut at = 0;
        for t in &mut self.tallies {
            let n = t.item_count();
            t.record_slots(&slots[at..at + n]);
            at += n;
        }
        self.responses = responses;
        Ok(())
    }

    /// A tally from its parts: the response count and one tally per instrument.
    pub(crate) fn from_parts(responses: u64, tallies: Vec<Tally>) -> QuestionnaireTally {
        QuestionnaireTally { responses, tallies }
    }

    /// Adds another tally of the same questionnaire.
    ///
    /// # Errors
    ///
    /// [`TallyError`] on a shape mismatch or an overflow; nothing changes then.
    pub fn merge(&mut self, other: &QuestionnaireTally) -> Result<(), TallyError> {
        if other.tallies.is_empty() && other.responses == 0 {
            return Ok(());
        }
        if self.tallies.is_empty() && self.responses == 0 {
            *self = other.clone();
            return Ok(());
        }
        if self.tallies.len() != other.tallies.len() {
            return Err(TallyError::ShapeMismatch {
                expected_items: self.tallies.len(),
                expected_points: 0,
                items: other.tallies.len(),
                points: 0,
            });
        }
        let responses =
            self.responses
                .checked_add(other.responses)
                .ok_or(TallyError::Overflow {
                    count: self.responses,
                    by: other.responses,
                })?;
        // check every instrument before changing any, so that an error changes nothing
        for (a, b) in self.tallies.iter().zip(&other.tallies) {
            a.merge_check(b)?;
        }
        for (a, b) in self.tallies.iter_mut().zip(&other.tallies) {
            a.merge(b)?;
        }
        self.responses = responses;
        Ok(())
    }
}

impl QuestionnaireTally {
    /// Takes away another tally that was merged into this one before.
    ///
    /// # Errors
    ///
    /// [`TallyError`] on a shape mismatch or when a count would go below zero or fit no set of
    /// responses; nothing changes then.
    pub fn subtract(&mut self, other: &QuestionnaireTally) -> Result<(), TallyError> {
        if other.tallies.is_empty() && other.responses == 0 {
            return Ok(());
        }
        if self.tallies.len() != other.tallies.len() || self.responses < other.responses {
            return Err(TallyError::Underflow {
                item: usize::MAX,
                star: 0,
                have: self.responses,
                take: other.responses,
            });
        }
        let mut next = self.clone();
        next.responses -= other.responses;
        for (a, b) in next.tallies.iter_mut().zip(&other.tallies) {
            a.subtract(b)?;
        }
        *self = next;
        Ok(())
    }
}

impl AddAssign<&QuestionnaireTally> for QuestionnaireTally {
    /// [`QuestionnaireTally::merge`].
    ///
    /// # Panics
    ///
    /// On a shape mismatch or an overflow, as [`Tally`]'s `+=` does.
    fn add_assign(&mut self, other: &QuestionnaireTally) {
        if let Err(e) = self.merge(other) {
            panic!("QuestionnaireTally += failed: {e}");
        }
    }
}

impl<'a> Sum<&'a QuestionnaireTally> for QuestionnaireTally {
    /// Merges all; panics as `+=` does.
    fn sum<I: Iterator<Item = &'a QuestionnaireTally>>(iter: I) -> Self {
        let mut total = QuestionnaireTally::default();
        for t in iter {
            total += t;
        }
        total
    }
}
