//! The respondent profile and disclosure control: small files worked by hand, read every way
//! (one thread and two, tiny blocks, quoted and padded profile cells that take the long way).

#![cfg(all(feature = "csv", feature = "serde"))]

use std::num::NonZeroUsize;

use persepsi::{
    Catalog, Filter, Questionnaire, ReadError, ReadOptions, Report, ReportOptions, Survey, Targets,
};
use proptest::prelude::*;
use serde_json::{Value, json};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// KW-NTT-TU: 12 respondents (gender P 7, L 5; edu S1 6, SMA 5, "" 1); KW-NTT-YANKUM: 3 (all P,
/// all S2); every one `kanal` online. Then four records that must count nowhere: a duplicate
/// id, a bad star, an unknown unit and a short row, each with values seen nowhere else.
/// Cells padded with spaces or quoted take the reader's long way; their values are trimmed.
fn file() -> String {
    let mut csv = String::from(
        "response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9,gender,note,edu,kanal\n",
    );
    let tu = [
        ("P", "S1"),
        (" P ", "\"S1\""),
        ("P", "S1"),
        ("\"P\"", "S1"),
        ("P", "S1"),
        ("P", "S1"),
        ("P", "SMA"),
        ("L", "SMA"),
        ("L", "SMA"),
        ("L", " SMA"),
        ("L", "SMA"),
        ("L", ""),
    ];
    for (i, (gender, edu)) in tu.iter().enumerate() {
        let note = if i % 3 == 0 { "\"ramah, cepat\"" } else { "" };
        csv += &format!(
            "t{i},2025-02-0{},KW-NTT-TU,UMUM-INFORMASI,4,4,3,4,4,3,4,4,{},{gender},{note},{edu},online\n",
            1 + i % 9,
            if i < 6 { 4 } else { 3 }
        );
    }
    for i in 0..3 {
        csv += &format!(
            "y{i},2025-03-1{i},KW-NTT-YANKUM,AHU-FIDUSIA,3,3,3,3,3,3,3,3,3,P,,S2,online\n"
        );
    }
    csv += "t0,2025-02-01,KW-NTT-TU,UMUM-INFORMASI,4,4,4,4,4,4,4,4,4,X,,X,X\n";
    csv += "b1,2025-02-01,KW-NTT-TU,UMUM-INFORMASI,4,9,4,4,4,4,4,4,4,X,,X,X\n";
    csv += "u1,2025-02-01,KW-ZZ,UMUM-INFORMASI,4,4,4,4,4,4,4,4,4,X,,X,X\n";
    csv += "s1,2025-02-01,KW-NTT-TU,UMUM-INFORMASI,4,4,4,4,4,4,4,4,4,X,,X\n";
    csv
}

fn survey(threads: usize, block: usize) -> Result<Survey, Box<dyn std::error::Error>> {
    let mut survey = Survey::new(Catalog::kemenkum_2025(), Questionnaire::ikm());
    let options = ReadOptions::default()
        .threads(NonZeroUsize::new(threads).ok_or("threads")?)
        .block_bytes(NonZeroUsize::new(block).ok_or("block")?)
        .profile(["gender", "edu", "kanal"]);
    survey.read_csv_with(file().as_bytes(), options)?;
    Ok(survey)
}

fn json_of(survey: &Survey, options: &ReportOptions) -> Result<Value, Box<dyn std::error::Error>> {
    Ok(serde_json::from_str(
        &Report::with_options(survey, options)?.to_json(),
    )?)
}

/// A unit's line in the JSON report.
fn line<'a>(r: &'a Value, code: &str) -> &'a Value {
    r["units"]
        .as_array()
        .and_then(|units| units.iter().find(|u| u["unit"] == code))
        .unwrap_or(&Value::Null)
}

fn hidden(value: &str) -> Value {
    json!({"value": value, "respondents": null, "suppressed": true})
}

fn shown(value: &str, n: u64) -> Value {
    json!({"value": value, "respondents": n})
}

