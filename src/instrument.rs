//! Instruments (SPKP, SPAK, IKM, ...), their items, weights, scale maps, and questionnaires.

use std::fmt;

use crate::code::{CodeError, InstrumentCode, ItemCode};
use crate::exact::Exact;
use crate::grade::GradeTable;
use crate::scale::{Scale, Star, StarError};

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
        match self {
            ScaleMap::MinMax => {
                // p = (raw - 1) / s with s = k - 1 >= 1 (a scale has at least 2 points):
                // 1 + 3p = (s - 3 + 3 raw) / s and 100p = (100 raw - 100) / s, each normalized once
                let s = i64::from(scale.points()) - 1;
                (
                    raw.affine(s - 3, 3, s).unwrap_or_else(Exact::zero),
                    raw.affine(-100, 100, s).unwrap_or_else(Exact::zero),
                )
            }
            ScaleMap::Times25 => (
                raw.clone(),
                raw.affine(0, 25, 1).unwrap_or_else(Exact::zero),
            ),
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

/// Why an instrument could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InstrumentError {
    /// The instrument has no items.
    #[error("instrument {instrument} has no items")]
    NoItems {
        /// The instrument's code.
        instrument: InstrumentCode,
    },
    /// Two items share a code.
    #[error("instrument {instrument} has item {item} twice")]
    DuplicateItem {
        /// The instrument's code.
        instrument: InstrumentCode,
        /// The repeated item code.
        item: ItemCode,
    },
    /// The number of custom weights differs from the number of items.
    #[error("instrument {instrument} has {items} items but {weights} weights")]
    WeightCount {
        /// The instrument's code.
        instrument: InstrumentCode,
        /// The number of items.
        items: usize,
        /// The number of weights given.
        weights: usize,
    },
    /// A custom weight is zero or negative.
    #[error("instrument {instrument}: the weight {weight} of item {item} is not positive")]
    NonPositiveWeight {
        /// The instrument's code.
        instrument: InstrumentCode,
        /// The item with the bad weight.
        item: ItemCode,
        /// The weight, as an exact fraction.
        weight: Exact,
    },
    /// The custom weights do not add up to exactly 1 (for example nine weights of 0.11).
    #[error("instrument {instrument}: the weights sum to {sum}, not exactly 1")]
    WeightsDoNotSumToOne {
        /// The instrument's code.
        instrument: InstrumentCode,
        /// Their exact sum.
        sum: Exact,
    },
    /// A map was chosen that does not fit the scale (x25 on anything but a 1-4 scale).
    #[error("instrument {instrument}: the {map} map needs a 1-4 scale, not {scale}")]
    MapDoesNotFitScale {
        /// The instrument's code.
        instrument: InstrumentCode,
        /// The map.
        map: ScaleMap,
        /// The scale.
        scale: Scale,
    },
    /// A code in a preset or builder call was not a valid code.
    #[error(transparent)]
    Code(#[from] CodeError),
}

/// A survey instrument: ordered items rated on one scale, weights, a scale map and a grade table.
///
/// Built-in presets: [`Instrument::spkp`] (IPKP, 8 items), [`Instrument::spak`] (IPAK, 5
/// items), both on 1-6 stars with the min-max map; [`Instrument::ikm`] (IKM, 9 unsur on 1-4,
/// x25); [`Instrument::ipk_2014`] (the older 10-item IPK on 1-4). Build your own with
/// [`Instrument::builder`].
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
}

/// Builds an [`Instrument`]; see [`Instrument::builder`].
#[derive(Debug, Clone)]
#[must_use]
pub struct InstrumentBuilder {
    inner: Instrument,
}

