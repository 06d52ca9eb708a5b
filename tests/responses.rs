//! Validating and ingesting responses: every rejection reason `Survey::ingest` produces, the
//! order of the checks, trimming, the ingest summary, and `validate`.

use std::collections::BTreeMap;

use persepsi::*;
use proptest::prelude::*;

/// Thirteen sixes: SPKP1..SPKP8 then SPAK1..SPAK5.
const SIXES: [&str; 13] = ["6"; 13];

fn good<'a>(id: &'a str) -> RawResponse<'a> {
    RawResponse {
        id,
        date: "2025-03-14",
        unit: "KW-NTT-YANKUM",
        service: "KI-MEREK",
        answers: &SIXES,
    }
}

fn item(code: &str) -> ItemCode {
    ItemCode::new(code).expect("item code")
}

/// Ingests one bad record at `line` into a survey that already holds an accepted "R0" at line 1
/// and checks the reason, and the rejection kept in the summary.
fn assert_rejected(raw: &RawResponse<'_>, line: u64, expected: RejectReason) {
    let (catalog, q) = (Catalog::kemenkum_2025(), Questionnaire::spkp_spak());
    let mut survey = Survey::new(catalog.clone(), q.clone());
    survey
        .ingest(1, &good("R0"))
        .expect("the baseline record is accepted");
    let got = survey.ingest(line, raw);
    assert_eq!(got, Err(expected.clone()), "{raw:?}");
    let summary = survey.summary();
    assert_eq!((summary.seen, summary.accepted), (2, 1));
    assert_eq!(
        summary.rejected,
        [Rejection {
            line,
            response_id: raw.id.trim().to_owned(),
            reason: expected
        }]
    );
}

fn with_answers<'a>(id: &'a str, answers: &'a [&'a str]) -> RawResponse<'a> {
    RawResponse {
        answers,
        ..good(id)
    }
}

/// Thirteen sixes with `cell` at position `at`.
fn sixes_with(at: usize, cell: &str) -> Vec<&str> {
    let mut v = SIXES.to_vec();
    v[at] = cell;
    v
}

// ---------------------------------------------------------------------------------------------
// One test per reason
// ---------------------------------------------------------------------------------------------

#[test]
fn missing_response_id() {
    assert_rejected(&good(""), 7, RejectReason::MissingResponseId);
    assert_rejected(&good("  \t "), 8, RejectReason::MissingResponseId);
}

#[test]
fn duplicate_response_id_names_the_accepted_line() {
    let (catalog, q) = (Catalog::kemenkum_2025(), Questionnaire::spkp_spak());
    let mut survey = Survey::new(catalog.clone(), q.clone());
    survey.ingest(5, &good("R1")).expect("first R1");
    survey.ingest(6, &good("R2")).expect("R2");
    let dup = RejectReason::DuplicateResponseId { first: 5 };
    assert_eq!(survey.ingest(9, &good("R1")), Err(dup.clone()));
    // ids are trimmed before they are compared
    assert_eq!(survey.ingest(11, &good(" R1 ")), Err(dup.clone()));
    // a rejected duplicate does not move `first`
    assert_eq!(survey.ingest(12, &good("R1")), Err(dup.clone()));
    let s = survey.summary();
    assert_eq!((s.seen, s.accepted), (5, 2));
    let rejected: Vec<(u64, &str, &RejectReason)> = s
        .rejected
        .iter()
        .map(|r| (r.line, r.response_id.as_str(), &r.reason))
        .collect();
    assert_eq!(
        rejected,
        [(9, "R1", &dup), (11, "R1", &dup), (12, "R1", &dup)]
    );
}

#[test]
fn a_rejected_id_is_not_remembered() {
    let (catalog, q) = (Catalog::kemenkum_2025(), Questionnaire::spkp_spak());
    let mut survey = Survey::new(catalog.clone(), q.clone());
    let bad = RawResponse {
        date: "2025-02-30",
        ..good("R1")
    };
    assert!(survey.ingest(2, &bad).is_err());
    assert_eq!(survey.ingest(3, &good("R1")), Ok(()));
    assert_eq!(
        survey.ingest(4, &good("R1")),
        Err(RejectReason::DuplicateResponseId { first: 3 })
    );
}

