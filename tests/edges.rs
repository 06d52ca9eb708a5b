//! Accessors and shape checks that mutation testing showed no other test pinned down.

use persepsi::*;

type TestResult = Result<(), Box<dyn std::error::Error>>;

#[test]
fn grade_table_accessors() -> TestResult {
    let t = GradeTable::permenpan_14_2017();
    assert_eq!(
        (t.version(), t.decimals(), t.bands().len()),
        ("PermenPAN-RB 14/2017", 2, 4)
    );
    let custom = GradeTable::new(
        "pass-fail v2",
        0,
        vec![GradeBand::new(Decimal::ZERO, Grade::D, "x")],
    )?;
    assert_eq!((custom.version(), custom.decimals()), ("pass-fail v2", 0));
    Ok(())
}

#[test]
fn index_result_counts_responses_and_respondents_apart() -> TestResult {
    let spak = Instrument::spak();
    let mut t = Tally::new(&spak);
    t.record(&spak.answers([Some(6); 5])?)?;
    t.record(&spak.answers([Some(5); 5])?)?;
    t.record(&spak.answers([None; 5])?)?; // a response without an answer on SPAK
    let r = spak.index(&t)?;
    assert_eq!((r.responses(), r.respondents()), (3, 2));
    Ok(())
}

#[test]
fn precision_accessors() -> TestResult {
    let p = Precision::new(3, 5, 1)?;
    assert_eq!((p.nrr(), p.raw(), p.index()), (3, 5, 1));
    assert_eq!(
        Precision::new(4, 4, 21),
        Err(PrecisionError { decimals: 21 })
    );
    Ok(())
}

#[test]
fn an_index_needs_a_tally_of_the_instruments_shape() -> TestResult {
    let spak = Instrument::spak();
    let ikm = Instrument::ikm();
    let mut t = Tally::new(&ikm);
    t.record(&ikm.answers([Some(4); 9])?)?;
    // 9 items on 1-4 against 5 items on 1-6
    assert!(matches!(spak.index(&t), Err(IndexError::Tally { .. })));
    // same number of items, other scale
    let four = Instrument::builder("FOUR".parse()?, Scale::FOUR)
        .items(spak.items().to_vec())
        .build()?;
    let mut t4 = Tally::new(&four);
    t4.record(&four.answers([Some(4); 5])?)?;
    assert!(matches!(spak.index(&t4), Err(IndexError::Tally { .. })));
    // same scale, other number of items
    let six = Instrument::builder("SIX".parse()?, Scale::SIX)
        .items(spak.items()[..4].to_vec())
        .build()?;
    let mut t6 = Tally::new(&six);
    t6.record(&six.answers([Some(6); 4])?)?;
    assert!(matches!(spak.index(&t6), Err(IndexError::Tally { .. })));
    // a shapeless empty tally has no answers, a shapeless tally with counts is another shape
    assert!(matches!(
        spak.index(&Tally::default()),
        Err(IndexError::NoAnswers { .. })
    ));
    Ok(())
}

#[test]
fn cells_are_trimmed_of_any_white_space() -> TestResult {
    // every shape of cell the trim shortcut sees: empty, one character, padded on either side
    let catalog = one_office()?;
    let q = Questionnaire::ikm();
    let mut survey = Survey::new(catalog.clone(), q.clone());
    let stars = ["4", " 4", "4 ", "\u{a0}4\u{a0}", "\t4", "", " ", "4", "4"];
    survey.ingest(
        1,
        &RawResponse {
            id: " a\t",
            date: " 2025-01-01",
            unit: "P ",
            service: "\u{2003}S",
            answers: &stars,
        },
    )?;
    let t = survey.tally(catalog.root(), &Filter::all())?;
    let ikm = &t.instruments()[0];
    assert_eq!(
        (
            ikm.answered(0),
            ikm.answered(3),
            ikm.answered(5),
            ikm.answered(6)
        ),
        (1, 1, 0, 0)
    );
    assert_eq!(
        survey.validate(&RawResponse {
            id: "a",
            date: "2025-01-01",
            unit: "P",
            service: "S",
            answers: &stars
        }),
        Err(RejectReason::DuplicateResponseId { first: 1 })
    );
    Ok(())
}