impl InstrumentBuilder {
    /// Sets the instrument's long name (for example `Indeks Persepsi Anti Korupsi`).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.inner.name = name.into();
        self
    }

    /// Sets the short name of the index (for example `IPAK`), used in table headings
    /// (default: the instrument's code).
    pub fn abbreviation(mut self, abbreviation: impl Into<String>) -> Self {
        self.inner.abbreviation = abbreviation.into();
        self
    }

    /// Appends an item.
    pub fn item(mut self, code: ItemCode, label: impl Into<String>) -> Self {
        self.inner.items.push(Item::new(code, label));
        self
    }

    /// Replaces the items.
    pub fn items(mut self, items: Vec<Item>) -> Self {
        self.inner.items = items;
        self
    }

    /// Sets the scale.
    pub fn scale(mut self, scale: Scale) -> Self {
        self.inner.scale = scale;
        self
    }

    /// Sets the weights (default [`Weights::Equal`]).
    pub fn weights(mut self, weights: Weights) -> Self {
        self.inner.weights = weights;
        self
    }

    /// Sets the scale map (default [`ScaleMap::MinMax`]).
    pub fn map(mut self, map: ScaleMap) -> Self {
        self.inner.map = map;
        self
    }

    /// Sets the grade table (default [`GradeTable::permenpan_14_2017`]).
    pub fn grades(mut self, grades: GradeTable) -> Self {
        self.inner.grades = grades;
        self
    }

    /// Checks everything and makes the instrument.
    ///
    /// # Errors
    ///
    /// [`InstrumentError`] for no items, a repeated item code, custom weights that are not one
    /// positive weight per item summing to exactly 1, or a map that does not fit the scale.
    pub fn build(self) -> Result<Instrument, InstrumentError> {
        let ins = self.inner;
        let instrument = || ins.code.clone();
        if ins.items.is_empty() {
            return Err(InstrumentError::NoItems {
                instrument: instrument(),
            });
        }
        for (i, item) in ins.items.iter().enumerate() {
            if ins.items[..i].iter().any(|x| x.code == item.code) {
                return Err(InstrumentError::DuplicateItem {
                    instrument: instrument(),
                    item: item.code.clone(),
                });
            }
        }
        if let Weights::Custom(weights) = &ins.weights {
            if weights.len() != ins.items.len() {
                return Err(InstrumentError::WeightCount {
                    instrument: instrument(),
                    items: ins.items.len(),
                    weights: weights.len(),
                });
            }
            for (item, weight) in ins.items.iter().zip(weights) {
                if *weight <= Exact::zero() {
                    return Err(InstrumentError::NonPositiveWeight {
                        instrument: instrument(),
                        item: item.code.clone(),
                        weight: weight.clone(),
                    });
                }
            }
            let sum: Exact = weights.iter().cloned().sum();
            if sum != Exact::integer(1) {
                return Err(InstrumentError::WeightsDoNotSumToOne {
                    instrument: instrument(),
                    sum,
                });
            }
        }
        if ins.map == ScaleMap::Times25 && ins.scale != Scale::FOUR {
            return Err(InstrumentError::MapDoesNotFitScale {
                instrument: instrument(),
                map: ins.map,
                scale: ins.scale,
            });
        }
        Ok(ins)
    }
}

fn preset(
    code: &str,
    abbreviation: &str,
    name: &str,
    scale: Scale,
    map: ScaleMap,
    items: &[(&str, &str)],
) -> Instrument {
    // Preset codes are literals that satisfy the code rules; a test builds every preset.
    let code = InstrumentCode::new(code).unwrap_or_else(|_| unreachable!("preset code"));
    Instrument {
        code,
        name: name.to_owned(),
        abbreviation: abbreviation.to_owned(),
        items: items
            .iter()
            .map(|(c, l)| {
                Item::new(
                    ItemCode::new(c).unwrap_or_else(|_| unreachable!("preset item")),
                    *l,
                )
            })
            .collect(),
        scale,
        weights: Weights::Equal,
        map,
        grades: GradeTable::permenpan_14_2017(),
    }
}

impl Instrument {
    /// Starts an instrument with no items, the given scale, equal weights, the min-max map and the
    /// PermenPAN-RB 14/2017 grade table.
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

    /// SPKP, giving IPKP (Indeks Persepsi Kualitas Pelayanan): 8 items on 1-6 stars, min-max map.
    ///
    /// ```
    /// let spkp = persepsi::Instrument::spkp();
    /// assert_eq!((spkp.code().as_str(), spkp.items().len(), spkp.scale().points()), ("SPKP", 8, 6));
    /// ```
    #[must_use]
    pub fn spkp() -> Instrument {
        preset(
            "SPKP",
            "IPKP",
            "Indeks Persepsi Kualitas Pelayanan (IPKP)",
            Scale::SIX,
            ScaleMap::MinMax,
            &[
                ("SPKP1", "Informasi pelayanan"),
                ("SPKP2", "Persyaratan"),
                ("SPKP3", "Prosedur / alur"),
                ("SPKP4", "Jangka waktu penyelesaian"),
                ("SPKP5", "Tarif / biaya"),
                ("SPKP6", "Sarana prasarana / sistem online"),
                ("SPKP7", "Respons petugas"),
                ("SPKP8", "Konsultasi dan pengaduan"),
            ],
        )
    }

