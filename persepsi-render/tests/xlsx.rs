//! The workbook read back (calamine) against the JSON report of the same run.

use std::collections::HashMap;
use std::path::PathBuf;

use calamine::{Data, Reader, Xlsx, open_workbook};
use persepsi::{
    Catalog, KEMENKUM_2025, PeriodKind, Questionnaire, ReadOptions, Report, ReportOptions, Survey,
    Targets,
};
use persepsi_render::{Meta, write_xlsx};
use serde_json::Value;

const SAMPLE: &[u8] = include_bytes!("../../examples/data/responses.csv");
const TARGETS: &[u8] = include_bytes!("../../examples/data/targets.csv");

type Rows = Vec<Vec<Data>>;

/// A fresh path in the target directory's temporary folder.
fn out(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    dir.join(format!("{name}-{}.xlsx", std::process::id()))
}

/// The quarter `n` of 2025.
fn q(n: u8) -> persepsi::Period {
    format!("2025-Q{n}").parse().expect("period")
}

fn report_of(catalog: std::sync::Arc<Catalog>, csv: &[u8]) -> Report {
    let targets = Targets::from_csv(TARGETS, &catalog).expect("targets");
    let mut survey = Survey::new(catalog, Questionnaire::spkp_spak());
    survey
        .read_csv_with(
            csv,
            ReadOptions::default().profile(["jenis_kelamin", "pendidikan"]),
        )
        .expect("read");
    let options = ReportOptions::default()
        .by_service(true)
        .series(PeriodKind::Quarter)
        .compare(q(1), q(2))
        .targets(targets);
    Report::with_options(&survey, &options).expect("report")
}

/// Every sheet of the workbook at `path`, by name.
fn sheets(path: &PathBuf) -> HashMap<String, Rows> {
    let mut book: Xlsx<_> = open_workbook(path).expect("open");
    let names = book.sheet_names().clone();
    names
        .into_iter()
        .map(|n| {
            let range = book.worksheet_range(&n).expect("sheet");
            let rows = range.rows().map(<[Data]>::to_vec).collect();
            (n, rows)
        })
        .collect()
}

fn text(cell: Option<&Data>) -> String {
    match cell {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => panic!("not a text cell: {other:?}"),
    }
}

/// A number cell equals the JSON's decimal string: the nearest binary64 to it, and printed with
/// the string's decimals it gives the string back.
fn same_number(cell: Option<&Data>, json: &Value, what: &str) {
    let s = json
        .as_str()
        .unwrap_or_else(|| panic!("{what}: no string in the JSON: {json}"));
    let Some(Data::Float(x)) = cell else {
        panic!("{what}: not a number cell: {cell:?} (JSON {s})");
    };
    assert_eq!(*x, s.parse::<f64>().expect("decimal"), "{what}");
    let decimals = s.split_once('.').map_or(0, |(_, d)| d.len());
    assert_eq!(format!("{x:.decimals$}"), s, "{what}");
}

fn same_count(cell: Option<&Data>, json: &Value, what: &str) {
    let n = json
        .as_u64()
        .unwrap_or_else(|| panic!("{what}: no count: {json}"));
    assert_eq!(cell, Some(&Data::Float(n as f64)), "{what}");
}

fn header(rows: &Rows) -> HashMap<String, usize> {
    rows[0]
        .iter()
        .enumerate()
        .map(|(i, c)| (text(Some(c)), i))
        .collect()
}

/// The abbreviation of each instrument code, from the JSON's first unit (SPKP -> IPKP).
fn abbreviations(json: &Value) -> Vec<(String, String)> {
    let first = &json["units"][0]["indices"];
    first
        .as_object()
        .expect("indices")
        .keys()
        .map(|code| {
            let abbr = match code.as_str() {
                "SPKP" => "IPKP",
                "SPAK" => "IPAK",
                other => panic!("unexpected instrument {other}"),
            };
            (code.clone(), abbr.to_owned())
        })
        .collect()
}

