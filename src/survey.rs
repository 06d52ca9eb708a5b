//! A survey in progress: validation with the seen-id set, tallies per (unit, service, month)
//! cell, the ingest summary, and scopes.

use std::collections::BTreeMap;
#[cfg(feature = "csv")]
use std::collections::HashMap;

use crate::cells::CellStore;
use crate::idset::IdSet;
use std::iter::Sum;
use std::ops::AddAssign;

use crate::catalog::{AreaId, Catalog, ServiceId, UnitId};
use crate::instrument::Questionnaire;
use crate::period::{Month, Period};
use crate::response::{
    RawResponse, RejectReason, Rejection, Response, check_fields, split_answers,
};
use crate::tally::{Tally, TallyError};

/// The tallies of one questionnaire over a set of responses: the response count and one
/// [`Tally`] per instrument, in questionnaire order. Collection-like, as [`Tally`] is.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use persepsi::{Catalog, Filter, Questionnaire, RawResponse, Survey};
///
/// let (catalog, q) = (Catalog::kemenkum_2025(), Questionnaire::spkp_spak());
/// let mut survey = Survey::new(&catalog, &q);
/// let stars = ["6"; 13];
/// survey.ingest(2, &RawResponse { id: "R1", date: "2025-01-02", unit: "KW-NTT-YANKUM",
///                                 service: "KI-MEREK", answers: &stars })?;
/// let ntt = catalog.unit_id("KW-NTT").unwrap();
/// let t = survey.tally(ntt, &Filter::all());
/// assert_eq!((t.responses(), t.instruments()[1].respondents()), (1, 1));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct QuestionnaireTally {
    responses: u64,
    tallies: Vec<Tally>,
}

impl QuestionnaireTally {
    /// An empty tally shaped for the questionnaire.
    #[must_use]
    pub fn new(questionnaire: &Questionnaire) -> QuestionnaireTally {
        QuestionnaireTally {
            responses: 0,
            tallies: questionnaire.instruments().iter().map(Tally::new).collect(),
        }
    }

    /// Responses counted.
    #[must_use]
    pub fn responses(&self) -> u64 {
        self.responses
    }

    /// One tally per instrument, in questionnaire order (empty for a [`Default`] tally).
    #[must_use]
    pub fn instruments(&self) -> &[Tally] {
        &self.tallies
    }

    /// Counts a validated response.
    ///
    /// # Errors
    ///
    /// [`TallyError`] when the response was validated against another questionnaire shape or a
    /// count would overflow; nothing changes then.
    pub fn record(&mut self, response: &Response) -> Result<(), TallyError> {
        if self.tallies.is_empty() && self.responses == 0 {
            self.tallies = vec![Tally::default(); response.answers.len()];
        }
        if self.tallies.len() != response.answers.len() {
            return Err(TallyError::ShapeMismatch {
                expected_items: self.tallies.len(),
                expected_points: 0,
                items: response.answers.len(),
                points: 0,
            });
        }
        let mut next = self.clone();
        next.responses = next.responses.checked_add(1).ok_or(TallyError::Overflow {
            count: self.responses,
            by: 1,
        })?;
        for (t, a) in next.tallies.iter_mut().zip(&response.answers) {
            t.record(a)?;
        }
        *self = next;
        Ok(())
    }

    /// Adds the stars of one validated record straight from the slot buffer (hot path: the
    /// shape was fixed by the questionnaire that produced the slots).
    #[cfg(feature = "csv")]
    pub(crate) fn record_slots(&mut self, slots: &[u8]) -> Result<(), TallyError> {
        let responses = self.responses.checked_add(1).ok_or(TallyError::Overflow {
            count: self.responses,
            by: 1,
        })?;
        let mut at = 0;
        for t in &mut self.tallies {
            let n = t.item_count();
            t.record_slots(&slots[at..at + n]);
            at += n;
        }
        self.responses = responses;
        Ok(())
    }

    /// A tally from its parts: the response count and one tally per instrument.
    pub(crate) fn from_parts(responses: u64, tallies: Vec<Tally>) -> QuestionnaireTally {
        QuestionnaireTally { responses, tallies }
    }

