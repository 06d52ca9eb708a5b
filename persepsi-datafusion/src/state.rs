//! The intermediate state: a tally and its rejected-row count as bytes.

use persepsi::{Instrument, ScoreMoments, Tally, TallyError};

/// The first byte of every encoded state; a reader refuses any other.
const VERSION: u8 = 1;

/// Why bytes are not the encoded state of a tally of an instrument.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StateError {
    /// The bytes are not `len` long, or are empty.
    #[error("an encoded {instrument} tally of version 1 is {expected} bytes, not {len}")]
    Length {
        /// The instrument the state was read for.
        instrument: String,
        /// The length the instrument's shape needs.
        expected: usize,
        /// The length given.
        len: usize,
    },
    /// The version byte is not 1.
    #[error("encoded tally version {version} is not 1")]
    Version {
        /// The version byte read.
        version: u8,
    },
    /// The encoded shape is not the instrument's.
    #[error(
        "the encoded tally has {items} items on 1-{points}, instrument {instrument} has {expected_items} on 1-{expected_points}"
    )]
    Shape {
        /// The instrument the state was read for.
        instrument: String,
        /// Items encoded.
        items: u16,
        /// Scale points encoded.
        points: u8,
        /// The instrument's items.
        expected_items: usize,
        /// The instrument's scale points.
        expected_points: u8,
    },
    /// The counts are not those of any set of responses.
    #[error(transparent)]
    Tally(#[from] TallyError),
}

/// Bytes of the header: version, points, items (u16), rejected rows (u64).
const HEADER: usize = 1 + 1 + 2 + 8;
/// Bytes of one respondent-score moment: n (u64), sum and sum of squares (u128).
const MOMENT: usize = 8 + 16 + 16;

/// The length of the encoded state of a tally of `items` items on a `points`-point scale.
fn encoded_len(items: usize, points: u8) -> usize {
    HEADER + items * (usize::from(points) + 1) * 8 + (items + 1) * MOMENT
}

/// Encodes a tally with respondent-score moments, and the rows rejected beside it, as the bytes
/// that `persepsi_tally` returns and the aggregates pass between their partial and final
/// steps. Little-endian: version 1, points (u8), items (u16), rejected (u64), then each item's
/// histogram `[missing, 1 star, ..., k stars]` (u64 each), then the moments for 0 to `m`
/// answered items (u64 respondents, u128 sum, u128 sum of squares).
///
/// A shapeless empty tally is encoded with the instrument's shape. A tally of another shape
/// than the instrument's, or made from bare histograms (it has no moments to encode): `None`.
///
/// ```
/// use persepsi::{Instrument, Tally};
/// use persepsi_datafusion::{decode_tally, encode_tally};
/// let spak = Instrument::spak();
/// let mut t = Tally::new(&spak);
/// t.record(&spak.answers([Some(6), Some(5), None, None, None])?)?;
/// let bytes = encode_tally(&spak, &t, 3).unwrap();
/// assert_eq!(decode_tally(&spak, &bytes)?, (t, 3));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn encode_tally(instrument: &Instrument, tally: &Tally, rejected: u64) -> Option<Vec<u8>> {
    let shaped;
    let tally = if tally.points() == 0 && tally.responses() == 0 {
        shaped = Tally::new(instrument);
        &shaped
    } else {
        tally
    };
    if (tally.item_count(), tally.points())
        != (instrument.items().len(), instrument.scale().points())
    {
        return None;
    }
    let moments = tally.score_moments()?;
    let items = u16::try_from(tally.item_count()).ok()?;
    let mut out = Vec::with_capacity(encoded_len(tally.item_count(), tally.points()));
    out.push(VERSION);
    out.push(tally.points());
    out.extend_from_slice(&items.to_le_bytes());
    out.extend_from_slice(&rejected.to_le_bytes());
    for i in 0..tally.item_count() {
        for &c in tally.histogram(i) {
            out.extend_from_slice(&c.to_le_bytes());
        }
    }
    for m in moments {
        out.extend_from_slice(&m.respondents().to_le_bytes());
        out.extend_from_slice(&m.sum().to_le_bytes());
        out.extend_from_slice(&m.sum_of_squares().to_le_bytes());
    }
    Some(out)
}

/// Reads back what [`encode_tally`] wrote, for a tally of `instrument`: the tally and the
/// rejected rows. Everything is checked: length, version, shape, and the counts themselves
/// ([`Tally::with_moments`]), so bytes from anywhere can be given.
///
/// # Errors
///
/// [`StateError`] naming what is wrong.
pub fn decode_tally(instrument: &Instrument, bytes: &[u8]) -> Result<(Tally, u64), StateError> {
    let (items, points) = (instrument.items().len(), instrument.scale().points());
    let expected = encoded_len(items, points);
    let length = || StateError::Length {
        instrument: instrument.code().to_string(),
        expected,
        len: bytes.len(),
    };
    let Some(&version) = bytes.first() else {
        return Err(length());
    };
    if version != VERSION {
        return Err(StateError::Version { version });
    }
    let mut words = Reader { bytes, at: 1 };
    let (got_points, got_items) = (
        words.u8().ok_or_else(length)?,
        words.u16().ok_or_else(length)?,
    );
    if (usize::from(got_items), got_points) != (items, points) {
        return Err(StateError::Shape {
            instrument: instrument.code().to_string(),
            items: got_items,
            points: got_points,
            expected_items: items,
            expected_points: points,
        });
    }
    if bytes.len() != expected {
        return Err(length());
    }
    let rejected = words.u64().ok_or_else(length)?;
    let width = usize::from(points) + 1;
    let mut histograms = Vec::with_capacity(items);
    for _ in 0..items {
        let mut h = Vec::with_capacity(width);
        for _ in 0..width {
            h.push(words.u64().ok_or_else(length)?);
        }
        histograms.push(h);
    }
    let mut moments = Vec::with_capacity(items + 1);
    for _ in 0..=items {
        let n = words.u64().ok_or_else(length)?;
        let sum = words.u128().ok_or_else(length)?;
        let sumsq = words.u128().ok_or_else(length)?;
        moments.push(ScoreMoments::new(n, sum, sumsq));
    }
    Ok((Tally::with_moments(histograms, moments)?, rejected))
}