    /// SPAK, giving IPAK (Indeks Persepsi Anti Korupsi): 5 items on 1-6 stars, min-max map.
    ///
    /// ```
    /// assert_eq!(persepsi::Instrument::spak().items().len(), 5);
    /// ```
    #[must_use]
    pub fn spak() -> Instrument {
        preset(
            "SPAK",
            "IPAK",
            "Indeks Persepsi Anti Korupsi (IPAK)",
            Scale::SIX,
            ScaleMap::MinMax,
            &[
                ("SPAK1", "Diskriminasi pelayanan"),
                ("SPAK2", "Kecurangan / di luar prosedur"),
                ("SPAK3", "Imbalan / gratifikasi"),
                ("SPAK4", "Pungutan liar (pungli)"),
                ("SPAK5", "Percaloan"),
            ],
        )
    }

    /// IKM (Indeks Kepuasan Masyarakat, PermenPAN-RB 14/2017): 9 unsur U1..U9 on 1-4, x25 map.
    ///
    /// ```
    /// let ikm = persepsi::Instrument::ikm();
    /// assert_eq!((ikm.items().len(), ikm.map()), (9, persepsi::ScaleMap::Times25));
    /// ```
    #[must_use]
    pub fn ikm() -> Instrument {
        preset(
            "IKM",
            "IKM",
            "Indeks Kepuasan Masyarakat (IKM)",
            Scale::FOUR,
            ScaleMap::Times25,
            &[
                ("U1", "Persyaratan"),
                ("U2", "Sistem, mekanisme dan prosedur"),
                ("U3", "Waktu penyelesaian"),
                ("U4", "Biaya/tarif"),
                ("U5", "Produk spesifikasi jenis pelayanan"),
                ("U6", "Kompetensi pelaksana"),
                ("U7", "Perilaku pelaksana"),
                ("U8", "Penanganan pengaduan, saran dan masukan"),
                ("U9", "Sarana dan prasarana"),
            ],
        )
    }

    /// The older 10-item IPK (Indeks Persepsi Korupsi) of the PermenPAN-RB 52/2014 era, on 1-4
    /// with the x25 map; many units still run it.
    ///
    /// ```
    /// assert_eq!(persepsi::Instrument::ipk_2014().items().len(), 10);
    /// ```
    #[must_use]
    pub fn ipk_2014() -> Instrument {
        preset(
            "IPK",
            "IPK",
            "Indeks Persepsi Korupsi (IPK, PermenPAN-RB 52/2014)",
            Scale::FOUR,
            ScaleMap::Times25,
            &[
                ("IPK1", "Manipulasi peraturan"),
                ("IPK2", "Penyalahgunaan jabatan"),
                ("IPK3", "Menjual pengaruh"),
                ("IPK4", "Transaksi biaya"),
                ("IPK5", "Biaya tambahan"),
                ("IPK6", "Hadiah"),
                ("IPK7", "Transparansi biaya"),
                ("IPK8", "Percaloan"),
                ("IPK9", "Perbuatan curang"),
                ("IPK10", "Transaksi rahasia"),
            ],
        )
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

    /// One respondent's answers to this instrument, one entry per item in item order; `None` is a
    /// missing answer (never a zero).
    ///
    /// # Errors
    ///
    /// [`AnswerError::WrongLength`] when the number of entries differs from the number of items,
    /// [`AnswerError::Star`] for the first star outside the scale.
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
            let slot = match star {
                None => 0,
                Some(v) => match self.scale.star(v) {
                    Ok(s) => s.get(),
                    Err(error) => {
                        let item = match self.items.get(i) {
                            Some(item) => item.code.clone(),
                            None => {
                                return Err(AnswerError::WrongLength {
                                    expected: self.items.len(),
                                    got: i + 1,
                                });
                            }
                        };
                        return Err(AnswerError::Star { item, error });
                    }
                },
            };
            slots.push(slot);
            if slots.len() > self.items.len() {
                break;
            }
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

    /// Answers from stars already validated (for example by [`Scale::parse_star`]).
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

/// Why answers could not be made for an instrument.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AnswerError {
    /// The number of answers differs from the number of items.
    #[error("expected {expected} answers, one per item, got {got}")]
    WrongLength {
        /// The number of items.
        expected: usize,
        /// The number of answers given (counting stops one past `expected`).
        got: usize,
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
            Err(AnswerError::WrongLength {
                expected: 5,
                got: 6
            })
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
