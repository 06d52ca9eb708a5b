//! Responses: raw records, validation against a catalog and a questionnaire, and rejections.

mod check;
mod reject;
pub(crate) mod seen;

use crate::catalog::{ServiceId, UnitId};
use crate::instrument::Answers;
use crate::period::Date;

#[cfg(feature = "csv")]
pub(crate) use check::trim;
pub(crate) use check::{check_fields, split_answers};
pub(crate) use reject::count_by_reason;
pub use reject::{RejectReason, Rejection};

/// One response as it arrives from a file or a form: every field as text.
///
/// Cells are trimmed (Unicode white space, as [`str::trim`]) before they are checked; an empty
/// answer cell is a missing answer.
///
/// ```
/// let raw = persepsi::RawResponse {
///     id: "R1",
///     date: "2025-03-14",
///     unit: "KW-NTT-YANKUM",
///     service: "KI-MEREK",
///     answers: &["6", "5", "6", "6", "5", "6", "6", "", "6", "6", "6", "6", "6"],
/// };
/// assert_eq!(raw.answers.len(), 13);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawResponse<'a> {
    /// The response id (unique in a survey).
    pub id: &'a str,
    /// The date the service was given, `YYYY-MM-DD`.
    pub date: &'a str,
    /// The unit that gave the service.
    pub unit: &'a str,
    /// The service.
    pub service: &'a str,
    /// One cell per item of the questionnaire, in questionnaire order (instruments in order,
    /// items in order).
    pub answers: &'a [&'a str],
}

/// A validated response: a known unit that offers the service, a real date, and one [`Answers`]
/// per instrument of the questionnaire with at least one answer in all.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Response {
    pub(crate) id: Box<str>,
    pub(crate) date: Date,
    pub(crate) unit: UnitId,
    pub(crate) service: ServiceId,
    pub(crate) answers: Vec<Answers>,
}

impl Response {
    /// The response id (trimmed).
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The date.
    #[must_use]
    pub fn date(&self) -> Date {
        self.date
    }

    /// The unit, in the catalog it was validated against.
    #[must_use]
    pub fn unit(&self) -> UnitId {
        self.unit
    }

    /// The service, in that catalog.
    #[must_use]
    pub fn service(&self) -> ServiceId {
        self.service
    }

    /// The answers per instrument, in questionnaire order.
    #[must_use]
    pub fn answers(&self) -> &[Answers] {
        &self.answers
    }
}
