//! Roll-ups of indices up the unit hierarchy, by a named method.

use std::fmt;
use std::hash::Hash;
use std::num::NonZeroUsize;

use crate::catalog::{ForeignIdError, UnitId};
use crate::code::{InstrumentCode, UnitCode};
use crate::exact::Exact;
use crate::index::{Index, IndexResult};
use crate::instrument::Instrument;
use crate::par;
use crate::stats::Interval;
use crate::survey::{CellFilter, Filter, Survey};
use crate::tally::{CellKey, QuestionnaireTally, Tally};

/// How a parent unit's index is made from the units below it. Every result names its method.
///
/// The official rule is not published; both are offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum Rollup {
    /// Respondent-weighted: the unit's tallies are the merge of its whole subtree, and the index
    /// comes from those.
    #[default]
    Pooled,
    /// Each unit counts once: the unit's raw index is the equal-weight mean of its own direct
    /// responses (if any) and of each child subtree with at least one respondent on the
    /// instrument, each child computed the same way. Units without respondents never count.
    MeanOfChildren,
}

impl Rollup {
    /// The method's name: `pooled` or `mean-of-children`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Rollup::Pooled => "pooled",
            Rollup::MeanOfChildren => "mean-of-children",
        }
    }
}

impl fmt::Display for Rollup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Rollup {
    type Err = String;
    fn from_str(s: &str) -> Result<Rollup, String> {
        match s {
            "pooled" => Ok(Rollup::Pooled),
            "mean-of-children" => Ok(Rollup::MeanOfChildren),
            other => Err(format!(
                "unknown roll-up {other:?}: use pooled or mean-of-children"
            )),
        }
    }
}

/// Where a mean-of-children value comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Source {
    /// The unit's own direct responses.
    Own,
    /// A child unit's subtree.
    Child(UnitCode),
}

/// One value that went into a mean-of-children raw index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Contributor {
    /// Own responses or a child.
    pub source: Source,
    /// Respondents behind the value.
    pub respondents: u64,
    /// The contributor's raw index (own: pooled over its own responses; child: by the same
    /// method, recursively).
    pub raw: Exact,
    /// The variance of that raw index, when defined (see [`Instrument::index_variance`]).
    pub variance: Option<Exact>,
}

/// One instrument's result for one unit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InstrumentRollup {
    method: Rollup,
    tally: Tally,
    pooled: IndexResult,
    index: Index,
    contributors: Vec<Contributor>,
    variance: Option<Exact>,
}

impl InstrumentRollup {
    /// The method the index was made with.
    #[must_use]
    pub fn method(&self) -> Rollup {
        self.method
    }

    /// The instrument.
    #[must_use]
    pub fn instrument(&self) -> &InstrumentCode {
        self.pooled.instrument()
    }

    /// Respondents in the subtree with at least one answer on the instrument.
    #[must_use]
    pub fn respondents(&self) -> u64 {
        self.pooled.respondents()
    }

    /// The pooled tally of the subtree: every answer on the instrument under the filter.
    #[must_use]
    pub fn tally(&self) -> &Tally {
        &self.tally
    }

    /// The pooled result over the subtree: item NRRs and the pooled index.
    #[must_use]
    pub fn pooled(&self) -> &IndexResult {
        &self.pooled
    }

    /// The index by the method (equal to the pooled index for [`Rollup::Pooled`]).
    #[must_use]
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// The exact variance of the raw index by the method: for [`Rollup::Pooled`] that of the
    /// pooled respondents ([`Instrument::index_variance`]); for [`Rollup::MeanOfChildren`] the sum
    /// of the contributors' variances over their number squared (the contributors are disjoint
    /// sets of respondents). `None` when any part is undefined.
    #[must_use]
    pub fn variance(&self) -> Option<&Exact> {
        self.variance.as_ref()
    }

    /// The 95% interval of the index by the method, when its variance is defined.
    #[must_use]
    pub fn interval(&self, instrument: &Instrument) -> Option<Interval> {
        let variance = self.variance.as_ref()?;
        Some(Interval::around(
            instrument,
            self.index.raw(),
            variance,
            self.respondents(),
        ))
    }

    /// For [`Rollup::MeanOfChildren`], every value averaged, in order (own first, then children in
    /// catalog order); empty for [`Rollup::Pooled`].
    #[must_use]
    pub fn contributors(&self) -> &[Contributor] {
        &self.contributors
    }
}

/// A unit's results: respondents in its subtree and one result per instrument that has any.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnitRollup {
    unit: UnitId,
    code: UnitCode,
    respondents: u64,
    instruments: Vec<Option<InstrumentRollup>>,
}

impl UnitRollup {
    /// The unit's id in the catalog.
    #[must_use]
    pub fn unit(&self) -> UnitId {
        self.unit
    }

