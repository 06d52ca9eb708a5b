//! What an instrument's items show: the spread of the answers, the ranks by NRR and the lowest
//! items (the "unsur prioritas perbaikan").

use std::cmp::Ordering;

use crate::code::ItemCode;
use crate::exact::Exact;
use crate::rollup::InstrumentRollup;

/// What an instrument's items (unsur) show over a report's scope, from the pooled answers and
/// their exact NRR (for either roll-up method).
///
/// ```
/// # #[cfg(feature = "csv")] {
/// use persepsi::{Catalog, Questionnaire, Report, ReportOptions, Survey};
///
/// // U3 and U6 have the lowest NRR (2.5); U1 (4) ranks first, U2, U5 and U8 share rank 5
/// let csv = "response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9\n\
///            R1,2025-01-05,KW-NTT-TU,UMUM-INFORMASI,4,3,2,4,3,2,4,3,4\n\
///            R2,2025-01-06,KW-NTT-TU,UMUM-INFORMASI,4,4,3,4,4,3,4,4,4\n";
/// let mut survey = Survey::new(Catalog::kemenkum_2025(), Questionnaire::ikm());
/// survey.read_csv(csv.as_bytes())?;
/// let report = Report::with_options(&survey, &ReportOptions::default())?;
/// let items = &report.units[0].indices[0].items;
/// let codes = |v: &[persepsi::ItemCode]| v.iter().map(|c| c.to_string()).collect::<Vec<_>>();
/// assert_eq!(codes(&items.lowest), ["U3", "U6"]);
/// assert_eq!(items.ranks[0].1, 1); // U1
/// assert_eq!(items.ranks[1].1, 5); // U2: four items (U1, U4, U7, U9) are higher
/// assert_eq!(items.ranks[2].1, 8); // U3, tied with U6
/// // U2 got one 3 and one 4 (on 1..=4: counts of 1, 2, 3 and 4 stars)
/// // (shown with the minimum cell off: two respondents are fewer than the default 5)
/// let report = Report::with_options(&survey, &ReportOptions::default().min_cell(0))?;
/// let items = &report.units[0].indices[0].items;
/// let distribution = items.distribution.as_ref().ok_or("withheld")?;
/// assert_eq!(distribution[1].1, [0, 0, 1, 1]);
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct ItemFindings {
    /// Every item of the instrument, in questionnaire order, with its answers of each star
    /// value `1..=k` (all zeros for an item nobody answered); `None` (withheld) when the
    /// instrument's respondents in the scope are fewer than the report's minimum cell
    /// ([`ReportOptions::min_cell`](crate::ReportOptions::min_cell)).
    pub distribution: Option<Vec<(ItemCode, Vec<u64>)>>,
    /// The items whose exact NRR equals the lowest NRR among the answered items, in
    /// questionnaire order: the "unsur prioritas perbaikan".
    pub lowest: Vec<ItemCode>,
    /// Each answered item, in questionnaire order, with its rank by exact NRR: 1 is the highest,
    /// tied items share the smaller rank and the next rank skips (1, 2, 2, 4).
    pub ranks: Vec<(ItemCode, usize)>,
}

impl ItemFindings {
    /// The findings of one instrument's roll-up, its distribution withheld below `min_cell`
    /// respondents.
    pub(crate) fn of(rollup: &InstrumentRollup, min_cell: u64) -> ItemFindings {
        let tally = rollup.tally();
        let items = rollup.pooled().items();
        let distribution = (rollup.respondents() >= min_cell).then(|| {
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let counts = tally.histogram(i).get(1..).unwrap_or(&[]).to_vec();
                    (item.code().clone(), counts)
                })
                .collect()
        });
        // each answered item's NRR as its star sum over its answers, compared by
        // cross-multiplying in machine words (the exact NRR where a product would overflow)
        let answered: Vec<(&ItemCode, u128, u128, &Exact)> = items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let nrr = item.nrr()?;
                Some((
                    item.code(),
                    tally.star_sum(i),
                    u128::from(item.answered()),
                    nrr,
                ))
            })
            .collect();
        let cmp = |a: &(&ItemCode, u128, u128, &Exact), b: &(&ItemCode, u128, u128, &Exact)| match (
            a.1.checked_mul(b.2),
            b.1.checked_mul(a.2),
        ) {
            (Some(x), Some(y)) => x.cmp(&y),
            _ => a.3.cmp(b.3),
        };
        let ranks = answered
            .iter()
            .map(|a| {
                let above = answered
                    .iter()
                    .filter(|b| cmp(b, a) == Ordering::Greater)
                    .count();
                (a.0.clone(), above + 1)
            })
            .collect();
        let lowest = match answered.iter().min_by(|a, b| cmp(a, b)) {
            Some(min) => answered
                .iter()
                .filter(|a| cmp(a, min) == Ordering::Equal)
                .map(|a| a.0.clone())
                .collect(),
            None => Vec::new(),
        };
        ItemFindings {
            distribution,
            lowest,
            ranks,
        }
    }
}
