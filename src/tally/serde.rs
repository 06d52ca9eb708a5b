//! Tallies in serde: one histogram per item and the respondent-score moments, re-validated on
//! the way in.

use crate::tally::{ScoreMoments, Tally};

/// The wire form: one histogram per item, `[missing, 1 star, ..., k stars]`, and the
/// respondent-score moments `[n, sum, sum of squares]` per number of answered items (absent
/// for a tally made from bare histograms). Numbers above 2^53 lose precision in many JSON
/// readers other than serde_json; serde_json keeps them exact.
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct Repr {
    respondents: u64,
    histograms: Vec<Vec<u64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scores: Option<Vec<(u64, u128, u128)>>,
}

impl serde::Serialize for Tally {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let histograms = (0..self.items)
            .map(|i| self.histogram(i).to_vec())
            .collect();
        let scores = self
            .scores
            .as_ref()
            .map(|m| m.iter().map(|m| (m.n, m.sum, m.sumsq)).collect());
        Repr {
            respondents: self.respondents,
            histograms,
            scores,
        }
        .serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for Tally {
    /// Re-validates: consistent histograms, and moments that agree with them.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Tally, D::Error> {
        let repr = Repr::deserialize(d)?;
        if repr.histograms.is_empty() && repr.respondents == 0 {
            return Ok(Tally::default());
        }
        let tally = Tally::from_histograms(repr.respondents, repr.histograms)
            .map_err(serde::de::Error::custom)?;
        let Some(scores) = repr.scores else {
            return Ok(tally);
        };
        let scores: Vec<ScoreMoments> = scores
            .into_iter()
            .map(|(n, sum, sumsq)| ScoreMoments { n, sum, sumsq })
            .collect();
        if !tally.scores_fit(&scores) {
            return Err(serde::de::Error::custom(
                "the respondent-score moments do not fit the histograms",
            ));
        }
        Ok(Tally {
            scores: Some(scores),
            ..tally
        })
    }
}