#[test]
fn profiles_suppression_and_withheld_distributions_by_hand() -> TestResult {
    let catalog = Catalog::kemenkum_2025();
    let targets = Targets::from_csv(b"unit,period,respondents\nKW-ACEH,2025,10\n", &catalog)?;
    for (threads, block) in [(1, 1 << 20), (2, 1 << 20), (1, 64), (2, 100)] {
        let survey = survey(threads, block)?;
        let summary = survey.summary();
        assert_eq!((summary.seen, summary.accepted), (19, 15));
        let r = json_of(&survey, &ReportOptions::default().targets(targets.clone()))?;
        assert_eq!(r["min_cell"], 5);
        // KW-NTT-TU: gender P 7, L 5, both >= 5; edu "" 1 < 5 is suppressed, and alone it
        // would be 12 - 6 - 5: the smallest published (SMA 5) goes too; kanal single-valued
        let tu = line(&r, "KW-NTT-TU");
        assert_eq!(
            tu["profile"],
            json!({"gender": [shown("P", 7), shown("L", 5)],
                   "edu": [shown("S1", 6), hidden(""), hidden("SMA")],
                   "kanal": [shown("online", 12)]})
        );
        // twelve respondents: the distribution is printed; U9 has six 4s and six 3s
        assert_eq!(
            tu["indices"]["IKM"]["distribution"]["U9"],
            json!([0, 0, 6, 6])
        );
        // KW-NTT-YANKUM: 3 respondents, every value suppressed (nothing published: no
        // secondary), the distribution withheld
        let yan = line(&r, "KW-NTT-YANKUM");
        assert_eq!(
            yan["profile"],
            json!({"gender": [hidden("P")], "edu": [hidden("S2")], "kanal": [hidden("online")]})
        );
        assert_eq!(yan["indices"]["IKM"]["distribution"], Value::Null);
        // KW-NTT and the root: the 15 together; edu S2 3 and "" 1 are two suppressed, each
        // hiding the other
        for code in ["KW-NTT", "KEMENKUM"] {
            assert_eq!(
                line(&r, code)["profile"],
                json!({"gender": [shown("P", 10), shown("L", 5)],
                       "edu": [shown("S1", 6), shown("SMA", 5), hidden(""), hidden("S2")],
                       "kanal": [shown("online", 15)]}),
                "{code}"
            );
        }
        // the unit with a target and no responses: every column, no value
        let aceh = line(&r, "KW-ACEH");
        assert_eq!(aceh["respondents"], 0);
        assert_eq!(
            aceh["profile"],
            json!({"gender": [], "edu": [], "kanal": []})
        );
        // the report lists exactly these units, in catalog order
        let codes: Vec<&str> = r["units"]
            .as_array()
            .ok_or("units")?
            .iter()
            .filter_map(|u| u["unit"].as_str())
            .collect();
        assert_eq!(
            codes,
            [
                "KEMENKUM",
                "KW-ACEH",
                "KW-NTT",
                "KW-NTT-TU",
                "KW-NTT-YANKUM"
            ]
        );

        // disclosure control off: every count, every distribution
        let open = json_of(&survey, &ReportOptions::default().min_cell(1))?;
        assert_eq!(
            line(&open, "KW-NTT-TU")["profile"]["edu"],
            json!([shown("S1", 6), shown("SMA", 5), shown("", 1)])
        );
        assert_eq!(
            line(&open, "KW-NTT-YANKUM")["indices"]["IKM"]["distribution"]["U1"],
            json!([0, 0, 3, 0])
        );
        // a minimum of 3: YANKUM's counts of 3 are published; KW-NTT's "" (1) alone is
        // suppressed, and S2 (3), the smallest published, with it
        let three = json_of(&survey, &ReportOptions::default().min_cell(3))?;
        assert_eq!(
            line(&three, "KW-NTT-YANKUM")["profile"]["gender"],
            json!([shown("P", 3)])
        );
        assert_eq!(
            line(&three, "KW-NTT")["profile"]["edu"],
            json!([shown("S1", 6), shown("SMA", 5), hidden(""), hidden("S2")])
        );
    }
    Ok(())
}

#[test]
fn the_library_profile_is_scoped_by_unit_and_filter() -> TestResult {
    let survey = survey(2, 80)?;
    let catalog = survey.catalog();
    let ntt = catalog.unit_id("KW-NTT").ok_or("KW-NTT")?;
    let q1 = survey.profile(ntt, &Filter::all().period("2025-Q1".parse()?))?;
    assert_eq!(
        q1.column("edu"),
        Some(
            &[
                (String::new(), 1),
                ("S1".into(), 6),
                ("S2".into(), 3),
                ("SMA".into(), 5)
            ][..]
        )
    );
    // February only: the TU respondents
    let feb = survey.profile(ntt, &Filter::all().period("2025-02".parse()?))?;
    assert_eq!(
        feb.column("gender"),
        Some(&[("L".into(), 5), ("P".into(), 7)][..])
    );
    assert_eq!(feb.column("nothing"), None);
    // a foreign unit is refused
    let other = Catalog::kemenkum_2025().to_builder().build()?;
    let foreign = other.unit_id("KW-NTT").ok_or("KW-NTT")?;
    assert!(survey.profile(foreign, &Filter::all()).is_err());
    Ok(())
}

#[test]
fn a_profile_column_not_in_the_header_fails_the_read() -> TestResult {
    let mut survey = Survey::new(Catalog::kemenkum_2025(), Questionnaire::ikm());
    let options = ReadOptions::default().profile(["gender", "umur"]);
    let err = survey
        .read_csv_with(file().as_bytes(), options)
        .err()
        .ok_or("read")?;
    assert!(
        matches!(&err, ReadError::MissingColumn { column } if column == "umur"),
        "{err:?}"
    );
    // a header cell with spaces around it matches a trimmed name
    let csv = "response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9, umur \n\
               a,2025-01-01,KW-NTT-TU,UMUM-INFORMASI,4,4,4,4,4,4,4,4,4,30-39\n";
    let mut survey = Survey::new(Catalog::kemenkum_2025(), Questionnaire::ikm());
    survey.read_csv_with(csv.as_bytes(), ReadOptions::default().profile(["umur "]))?;
    let root = survey.catalog().root();
    let profile = survey.profile(root, &Filter::all())?;
    assert_eq!(profile.column("umur"), Some(&[("30-39".into(), 1)][..]));
    Ok(())
}

