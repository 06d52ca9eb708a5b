//! A survey in progress: validation with the seen-id set, tallies per (unit, service, month)
//! cell, the ingest summary, and scopes.

mod filter;
#[cfg(feature = "csv")]
mod read;
mod summary;

use std::collections::HashMap;
use std::sync::Arc;

use crate::catalog::{Catalog, ForeignIdError, UnitId};
use crate::instrument::Questionnaire;
use crate::profile::{ProfileStore, RespondentProfile};
use crate::response::seen::IdSet;
use crate::response::{
    RawResponse, RejectReason, Rejection, Response, check_fields, split_answers,
};
use crate::tally::{CellKey, CellStore, QuestionnaireTally};

pub(crate) use filter::CellFilter;
pub use filter::Filter;
pub use summary::IngestSummary;

/// A survey being ingested: validates responses against a [`Catalog`] and a [`Questionnaire`],
/// keeps the set of accepted ids, counts stars per (unit, service, month) cell, and keeps every
/// rejection. `accepted + rejected = seen`, always.
///
/// # Examples
///
/// ```
/// use persepsi::{Catalog, Questionnaire, RawResponse, RejectReason, Survey};
///
/// let catalog = Catalog::kemenkum_2025();
/// let q = Questionnaire::spkp_spak();
/// let mut survey = Survey::new(catalog, q);
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
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Survey {
    catalog: Arc<Catalog>,
    questionnaire: Arc<Questionnaire>,
    seen_ids: IdSet,
    cells: CellStore,
    profile: ProfileStore,
    summary: IngestSummary,
    slots: Vec<u8>,
}

impl Survey {
    /// An empty survey of responses to `questionnaire` about the units and services of
    /// `catalog`. Both are shared, not copied: pass an [`Arc`] (a clone of one is a pointer
    /// copy) or a value, which is moved into one.
    #[must_use]
    pub fn new(
        catalog: impl Into<Arc<Catalog>>,
        questionnaire: impl Into<Arc<Questionnaire>>,
    ) -> Survey {
        let (catalog, questionnaire) = (catalog.into(), questionnaire.into());
        Survey {
            seen_ids: IdSet::default(),
            cells: CellStore::new(&questionnaire),
            profile: ProfileStore::default(),
            summary: IngestSummary::default(),
            slots: Vec::with_capacity(questionnaire.item_count()),
            catalog,
            questionnaire,
        }
    }

    /// The catalog (clone the [`Arc`] to keep it beyond the survey).
    #[must_use]
    pub fn catalog(&self) -> &Arc<Catalog> {
        &self.catalog
    }

