//! Respondent targets: a targets file read against a catalog, and a report's units with their
//! targets beside what they achieved, including a unit that collected nothing.
#![cfg(all(feature = "serde", feature = "csv"))]

use std::sync::Arc;

use persepsi::{
    Catalog, ForeignIdError, Questionnaire, Report, ReportError, ReportOptions, TargetError,
    TargetErrorKind, Targets,
};
use serde_json::{Value, json};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// PUSAT (offers INFO) -> KW-A (-> KW-A-TU offers INFO), KW-C (offers INFO, no responses).
const CATALOG: &str = r#"{
  "units": [
    {"code": "PUSAT", "name": "Pusat", "kind": "ministry", "parent": null},
    {"code": "KW-A", "name": "Kanwil A", "kind": "kanwil", "parent": "PUSAT"},
    {"code": "KW-A-TU", "name": "TU A", "kind": "division", "parent": "KW-A"},
    {"code": "KW-C", "name": "Kanwil C", "kind": "kanwil", "parent": "PUSAT"}
  ],
  "services": [{"code": "INFO", "name": "Informasi", "area": "UMUM"}],
  "offers": [
    {"unit": "PUSAT", "services": ["INFO"]},
    {"unit": "KW-A-TU", "services": ["INFO"]},
    {"unit": "KW-C", "services": ["INFO"]}
  ]
}"#;

/// One IKM response, KW-A-TU, 2025-03-01, every unsur 4 stars.
const RESPONSES: &str = "response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9\n\
                         r1,2025-03-01,KW-A-TU,INFO,4,4,4,4,4,4,4,4,4\n";

/// KW-C has a target and no responses; KW-A's is for the year, KW-A-TU's for each semester.
const TARGETS: &str = "unit,period,respondents\n\
                       KW-C,2025-S1,10\n\
                       KW-A,2025,1\n\
                       KW-A-TU,2025-S2,3\n\
                       KW-A-TU,2025-S1,4\n";

fn catalog() -> Result<Arc<Catalog>, Box<dyn std::error::Error>> {
    Ok(Arc::new(Catalog::from_json(CATALOG)?))
}

fn report(options: ReportOptions) -> Result<Value, Box<dyn std::error::Error>> {
    let catalog = catalog()?;
    let targets = Targets::from_csv(TARGETS.as_bytes(), &catalog)?;
    let mut survey = persepsi::Survey::new(catalog, Questionnaire::ikm());
    survey.read_csv(RESPONSES.as_bytes())?;
    let report = Report::with_options(&survey, &options.targets(targets))?;
    Ok(serde_json::from_str(&report.to_json())?)
}

