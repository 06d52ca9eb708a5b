//! API hygiene: every public type is `Send + Sync`, errors read as documented.

#[path = "common/catalogs.rs"]
mod catalogs;

use persepsi::*;

fn send_sync<T: Send + Sync>() {}

#[test]
fn public_types_are_send_and_sync() {
    send_sync::<Scale>();
    send_sync::<Star>();
    send_sync::<Instrument>();
    send_sync::<Questionnaire>();
    send_sync::<Answers>();
    send_sync::<Tally>();
    send_sync::<GroupedTally>();
    send_sync::<QuestionnaireTally>();
    send_sync::<Exact>();
    send_sync::<IndexResult>();
    send_sync::<RoundedIndex>();
    send_sync::<GradeTable>();
    send_sync::<Catalog>();
    send_sync::<Survey>();
    send_sync::<UnitRollup>();
    send_sync::<Report>();
    send_sync::<Rejection>();
    send_sync::<Period>();
    send_sync::<Date>();
    // errors
    send_sync::<StarError>();
    send_sync::<CodeError>();
    send_sync::<InstrumentError>();
    send_sync::<AnswerError>();
    send_sync::<QuestionnaireError>();
    send_sync::<GradeTableError>();
    send_sync::<TallyError>();
    send_sync::<IndexError>();
    send_sync::<BatchError>();
    send_sync::<CatalogError>();
    send_sync::<DateError>();
    send_sync::<RejectReason>();
    #[cfg(feature = "csv")]
    send_sync::<ReadError>();
}

#[test]
fn error_messages_name_the_offending_value() {
    assert_eq!(
        Scale::new(11).unwrap_err().to_string(),
        "a scale has 2 to 10 points, not 11"
    );
    assert_eq!(
        Scale::SIX.parse_star("5.0").unwrap_err().to_string(),
        "star \"5.0\" is not a whole number of stars written in ASCII digits"
    );
    assert_eq!(
        Scale::SIX.star(7).unwrap_err().to_string(),
        "star 7 is outside the scale 1..=6"
    );
    assert_eq!(
        "KW NTT".parse::<UnitCode>().unwrap_err().to_string(),
        "unit code \"KW NTT\" is not 1 to 64 characters of ASCII letters, digits, '-', '_' or '.'"
    );
    let nine = Weights::custom(vec![Exact::from_ratio(11, 100).expect("ratio"); 9]);
    assert_eq!(
        Instrument::ikm()
            .to_builder()
            .weights(nine)
            .build()
            .unwrap_err()
            .to_string(),
        "instrument IKM: the weights sum to 99/100, not exactly 1"
    );
    assert_eq!(
        Instrument::spak()
            .to_builder()
            .map(ScaleMap::Times25)
            .build()
            .unwrap_err()
            .to_string(),
        "instrument SPAK: the x25 map needs a 1-4 scale, not 1-6"
    );
    let spak = Instrument::spak();
    assert_eq!(
        spak.answers([Some(6); 4]).unwrap_err().to_string(),
        "expected 5 answers, one per item, got 4"
    );
    assert_eq!(
        spak.answers([Some(6); 7]).unwrap_err().to_string(),
        "expected 5 answers, one per item, got more"
    );
    assert_eq!(
        "2025-02-30".parse::<Date>().unwrap_err().to_string(),
        "\"2025-02-30\" is not a calendar date written YYYY-MM-DD"
    );
    let r = Rejection {
        line: 9,
        response_id: "R7".into(),
        reason: RejectReason::ServiceNotOffered {
            unit: "KW-NTT-TU".parse().expect("code"),
            service: "KI-MEREK".parse().expect("code"),
        },
    };
    assert_eq!(
        r.to_string(),
        "line 9 (response R7): service_not_offered: unit KW-NTT-TU does not offer service KI-MEREK"
    );
}