#[test]
fn bad_date() {
    for (line, date) in ["2025-02-30", "2025-13-01", "25-01-2025", "2025-1-01"]
        .into_iter()
        .enumerate()
    {
        assert_rejected(
            &RawResponse { date, ..good("R1") },
            line as u64 + 2,
            RejectReason::BadDate { text: date.into() },
        );
    }
    // the text kept is trimmed
    assert_rejected(
        &RawResponse {
            date: " 2025-02-29 ",
            ..good("R1")
        },
        2,
        RejectReason::BadDate {
            text: "2025-02-29".into(),
        },
    );
}

#[test]
fn dates_are_trimmed_and_leap_days_accepted() {
    let (catalog, q) = (Catalog::kemenkum_2025(), Questionnaire::spkp_spak());
    let survey = Survey::new(catalog.clone(), q.clone());
    let r = survey
        .validate(&RawResponse {
            date: " 2024-02-29 ",
            ..good("R1")
        })
        .expect("a real date with spaces around it");
    assert_eq!(r.date().to_string(), "2024-02-29");
}

#[test]
fn unknown_unit() {
    assert_rejected(
        &RawResponse {
            unit: " KW-XYZ ",
            ..good("R1")
        },
        3,
        RejectReason::UnknownUnit {
            unit: "KW-XYZ".into(),
        },
    );
    // codes are case-sensitive
    assert_rejected(
        &RawResponse {
            unit: "kw-ntt-yankum",
            ..good("R1")
        },
        3,
        RejectReason::UnknownUnit {
            unit: "kw-ntt-yankum".into(),
        },
    );
}

#[test]
fn unknown_service() {
    assert_rejected(
        &RawResponse {
            service: "KI-MERK",
            ..good("R1")
        },
        4,
        RejectReason::UnknownService {
            service: "KI-MERK".into(),
        },
    );
}

#[test]
fn service_not_offered() {
    let not_offered = |unit: &str, service: &str| RejectReason::ServiceNotOffered {
        unit: UnitCode::new(unit).expect("unit"),
        service: ServiceCode::new(service).expect("service"),
    };
    // the Bagian Tata Usaha does not register trademarks
    assert_rejected(
        &RawResponse {
            unit: "KW-NTT-TU",
            ..good("R1")
        },
        5,
        not_offered("KW-NTT-TU", "KI-MEREK"),
    );
    // nothing is inherited: the Kanwil itself offers nothing
    assert_rejected(
        &RawResponse {
            unit: "KW-NTT",
            ..good("R1")
        },
        5,
        not_offered("KW-NTT", "KI-MEREK"),
    );
    // partai politik lokal is for Aceh only
    assert_rejected(
        &RawResponse {
            service: "AHU-PARPOL-LOKAL",
            ..good("R1")
        },
        5,
        not_offered("KW-NTT-YANKUM", "AHU-PARPOL-LOKAL"),
    );
    let (catalog, q) = (Catalog::kemenkum_2025(), Questionnaire::spkp_spak());
    let mut survey = Survey::new(catalog.clone(), q.clone());
    let aceh = RawResponse {
        unit: "KW-ACEH-YANKUM",
        service: "AHU-PARPOL-LOKAL",
        ..good("R1")
    };
    assert_eq!(survey.ingest(2, &aceh), Ok(()));
}

#[test]
fn malformed_star() {
    for (at, text) in [(0, "5.0"), (3, "+5"), (7, "-1"), (8, "lima"), (12, "٥")] {
        let answers = sixes_with(at, text);
        let code = if at < 8 {
            format!("SPKP{}", at + 1)
        } else {
            format!("SPAK{}", at - 7)
        };
        assert_rejected(
            &with_answers("R1", &answers),
            6,
            RejectReason::MalformedStar {
                item: item(&code),
                text: text.into(),
            },
        );
    }
    // the text kept is trimmed
    let answers = sixes_with(1, "  lima\t");
    assert_rejected(
        &with_answers("R1", &answers),
        6,
        RejectReason::MalformedStar {
            item: item("SPKP2"),
            text: "lima".into(),
        },
    );
}

