//! Hostile files: huge fields, very wide rows, floods of duplicate ids, stray byte-order marks,
//! mixed line endings, `;`-separated exports, odd star cells. Nothing panics, nothing is lost,
//! and the reader's memory stays bounded by the record, not by the file.
#![cfg(feature = "csv")]

use persepsi::*;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const HEADER: &str = "response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9";

fn read(data: &[u8]) -> Result<IngestSummary, ReadError> {
    let catalog = Catalog::kemenkum_2025();
    let q = Questionnaire::ikm();
    let mut survey = Survey::new(catalog.clone(), q.clone());
    survey.read_csv(data)?;
    let summary = survey.summary().clone();
    assert_eq!(
        summary.seen,
        summary.accepted + summary.rejected.len() as u64,
        "nothing lost"
    );
    Ok(summary)
}

fn good(id: &str) -> String {
    format!("{id},2025-01-02,KW-NTT-TU,UMUM-INFORMASI,4,4,4,4,4,4,4,4,4")
}

#[test]
fn a_one_megabyte_field() -> TestResult {
    let huge = "x".repeat(1 << 20);
    for cell in [
        huge.clone(),
        format!("\"{huge}\""),
        format!("\"{}\"", "a\n".repeat(1 << 19)),
    ] {
        let data = format!("{HEADER},note\n{},{cell}\n{},short\n", good("a"), good("b"));
        let s = read(data.as_bytes())?;
        assert_eq!((s.seen, s.accepted), (2, 2));
    }
    // a 1 MiB id: rejected for its date, the id kept whole
    let data = format!("{HEADER}\n{huge},2025-02-30,KW-NTT-TU,UMUM-INFORMASI,4,4,4,4,4,4,4,4,4\n");
    let s = read(data.as_bytes())?;
    assert_eq!(s.rejected[0].response_id.len(), 1 << 20);
    Ok(())
}

#[test]
fn a_hundred_thousand_columns() -> TestResult {
    let wide_header = format!("{HEADER}{}", ",extra".repeat(100_000));
    let row = format!("{}{}", good("a"), ",".repeat(100_000));
    let short = good("b");
    let data = format!("{wide_header}\n{row}\n{short}\n");
    let s = read(data.as_bytes())?;
    assert_eq!(s.accepted, 1);
    assert_eq!(
        s.rejected[0].reason,
        RejectReason::WrongColumnCount {
            expected: 100_013,
            found: 13
        }
    );
    // a record of 100,000 columns under a normal header
    let data = format!("{HEADER}\n{}{}\n", good("c"), ",9".repeat(100_000));
    let s = read(data.as_bytes())?;
    assert_eq!(
        s.rejected[0].reason,
        RejectReason::WrongColumnCount {
            expected: 13,
            found: 100_013
        }
    );
    Ok(())
}

#[test]
fn ten_thousand_duplicate_ids() -> TestResult {
    let mut data = format!("{HEADER}\n");
    for _ in 0..10_001 {
        data.push_str(&good("SAME"));
        data.push('\n');
    }
    let s = read(data.as_bytes())?;
    assert_eq!((s.seen, s.accepted, s.rejected.len()), (10_001, 1, 10_000));
    assert!(
        s.rejected
            .iter()
            .all(|r| r.reason == RejectReason::DuplicateResponseId { first: 2 })
    );
    assert_eq!(s.rejected.last().map(|r| r.line), Some(10_002));
    Ok(())
}

#[test]
fn only_a_bom_or_nothing() {
    for data in [&b"\xef\xbb\xbf"[..], b"", b"\r\n\r\n", b"\xef\xbb\xbf\n"] {
        assert!(matches!(read(data), Err(ReadError::NoHeader)), "{data:?}");
    }
}

#[test]
fn a_bom_before_the_header_and_a_stray_one_in_a_cell() -> TestResult {
    let data = format!("\u{feff}{HEADER}\n{}\n\u{feff}{}\n", good("a"), good("b"));
    let s = read(data.as_bytes())?;
    // the second record's id is "\u{feff}b": trim does not remove U+FEFF, so it is a distinct
    // (accepted) id rather than a silently altered one
    assert_eq!(s.accepted, 2);
    Ok(())
}

#[test]
fn crlf_and_lf_mixed() -> TestResult {
    let data = format!(
        "{HEADER}\r\n{}\n{}\r\n\r\n{}\n",
        good("a"),
        good("b"),
        good("c").replace("KW-NTT-TU", "KW-X")
    );
    let s = read(data.as_bytes())?;
    assert_eq!(s.accepted, 2);
    assert_eq!(s.rejected[0].line, 5);
    Ok(())
}

