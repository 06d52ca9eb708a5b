//! The `compute` pipeline through the public API: CSV in, report schema v1 out.
#![cfg(all(feature = "serde", feature = "csv"))]

use persepsi::{
    Catalog, Filter, Precision, Questionnaire, ReadError, Report, ReportOptions, Rollup, Survey,
};
use serde_json::{Value, json};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// PUSAT (offers INFO) -> KW-A (-> KW-A-YAN offers MEREK, KW-A-TU offers INFO), KW-B (-> KW-B-YAN
/// offers MEREK).
const CATALOG: &str = r#"{
  "units": [
    {"code": "PUSAT", "name": "Pusat", "kind": "ministry", "parent": null},
    {"code": "KW-A", "name": "Kanwil A", "kind": "kanwil", "parent": "PUSAT"},
    {"code": "KW-A-YAN", "name": "Yankum A", "kind": "division", "parent": "KW-A"},
    {"code": "KW-A-TU", "name": "TU A", "kind": "division", "parent": "KW-A"},
    {"code": "KW-B", "name": "Kanwil B", "kind": "kanwil", "parent": "PUSAT"},
    {"code": "KW-B-YAN", "name": "Yankum B", "kind": "division", "parent": "KW-B"},
    {"code": "KW-C", "name": "Kanwil C, no responses", "kind": "kanwil", "parent": "PUSAT"}
  ],
  "services": [
    {"code": "MEREK", "name": "Merek", "area": "KI"},
    {"code": "INFO", "name": "Informasi", "area": "UMUM"}
  ],
  "offers": [
    {"unit": "PUSAT", "services": ["INFO"]},
    {"unit": "KW-A-YAN", "services": ["MEREK"]},
    {"unit": "KW-A-TU", "services": ["INFO"]},
    {"unit": "KW-B-YAN", "services": ["MEREK"]},
    {"unit": "KW-C", "services": ["INFO"]}
  ]
}"#;

const SPKP_SPAK_HEADER: &str = "response_id,date,unit,service,SPKP1,SPKP2,SPKP3,SPKP4,SPKP5,SPKP6,SPKP7,SPKP8,SPAK1,SPAK2,SPAK3,SPAK4,SPAK5";

fn row(id: &str, unit: &str, service: &str, spkp: &str, spak: &str) -> String {
    let cells = |s: &str, n: usize| vec![s; n].join(",");
    format!(
        "{id},2025-03-01,{unit},{service},{},{}",
        cells(spkp, 8),
        cells(spak, 5)
    )
}

fn report(
    csv: &[u8],
    q: &Questionnaire,
    rollup: Rollup,
) -> Result<Value, Box<dyn std::error::Error>> {
    let catalog = Catalog::from_json(CATALOG)?;
    let mut survey = Survey::new(catalog, q.clone());
    survey.read_csv(csv)?;
    let report = Report::new(&survey, rollup, &Filter::all(), Precision::default())?;
    let summary = survey.summary();
    assert_eq!(
        summary.seen,
        summary.accepted + summary.rejected.len() as u64,
        "nothing lost"
    );
    Ok(serde_json::from_str(&report.to_json())?)
}

/// r1, r2: KW-A-YAN all 6; r3: KW-A-YAN SPKP 5, SPAK empty; r4: KW-A-TU all 3; r5: KW-B-YAN all 4;
/// r6: PUSAT itself all 5.
fn rollup_file() -> String {
    [
        SPKP_SPAK_HEADER.to_owned(),
        row("r1", "KW-A-YAN", "MEREK", "6", "6"),
        row("r2", "KW-A-YAN", "MEREK", "6", "6"),
        row("r3", "KW-A-YAN", "MEREK", "5", ""),
        row("r4", "KW-A-TU", "INFO", "3", "3"),
        row("r5", "KW-B-YAN", "MEREK", "4", "4"),
        row("r6", "PUSAT", "INFO", "5", "5"),
    ]
    .join("\n")
}

fn values(
    report: &Value,
    unit: &str,
    instrument: &str,
) -> Option<(String, String, String, String)> {
    let units = report["units"].as_array()?;
    let u = units.iter().find(|u| u["unit"] == unit)?;
    let i = &u["indices"][instrument];
    let s = |k: &str| i[k].as_str().map(str::to_owned);
    Some((s("raw")?, s("index4")?, s("index100")?, s("grade")?))
}

