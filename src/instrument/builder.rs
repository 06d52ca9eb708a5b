//! Building an instrument: items, scale, weights, map and grade table, checked once.

use crate::code::{CodeError, InstrumentCode, ItemCode};
use crate::exact::Exact;
use crate::grade::GradeTable;
use crate::instrument::{Instrument, Item, ScaleMap, Weights, ZiIndicator};
use crate::scale::Scale;

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

/// Builds an [`Instrument`]; see [`Instrument::builder`].
#[derive(Debug, Clone)]
#[must_use]
pub struct InstrumentBuilder {
    pub(super) inner: Instrument,
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

    /// Sets the Zona Integritas indicator the index is, so that it earns LKE points and is held
    /// against that indicator's threshold in a [`Report`](crate::Report); `None` takes it away
    /// (default: none, whatever the instrument's code).
    ///
    /// ```
    /// use persepsi::{Instrument, Scale, ZiIndicator};
    ///
    /// // a unit's own anti-corruption survey on 1-5 stars counts as its IPAK
    /// let mine = Instrument::builder("SPAK-5".parse()?, Scale::new(5)?)
    ///     .abbreviation("IPAK")
    ///     .item("A1".parse()?, "Tidak ada pungutan liar")
    ///     .item("A2".parse()?, "Tidak ada percaloan")
    ///     .zi_indicator(ZiIndicator::Ipak)
    ///     .build()?;
    /// assert_eq!(mine.zi_indicator(), Some(ZiIndicator::Ipak));
    ///
    /// // SPAK for practice, outside the Zona Integritas evaluation
    /// let practice = Instrument::spak().to_builder().zi_indicator(None).build()?;
    /// assert_eq!(practice.zi_indicator(), None);
    /// assert_ne!(practice, Instrument::spak());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn zi_indicator(mut self, indicator: impl Into<Option<ZiIndicator>>) -> Self {
        self.inner.zi = indicator.into();
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