#[test]
fn a_semicolon_separated_export_is_named() {
    let data = format!(
        "{}\n{}\n",
        HEADER.replace(',', ";"),
        good("a").replace(',', ";")
    );
    match read(data.as_bytes()) {
        Err(ReadError::Semicolons { semicolons }) => {
            assert_eq!(semicolons, 12);
            let message = ReadError::Semicolons { semicolons }.to_string();
            assert!(message.contains("';'-separated"), "{message}");
        }
        other => panic!("expected the separator error, got {other:?}"),
    }
}

#[test]
fn odd_star_cells() -> TestResult {
    let cases: [(&str, Option<RejectReason>); 7] = [
        (
            "5.0",
            Some(RejectReason::MalformedStar {
                item: "U1".parse()?,
                text: "5.0".into(),
            }),
        ),
        (" 4 ", None),
        (
            "\u{664}",
            Some(RejectReason::MalformedStar {
                item: "U1".parse()?,
                text: "\u{664}".into(),
            }),
        ),
        (
            "+4",
            Some(RejectReason::MalformedStar {
                item: "U1".parse()?,
                text: "+4".into(),
            }),
        ),
        ("04", None),
        (
            "5",
            Some(RejectReason::StarOutOfRange {
                item: "U1".parse()?,
                value: 5,
                points: 4,
            }),
        ),
        ("\"4\"", None),
    ];
    for (cell, expected) in cases {
        let row = format!("r,2025-01-02,KW-NTT-TU,UMUM-INFORMASI,{cell},4,4,4,4,4,4,4,4");
        let s = read(format!("{HEADER}\n{row}\n").as_bytes())?;
        assert_eq!(
            s.rejected.first().map(|r| r.reason.clone()),
            expected,
            "{cell:?}"
        );
    }
    Ok(())
}

#[test]
fn invalid_utf8_in_a_record_is_its_own_reason_but_in_the_header_a_file_error() -> TestResult {
    let mut data = format!("{HEADER}\n").into_bytes();
    data.extend_from_slice(b"x1,2025-01-02,KW-NTT-TU,UMUM-INFORMASI,4,4,4,4,4,4,4,4,\xc3\n");
    data.extend_from_slice(good("a").as_bytes());
    let s = read(&data)?;
    assert_eq!(
        (s.accepted, s.rejected[0].reason.clone(), s.rejected[0].line),
        (1, RejectReason::MalformedRecord, 2)
    );
    assert!(matches!(
        read(b"response_id,d\xffate\n"),
        Err(ReadError::HeaderNotUtf8)
    ));
    Ok(())
}

#[cfg(feature = "serde")]
#[test]
fn a_thousand_deep_catalog_cycle_is_refused_without_recursion() {
    let mut units =
        vec![r#"{"code": "ROOT", "name": "r", "kind": "ministry", "parent": null}"#.to_owned()];
    for i in 0..1_000 {
        let parent = if i == 0 { 999 } else { i - 1 };
        units.push(format!(
            r#"{{"code": "U{i}", "name": "u", "kind": "other", "parent": "U{parent}"}}"#
        ));
    }
    let json = format!(
        r#"{{"units": [{}], "services": [], "offers": []}}"#,
        units.join(",")
    );
    assert!(matches!(
        Catalog::from_json(&json),
        Err(CatalogError::Cycle { .. })
    ));
}

#[cfg(feature = "serde")]
#[test]
fn a_chain_deeper_than_any_stack() -> TestResult {
    // 30,000 nested units (deeper than a test thread's 2 MiB stack allows recursion), one response at the bottom: catalog checks, traversals and both
    // roll-ups are iterative
    let mut units =
        vec![r#"{"code": "U0", "name": "u", "kind": "ministry", "parent": null}"#.to_owned()];
    for i in 1..30_000 {
        units.push(format!(
            r#"{{"code": "U{i}", "name": "u", "kind": "other", "parent": "U{}"}}"#,
            i - 1
        ));
    }
    let json = format!(
        r#"{{"units": [{}], "services": [{{"code": "S", "name": "s", "area": "A"}}],
            "offers": [{{"unit": "U29999", "services": ["S"]}}]}}"#,
        units.join(",")
    );
    let catalog = Catalog::from_json(&json)?;
    let q = Questionnaire::ikm();
    let mut survey = Survey::new(catalog.clone(), q.clone());
    let stars = ["4"; 9];
    survey.ingest(
        1,
        &RawResponse {
            id: "a",
            date: "2025-01-01",
            unit: "U29999",
            service: "S",
            answers: &stars,
        },
    )?;
    for method in [Rollup::Pooled, Rollup::MeanOfChildren] {
        let units = survey.rollup(method, &Filter::all())?;
        assert_eq!(units.len(), 30_000);
    }
    Ok(())
}