fn v(raw: &str, i4: &str, i100: &str, g: &str) -> Option<(String, String, String, String)> {
    Some((raw.into(), i4.into(), i100.into(), g.into()))
}

#[test]
fn pooled_rollup_weighs_respondents() -> TestResult {
    let r = report(
        rollup_file().as_bytes(),
        &Questionnaire::spkp_spak(),
        Rollup::Pooled,
    )?;
    assert_eq!(r["rollup"], "pooled");
    // units in catalog order; KW-C has no responses and is absent
    let codes: Vec<_> = r["units"]
        .as_array()
        .ok_or("units")?
        .iter()
        .map(|u| u["unit"].clone())
        .collect();
    assert_eq!(
        codes,
        [
            json!("PUSAT"),
            json!("KW-A"),
            json!("KW-A-YAN"),
            json!("KW-A-TU"),
            json!("KW-B"),
            json!("KW-B-YAN")
        ]
    );
    // PUSAT SPKP: (6+6+5+3+4+5)/6 = 29/6 = 4.83333; p = (23/6)/5 = 23/30; 1+3p = 3.3; 100p = 76.667 -> B
    assert_eq!(
        values(&r, "PUSAT", "SPKP"),
        v("4.8333", "3.30", "76.67", "B")
    );
    // PUSAT SPAK (r3 has none): (6+6+3+4+5)/5 = 4.8; p = 0.76 -> 3.28, 76.00 -> C
    assert_eq!(
        values(&r, "PUSAT", "SPAK"),
        v("4.8000", "3.28", "76.00", "C")
    );
    // KW-A SPKP: (6+6+5+3)/4 = 5; p = 0.8 -> 3.40, 80.00 B; SPAK (6+6+3)/3 = 5
    assert_eq!(
        values(&r, "KW-A", "SPKP"),
        v("5.0000", "3.40", "80.00", "B")
    );
    assert_eq!(
        values(&r, "KW-A", "SPAK"),
        v("5.0000", "3.40", "80.00", "B")
    );
    // KW-A-YAN SPKP: 17/3 = 5.66667; p = 14/15 -> 3.80, 93.33 A; SPAK 6 -> 4.00, 100.00 A
    assert_eq!(
        values(&r, "KW-A-YAN", "SPKP"),
        v("5.6667", "3.80", "93.33", "A")
    );
    assert_eq!(
        values(&r, "KW-A-YAN", "SPAK"),
        v("6.0000", "4.00", "100.00", "A")
    );
    assert_eq!(
        values(&r, "KW-A-TU", "SPKP"),
        v("3.0000", "2.20", "40.00", "D")
    );
    assert_eq!(
        values(&r, "KW-B", "SPKP"),
        v("4.0000", "2.80", "60.00", "D")
    );
    // respondents: unit level counts responses, instrument level those that answered it
    let pusat = &r["units"][0];
    assert_eq!(
        (
            pusat["respondents"].clone(),
            pusat["indices"]["SPAK"]["respondents"].clone()
        ),
        (json!(6), json!(5))
    );
    assert_eq!(pusat["indices"]["SPKP"]["nrr"]["SPKP1"], "4.8333");
    Ok(())
}

#[test]
fn mean_of_children_weighs_units() -> TestResult {
    let r = report(
        rollup_file().as_bytes(),
        &Questionnaire::spkp_spak(),
        Rollup::MeanOfChildren,
    )?;
    assert_eq!(r["rollup"], "mean-of-children");
    // KW-A SPKP: mean(YAN 17/3, TU 3) = 13/3 = 4.33333; p = 2/3 -> 3.00, 66.67 C
    assert_eq!(
        values(&r, "KW-A", "SPKP"),
        v("4.3333", "3.00", "66.67", "C")
    );
    // KW-A SPAK: mean(6, 3) = 4.5; p = 0.7 -> 3.10, 70.00 C
    assert_eq!(
        values(&r, "KW-A", "SPAK"),
        v("4.5000", "3.10", "70.00", "C")
    );
    // PUSAT SPKP: mean(own 5, KW-A 13/3, KW-B 4) = 40/9 = 4.44444; p = 31/45 -> 3.0667, 68.889 C
    // (KW-C has no responses and is not averaged in as 0)
    assert_eq!(
        values(&r, "PUSAT", "SPKP"),
        v("4.4444", "3.07", "68.89", "C")
    );
    // PUSAT SPAK: mean(5, 4.5, 4) = 4.5
    assert_eq!(
        values(&r, "PUSAT", "SPAK"),
        v("4.5000", "3.10", "70.00", "C")
    );
    // leaves equal their pooled values
    assert_eq!(
        values(&r, "KW-A-YAN", "SPKP"),
        v("5.6667", "3.80", "93.33", "A")
    );
    // nrr stays pooled over the subtree whatever the method
    assert_eq!(r["units"][0]["indices"]["SPKP"]["nrr"]["SPKP1"], "4.8333");
    Ok(())
}

