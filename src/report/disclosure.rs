//! Disclosure control: the counts of a respondent profile a report may print, and the answer
//! distributions it withholds, so that a small cell cannot point at a person.
//!
//! The rules and what they do not protect are on [`ProfileColumn`].

/// One value of a profile column as a report prints it: the value and its count, or no count
/// when the count is suppressed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ProfileValue {
    /// The value: the trimmed cell text (`""` for an empty cell).
    pub value: String,
    /// The respondents who gave it; `None` when suppressed.
    pub respondents: Option<u64>,
}

impl ProfileValue {
    /// Whether the count is suppressed.
    #[must_use]
    pub fn suppressed(&self) -> bool {
        self.respondents.is_none()
    }
}

/// One profile column of a unit's line: its values, those published first (by count, highest
/// first, then by value), the suppressed ones after them (by value).
///
/// # Disclosure control
///
/// With a minimum cell of `N` ([`ReportOptions::min_cell`](crate::ReportOptions::min_cell),
/// 5 by default; 0 or 1 turns it off):
///
/// - **Primary suppression.** In a unit's profile, a value given by 1 to `N - 1` respondents
///   is printed without its count.
/// - **Secondary suppression.** When exactly one value of a column is suppressed and another is
///   published, the count of that one could be recovered as the column's total less the
///   others; so the smallest published count of the column is suppressed too (on a tie, the last of
///   them in print order, that is the greatest value).
/// - **Withheld distributions.** In every scope (a unit, a unit's service, a unit's period)
///   whose respondents on an instrument are fewer than `N`, that instrument's distribution of
///   stars per item is withheld: with four respondents, "one gave 1 star" names someone to those
///   who know who came.
///
/// What this does **not** protect, and a reader of a published report should know:
///
/// - **Differencing between levels.** A parent's count less the published counts of its other
///   children recovers a suppressed child's count; every unit is controlled on its own, not the
///   hierarchy as a whole. Publish one level, or review a multi-level table by hand.
/// - **Differencing inside a unit.** A unit's distribution less the published distributions
///   of its other services (or periods) gives back a withheld one.
/// - **Differencing between reports.** Two reports of overlapping periods or scopes can be
///   subtracted in the same way.
/// - **A column of one value.** Its suppressed count is the unit's `respondents`, which is
///   printed; and where every value is suppressed, their sum is the unit's total.
/// - **Small sums.** Two suppressed values whose sum (the total less the published counts) is 2
///   are 1 each: a listed value has at least one respondent.
/// - **Presence.** A suppressed value is still named: that someone in a unit of three holds an
///   S3 is itself printed.
/// - **The indices themselves.** An NRR, an index or a grade over one respondent is that
///   person's answers; the report prints them for every scope with any respondent (the unit's
///   `respondents` tells how many stand behind them), and withholds only the distributions.
/// - **Rejected records.** The list of rejections names response ids and lines, as a data
///   steward needs; it is not for publication.
///
/// # Example
///
/// ```
/// # #[cfg(feature = "csv")] {
/// use persepsi::{Catalog, Questionnaire, ReadOptions, Report, ReportOptions, Survey};
///
/// // 6 x "S1", 5 x "SMA", 2 x "D3": D3 is suppressed (2 < 5), and then SMA (the smallest
/// // published count), since the unit's 13 less 6 would give D3's 2 away
/// let mut csv = String::from("response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9,edu\n");
/// for (i, edu) in ["S1"; 6].iter().chain(&["SMA"; 5]).chain(&["D3"; 2]).enumerate() {
///     csv += &format!("R{i},2025-01-05,KW-NTT-TU,UMUM-INFORMASI,4,4,4,4,4,4,4,4,4,{edu}\n");
/// }
/// let mut survey = Survey::new(Catalog::kemenkum_2025(), Questionnaire::ikm());
/// survey.read_csv_with(csv.as_bytes(), ReadOptions::default().profile(["edu"]))?;
/// let report = Report::with_options(&survey, &ReportOptions::default())?;
/// let edu = &report.units[0].profile.as_ref().ok_or("no profile")?[0];
/// let printed: Vec<_> = edu.values.iter().map(|v| (v.value.as_str(), v.respondents)).collect();
/// assert_eq!(printed, [("S1", Some(6)), ("D3", None), ("SMA", None)]);
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ProfileColumn {
    /// The column's name, as asked for.
    pub column: String,
    /// Its values.
    pub values: Vec<ProfileValue>,
}