#[test]
fn every_number_matches_the_json_report() {
    let report = report_of(Catalog::kemenkum_2025(), SAMPLE);
    let json: Value = serde_json::from_str(&report.to_json()).expect("json");
    let path = out("sample");
    write_xlsx(&report, &Meta::new("responses.csv").generated_at(0), &path).expect("write");
    let book = sheets(&path);
    let instruments = abbreviations(&json);
    assert_eq!(instruments.len(), 2);
    let units = json["units"].as_array().expect("units");

    // Ringkasan: the exact headers, one row per unit in report order
    let ringkasan = &book["Ringkasan"];
    let heads: Vec<String> = ringkasan[0].iter().take(9).map(|c| text(Some(c))).collect();
    assert_eq!(
        heads,
        [
            "Kode",
            "Unit",
            "Responden",
            "IPKP (1-4)",
            "IPKP (0-100)",
            "IPKP Mutu",
            "IPAK (1-4)",
            "IPAK (0-100)",
            "IPAK Mutu"
        ]
    );
    let col = header(ringkasan);
    assert_eq!(ringkasan.len(), units.len() + 1);
    let mut checked = 0;
    let mut trends = 0;
    for (r, unit) in units.iter().enumerate() {
        let row = &ringkasan[r + 1];
        let code = unit["unit"].as_str().expect("code");
        assert_eq!(text(row.first()), code);
        assert_eq!(
            text(row.get(1)).trim_start(),
            unit["name"].as_str().expect("name")
        );
        same_count(row.get(2), &unit["respondents"], code);
        for (ins, abbr) in &instruments {
            let i = &unit["indices"][ins];
            let c = |name: &str| row.get(col[&format!("{abbr} {name}")]);
            same_number(c("(1-4)"), &i["index4"], &format!("{code} {abbr} index4"));
            same_number(
                c("(0-100)"),
                &i["index100"],
                &format!("{code} {abbr} index100"),
            );
            assert_eq!(text(c("Mutu")), i["grade"].as_str().expect("grade"));
            assert_eq!(text(c("Predikat")), i["label"].as_str().expect("label"));
            for (name, field) in [
                ("Galat baku (0-100)", "se100"),
                ("IK 95% bawah", "ci95_low"),
                ("IK 95% atas", "ci95_high"),
                ("Peluang A", "p_grade_a"),
                ("Poin LKE", "lke_points"),
                ("Indeks disusutkan (0-100)", "shrunk_index100"),
            ] {
                match &i[field] {
                    Value::Null => assert_eq!(c(name), Some(&Data::Empty), "{code} {field}"),
                    v => same_number(c(name), v, &format!("{code} {abbr} {field}")),
                }
            }
            match &i["rank"] {
                Value::Null => assert!(matches!(c("Peringkat"), Some(Data::Empty) | None)),
                v => same_count(c("Peringkat"), v, code),
            }
            same_count(c("Responden minimal"), &i["required_respondents"], code);
            let yes = |b: bool| if b { "Ya" } else { "Tidak" };
            assert_eq!(text(c("Sampel memadai")), yes(i["sample_adequate"] == true));
            assert_eq!(text(c("Memenuhi ZI")), yes(i["zi_threshold_met"] == true));
            let trend = &i["trend"];
            if trend.is_null() {
                assert!(matches!(c("Perubahan (0-100)"), Some(Data::Empty) | None));
            } else {
                assert_eq!(
                    text(c("Perubahan dari")),
                    trend["from"].as_str().expect("from")
                );
                assert_eq!(text(c("Perubahan ke")), trend["to"].as_str().expect("to"));
                same_number(c("Perubahan (0-100)"), &trend["change100"], code);
                match &trend["se100"] {
                    Value::Null => assert!(matches!(
                        c("Galat baku perubahan"),
                        Some(Data::Empty) | None
                    )),
                    v => same_number(c("Galat baku perubahan"), v, code),
                }
                match &trend["significant"] {
                    Value::Null => assert!(matches!(
                        c("Perubahan signifikan"),
                        Some(Data::Empty) | None
                    )),
                    v => assert_eq!(text(c("Perubahan signifikan")), yes(v == true)),
                }
                trends += 1;
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked}");
    assert!(trends > 100, "{trends}");

    // Unsur: one row per unit, index and item, with the JSON's NRR
    let unsur = &book["Unsur"];
    let col = header(unsur);
    let mut expected_rows = 0;
    let mut at: HashMap<(String, String, String), &Vec<Data>> = HashMap::new();
    for row in &unsur[1..] {
        let key = (text(row.first()), text(row.get(2)), text(row.get(3)));
        assert!(at.insert(key, row).is_none(), "a row twice");
    }
    for unit in units {
        let code = unit["unit"].as_str().expect("code");
        for (ins, abbr) in &instruments {
            let i = &unit["indices"][ins];
            let lowest: Vec<&str> = i["lowest_items"]
                .as_array()
                .expect("lowest")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            for (item, nrr) in i["nrr"].as_object().expect("nrr") {
                expected_rows += 1;
                let row = at[&(code.to_owned(), abbr.clone(), item.clone())];
                same_number(row.get(col["NRR"]), nrr, &format!("{code} {item} nrr"));
                same_count(row.get(col["Peringkat"]), &i["item_ranks"][item], item);
                let low = if lowest.contains(&item.as_str()) {
                    "Ya"
                } else {
                    ""
                };
                assert_eq!(text(row.get(col["Terendah"])), low, "{code} {item}");
            }
        }
    }
    assert_eq!(unsur.len() - 1, expected_rows);

    // Distribusi: the answers per star, or a row saying it is withheld
    let distribusi = &book["Distribusi"];
    let mut at: HashMap<(String, String, String), &Vec<Data>> = HashMap::new();
    for row in &distribusi[1..] {
        let key = (text(row.first()), text(row.get(2)), text(row.get(3)));
        assert!(at.insert(key, row).is_none(), "a row twice");
    }
    let mut expected_rows = 0;
    for unit in units {
        let code = unit["unit"].as_str().expect("code").to_owned();
        for (ins, abbr) in &instruments {
            match &unit["indices"][ins]["distribution"] {
                Value::Null => {
                    let row = at[&(code.clone(), abbr.clone(), String::new())];
                    assert!(text(row.last()).starts_with("ditahan"));
                    expected_rows += 1;
                }
                Value::Object(items) => {
                    for (item, counts) in items {
                        let row = at[&(code.clone(), abbr.clone(), item.clone())];
                        for (s, n) in counts.as_array().expect("counts").iter().enumerate() {
                            same_count(row.get(4 + s), n, item);
                        }
                        expected_rows += 1;
                    }
                }
                other => panic!("{other}"),
            }
        }
    }
    assert_eq!(distribusi.len() - 1, expected_rows);

    // Layanan and Periode: one row per unit and service or period
    for (sheet, list, key) in [
        ("Layanan", "services", "service"),
        ("Periode", "series", "period"),
    ] {
        let rows = &book[sheet];
        let col = header(rows);
        let mut next = rows[1..].iter();
        for unit in units {
            for entry in unit[list].as_array().expect("breakdown") {
                let row = next.next().expect("row");
                let what = format!("{} {}", unit["unit"], entry[key]);
                assert_eq!(text(row.first()), unit["unit"].as_str().expect("code"));
                let key_col = if key == "service" {
                    "Kode layanan"
                } else {
                    "Periode"
                };
                assert_eq!(
                    text(row.get(col[key_col])),
                    entry[key].as_str().expect("key")
                );
                same_count(row.get(col["Responden"]), &entry["respondents"], &what);
                for (ins, abbr) in &instruments {
                    let i = &entry["indices"][ins];
                    let c = |name: &str| row.get(col[&format!("{abbr} {name}")]);
                    if i.is_null() {
                        assert!(matches!(c("(0-100)"), Some(Data::Empty) | None), "{what}");
                        continue;
                    }
                    same_number(c("(1-4)"), &i["index4"], &what);
                    same_number(c("(0-100)"), &i["index100"], &what);
                    assert_eq!(text(c("Mutu")), i["grade"].as_str().expect("grade"));
                    for (name, field) in [
                        ("Galat baku (0-100)", "se100"),
                        ("IK 95% bawah", "ci95_low"),
                        ("IK 95% atas", "ci95_high"),
                    ] {
                        match &i[field] {
                            Value::Null => assert!(matches!(c(name), Some(Data::Empty) | None)),
                            v => same_number(c(name), v, &what),
                        }
                    }
                }
            }
        }
        assert!(next.next().is_none(), "{sheet}: rows beyond the JSON's");
    }

    // Target
    let target = &book["Target"];
    let mut next = target[1..].iter();
    let mut targets = 0;
    for unit in units {
        for t in unit["targets"].as_array().into_iter().flatten() {
            let row = next.next().expect("target row");
            assert_eq!(text(row.first()), unit["unit"].as_str().expect("code"));
            assert_eq!(text(row.get(2)), t["period"].as_str().expect("period"));
            same_count(row.get(3), &t["target"], "target");
            same_count(row.get(4), &t["achieved"], "achieved");
            same_number(row.get(5), &t["percent"], "percent");
            let met = if t["met"] == true { "Ya" } else { "Tidak" };
            assert_eq!(text(row.get(6)), met);
            targets += 1;
        }
    }
    assert!(next.next().is_none());
    assert!(targets >= 2, "{targets}");

    // Profil: counts, or <N where suppressed
    let profil = &book["Profil"];
    let mut at: HashMap<(String, String, String), &Vec<Data>> = HashMap::new();
    for row in &profil[1..] {
        let key = (text(row.first()), text(row.get(2)), text(row.get(3)));
        assert!(at.insert(key, row).is_none(), "a row twice");
    }
    let mut expected_rows = 0;
    for unit in units {
        let code = unit["unit"].as_str().expect("code").to_owned();
        for (column, values) in unit["profile"].as_object().expect("profile") {
            for v in values.as_array().expect("values") {
                let value = v["value"].as_str().expect("value").to_owned();
                let row = at[&(code.clone(), column.clone(), value)];
                match &v["respondents"] {
                    Value::Null => assert_eq!(text(row.get(4)), "<5"),
                    n => same_count(row.get(4), n, column),
                }
                expected_rows += 1;
            }
        }
    }
    assert_eq!(profil.len() - 1, expected_rows);

    // Ditolak: every rejected row, in input order
    let rejected = json["rejected"].as_array().expect("rejected");
    assert!(!rejected.is_empty());
    let ditolak = &book["Ditolak"];
    assert_eq!(ditolak.len(), rejected.len() + 1);
    for (row, r) in ditolak[1..].iter().zip(rejected) {
        same_count(row.first(), &r["line"], "line");
        assert_eq!(text(row.get(1)), r["response_id"].as_str().expect("id"));
        assert_eq!(text(row.get(2)), r["reason"].as_str().expect("reason"));
        assert_eq!(text(row.get(3)), r["detail"].as_str().expect("detail"));
    }

    // Metode names the source, the rounding rule and the time
    let metode: HashMap<String, String> = book["Metode"][1..]
        .iter()
        .map(|r| (text(r.first()), text(r.get(1))))
        .collect();
    assert_eq!(metode["Sumber data"], "responses.csv");
    assert!(metode["Pembulatan"].contains("half away from zero"));
    assert_eq!(metode["Dibuat"], "1970-01-01 00:00:00 UTC");
    assert_eq!(metode["Metode roll-up"], "pooled");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn the_same_report_and_time_give_the_same_bytes() {
    let report = report_of(Catalog::kemenkum_2025(), SAMPLE);
    let meta = Meta::new("responses.csv").generated_at(1_764_700_000);
    let (a, b) = (out("same-a"), out("same-b"));
    write_xlsx(&report, &meta, &a).expect("write");
    write_xlsx(&report, &meta, &b).expect("write");
    let (x, y) = (std::fs::read(&a).expect("a"), std::fs::read(&b).expect("b"));
    assert!(x == y, "two writes differ");
    let later = out("same-c");
    write_xlsx(&report, &meta.clone().generated_at(1_764_800_000), &later).expect("write");
    assert!(
        std::fs::read(&later).expect("c") != x,
        "the time is not in the workbook"
    );
    for p in [a, b, later] {
        let _ = std::fs::remove_file(p);
    }
}

#[test]
fn hostile_text_stays_text() {
    let long = "Ü".repeat(100_000);
    let json = KEMENKUM_2025
        .replace(
            "\"Kantor Wilayah Kementerian Hukum Nusa Tenggara Timur\"",
            "\"<script>alert(1)</script>\"",
        )
        .replace(
            "\"Bagian Tata Usaha dan Umum Kanwil Nusa Tenggara Timur\"",
            &format!("\"{long}\""),
        )
        .replace(
            "\"Informasi Publik dan Pengaduan\"",
            "\"=HYPERLINK(\\\"http://x\\\")\"",
        );
    let catalog = std::sync::Arc::new(Catalog::from_json(&json).expect("catalog"));
    let head = std::str::from_utf8(SAMPLE)
        .expect("utf8")
        .lines()
        .next()
        .expect("header");
    let rows = [
        "=HYPERLINK(\"http://x\"),2025-01-05,NO-SUCH-UNIT,UMUM-INFORMASI,6,6,6,6,6,6,6,6,6,6,6,6,6,online,Laki-laki,S1",
        "+1,2025-01-05,NO-SUCH-UNIT,UMUM-INFORMASI,6,6,6,6,6,6,6,6,6,6,6,6,6,online,Laki-laki,S1",
        "-1,2025-01-05,NO-SUCH-UNIT,UMUM-INFORMASI,6,6,6,6,6,6,6,6,6,6,6,6,6,online,Laki-laki,S1",
        "@SUM(A1),2025-01-05,NO-SUCH-UNIT,UMUM-INFORMASI,6,6,6,6,6,6,6,6,6,6,6,6,6,online,Laki-laki,S1",
        "R1,2025-01-05,KW-NTT-TU,UMUM-INFORMASI,6,6,6,6,6,6,6,6,6,6,6,6,6,online,=1+1,S1",
    ];
    let mut csv = format!("{head}\n");
    for r in rows {
        csv += r;
        csv += "\n";
    }
    let mut survey = Survey::new(catalog, Questionnaire::spkp_spak());
    survey
        .read_csv_with(
            csv.as_bytes(),
            ReadOptions::default().profile(["jenis_kelamin"]),
        )
        .expect("read");
    let report = Report::with_options(
        &survey,
        &ReportOptions::default().by_service(true).min_cell(0),
    )
    .expect("report");
    let path = out("hostile");
    write_xlsx(&report, &Meta::new("=cmd|' /C calc'!A0"), &path).expect("write");
    let book = sheets(&path);

    // ids read back byte for byte, as strings
    let ids: Vec<String> = book["Ditolak"][1..]
        .iter()
        .map(|r| text(r.get(1)))
        .collect();
    assert_eq!(ids, ["=HYPERLINK(\"http://x\")", "+1", "-1", "@SUM(A1)"]);
    let names: Vec<String> = book["Ringkasan"][1..]
        .iter()
        .map(|r| text(r.get(1)))
        .collect();
    assert!(
        names
            .iter()
            .any(|n| n.trim_start() == "<script>alert(1)</script>")
    );
    // the long name is cut with its marker, to what a cell holds
    let cut = names.iter().find(|n| n.contains('Ü')).expect("long name");
    assert_eq!(cut.chars().count(), 32_767);
    assert!(cut.ends_with("karakter]"), "{}", &cut[cut.len() - 40..]);
    let service = &book["Layanan"][1..];
    assert!(
        service
            .iter()
            .any(|r| text(r.get(3)) == "=HYPERLINK(\"http://x\")")
    );
    let profile: Vec<String> = book["Profil"][1..].iter().map(|r| text(r.get(3))).collect();
    assert!(profile.contains(&"=1+1".to_owned()));
    let metode = &book["Metode"];
    assert!(
        metode
            .iter()
            .any(|r| text(r.get(1)) == "=cmd|' /C calc'!A0")
    );

    // and no cell of the package is a formula: the sheets' XML has no <f> element
    let bytes = std::fs::read(&path).expect("read");
    let mut book: Xlsx<_> = open_workbook(&path).expect("open");
    for name in book.sheet_names().clone() {
        let formulas = book.worksheet_formula(&name).expect("formulas");
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "a formula on {name}"
        );
    }
    assert!(!bytes.is_empty());
    let _ = std::fs::remove_file(&path);
}
