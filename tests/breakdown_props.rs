//! Property tests of the report's scopes and breakdowns on random responses: per-service and
//! per-period entries partition each unit's respondents and answers, every distribution counts
//! exactly the answers given, the period scope counts what is dated in it, and the unit scope
//! lists a subtree of the full report unchanged. Expected counts come from the generated rows,
//! never from the program.

use std::collections::BTreeMap;
use std::fmt::Display;
use std::ops::Range;

use persepsi::{
    Catalog, Period, PeriodKind, Questionnaire, RawResponse, Report, ReportOptions, Rollup, Survey,
    UnitKind, UnitReport,
};
use proptest::prelude::*;

/// A unit of the test catalog: code, parent (position in [`UNITS`]), services offered.
struct UnitDef {
    code: &'static str,
    parent: Option<usize>,
    offers: &'static [&'static str],
}

/// ROOT -> KW-A (-> KW-A-YAN, KW-A-TU), KW-B (-> KW-B-YAN -> KW-B-YAN-X), KW-C; parents before
/// children, in catalog order. KW-A offers nothing itself; KW-C is never drawn.
const UNITS: [UnitDef; 8] = [
    UnitDef {
        code: "ROOT",
        parent: None,
        offers: &["INFO"],
    },
    UnitDef {
        code: "KW-A",
        parent: Some(0),
        offers: &[],
    },
    UnitDef {
        code: "KW-A-YAN",
        parent: Some(1),
        offers: &["MEREK", "PATEN"],
    },
    UnitDef {
        code: "KW-A-TU",
        parent: Some(1),
        offers: &["INFO"],
    },
    UnitDef {
        code: "KW-B",
        parent: Some(0),
        offers: &["INFO"],
    },
    UnitDef {
        code: "KW-B-YAN",
        parent: Some(4),
        offers: &["MEREK"],
    },
    UnitDef {
        code: "KW-B-YAN-X",
        parent: Some(5),
        offers: &["PATEN", "MEREK"],
    },
    UnitDef {
        code: "KW-C",
        parent: Some(0),
        offers: &["INFO"],
    },
];

/// Services in catalog order (not alphabetical), with their areas.
const SERVICES: [(&str, &str); 3] = [("PATEN", "KI"), ("MEREK", "KI"), ("INFO", "UMUM")];

/// The (unit, service) pairs a response may name: every offer except KW-C's.
fn offers() -> Vec<(usize, &'static str)> {
    UNITS
        .iter()
        .enumerate()
        .filter(|(_, u)| u.code != "KW-C")
        .flat_map(|(i, u)| u.offers.iter().map(move |s| (i, *s)))
        .collect()
}

const OFFERS: usize = 8;

fn fail<E: Display>(e: E) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

fn catalog() -> Result<Catalog, TestCaseError> {
    let mut b = Catalog::builder();
    for (code, area) in SERVICES {
        b = b.service(
            code.parse().map_err(fail)?,
            code,
            area.parse().map_err(fail)?,
        );
    }
    for u in &UNITS {
        let kind = if u.parent.is_none() {
            UnitKind::Ministry
        } else {
            UnitKind::Division
        };
        let parent = match u.parent {
            Some(p) => Some(UNITS[p].code.parse().map_err(fail)?),
            None => None,
        };
        b = b.unit(u.code.parse().map_err(fail)?, u.code, kind, parent);
    }
    for u in UNITS.iter().filter(|u| !u.offers.is_empty()) {
        let services = u
            .offers
            .iter()
            .map(|s| s.parse())
            .collect::<Result<_, _>>()
            .map_err(fail)?;
        b = b.offer(u.code.parse().map_err(fail)?, services);
    }
    b.build().map_err(fail)
}

/// The instruments of a questionnaire: code, positions of its items among the answers, points.
fn instruments(ikm: bool) -> Vec<(&'static str, Range<usize>, usize)> {
    if ikm {
        vec![("IKM", 0..9, 4)]
    } else {
        vec![("SPKP", 0..8, 6), ("SPAK", 8..13, 6)]
    }
}