/// A little-endian cursor that returns `None` past the end instead of panicking.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let end = self.at.checked_add(N)?;
        let chunk = self.bytes.get(self.at..end)?;
        self.at = end;
        chunk.try_into().ok()
    }

    fn u8(&mut self) -> Option<u8> {
        self.take::<1>().map(|[b]| b)
    }

    fn u16(&mut self) -> Option<u16> {
        self.take().map(u16::from_le_bytes)
    }

    fn u64(&mut self) -> Option<u64> {
        self.take().map(u64::from_le_bytes)
    }

    fn u128(&mut self) -> Option<u128> {
        self.take().map(u128::from_le_bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_truncation_and_every_flipped_byte_is_refused_or_decodes_to_a_valid_tally() {
        let spak = Instrument::spak();
        let mut t = Tally::new(&spak);
        for stars in [[6, 5, 4, 6, 6], [1, 2, 3, 4, 5], [6, 6, 6, 6, 6]] {
            t.record(&spak.answers(stars.map(Some)).expect("on the scale"))
                .expect("fits");
        }
        t.record(&spak.answers([None, Some(3), None, None, None]).expect("ok"))
            .expect("fits");
        let bytes = encode_tally(&spak, &t, 2).expect("has moments");
        assert_eq!(bytes.len(), encoded_len(5, 6));
        assert_eq!(decode_tally(&spak, &bytes), Ok((t.clone(), 2)));
        for cut in 0..bytes.len() {
            assert!(decode_tally(&spak, &bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(matches!(
            decode_tally(&spak, &longer),
            Err(StateError::Length { .. })
        ));
        // a changed histogram count, respondent count or star sum breaks a consistency law; a
        // sum of squares is not fixed by the histograms, so a small change there may be valid,
        // but then it is read back exactly
        let moments_at = HEADER + 5 * 7 * 8;
        let is_sum_of_squares = |at: usize| at >= moments_at && (at - moments_at) % MOMENT >= 24;
        for at in HEADER..bytes.len() {
            let mut bad = bytes.clone();
            bad[at] ^= 1;
            match decode_tally(&spak, &bad) {
                Err(_) => {}
                Ok((other, rejected)) => {
                    assert!(is_sum_of_squares(at), "byte {at} flipped still decodes");
                    assert_eq!(encode_tally(&spak, &other, rejected), Some(bad));
                }
            }
        }
        assert!(matches!(
            decode_tally(&Instrument::ikm(), &bytes),
            Err(StateError::Shape {
                items: 5,
                points: 6,
                ..
            })
        ));
        let mut v2 = bytes;
        v2[0] = 2;
        assert_eq!(
            decode_tally(&spak, &v2),
            Err(StateError::Version { version: 2 })
        );
    }

    #[test]
    fn moment_sums_past_u128_are_refused_not_overflowed() {
        let spak = Instrument::spak();
        let mut bytes = encode_tally(&spak, &Tally::new(&spak), 0).expect("shaped");
        let moments_at = HEADER + 5 * 7 * 8;
        // moments[0].sum = u128::MAX, moments[1].sum = 1: their sum overflows u128
        bytes[moments_at + 8..moments_at + 24].copy_from_slice(&u128::MAX.to_le_bytes());
        bytes[moments_at + MOMENT + 8..moments_at + MOMENT + 24]
            .copy_from_slice(&1u128.to_le_bytes());
        assert!(matches!(
            decode_tally(&spak, &bytes),
            Err(StateError::Tally(_))
        ));
        // and respondent counts whose sum overflows u64
        let mut bytes = encode_tally(&spak, &Tally::new(&spak), 0).expect("shaped");
        bytes[moments_at..moments_at + 8].copy_from_slice(&u64::MAX.to_le_bytes());
        bytes[moments_at + MOMENT..moments_at + MOMENT + 8].copy_from_slice(&1u64.to_le_bytes());
        assert!(matches!(
            decode_tally(&spak, &bytes),
            Err(StateError::Tally(_))
        ));
    }

    #[test]
    fn a_tally_of_another_shape_is_not_encoded() {
        let mut ikm_tally = Tally::new(&Instrument::ikm());
        ikm_tally
            .record(&Instrument::ikm().answers([Some(4); 9]).expect("ok"))
            .expect("fits");
        assert_eq!(encode_tally(&Instrument::spak(), &ikm_tally, 0), None);
    }

    #[test]
    fn bare_histograms_have_no_state_and_a_shapeless_tally_takes_the_instrument_shape() {
        let ikm = Instrument::ikm();
        let bare = Tally::from_histograms(1, vec![vec![0, 0, 0, 1, 0]; 9]).expect("valid");
        assert_eq!(encode_tally(&ikm, &bare, 0), None);
        let bytes = encode_tally(&ikm, &Tally::default(), 0).expect("shaped");
        assert_eq!(decode_tally(&ikm, &bytes), Ok((Tally::new(&ikm), 0)));
    }
}
