//! Zona Integritas: the LKE points an index earns and the thresholds of the WBK/WBBM titles.

use rust_decimal::Decimal;

use crate::exact::Exact;
use crate::instrument::ZiIndicator;

/// The Zona Integritas LKE points of an index on the 1-4 scale: `index / 4 x 17.5`, from the
/// exact value (PermenPAN-RB 90/2021; the same rule for IPAK and IPKP).
///
/// ```
/// use persepsi::{lke_points, Exact};
/// assert_eq!(lke_points(&Exact::from_ratio(394, 100)?).round(2).to_string(), "17.24");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn lke_points(index4: &Exact) -> Exact {
    // 35 x / 8, normalized with small gcds only
    index4.affine(0, 35, 8).unwrap_or_else(Exact::zero)
}

/// The minimum IPAK and IPKP (1-4 scale, as published with 2 decimals) a unit needs for a Zona
/// Integritas title. The defaults, 3.60 for both, are commonly quoted but **unconfirmed**: they
/// are data, to be replaced when the regulation's values are known.
///
/// ```
/// use persepsi::{ZiIndicator, ZiThresholds};
/// let zi = ZiThresholds::default();
/// assert!(zi.meets(ZiIndicator::Ipak, "3.60".parse()?));
/// assert!(!zi.meets(ZiIndicator::Ipkp, "3.59".parse()?));
/// assert_eq!(zi.threshold(ZiIndicator::Ipkp).to_string(), "3.60");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ZiThresholds {
    /// Minimum IPAK, 1-4 scale.
    pub ipak: Decimal,
    /// Minimum IPKP, 1-4 scale.
    pub ipkp: Decimal,
}

impl Default for ZiThresholds {
    fn default() -> Self {
        ZiThresholds {
            ipak: Decimal::new(360, 2),
            ipkp: Decimal::new(360, 2),
        }
    }
}

impl ZiThresholds {
    /// The minimum of an indicator, 1-4 scale.
    #[must_use]
    pub fn threshold(&self, indicator: ZiIndicator) -> Decimal {
        match indicator {
            ZiIndicator::Ipak => self.ipak,
            ZiIndicator::Ipkp => self.ipkp,
        }
    }

    /// True when a printed 1-4 value of the indicator is at or above its threshold. Which
    /// indicator an instrument is, if any, is [`Instrument::zi_indicator`].
    ///
    /// [`Instrument::zi_indicator`]: crate::Instrument::zi_indicator
    #[must_use]
    pub fn meets(&self, indicator: ZiIndicator, index4: Decimal) -> bool {
        index4 >= self.threshold(indicator)
    }
}
