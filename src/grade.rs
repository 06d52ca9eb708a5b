//! Grades (mutu) and grade tables.

use std::fmt;

use rust_decimal::Decimal;

use crate::exact::Exact;

/// A service-quality grade (mutu pelayanan), A best to D worst.
///
/// ```
/// use persepsi::Grade;
/// assert_eq!(Grade::A.to_string(), "A");
/// assert!(Grade::A < Grade::B); // A sorts first
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Grade {
    /// A: Sangat Baik in PermenPAN-RB 14/2017.
    A,
    /// B: Baik.
    B,
    /// C: Kurang Baik.
    C,
    /// D: Tidak Baik.
    D,
}

impl fmt::Display for Grade {
    /// The letter, padded to the formatter's width (`{:>5}`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
        })
    }
}

/// One row of a [`GradeTable`]: values at or above `min` (on the 0-100 scale, after rounding)
/// get `grade`, unless a higher row matches first.
///
/// ```
/// let table = persepsi::GradeTable::permenpan_14_2017();
/// let a = &table.bands()[0];
/// assert_eq!((a.grade(), a.label(), a.min().to_string().as_str()), (persepsi::Grade::A, "Sangat Baik", "88.31"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct GradeBand {
    min: Decimal,
    grade: Grade,
    label: String,
}

impl GradeBand {
    /// A band: values `>= min` get `grade`, read out as `label` (the kinerja unit text).
    ///
    /// ```
    /// let band = persepsi::GradeBand::new("90".parse()?, persepsi::Grade::A, "Istimewa");
    /// assert_eq!(band.label(), "Istimewa");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(min: Decimal, grade: Grade, label: impl Into<String>) -> GradeBand {
        GradeBand {
            min,
            grade,
            label: label.into(),
        }
    }

    /// The lowest 0-100 value (inclusive) of the band.
    #[must_use]
    pub fn min(&self) -> Decimal {
        self.min
    }

    /// The grade.
    #[must_use]
    pub fn grade(&self) -> Grade {
        self.grade
    }

    /// The label (kinerja unit pelayanan), for example `Sangat Baik`.
    #[must_use]
    pub fn label(&self) -> &str {
        &self.label
    }
}

/// Why a grade table was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GradeTableError {
    /// The table has no bands.
    #[error("grade table {version:?} has no bands")]
    Empty {
        /// The table's version.
        version: String,
    },
    /// The bands are not in strictly descending order of their minimum.
    #[error("grade table {version:?}: band minimum {min} does not lie below the band before it")]
    NotDescending {
        /// The table's version.
        version: String,
        /// The first minimum that breaks the order.
        min: Decimal,
    },
    /// The last band does not reach down to 0, so some values would get no grade.
    #[error("grade table {version:?}: the lowest band starts at {min}, above 0")]
    Gap {
        /// The table's version.
        version: String,
        /// The lowest band's minimum.
        min: Decimal,
    },
    /// More than 20 decimals were asked for.
    #[error("grade table {version:?}: {decimals} decimals is more than 20")]
    TooManyDecimals {
        /// The table's version.
        version: String,
        /// The decimals asked for.
        decimals: u32,
    },
}

/// A versioned table that turns a 0-100 value into a grade: data, not code.
///
/// The value is first rounded half away from zero to the table's decimals (2 for
/// PermenPAN-RB 14/2017), then the first band whose minimum it reaches wins. Classifying the
/// **rounded** value with `>=` is what closes the printed gaps between bands (88.30 | 88.31):
/// 88.305 prints as 88.31 and is an A.
///
/// # Examples
///
/// ```
/// use persepsi::{Exact, Grade, GradeTable};
///
/// let table = GradeTable::permenpan_14_2017();
/// assert_eq!(table.classify(&Exact::from_ratio(88305, 1000)?).grade(), Grade::A);
/// assert_eq!(table.classify(&Exact::from_ratio(883049, 10000)?).grade(), Grade::B);
/// assert_eq!(table.classify(&Exact::integer(65)).grade(), Grade::C);
/// assert_eq!(table.classify(&Exact::zero()).label(), "Tidak Baik");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct GradeTable {
    version: String,
    decimals: u32,
    bands: Vec<GradeBand>,
}

