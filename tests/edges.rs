//! Accessors and shape checks that mutation testing showed no other test pinned down.

use persepsi::*;

type TestResult = Result<(), Box<dyn std::error::Error>>;

#[test]
fn grade_table_accessors() -> TestResult {
    let t = GradeTable::permenpan_14_2017();
    assert_eq!((t.version(), t.decimals(), t.bands().len()), ("PermenPAN-RB 14/2017", 2, 4));
    let custom = GradeTable::new("pass-fail v2", 0, vec![GradeBand::new(Decimal::ZERO, Grade::D, "x")])?;
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
    assert_eq!(Precision::new(4, 4, 21), Err(PrecisionError { decimals: 21 }));
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
    let six = Instrument::builder("SIX".parse()?, Scale::SIX).items(spak.items()[..4].to_vec()).build()?;
    let mut t6 = Tally::new(&six);
    t6.record(&six.answers([Some(6); 4])?)?;
    assert!(matches!(spak.index(&t6), Err(IndexError::Tally { .. })));
    // a shapeless empty tally has no answers, a shapeless tally with counts is another shape
    assert!(matches!(spak.index(&Tally::default()), Err(IndexError::NoAnswers { .. })));
    Ok(())
}

#[test]
fn cells_are_trimmed_of_any_white_space() -> TestResult {
    // every shape of cell the trim shortcut sees: empty, one character, padded on either side
    let catalog = Catalog::from_json(
        r#"{"units": [{"code": "P", "name": "P", "kind": "ministry", "parent": null}],
            "services": [{"code": "S", "name": "S", "area": "A"}],
            "offers": [{"unit": "P", "services": ["S"]}]}"#,
    )?;
    let q = Questionnaire::ikm();
    let mut survey = Survey::new(&catalog, &q);
    let stars = ["4", " 4", "4 ", "\u{a0}4\u{a0}", "\t4", "", " ", "4", "4"];
    survey.ingest(1, &RawResponse { id: " a\t", date: " 2025-01-01", unit: "P ", service: "\u{2003}S", answers: &stars })?;
    let t = survey.tally(catalog.root(), &Filter::all());
    let ikm = &t.instruments()[0];
    assert_eq!((ikm.answered(0), ikm.answered(3), ikm.answered(5), ikm.answered(6)), (1, 1, 0, 0));
    assert_eq!(survey.validate(&RawResponse { id: "a", date: "2025-01-01", unit: "P", service: "S", answers: &stars }),
        Err(RejectReason::DuplicateResponseId { first: 1 }));
    Ok(())
}
