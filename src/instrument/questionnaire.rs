//! A questionnaire: the instruments one respondent answers.

use crate::code::{InstrumentCode, ItemCode};
use crate::instrument::Instrument;

/// Why a questionnaire could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QuestionnaireError {
    /// The questionnaire has no instruments.
    #[error("questionnaire {name:?} has no instruments")]
    NoInstruments {
        /// The questionnaire's name.
        name: String,
    },
    /// Two instruments share a code.
    #[error("questionnaire {name:?} has instrument {instrument} twice")]
    DuplicateInstrument {
        /// The questionnaire's name.
        name: String,
        /// The repeated instrument code.
        instrument: InstrumentCode,
    },
    /// Two items (in one or two instruments) share a code, so their columns would clash.
    #[error("questionnaire {name:?} has item {item} twice")]
    DuplicateItem {
        /// The questionnaire's name.
        name: String,
        /// The repeated item code.
        item: ItemCode,
    },
}

/// The instruments one respondent answers in one visit, in order.
///
/// Presets: [`Questionnaire::spkp_spak`] (SPKP then SPAK, Kementerian Hukum's 3AS survey) and
/// [`Questionnaire::ikm`]. Item codes are unique across the questionnaire: they are the column
/// names of a responses file.
///
/// ```
/// use persepsi::{Instrument, Questionnaire};
///
/// let q = Questionnaire::new("spak-only", vec![Instrument::spak()])?;
/// assert_eq!(q.instruments().len(), 1);
/// assert_eq!(Questionnaire::spkp_spak().item_count(), 13);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Questionnaire {
    name: String,
    instruments: Vec<Instrument>,
}

impl Questionnaire {
    /// A questionnaire from its instruments, in the order they are asked.
    ///
    /// # Errors
    ///
    /// [`QuestionnaireError`] for no instruments, a repeated instrument code, or an item code
    /// used twice.
    pub fn new(
        name: impl Into<String>,
        instruments: Vec<Instrument>,
    ) -> Result<Questionnaire, QuestionnaireError> {
        let name = name.into();
        if instruments.is_empty() {
            return Err(QuestionnaireError::NoInstruments { name });
        }
        for (i, ins) in instruments.iter().enumerate() {
            if instruments[..i].iter().any(|x| x.code == ins.code) {
                let instrument = ins.code.clone();
                return Err(QuestionnaireError::DuplicateInstrument { name, instrument });
            }
        }
        let mut seen: Vec<&ItemCode> = Vec::new();
        for item in instruments.iter().flat_map(|i| i.items()) {
            if seen.contains(&&item.code) {
                let item = item.code.clone();
                return Err(QuestionnaireError::DuplicateItem { name, item });
            }
            seen.push(&item.code);
        }
        Ok(Questionnaire { name, instruments })
    }

    /// `spkp-spak`: [`Instrument::spkp`] then [`Instrument::spak`], 13 items on 1-6 stars.
    #[must_use]
    pub fn spkp_spak() -> Questionnaire {
        Questionnaire {
            name: "spkp-spak".to_owned(),
            instruments: vec![Instrument::spkp(), Instrument::spak()],
        }
    }

    /// `ikm`: [`Instrument::ikm`] alone, U1..U9 on 1-4.
    #[must_use]
    pub fn ikm() -> Questionnaire {
        Questionnaire {
            name: "ikm".to_owned(),
            instruments: vec![Instrument::ikm()],
        }
    }

    /// The questionnaire's name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The instruments, in order.
    #[must_use]
    pub fn instruments(&self) -> &[Instrument] {
        &self.instruments
    }

    /// The instrument with this code.
    ///
    /// ```
    /// assert!(persepsi::Questionnaire::spkp_spak().instrument("SPAK").is_some());
    /// ```
    #[must_use]
    pub fn instrument(&self, code: &str) -> Option<&Instrument> {
        self.instruments.iter().find(|i| i.code.as_str() == code)
    }

    /// The total number of items over all instruments.
    #[must_use]
    pub fn item_count(&self) -> usize {
        self.instruments.iter().map(|i| i.items.len()).sum()
    }
}