#[test]
fn many_distinct_values_are_counted_sparsely_and_exactly() -> TestResult {
    // 20,000 records in one cell: 5,000 distinct short values (past the reader's 8 slots per
    // column) and long ones that share their first and last 8 bytes, each given 4 times
    let mut csv = String::from("response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9,v,w\n");
    for i in 0..20_000 {
        csv += &format!(
            "r{i},2025-01-05,KW-NTT-TU,UMUM-INFORMASI,4,4,4,4,4,4,4,4,4,v{},aaaaaaaa-{}-bbbbbbbb\n",
            i % 5000,
            i % 5000
        );
    }
    for threads in [1, 2] {
        let mut survey = Survey::new(Catalog::kemenkum_2025(), Questionnaire::ikm());
        let options = ReadOptions::default()
            .threads(NonZeroUsize::new(threads).ok_or("threads")?)
            .block_bytes(NonZeroUsize::new(1 << 16).ok_or("block")?)
            .profile(["v", "w"]);
        survey.read_csv_with(csv.as_bytes(), options)?;
        let profile = survey.profile(survey.catalog().root(), &Filter::all())?;
        for column in ["v", "w"] {
            let values = profile.column(column).ok_or("column")?;
            assert_eq!(values.len(), 5000, "{column}");
            assert!(values.iter().all(|(_, n)| *n == 4), "{column}");
        }
        let v = profile.column("v").ok_or("v")?;
        assert_eq!(v[0], ("v0".to_string(), 4));
        let w = profile.column("w").ok_or("w")?;
        assert!(w.contains(&("aaaaaaaa-4999-bbbbbbbb".to_string(), 4)));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Whatever the threads, the blocks and the way cells are written, each unit's profile
    /// counts exactly its accepted records (the valid ones, each id's first), and the
    /// column's counts partition the unit's respondents. A record: its unit (0: KW-NTT-TU,
    /// 1: KW-NTT-YANKUM), its value, how the cell is written (plain, padded, quoted), whether
    /// its id repeats an earlier one, whether a star is bad.
    #[test]
    fn the_reader_counts_each_accepted_record_once(
        records in prop::collection::vec((0usize..2, 0usize..3, 0usize..3, any::<bool>(), any::<bool>()), 1..60),
        threads in 1usize..3,
        block in 16usize..400,
    ) {
        let values = ["L", "P", ""];
        let mut csv = String::from("response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9,g\n");
        let mut seen = std::collections::HashSet::new();
        let mut want = [[0u64; 3]; 2];
        for (i, &(unit, g, style, repeat, bad)) in records.iter().enumerate() {
            let (code, service) = [("KW-NTT-TU", "UMUM-INFORMASI"), ("KW-NTT-YANKUM", "AHU-FIDUSIA")][unit];
            let id = if repeat && i > 0 { format!("r{}", i / 2) } else { format!("r{i}") };
            let cell = match style {
                0 => values[g].to_owned(),
                1 => format!("  {} ", values[g]),
                _ => format!("\"{}\"", values[g]),
            };
            let star = if bad { "7" } else { "4" };
            csv += &format!("{id},2025-05-05,{code},{service},4,4,4,4,{star},4,4,4,4,{cell}\n");
            // a rejected record's id is not taken: a later valid record may use it
            if !bad && seen.insert(id) {
                want[unit][g] += 1;
            }
        }
        let mut survey = Survey::new(Catalog::kemenkum_2025(), Questionnaire::ikm());
        let options = ReadOptions::default()
            .threads(NonZeroUsize::new(threads).expect("threads"))
            .block_bytes(NonZeroUsize::new(block).expect("block"))
            .profile(["g"]);
        survey.read_csv_with(csv.as_bytes(), options).expect("readable");
        for (unit, code) in ["KW-NTT-TU", "KW-NTT-YANKUM"].into_iter().enumerate() {
            let id = survey.catalog().unit_id(code).expect("unit");
            let got = survey.profile(id, &Filter::all()).expect("profile");
            let mut expected: Vec<(String, u64)> = values
                .iter()
                .zip(want[unit])
                .filter(|(_, n)| *n > 0)
                .map(|(v, n)| ((*v).to_owned(), n))
                .collect();
            expected.sort();
            prop_assert_eq!(got.column("g"), Some(&expected[..]));
            let respondents = survey.tally(id, &Filter::all()).expect("tally").responses();
            prop_assert_eq!(expected.iter().map(|(_, n)| n).sum::<u64>(), respondents);
        }
    }
}