/// The column as printed with a minimum cell of `min_cell`, from its values' counts (each value
/// once, counts from 1): the rules of [`ProfileColumn`].
///
pub(crate) fn publish(column: &str, counts: &[(String, u64)], min_cell: u64) -> ProfileColumn {
    let small = |n: u64| n < min_cell;
    let mut published: Vec<(&str, u64)> = counts
        .iter()
        .filter(|(_, n)| !small(*n))
        .map(|(v, n)| (v.as_str(), *n))
        .collect();
    let mut suppressed: Vec<&str> = counts
        .iter()
        .filter(|(_, n)| small(*n))
        .map(|(v, _)| v.as_str())
        .collect();
    published.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    // sorted by count, highest first: the last published is the last of the smallest
    if suppressed.len() == 1
        && let Some((value, _)) = published.pop()
    {
        suppressed.push(value);
    }
    suppressed.sort_unstable();
    ProfileColumn {
        column: column.to_owned(),
        values: published
            .into_iter()
            .map(|(v, n)| ProfileValue {
                value: v.to_owned(),
                respondents: Some(n),
            })
            .chain(suppressed.into_iter().map(|v| ProfileValue {
                value: v.to_owned(),
                respondents: None,
            }))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::publish;

    fn counts(pairs: &[(&str, u64)]) -> Vec<(String, u64)> {
        pairs.iter().map(|(v, n)| ((*v).to_owned(), *n)).collect()
    }

    fn printed(min: u64, pairs: &[(&str, u64)]) -> Vec<(String, Option<u64>)> {
        publish("c", &counts(pairs), min)
            .values
            .into_iter()
            .map(|v| (v.value, v.respondents))
            .collect()
    }

    fn own(pairs: &[(&str, Option<u64>)]) -> Vec<(String, Option<u64>)> {
        pairs.iter().map(|(v, n)| ((*v).to_owned(), *n)).collect()
    }

    #[test]
    fn the_rules_by_hand() {
        // nothing small: all published, by count then value
        assert_eq!(
            printed(5, &[("L", 7), ("P", 9), ("X", 7)]),
            own(&[("P", Some(9)), ("L", Some(7)), ("X", Some(7))])
        );
        // one small: it, and the last of the smallest published (L and X have 7: X is last)
        assert_eq!(
            printed(5, &[("L", 7), ("P", 9), ("X", 7), ("A", 1)]),
            own(&[("P", Some(9)), ("L", Some(7)), ("A", None), ("X", None)])
        );
        // two small: each hides the other, nothing more is suppressed
        assert_eq!(
            printed(5, &[("L", 7), ("A", 1), ("B", 4)]),
            own(&[("L", Some(7)), ("A", None), ("B", None)])
        );
        // one small and nothing published: no secondary
        assert_eq!(printed(5, &[("A", 3)]), own(&[("A", None)]));
        // a single value, large enough
        assert_eq!(printed(5, &[("A", 5)]), own(&[("A", Some(5))]));
        // off at 0 and 1
        for min in [0, 1] {
            assert_eq!(
                printed(min, &[("A", 1), ("B", 2)]),
                own(&[("B", Some(2)), ("A", Some(1))])
            );
        }
    }

    proptest! {
        /// A published count is the true count whatever the minimum; a suppressed value has no
        /// count; every value is printed once; and a suppressed value is never alone beside a
        /// published one (alone with none published, its count is the unit's total: see the
        /// limits on `ProfileColumn`).
        #[test]
        fn published_counts_are_true_and_suppressed_ones_carry_none(
            raw in prop::collection::btree_map("[a-e]{0,2}", 1u64..12, 0..7),
            min in 0u64..10,
            other in 0u64..10,
        ) {
            let counts: Vec<(String, u64)> = raw.clone().into_iter().collect();
            let a = publish("c", &counts, min);
            let b = publish("c", &counts, other);
            for column in [&a, &b] {
                prop_assert_eq!(column.values.len(), raw.len());
                for v in &column.values {
                    if let Some(n) = v.respondents {
                        prop_assert_eq!(Some(&n), raw.get(&v.value));
                    }
                    prop_assert_eq!(v.suppressed(), v.respondents.is_none());
                }
                let hidden = column.values.iter().filter(|v| v.suppressed()).count();
                let shown = column.values.len() - hidden;
                prop_assert!(hidden != 1 || shown == 0);
            }
            // below the minimum: never published
            for v in &a.values {
                if raw[&v.value] < min {
                    prop_assert!(v.suppressed());
                }
            }
        }
    }
}