/// The IKM of r1 alone: every NRR 4, raw 4 -> 4.00 and 25 x 4 = 100.00, A; one respondent, so no
/// standard error, interval or chance of A; 30 needed; every unit's parent has the same value,
/// so the shrunk index is its own; all nine unsur tie: all lowest, all rank 1; each got one 4,
/// but one respondent is fewer than the minimum cell (5): the distribution is withheld.
fn ikm(rank: Option<u64>) -> Value {
    let per_item = |v: Value| -> Value {
        (1..=9)
            .map(|i| (format!("U{i}"), v.clone()))
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    json!({"respondents": 1, "nrr": per_item(json!("4.0000")), "raw": "4.0000",
           "index4": "4.00", "index100": "100.00", "grade": "A", "label": "Sangat Baik",
           "se100": null, "ci95_low": null, "ci95_high": null, "p_grade_a": null,
           "required_respondents": 30, "sample_adequate": false,
           "shrunk_index100": "100.00", "rank": rank,
           "distribution": null,
           "lowest_items": ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"],
           "item_ranks": per_item(json!(1))})
}

fn items() -> Value {
    json!({"U1": "Persyaratan", "U2": "Sistem, mekanisme dan prosedur",
           "U3": "Waktu penyelesaian", "U4": "Biaya/tarif",
           "U5": "Produk spesifikasi jenis pelayanan", "U6": "Kompetensi pelaksana",
           "U7": "Perilaku pelaksana", "U8": "Penanganan pengaduan, saran dan masukan",
           "U9": "Sarana dan prasarana"})
}

#[test]
fn a_unit_with_a_target_and_no_responses_is_listed() -> TestResult {
    // without a period every target counts: r1 (March) is in 2025 and 2025-S1, not in 2025-S2
    let r = report(ReportOptions::default())?;
    let expected = json!({
        "schema": 2, "questionnaire": "ikm", "rollup": "pooled",
        "input_rows": 1, "accepted": 1, "rejected": [],
        "period": null, "in_period": 1, "min_cell": 5, "items": items(),
        "units": [
            {"unit": "PUSAT", "name": "Pusat", "parent": null, "respondents": 1,
             "indices": {"IKM": ikm(None)}},
            // 1 of 1: 100.00%, met
            {"unit": "KW-A", "name": "Kanwil A", "parent": "PUSAT", "respondents": 1,
             "indices": {"IKM": ikm(Some(1))},
             "targets": [{"period": "2025", "target": 1, "achieved": 1, "percent": "100.00",
                          "met": true}]},
            // in file order: 0 of 3 in S2, 1 of 4 = 25.00% in S1
            {"unit": "KW-A-TU", "name": "TU A", "parent": "KW-A", "respondents": 1,
             "indices": {"IKM": ikm(Some(1))},
             "targets": [{"period": "2025-S2", "target": 3, "achieved": 0, "percent": "0.00",
                          "met": false},
                         {"period": "2025-S1", "target": 4, "achieved": 1, "percent": "25.00",
                          "met": false}]},
            // after KW-A-TU in catalog order, with no indices
            {"unit": "KW-C", "name": "Kanwil C", "parent": "PUSAT", "respondents": 0,
             "indices": {},
             "targets": [{"period": "2025-S1", "target": 10, "achieved": 0, "percent": "0.00",
                          "met": false}]}
        ]
    });
    assert_eq!(r, expected);
    Ok(())
}

#[test]
fn only_targets_within_the_period_count() -> TestResult {
    // 2025-S1: KW-A's 2025 target is longer than the period, KW-A-TU's S2 one lies outside it
    let r = report(ReportOptions::default().period("2025-S1".parse()?))?;
    let units = r["units"].as_array().ok_or("units")?;
    let codes: Vec<&str> = units.iter().filter_map(|u| u["unit"].as_str()).collect();
    assert_eq!(codes, ["PUSAT", "KW-A", "KW-A-TU", "KW-C"]);
    assert!(units[1].get("targets").is_none());
    assert_eq!(
        units[2]["targets"],
        json!([{"period": "2025-S1", "target": 4, "achieved": 1, "percent": "25.00", "met": false}])
    );
    // 2025-S2 has no response: only the units with a target in it are listed
    let r = report(ReportOptions::default().period("2025-S2".parse()?))?;
    assert_eq!(r["in_period"], 0);
    let units = r["units"].as_array().ok_or("units")?;
    assert_eq!(units.len(), 1);
    assert_eq!(
        units[0],
        json!({"unit": "KW-A-TU", "name": "TU A", "parent": "KW-A", "respondents": 0,
               "indices": {},
               "targets": [{"period": "2025-S2", "target": 3, "achieved": 0, "percent": "0.00",
                            "met": false}]})
    );
    Ok(())
}

#[test]
fn a_unit_scope_leaves_out_the_targets_of_other_units() -> TestResult {
    let catalog = catalog()?;
    let targets = Targets::from_csv(TARGETS.as_bytes(), &catalog)?;
    let mut survey = persepsi::Survey::new(Arc::clone(&catalog), Questionnaire::ikm());
    survey.read_csv(RESPONSES.as_bytes())?;
    let scope = catalog.unit_id("KW-A").ok_or("no KW-A")?;
    let options = ReportOptions::default()
        .unit(scope)
        .targets(targets.clone());
    let r: Value = serde_json::from_str(&Report::with_options(&survey, &options)?.to_json())?;
    let codes: Vec<&str> = r["units"]
        .as_array()
        .ok_or("units")?
        .iter()
        .filter_map(|u| u["unit"].as_str())
        .collect();
    assert_eq!(codes, ["KW-A", "KW-A-TU"]);
    // targets read against another catalog are refused, not matched by position
    let options = ReportOptions::default().targets(Targets::from_csv(
        TARGETS.as_bytes(),
        &Catalog::from_json(CATALOG)?,
    )?);
    assert!(matches!(
        Report::with_options(&survey, &options),
        Err(ReportError::ForeignId(ForeignIdError::Unit { .. }))
    ));
    Ok(())
}

fn error_of(file: &str) -> Result<TargetError, Box<dyn std::error::Error>> {
    match Targets::from_csv(file.as_bytes(), &*catalog()?) {
        Ok(t) => Err(format!("accepted: {t:?}").into()),
        Err(e) => Ok(e),
    }
}

#[test]
fn each_configuration_error_names_its_line() -> TestResult {
    let h = "unit,period,respondents\n";
    let cases: Vec<(String, u64, TargetErrorKind)> = vec![
        (String::new(), 1, TargetErrorKind::NoHeader),
        ("\n\n".into(), 1, TargetErrorKind::NoHeader),
        (
            "unit,respondents\nKW-A,3\n".into(),
            1,
            TargetErrorKind::MissingColumn { name: "period" },
        ),
        (
            format!("{h}KW-A,2025,3\nKW-X,2025,3\n"),
            3,
            TargetErrorKind::UnknownUnit {
                code: "KW-X".into(),
            },
        ),
        (
            format!("{h}\nKW-A,2025-Q5,3\n"),
            3,
            TargetErrorKind::BadPeriod {
                text: "2025-Q5".into(),
            },
        ),
        (
            format!("{h}KW-A,2025,0\n"),
            2,
            TargetErrorKind::BadTarget { text: "0".into() },
        ),
        (
            format!("{h}KW-A,2025,-1\n"),
            2,
            TargetErrorKind::BadTarget { text: "-1".into() },
        ),
        (
            format!("{h}KW-A,2025,2.5\n"),
            2,
            TargetErrorKind::BadTarget { text: "2.5".into() },
        ),
        (
            format!("{h}KW-A,2025,\n"),
            2,
            TargetErrorKind::BadTarget { text: "".into() },
        ),
        (
            format!("{h}KW-A,2025\n"),
            2,
            TargetErrorKind::ShortRow {
                fields: 2,
                needed: 3,
            },
        ),
        // a quoted line break inside the bad cell
        (
            format!("{h}\"KW-A\",\"20\n25\",3\nKW-A,2025,x\n"),
            2,
            TargetErrorKind::BadPeriod {
                text: "20\n25".into(),
            },
        ),
        (
            format!("{h}KW-A,2025,3\n\"K\nW\",2025,3\nKW-A,2025,x\n"),
            3,
            TargetErrorKind::UnknownUnit {
                code: "K\nW".into(),
            },
        ),
        (
            format!("{h}KW-A,2025,1\nKW-C,2025,1\r\nKW-A , 2025 , 2\n"),
            4,
            TargetErrorKind::Duplicate {
                unit: "KW-A".parse()?,
                period: "2025".parse()?,
                first: 2,
            },
        ),
    ];
    for (file, line, kind) in cases {
        let err = error_of(&file)?;
        assert_eq!(err, TargetError { line, kind }, "{file:?}");
    }
    // a quote left open in an ignored column would swallow the rest of the file
    let open = "unit,period,respondents,catatan\nKW-A,2025-S1,4,\"target awal\nKW-A,2025-S2,5,\nKW-C,2025,6,\n";
    assert_eq!(
        error_of(open)?,
        TargetError {
            line: 2,
            kind: TargetErrorKind::UnclosedQuote
        }
    );
    // lone carriage returns end lines too (old Mac files), \r\n counts once
    assert_eq!(
        error_of("unit,period,respondents\rKW-A,2025,1\rKW-A,2025,x\r")?.line,
        3
    );
    assert_eq!(
        error_of("unit,period,respondents\r\n\rKW-X,2025,1\r\n")?.line,
        3
    );
    // not UTF-8
    let mut bytes = b"unit,period,respondents\nKW-A,2025,".to_vec();
    bytes.extend_from_slice(&[0xff, b'\n']);
    assert_eq!(
        Targets::from_csv(&bytes, &*catalog()?),
        Err(TargetError {
            line: 2,
            kind: TargetErrorKind::NotText
        })
    );
    assert_eq!(
        error_of(&format!("{h}KW-A,2026-S3,5\n"))?.to_string(),
        "line 2: \"2026-S3\" is not a period written YYYY, YYYY-S1..S2, YYYY-Q1..Q4 or YYYY-MM"
    );
    Ok(())
}

#[test]
fn header_cells_are_trimmed_a_bom_is_skipped_and_extra_columns_ignored() -> TestResult {
    let file = "\u{feff} respondents ;x, unit ,catatan, period \r\n5;y,KW-A,satu,2025-Q1\r\n\r\n";
    // "respondents ;x" is not "respondents": that column is missing
    assert_eq!(
        error_of(file)?,
        TargetError {
            line: 1,
            kind: TargetErrorKind::MissingColumn {
                name: "respondents"
            }
        }
    );
    // a row of empty cells (a spreadsheet's empty row) is skipped like a blank line
    let file = "\u{feff} respondents ,x, unit ,catatan, period \r\n5,y,KW-A,satu,2025-Q1\r\n\r\n,,,,\n  \n7,,KW-C,,2025\n";
    let targets = Targets::from_csv(file.as_bytes(), &*catalog()?)?;
    let read: Vec<(String, String, u64, u64)> = targets
        .iter()
        .map(|t| {
            (
                t.code().to_string(),
                t.period().to_string(),
                t.respondents(),
                t.line(),
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            ("KW-A".to_owned(), "2025-Q1".to_owned(), 5, 2),
            ("KW-C".to_owned(), "2025".to_owned(), 7, 6)
        ]
    );
    Ok(())
}