/// One generated record.
#[derive(Debug, Clone)]
struct Row {
    unit: usize,
    service: &'static str,
    year: u16,
    month: u8,
    day: u8,
    /// One cell per item of the questionnaire, `None` unanswered.
    stars: Vec<Option<u8>>,
    /// Names a unit the catalog does not have (rejected).
    unknown_unit: bool,
}

impl Row {
    /// Accepted: a known unit (the service is always one it offers) with at least one answer.
    fn accepted(&self) -> bool {
        !self.unknown_unit && self.stars.iter().any(Option::is_some)
    }

    fn dated_in(&self, p: Period) -> bool {
        let (y, m) = (self.year, self.month);
        match p {
            Period::Year(py) => y == py,
            Period::Semester(py, s) => y == py && (m - 1) / 6 + 1 == s,
            Period::Quarter(py, q) => y == py && (m - 1) / 3 + 1 == q,
            Period::Month(py, pm) => y == py && m == pm,
        }
    }

    /// The series period holding the row: a sort key (year, number in the year) and its text.
    fn period(&self, kind: PeriodKind) -> ((u16, u8), String) {
        let (y, m) = (self.year, self.month);
        match kind {
            PeriodKind::Year => ((y, 0), format!("{y}")),
            PeriodKind::Semester => ((y, (m - 1) / 6 + 1), format!("{y}-S{}", (m - 1) / 6 + 1)),
            PeriodKind::Quarter => ((y, (m - 1) / 3 + 1), format!("{y}-Q{}", (m - 1) / 3 + 1)),
            _ => ((y, m), format!("{y}-{m:02}")),
        }
    }
}

/// Whether unit `u` is `ancestor` or below it.
fn within(mut u: usize, ancestor: usize) -> bool {
    loop {
        if u == ancestor {
            return true;
        }
        match UNITS[u].parent {
            Some(p) => u = p,
            None => return false,
        }
    }
}

/// The questionnaire (`true`: IKM) and up to 200 records: a random offered (unit, service), a
/// date in 2025-2026, each star present with probability 0.8, whole instruments left blank now
/// and then (a record with nothing answered is rejected), one record in 20 naming an unknown unit.
fn case() -> impl Strategy<Value = (bool, Vec<Row>)> {
    any::<bool>().prop_flat_map(|ikm| {
        let (items, k) = if ikm { (9, 4u8) } else { (13, 6u8) };
        let row = (
            0..OFFERS,
            2025u16..=2026,
            1u8..=12,
            1u8..=28,
            prop::collection::vec(prop::option::weighted(0.8, 1..=k), items),
            (prop::bool::weighted(0.15), prop::bool::weighted(0.15)),
            prop::bool::weighted(0.05),
        )
            .prop_map(
                move |(offer, year, month, day, mut stars, (blank1, blank2), unknown_unit)| {
                    let (unit, service) = offers()[offer];
                    let split = if ikm { 9 } else { 8 };
                    if blank1 {
                        stars[..split].fill(None);
                    }
                    if blank2 {
                        stars[split..].fill(None);
                    }
                    Row {
                        unit,
                        service,
                        year,
                        month,
                        day,
                        stars,
                        unknown_unit,
                    }
                },
            );
        (Just(ikm), prop::collection::vec(row, 0..=200))
    })
}

fn survey_of(ikm: bool, rows: &[Row]) -> Result<Survey, TestCaseError> {
    let q = if ikm {
        Questionnaire::ikm()
    } else {
        Questionnaire::spkp_spak()
    };
    let mut survey = Survey::new(catalog()?, q);
    for (i, r) in rows.iter().enumerate() {
        let id = format!("R{i}");
        let date = format!("{:04}-{:02}-{:02}", r.year, r.month, r.day);
        let cells: Vec<String> = r
            .stars
            .iter()
            .map(|s| s.map_or_else(String::new, |s| s.to_string()))
            .collect();
        let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
        let unit = if r.unknown_unit {
            "KW-Z"
        } else {
            UNITS[r.unit].code
        };
        let raw = RawResponse {
            id: &id,
            date: &date,
            unit,
            service: r.service,
            answers: &cells,
        };
        let outcome = survey.ingest(i as u64 + 2, &raw);
        prop_assert_eq!(outcome.is_ok(), r.accepted(), "row {:?}: {:?}", r, outcome);
    }
    Ok(survey)
}

