//! Why a record was rejected, and where.

use std::fmt;

use crate::code::{ItemCode, ServiceCode, UnitCode};

/// Why a record was rejected. [`RejectReason::code`] gives the stable snake_case name used in
/// reports. The checks run in the order of the variants and the first failing one is the reason,
/// except that the stars are checked item by item in questionnaire order: the first item with a
/// malformed or out-of-range star decides between [`RejectReason::MalformedStar`] and
/// [`RejectReason::StarOutOfRange`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RejectReason {
    /// The record is not valid UTF-8 (or otherwise unreadable as a record).
    MalformedRecord,
    /// The record has another number of fields than the header.
    WrongColumnCount {
        /// Fields in the header (or answers the questionnaire expects).
        expected: usize,
        /// Fields in the record.
        found: usize,
    },
    /// The response id is empty.
    MissingResponseId,
    /// An earlier accepted response had this id.
    DuplicateResponseId {
        /// The position (line) of the accepted response with the id.
        first: u64,
    },
    /// The date is not a real calendar date written `YYYY-MM-DD`.
    BadDate {
        /// The date text (trimmed).
        text: String,
    },
    /// The unit is not in the catalog.
    UnknownUnit {
        /// The unit text (trimmed).
        unit: String,
    },
    /// The service is not in the catalog.
    UnknownService {
        /// The service text (trimmed).
        service: String,
    },
    /// The unit's own offers entry does not list the service.
    ServiceNotOffered {
        /// The unit.
        unit: UnitCode,
        /// The service.
        service: ServiceCode,
    },
    /// A star is not one or more ASCII digits.
    MalformedStar {
        /// The first offending item, in questionnaire order.
        item: ItemCode,
        /// The cell (trimmed).
        text: String,
    },
    /// A star is outside `1..=k`.
    StarOutOfRange {
        /// The first offending item.
        item: ItemCode,
        /// The value (saturated at `u64::MAX`).
        value: u64,
        /// The scale's points.
        points: u8,
    },
    /// Every item cell is empty.
    NoAnswers,
}

impl RejectReason {
    /// The reason's stable name: `malformed_record`, `wrong_column_count`,
    /// `missing_response_id`, `duplicate_response_id`, `bad_date`, `unknown_unit`,
    /// `unknown_service`, `service_not_offered`, `malformed_star`, `star_out_of_range`,
    /// `no_answers`.
    ///
    /// ```
    /// assert_eq!(persepsi::RejectReason::NoAnswers.code(), "no_answers");
    /// ```
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            RejectReason::MalformedRecord => "malformed_record",
            RejectReason::WrongColumnCount { .. } => "wrong_column_count",
            RejectReason::MissingResponseId => "missing_response_id",
            RejectReason::DuplicateResponseId { .. } => "duplicate_response_id",
            RejectReason::BadDate { .. } => "bad_date",
            RejectReason::UnknownUnit { .. } => "unknown_unit",
            RejectReason::UnknownService { .. } => "unknown_service",
            RejectReason::ServiceNotOffered { .. } => "service_not_offered",
            RejectReason::MalformedStar { .. } => "malformed_star",
            RejectReason::StarOutOfRange { .. } => "star_out_of_range",
            RejectReason::NoAnswers => "no_answers",
        }
    }

    /// Every reason code, in check order.
    pub const CODES: [&'static str; 11] = [
        "malformed_record",
        "wrong_column_count",
        "missing_response_id",
        "duplicate_response_id",
        "bad_date",
        "unknown_unit",
        "unknown_service",
        "service_not_offered",
        "malformed_star",
        "star_out_of_range",
        "no_answers",
    ];
}

impl std::error::Error for RejectReason {}

impl fmt::Display for RejectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RejectReason::MalformedRecord => write!(f, "the record is not valid UTF-8"),
            RejectReason::WrongColumnCount { expected, found } => {
                write!(f, "the record has {found} fields, the header {expected}")
            }
            RejectReason::MissingResponseId => write!(f, "the response id is empty"),
            RejectReason::DuplicateResponseId { first } => {
                write!(f, "the response id was already accepted at line {first}")
            }
            RejectReason::BadDate { text } => {
                write!(f, "{text:?} is not a date written YYYY-MM-DD")
            }
            RejectReason::UnknownUnit { unit } => write!(f, "unknown unit {unit:?}"),
            RejectReason::UnknownService { service } => write!(f, "unknown service {service:?}"),
            RejectReason::ServiceNotOffered { unit, service } => {
                write!(f, "unit {unit} does not offer service {service}")
            }
            RejectReason::MalformedStar { item, text } => {
                write!(f, "item {item}: {text:?} is not a whole number of stars")
            }
            RejectReason::StarOutOfRange {
                item,
                value,
                points,
            } => {
                write!(f, "item {item}: star {value} is outside 1..={points}")
            }
            RejectReason::NoAnswers => write!(f, "no item is answered"),
        }
    }
}

/// A rejected record: where it was, its id, and why.
///
/// ```
/// use persepsi::{Rejection, RejectReason};
/// let r = Rejection { line: 17, response_id: "R15".into(), reason: RejectReason::NoAnswers };
/// assert_eq!(r.to_string(), "line 17 (response R15): no_answers: no item is answered");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, thiserror::Error)]
#[error("line {line} (response {response_id}): {}: {reason}", reason.code())]
pub struct Rejection {
    /// The record's position: the 1-based physical line it starts on in a file, or whatever
    /// position the caller gave.
    pub line: u64,
    /// The trimmed response id, empty when the record has none.
    pub response_id: String,
    /// Why it was rejected.
    pub reason: RejectReason,
}

/// Rejections counted per reason code, in alphabetical order of the code.
pub(crate) fn count_by_reason(
    rejected: &[Rejection],
) -> std::collections::BTreeMap<&'static str, u64> {
    let mut counts = std::collections::BTreeMap::new();
    for r in rejected {
        *counts.entry(r.reason.code()).or_insert(0) += 1;
    }
    counts
}