    /// The unit's code.
    #[must_use]
    pub fn code(&self) -> &UnitCode {
        &self.code
    }

    /// Accepted responses in the subtree (under the filter).
    #[must_use]
    pub fn respondents(&self) -> u64 {
        self.respondents
    }

    /// One entry per instrument of the questionnaire, in order; `None` when nobody in the
    /// subtree answered it.
    #[must_use]
    pub fn instruments(&self) -> &[Option<InstrumentRollup>] {
        &self.instruments
    }

    /// The result of the instrument with this code.
    #[must_use]
    pub fn instrument(&self, code: &str) -> Option<&InstrumentRollup> {
        self.instruments
            .iter()
            .flatten()
            .find(|r| r.instrument().as_str() == code)
    }
}

/// A mean-of-children raw index, the values it averages, and its variance.
type MeanOfChildren = (Exact, Vec<Contributor>, Option<Exact>);

impl Survey {
    /// Every unit with at least one accepted response in its subtree (under the filter), in
    /// catalog order, with each instrument's index by the method.
    ///
    /// # Errors
    ///
    /// [`ForeignIdError`] when the filter's service or area is an id of another catalog than
    /// the survey's (a filter of the survey's own ids, or [`Filter::all`], never fails).
    ///
    /// # Examples
    ///
    /// A Kanwil with 3 responses on one division and 1 on another: pooled weighs respondents,
    /// mean-of-children weighs the two divisions equally.
    ///
    /// ```
    /// use persepsi::{Catalog, Filter, Questionnaire, RawResponse, Rollup, Survey};
    ///
    /// let (catalog, q) = (Catalog::kemenkum_2025(), Questionnaire::spkp_spak());
    /// let mut survey = Survey::new(catalog, q);
    /// let six = ["6"; 13];
    /// let two = ["2"; 13];
    /// for (line, (id, unit, service, stars)) in [
    ///     ("A", "KW-NTT-YANKUM", "KI-MEREK", &six),
    ///     ("B", "KW-NTT-YANKUM", "KI-MEREK", &six),
    ///     ("C", "KW-NTT-YANKUM", "KI-PATEN", &six),
    ///     ("D", "KW-NTT-TU", "UMUM-INFORMASI", &two),
    /// ].into_iter().enumerate() {
    ///     let raw = RawResponse { id, date: "2025-05-01", unit, service, answers: stars };
    ///     survey.ingest(line as u64 + 2, &raw)?;
    /// }
    /// let ntt = |method| -> Result<String, Box<dyn std::error::Error>> {
    ///     let units = survey.rollup(method, &Filter::all())?;
    ///     let ntt = units.iter().find(|u| u.code().as_str() == "KW-NTT").ok_or("no KW-NTT")?;
    ///     Ok(ntt.instrument("SPAK").ok_or("no SPAK")?.index().raw().round(4).to_string())
    /// };
    /// assert_eq!(ntt(Rollup::Pooled)?, "5.0000");         // (6+6+6+2)/4
    /// assert_eq!(ntt(Rollup::MeanOfChildren)?, "4.0000"); // (6+2)/2
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rollup(
        &self,
        method: Rollup,
        filter: &Filter,
    ) -> Result<Vec<UnitRollup>, ForeignIdError> {
        let filter = filter.resolve(self.catalog())?;
        Ok(self.rollup_on(method, &filter, NonZeroUsize::MIN))
    }

    /// [`Survey::rollup`] under a filter checked against the survey's catalog, the units'
    /// indices computed on `threads` threads.
    pub(crate) fn rollup_on(
        &self,
        method: Rollup,
        filter: &CellFilter,
        threads: NonZeroUsize,
    ) -> Vec<UnitRollup> {
        self.roll(method, self.own_tallies(filter), threads)
    }

    /// One roll-up per group of cells, in group order: `group_of` names the group of each cell
    /// the filter keeps (a service, a period), or leaves it out. Each group's roll-up is
    /// [`Survey::rollup_on`] over that group's responses only; groups with no responses are not
    /// listed. Each unit's roll-up in a group is handed to `finish` as soon as the group is
    /// rolled up, and only what `finish` returns is kept, with the unit's index. The groups are
    /// computed on `threads` threads.
    pub(crate) fn rollup_groups<G, T>(
        &self,
        method: Rollup,
        filter: &CellFilter,
        group_of: impl Fn(&CellKey) -> Option<G>,
        threads: NonZeroUsize,
        finish: impl Fn(&UnitRollup) -> T + Sync,
    ) -> Vec<(G, Vec<(usize, T)>)>
    where
        G: Copy + Ord + Hash + Send + Sync,
        T: Send,
    {
        let groups = self.own_tallies_by(filter, group_of);
        let n = self.catalog().units().len();
        par::map(&groups, threads, |(g, own)| {
            // one group's own tallies, dense, only while it is rolled up
            let mut dense: Vec<Option<QuestionnaireTally>> = vec![None; n];
            for (unit, tally) in own {
                if let Some(slot) = dense.get_mut(*unit) {
                    *slot = Some(tally.clone());
                }
            }
            let units = self.roll(method, dense, NonZeroUsize::MIN);
            (
                *g,
                units
                    .iter()
                    .map(|u| (u.unit().index(), finish(u)))
                    .collect(),
            )
        })
    }