/// Counts of each star 1..=k on each item of an instrument, and its respondents, over rows.
fn tally<'a>(
    rows: impl Iterator<Item = &'a Row>,
    items: &Range<usize>,
    k: usize,
) -> (u64, Vec<Vec<u64>>) {
    let mut respondents = 0;
    let mut dist = vec![vec![0u64; k]; items.len()];
    for r in rows {
        let answers = &r.stars[items.clone()];
        if answers.iter().any(Option::is_some) {
            respondents += 1;
        }
        for (d, s) in dist.iter_mut().zip(answers) {
            if let Some(s) = s {
                d[usize::from(*s) - 1] += 1;
            }
        }
    }
    (respondents, dist)
}

/// A per-instrument distribution as a report has it, by instrument code.
type Dists = BTreeMap<String, Vec<Vec<u64>>>;

/// Each item's counts of 1..k stars (none where the report withheld them).
fn stars_of(items: &persepsi::ItemFindings) -> Vec<Vec<u64>> {
    items
        .distribution
        .iter()
        .flatten()
        .map(|(_, d)| d.clone())
        .collect()
}

fn dists_of<'a>(entries: impl Iterator<Item = (&'a str, &'a persepsi::ItemFindings)>) -> Dists {
    entries
        .map(|(code, items)| (code.to_owned(), stars_of(items)))
        .collect()
}

/// The element-wise sum of per-instrument distributions; a part missing an instrument adds 0.
fn add(total: &mut Dists, part: &Dists) {
    for (code, items) in part {
        let slot = total
            .entry(code.clone())
            .or_insert_with(|| items.iter().map(|d| vec![0; d.len()]).collect());
        for (t, d) in slot.iter_mut().zip(items) {
            for (a, b) in t.iter_mut().zip(d) {
                *a += b;
            }
        }
    }
}

/// Checks one listed unit's indices against the rows in its scope: an instrument is there exactly
/// when someone in scope answered it, with that many respondents and, item by item, exactly the
/// answers given (so each item's distribution sums to its answered count).
fn check_indices<'a>(
    what: &str,
    ikm: bool,
    scope: &[&Row],
    found: impl Iterator<Item = (&'a str, u64, &'a persepsi::ItemFindings)>,
) -> Result<(), TestCaseError> {
    let found: Vec<(&str, u64, &persepsi::ItemFindings)> = found.collect();
    let mut expected = Vec::new();
    for (code, items, k) in instruments(ikm) {
        let (respondents, dist) = tally(scope.iter().copied(), &items, k);
        if respondents > 0 {
            expected.push((code, respondents, dist));
        }
    }
    let got: Vec<(&str, u64, Vec<Vec<u64>>)> = found
        .iter()
        .map(|(code, n, items)| (*code, *n, stars_of(items)))
        .collect();
    prop_assert_eq!(got, expected, "{}", what);
    Ok(())
}

/// Everything a report's listed units must show given the rows in scope (`period`, if any): the
/// units listed, their respondents, indices and distributions; and with breakdowns, the services
/// in catalog order and the periods in time order with direct counts, whose respondents and
/// distributions add up to the unit's.
/// The parts of a unit (its services or its periods: label, respondents, indices and the rows
/// in the part) partition it: (a) their respondents sum to the unit's, per instrument too;
/// (b) their distributions add up to the unit's; (c) each part's indices match its rows.
fn check_partition(
    unit: &persepsi::UnitReport,
    ikm: bool,
    parts: &[(String, u64, &[persepsi::BreakdownIndex], Vec<&Row>)],
    own: &Dists,
    own_respondents: &BTreeMap<&str, u64>,
) -> Result<(), TestCaseError> {
    let code = unit.unit.as_str();
    let sum: u64 = parts.iter().map(|(_, n, _, _)| n).sum();
    prop_assert_eq!(sum, unit.respondents, "parts of {}", code);
    let (mut total, mut per_instrument) = (Dists::new(), BTreeMap::<&str, u64>::new());
    for (label, _, indices, rows) in parts {
        check_indices(
            &format!("{code} {label}"),
            ikm,
            rows,
            indices
                .iter()
                .map(|i| (i.index.instrument.as_str(), i.index.respondents, &i.items)),
        )?;
        add(
            &mut total,
            &dists_of(
                indices
                    .iter()
                    .map(|i| (i.index.instrument.as_str(), &i.items)),
            ),
        );
        for i in indices.iter() {
            *per_instrument
                .entry(i.index.instrument.as_str())
                .or_default() += i.index.respondents;
        }
    }
    prop_assert_eq!(&total, own, "parts of {}", code);
    prop_assert_eq!(&per_instrument, own_respondents, "parts of {}", code);
    Ok(())
}

