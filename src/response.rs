//! Responses: raw records, validation against a catalog and a questionnaire, and rejections.

use std::fmt;

use crate::catalog::{Catalog, ServiceId, UnitId};
use crate::code::{ItemCode, ServiceCode, UnitCode};
use crate::instrument::{Answers, Questionnaire};
use crate::period::Date;
use crate::scale::parse_digits;

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

/// [`str::trim`], with a shortcut for the usual cell that starts and ends with a visible ASCII
/// character.
pub(crate) fn trim(cell: &str) -> &str {
    match cell.as_bytes() {
        [] => cell,
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => cell,
        [only] if only.is_ascii_graphic() => cell,
        _ => cell.trim(),
    }
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

/// The parts of a record that pass checks 4-9, with stars in `slots` (0 = missing) for all items
/// of the questionnaire in order.
pub(crate) struct Checked {
    pub(crate) date: Date,
    pub(crate) unit: UnitId,
    pub(crate) service: ServiceId,
    /// The catalog's number of the offered (unit, service) pair.
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) pair: u32,
}

/// Checks 4-9 (date, unit, service, mapping, stars, any answer) of a trimmed record; fills
/// `slots` with one star (0 = missing) per questionnaire item.
pub(crate) fn check_fields<'s>(
    catalog: &Catalog,
    questionnaire: &Questionnaire,
    date: &str,
    unit: &str,
    service: &str,
    answer: impl Fn(usize) -> Option<&'s str>,
    slots: &mut Vec<u8>,
) -> Result<Checked, RejectReason> {
    let date = trim(date);
    let Some(date) = Date::parse_bytes(date.as_bytes()) else {
        return Err(RejectReason::BadDate {
            text: date.to_owned(),
        });
    };
    let unit = trim(unit);
    let Some(unit_id) = catalog.unit_id(unit) else {
        return Err(RejectReason::UnknownUnit {
            unit: unit.to_owned(),
        });
    };
    let service = trim(service);
    let Some(service_id) = catalog.service_id(service) else {
        return Err(RejectReason::UnknownService {
            service: service.to_owned(),
        });
    };
    let Some(pair) = catalog.offer_pair(unit_id, service_id) else {
        return Err(RejectReason::ServiceNotOffered {
            unit: catalog.unit(unit_id).code().clone(),
            service: catalog.service(service_id).code().clone(),
        });
    };
    slots.clear();
    slots.reserve(questionnaire.item_count());
    let mut any = false;
    let mut k = 0;
    for ins in questionnaire.instruments() {
        let points = ins.scale().points();
        for item in ins.items() {
            let cell = answer(k).unwrap_or("");
            k += 1;
            // the usual cell: one digit on the scale (a digit: on a 10-point scale, b'0' + 10
            // is ':')
            if let &[d] = cell.as_bytes() {
                let v = d.wrapping_sub(b'0');
                if (1..=9).contains(&v) && v <= points {
                    slots.push(v);
                    any = true;
                    continue;
                }
            }
            let cell = trim(cell);
            if cell.is_empty() {
                slots.push(0);
                continue;
            }
            match parse_digits(cell.as_bytes()) {
                Some(v) if v >= 1 && v <= u64::from(points) => {
                    slots.push(v as u8);
                    any = true;
                }
                Some(value) => {
                    return Err(RejectReason::StarOutOfRange {
                        item: item.code().clone(),
                        value,
                        points,
                    });
                }
                None => {
                    return Err(RejectReason::MalformedStar {
                        item: item.code().clone(),
                        text: cell.to_owned(),
                    });
                }
            }
        }
    }
    if !any {
        return Err(RejectReason::NoAnswers);
    }
    Ok(Checked {
        date,
        unit: unit_id,
        service: service_id,
        pair,
    })
}

pub(crate) fn split_answers(questionnaire: &Questionnaire, slots: &[u8]) -> Vec<Answers> {
    let mut at = 0;
    questionnaire
        .instruments()
        .iter()
        .map(|ins| {
            let n = ins.items().len();
            let part = slots.get(at..at + n).unwrap_or(&[]).into();
            at += n;
            Answers::from_slots_unchecked(ins.scale().points(), part)
        })
        .collect()
}