#[test]
fn catalogs_differing_in_any_part_are_unequal() -> TestResult {
    let base = || {
        Catalog::builder()
            .name("c")
            .unit("P".parse().expect("code"), "P", UnitKind::Ministry, None)
            .unit(
                "A".parse().expect("code"),
                "A",
                UnitKind::Kanwil,
                Some("P".parse().expect("code")),
            )
            .area("AR".parse().expect("code"), "Area", None)
            .service("S".parse().expect("code"), "S", "AR".parse().expect("code"))
            .service("T".parse().expect("code"), "T", "AR".parse().expect("code"))
            .offer("A".parse().expect("code"), vec!["S".parse().expect("code")])
    };
    let c = base().build()?;
    assert_eq!(base().build()?, c);
    let variants = [
        base().name("other").build()?,
        base()
            .unit("B".parse()?, "B", UnitKind::Upt, Some("P".parse()?))
            .build()?,
        base().area("AR2".parse()?, "Area 2", None).build()?,
        base().service("U".parse()?, "U", "AR".parse()?).build()?,
        base().offer("P".parse()?, vec!["T".parse()?]).build()?,
    ];
    for v in &variants {
        assert_ne!(v, &c);
    }
    // the same services with implied instead of declared areas
    let implied = Catalog::builder()
        .name("c")
        .unit("P".parse()?, "P", UnitKind::Ministry, None)
        .unit("A".parse()?, "A", UnitKind::Kanwil, Some("P".parse()?))
        .service("S".parse()?, "S", "AR".parse()?)
        .service("T".parse()?, "T", "AR".parse()?)
        .offer("A".parse()?, vec!["S".parse()?])
        .build()?;
    assert_ne!(implied, c);
    Ok(())
}

#[cfg(all(feature = "serde", feature = "csv"))]
#[test]
fn a_catalog_of_more_than_64_services_counts_each_in_its_own_cell() -> TestResult {
    // 130 services: the offer bits span three words; A offers S3, S70 and S129, B offers S64
    let services: Vec<String> = (0..130)
        .map(|i| format!(r#"{{"code": "S{i}", "name": "s", "area": "X"}}"#))
        .collect();
    let json = format!(
        r#"{{"units": [{{"code": "P", "name": "P", "kind": "ministry", "parent": null}},
                      {{"code": "A", "name": "A", "kind": "kanwil", "parent": "P"}},
                      {{"code": "B", "name": "B", "kind": "kanwil", "parent": "P"}}],
            "services": [{}],
            "offers": [{{"unit": "A", "services": ["S129", "S3", "S70"]}}, {{"unit": "B", "services": ["S64"]}}]}}"#,
        services.join(",")
    );
    let catalog = Catalog::from_json(&json)?;
    let q = Questionnaire::ikm();
    let mut csv = String::from("response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9\n");
    for (i, (unit, service, n)) in [
        ("A", "S3", 1),
        ("A", "S70", 2),
        ("A", "S129", 3),
        ("B", "S64", 4),
    ]
    .into_iter()
    .enumerate()
    {
        for j in 0..n {
            csv.push_str(&format!(
                "r{i}-{j},2025-01-01,{unit},{service},4,4,4,4,4,4,4,4,4\n"
            ));
        }
    }
    for threads in [1, 2] {
        let mut survey = Survey::new(catalog.clone(), q.clone());
        let options =
            ReadOptions::default().threads(std::num::NonZeroUsize::new(threads).ok_or("threads")?);
        survey.read_csv_with(csv.as_bytes(), options)?;
        let count = |unit: &str, service: &str| -> Option<u64> {
            let filter = Filter::all().service(catalog.service_id(service)?);
            Some(
                survey
                    .tally(catalog.unit_id(unit)?, &filter)
                    .ok()?
                    .responses(),
            )
        };
        assert_eq!(
            [
                count("A", "S3"),
                count("A", "S70"),
                count("A", "S129"),
                count("B", "S64"),
                count("A", "S64")
            ],
            [Some(1), Some(2), Some(3), Some(4), Some(0)],
            "threads {threads}"
        );
    }
    Ok(())
}

