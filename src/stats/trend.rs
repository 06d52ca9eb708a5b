//! Trends: an index's change from one period to another, and whether it is more than noise.

use rust_decimal::Decimal;

use crate::exact::Exact;
use crate::stats::{sqrt_decimal, t95};

/// The change of an index between two periods, on the 0-100 scale: its standard error (the two
/// periods' respondents are independent samples) and whether it is significant at 95%.
///
/// ```
/// use persepsi::Trend;
/// let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
/// let t = Trend::between(d("85.00"), Some(d("1.00")), 100, d("88.00"), Some(d("1.00")), 100);
/// assert_eq!(t.change100().to_string(), "3.00");
/// assert_eq!(t.se100().map(|s| s.to_string()), Some("1.41".into()));
/// assert_eq!(t.significant(), Some(true)); // 3.00 > t(99) x 1.414 = 2.0003 x 1.414
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Trend {
    from100: Decimal,
    to100: Decimal,
    change100: Decimal,
    se100: Option<Decimal>,
    significant: Option<bool>,
}

impl Trend {
    /// The trend from one period's 0-100 value, standard error and respondents to the next's.
    /// Without both standard errors, significance is unknown (`None`). Student's t uses the
    /// smaller period's degrees of freedom.
    #[must_use]
    pub fn between(
        from100: Decimal,
        from_se: Option<Decimal>,
        from_n: u64,
        to100: Decimal,
        to_se: Option<Decimal>,
        to_n: u64,
    ) -> Trend {
        // saturating: the values a caller passes may be any Decimal
        let change = to100.saturating_sub(from100);
        let se = match (from_se, to_se) {
            (Some(a), Some(b)) => a
                .checked_mul(a)
                .zip(b.checked_mul(b))
                .and_then(|(x, y)| x.checked_add(y))
                .map(sqrt_decimal),
            _ => None,
        };
        let df = from_n.min(to_n).saturating_sub(1);
        let significant = se.map(|se| se > Decimal::ZERO && change.abs() > t95(df) * se);
        Trend {
            from100,
            to100,
            change100: Exact::from_decimal(change).round(2),
            se100: se.map(|s| Exact::from_decimal(s).round(2)),
            significant,
        }
    }

    /// The first period's 0-100 value.
    #[must_use]
    pub fn from100(&self) -> Decimal {
        self.from100
    }

    /// The second period's 0-100 value.
    #[must_use]
    pub fn to100(&self) -> Decimal {
        self.to100
    }

    /// The change, second minus first (2 decimals).
    #[must_use]
    pub fn change100(&self) -> Decimal {
        self.change100
    }

    /// The standard error of the change (2 decimals), when both periods have one.
    #[must_use]
    pub fn se100(&self) -> Option<Decimal> {
        self.se100
    }

    /// Whether the change is significant at 95%, when known.
    #[must_use]
    pub fn significant(&self) -> Option<bool> {
        self.significant
    }
}