impl GradeTable {
    /// A table from its bands, highest first.
    ///
    /// # Errors
    ///
    /// [`GradeTableError`] when there are no bands, the minimums are not strictly descending,
    /// the lowest band starts above 0, or `decimals > 20`.
    ///
    /// ```
    /// use persepsi::{Grade, GradeBand, GradeTable};
    /// let table = GradeTable::new("pass-fail", 0, vec![
    ///     GradeBand::new("50".parse()?, Grade::A, "Lulus"),
    ///     GradeBand::new("0".parse()?, Grade::D, "Gagal"),
    /// ])?;
    /// assert_eq!(table.bands().len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        version: impl Into<String>,
        decimals: u32,
        bands: Vec<GradeBand>,
    ) -> Result<GradeTable, GradeTableError> {
        let version = version.into();
        if decimals > crate::exact::MAX_DECIMALS {
            return Err(GradeTableError::TooManyDecimals { version, decimals });
        }
        let Some(last) = bands.last() else {
            return Err(GradeTableError::Empty { version });
        };
        if last.min > Decimal::ZERO {
            let min = last.min;
            return Err(GradeTableError::Gap { version, min });
        }
        if let Some(pair) = bands.windows(2).find(|w| w[1].min >= w[0].min) {
            let min = pair[1].min;
            return Err(GradeTableError::NotDescending { version, min });
        }
        Ok(GradeTable {
            version,
            decimals,
            bands,
        })
    }

    /// The PermenPAN-RB 14/2017 table: >= 88.31 A (Sangat Baik), >= 76.61 B (Baik),
    /// >= 65.00 C (Kurang Baik), else D (Tidak Baik), on the 0-100 value rounded to 2 decimals.
    ///
    /// ```
    /// assert_eq!(persepsi::GradeTable::permenpan_14_2017().version(), "PermenPAN-RB 14/2017");
    /// ```
    #[must_use]
    pub fn permenpan_14_2017() -> GradeTable {
        GradeTable {
            version: "PermenPAN-RB 14/2017".to_owned(),
            decimals: 2,
            bands: vec![
                GradeBand::new(Decimal::new(8831, 2), Grade::A, "Sangat Baik"),
                GradeBand::new(Decimal::new(7661, 2), Grade::B, "Baik"),
                GradeBand::new(Decimal::new(6500, 2), Grade::C, "Kurang Baik"),
                GradeBand::new(Decimal::ZERO, Grade::D, "Tidak Baik"),
            ],
        }
    }

    /// The table's name and version.
    #[must_use]
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The decimals the 0-100 value is rounded to before it is classified.
    #[must_use]
    pub fn decimals(&self) -> u32 {
        self.decimals
    }

    /// The bands, highest first.
    #[must_use]
    pub fn bands(&self) -> &[GradeBand] {
        &self.bands
    }

    /// The smallest exact 0-100 value that this table classifies into `band` (or a higher
    /// band): `band`'s minimum, raised to [`GradeTable::decimals`] places if it has more, less
    /// half a unit of the last place, since values from there on round half away from zero
    /// up to the minimum. (For a negative minimum this is the boundary itself, which rounds
    /// away from zero, below: the band holds the values just above it.)
    ///
    /// ```
    /// use persepsi::{Exact, GradeTable};
    /// let table = GradeTable::permenpan_14_2017();
    /// let a = &table.bands()[0];
    /// assert_eq!(table.unrounded_min(a).to_string(), "88.305");
    /// assert_eq!(table.classify(&Exact::from_ratio(88_305, 1_000)?).grade(), a.grade());
    /// assert_ne!(table.classify(&Exact::from_ratio(88_304_999, 1_000_000)?).grade(), a.grade());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn unrounded_min(&self, band: &GradeBand) -> Decimal {
        let places = self.decimals.min(27);
        let raised = band
            .min
            .round_dp_with_strategy(places, rust_decimal::RoundingStrategy::ToPositiveInfinity);
        raised.saturating_sub(Decimal::new(5, places + 1))
    }

    /// The band of an exact 0-100 value: rounded half away from zero to [`GradeTable::decimals`],
    /// then compared with `>=`. Values below every band (negative ones) get the lowest band.
    #[must_use]
    pub fn classify(&self, index100: &Exact) -> &GradeBand {
        self.classify_rounded(index100.round(self.decimals))
    }

    /// The band of a 0-100 value that is already rounded as printed.
    ///
    /// ```
    /// let table = persepsi::GradeTable::permenpan_14_2017();
    /// assert_eq!(table.classify_rounded("88.30".parse()?).grade(), persepsi::Grade::B);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn classify_rounded(&self, index100: Decimal) -> &GradeBand {
        let last = self.bands.len() - 1; // never empty: checked at construction
        self.bands
            .iter()
            .find(|band| index100 >= band.min)
            .unwrap_or(&self.bands[last])
    }
}

impl Default for GradeTable {
    /// [`GradeTable::permenpan_14_2017`].
    fn default() -> Self {
        GradeTable::permenpan_14_2017()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn band_edges() {
        let t = GradeTable::permenpan_14_2017();
        let g = |s: &str| t.classify_rounded(s.parse().unwrap()).grade();
        assert_eq!(g("100"), Grade::A);
        assert_eq!(g("88.31"), Grade::A);
        assert_eq!(g("88.30"), Grade::B);
        assert_eq!(g("76.61"), Grade::B);
        assert_eq!(g("76.60"), Grade::C);
        assert_eq!(g("65.00"), Grade::C);
        assert_eq!(g("64.99"), Grade::D);
        assert_eq!(g("-1"), Grade::D);
    }

    #[test]
    fn bad_tables_are_refused() {
        let band = |m: i64, g| GradeBand::new(Decimal::new(m, 0), g, "x");
        assert!(matches!(
            GradeTable::new("v", 2, vec![]),
            Err(GradeTableError::Empty { .. })
        ));
        assert!(matches!(
            GradeTable::new("v", 2, vec![band(50, Grade::A), band(60, Grade::B), band(0, Grade::D)]),
            Err(GradeTableError::NotDescending { min, .. }) if min == Decimal::new(60, 0)
        ));
        assert!(matches!(
            GradeTable::new("v", 2, vec![band(50, Grade::A), band(10, Grade::B)]),
            Err(GradeTableError::Gap { min, .. }) if min == Decimal::new(10, 0)
        ));
        assert!(matches!(
            GradeTable::new("v", 21, vec![band(0, Grade::A)]),
            Err(GradeTableError::TooManyDecimals { decimals: 21, .. })
        ));
    }
}