fn check_report(
    report: &Report,
    ikm: bool,
    rows: &[Row],
    period: Option<Period>,
    series: Option<PeriodKind>,
    by_service: bool,
) -> Result<(), TestCaseError> {
    let in_scope: Vec<&Row> = rows
        .iter()
        .filter(|r| r.accepted() && period.is_none_or(|p| r.dated_in(p)))
        .collect();
    let subtree = |u: usize| -> Vec<&Row> {
        in_scope
            .iter()
            .copied()
            .filter(|r| within(r.unit, u))
            .collect()
    };
    let expected_units: Vec<(&str, u64)> = (0..UNITS.len())
        .map(|u| (UNITS[u].code, subtree(u).len() as u64))
        .filter(|(_, n)| *n > 0)
        .collect();
    let listed: Vec<(&str, u64)> = report
        .units
        .iter()
        .map(|u| (u.unit.as_str(), u.respondents))
        .collect();
    prop_assert_eq!(listed, expected_units);
    for unit in &report.units {
        let u = UNITS
            .iter()
            .position(|d| d.code == unit.unit.as_str())
            .ok_or_else(|| fail("unknown unit listed"))?;
        let rows_u = subtree(u);
        check_indices(
            unit.unit.as_str(),
            ikm,
            &rows_u,
            unit.indices
                .iter()
                .map(|i| (i.index.instrument.as_str(), i.index.respondents, &i.items)),
        )?;
        let own = dists_of(
            unit.indices
                .iter()
                .map(|i| (i.index.instrument.as_str(), &i.items)),
        );
        let own_respondents: BTreeMap<&str, u64> = unit
            .indices
            .iter()
            .map(|i| (i.index.instrument.as_str(), i.index.respondents))
            .collect();
        // per service
        match (&unit.services, by_service) {
            (Some(services), true) => {
                let expected: Vec<(&str, u64)> = SERVICES
                    .iter()
                    .map(|(s, _)| (*s, rows_u.iter().filter(|r| r.service == *s).count() as u64))
                    .filter(|(_, n)| *n > 0)
                    .collect();
                let got: Vec<(&str, u64)> = services
                    .iter()
                    .map(|s| (s.service.as_str(), s.respondents))
                    .collect();
                prop_assert_eq!(got, expected, "services of {}", unit.unit.as_str());
                let parts: Vec<(String, u64, &[persepsi::BreakdownIndex], Vec<&Row>)> = services
                    .iter()
                    .map(|s| {
                        let rows: Vec<&Row> = rows_u
                            .iter()
                            .copied()
                            .filter(|r| r.service == s.service.as_str())
                            .collect();
                        (s.service.to_string(), s.respondents, &s.indices[..], rows)
                    })
                    .collect();
                check_partition(unit, ikm, &parts, &own, &own_respondents)?;
            }
            (None, false) => {}
            (got, _) => {
                return Err(fail(format!(
                    "{}: services {got:?}, asked {by_service}",
                    unit.unit.as_str()
                )));
            }
        }
        // per period
        match (&unit.series, series) {
            (Some(entries), Some(kind)) => {
                let mut expected: BTreeMap<(u16, u8), (String, u64)> = BTreeMap::new();
                for r in &rows_u {
                    let (key, text) = r.period(kind);
                    expected.entry(key).or_insert((text, 0)).1 += 1;
                }
                let expected: Vec<(String, u64)> = expected.into_values().collect();
                let got: Vec<(String, u64)> = entries
                    .iter()
                    .map(|p| (p.period.to_string(), p.respondents))
                    .collect();
                prop_assert_eq!(got, expected, "series of {}", unit.unit.as_str());
                prop_assert!(entries.iter().all(|p| p.period.kind() == kind));
                let parts: Vec<(String, u64, &[persepsi::BreakdownIndex], Vec<&Row>)> = entries
                    .iter()
                    .map(|p| {
                        let text = p.period.to_string();
                        let rows: Vec<&Row> = rows_u
                            .iter()
                            .copied()
                            .filter(|r| r.period(kind).1 == text)
                            .collect();
                        (text, p.respondents, &p.indices[..], rows)
                    })
                    .collect();
                check_partition(unit, ikm, &parts, &own, &own_respondents)?;
            }
            (None, None) => {}
            (got, _) => {
                return Err(fail(format!(
                    "{}: series {got:?}, asked {series:?}",
                    unit.unit.as_str()
                )));
            }
        }
    }
    Ok(())
}