#[test]
fn every_rejection_reason_with_its_line_and_id() -> TestResult {
    let good = row("g1", "KW-A-YAN", "MEREK", "6", "6");
    let mut file: Vec<u8> = Vec::new();
    let mut push = |s: &str| {
        file.extend_from_slice(s.as_bytes());
        file.push(b'\n');
    };
    push(SPKP_SPAK_HEADER); // line 1
    push(&good); // 2
    push(&row("m1", "KW-A-YAN", "MEREK", "6", "6").replace("MEREK", "MER\u{1}EK")); // 3: unknown_service (valid UTF-8)
    push("w1,2025-03-01,KW-A-YAN,MEREK,6"); // 4: wrong_column_count
    push(&row("", "KW-A-YAN", "MEREK", "6", "6")); // 5: missing id
    push(&good.replace("2025-03-01", "2025-03-02")); // 6: duplicate of g1 (line 2)
    push(&row("d1", "KW-A-YAN", "MEREK", "6", "6").replace("2025-03-01", "2025-02-29")); // 7
    push(&row("u1", "KW-Z", "MEREK", "6", "6")); // 8
    push(&row("o1", "KW-A-TU", "MEREK", "6", "6")); // 9: not offered
    push(&row("s1", "KW-A-YAN", "MEREK", "6", "5.0")); // 10: malformed_star at SPAK1
    push(&row("s2", "KW-A-YAN", "MEREK", "7", "6")); // 11: out of range at SPKP1
    push(&row("n1", "KW-A-YAN", "MEREK", "", "")); // 12: no answers
    file.extend_from_slice(b"x1,2025-03-01,KW-A-YAN,MEREK,6,6,6,6,6,6,6,\xff,6,6,6,6,6\n"); // 13: not UTF-8
    let r = report(&file, &Questionnaire::spkp_spak(), Rollup::Pooled)?;
    let rejected: Vec<(u64, String, String)> = r["rejected"]
        .as_array()
        .ok_or("rejected")?
        .iter()
        .map(|x| {
            (
                x["line"].as_u64().unwrap_or(0),
                x["response_id"].as_str().unwrap_or("?").to_owned(),
                x["reason"].as_str().unwrap_or("?").to_owned(),
            )
        })
        .collect();
    let expected = [
        (3, "m1", "unknown_service"),
        (4, "w1", "wrong_column_count"),
        (5, "", "missing_response_id"),
        (6, "g1", "duplicate_response_id"),
        (7, "d1", "bad_date"),
        (8, "u1", "unknown_unit"),
        (9, "o1", "service_not_offered"),
        (10, "s1", "malformed_star"),
        (11, "s2", "star_out_of_range"),
        (12, "n1", "no_answers"),
        (13, "x1", "malformed_record"),
    ]
    .map(|(l, i, r)| (l, i.to_owned(), r.to_owned()));
    assert_eq!(rejected, expected);
    assert_eq!(
        (r["input_rows"].clone(), r["accepted"].clone()),
        (json!(12), json!(1))
    );
    Ok(())
}

#[test]
fn lines_count_crlf_blank_lines_and_quoted_breaks() -> TestResult {
    let header = format!("\u{feff}{SPKP_SPAK_HEADER},note");
    let a = row("a", "KW-A-YAN", "MEREK", "6", "6") + ",\"x, y\"";
    let b = row("b", "KW-A-YAN", "MEREK", "6", "6") + ",\"two\r\nlines\"";
    let bad = row("c", "KW-Z", "MEREK", "6", "6") + ",plain";
    let bad2 = row("d", "KW-Z", "MEREK", "6", "6") + ",\"x\ny\nz\"";
    let bad3 = row("e", "KW-Z", "MEREK", "6", "6") + ",";
    // header 1, a 2, blank 3, b 4-5, c 6, blank 7 (CRLF), d 8-10, LF-only blank 11, e 12
    let file = format!("{header}\r\n{a}\r\n\r\n{b}\r\n{bad}\r\n\r\n{bad2}\n\n{bad3}");
    let r = report(file.as_bytes(), &Questionnaire::spkp_spak(), Rollup::Pooled)?;
    let lines: Vec<u64> = r["rejected"]
        .as_array()
        .ok_or("rejected")?
        .iter()
        .filter_map(|x| x["line"].as_u64())
        .collect();
    assert_eq!(lines, [6, 8, 12]);
    assert_eq!(r["accepted"], 2);
    Ok(())
}

