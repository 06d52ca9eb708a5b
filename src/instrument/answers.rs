//! One respondent's answers to one instrument, checked against its scale.

use crate::code::ItemCode;
use crate::instrument::Instrument;
use crate::scale::{Star, StarError};

/// Why answers could not be made for an instrument.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AnswerError {
    /// Fewer answers than items: give one entry per item, `None` for a missing answer.
    #[error("expected {expected} answers, one per item, got {got}")]
    WrongLength {
        /// The number of items.
        expected: usize,
        /// The number of answers given.
        got: usize,
    },
    /// More answers than items (the answers are not counted past the first extra one, so an
    /// endless iterator is refused too): give one entry per item.
    #[error("expected {expected} answers, one per item, got more")]
    TooManyAnswers {
        /// The number of items.
        expected: usize,
    },
    /// A star is outside the instrument's scale.
    #[error("item {item}: {error}")]
    Star {
        /// The item.
        item: ItemCode,
        /// What was wrong with the star.
        error: StarError,
    },
}

/// One respondent's validated answers to one instrument: a star or a missing answer per item.
///
/// Made by [`Instrument::answers`]; counted by a [`Tally`](crate::Tally).
///
/// ```
/// let answers = persepsi::Instrument::spak().answers([Some(6), None, Some(5), Some(6), Some(4)])?;
/// assert_eq!(answers.get(0), Some(6));
/// assert_eq!(answers.get(1), None);
/// assert_eq!(answers.len(), 5);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Answers {
    points: u8,
    /// 0 = missing, else the star.
    slots: Box<[u8]>,
}

impl Answers {
    /// The number of items.
    #[must_use]
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// True when the instrument has no items (never, for a built instrument).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The star given to item `i`, `None` when it was not answered or `i` is out of bounds.
    #[must_use]
    pub fn get(&self, i: usize) -> Option<u8> {
        self.slots.get(i).copied().filter(|&s| s != 0)
    }

    /// How many items were answered.
    #[must_use]
    pub fn answered(&self) -> usize {
        self.slots.iter().filter(|&&s| s != 0).count()
    }

    /// The points of the scale the answers were checked against.
    #[must_use]
    pub fn points(&self) -> u8 {
        self.points
    }

    pub(crate) fn slots(&self) -> &[u8] {
        &self.slots
    }

    pub(crate) fn from_slots_unchecked(points: u8, slots: Box<[u8]>) -> Answers {
        Answers { points, slots }
    }
}

impl Instrument {
    /// One respondent's answers to this instrument, one entry per item in item order; `None` is a
    /// missing answer (never a zero).
    ///
    /// # Errors
    ///
    /// [`AnswerError::WrongLength`] for fewer entries than items, [`AnswerError::TooManyAnswers`]
    /// for more, [`AnswerError::Star`] for the first star outside the scale.
    ///
    /// ```
    /// let spak = persepsi::Instrument::spak();
    /// let answers = spak.answers([Some(6), Some(5), None, Some(6), Some(6)])?;
    /// assert_eq!(answers.answered(), 4);
    /// assert!(spak.answers([Some(7), None, None, None, None]).is_err());
    /// assert!(spak.answers([Some(6)]).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn answers<I>(&self, stars: I) -> Result<Answers, AnswerError>
    where
        I: IntoIterator<Item = Option<u8>>,
    {
        let mut slots = Vec::with_capacity(self.items.len());
        for (i, star) in stars.into_iter().enumerate() {
            let Some(item) = self.items.get(i) else {
                return Err(AnswerError::TooManyAnswers {
                    expected: self.items.len(),
                });
            };
            let slot = match star {
                None => 0,
                Some(v) => match self.scale.star(v) {
                    Ok(s) => s.get(),
                    Err(error) => {
                        let item = item.code.clone();
                        return Err(AnswerError::Star { item, error });
                    }
                },
            };
            slots.push(slot);
        }
        if slots.len() != self.items.len() {
            return Err(AnswerError::WrongLength {
                expected: self.items.len(),
                got: slots.len(),
            });
        }
        Ok(Answers {
            points: self.scale.points(),
            slots: slots.into_boxed_slice(),
        })
    }

    /// Answers from stars already validated (for example by [`Scale::parse_star`](crate::Scale::parse_star)).
    ///
    /// [`Scale::parse_star`]: crate::Scale::parse_star
    ///
    /// # Errors
    ///
    /// As [`Instrument::answers`].
    ///
    /// ```
    /// let ikm = persepsi::Instrument::ikm();
    /// let four = ikm.scale().star(4)?;
    /// let answers = ikm.answers_from_stars([Some(four); 9])?;
    /// assert_eq!(answers.answered(), 9);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn answers_from_stars<I>(&self, stars: I) -> Result<Answers, AnswerError>
    where
        I: IntoIterator<Item = Option<Star>>,
    {
        self.answers(stars.into_iter().map(|s| s.map(Star::get)))
    }
}