#[test]
fn more_respondents_than_responses_is_refused() {
    // one response that answered both items: 2 respondents would need 2 responses
    assert!(matches!(
        Tally::from_histograms(2, vec![vec![0, 1, 0], vec![0, 1, 0]]),
        Err(TallyError::Inconsistent { .. })
    ));
    assert!(Tally::from_histograms(1, vec![vec![0, 1, 0], vec![0, 1, 0]]).is_ok());
}

#[test]
fn an_empty_tally_of_another_shape_is_a_shape_error_not_no_answers() {
    let spak = Instrument::spak();
    assert!(matches!(
        spak.index(&Tally::new(&Instrument::ikm())),
        Err(IndexError::Tally { .. })
    ));
}

#[test]
fn ids_of_another_catalog_are_harmless() -> TestResult {
    let small = Catalog::builder()
        .unit("P".parse()?, "P", UnitKind::Ministry, None)
        .build()?;
    let big = Catalog::builder()
        .unit("P".parse()?, "P", UnitKind::Ministry, None)
        .unit("A".parse()?, "A", UnitKind::Kanwil, Some("P".parse()?))
        .unit("B".parse()?, "B", UnitKind::Kanwil, Some("P".parse()?))
        .build()?;
    // the first id past the small catalog's end, and one further on
    let foreign = big.unit_ids().nth(1).ok_or("units")?;
    assert_eq!(
        small
            .descendants(big.unit_ids().nth(2).ok_or("units")?)
            .count(),
        0
    );
    assert_eq!(small.descendants(foreign).count(), 0);
    assert_eq!(small.children(foreign).count(), 0);
    assert_eq!(small.parent(foreign), None);
    Ok(())
}

#[test]
fn shape_checks_on_record_subtract_and_add_assign() -> TestResult {
    let spak = Instrument::spak();
    let ikm = Instrument::ikm();
    let mut t = Tally::new(&spak);
    assert!(t.is_empty());
    t.record(&spak.answers([Some(6); 5])?)?;
    assert!(!t.is_empty());
    let before = t.clone();
    assert!(matches!(
        t.record(&ikm.answers([Some(4); 9])?),
        Err(TallyError::ShapeMismatch { .. })
    ));
    // same number of items, another scale
    let five = Instrument::builder("FIVE".parse()?, Scale::new(5)?)
        .items(spak.items().to_vec())
        .build()?;
    assert!(matches!(
        t.record(&five.answers([Some(5); 5])?),
        Err(TallyError::ShapeMismatch { .. })
    ));
    assert!(matches!(
        t.subtract(&Tally::new(&ikm)),
        Err(TallyError::ShapeMismatch { .. })
    ));
    assert_eq!(t, before);
    let mut sum = t.clone();
    sum += t.clone();
    assert_eq!(sum.responses(), 2);
    Ok(())
}

