//! The printed decimals of a report as a workbook's numbers.

use rust_decimal::Decimal;

/// The binary64 value nearest `d` (Rust's float parsing rounds correctly to nearest).
pub(crate) fn to_f64(d: Decimal) -> f64 {
    d.to_string().parse().unwrap_or(f64::NAN)
}

/// A number format that shows exactly `d`'s decimals (`0`, `0.00`, `0.0000`).
pub(crate) fn format_of(d: Decimal) -> String {
    match d.scale() {
        0 => "0".to_owned(),
        s => format!("0.{}", "0".repeat(s as usize)),
    }
}