#[test]
fn star_out_of_range() {
    for (at, text, value) in [
        (0, "0", 0),
        (5, "7", 7),
        (9, "99999999999999999999", u64::MAX),
    ] {
        let answers = sixes_with(at, text);
        let code = if at < 8 {
            format!("SPKP{}", at + 1)
        } else {
            format!("SPAK{}", at - 7)
        };
        assert_rejected(
            &with_answers("R1", &answers),
            7,
            RejectReason::StarOutOfRange {
                item: item(&code),
                value,
                points: 6,
            },
        );
    }
}

#[test]
fn no_answers() {
    let empty = [""; 13];
    assert_rejected(&with_answers("R1", &empty), 8, RejectReason::NoAnswers);
    let blank = [
        " ", "\t", "  ", "", "", "", "", "", "", "", "", "", "\u{a0}",
    ];
    assert_rejected(&with_answers("R1", &blank), 8, RejectReason::NoAnswers);
    // no cells at all: every item is missing
    assert_rejected(&with_answers("R1", &[]), 8, RejectReason::NoAnswers);
}

// ---------------------------------------------------------------------------------------------
// Check order, trimming, missing and extra cells
// ---------------------------------------------------------------------------------------------

#[test]
fn first_failing_check_wins() {
    let bad_stars = ["x"; 13];
    // a missing id beats everything
    let everything_bad = RawResponse {
        id: "",
        date: "2025-02-30",
        unit: "NOPE",
        service: "NOPE",
        answers: &bad_stars,
    };
    assert_rejected(&everything_bad, 2, RejectReason::MissingResponseId);
    // bad date and unknown unit: the date
    let date_and_unit = RawResponse {
        date: "2025-02-30",
        unit: "NOPE",
        ..good("R1")
    };
    assert_rejected(
        &date_and_unit,
        2,
        RejectReason::BadDate {
            text: "2025-02-30".into(),
        },
    );
    // unknown unit and unknown service: the unit
    let unit_and_service = RawResponse {
        unit: "NOPE",
        service: "NOPE",
        ..good("R1")
    };
    assert_rejected(
        &unit_and_service,
        2,
        RejectReason::UnknownUnit {
            unit: "NOPE".into(),
        },
    );
    // not offered and bad stars: the mapping
    let mapping_and_stars = RawResponse {
        unit: "KW-NTT-TU",
        answers: &bad_stars,
        ..good("R1")
    };
    assert_rejected(
        &mapping_and_stars,
        2,
        RejectReason::ServiceNotOffered {
            unit: UnitCode::new("KW-NTT-TU").expect("unit"),
            service: ServiceCode::new("KI-MEREK").expect("service"),
        },
    );
    // a duplicate id with a bad date: the duplicate (R0 was accepted at line 1)
    let dup_and_date = RawResponse {
        date: "2025-02-30",
        ..good("R0")
    };
    assert_rejected(
        &dup_and_date,
        2,
        RejectReason::DuplicateResponseId { first: 1 },
    );
}

#[test]
fn first_bad_star_in_questionnaire_order_wins() {
    // SPAK2 malformed, SPKP8 out of range: SPKP8 comes first in the questionnaire
    let mut a = SIXES.to_vec();
    a[9] = "x";
    a[7] = "9";
    assert_rejected(
        &with_answers("R1", &a),
        2,
        RejectReason::StarOutOfRange {
            item: item("SPKP8"),
            value: 9,
            points: 6,
        },
    );
    // SPKP3 out of range, SPKP5 malformed: SPKP3, whatever the kind of fault
    let mut b = SIXES.to_vec();
    b[2] = "0";
    b[4] = "x";
    assert_rejected(
        &with_answers("R1", &b),
        2,
        RejectReason::StarOutOfRange {
            item: item("SPKP3"),
            value: 0,
            points: 6,
        },
    );
    // SPKP4 malformed, SPAK1 out of range: SPKP4
    let mut c = SIXES.to_vec();
    c[3] = "6.5";
    c[8] = "10";
    assert_rejected(
        &with_answers("R1", &c),
        2,
        RejectReason::MalformedStar {
            item: item("SPKP4"),
            text: "6.5".into(),
        },
    );
    // a bad star with every other cell empty is a bad star, not "no answers"
    let mut d = [""; 13].to_vec();
    d[12] = "0";
    assert_rejected(
        &with_answers("R1", &d),
        2,
        RejectReason::StarOutOfRange {
            item: item("SPAK5"),
            value: 0,
            points: 6,
        },
    );
}

