//! Rating scales and star values.

use std::fmt;

/// A rating scale of `k` points, 1 to `k` stars, with `k` in `2..=10`.
///
/// SPKP and SPAK use 1-6 stars in the KemenPAN-RB template, the SKM/IKM questionnaire uses 1-4;
/// 5- and 10-point scales exist in the wild, so the number of points belongs to each instrument.
///
/// # Examples
///
/// ```
/// use persepsi::Scale;
///
/// let six = Scale::new(6)?;
/// assert_eq!(six.points(), 6);
/// assert!(Scale::new(1).is_err());
/// assert!(Scale::new(11).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "u8", into = "u8"))]
pub struct Scale(u8);

/// The fewest points a [`Scale`] may have.
pub const MIN_POINTS: u8 = 2;
/// The most points a [`Scale`] may have.
pub const MAX_POINTS: u8 = 10;

/// Why a scale or a star value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StarError {
    /// A scale was asked for with a number of points outside `2..=10`.
    #[error("a scale has 2 to 10 points, not {points}")]
    BadScale {
        /// The number of points that was asked for.
        points: u8,
    },
    /// A star value lies outside `1..=k` for its scale.
    #[error("star {value} is outside the scale 1..={points}")]
    OutOfRange {
        /// The value that was given (saturated at `u64::MAX` for longer digit strings).
        value: u64,
        /// The points of the scale.
        points: u8,
    },
    /// A star text is not one or more ASCII digits (`+5`, `5.0`, `lima`, non-ASCII digits).
    #[error("star {text:?} is not a whole number of stars written in ASCII digits")]
    Malformed {
        /// The text that was given.
        text: String,
    },
}

impl Scale {
    /// The 1-4 scale of the SKM/IKM questionnaire (PermenPAN-RB 14/2017).
    pub const FOUR: Scale = Scale(4);
    /// The 1-6 star scale of the SPKP/SPAK template.
    pub const SIX: Scale = Scale(6);

    /// A scale of `points` points.
    ///
    /// # Errors
    ///
    /// [`StarError::BadScale`] unless `points` is in `2..=10`.
    ///
    /// ```
    /// assert_eq!(persepsi::Scale::new(4)?, persepsi::Scale::FOUR);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn new(points: u8) -> Result<Scale, StarError> {
        if points >= MIN_POINTS && points <= MAX_POINTS {
            Ok(Scale(points))
        } else {
            Err(StarError::BadScale { points })
        }
    }

    /// The number of points `k` (the highest star).
    ///
    /// ```
    /// assert_eq!(persepsi::Scale::SIX.points(), 6);
    /// ```
    #[must_use]
    pub const fn points(self) -> u8 {
        self.0
    }

    /// The star `value` on this scale.
    ///
    /// # Errors
    ///
    /// [`StarError::OutOfRange`] unless `1 <= value <= k`.
    ///
    /// ```
    /// let six = persepsi::Scale::SIX;
    /// assert_eq!(six.star(6)?.get(), 6);
    /// assert!(six.star(0).is_err());
    /// assert!(six.star(7).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn star(self, value: u8) -> Result<Star, StarError> {
        if self.holds(value as u64) {
            Ok(Star(value))
        } else {
            Err(StarError::OutOfRange {
                value: value as u64,
                points: self.0,
            })
        }
    }

    /// Parses a star as written in a survey export: one or more ASCII digits and nothing else
    /// (`"05"` is 5). The caller trims white space first if it wants to.
    ///
    /// # Errors
    ///
    /// [`StarError::Malformed`] for an empty text or any character that is not an ASCII digit
    /// (`"+5"`, `"5.0"`, `" 5"`, `"٥"`), [`StarError::OutOfRange`] for digits outside `1..=k`.
    ///
    /// ```
    /// let six = persepsi::Scale::SIX;
    /// assert_eq!(six.parse_star("05")?.get(), 5);
    /// assert!(matches!(six.parse_star("5.0"), Err(persepsi::StarError::Malformed { .. })));
    /// assert!(matches!(six.parse_star("7"), Err(persepsi::StarError::OutOfRange { value: 7, .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse_star(self, text: &str) -> Result<Star, StarError> {
        match self.read_star(text.as_bytes()) {
            Ok(star) => Ok(Star(star)),
            Err(NotAStar::OutOfRange(value)) => Err(StarError::OutOfRange {
                value,
                points: self.0,
            }),
            Err(NotAStar::Malformed) => Err(StarError::Malformed {
                text: text.to_owned(),
            }),
        }
    }

    /// The star rule, written once and followed by every path (parsing, ingest, the reader's
    /// slow and fast paths): a star is one or more ASCII digits whose value is in `1..=k`
    /// (leading zeros allowed: `05` is 5). Cells are trimmed before, by the caller.
    pub(crate) fn read_star(self, bytes: &[u8]) -> Result<u8, NotAStar> {
        if let &[b] = bytes
            && let Some(star) = self.digit_star(b)
        {
            return Ok(star);
        }
        match parse_digits(bytes) {
            Some(value) if self.holds(value) => Ok(value as u8),
            Some(value) => Err(NotAStar::OutOfRange(value)),
            None => Err(NotAStar::Malformed),
        }
    }

    /// The star rule's fast form for a one-byte cell: `Some(star)` exactly when
    /// [`Scale::read_star`] accepts `[b]` (a test checks every byte on every scale).
    #[inline]
    pub(crate) fn digit_star(self, b: u8) -> Option<u8> {
        // one digit (on a 10-point scale, b'0' + 10 is ':', not a digit)
        let star = b.wrapping_sub(b'0');
        (star <= 9 && self.holds(star as u64)).then_some(star)
    }

    /// Whether a value is a star on this scale: `1..=k`.
    #[inline]
    const fn holds(self, value: u64) -> bool {
        value >= 1 && value <= self.0 as u64
    }

    /// The star rule's word-at-a-time form: the stars of bytes 0, 2, 4 and 6 of `word` (little
    /// endian) when each is a one-byte star ([`Scale::digit_star`]), else `None`; the other
    /// bytes are not looked at. Per byte and exact (no carry crosses a byte): "has between" of
    /// Bit Twiddling Hacks.
    #[cfg(any(test, feature = "csv"))]
    #[inline]
    pub(crate) fn four_stars(self, word: u64) -> Option<[u8; 4]> {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const EVEN: u64 = 0x00ff_00ff_00ff_00ff;
        const DIGIT_TOPS: u64 = 0x0080_0080_0080_0080;
        if self.0 > 9 {
            // a 10-point scale's 10 is two digits: no one-byte form for every star
            return None;
        }
        let word = word & EVEN;
        // bytes b with '0' < b < '0' + points + 1
        let (low, high) = (u64::from(b'0'), u64::from(b'0' + self.0 + 1));
        let x = word & (ONES * 127);
        let between = (ONES * (127 + high) - x) & !word & (x + ONES * (127 - low)) & (ONES * 128);
        if between & DIGIT_TOPS != DIGIT_TOPS {
            return None;
        }
        // every digit byte is at least '1': no borrow crosses a byte
        let d = word - ((ONES * u64::from(b'0')) & EVEN);
        Some([d as u8, (d >> 16) as u8, (d >> 32) as u8, (d >> 48) as u8])
    }
}