const KINDS: [PeriodKind; 4] = [
    PeriodKind::Month,
    PeriodKind::Quarter,
    PeriodKind::Semester,
    PeriodKind::Year,
];

/// A period of 2025 or 2026 of any kind.
fn a_period() -> impl Strategy<Value = Period> {
    (2025u16..=2026, 0usize..4, 1u8..=12).prop_map(|(y, kind, n)| match kind {
        0 => Period::Month(y, n),
        1 => Period::Quarter(y, (n - 1) % 4 + 1),
        2 => Period::Semester(y, (n - 1) % 2 + 1),
        _ => Period::Year(y),
    })
}

/// The report with disclosure control off, so that every distribution is printed (the laws of
/// withheld distributions are tested on their own).
fn report(survey: &Survey, options: &ReportOptions) -> Result<Report, TestCaseError> {
    Report::with_options(survey, &options.clone().min_cell(0)).map_err(fail)
}

/// An instrument's distribution of stars per item, as a report has it.
type Distribution = Vec<(persepsi::ItemCode, Vec<u64>)>;

/// Every distribution of a report (units, services, periods), with its scope's respondents.
fn every_distribution(r: &Report) -> Vec<(u64, Option<&Distribution>)> {
    let mut all = Vec::new();
    for u in &r.units {
        for i in &u.indices {
            all.push((i.index.respondents, i.items.distribution.as_ref()));
        }
        let parts = u.services.iter().flatten().flat_map(|s| &s.indices);
        let periods = u.series.iter().flatten().flat_map(|p| &p.indices);
        for i in parts.chain(periods) {
            all.push((i.index.respondents, i.items.distribution.as_ref()));
        }
    }
    all
}