#[test]
fn cells_are_trimmed_and_leading_zeros_read() {
    let (catalog, q) = (Catalog::kemenkum_2025(), Questionnaire::spkp_spak());
    let survey = Survey::new(catalog.clone(), q.clone());
    let answers = [
        " 6 ", "05", "\t4", "1\u{a0}", "", " ", "006", "2", "3", "", "", "", "0001",
    ];
    let raw = RawResponse {
        id: "  R1  ",
        date: "2025-03-14",
        unit: " KW-NTT-YANKUM ",
        service: "\tKI-MEREK ",
        answers: &answers,
    };
    let r = survey.validate(&raw).expect("valid after trimming");
    assert_eq!(r.id(), "R1");
    assert_eq!(
        catalog.unit(r.unit()).map(|u| u.code().as_str()),
        Some("KW-NTT-YANKUM")
    );
    assert_eq!(
        catalog.service(r.service()).map(|s| s.code().as_str()),
        Some("KI-MEREK")
    );
    let spkp: Vec<Option<u8>> = (0..8).map(|i| r.answers()[0].get(i)).collect();
    assert_eq!(
        spkp,
        [
            Some(6),
            Some(5),
            Some(4),
            Some(1),
            None,
            None,
            Some(6),
            Some(2)
        ]
    );
    let spak: Vec<Option<u8>> = (0..5).map(|i| r.answers()[1].get(i)).collect();
    assert_eq!(spak, [Some(3), None, None, None, Some(1)]);
    assert_eq!(r.answers()[0].answered(), 6);
    assert_eq!(r.answers()[1].answered(), 2);
}

#[test]
fn missing_cells_are_missing_answers_and_extra_cells_are_ignored() {
    let (catalog, q) = (Catalog::kemenkum_2025(), Questionnaire::spkp_spak());
    let survey = Survey::new(catalog.clone(), q.clone());
    let short = ["5", "4"];
    let r = survey
        .validate(&with_answers("R1", &short))
        .expect("two answers are enough");
    assert_eq!(r.answers()[0].answered(), 2);
    assert_eq!(r.answers()[1].answered(), 0);
    let mut long = SIXES.to_vec();
    long.extend(["lima", "99"]);
    let r = survey
        .validate(&with_answers("R2", &long))
        .expect("cells beyond the 13 items are ignored");
    assert_eq!(r.answers()[0].answered() + r.answers()[1].answered(), 13);
}

#[test]
fn trimmed_id_duplicates_untrimmed() {
    let (catalog, q) = (Catalog::kemenkum_2025(), Questionnaire::spkp_spak());
    let mut survey = Survey::new(catalog.clone(), q.clone());
    survey.ingest(2, &good(" R1 ")).expect("accepted");
    assert_eq!(
        survey.ingest(3, &good("R1")),
        Err(RejectReason::DuplicateResponseId { first: 2 })
    );
    assert_eq!(survey.summary().rejected[0].response_id, "R1");
}

// ---------------------------------------------------------------------------------------------
// Survey::reject, the summary, validate
// ---------------------------------------------------------------------------------------------

