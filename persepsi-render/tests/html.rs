//! The page parsed back (scraper) against the JSON report of the same run, and what it must
//! never do: load anything, run anything, or let a report's text become markup.

use std::collections::HashMap;
use std::sync::Arc;

use persepsi::{
    Catalog, PeriodKind, Questionnaire, ReadOptions, Report, ReportOptions, ServiceCode, Survey,
    Targets, UnitCode, UnitKind,
};
use persepsi_render::Meta;
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

const SAMPLE: &[u8] = include_bytes!("../../examples/data/responses.csv");
const TARGETS: &[u8] = include_bytes!("../../examples/data/targets.csv");

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

fn text(e: ElementRef<'_>) -> String {
    e.text().collect()
}

fn meta() -> Meta {
    Meta::new("responses.csv")
        .generated_at(0)
        .option("--by", "service")
}

fn sample_report() -> Report {
    let catalog = Catalog::kemenkum_2025();
    let targets = Targets::from_csv(TARGETS, &catalog).expect("targets");
    let mut survey = Survey::new(catalog, Questionnaire::spkp_spak());
    survey
        .read_csv_with(
            SAMPLE,
            ReadOptions::default().profile(["jenis_kelamin", "pendidikan"]),
        )
        .expect("read");
    let options = ReportOptions::default()
        .by_service(true)
        .series(PeriodKind::Quarter)
        .targets(targets);
    Report::with_options(&survey, &options).expect("report")
}

/// The cells of each row of the Ringkasan table, by unit code, each by its `data-col`.
fn summary_rows(doc: &Html) -> HashMap<String, HashMap<String, String>> {
    let mut rows = HashMap::new();
    for tr in doc.select(&sel("table#ringkasan tbody tr")) {
        let unit = tr.value().attr("data-unit").expect("data-unit").to_owned();
        let cells = tr
            .select(&sel("td"))
            .map(|td| {
                (
                    td.value().attr("data-col").expect("data-col").to_owned(),
                    text(td),
                )
            })
            .collect();
        assert!(rows.insert(unit, cells).is_none(), "a unit listed twice");
    }
    rows
}