    /// The questionnaire (clone the [`Arc`] to keep it beyond the survey).
    #[must_use]
    pub fn questionnaire(&self) -> &Arc<Questionnaire> {
        &self.questionnaire
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
            &self.catalog,
            &self.questionnaire,
            date,
            unit,
            service,
            answer,
            &mut slots,
        )
        .map(|c| CellKey::new(c.unit, c.service, c.date.month_key()));
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
        match self.seen_ids.admit(id, line, outcome) {
            Ok(ok) => {
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
        let mut slots = Vec::with_capacity(self.questionnaire.item_count());
        let answers = raw.answers;
        let checked = check_fields(
            &self.catalog,
            &self.questionnaire,
            raw.date,
            raw.unit,
            raw.service,
            |k| answers.get(k).copied(),
            &mut slots,
        );
        let c = self.seen_ids.verdict(id, checked)?;
        Ok(Response {
            id: id.into(),
            date: c.date,
            unit: c.unit,
            service: c.service,
            answers: split_answers(&self.questionnaire, &slots),
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

    /// The rejections, moved out (the summary keeps its counts of records seen and accepted).
    pub(crate) fn take_rejected(&mut self) -> Vec<Rejection> {
        std::mem::take(&mut self.summary.rejected)
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
    /// use persepsi::{Catalog, Questionnaire, RawResponse, RejectReason, Survey};
    /// let (catalog, q) = (Catalog::kemenkum_2025(), Questionnaire::spkp_spak());
    /// let mut survey = Survey::new(catalog, q);
    /// survey.reserve_ids(1_000);
    /// let stars = ["6"; 13];
    /// let r = RawResponse { id: "R1", date: "2025-03-14", unit: "KW-NTT-YANKUM", service: "KI-MEREK", answers: &stars };
    /// survey.ingest(2, &r)?;
    /// assert_eq!(survey.ingest(3, &r), Err(RejectReason::DuplicateResponseId { first: 2 }));
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
    ///
    /// # Errors
    ///
    /// [`ForeignIdError`] when the unit, or the service or area of the filter, is an id of
    /// another catalog than the survey's (checked in that order); look it up by code in
    /// [`Survey::catalog`].
    ///
    /// # Examples
    ///
    /// ```
    /// use persepsi::{Catalog, Filter, ForeignIdError, Questionnaire, RawResponse, Survey};
    ///
    /// let catalog = Catalog::kemenkum_2025();
    /// let mut survey = Survey::new(catalog.clone(), Questionnaire::spkp_spak());
    /// let stars = ["6"; 13];
    /// let raw = RawResponse { id: "R1", date: "2025-03-14", unit: "KW-NTT-YANKUM", service: "KI-MEREK", answers: &stars };
    /// survey.ingest(2, &raw)?;
    /// let ntt = catalog.unit_id("KW-NTT").ok_or("no KW-NTT")?;
    /// let merek = catalog.service_id("KI-MEREK").ok_or("no KI-MEREK")?;
    /// assert_eq!(survey.tally(ntt, &Filter::all().service(merek))?.responses(), 1);
    /// assert_eq!(survey.tally(catalog.root(), &Filter::all().period("2025-Q2".parse()?))?.responses(), 0);
    ///
    /// // an id of another catalog, even an equal one, is refused
    /// let other = catalog.to_builder().build()?;
    /// let foreign = other.unit_id("KW-NTT").ok_or("no KW-NTT")?;
    /// assert_eq!(survey.tally(foreign, &Filter::all()), Err(ForeignIdError::Unit { unit: foreign }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn tally(
        &self,
        unit: UnitId,
        filter: &Filter,
    ) -> Result<QuestionnaireTally, ForeignIdError> {
        if !self.catalog.contains_unit(unit) {
            return Err(ForeignIdError::Unit { unit });
        }
        let filter = filter.resolve(&self.catalog)?;
        let mut inside = vec![false; self.catalog.units().len()];
        for u in self.catalog.descendants(unit) {
            if let Some(slot) = inside.get_mut(u.index()) {
                *slot = true;
            }
        }
        let within = |key: &CellKey| inside.get(key.unit as usize) == Some(&true);
        Ok(self
            .cells
            .totals(1, |key| (filter.matches(key) && within(key)).then_some(0))
            .pop()
            .flatten()
            .unwrap_or_else(|| QuestionnaireTally::new(&self.questionnaire)))
    }

    /// The respondent profile of a unit's whole subtree for the responses the filter keeps:
    /// each profile column read (`ReadOptions::profile`, feature `csv`), with
    /// the count of every value. See [`RespondentProfile`] for an example.
    ///
    /// # Errors
    ///
    /// [`ForeignIdError`] when the unit, or the service or area of the filter, is an id of
    /// another catalog than the survey's, as [`Survey::tally`].
    pub fn profile(
        &self,
        unit: UnitId,
        filter: &Filter,
    ) -> Result<RespondentProfile, ForeignIdError> {
        if !self.catalog.contains_unit(unit) {
            return Err(ForeignIdError::Unit { unit });
        }
        let filter = filter.resolve(&self.catalog)?;
        Ok(self
            .profiles(&filter)
            .into_iter()
            .nth(unit.index())
            .unwrap_or_default())
    }

    /// Each unit's subtree profile under the filter, by unit index.
    pub(crate) fn profiles(&self, filter: &CellFilter) -> Vec<RespondentProfile> {
        self.profile
            .subtrees(&self.catalog, |key| filter.matches(key))
    }

    /// The profile columns the survey counted, in the order first read.
    pub(crate) fn profile_columns(&self) -> &[Box<str>] {
        self.profile.columns()
    }

    /// Accepted responses dated in `period` in each unit's subtree, by unit index.
    pub(crate) fn subtree_responses(&self, period: crate::period::Period) -> Vec<u64> {
        let mut counts = vec![0u64; self.catalog.units().len()];
        for (key, n) in self.cells.keys().iter().zip(self.cells.responses()) {
            if period.contains_month(key.month)
                && let Some(c) = counts.get_mut(key.unit as usize)
            {
                *c += n;
            }
        }
        // children before parents: each subtree's count goes up to its parent
        for &u in self.catalog.top_down().iter().rev() {
            if let Some(p) = self.catalog.parent(u) {
                let child = counts.get(u.index()).copied().unwrap_or(0);
                if let Some(c) = counts.get_mut(p.index()) {
                    *c += child;
                }
            }
        }
        counts
    }

    /// Accepted responses the filter keeps, over every unit.
    pub(crate) fn responses_matching(&self, filter: &CellFilter) -> u64 {
        self.cells.responses_where(|key| filter.matches(key))
    }

    /// Each unit's own tallies under the filter per group of cells (`group_of` names a cell's
    /// group or leaves it out), in group order; a group lists the units with responses in it,
    /// by unit index, in increasing order.
    pub(crate) fn own_tallies_by<G: Copy + Ord + std::hash::Hash>(
        &self,
        filter: &CellFilter,
        group_of: impl Fn(&CellKey) -> Option<G>,
    ) -> Vec<(G, Vec<(usize, QuestionnaireTally)>)> {
        let group_of = |key: &CellKey| filter.matches(key).then(|| group_of(key)).flatten();
        // every (group, unit) pair with cells, numbered in (group, unit) order
        let mut slot: HashMap<(G, u32), usize, foldhash::fast::RandomState> = HashMap::default();
        for key in self.cells.keys() {
            if let Some(g) = group_of(key) {
                slot.entry((g, key.unit)).or_insert(0);
            }
        }
        let mut pairs: Vec<(G, u32)> = slot.keys().copied().collect();
        pairs.sort_unstable();
        for (i, pair) in pairs.iter().enumerate() {
            slot.insert(*pair, i);
        }
        let totals = self.cells.totals(pairs.len(), |key| {
            slot.get(&(group_of(key)?, key.unit)).copied()
        });
        let mut groups: Vec<(G, Vec<(usize, QuestionnaireTally)>)> = Vec::new();
        for ((g, unit), tally) in pairs.into_iter().zip(totals) {
            let Some(tally) = tally else { continue };
            if groups.last().is_none_or(|(last, _)| *last != g) {
                groups.push((g, Vec::new()));
            }
            if let Some((_, units)) = groups.last_mut() {
                units.push((unit as usize, tally));
            }
        }
        groups
    }

    /// Each unit's own tallies (responses naming that unit) under the filter, by unit index.
    pub(crate) fn own_tallies(&self, filter: &CellFilter) -> Vec<Option<QuestionnaireTally>> {
        self.cells.totals(self.catalog.units().len(), |key| {
            filter.matches(key).then_some(key.unit as usize)
        })
    }
}