#[cfg(feature = "serde")]
#[test]
fn tampered_score_moments_are_refused() -> TestResult {
    // two respondents on a 2-item, 1-6 instrument: (6, 5) and (4, -)
    let good = serde_json::json!({
        "respondents": 2,
        "histograms": [[0, 0, 0, 0, 1, 0, 1], [1, 0, 0, 0, 0, 1, 0]],
        "scores": [[0, 0, 0], [1, 4, 16], [1, 11, 121]]
    });
    let t: Tally = serde_json::from_value(good.clone())?;
    assert_eq!(t.score_moments().map(|m| m.len()), Some(3));
    let bad = [
        // another number of responses
        serde_json::json!([[1, 0, 0], [1, 4, 16], [1, 11, 121]]),
        // the same responses, but one of them answers nothing
        serde_json::json!([[1, 0, 0], [0, 0, 0], [1, 11, 121]]),
        // the answers do not add up (both respondents one item)
        serde_json::json!([[0, 0, 0], [2, 15, 137], [0, 0, 0]]),
        // the stars do not add up
        serde_json::json!([[0, 0, 0], [1, 5, 25], [1, 11, 121]]),
        // a total below one star per answer
        serde_json::json!([[0, 0, 0], [1, 4, 16], [1, 1, 121]]),
        // a square sum below sum^2 / n
        serde_json::json!([[0, 0, 0], [1, 4, 15], [1, 11, 121]]),
        // a square sum above what the totals allow
        serde_json::json!([[0, 0, 0], [1, 4, 16], [1, 11, 133]]),
        // one entry too few
        serde_json::json!([[0, 0, 0], [1, 4, 16]]),
    ];
    for scores in bad {
        let mut v = good.clone();
        v["scores"] = scores.clone();
        assert!(serde_json::from_value::<Tally>(v).is_err(), "{scores}");
    }
    Ok(())
}

/// Subtractions whose histograms fit inside the tally but whose respondents never were in it.
#[test]
fn subtracting_what_the_respondents_never_gave_is_refused() -> TestResult {
    type Rows = &'static [[Option<u8>; 2]];
    let cases: [(Rows, Rows); 2] = [
        // a: (6, 1), (1, -), (-, 2); b: (6, -), (-, 1). b's two one-item respondents total 7
        // stars and a's total 3
        (
            &[[Some(6), Some(1)], [Some(1), None], [None, Some(2)]],
            &[[Some(6), None], [None, Some(1)]],
        ),
        // a: (4, -), (-, 4), (1, 6); b: (1, -), (-, 6). b's one-item total fits (7 <= 8) but not
        // its squares (1 + 36 = 37 > 16 + 16 = 32)
        (
            &[[Some(4), None], [None, Some(4)], [Some(1), Some(6)]],
            &[[Some(1), None], [None, Some(6)]],
        ),
    ];
    for (a_rows, b_rows) in cases {
        let mut a = two_item_tally(a_rows)?;
        let b = two_item_tally(b_rows)?;
        let before = a.clone();
        assert!(
            matches!(a.subtract(&b), Err(TallyError::Inconsistent { .. })),
            "{b_rows:?}"
        );
        assert_eq!(a, before);
    }
    Ok(())
}

#[test]
fn bare_histograms_are_checked_for_consistency_after_subtraction() -> TestResult {
    // a: respondents (1, -) and (-, 2); b: one respondent (1, 2). a - b would leave one
    // respondent with no answer at all
    let mut a = Tally::from_histograms(2, vec![vec![1, 1, 0], vec![1, 0, 1]])?;
    let b = Tally::from_histograms(1, vec![vec![0, 1, 0], vec![0, 0, 1]])?;
    let before = a.clone();
    assert!(matches!(
        a.subtract(&b),
        Err(TallyError::Inconsistent { .. })
    ));
    assert_eq!(a, before);
    // a consistent subtraction still works
    let c = Tally::from_histograms(1, vec![vec![0, 1, 0], vec![1, 0, 0]])?;
    a.subtract(&c)?;
    assert_eq!((a.responses(), a.respondents()), (1, 1));
    Ok(())
}

#[cfg(feature = "serde")]
#[test]
fn a_tally_with_a_response_that_answered_nothing_round_trips() -> TestResult {
    let spak = Instrument::spak();
    let mut t = Tally::new(&spak);
    t.record(&spak.answers([Some(6); 5])?)?;
    t.record(&spak.answers([None; 5])?)?;
    let back: Tally = serde_json::from_str(&serde_json::to_string(&t)?)?;
    assert_eq!(back, t);
    assert_eq!(back.score_moments().map(|m| m[0].respondents()), Some(1));
    Ok(())
}