#[test]
fn the_summary_prints_the_json_numbers() {
    let report = sample_report();
    let json: Value = serde_json::from_str(&report.to_json()).expect("json");
    let page = persepsi_render::html(&report, &meta());
    let doc = Html::parse_document(&page);

    let headers: Vec<String> = doc
        .select(&sel("table#ringkasan thead th"))
        .map(text)
        .collect();
    let mut expected: Vec<String> = vec!["Kode".into(), "Unit".into(), "Responden".into()];
    for abbr in ["IPKP", "IPAK"] {
        for h in ["(1-4)", "(0-100)", "Mutu", "IK 95%", "Peringkat"] {
            expected.push(format!("{abbr} {h}"));
        }
    }
    assert_eq!(headers, expected);

    let rows = summary_rows(&doc);
    let units = json["units"].as_array().expect("units");
    assert_eq!(rows.len(), units.len());
    let order: Vec<String> = doc
        .select(&sel("table#ringkasan tbody tr"))
        .map(|tr| tr.value().attr("data-unit").unwrap_or("").to_owned())
        .collect();
    let json_order: Vec<String> = units
        .iter()
        .map(|u| u["unit"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(order, json_order, "report order");

    let abbreviation = HashMap::from([("SPKP", "IPKP"), ("SPAK", "IPAK")]);
    let mut checked = 0;
    for u in units {
        let code = u["unit"].as_str().expect("code");
        let row = &rows[code];
        assert_eq!(row["Kode"], code);
        assert_eq!(row["Unit"], u["name"].as_str().expect("name"));
        assert_eq!(row["Responden"], u["respondents"].to_string());
        for (instrument, abbr) in &abbreviation {
            let Some(i) = u["indices"].get(instrument) else {
                for h in ["(1-4)", "(0-100)", "Mutu", "IK 95%", "Peringkat"] {
                    assert_eq!(row[&format!("{abbr} {h}")], "–", "{code} {abbr} {h}");
                }
                continue;
            };
            assert_eq!(
                row[&format!("{abbr} (1-4)")],
                i["index4"].as_str().expect("index4")
            );
            assert_eq!(
                row[&format!("{abbr} (0-100)")],
                i["index100"].as_str().expect("index100")
            );
            let grade = i["grade"].as_str().expect("grade");
            let label = i["label"].as_str().expect("label");
            assert!(row[&format!("{abbr} Mutu")].starts_with(grade), "{code}");
            assert_eq!(row[&format!("{abbr} Mutu")], format!("{grade} ({label})"));
            let ci = match (i["ci95_low"].as_str(), i["ci95_high"].as_str()) {
                (Some(l), Some(h)) => format!("{l}–{h}"),
                _ => "–".to_owned(),
            };
            assert_eq!(row[&format!("{abbr} IK 95%")], ci, "{code}");
            let rank = i["rank"]
                .as_u64()
                .map_or_else(|| "–".to_owned(), |r| r.to_string());
            assert_eq!(row[&format!("{abbr} Peringkat")], rank, "{code}");
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} indices checked");

    // the header's counts
    let count = |name: &str| {
        doc.select(&sel(&format!("[data-count={name}]")))
            .map(text)
            .next()
            .expect(name)
    };
    assert_eq!(count("input_rows"), json["input_rows"].to_string());
    assert_eq!(count("accepted"), json["accepted"].to_string());
    assert_eq!(
        count("rejected"),
        json["rejected"].as_array().map_or(0, Vec::len).to_string()
    );
    assert_eq!(count("in_period"), json["in_period"].to_string());
}

#[test]
fn the_page_is_one_html5_file_for_a4() {
    let page = persepsi_render::html(&sample_report(), &meta());
    assert!(page.starts_with("<!DOCTYPE html>"));
    let doc = Html::parse_document(&page);
    let html = doc.select(&sel("html")).next().expect("html");
    assert_eq!(html.value().attr("lang"), Some("id"));
    assert!(doc.select(&sel("meta[charset=utf-8]")).next().is_some());
    let css: String = doc.select(&sel("style")).map(text).collect();
    assert!(css.contains("@page { size: A4; margin: 15mm }"));
    assert!(css.contains("tr { break-inside: avoid }"));
    assert!(css.contains("font-family: system-ui, sans-serif"));
    assert!(css.contains("overflow-wrap: anywhere"));
    let title = text(doc.select(&sel("title")).next().expect("title"));
    assert!(title.starts_with("Laporan Indeks Persepsi"));
    assert!(title.contains("spkp-spak"));
    // the root's children ranked, one chart per instrument, over labelled grade bands
    let ranking: Vec<ElementRef<'_>> = doc.select(&sel("section#peringkat svg")).collect();
    assert_eq!(ranking.len(), 2);
    for svg in &ranking {
        assert_eq!(svg.value().attr("role"), Some("img"));
        assert!(
            svg.value()
                .attr("aria-label")
                .is_some_and(|l| !l.is_empty())
        );
        let letters: Vec<String> = svg.select(&sel("text")).map(text).collect();
        for band in ["A", "B", "C", "D"] {
            assert!(letters.iter().any(|t| t == band), "band {band}");
        }
    }
    // every item table marks its lowest items in words, and every NRR chart hatches them
    let mut lowest = 0;
    for tr in doc.select(&sel("table.unsur tr.lowest")) {
        assert!(text(tr).contains("terendah"));
        lowest += 1;
    }
    assert!(lowest > 0);
    for block in doc.select(&sel("div.block")) {
        if let Some(svg) = block.select(&sel("svg")).next() {
            assert!(svg.select(&sel("pattern")).next().is_some());
            assert!(text(svg).contains("terendah"));
        }
    }
    // the sections: a unit's breakdowns, targets, profile; rejections; the method
    for heading in [
        "Per layanan",
        "Per periode",
        "Target responden",
        "Profil responden",
    ] {
        assert!(
            doc.select(&sel("h3")).any(|h| text(h) == heading),
            "{heading}"
        );
    }
    assert!(doc.select(&sel("h2")).any(|h| text(h) == "Data ditolak"));
    let footer = text(doc.select(&sel("footer")).next().expect("footer"));
    assert!(footer.contains("half away from zero"));
    // the first unit and its children get a section each, no more
    let sections = doc.select(&sel("section.unit")).count();
    assert!((2..=60).contains(&sections), "{sections} sections");
}

/// Every attribute of every element: nothing to fetch, nothing to run.
fn assert_inert(doc: &Html) {
    for forbidden in [
        "script",
        "link",
        "iframe",
        "object",
        "embed",
        "img",
        "frame",
        "base",
        "audio",
        "video",
        "source",
        "foreignObject",
        "image",
        "use",
    ] {
        assert!(
            doc.select(&sel(forbidden)).next().is_none(),
            "a <{forbidden}> element"
        );
    }
    for e in doc.select(&sel("*")) {
        for (name, value) in e.value().attrs() {
            let name = name.to_ascii_lowercase();
            assert!(!name.starts_with("on"), "an event handler {name}={value:?}");
            if name.ends_with("href") {
                assert!(value.starts_with('#'), "{name}={value:?}");
            }
            assert!(
                ![
                    "src",
                    "srcset",
                    "poster",
                    "data",
                    "action",
                    "formaction",
                    "background"
                ]
                .contains(&name.as_str()),
                "{name}={value:?} on <{}>",
                e.value().name()
            );
            let v = value.to_ascii_lowercase();
            if v.contains("url(") {
                assert!(v.starts_with("url(#"), "{name}={value:?}");
            }
            assert!(!v.contains("javascript:"), "{name}={value:?}");
            if name == "http-equiv" {
                assert_eq!(v, "content-security-policy");
            }
        }
    }
    let css: String = doc.select(&sel("style")).map(text).collect();
    assert!(!css.contains("url("), "url( in the style sheet");
    assert!(!css.contains("@import"));
    assert!(!css.contains("http"));
}

#[test]
fn nothing_is_loaded_from_outside() {
    let page = persepsi_render::html(&sample_report(), &meta());
    assert_inert(&Html::parse_document(&page));
    assert!(!page.contains("http://") && !page.contains("https://"));
}

#[test]
fn hostile_text_is_inert() {
    let evil = "<script>alert(1)</script>";
    let long: String = "Unit dengan nama sangat panjang "
        .repeat(3200)
        .chars()
        .take(100_000)
        .collect();
    assert_eq!(long.chars().count(), 100_000);
    let code = |s: &str| UnitCode::new(s).expect("code");
    let service = ServiceCode::new("X-LAYANAN").expect("service");
    let catalog = Catalog::kemenkum_2025()
        .to_builder()
        .unit(
            code("X-EVIL"),
            evil,
            UnitKind::Kanwil,
            Some(code("KEMENKUM")),
        )
        .unit(
            code("X-LONG"),
            long.clone(),
            UnitKind::Kanwil,
            Some(code("KEMENKUM")),
        )
        .service(
            service.clone(),
            "<img src=x onerror=alert(1)>",
            "UMUM".parse().expect("area"),
        )
        .offer(
            code("X-EVIL"),
            vec![service.clone(), "UMUM-INFORMASI".parse().expect("code")],
        )
        .offer(
            code("X-LONG"),
            vec!["UMUM-INFORMASI".parse().expect("code")],
        )
        .build()
        .expect("catalog");
    let mut csv = String::from(
        "response_id,date,unit,service,SPKP1,SPKP2,SPKP3,SPKP4,SPKP5,SPKP6,SPKP7,SPKP8,\
         SPAK1,SPAK2,SPAK3,SPAK4,SPAK5,pendidikan\n",
    );
    for i in 0..6 {
        csv += &format!(
            "E{i},2025-01-0{},X-EVIL,X-LAYANAN,6,5,4,6,5,6,5,4,6,6,5,6,5,\"<svg onload=alert({i})>\"\n",
            i + 1
        );
        csv += &format!(
            "L{i},2025-04-0{},X-LONG,UMUM-INFORMASI,5,5,5,6,4,6,5,5,6,5,5,6,6,\"\"\"><b onmouseover=x>\"\n",
            i + 1
        );
    }
    // rejected, keeping their ids: an unknown unit
    csv += "\"=HYPERLINK(\"\"http://x\"\")\",2025-01-05,NO-SUCH-UNIT,UMUM-INFORMASI,6,6,6,6,6,6,6,6,6,6,6,6,6,S1\n";
    csv += "<img src=x onerror=alert(1)>,2025-01-05,</td><script>alert(2)</script>,UMUM-INFORMASI,6,6,6,6,6,6,6,6,6,6,6,6,6,S1\n";
    let mut survey = Survey::new(Arc::new(catalog), Questionnaire::spkp_spak());
    survey
        .read_csv_with(
            csv.as_bytes(),
            ReadOptions::default().profile(["pendidikan"]),
        )
        .expect("read");
    let options = ReportOptions::default()
        .by_service(true)
        .series(PeriodKind::Quarter)
        .min_cell(0);
    let report = Report::with_options(&survey, &options).expect("report");
    assert_eq!(report.rejected.len(), 2);
    let page = persepsi_render::html(
        &report,
        &Meta::new("<script>src</script>").option("--x", "<b>"),
    );
    if let Some(path) = std::env::var_os("PERSEPSI_HTML_HOSTILE_OUT") {
        std::fs::write(path, &page).expect("write");
    }
    let doc = Html::parse_document(&page);
    assert_inert(&doc);
    assert!(
        doc.select(&sel("b[onmouseover], svg[onload]"))
            .next()
            .is_none()
    );

    let rows = summary_rows(&doc);
    assert_eq!(rows["X-EVIL"]["Unit"], evil);
    assert_eq!(rows["X-LONG"]["Unit"], long);
    // the rejected ids, as text
    let ids: Vec<String> = doc
        .select(&sel("table.penolakan tbody tr td:nth-child(2)"))
        .map(text)
        .collect();
    assert!(
        ids.contains(&"=HYPERLINK(\"http://x\")".to_owned()),
        "{ids:?}"
    );
    assert!(
        ids.contains(&"<img src=x onerror=alert(1)>".to_owned()),
        "{ids:?}"
    );
    // the profile's and the service's hostile values, as text
    let cells: Vec<String> = doc.select(&sel("td")).map(text).collect();
    assert!(cells.iter().any(|c| c == "<svg onload=alert(0)>"));
    assert!(cells.iter().any(|c| c == "<img src=x onerror=alert(1)>"));
    // a chart's labels are cut, its titles hold the whole name
    for svg_text in doc.select(&sel("svg text")) {
        assert!(text(svg_text).chars().count() <= 80, "an uncut SVG label");
    }
    assert!(
        doc.select(&sel("svg title"))
            .any(|t| text(t).contains(&long))
    );
    assert!(
        doc.select(&sel("svg text")).any(|t| text(t).contains('…')),
        "no cut label"
    );
}

#[test]
fn rejections_are_listed_per_reason_up_to_a_hundred() {
    let mut csv = String::from("response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9\n");
    for i in 0..130 {
        csv += &format!("N{i},2025-01-05,NO-UNIT,UMUM-INFORMASI,4,4,4,4,4,4,4,4,4\n");
    }
    for i in 0..3 {
        csv += &format!("D{i},2025-13-05,KW-NTT-TU,UMUM-INFORMASI,4,4,4,4,4,4,4,4,4\n");
    }
    csv += "OK1,2025-01-05,KW-NTT-TU,UMUM-INFORMASI,4,4,3,4,4,3,4,4,4\n";
    let mut survey = Survey::new(Catalog::kemenkum_2025(), Questionnaire::ikm());
    survey.read_csv(csv.as_bytes()).expect("read");
    let report = Report::with_options(&survey, &ReportOptions::default()).expect("report");
    let counts = report.rejected_by_reason();
    let page = persepsi_render::html(&report, &meta());
    let doc = Html::parse_document(&page);
    // the summary of reasons
    let summary: Vec<(String, String)> = doc
        .select(&sel("table.alasan tbody tr"))
        .map(|tr| {
            let cells: Vec<String> = tr.select(&sel("td")).map(text).collect();
            (cells[0].clone(), cells[1].clone())
        })
        .collect();
    let expected: Vec<(String, String)> = counts
        .iter()
        .map(|(r, n)| ((*r).to_owned(), n.to_string()))
        .collect();
    assert_eq!(summary, expected);
    for (reason, n) in &counts {
        let table = doc
            .select(&sel(&format!("table.penolakan[data-reason={reason}]")))
            .next()
            .expect(reason);
        let rows: Vec<ElementRef<'_>> = table.select(&sel("tbody tr")).collect();
        assert_eq!(rows.len() as u64, (*n).min(100));
        let first = report
            .rejected
            .iter()
            .find(|r| r.reason.code() == *reason)
            .expect("first");
        let cells: Vec<String> = rows[0].select(&sel("td")).map(text).collect();
        assert_eq!(
            cells,
            [
                first.line.to_string(),
                first.response_id.clone(),
                reason.to_string(),
                first.reason.to_string()
            ]
        );
    }
    assert!(page.contains("… dan 30 lainnya"));
    // IKM: one instrument, and its columns
    let headers: Vec<String> = doc
        .select(&sel("table#ringkasan thead th"))
        .map(text)
        .collect();
    assert_eq!(
        headers[3..],
        [
            "IKM (1-4)",
            "IKM (0-100)",
            "IKM Mutu",
            "IKM IK 95%",
            "IKM Peringkat"
        ]
    );
}

#[test]
fn a_unit_with_a_target_only_prints_dashes() {
    let csv = "response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9\n\
               R1,2025-01-05,KW-NTT-TU,UMUM-INFORMASI,4,4,3,4,4,3,4,4,4\n";
    let catalog = Catalog::kemenkum_2025();
    let targets = Targets::from_csv(
        "unit,period,respondents\nKW-NTT-TU,2025,10\nKW-BALI,2025,20\n".as_bytes(),
        &catalog,
    )
    .expect("targets");
    let mut survey = Survey::new(catalog, Questionnaire::ikm());
    survey.read_csv(csv.as_bytes()).expect("read");
    let report =
        Report::with_options(&survey, &ReportOptions::default().targets(targets)).expect("report");
    assert!(
        report
            .units
            .iter()
            .any(|u| u.unit.as_str() == "KW-BALI" && u.indices.is_empty())
    );
    let doc = Html::parse_document(&persepsi_render::html(&report, &meta()));
    let rows = summary_rows(&doc);
    let bali = &rows["KW-BALI"];
    assert_eq!(bali["Responden"], "0");
    for h in ["(1-4)", "(0-100)", "Mutu", "IK 95%", "Peringkat"] {
        assert_eq!(bali[&format!("IKM {h}")], "–");
    }
    // raw 34/9 = 3.7778 -> x25 = 94.44
    assert_eq!(rows["KW-NTT-TU"]["IKM (0-100)"], "94.44");
    // its section (a child of the root) shows the target
    let section = doc
        .select(&sel("section.unit[data-unit=KW-BALI]"))
        .next()
        .expect("section");
    let cells: Vec<String> = section.select(&sel("table.target td")).map(text).collect();
    assert_eq!(cells, ["2025", "20", "0", "0.00%", "Tidak"]);
}

/// With `PERSEPSI_HTML_OUT` set, the sample page is written there (to look at it).
#[test]
fn the_sample_page_to_a_file_when_asked() {
    if let Some(path) = std::env::var_os("PERSEPSI_HTML_OUT") {
        std::fs::write(path, persepsi_render::html(&sample_report(), &meta())).expect("write");
    }
}