    /// Adds another tally of the same questionnaire.
    ///
    /// # Errors
    ///
    /// [`TallyError`] on a shape mismatch or an overflow; nothing changes then.
    pub fn merge(&mut self, other: &QuestionnaireTally) -> Result<(), TallyError> {
        if other.tallies.is_empty() && other.responses == 0 {
            return Ok(());
        }
        if self.tallies.is_empty() && self.responses == 0 {
            *self = other.clone();
            return Ok(());
        }
        if self.tallies.len() != other.tallies.len() {
            return Err(TallyError::ShapeMismatch {
                expected_items: self.tallies.len(),
                expected_points: 0,
                items: other.tallies.len(),
                points: 0,
            });
        }
        let responses =
            self.responses
                .checked_add(other.responses)
                .ok_or(TallyError::Overflow {
                    count: self.responses,
                    by: other.responses,
                })?;
        // check every instrument before changing any, so that an error changes nothing
        for (a, b) in self.tallies.iter().zip(&other.tallies) {
            a.merge_check(b)?;
        }
        for (a, b) in self.tallies.iter_mut().zip(&other.tallies) {
            a.merge(b)?;
        }
        self.responses = responses;
        Ok(())
    }
}

impl QuestionnaireTally {
    /// Takes away another tally that was merged into this one before.
    ///
    /// # Errors
    ///
    /// [`TallyError`] on a shape mismatch or when a count would go below zero or fit no set of
    /// responses; nothing changes then.
    pub fn subtract(&mut self, other: &QuestionnaireTally) -> Result<(), TallyError> {
        if other.tallies.is_empty() && other.responses == 0 {
            return Ok(());
        }
        if self.tallies.len() != other.tallies.len() || self.responses < other.responses {
            return Err(TallyError::Underflow {
                item: usize::MAX,
                star: 0,
                have: self.responses,
                take: other.responses,
            });
        }
        let mut next = self.clone();
        next.responses -= other.responses;
        for (a, b) in next.tallies.iter_mut().zip(&other.tallies) {
            a.subtract(b)?;
        }
        *self = next;
        Ok(())
    }
}

impl AddAssign<&QuestionnaireTally> for QuestionnaireTally {
    /// [`QuestionnaireTally::merge`].
    ///
    /// # Panics
    ///
    /// On a shape mismatch or an overflow, as [`Tally`]'s `+=` does.
    fn add_assign(&mut self, other: &QuestionnaireTally) {
        if let Err(e) = self.merge(other) {
            panic!("QuestionnaireTally += failed: {e}");
        }
    }
}

impl<'a> Sum<&'a QuestionnaireTally> for QuestionnaireTally {
    /// Merges all; panics as `+=` does.
    fn sum<I: Iterator<Item = &'a QuestionnaireTally>>(iter: I) -> Self {
        let mut total = QuestionnaireTally::default();
        for t in iter {
            total += t;
        }
        total
    }
}

/// Which responses a tally or a roll-up covers: all, or those of one service, one service area
/// (with the areas nested in it), and/or one period. Units are chosen by the roll-up itself.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use persepsi::{Catalog, Filter};
/// let catalog = Catalog::kemenkum_2025();
/// let ki_2025_q1 = Filter::all()
///     .area(catalog.area_id("KI").unwrap())
///     .period("2025-Q1".parse()?);
/// assert_eq!(ki_2025_q1.period_filter().map(|p| p.to_string()), Some("2025-Q1".into()));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Filter {
    service: Option<ServiceId>,
    area: Option<AreaId>,
    period: Option<Period>,
}

impl Filter {
    /// Every response.
    #[must_use]
    pub fn all() -> Filter {
        Filter::default()
    }

    /// Only responses about this service.
    #[must_use]
    pub fn service(mut self, service: ServiceId) -> Filter {
        self.service = Some(service);
        self
    }

    /// Only responses about services in this area or an area nested in it.
    #[must_use]
    pub fn area(mut self, area: AreaId) -> Filter {
        self.area = Some(area);
        self
    }

