//! Trends: an index's change from one period to another, and whether it is more than noise.

use rust_decimal::Decimal;

use crate::exact::Exact;
use crate::stats::sqrt_decimal;
use crate::stats::student::student_t_cdf;

/// The change of an index between two periods, on the 0-100 scale: its standard error (the two
/// periods' respondents are independent samples) and whether it is significant at 95%.
///
/// The test is Welch's: with standard errors `a` and `b` of the two periods' indices over `n1`
/// and `n2` respondents, the change `d` is significant when `|d| > t(ν) sqrt(a² + b²)`, where
/// `t(ν)` is the 97.5% point of Student's t with the Welch-Satterthwaite degrees of freedom
/// `ν = (a² + b²)² / (a⁴ / (n1 - 1) + b⁴ / (n2 - 1))`, a real number between the smaller
/// `n - 1` and `n1 + n2 - 2` (decided by [`student_t_cdf`] at `|d| / se`,
/// so without rounding `t`). The standard errors are those of the periods' samples without a
/// finite population correction: the catalog's population is the unit's, not a period's.
///
/// ```
/// use persepsi::Trend;
/// let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
/// let t = Trend::between(d("85.00"), Some(d("1.00")), 100, d("88.00"), Some(d("1.00")), 100);
/// assert_eq!(t.change100().to_string(), "3.00");
/// assert_eq!(t.se100().map(|s| s.to_string()), Some("1.41".into()));
/// assert_eq!(t.df().map(|s| s.to_string()), Some("198.00".into())); // equal errors: n1 + n2 - 2
/// assert_eq!(t.significant(), Some(true)); // 3.00 > t(198) x 1.414 = 1.9720 x 1.414
/// // one period of 3 respondents with most of the error: ν = 2.11, t(2.11) = 4.09
/// let t = Trend::between(d("80.00"), Some(d("3.00")), 3, d("88.00"), Some(d("0.50")), 400);
/// assert_eq!(t.df().map(|s| s.to_string()), Some("2.11".into()));
/// assert_eq!(t.significant(), Some(false)); // 8.00 < 4.09 x 3.04
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Trend {
    from100: Decimal,
    to100: Decimal,
    change100: Decimal,
    se100: Option<Decimal>,
    df: Option<Decimal>,
    significant: Option<bool>,
}

/// Two periods' standard errors, the larger first, with its period's respondents, and their
/// ratio `r = small / large` (0 to 1): the form in which the change's standard error and
/// Welch's degrees of freedom take no square of a tiny or a huge error. `None` when both are 0.
struct Errors {
    large: (Decimal, u64),
    small_n: u64,
    ratio: Decimal,
}

impl Errors {
    fn of(a: Decimal, n1: u64, b: Decimal, n2: u64) -> Option<Errors> {
        let (a, b) = (a.abs(), b.abs());
        let ((large, n_large), (small, n_small)) = if a >= b {
            ((a, n1), (b, n2))
        } else {
            ((b, n2), (a, n1))
        };
        let ratio = small.checked_div(large)?;
        Some(Errors {
            large: (large, n_large),
            small_n: n_small,
            ratio,
        })
    }

    /// `sqrt(a² + b²) = large × sqrt(1 + r²)`.
    fn se(&self) -> Option<Decimal> {
        let r = self.ratio;
        self.large.0.checked_mul(sqrt_decimal(Decimal::ONE + r * r))
    }

    /// `ν = (1 + r²)² / (1 / (n_large - 1) + r⁴ / (n_small - 1))`; `None` below 2 respondents
    /// in a period.
    fn welch_df(&self) -> Option<Decimal> {
        let (n_large, n_small) = (self.large.1, self.small_n);
        if n_large < 2 || n_small < 2 {
            return None;
        }
        let r2 = self.ratio * self.ratio;
        let numerator = (Decimal::ONE + r2) * (Decimal::ONE + r2);
        let denominator =
            Decimal::ONE / Decimal::from(n_large - 1) + r2 * r2 / Decimal::from(n_small - 1);
        numerator.checked_div(denominator)
    }
}

impl Trend {
    /// The trend from one period's 0-100 value, standard error and respondents to the next's.
    /// Without both standard errors, or with a period of fewer than 2 respondents, significance
    /// is unknown (`None`); two zero errors make no change significant. Student's t has the
    /// Welch-Satterthwaite degrees of freedom (see [`Trend`]).
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
        let (se, df) = match (from_se, to_se) {
            (Some(a), Some(b)) => match Errors::of(a, from_n, b, to_n) {
                Some(errors) => (errors.se(), errors.welch_df()),
                // both zero
                None => (Some(Decimal::ZERO), None),
            },
            _ => (None, None),
        };
        // no error at all: no change is significant; else Welch's test, unknown without df
        let significant = se.and_then(|se| {
            if se <= Decimal::ZERO {
                return Some(false);
            }
            let t = change.abs().checked_div(se)?;
            student_t_cdf(t, df?).map(|p| p > Decimal::new(975, 3))
        });
        Trend {
            from100,
            to100,
            change100: Exact::from_decimal(change).round(2),
            se100: se.map(|s| Exact::from_decimal(s).round(2)),
            df,
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

    /// The Welch-Satterthwaite degrees of freedom of the test (2 decimals), when both periods
    /// have a standard error and 2 respondents or more.
    #[must_use]
    pub fn df(&self) -> Option<Decimal> {
        self.df.map(|d| Exact::from_decimal(d).round(2))
    }

    /// Whether the change is significant at 95%, when known.
    #[must_use]
    pub fn significant(&self) -> Option<bool> {
        self.significant
    }
}