#[test]
fn reject_counts_in_the_summary() {
    let (catalog, q) = (Catalog::kemenkum_2025(), Questionnaire::spkp_spak());
    let mut survey = Survey::new(catalog.clone(), q.clone());
    survey.ingest(2, &good("R1")).expect("accepted");
    let wrong = RejectReason::WrongColumnCount {
        expected: 17,
        found: 3,
    };
    survey.reject(3, " R9 ", wrong.clone());
    survey.reject(4, "", RejectReason::MalformedRecord);
    let s = survey.summary();
    assert_eq!((s.seen, s.accepted, s.rejected.len()), (3, 1, 2));
    assert_eq!(
        s.rejected,
        [
            Rejection {
                line: 3,
                response_id: "R9".into(),
                reason: wrong
            },
            Rejection {
                line: 4,
                response_id: String::new(),
                reason: RejectReason::MalformedRecord
            }
        ]
    );
    // an id rejected before ingest is not remembered
    assert_eq!(survey.ingest(5, &good("R9")), Ok(()));
    assert_eq!(survey.summary().accepted, 2);
}

#[test]
fn validate_gives_the_ingest_reason_without_counting() {
    let (catalog, q) = (Catalog::kemenkum_2025(), Questionnaire::spkp_spak());
    let mut survey = Survey::new(catalog.clone(), q.clone());
    survey.ingest(1, &good("R0")).expect("accepted");
    let bad_star = sixes_with(4, "lima");
    let out_of_range = sixes_with(10, "7");
    let empty = [""; 13];
    let records = [
        good(""),
        good("R0"),
        RawResponse {
            date: "2025-13-01",
            ..good("R1")
        },
        RawResponse {
            unit: "NOPE",
            ..good("R1")
        },
        RawResponse {
            service: "NOPE",
            ..good("R1")
        },
        RawResponse {
            unit: "KW-NTT-P3H",
            ..good("R1")
        },
        with_answers("R1", &bad_star),
        with_answers("R1", &out_of_range),
        with_answers("R1", &empty),
    ];
    let mut codes = Vec::new();
    for (i, raw) in records.iter().enumerate() {
        let before = survey.summary().clone();
        let validated = survey.validate(raw).expect_err("bad record");
        assert_eq!(survey.summary(), &before, "validate does not count");
        let ingested = survey.ingest(i as u64 + 10, raw).expect_err("bad record");
        assert_eq!(validated, ingested, "{raw:?}");
        codes.push(ingested.code());
    }
    assert_eq!(codes, &RejectReason::CODES[2..]);
    // a good record validates without remembering its id
    let before = survey.summary().clone();
    let r = survey.validate(&good("R5")).expect("good");
    assert_eq!(r.id(), "R5");
    assert_eq!(survey.summary(), &before);
    assert_eq!(survey.ingest(30, &good("R5")), Ok(()));
    assert_eq!(
        survey.validate(&good("R5")).expect_err("now a duplicate"),
        RejectReason::DuplicateResponseId { first: 30 }
    );
}

#[test]
fn rejected_by_reason_counts() {
    let (catalog, q) = (Catalog::kemenkum_2025(), Questionnaire::spkp_spak());
    let mut survey = Survey::new(catalog.clone(), q.clone());
    let empty = [""; 13];
    let zero = sixes_with(0, "0");
    let lines: Vec<RawResponse<'_>> = vec![
        good("A"),
        good("A"),
        good("A"),
        good("B"),
        good(""),
        RawResponse {
            date: "2025-02-30",
            ..good("C")
        },
        RawResponse {
            date: "2025-1-01",
            ..good("D")
        },
        with_answers("E", &empty),
        with_answers("F", &zero),
        with_answers("G", &zero),
        with_answers("H", &zero),
    ];
    for (i, raw) in lines.iter().enumerate() {
        let _ = survey.ingest(i as u64 + 2, raw);
    }
    survey.reject(99, "Z", RejectReason::MalformedRecord);
    let by_reason = survey.summary().rejected_by_reason();
    let expected: BTreeMap<&str, u64> = [
        ("duplicate_response_id", 2),
        ("missing_response_id", 1),
        ("bad_date", 2),
        ("no_answers", 1),
        ("star_out_of_range", 3),
        ("malformed_record", 1),
    ]
    .into_iter()
    .collect();
    assert_eq!(by_reason, expected);
    let s = survey.summary();
    assert_eq!(s.seen, 12);
    assert_eq!(s.accepted, 2);
    assert_eq!(by_reason.values().sum::<u64>(), s.rejected.len() as u64);
}

