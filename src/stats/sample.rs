//! How many respondents a unit needs: Krejcie-Morgan and Slovin.

use rust_decimal::Decimal;

use crate::exact::Exact;

/// The minimum sample of Krejcie and Morgan (1970) for a population of `population`:
/// `S = X^2 N P (1 - P) / (d^2 (N - 1) + X^2 P (1 - P))` with `X^2 = 3.841`, `P = 0.5`,
/// `d = 0.05`, rounded half away from zero, which reproduces their table.
///
/// ```
/// use persepsi::krejcie_morgan;
/// assert_eq!([10, 100, 1_000, 1_000_000].map(krejcie_morgan), [10, 80, 278, 384]);
/// ```
#[must_use]
pub fn krejcie_morgan(population: u64) -> u64 {
    let n = Exact::from(population);
    let x2pq = Exact::from_decimal(Decimal::new(96_025, 5)); // 3.841 x 0.25
    let d2 = Exact::from_decimal(Decimal::new(25, 4)); // 0.05^2
    let den = &(&d2 * &(&n - &Exact::integer(1))) + &x2pq;
    let s = (&x2pq * &n).checked_div(&den).unwrap_or_else(Exact::zero);
    s.round(0).try_into().unwrap_or(u64::MAX).min(population)
}

/// Slovin's minimum sample `N / (1 + N e^2)` with `e = 0.05`, rounded up.
///
/// ```
/// use persepsi::slovin;
/// assert_eq!([10, 100, 1_000].map(slovin), [10, 80, 286]);
/// ```
#[must_use]
pub fn slovin(population: u64) -> u64 {
    let n = Exact::from(population);
    let e2 = Exact::from_decimal(Decimal::new(25, 4));
    let s = n
        .checked_div(&(&Exact::integer(1) + &(&n * &e2)))
        .unwrap_or_else(Exact::zero);
    let floor = s.round(0);
    let up = if Exact::from_decimal(floor) < s {
        floor + Decimal::ONE
    } else {
        floor
    };
    u64::try_from(up).unwrap_or(u64::MAX)
}

/// The respondents a unit needs: Krejcie-Morgan for its population when the catalog gives one,
/// else the floor of 30 (PermenPAN-RB 90/2021 as quoted).
///
/// ```
/// assert_eq!(persepsi::required_respondents(Some(100)), 80);
/// assert_eq!(persepsi::required_respondents(None), 30);
/// ```
#[must_use]
pub fn required_respondents(population: Option<u64>) -> u64 {
    population.map_or(30, krejcie_morgan)
}