/// Why a cell is not a star ([`Scale::read_star`]); [`StarError`] is its public form, with the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NotAStar {
    /// Not one or more ASCII digits.
    Malformed,
    /// Digits, with this value outside `1..=k` (saturating at `u64::MAX`).
    OutOfRange(u64),
}

/// The value of a non-empty run of ASCII digits, saturating at `u64::MAX`; `None` when the
/// bytes are empty or hold anything else.
fn parse_digits(bytes: &[u8]) -> Option<u64> {
    if bytes.is_empty() {
        return None;
    }
    let mut value: u64 = 0;
    for &b in bytes {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value.saturating_mul(10).saturating_add(u64::from(b - b'0'));
    }
    Some(value)
}

impl TryFrom<u8> for Scale {
    type Error = StarError;
    fn try_from(points: u8) -> Result<Self, Self::Error> {
        Scale::new(points)
    }
}

impl From<Scale> for u8 {
    fn from(scale: Scale) -> u8 {
        scale.0
    }
}

impl fmt::Display for Scale {
    /// `1-k`, for example `1-6`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "1-{}", self.0)
    }
}

/// A star value, `1..=10`, valid on the [`Scale`] that made it.
///
/// A `Star` only comes from [`Scale::star`] or [`Scale::parse_star`], so it is never 0 and never
/// above 10; an instrument checks it against its own scale again when answers are built.
///
/// ```
/// let star = persepsi::Scale::FOUR.star(3)?;
/// assert_eq!(star.get(), 3);
/// assert_eq!(star.to_string(), "3");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Star(u8);

impl Star {
    /// The number of stars.
    ///
    /// ```
    /// assert_eq!(persepsi::Scale::SIX.star(5)?.get(), 5);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub const fn get(self) -> u8 {
        self.0
    }
}

impl fmt::Display for Star {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_saturate_instead_of_overflowing() {
        assert_eq!(parse_digits(b"99999999999999999999999"), Some(u64::MAX));
        assert_eq!(parse_digits(b""), None);
        assert_eq!(parse_digits(b"1a"), None);
    }

    #[test]
    fn every_hostile_star_text_is_refused_with_its_reason() {
        let six = Scale::SIX;
        for text in ["+5", "-1", "5.0", " 5", "5 ", "\u{665}", "", "lima", "0x5"] {
            assert!(
                matches!(six.parse_star(text), Err(StarError::Malformed { .. })),
                "{text:?}"
            );
        }
        for (text, value) in [("0", 0), ("7", 7), ("99999999999999999999", u64::MAX)] {
            assert_eq!(
                six.parse_star(text),
                Err(StarError::OutOfRange { value, points: 6 })
            );
        }
        assert_eq!(six.parse_star("006").map(Star::get), Ok(6));
    }

    #[test]
    fn the_fast_forms_of_the_star_rule_agree_with_it_on_every_byte_and_scale() {
        for points in MIN_POINTS..=MAX_POINTS {
            let scale = Scale::new(points).expect("a scale");
            for b in 0..=255u8 {
                // the rule from its definition, not from the code under test
                let want =
                    (b.is_ascii_digit() && (1..=points).contains(&(b - b'0'))).then(|| b - b'0');
                assert_eq!(scale.read_star(&[b]).ok(), want, "{b:#04x} on 1-{points}");
                assert_eq!(scale.digit_star(b), want, "{b:#04x} on 1-{points}");
                // the word form, the byte at each of its four places, commas between
                for place in 0..4 {
                    let mut word = *b"1,1,1,1,";
                    word[2 * place] = b;
                    let want = scale.digit_star(b).map(|star| {
                        let mut stars = [1; 4];
                        stars[place] = star;
                        stars
                    });
                    let want = want.filter(|_| points <= 9);
                    assert_eq!(
                        scale.four_stars(u64::from_le_bytes(word)),
                        want,
                        "{b:#04x} at {place} on 1-{points}"
                    );
                }
            }
        }
    }
}