    /// The roll-up of every unit from each unit's own tallies (by unit index).
    fn roll(
        &self,
        method: Rollup,
        own: Vec<Option<QuestionnaireTally>>,
        threads: NonZeroUsize,
    ) -> Vec<UnitRollup> {
        let catalog = self.catalog();
        let q = self.questionnaire();
        let n = catalog.units().len();
        // subtree tallies, children before parents
        // mean-of-children also needs each unit's own tallies after the subtrees are summed
        let own_kept = (method == Rollup::MeanOfChildren).then(|| own.clone());
        let mut subtree: Vec<Option<QuestionnaireTally>> = own;
        for &u in catalog.top_down().iter().rev() {
            // the child's tally is taken out while it is added to its parent's, and put back:
            // a copy only for a parent that has no tally yet
            if let Some(p) = catalog.parent(u)
                && let Some(child) = subtree[u.index()].take()
            {
                match &mut subtree[p.index()] {
                    Some(t) => {
                        // totals are bounded by the records ingested: no overflow
                        let _ = t.merge(&child);
                    }
                    slot @ None => *slot = Some(child.clone()),
                }
                subtree[u.index()] = Some(child);
            }
        }
        // mean-of-children raw per unit and instrument, children before parents
        let instruments = q.instruments();
        let mut moc: Vec<Vec<Option<MeanOfChildren>>> = vec![vec![None; instruments.len()]; n];
        if let Some(own) = &own_kept {
            for &u in catalog.top_down().iter().rev() {
                for (k, ins) in instruments.iter().enumerate() {
                    let mut contributors = Vec::new();
                    if let Some(t) = &own[u.index()] {
                        let tally = &t.instruments()[k];
                        if let Some(raw) = ins.raw_of(tally) {
                            contributors.push(Contributor {
                                source: Source::Own,
                                respondents: tally.respondents(),
                                raw,
                                variance: ins.index_variance(tally),
                            });
                        }
                    }
                    for c in catalog.children(u) {
                        if let (Some((raw, _, variance)), Some(child)) =
                            (&moc[c.index()][k], catalog.unit(c))
                        {
                            let respondents = subtree[c.index()]
                                .as_ref()
                                .map_or(0, |t| t.instruments()[k].respondents());
                            contributors.push(Contributor {
                                source: Source::Child(child.code().clone()),
                                respondents,
                                raw: raw.clone(),
                                variance: variance.clone(),
                            });
                        }
                    }
                    let count = Exact::from(contributors.len() as u64);
                    let sum: Exact = contributors.iter().map(|c| c.raw.clone()).sum();
                    let variance = contributors
                        .iter()
                        .map(|c| c.variance.clone())
                        .sum::<Option<Exact>>()
                        .and_then(|v| v.checked_div(&(&count * &count)));
                    if let Some(mean) = sum.checked_div(&count) {
                        moc[u.index()][k] = Some((mean, contributors, variance));
                    }
                }
            }
        }
        let units: Vec<(UnitId, &UnitCode, &QuestionnaireTally)> = catalog
            .unit_ids()
            .zip(catalog.units())
            .filter_map(|(u, unit)| Some((u, unit.code(), subtree[u.index()].as_ref()?)))
            .filter(|(_, _, t)| t.responses() > 0)
            .collect();
        par::map(&units, threads, |&(u, code, t)| {
            let results = instruments
                .iter()
                .enumerate()
                .map(|(k, ins)| {
                    let pooled = ins.index(&t.instruments()[k]).ok()?;
                    let (index, contributors, variance) = match method {
                        Rollup::Pooled => (
                            pooled.index().clone(),
                            Vec::new(),
                            ins.index_variance(&t.instruments()[k]),
                        ),
                        Rollup::MeanOfChildren => {
                            let (raw, contributors, variance) = moc[u.index()][k].clone()?;
                            (ins.index_from_raw(raw), contributors, variance)
                        }
                    };
                    Some(InstrumentRollup {
                        method,
                        tally: t.instruments()[k].clone(),
                        pooled,
                        index,
                        contributors,
                        variance,
                    })
                })
                .collect();
            UnitRollup {
                unit: u,
                code: code.clone(),
                respondents: t.responses(),
                instruments: results,
            }
        })
    }
}
