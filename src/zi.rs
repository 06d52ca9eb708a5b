//! Zona Integritas: the LKE points an index earns and the thresholds of the WBK/WBBM titles.

use rust_decimal::Decimal;

use crate::exact::Exact;

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
/// use persepsi::ZiThresholds;
/// let zi = ZiThresholds::default();
/// assert!(zi.meets("SPAK", "3.60".parse()?));
/// assert!(!zi.meets("SPKP", "3.59".parse()?));
/// assert!(!zi.meets("IKM", "4.00".parse()?)); // not a ZI instrument
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ZiThresholds {
    /// Minimum IPAK (SPAK), 1-4 scale.
    pub ipak: Decimal,
    /// Minimum IPKP (SPKP), 1-4 scale.
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
    /// True when the instrument (`SPAK` or `SPKP`) has a printed 1-4 value at or above its
    /// threshold; false for other instruments.
    #[must_use]
    pub fn meets(&self, instrument: &str, index4: Decimal) -> bool {
        match instrument {
            "SPAK" => index4 >= self.ipak,
            "SPKP" => index4 >= self.ipkp,
            _ => false,
        }
    }
}