fn rollup_of(moc: bool) -> Rollup {
    if moc {
        Rollup::MeanOfChildren
    } else {
        Rollup::Pooled
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// (a), (b), (c), (f): for every kind of series and either roll-up (drawn per case), each
    /// unit's services and periods partition its respondents and its answers, and every
    /// distribution counts exactly the answers in scope; with mean-of-children too (respondents
    /// and distributions stay pooled whatever the method).
    #[test]
    fn breakdowns_partition_every_unit((ikm, rows) in case(), moc in any::<bool>()) {
        let survey = survey_of(ikm, &rows)?;
        for kind in KINDS {
            let options = ReportOptions::default()
                .rollup(rollup_of(moc))
                .by_service(true)
                .series(kind);
            let r = report(&survey, &options)?;
            prop_assert_eq!(r.accepted, rows.iter().filter(|r| r.accepted()).count() as u64);
            prop_assert_eq!(r.in_period, r.accepted);
            check_report(&r, ikm, &rows, None, Some(kind), true)?;
        }
        // and without breakdowns, neither is there
        let r = report(&survey, &ReportOptions::default())?;
        check_report(&r, ikm, &rows, None, None, false)?;
    }

    /// (d): with a period, `in_period` counts the accepted records dated in it, and every listed
    /// unit (exactly those with a response in the period) has the direct count, with its
    /// breakdowns restricted to the period (a series no coarser than the period).
    #[test]
    fn the_period_scope_counts_what_is_dated_in_it(
        (ikm, rows) in case(),
        p in a_period(),
        kind in 0usize..4,
        moc in any::<bool>(),
    ) {
        let survey = survey_of(ikm, &rows)?;
        let kind = KINDS[kind].min(p.kind());
        let options = ReportOptions::default()
            .rollup(rollup_of(moc))
            .period(p)
            .by_service(true)
            .series(kind);
        let r = report(&survey, &options)?;
        let accepted = rows.iter().filter(|r| r.accepted()).count() as u64;
        let dated = rows.iter().filter(|r| r.accepted() && r.dated_in(p)).count() as u64;
        prop_assert_eq!((r.period, r.accepted, r.in_period), (Some(p), accepted, dated));
        prop_assert_eq!(r.input_rows, rows.len() as u64);
        check_report(&r, ikm, &rows, Some(p), Some(kind), true)?;
    }

    /// (e): with a unit, the listed units are the full report's units within its subtree, each
    /// exactly as in the full report (indices, ranks, shrinkage and breakdowns alike).
    #[test]
    fn the_unit_scope_is_a_subtree_of_the_full_report(
        (ikm, rows) in case(),
        u in 0..UNITS.len(),
        moc in any::<bool>(),
        kind in 0usize..4,
        by_service in any::<bool>(),
    ) {
        let survey = survey_of(ikm, &rows)?;
        let id = survey
            .catalog()
            .unit_id(UNITS[u].code)
            .ok_or_else(|| fail("no unit"))?;
        let options = ReportOptions::default()
            .rollup(rollup_of(moc))
            .by_service(by_service)
            .series(KINDS[kind]);
        let full = report(&survey, &options)?;
        let scoped = report(&survey, &options.unit(id))?;
        let expected: Vec<&UnitReport> = full
            .units
            .iter()
            .filter(|x| {
                UNITS
                    .iter()
                    .position(|d| d.code == x.unit.as_str())
                    .is_some_and(|x| within(x, u))
            })
            .collect();
        let got: Vec<&UnitReport> = scoped.units.iter().collect();
        prop_assert_eq!(got, expected);
        prop_assert_eq!(
            (scoped.accepted, scoped.in_period, &scoped.rejected),
            (full.accepted, full.in_period, &full.rejected)
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A distribution is withheld exactly where its scope's respondents on the instrument are
    /// fewer than the minimum cell, and is otherwise the one printed without disclosure control;
    /// nothing else of the report changes.
    #[test]
    fn distributions_are_withheld_exactly_below_the_minimum_cell(
        (ikm, rows) in case(),
        min_cell in 0u64..9,
        kind in 0usize..4,
    ) {
        let survey = survey_of(ikm, &rows)?;
        let options = ReportOptions::default().by_service(true).series(KINDS[kind]);
        let open = report(&survey, &options)?;
        let controlled = Report::with_options(&survey, &options.min_cell(min_cell)).map_err(fail)?;
        prop_assert_eq!(controlled.min_cell, min_cell);
        let (a, b) = (every_distribution(&open), every_distribution(&controlled));
        prop_assert_eq!(a.len(), b.len());
        for ((n, open), (m, controlled)) in a.into_iter().zip(b) {
            prop_assert_eq!(n, m);
            prop_assert!(open.is_some());
            if n < min_cell {
                prop_assert_eq!(controlled, None);
            } else {
                prop_assert_eq!(controlled, open);
            }
        }
        // the open report with those distributions taken out is the controlled one, whole
        let mut expected = open.clone();
        expected.min_cell = min_cell;
        let withhold = |i: &mut persepsi::ItemFindings, n: u64| {
            if n < min_cell {
                i.distribution = None;
            }
        };
        for u in &mut expected.units {
            for i in &mut u.indices {
                withhold(&mut i.items, i.index.respondents);
            }
            let services = u.services.iter_mut().flatten().flat_map(|s| &mut s.indices);
            let periods = u.series.iter_mut().flatten().flat_map(|p| &mut p.indices);
            for i in services.chain(periods) {
                withhold(&mut i.items, i.index.respondents);
            }
        }
        prop_assert_eq!(expected, controlled);
    }
}

#[test]
fn the_strategy_draws_every_offer() {
    assert_eq!(offers().len(), OFFERS);
}