    /// Only responses dated in this period.
    #[must_use]
    pub fn period(mut self, period: Period) -> Filter {
        self.period = Some(period);
        self
    }

    /// The period, if any.
    #[must_use]
    pub fn period_filter(&self) -> Option<Period> {
        self.period
    }

    fn matches(&self, catalog: &Catalog, key: &CellKey) -> bool {
        self.service.is_none_or(|s| s == key.service)
            && self.period.is_none_or(|p| p.contains_month(key.month))
            && self.area.is_none_or(|a| {
                catalog
                    .service_area(key.service)
                    .is_some_and(|sa| catalog.area_is_within(sa, a))
            })
    }
}

/// Tallies per (unit, service, month) cell.
#[cfg(feature = "csv")]
pub(crate) type Cells = HashMap<CellKey, QuestionnaireTally, foldhash::fast::RandomState>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct CellKey {
    pub(crate) unit: UnitId,
    pub(crate) service: ServiceId,
    pub(crate) month: Month,
}

/// What ingestion saw: every record is either accepted or rejected with its reason and position.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IngestSummary {
    /// Records seen.
    pub seen: u64,
    /// Records accepted.
    pub accepted: u64,
    /// Every rejected record, in input order.
    pub rejected: Vec<Rejection>,
}

impl IngestSummary {
    /// Rejections counted per reason code ([`RejectReason::code`]), in alphabetical order of the code.
    ///
    /// ```
    /// let s = persepsi::IngestSummary::default();
    /// assert!(s.rejected_by_reason().is_empty());
    /// ```
    #[must_use]
    pub fn rejected_by_reason(&self) -> BTreeMap<&'static str, u64> {
        crate::response::count_by_reason(&self.rejected)
    }
}

/// A survey being ingested: validates responses against a [`Catalog`] and a [`Questionnaire`],
/// keeps the set of accepted ids, counts stars per (unit, service, month) cell, and keeps every
/// rejection. `accepted + rejected = seen`, always.
///
/// # Examples
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use persepsi::{Catalog, Questionnaire, RawResponse, RejectReason, Survey};
///
/// let catalog = Catalog::kemenkum_2025();
/// let q = Questionnaire::spkp_spak();
/// let mut survey = Survey::new(&catalog, &q);
/// let stars = ["6", "5", "6", "6", "5", "6", "6", "5", "6", "6", "6", "6", "6"];
/// let ok = RawResponse { id: "R1", date: "2025-03-14", unit: "KW-NTT-YANKUM", service: "KI-MEREK", answers: &stars };
/// survey.ingest(2, &ok)?;
/// // the Bagian Tata Usaha does not offer trademark registration
/// let wrong = RawResponse { id: "R2", unit: "KW-NTT-TU", ..ok };
/// let err = survey.ingest(3, &wrong).unwrap_err();
/// assert_eq!(err.code(), "service_not_offered");
/// assert_eq!(survey.ingest(4, &ok).unwrap_err(), RejectReason::DuplicateResponseId { first: 2 });
/// let summary = survey.summary();
/// assert_eq!((summary.seen, summary.accepted, summary.rejected.len()), (3, 1, 2));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Survey<'a> {
    catalog: &'a Catalog,
    questionnaire: &'a Questionnaire,
    seen_ids: IdSet,
    cells: CellStore,
    summary: IngestSummary,
    slots: Vec<u8>,
}

