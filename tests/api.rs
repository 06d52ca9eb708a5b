//! API hygiene: every public type is `Send + Sync`, errors read as documented.

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
