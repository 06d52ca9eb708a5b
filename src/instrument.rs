//! Instruments (SPKP, SPAK, IKM, ...), their items, weights, scale maps, and questionnaires.

mod answers;
mod builder;
mod preset;
mod questionnaire;

use std::fmt;

use crate::code::{InstrumentCode, ItemCode};
use rust_decimal::Decimal;

use crate::exact::Exact;
use crate::grade::GradeTable;
use crate::scale::Scale;

pub use answers::{AnswerError, Answers};
pub use builder::{InstrumentBuilder, InstrumentError};
pub use questionnaire::{Questionnaire, QuestionnaireError};

/// One questionnaire item (unsur): a code and a label.
///
/// ```
/// let spak = persepsi::Instrument::spak();
/// assert_eq!(spak.items()[3].code().as_str(), "SPAK4");
/// assert_eq!(spak.items()[3].label(), "Pungutan liar (pungli)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Item {
    code: ItemCode,
    label: String,
}

impl Item {
    /// An item.
    ///
    /// ```
    /// let item = persepsi::Item::new("U1".parse()?, "Persyaratan");
    /// assert_eq!(item.label(), "Persyaratan");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(code: ItemCode, label: impl Into<String>) -> Item {
        Item {
            code,
            label: label.into(),
        }
    }

    /// The item code (also its column name in a responses file).
    #[must_use]
    pub fn code(&self) -> &ItemCode {
        &self.code
    }

    /// The item's label (the unsur's name).
    #[must_use]
    pub fn label(&self) -> &str {
        &self.label
    }
}

/// How an instrument weighs its items in the raw index.
///
/// Weights are exact fractions: the familiar "0.111" is 1/9 rounded, and multiplying by 0.11
/// makes a 9-item index 1% low. Custom weights must be positive and sum to exactly 1; the
/// instrument checks this when it is built.
///
/// When some items have no answers in a scope, the raw index is the weighted mean over the
/// answered items (the weights of the answered items, rescaled to sum to 1).
///
/// ```
/// use persepsi::{Exact, Instrument, InstrumentError, Weights};
///
/// let nine_times_0_11 = Weights::custom(vec![Exact::from_ratio(11, 100)?; 9]);
/// let err = Instrument::ikm().to_builder().weights(nine_times_0_11).build().unwrap_err();
/// assert!(matches!(err, InstrumentError::WeightsDoNotSumToOne { .. }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Weights {
    /// Every item weighs the same (1/k' over the k' answered items).
    #[default]
    Equal,
    /// One positive weight per item, in item order, summing to exactly 1.
    Custom(Vec<Exact>),
}

impl Weights {
    /// Custom weights, one per item in item order (checked when the instrument is built).
    #[must_use]
    pub fn custom(weights: Vec<Exact>) -> Weights {
        Weights::Custom(weights)
    }
}

/// How an instrument's raw mean (1..=k) becomes its index on the 1-4 and 0-100 scales.
///
/// ```
/// use persepsi::{Exact, Scale, ScaleMap};
///
/// // The 2023 SPAK: raw 5.897 on 1-6 stars is 97.94 and 3.94 through min-max.
/// let raw = Exact::from_ratio(5897, 1000)?;
/// let (four, hundred) = ScaleMap::MinMax.apply(&raw, Scale::SIX);
/// assert_eq!((four.round(2).to_string(), hundred.round(2).to_string()), ("3.94".into(), "97.94".into()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
#[non_exhaustive]
pub enum ScaleMap {
    /// Min-max: `p = (raw - 1) / (k - 1)`, 1-4 value `1 + 3p`, 0-100 value `100p`.
    /// The map inferred from the 2023 ministry-wide SPAK (97.94 / 3.94); the default for SPKP and
    /// SPAK (the official map is unpublished: keep it configurable).
    MinMax,
    /// PermenPAN-RB 14/2017 for IKM: the raw value already is 1-4, the 0-100 value is `25 x raw`
    /// (so it lies in 25..=100). Only valid on a 1-4 scale: x25 on a 5- or 6-point scale is a known
    /// bug of public apps, and the instrument refuses it.
    Times25,
}

impl ScaleMap {
    /// The 1-4 and 0-100 values of an exact raw mean on `scale`.
    #[must_use]
    pub fn apply(self, raw: &Exact, scale: Scale) -> (Exact, Exact) {
        let [(a4, b4, c4), (a100, b100, c100)] = self.coefficients(scale);
        (
            raw.affine(a4, b4, c4).unwrap_or_else(Exact::zero),
            raw.affine(a100, b100, c100).unwrap_or_else(Exact::zero),
        )
    }