#[test]
fn columns_in_any_order_extra_columns_and_trimmed_cells() -> TestResult {
    // reversed item columns, an extra column, spaces around cells and header names, a repeated
    // column name (the first counts)
    let csv = " SPAK5 ,SPAK4,SPAK3,SPAK2,SPAK1,SPKP8,SPKP7,SPKP6,SPKP5,SPKP4,SPKP3,SPKP2,SPKP1, service ,unit,date,response_id,extra,unit\n\
               1,2,3,4,5,6,5,4,3,2,1,6,5, MEREK ,KW-A-YAN, 2025-01-31 , r1 ,ignored,KW-Z\n";
    let r = report(csv.as_bytes(), &Questionnaire::spkp_spak(), Rollup::Pooled)?;
    let yan = r["units"]
        .as_array()
        .ok_or("units")?
        .iter()
        .find(|u| u["unit"] == "KW-A-YAN")
        .ok_or("yan")?;
    // SPKP1..8 = 5,6,1,2,3,4,5,6 -> 32/8 = 4; SPAK1..5 = 5,4,3,2,1 -> 3
    assert_eq!(yan["indices"]["SPKP"]["nrr"]["SPKP1"], "5.0000");
    assert_eq!(yan["indices"]["SPKP"]["raw"], "4.0000");
    assert_eq!(yan["indices"]["SPAK"]["raw"], "3.0000");
    assert_eq!(yan["indices"]["SPAK"]["index100"], "40.00");
    Ok(())
}

#[test]
fn ikm_questionnaire_and_the_88_305_edge() -> TestResult {
    // 5000 respondents, every unsur: 2661 fours and 2339 threes -> NRR 17661/5000 = 3.5322,
    // raw 3.5322, x25 = 88.305 -> printed 88.31, grade A (banker's rounding would print 88.30, B)
    let mut csv = String::from("response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9\n");
    for i in 0..5000 {
        let s = if i < 2661 { "4" } else { "3" };
        csv.push_str(&format!(
            "k{i},2025-06-30,KW-A-TU,INFO,{}\n",
            [s; 9].join(",")
        ));
    }
    let r = report(csv.as_bytes(), &Questionnaire::ikm(), Rollup::Pooled)?;
    let root = &r["units"][0];
    assert_eq!(root["unit"], "PUSAT");
    let ikm = &root["indices"]["IKM"];
    assert_eq!(ikm["raw"], "3.5322");
    assert_eq!(ikm["index4"], "3.53");
    assert_eq!(ikm["index100"], "88.31");
    assert_eq!(ikm["grade"], "A");
    assert_eq!(ikm["label"], "Sangat Baik");
    assert!(root["indices"].get("SPKP").is_none());
    Ok(())
}

