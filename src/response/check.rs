//! The field checks of one record: date, unit, service, offer, stars.

use crate::catalog::{Catalog, ServiceId, UnitId};
use crate::instrument::{Answers, Questionnaire};
use crate::period::Date;
use crate::response::RejectReason;
use crate::scale::NotAStar;

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
        return Err(match (catalog.unit(unit_id), catalog.service(service_id)) {
            (Some(u), Some(s)) => RejectReason::ServiceNotOffered {
                unit: u.code().clone(),
                service: s.code().clone(),
            },
            // not reached: both ids were just looked up in this catalog
            _ => RejectReason::UnknownUnit {
                unit: unit.to_owned(),
            },
        });
    };
    slots.clear();
    slots.reserve(questionnaire.item_count());
    let mut any = false;
    let mut k = 0;
    for ins in questionnaire.instruments() {
        let scale = ins.scale();
        for item in ins.items() {
            let cell = answer(k).unwrap_or("");
            k += 1;
            // the usual cell, one digit on the scale, needs no trimming
            if let &[b] = cell.as_bytes()
                && let Some(star) = scale.digit_star(b)
            {
                slots.push(star);
                any = true;
                continue;
            }
            let cell = trim(cell);
            if cell.is_empty() {
                slots.push(0);
                continue;
            }
            match scale.read_star(cell.as_bytes()) {
                Ok(star) => {
                    slots.push(star);
                    any = true;
                }
                Err(NotAStar::OutOfRange(value)) => {
                    return Err(RejectReason::StarOutOfRange {
                        item: item.code().clone(),
                        value,
                        points: scale.points(),
                    });
                }
                Err(NotAStar::Malformed) => {
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