/// Every tally error names the values it is about; none uses a stand-in value such as
/// `usize::MAX` for "the response counter" or a 0-point scale for "another questionnaire".
#[test]
fn tally_errors_name_real_values() -> Result<(), Box<dyn std::error::Error>> {
    let (spak, ikm) = (Instrument::spak(), Instrument::ikm());
    let six = spak.answers([Some(6), Some(5), None, Some(6), Some(6)])?;
    let text = |e: Result<(), TallyError>| e.expect_err("an error").to_string();

    let mut t = Tally::new(&spak);
    assert_eq!(
        text(t.record(&ikm.answers([Some(4); 9])?)),
        "tally of 5 items on 1-6 cannot take 9 items on 1-4"
    );
    assert_eq!(
        text(t.retract(&six)),
        "cannot take away more responses than the tally counts: 1 from 0"
    );
    t.record(&spak.answers([Some(6); 5])?)?;
    assert_eq!(
        text(t.retract(&six)),
        "cannot retract: item 1 has 0 answers of star 5, fewer than 1"
    );
    // two responses that answered nothing hold no respondent to take away
    let mut blank = Tally::new(&spak);
    blank.extend([spak.answers([None; 5])?, spak.answers([None; 5])?]);
    assert_eq!(
        text(blank.retract(&six)),
        "cannot take away more respondents than the tally counts: 1 from 0"
    );
    let mut near = Tally::from_histograms(u64::MAX, vec![vec![0, 0, u64::MAX]])?;
    let one = Tally::from_histograms(1, vec![vec![0, 1, 0]])?;
    assert_eq!(
        text(near.merge(&one)),
        "the response count 18446744073709551615 cannot grow by 1 without passing u64::MAX"
    );

    // questionnaire tallies: another questionnaire is another number of instruments
    let (spkp_spak, ikm_only) = (Questionnaire::spkp_spak(), Questionnaire::ikm());
    let mut q = QuestionnaireTally::new(&spkp_spak);
    let other = QuestionnaireTally::new(&ikm_only);
    let count = "number of instruments differs: the questionnaire tally has 2, \
                 the response or tally offered has 1";
    assert_eq!(
        q.merge(&other),
        Err(TallyError::InstrumentCount {
            expected: 2,
            found: 1
        })
    );
    assert_eq!(text(q.merge(&other)), count);
    assert_eq!(text(q.subtract(&other)), count);

    let catalog = catalogs::one_unit();
    let survey = Survey::new(catalog, ikm_only);
    let raw = RawResponse {
        id: "R1",
        date: "2025-03-04",
        unit: "U",
        service: "S",
        answers: &["4"; 9],
    };
    let response = survey.validate(&raw)?;
    assert_eq!(text(q.record(&response)), count);
    assert_eq!(q, QuestionnaireTally::new(&spkp_spak));
    let mut recorded = QuestionnaireTally::default();
    recorded.record(&response)?;
    for mut from in [
        QuestionnaireTally::new(survey.questionnaire()),
        QuestionnaireTally::default(),
    ] {
        assert_eq!(
            from.subtract(&recorded),
            Err(TallyError::ResponsesUnderflow { have: 0, take: 1 })
        );
        assert_eq!(
            text(from.subtract(&recorded)),
            "cannot take away more responses than the tally counts: 1 from 0"
        );
    }
    Ok(())
}

/// A questionnaire tally checks every instrument before it changes any: merging or taking away
/// a tally whose first instrument fits but whose second does not changes nothing.
#[test]
fn a_questionnaire_tally_that_fails_on_its_second_instrument_is_unchanged() {
    use persepsi::{Filter, Instrument, Questionnaire, RawResponse, Survey};
    let catalog = persepsi::Catalog::kemenkum_2025();
    let one = |q: Questionnaire, stars: &[&str]| {
        let mut survey = Survey::new(catalog.clone(), q);
        let raw = RawResponse {
            id: "R1",
            date: "2025-02-03",
            unit: "KW-NTT-YANKUM",
            service: "KI-MEREK",
            answers: stars,
        };
        survey.ingest(2, &raw).expect("valid");
        survey
            .tally(catalog.root(), &Filter::all())
            .expect("own catalog")
    };
    let spkp_spak = one(Questionnaire::spkp_spak(), &["6"; 13]);
    let mixed = Questionnaire::new("spkp-ikm", vec![Instrument::spkp(), Instrument::ikm()])
        .expect("a questionnaire");
    // its SPKP part is the other tally's own: only the second instrument does not fit
    let stars: Vec<&str> = ["6"; 8].into_iter().chain(["4"; 9]).collect();
    let spkp_ikm = one(mixed, &stars);
    let mut a = spkp_spak.clone();
    assert!(a.merge(&spkp_ikm).is_err());
    assert_eq!(a, spkp_spak, "merge changed the first instrument");
    assert!(a.subtract(&spkp_ikm).is_err());
    assert_eq!(a, spkp_spak, "subtract changed the first instrument");
}