#[test]
fn whole_report_for_a_small_ikm_file() -> TestResult {
    let csv = "response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9\n\
               a,2025-01-02,KW-B-YAN,MEREK,4,4,4,4,4,4,4,4,\n\
               b,2025-01-03,KW-B-YAN,MEREK,3,3,3,3,3,3,3,3,3\n\
               c,2025-01-03,KW-B-YAN,MEREK,3,3,3,3,3,3,3,3,x\n";
    let r = report(csv.as_bytes(), &Questionnaire::ikm(), Rollup::Pooled)?;
    // U1..U8: (4+3)/2 = 3.5; U9: 3 -> raw (8 x 3.5 + 3)/9 = 31/9 = 3.44444 -> x25 = 86.111 B
    let nrr: serde_json::Map<String, Value> = (1..=9)
        .map(|i| {
            (
                format!("U{i}"),
                json!(if i == 9 { "3.0000" } else { "3.5000" }),
            )
        })
        .collect();
    // respondent scores 4 (a: 32 stars over 8 answers) and 3 (b): mean 3.5, sample variance 1/2,
    // SE sqrt(1/2 / 2) = 0.5 -> 12.50 on 0-100; t(1) = 12.7062 makes the interval the whole
    // 25-100 scale; grade A is printed from 88.305, and t with 1 df is Cauchy's distribution:
    // P(true >= 88.305) = F_1((86.1111 - 88.305) / 12.5) = 1/2 + atan(-0.17551) / pi
    // = 0.5 - 0.17374 / pi = 0.4447 (the normal distribution at 88.31 said 0.4302); 2 < 30
    // respondents; every unit shrinks toward an equal parent value, so shrunk = own
    // answers of 1..=4 stars: U1..U8 one 3 (b) and one 4 (a); U9 one 3 (a left it empty); U9
    // has the lowest NRR, U1..U8 tie at rank 1, U9 ranks 9th
    let distribution: serde_json::Map<String, Value> = (1..=9)
        .map(|i| {
            (
                format!("U{i}"),
                json!(if i == 9 { [0, 0, 1, 0] } else { [0, 0, 1, 1] }),
            )
        })
        .collect();
    let ranks: serde_json::Map<String, Value> = (1..=9)
        .map(|i| (format!("U{i}"), json!(if i == 9 { 9 } else { 1 })))
        .collect();
    // two respondents are fewer than the default minimum cell (5): the report withholds the
    // distribution; the library's findings have it
    let ikm = |rank: Option<u64>| {
        json!({"respondents": 2, "nrr": nrr.clone(), "raw": "3.4444", "index4": "3.44",
               "index100": "86.11", "grade": "B", "label": "Baik", "se100": "12.50",
               "ci95_low": "25.00", "ci95_high": "100.00", "p_grade_a": "0.4447",
               "required_respondents": 30, "sample_adequate": false,
               "shrunk_index100": "86.11", "rank": rank,
               "distribution": null, "lowest_items": ["U9"],
               "item_ranks": ranks.clone()})
    };
    let unit = |code: &str, name: &str, parent: Option<&str>, rank: Option<u64>| json!({"unit": code, "name": name, "parent": parent, "respondents": 2, "indices": {"IKM": ikm(rank)}});
    let expected = json!({
        "schema": 2,
        "questionnaire": "ikm",
        "rollup": "pooled",
        "input_rows": 3,
        "accepted": 2,
        "rejected": [{"line": 4, "response_id": "c", "reason": "malformed_star",
                      "detail": "item U9: \"x\" is not a whole number of stars"}],
        "period": null,
        "in_period": 2,
        "min_cell": 5,
        "items": {"U1": "Persyaratan", "U2": "Sistem, mekanisme dan prosedur",
                  "U3": "Waktu penyelesaian", "U4": "Biaya/tarif",
                  "U5": "Produk spesifikasi jenis pelayanan", "U6": "Kompetensi pelaksana",
                  "U7": "Perilaku pelaksana", "U8": "Penanganan pengaduan, saran dan masukan",
                  "U9": "Sarana dan prasarana"},
        "units": [unit("PUSAT", "Pusat", None, None), unit("KW-B", "Kanwil B", Some("PUSAT"), Some(1)), unit("KW-B-YAN", "Yankum B", Some("KW-B"), Some(1))]
    });
    assert_eq!(r, expected);
    let mut survey = Survey::new(Catalog::from_json(CATALOG)?, Questionnaire::ikm());
    survey.read_csv(csv.as_bytes())?;
    let open = Report::with_options(&survey, &ReportOptions::default().min_cell(0))?;
    let open: Value = serde_json::from_str(&open.to_json())?;
    for unit in 0..3 {
        assert_eq!(
            open["units"][unit]["indices"]["IKM"]["distribution"],
            Value::Object(distribution.clone())
        );
    }
    Ok(())
}

#[test]
fn empty_and_header_only_files() -> TestResult {
    let catalog = Catalog::from_json(CATALOG)?;
    let q = Questionnaire::spkp_spak();
    for empty in [&b""[..], b"\xef\xbb\xbf", b"\n\n", b"\r\n"] {
        let mut survey = Survey::new(catalog.clone(), q.clone());
        assert!(
            matches!(survey.read_csv(empty), Err(ReadError::NoHeader)),
            "{empty:?}"
        );
    }
    let r = report(SPKP_SPAK_HEADER.as_bytes(), &q, Rollup::Pooled)?;
    assert_eq!(
        (
            r["input_rows"].clone(),
            r["units"].clone(),
            r["rejected"].clone()
        ),
        (json!(0), json!([]), json!([]))
    );
    Ok(())
}