#[test]
fn an_empty_tally_keeps_its_shape_and_a_default_one_is_neutral() -> TestResult {
    let spak = Instrument::spak();
    let ikm = Instrument::ikm();
    let mut empty = Tally::new(&spak);
    assert!(matches!(
        empty.record(&ikm.answers([Some(4); 9])?),
        Err(TallyError::ShapeMismatch { .. })
    ));
    let mut ikm_tally = Tally::new(&ikm);
    ikm_tally.record(&ikm.answers([Some(4); 9])?)?;
    assert!(matches!(
        empty.merge(&ikm_tally),
        Err(TallyError::ShapeMismatch { .. })
    ));
    assert_eq!(empty, Tally::new(&spak));
    // subtracting or merging a shapeless empty tally changes nothing
    let before = ikm_tally.clone();
    ikm_tally.subtract(&Tally::default())?;
    ikm_tally.merge(&Tally::default())?;
    assert_eq!(ikm_tally, before);
    Ok(())
}

/// A tally of a two-item, 1-6 instrument over the given rows.
fn two_item_tally(rows: &[[Option<u8>; 2]]) -> Result<Tally, Box<dyn std::error::Error>> {
    let two = Instrument::builder("TWO".parse()?, Scale::SIX)
        .item("T1".parse()?, "t1")
        .item("T2".parse()?, "t2")
        .build()?;
    let mut t = Tally::new(&two);
    for r in rows {
        t.record(&two.answers(*r)?)?;
    }
    Ok(t)
}

#[cfg(feature = "csv")]
#[test]
fn only_digits_are_stars_on_a_ten_point_scale() -> TestResult {
    // b'0' + 10 is ':': one byte past the digits, which a shortcut reading single-byte cells as
    // `byte - b'0'` would take for 10 stars
    let catalog = one_office()?;
    let ten = Instrument::builder("TEN".parse()?, Scale::new(10)?)
        .items(vec![
            Item::new("T1".parse()?, "one"),
            Item::new("T2".parse()?, "two"),
            Item::new("T3".parse()?, "three"),
            Item::new("T4".parse()?, "four"),
            Item::new("T5".parse()?, "five"),
        ])
        .build()?;
    let q = Questionnaire::new("ten", vec![ten])?;
    let malformed = |reason: &RejectReason| matches!(reason, RejectReason::MalformedStar { text, .. } if text == ":");
    // one record at a time
    let mut survey = Survey::new(catalog.clone(), q.clone());
    let stars = ["9", ":", "10", "1", "5"];
    let raw = RawResponse {
        id: "a",
        date: "2025-01-01",
        unit: "P",
        service: "S",
        answers: &stars,
    };
    assert!(survey.ingest(1, &raw).is_err_and(|r| malformed(&r)));
    // the reader, where four stars in a row and the one-pass check meet the same cell
    let csv = "response_id,date,unit,service,T1,T2,T3,T4,T5\n\
               r1,2025-01-01,P,S,9,:,1,1,5\n\
               r2,2025-01-01,P,S,9,9,9,:,5\n\
               r3,2025-01-01,P,S,9,9,9,9,:\n\
               r4,2025-01-01,P,S,9,10,1,1,5\n";
    for threads in [1, 2] {
        let mut survey = Survey::new(catalog.clone(), q.clone());
        let options =
            ReadOptions::default().threads(std::num::NonZeroUsize::new(threads).ok_or("0")?);
        survey.read_csv_with(csv.as_bytes(), options)?;
        let summary = survey.summary();
        assert_eq!((summary.seen, summary.accepted), (4, 1));
        assert!(summary.rejected.iter().all(|r| malformed(&r.reason)));
        let t = survey.tally(catalog.root(), &Filter::all())?;
        assert_eq!(t.instruments()[0].count(1, 10), 1);
    }
    Ok(())
}

/// A catalog of one unit, `P`, offering one service, `S`.
fn one_office() -> Result<Catalog, Box<dyn std::error::Error>> {
    Ok(Catalog::builder()
        .unit("P".parse()?, "P", UnitKind::Ministry, None)
        .service("S".parse()?, "S", "A".parse()?)
        .offer("P".parse()?, vec!["S".parse()?])
        .build()?)
}