    /// [`ScaleMap::apply`] to a [`Decimal`] raw value, each result rounded to `decimals` places
    /// (half away from zero): the same digits as rounding `apply`'s exact values.
    pub(crate) fn apply_rounded(
        self,
        raw: Decimal,
        scale: Scale,
        decimals: u32,
    ) -> (Decimal, Decimal) {
        let [(a4, b4, c4), (a100, b100, c100)] = self.coefficients(scale);
        (
            crate::exact::affine_rounded(raw, a4, b4, c4, decimals),
            crate::exact::affine_rounded(raw, a100, b100, c100, decimals),
        )
    }

    /// The map as two affine maps of the raw value, `(a + b raw) / c`, to 1-4 and to 0-100.
    fn coefficients(self, scale: Scale) -> [(i64, i64, i64); 2] {
        match self {
            ScaleMap::MinMax => {
                // p = (raw - 1) / s with s = k - 1 >= 1 (a scale has at least 2 points):
                // 1 + 3p = (s - 3 + 3 raw) / s and 100p = (100 raw - 100) / s, each normalized once
                let s = i64::from(scale.points()) - 1;
                [(s - 3, 3, s), (-100, 100, s)]
            }
            ScaleMap::Times25 => [(0, 1, 1), (0, 25, 1)],
        }
    }
}

impl fmt::Display for ScaleMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ScaleMap::MinMax => "min-max",
            ScaleMap::Times25 => "x25",
        })
    }
}

/// The Zona Integritas indicator an instrument's index is: IPAK or IPKP, the two survey
/// indicators of the LKE's result component (PermenPAN-RB 90/2021). Such an index earns
/// `index4 / 4 x 17.5` LKE points ([`crate::lke_points`]) and is held against that indicator's
/// threshold ([`crate::ZiThresholds`]); an instrument without one (IKM, the 2014 IPK, any new
/// instrument unless set with [`InstrumentBuilder::zi_indicator`]) earns no points.
///
/// ```
/// use persepsi::{Instrument, ZiIndicator};
/// assert_eq!(Instrument::spak().zi_indicator(), Some(ZiIndicator::Ipak));
/// assert_eq!(Instrument::spkp().zi_indicator(), Some(ZiIndicator::Ipkp));
/// assert_eq!(Instrument::ikm().zi_indicator(), None);
/// assert_eq!(ZiIndicator::Ipak.to_string(), "IPAK");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
#[non_exhaustive]
pub enum ZiIndicator {
    /// IPAK, Indeks Persepsi Anti Korupsi (the SPAK survey).
    Ipak,
    /// IPKP, Indeks Persepsi Kualitas Pelayanan (the SPKP survey).
    Ipkp,
}

impl fmt::Display for ZiIndicator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ZiIndicator::Ipak => "IPAK",
            ZiIndicator::Ipkp => "IPKP",
        })
    }
}

/// A survey instrument: ordered items rated on one scale, weights, a scale map, a grade table
/// and, for IPAK and IPKP, the Zona Integritas indicator it is ([`ZiIndicator`]).
///
/// Built-in presets: [`Instrument::spkp`] (IPKP, 8 items), [`Instrument::spak`] (IPAK, 5
/// items), both on 1-6 stars with the min-max map and Zona Integritas points;
/// [`Instrument::ikm`] (IKM, 9 unsur on 1-4, x25); [`Instrument::ipk_2014`] (the older 10-item
/// IPK on 1-4). Build your own with [`Instrument::builder`].
///
/// # Examples
///
/// ```
/// use persepsi::{Instrument, Scale, ScaleMap};
///
/// let ikm5 = Instrument::builder("SKM5".parse()?, Scale::new(5)?)
///     .name("IKM on five points")
///     .item("U1".parse()?, "Persyaratan")
///     .item("U2".parse()?, "Prosedur")
///     .map(ScaleMap::MinMax)
///     .build()?;
/// assert_eq!(ikm5.items().len(), 2);
///
/// // x25 on a 5-point scale is refused
/// let bad = ikm5.to_builder().map(ScaleMap::Times25).build();
/// assert!(bad.is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Instrument {
    code: InstrumentCode,
    name: String,
    abbreviation: String,
    items: Vec<Item>,
    scale: Scale,
    weights: Weights,
    map: ScaleMap,
    grades: GradeTable,
    zi: Option<ZiIndicator>,
}

impl Instrument {
    /// Starts an instrument with no items, the given scale, equal weights, the min-max map, the
    /// PermenPAN-RB 14/2017 grade table and no Zona Integritas indicator.
    ///
    /// ```
    /// let b = persepsi::Instrument::builder("X".parse()?, persepsi::Scale::SIX);
    /// assert!(b.build().is_err()); // no items yet
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn builder(code: InstrumentCode, scale: Scale) -> InstrumentBuilder {
        InstrumentBuilder {
            inner: Instrument {
                name: code.to_string(),
                abbreviation: code.to_string(),
                code,
                items: Vec::new(),
                scale,
                weights: Weights::Equal,
                map: ScaleMap::MinMax,
                grades: GradeTable::permenpan_14_2017(),
                zi: None,
            },
        }
    }