#[test]
fn header_problems_are_file_level_errors() -> TestResult {
    let catalog = Catalog::from_json(CATALOG)?;
    let q = Questionnaire::spkp_spak();
    let mut survey = Survey::new(catalog.clone(), q.clone());
    let missing = SPKP_SPAK_HEADER.replace(",SPAK3", "");
    match survey.read_csv(missing.as_bytes()) {
        Err(ReadError::MissingColumn { column }) => assert_eq!(column, "SPAK3"),
        other => panic!("expected MissingColumn, got {other:?}"),
    }
    let semicolons = SPKP_SPAK_HEADER.replace(',', ";");
    assert!(matches!(
        survey.read_csv(semicolons.as_bytes()),
        Err(ReadError::Semicolons { semicolons: 16 })
    ));
    assert!(matches!(
        survey.read_csv(&b"response_id,d\xffate\n"[..]),
        Err(ReadError::HeaderNotUtf8)
    ));
    assert_eq!(survey.summary().seen, 0);
    Ok(())
}

#[test]
fn the_bundled_sample_reads_with_every_reason_but_malformed_record() -> TestResult {
    let catalog = Catalog::kemenkum_2025();
    let q = Questionnaire::spkp_spak();
    let mut survey = Survey::new(catalog.clone(), q.clone());
    survey.read_csv(&include_bytes!("../examples/data/responses.csv")[..])?;
    let s = survey.summary();
    assert!(s.seen >= 5000);
    assert_eq!(s.seen, s.accepted + s.rejected.len() as u64);
    let reasons = s.rejected_by_reason();
    for code in persepsi::RejectReason::CODES
        .iter()
        .filter(|&&c| c != "malformed_record")
    {
        assert!(
            reasons.get(code).copied().unwrap_or(0) >= 2,
            "sample lacks {code}"
        );
    }
    Ok(())
}

mod lines {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Piece {
        Blank,
        Record { bad: bool, breaks_in_note: usize },
    }

