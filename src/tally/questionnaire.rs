//! The tallies of one questionnaire: the response count and one tally per instrument.

use crate::instrument::Questionnaire;
use crate::response::Response;
use crate::tally::merge::{Merge, merge_ops};
use crate::tally::{Tally, TallyError};

/// The tallies of one questionnaire over a set of responses: the response count and one
/// [`Tally`] per instrument, in questionnaire order. Collection-like, as [`Tally`] is
/// ([`Default`], [`QuestionnaireTally::merge`], `+=`, [`Sum`](std::iter::Sum),
/// [`QuestionnaireTally::subtract`]), by the same rule: each instrument merges and takes away
/// as its [`Tally`] does, and every instrument is checked before any changes, so an error
/// changes nothing.
///
/// ```
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
/// let t = survey.tally(ntt, &Filter::all())?;
/// assert_eq!((t.responses(), t.instruments()[1].respondents()), (1, 1));
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
    /// [`TallyError::InstrumentCount`] or [`TallyError::ShapeMismatch`] when the response was
    /// validated against another questionnaire, [`TallyError::Overflow`] when a count would pass
    /// `u64::MAX`; nothing changes then.
    pub fn record(&mut self, response: &Response) -> Result<(), TallyError> {
        let one = QuestionnaireTally {
            responses: 1,
            tallies: response.answers.iter().map(Tally::one).collect(),
        };
        self.merge(&one)
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

    /// Adds another tally of the same questionnaire (a [`Default`] tally takes the other's
    /// shape), instrument by instrument as [`Tally::merge`] does.
    ///
    /// # Errors
    ///
    /// [`TallyError::InstrumentCount`] for a tally of another number of instruments,
    /// [`TallyError::ShapeMismatch`] when an instrument has another shape,
    /// [`TallyError::Overflow`] when a count would pass `u64::MAX`. Every instrument is checked
    /// before any is changed: nothing changes on error.
    ///
    /// ```
    /// # #[cfg(feature = "serde")] {
    /// use persepsi::{Catalog, Filter, Questionnaire, QuestionnaireTally, RawResponse, Survey};
    ///
    /// let (catalog, q) = (Catalog::kemenkum_2025(), Questionnaire::spkp_spak());
    /// let survey = Survey::new(catalog.clone(), q.clone());
    /// let stars = ["6"; 13];
    /// let raw = RawResponse { id: "R1", date: "2025-01-02", unit: "KW-NTT-YANKUM",
    ///                         service: "KI-MEREK", answers: &stars };
    /// let mut january = QuestionnaireTally::new(&q);
    /// january.record(&survey.validate(&raw)?)?;
    /// let mut year = QuestionnaireTally::default();
    /// year.merge(&january)?;
    /// year += &january;
    /// assert_eq!((year.responses(), year.instruments()[0].respondents()), (2, 2));
    ///
    /// let ikm = QuestionnaireTally::new(&Questionnaire::ikm());
    /// assert_eq!(
    ///     year.merge(&ikm).unwrap_err().to_string(),
    ///     "number of instruments differs: the questionnaire tally has 2, \
    ///      the response or tally offered has 1"
    /// );
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn merge(&mut self, other: &QuestionnaireTally) -> Result<(), TallyError> {
        Merge::merge(self, other)
    }

    /// Takes away another tally that was merged into this one before, instrument by instrument
    /// as [`Tally::subtract`] does.
    ///
    /// # Errors
    ///
    /// [`TallyError::InstrumentCount`] for a tally of another number of instruments,
    /// [`TallyError::ResponsesUnderflow`] when it holds more responses than this one, and every
    /// error of [`Tally::subtract`] for an instrument; nothing changes then.
    pub fn subtract(&mut self, other: &QuestionnaireTally) -> Result<(), TallyError> {
        Merge::subtract(self, other)
    }

    /// True for the empty [`Default`] tally that has no shape yet: the identity of merging.
    fn is_shapeless(&self) -> bool {
        self.tallies.is_empty() && self.responses == 0
    }

    fn check_instruments(&self, other: &QuestionnaireTally) -> Result<(), TallyError> {
        if self.tallies.len() == other.tallies.len() {
            Ok(())
        } else {
            Err(TallyError::InstrumentCount {
                expected: self.tallies.len(),
                found: other.tallies.len(),
            })
        }
    }
}

/// The rule of [`Merge`], instrument by instrument: every instrument's check before any change.
impl Merge for QuestionnaireTally {
    fn merge_check(&self, other: &QuestionnaireTally) -> Result<(), TallyError> {
        if other.is_shapeless() || self.is_shapeless() {
            return Ok(());
        }
        self.check_instruments(other)?;
        if self.responses.checked_add(other.responses).is_none() {
            return Err(TallyError::Overflow {
                count: self.responses,
                by: other.responses,
            });
        }
        for (a, b) in self.tallies.iter().zip(&other.tallies) {
            a.merge_check(b)?;
        }
        Ok(())
    }

    fn merge_checked(&mut self, other: &QuestionnaireTally) {
        if other.is_shapeless() {
            return; // the identity
        }
        if self.is_shapeless() {
            *self = other.clone();
            return;
        }
        self.responses += other.responses;
        for (a, b) in self.tallies.iter_mut().zip(&other.tallies) {
            a.merge_checked(b);
        }
    }

    fn difference(&self, other: &QuestionnaireTally) -> Result<QuestionnaireTally, TallyError> {
        if other.is_shapeless() || (self.is_shapeless() && other.responses == 0) {
            return Ok(self.clone()); // nothing is taken away
        }
        if !self.is_shapeless() {
            self.check_instruments(other)?;
        }
        if self.responses < other.responses {
            return Err(TallyError::ResponsesUnderflow {
                have: self.responses,
                take: other.responses,
            });
        }
        let tallies = self
            .tallies
            .iter()
            .zip(&other.tallies)
            .map(|(a, b)| a.difference(b))
            .collect::<Result<_, _>>()?;
        Ok(QuestionnaireTally {
            responses: self.responses - other.responses,
            tallies,
        })
    }
}

merge_ops!(QuestionnaireTally);