// ---------------------------------------------------------------------------------------------
// Property: every record is accepted or rejected, as a simple model predicts
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
enum Kind {
    Good,
    BlankId,
    BadDate,
    UnknownUnit,
    UnknownService,
    NotOffered,
    Malformed,
    OutOfRange,
    NoAnswers,
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        4 => Just(Kind::Good),
        1 => Just(Kind::BlankId),
        1 => Just(Kind::BadDate),
        1 => Just(Kind::UnknownUnit),
        1 => Just(Kind::UnknownService),
        1 => Just(Kind::NotOffered),
        1 => Just(Kind::Malformed),
        1 => Just(Kind::OutOfRange),
        1 => Just(Kind::NoAnswers),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn accepted_plus_rejected_is_seen(
        records in prop::collection::vec((kind(), 0u8..12, prop::array::uniform13(0u8..=6)), 0..60)
    ) {
        let (catalog, q) = (Catalog::kemenkum_2025(), Questionnaire::spkp_spak());
        let mut survey = Survey::new(catalog.clone(), q.clone());
        let mut accepted_ids: BTreeMap<String, u64> = BTreeMap::new();
        for (line, (kind, id, stars)) in records.iter().enumerate() {
            let line = line as u64 + 2;
            let id = format!("R{id}");
            let mut cells: Vec<String> = stars
                .iter()
                .map(|&s| if s == 0 { String::new() } else { s.to_string() })
                .collect();
            let mut raw_id = id.as_str();
            let (mut date, mut unit, mut service) = ("2025-06-30", "KW-ACEH-YANKUM", "AHU-PT");
            match kind {
                Kind::Good | Kind::NoAnswers => {}
                Kind::BlankId => raw_id = " ",
                Kind::BadDate => date = "2025-06-31",
                Kind::UnknownUnit => unit = "KW-ATLANTIS",
                Kind::UnknownService => service = "AHU-NOPE",
                Kind::NotOffered => unit = "KW-ACEH-P3H",
                Kind::Malformed => cells[6] = "6.0".into(),
                Kind::OutOfRange => cells[11] = "8".into(),
            }
            if matches!(kind, Kind::NoAnswers) {
                cells.iter_mut().for_each(String::clear);
            }
            let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
            let raw = RawResponse { id: raw_id, date, unit, service, answers: &refs };
            let got = survey.ingest(line, &raw);
            // the model: checks in order, with the ids accepted so far
            let all_empty = stars.iter().all(|&s| s == 0);
            let expected: Result<(), &str> = match kind {
                Kind::BlankId => Err("missing_response_id"),
                _ if accepted_ids.contains_key(&id) => Err("duplicate_response_id"),
                Kind::BadDate => Err("bad_date"),
                Kind::UnknownUnit => Err("unknown_unit"),
                Kind::UnknownService => Err("unknown_service"),
                Kind::NotOffered => Err("service_not_offered"),
                Kind::Malformed => Err("malformed_star"),
                Kind::OutOfRange => Err("star_out_of_range"),
                Kind::NoAnswers => Err("no_answers"),
                Kind::Good if all_empty => Err("no_answers"),
                _ => Ok(()),
            };
            prop_assert_eq!(got.as_ref().map_err(RejectReason::code).copied(), expected,
                "line {} {:?}", line, kind);
            if let Err(RejectReason::DuplicateResponseId { first }) = got {
                prop_assert_eq!(Some(&first), accepted_ids.get(&id));
            }
            if got.is_ok() {
                accepted_ids.insert(id, line);
            }
            let s = survey.summary();
            prop_assert_eq!(s.accepted + s.rejected.len() as u64, s.seen);
        }
        let s = survey.summary();
        prop_assert_eq!(s.seen, records.len() as u64);
        prop_assert_eq!(s.accepted, accepted_ids.len() as u64);
        prop_assert_eq!(
            s.rejected_by_reason().values().sum::<u64>(),
            s.rejected.len() as u64
        );
    }
}