    fn piece() -> impl Strategy<Value = Piece> {
        prop_oneof![
            1 => Just(Piece::Blank),
            4 => (any::<bool>(), 0usize..3).prop_map(|(bad, breaks_in_note)| Piece::Record { bad, breaks_in_note }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Every rejected record carries the physical line it starts on, whatever mix of LF,
        /// CRLF, blank lines and quoted line breaks comes before it.
        #[test]
        fn rejection_lines_are_physical_lines(
            pieces in proptest::collection::vec((piece(), any::<bool>()), 0..40),
            last_newline in any::<bool>(),
        ) {
            let mut file = format!("{SPKP_SPAK_HEADER},note");
            let mut line = 1u64;
            let mut expected = Vec::new();
            for (i, (p, crlf)) in pieces.iter().enumerate() {
                let eol = if *crlf { "\r\n" } else { "\n" };
                file.push_str(eol);
                line += 1;
                match p {
                    Piece::Blank => {}
                    Piece::Record { bad, breaks_in_note } => {
                        let unit = if *bad { "KW-Z" } else { "KW-A-YAN" };
                        if *bad {
                            expected.push(line);
                        }
                        let note = vec!["x"; breaks_in_note + 1].join(eol);
                        file.push_str(&row(&format!("r{i}"), unit, "MEREK", "5", "6"));
                        file.push_str(&format!(",\"{note}\""));
                        line += *breaks_in_note as u64;
                    }
                }
            }
            if last_newline {
                file.push('\n');
            }
            let catalog = Catalog::from_json(CATALOG).expect("catalog");
            let q = Questionnaire::spkp_spak();
            let mut survey = Survey::new(catalog.clone(), q.clone());
            survey.read_csv(file.as_bytes()).expect("readable");
            let lines: Vec<u64> = survey.summary().rejected.iter().map(|r| r.line).collect();
            prop_assert_eq!(lines, expected);
        }
    }
}

#[test]
fn trend_between_two_semesters() -> TestResult {
    // KW-A-TU, IKM, every unsur the same star per respondent:
    // S1 (March): 3, 3, 4, 4 -> mean 3.5 -> 87.50; sample variance 1/3, SE sqrt(1/12) x 25 = 7.2169
    // S2 (September): 4, 4, 4, 3 -> 3.75 -> 93.75; sample variance 1/4, SE sqrt(1/16) x 25 = 6.25
    // change 6.25, SE sqrt(7.2169^2 + 6.25^2) = 9.5470; Welch's df with a^2 = 625/12 and
    // b^2 = 625/16 on 3 df each: (625 x 7/48)^2 / ((625^2/144 + 625^2/256) / 3) = 49 x 48 / 400
    // = 5.88 exactly; t(5.88) = 2.46, x 9.547 > 6.25: not significant
    let mut csv = String::from("response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9\n");
    for (i, (date, s)) in [
        ("2025-03-01", 3),
        ("2025-03-02", 3),
        ("2025-03-03", 4),
        ("2025-03-04", 4),
        ("2025-09-01", 4),
        ("2025-09-02", 4),
        ("2025-09-03", 4),
        ("2025-09-04", 3),
    ]
    .into_iter()
    .enumerate()
    {
        csv.push_str(&format!(
            "t{i},{date},KW-A-TU,INFO,{}\n",
            vec![s.to_string(); 9].join(",")
        ));
    }
    let catalog = Catalog::from_json(CATALOG)?;
    let q = Questionnaire::ikm();
    let mut survey = Survey::new(catalog.clone(), q.clone());
    survey.read_csv(csv.as_bytes())?;
    let options =
        persepsi::ReportOptions::default().compare("2025-S1".parse()?, "2025-S2".parse()?);
    let r: Value = serde_json::from_str(&Report::with_options(&survey, &options)?.to_json())?;
    let trend = &r["units"][0]["indices"]["IKM"]["trend"];
    assert_eq!(
        trend,
        &json!({"from": "2025-S1", "to": "2025-S2", "index100_from": "87.50", "index100_to": "93.75",
                "change100": "6.25", "se100": "9.55", "df": "5.88", "significant": false})
    );
    // the whole year: 8 respondents, scores 3, 3, 4, 4, 4, 4, 4, 3: mean 3.625 -> 90.63
    assert_eq!(r["units"][0]["indices"]["IKM"]["index100"], "90.63");
    Ok(())
}

#[test]
fn shrinkage_and_ranking_of_siblings() -> TestResult {
    // IKM; KW-A-TU: 2 respondents all 4 (raw 4); KW-B-YAN: 40 respondents all 3 (raw 3).
    // PUSAT pooled raw = (2 x 4 + 40 x 3) / 42 = 128/42 = 3.047619.
    // KW-A shrinks toward PUSAT with m = 30: (2 x 4 + 30 x 3.047619) / 32 = 3.107143 -> 77.68;
    // KW-B: (40 x 3 + 30 x 3.047619) / 70 = 3.020408 -> 75.51. KW-A ranks 1, KW-B 2 (on raw
    // values KW-A (100.00) is far ahead; shrunk, it still leads but only just).
    let mut csv = String::from("response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9\n");
    for i in 0..2 {
        csv.push_str(&format!(
            "a{i},2025-01-01,KW-A-TU,INFO,{}\n",
            ["4"; 9].join(",")
        ));
    }
    for i in 0..40 {
        csv.push_str(&format!(
            "b{i},2025-01-01,KW-B-YAN,MEREK,{}\n",
            ["3"; 9].join(",")
        ));
    }
    let r = report(csv.as_bytes(), &Questionnaire::ikm(), Rollup::Pooled)?;
    let ikm = |unit: &str| -> Value {
        r["units"]
            .as_array()
            .and_then(|u| u.iter().find(|x| x["unit"] == unit))
            .map(|u| u["indices"]["IKM"].clone())
            .unwrap_or_default()
    };
    assert_eq!(
        (
            ikm("KW-A")["shrunk_index100"].clone(),
            ikm("KW-A")["rank"].clone()
        ),
        (json!("77.68"), json!(1))
    );
    assert_eq!(
        (
            ikm("KW-B")["shrunk_index100"].clone(),
            ikm("KW-B")["rank"].clone()
        ),
        (json!("75.51"), json!(2))
    );
    assert_eq!(ikm("PUSAT")["shrunk_index100"], json!("76.19")); // own: 25 x 3.047619
    assert_eq!(
        (
            ikm("KW-A")["sample_adequate"].clone(),
            ikm("KW-B")["sample_adequate"].clone()
        ),
        (json!(false), json!(true))
    );
    Ok(())
}
