//! What a document says about how it was made, beside the report itself.

/// Where a report came from and when it was made: the `Metode` sheet of the workbook and the
/// page's footer print it.
///
/// ```
/// use persepsi_render::Meta;
///
/// let meta = Meta::new("responses.csv").catalog("Kemenkum 2025").generated_at(0);
/// assert_eq!(meta.generated_text(), "1970-01-01 00:00:00 UTC");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    source: String,
    catalog: String,
    options: Vec<(String, String)>,
    generated: i64,
}

impl Meta {
    /// The metadata of a report read from `source` (a file name, or a description such as
    /// "the bundled sample"), with the built-in catalog, no options, made now: at the time
    /// `SOURCE_DATE_EPOCH` gives (seconds since 1970, so that a document can be made again byte
    /// for byte), else at the system clock's time.
    #[must_use]
    pub fn new(source: impl Into<String>) -> Meta {
        Meta {
            source: source.into(),
            catalog: "Kemenkum 2025 (bawaan)".to_owned(),
            options: Vec::new(),
            generated: now(),
        }
    }

    /// The catalog's description.
    #[must_use]
    pub fn catalog(mut self, catalog: impl Into<String>) -> Meta {
        self.catalog = catalog.into();
        self
    }

    /// Adds an option the report was made with, as `(name, value)` (`--by`, `service`).
    #[must_use]
    pub fn option(mut self, name: impl Into<String>, value: impl Into<String>) -> Meta {
        self.options.push((name.into(), value.into()));
        self
    }

    /// Sets the time the document was made, in seconds since 1970-01-01 UTC.
    #[must_use]
    pub fn generated_at(mut self, seconds: i64) -> Meta {
        self.generated = seconds;
        self
    }

    /// The source's description.
    #[must_use]
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The catalog's description.
    #[must_use]
    pub fn catalog_name(&self) -> &str {
        &self.catalog
    }

    /// The options, in the order given.
    #[must_use]
    pub fn options(&self) -> &[(String, String)] {
        &self.options
    }

    /// The time the document was made, in seconds since 1970-01-01 UTC.
    #[must_use]
    pub fn generated(&self) -> i64 {
        self.generated
    }

    /// The time the document was made as `YYYY-MM-DD HH:MM:SS UTC`.
    #[must_use]
    pub fn generated_text(&self) -> String {
        let (days, secs) = (
            self.generated.div_euclid(86_400),
            self.generated.rem_euclid(86_400),
        );
        let (y, m, d) = civil(days);
        format!(
            "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }

    /// The version of the `persepsi` library that computed the report.
    #[must_use]
    pub fn version(&self) -> &'static str {
        env!("CARGO_PKG_VERSION")
    }
}

/// `SOURCE_DATE_EPOCH` if set to whole seconds, else the system clock (0 before 1970).
fn now() -> i64 {
    if let Some(epoch) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
    {
        return epoch;
    }
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's
/// `civil_from_days`), for any `i64` day that `generated / 86_400` gives.
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_of_known_days() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(-1), (1969, 12, 31));
        // 2000-02-29, a leap day of a century divisible by 400
        assert_eq!(civil(11_016), (2000, 2, 29));
        // 2026-12-02
        assert_eq!(civil(20_789), (2026, 12, 2));
        let meta = Meta::new("x").generated_at(1_764_709_199);
        assert_eq!(meta.generated_text(), "2025-12-02 20:59:59 UTC");
        // the extremes do not overflow
        let _ = Meta::new("x").generated_at(i64::MAX).generated_text();
        let _ = Meta::new("x").generated_at(i64::MIN).generated_text();
    }
}