impl<'a> Survey<'a> {
    /// An empty survey.
    #[must_use]
    pub fn new(catalog: &'a Catalog, questionnaire: &'a Questionnaire) -> Survey<'a> {
        Survey {
            catalog,
            questionnaire,
            seen_ids: IdSet::default(),
            cells: CellStore::new(questionnaire),
            summary: IngestSummary::default(),
            slots: Vec::with_capacity(questionnaire.item_count()),
        }
    }

    /// The catalog.
    #[must_use]
    pub fn catalog(&self) -> &'a Catalog {
        self.catalog
    }

    /// The questionnaire.
    #[must_use]
    pub fn questionnaire(&self) -> &'a Questionnaire {
        self.questionnaire
    }

    /// Validates one record and counts it, or records its rejection. `line` is the record's
    /// position, kept in the rejection and in the seen-id set.
    ///
    /// Checks, in order (the first failing one is the reason): id present, id not accepted
    /// before, date, unit known, service known, unit offers service, every star well-formed and
    /// in range (first offending item in questionnaire order), at least one answer. Answers
    /// beyond the questionnaire's items are ignored; missing ones are missing answers.
    ///
    /// # Errors
    ///
    /// The [`RejectReason`]; the rejection is also kept in [`Survey::summary`].
    pub fn ingest(&mut self, line: u64, raw: &RawResponse<'_>) -> Result<(), RejectReason> {
        let answers = raw.answers;
        self.ingest_fields(line, raw.id, raw.date, raw.unit, raw.service, |k| {
            answers.get(k).copied()
        })
    }

    /// [`Survey::ingest`] with the answer cells given by a function of the item's position in
    /// the questionnaire (so a reader can hand out cells without collecting them first).
    pub(crate) fn ingest_fields<'s>(
        &mut self,
        line: u64,
        id: &str,
        date: &str,
        unit: &str,
        service: &str,
        answer: impl Fn(usize) -> Option<&'s str>,
    ) -> Result<(), RejectReason> {
        let id = id.trim();
        if id.is_empty() {
            self.reject(line, id, RejectReason::MissingResponseId);
            return Err(RejectReason::MissingResponseId);
        }
        let mut slots = std::mem::take(&mut self.slots);
        let outcome = check_fields(
            self.catalog,
            self.questionnaire,
            date,
            unit,
            service,
            answer,
            &mut slots,
        )
        .map(|c| CellKey {
            unit: c.unit,
            service: c.service,
            month: c.date.month_key(),
        });
        let result = self.accept_checked(line, id, outcome.map(|cell| (cell, &slots[..])));
        self.slots = slots;
        result
    }

    /// The last steps of ingestion, in order: the duplicate-id check, then the verdict of the
    /// field checks; an accepted record's id is remembered and its stars counted in its cell.
    pub(crate) fn accept_checked(
        &mut self,
        line: u64,
        id: &str,
        outcome: Result<(CellKey, &[u8]), RejectReason>,
    ) -> Result<(), RejectReason> {
        let (key, slots) = self.admit(line, id, outcome)?;
        self.cells.record_slots(key, slots);
        Ok(())
    }

    /// The duplicate-id check, then the verdict of the field checks: an accepted record's id is
    /// remembered and the summary counts it; a rejected one is kept with its reason.
    pub(crate) fn admit<T>(
        &mut self,
        line: u64,
        id: &str,
        outcome: Result<T, RejectReason>,
    ) -> Result<T, RejectReason> {
        let verdict = match self.seen_ids.get(id) {
            Some(first) => Err(RejectReason::DuplicateResponseId { first }),
            None => outcome,
        };
        match verdict {
            Ok(ok) => {
                self.seen_ids.insert(id, line);
                self.summary.seen += 1;
                self.summary.accepted += 1;
                Ok(ok)
            }
            Err(reason) => {
                self.reject(line, id, reason.clone());
                Err(reason)
            }
        }
    }

    #[cfg(feature = "csv")]
    /// The set of accepted ids (a reader takes its shards out while it reads).
    pub(crate) fn seen_ids_mut(&mut self) -> &mut IdSet {
        &mut self.seen_ids
    }

    #[cfg(feature = "csv")]
    /// Counts what a reader accepted and rejected (rejections in input order).
    pub(crate) fn add_read(&mut self, accepted: u64, mut rejected: Vec<Rejection>) {
        // both counts are bounded by the records read: no overflow
        self.summary.seen += accepted + rejected.len() as u64;
        self.summary.accepted += accepted;
        if self.summary.rejected.is_empty() {
            // the first read's list is taken whole (no copy of a list that can be millions long)
            self.summary.rejected = rejected;
        } else {
            self.summary.rejected.append(&mut rejected);
        }
    }

    #[cfg(feature = "csv")]
    /// The cells (a reader adds its counts straight in).
    pub(crate) fn cells_mut(&mut self) -> &mut CellStore {
        &mut self.cells
    }

    /// Validates one record without counting it or remembering its id.
    ///
    /// # Errors
    ///
    /// The [`RejectReason`] [`Survey::ingest`] would give.
    pub fn validate(&self, raw: &RawResponse<'_>) -> Result<Response, RejectReason> {
        let id = raw.id.trim();
        if id.is_empty() {
            return Err(RejectReason::MissingResponseId);
        }
        if let Some(first) = self.seen_ids.get(id) {
            return Err(RejectReason::DuplicateResponseId { first });
        }
        let mut slots = Vec::with_capacity(self.questionnaire.item_count());
        let answers = raw.answers;
        let c = check_fields(
            self.catalog,
            self.questionnaire,
            raw.date,
            raw.unit,
            raw.service,
            |k| answers.get(k).copied(),
            &mut slots,
        )?;
        Ok(Response {
            id: id.into(),
            date: c.date,
            unit: c.unit,
            service: c.service,
            answers: split_answers(self.questionnaire, &slots),
        })
    }

    /// Records a rejection found before [`Survey::ingest`] could look at the record (for
    /// example a record that is not UTF-8 or has the wrong number of fields), so that the
    /// summary still counts it.
    pub fn reject(&mut self, line: u64, response_id: &str, reason: RejectReason) {
        self.summary.seen += 1;
        self.summary.rejected.push(Rejection {
            line,
            response_id: response_id.trim().to_owned(),
            reason,
        });
    }

    /// What was seen, accepted and rejected so far.
    #[must_use]
    pub fn summary(&self) -> &IngestSummary {
        &self.summary
    }

    /// Makes room for `additional` more accepted response ids, so the set of seen ids does not
    /// grow step by step while a large file is read. A hint: more ids are still taken, and a
    /// reservation that cannot be allocated is skipped. A file's size divided by a typical
    /// record length (60 to 80 bytes for SPKP + SPAK) is a fair estimate; cap it for files of
    /// unknown origin.
    ///
    /// ```
    /// # #[cfg(feature = "serde")] {
    /// use persepsi::{Catalog, Questionnaire, RawResponse, RejectReason, Survey};
    /// let (catalog, q) = (Catalog::kemenkum_2025(), Questionnaire::spkp_spak());
    /// let mut survey = Survey::new(&catalog, &q);
    /// survey.reserve_ids(1_000);
    /// let stars = ["6"; 13];
    /// let r = RawResponse { id: "R1", date: "2025-03-14", unit: "KW-NTT-YANKUM", service: "KI-MEREK", answers: &stars };
    /// survey.ingest(2, &r)?;
    /// assert_eq!(survey.ingest(3, &r), Err(RejectReason::DuplicateResponseId { first: 2 }));
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn reserve_ids(&mut self, additional: usize) {
        self.seen_ids.reserve(additional);
    }

    /// Number of distinct (unit, service, month) cells with responses.
    #[must_use]
    pub fn cell_count(&self) -> usize {
        self.cells.len()
    }

    /// The merged tallies of a unit's whole subtree for the responses the filter keeps.
    #[must_use]
    pub fn tally(&self, unit: UnitId, filter: &Filter) -> QuestionnaireTally {
        self.cells
            .totals(1, |key| {
                (filter.matches(self.catalog, key) && self.catalog.is_within(key.unit, unit))
                    .then_some(0)
            })
            .pop()
            .flatten()
            .unwrap_or_else(|| QuestionnaireTally::new(self.questionnaire))
    }

    /// Each unit's own tallies (responses naming that unit) under the filter, by unit index.
    pub(crate) fn own_tallies(&self, filter: &Filter) -> Vec<Option<QuestionnaireTally>> {
        self.cells.totals(self.catalog.units().len(), |key| {
            filter.matches(self.catalog, key).then(|| key.unit.index())
        })
    }
}