    /// A builder that starts from this instrument, to change one thing.
    ///
    /// ```
    /// use persepsi::{Instrument, ScaleMap};
    /// let spak = Instrument::spak().to_builder().map(ScaleMap::MinMax).build()?;
    /// assert_eq!(spak, Instrument::spak());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_builder(&self) -> InstrumentBuilder {
        InstrumentBuilder {
            inner: self.clone(),
        }
    }

    /// The instrument's code (`SPKP`, `SPAK`, `IKM`, ...).
    #[must_use]
    pub fn code(&self) -> &InstrumentCode {
        &self.code
    }

    /// The instrument's long name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The short name of the index: `IPKP`, `IPAK`, `IKM`, `IPK`, or the code.
    ///
    /// ```
    /// assert_eq!(persepsi::Instrument::spak().abbreviation(), "IPAK");
    /// ```
    #[must_use]
    pub fn abbreviation(&self) -> &str {
        &self.abbreviation
    }

    /// The items, in order.
    #[must_use]
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The position of an item by its code.
    ///
    /// ```
    /// assert_eq!(persepsi::Instrument::spak().item_position("SPAK2"), Some(1));
    /// ```
    #[must_use]
    pub fn item_position(&self, code: &str) -> Option<usize> {
        self.items.iter().position(|i| i.code.as_str() == code)
    }

    /// The rating scale.
    #[must_use]
    pub fn scale(&self) -> Scale {
        self.scale
    }

    /// The weights.
    #[must_use]
    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    /// The weight of item `i` before rescaling over answered items (1/m for equal weights).
    pub(crate) fn weight(&self, i: usize) -> Exact {
        match &self.weights {
            Weights::Equal => Exact::from_ratio(1, self.items.len() as i128)
                .unwrap_or_else(|_| unreachable!("an instrument has items")),
            Weights::Custom(w) => w[i].clone(),
        }
    }

    /// The scale map.
    #[must_use]
    pub fn map(&self) -> ScaleMap {
        self.map
    }

    /// The grade table.
    #[must_use]
    pub fn grades(&self) -> &GradeTable {
        &self.grades
    }

    /// The Zona Integritas indicator this instrument's index is, if any: `Some` for the SPAK
    /// (IPAK) and SPKP (IPKP) presets and for instruments built with
    /// [`InstrumentBuilder::zi_indicator`]; such an index earns LKE points in a
    /// [`Report`](crate::Report). Decided by this setting, never by the instrument's code.
    ///
    /// ```
    /// use persepsi::{Instrument, ZiIndicator};
    /// assert_eq!(Instrument::spkp().zi_indicator(), Some(ZiIndicator::Ipkp));
    /// assert_eq!(Instrument::ipk_2014().zi_indicator(), None);
    /// ```
    #[must_use]
    pub fn zi_indicator(&self) -> Option<ZiIndicator> {
        self.zi
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_pass_their_own_validation() {
        for ins in [
            Instrument::spkp(),
            Instrument::spak(),
            Instrument::ikm(),
            Instrument::ipk_2014(),
        ] {
            assert_eq!(ins.to_builder().build().as_ref(), Ok(&ins));
        }
        let q = Questionnaire::spkp_spak();
        assert_eq!(
            Questionnaire::new("spkp-spak", q.instruments().to_vec()),
            Ok(q)
        );
    }

    #[test]
    fn answers_length_is_checked_both_ways() {
        let spak = Instrument::spak();
        assert_eq!(
            spak.answers(vec![Some(1); 7]),
            Err(AnswerError::TooManyAnswers { expected: 5 })
        );
        assert_eq!(
            spak.answers(std::iter::repeat(None)),
            Err(AnswerError::TooManyAnswers { expected: 5 })
        );
        // a bad star past the last item is one answer too many, not a bad star
        assert_eq!(
            spak.answers([Some(1), Some(1), Some(1), Some(1), Some(1), Some(9)]),
            Err(AnswerError::TooManyAnswers { expected: 5 })
        );
        assert_eq!(
            spak.answers(vec![None; 4]),
            Err(AnswerError::WrongLength {
                expected: 5,
                got: 4
            })
        );
        assert!(matches!(
            spak.answers([None, None, Some(0), None, None]),
            Err(AnswerError::Star { item, .. }) if item.as_str() == "SPAK3"
        ));
    }

    #[test]
    fn duplicate_items_across_instruments_are_refused() {
        let a = Instrument::spak();
        let b = a.to_builder().build().unwrap();
        let renamed = Instrument::builder("OTHER".parse().unwrap(), Scale::SIX)
            .items(b.items().to_vec())
            .build()
            .unwrap();
        assert!(matches!(
            Questionnaire::new("q", vec![a, renamed]),
            Err(QuestionnaireError::DuplicateItem { item, .. }) if item.as_str() == "SPAK1"
        ));
    }
}
