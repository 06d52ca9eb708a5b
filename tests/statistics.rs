//! The exact statistics of the report: Student's t quantiles against published tables, Welch's
//! degrees of freedom, the finite population correction and the chance of grade A at its edge.
//! Every expected value is worked by hand in the comments; where a t distribution value is
//! needed, it was also computed with mpmath (40 digits: `betainc(d/2, 1/2, 0, d/(d + t^2),
//! regularized=True)`), independent of this crate.
#![cfg(all(feature = "serde", feature = "csv"))]

use persepsi::{
    Catalog, Decimal, Questionnaire, Report, ReportOptions, Rollup, Survey, Trend, t95,
};
use serde_json::Value;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn d(s: &str) -> Decimal {
    s.parse().unwrap_or_default()
}

/// Two-sided 95% points of t (R's `qt(0.975, df)`, as printed in statistics tables to 6
/// decimals): reproduced to the 6 decimals, so also to the 4 a table prints.
#[test]
fn t95_reproduces_published_quantiles() {
    let published: [(u64, &str); 34] = [
        (1, "12.706205"),
        (2, "4.302653"),
        (3, "3.182446"),
        (4, "2.776445"),
        (5, "2.570582"),
        (6, "2.446912"),
        (7, "2.364624"),
        (8, "2.306004"),
        (9, "2.262157"),
        (10, "2.228139"),
        (11, "2.200985"),
        (12, "2.178813"),
        (13, "2.160369"),
        (14, "2.144787"),
        (15, "2.131450"),
        (16, "2.119905"),
        (17, "2.109816"),
        (18, "2.100922"),
        (19, "2.093024"),
        (20, "2.085963"),
        (21, "2.079614"),
        (22, "2.073873"),
        (23, "2.068658"),
        (24, "2.063899"),
        (25, "2.059539"),
        (26, "2.055529"),
        (27, "2.051831"),
        (28, "2.048407"),
        (29, "2.045230"),
        (30, "2.042272"),
        (40, "2.021075"),
        (60, "2.000298"),
        (120, "1.979930"),
        (1000, "1.962339"),
    ];
    let six = |x: Decimal| {
        x.round_dp_with_strategy(6, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    };
    for (df, value) in published {
        assert_eq!(six(t95(df)), d(value), "df {df}");
    }
    // the normal deviate far out: t95 falls toward 1.959964 and stays above it
    assert_eq!(six(t95(10_000_000)), d("1.959964"));
    assert!(t95(10_000_000) > d("1.959963984540"));
}

/// Welch: period 1 has 3 respondents and se 0.5, period 2 has 400 and se 3. The smaller
/// period's n - 1 = 2 df would ask for t(2) = 4.302653; Welch-Satterthwaite gives
/// (0.25 + 9)^2 / (0.5^4 / 2 + 3^4 / 399) = 85.5625 / (0.03125 + 0.2030075) = 365.25 df, t =
/// 1.966480, so a change of 7.00 over se sqrt(9.25) = 3.041381 is significant (7.00 > 5.9808)
/// where the old rule said it was not (7.00 < 13.086); a change of 5.90 is not.
#[test]
fn welch_degrees_of_freedom_decide_significance() {
    let t = Trend::between(d("80.00"), Some(d("0.5")), 3, d("87.00"), Some(d("3")), 400);
    assert_eq!(t.df(), Some(d("365.25")));
    assert_eq!(t.se100(), Some(d("3.04")));
    assert_eq!(t.significant(), Some(true));
    let t = Trend::between(d("80.00"), Some(d("0.5")), 3, d("85.90"), Some(d("3")), 400);
    assert_eq!(t.significant(), Some(false));
    // just either side of 5.980816
    let t = Trend::between(d("80"), Some(d("0.5")), 3, d("85.9809"), Some(d("3")), 400);
    assert_eq!(t.significant(), Some(true));
    let t = Trend::between(d("80"), Some(d("0.5")), 3, d("85.9807"), Some(d("3")), 400);
    assert_eq!(t.significant(), Some(false));
    // a period of one respondent has no df
    let t = Trend::between(d("80"), Some(d("0.5")), 1, d("90"), Some(d("3")), 400);
    assert_eq!((t.df(), t.significant()), (None, None));
}

const CATALOG: &str = r#"{
  "units": [
    {"code": "PUSAT", "name": "Pusat", "kind": "ministry", "parent": null},
    {"code": "KECIL", "name": "Unit of ten", "kind": "upt", "parent": "PUSAT", "population": 10},
    {"code": "SEMUA", "name": "Unit of four", "kind": "upt", "parent": "PUSAT", "population": 4},
    {"code": "BESAR", "name": "Unit without a population", "kind": "upt", "parent": "PUSAT"}
  ],
  "services": [{"code": "INFO", "name": "Informasi", "area": "UMUM"}],
  "offers": [
    {"unit": "KECIL", "services": ["INFO"]},
    {"unit": "SEMUA", "services": ["INFO"]},
    {"unit": "BESAR", "services": ["INFO"]}
  ]
}"#;

/// IKM rows, every unsur the same star per respondent.
fn ikm_csv(rows: &[(&str, u8)]) -> String {
    let mut csv = String::from("response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9\n");
    for (i, (unit, star)) in rows.iter().enumerate() {
        let stars = vec![star.to_string(); 9].join(",");
        csv.push_str(&format!("r{i},2025-03-01,{unit},INFO,{stars}\n"));
    }
    csv
}

fn report(csv: &str, options: &ReportOptions) -> Result<Value, Box<dyn std::error::Error>> {
    let mut survey = Survey::new(Catalog::from_json(CATALOG)?, Questionnaire::ikm());
    survey.read_csv(csv.as_bytes())?;
    Ok(serde_json::from_str(
        &Report::with_options(&survey, &options.clone().min_cell(0))?.to_json(),
    )?)
}

fn ikm_of<'a>(r: &'a Value, unit: &str) -> &'a Value {
    r["units"]
        .as_array()
        .and_then(|units| units.iter().find(|u| u["unit"] == unit))
        .map_or(&Value::Null, |u| &u["indices"]["IKM"])
}

/// KECIL (population 10) has 4 respondents, scores 4, 4, 3, 3: mean 3.5 -> 87.50; sample
/// variance 1/3, of the mean 1/12; corrected by (10 - 4) / (10 - 1) = 2/3: 1/18, se
/// sqrt(1/18) = 0.235702 -> se100 25 x 0.235702 = 5.8926 -> 5.89 (without: sqrt(1/12) x 25 =
/// 7.22). Interval t(3) = 3.182446 x 0.235702 = 0.750110: 3.5 - 0.750110 = 2.749890 -> 25 x
/// 2.749890 = 68.747 -> 68.75; the top clamps at 4 -> 100.00. p_grade_a F_3((87.5 - 88.305) /
/// 5.892557) = F_3(-0.136612) = 0.449995 -> 0.4500. SEMUA (population 4) has 4 respondents
/// too: the whole population answered, the correction is 0: se100 0.00, interval 87.50 to
/// 87.50, p_grade_a 0 (87.50 < 88.305). PUSAT (no population) pools all 8: scores 4, 4, 3, 3
/// twice, mean 3.5, sample variance 2/7, of the mean 1/28, se sqrt(1/28) x 25 = 4.7246 -> 4.72,
/// uncorrected. The service breakdown of KECIL is not corrected: 7.22.
#[test]
fn finite_population_correction_reaches_the_units_pooled_line_only() -> TestResult {
    let rows = [
        ("KECIL", 4),
        ("KECIL", 4),
        ("KECIL", 3),
        ("KECIL", 3),
        ("SEMUA", 4),
        ("SEMUA", 4),
        ("SEMUA", 3),
        ("SEMUA", 3),
    ];
    let csv = ikm_csv(&rows);
    let r = report(&csv, &ReportOptions::default().by_service(true))?;
    let kecil = ikm_of(&r, "KECIL");
    assert_eq!(kecil["index100"], "87.50");
    assert_eq!(kecil["se100"], "5.89");
    assert_eq!(
        (&kecil["ci95_low"], &kecil["ci95_high"]),
        (&"68.75".into(), &"100.00".into())
    );
    assert_eq!(kecil["p_grade_a"], "0.4500");
    let semua = ikm_of(&r, "SEMUA");
    assert_eq!(semua["se100"], "0.00");
    assert_eq!(
        (&semua["ci95_low"], &semua["ci95_high"]),
        (&"87.50".into(), &"87.50".into())
    );
    assert_eq!(semua["p_grade_a"], "0.0000");
    let pusat = ikm_of(&r, "PUSAT");
    assert_eq!(pusat["se100"], "4.72");
    // the service breakdown: the sample's own error
    let services = r["units"]
        .as_array()
        .and_then(|u| u.iter().find(|u| u["unit"] == "KECIL"))
        .map_or(&Value::Null, |u| &u["services"]);
    assert_eq!(services[0]["indices"]["IKM"]["se100"], "7.22");
    // mean of children: no correction (KECIL is a leaf: its own pooled variance, uncorrected)
    let r = report(
        &csv,
        &ReportOptions::default().rollup(Rollup::MeanOfChildren),
    )?;
    assert_eq!(ikm_of(&r, "KECIL")["se100"], "7.22");
    // a report of a part of the year (a semester here) is not corrected either: 7.22; a report
    // of the year is (the population is a yearly volume): 5.89 again
    let r = report(&csv, &ReportOptions::default().period("2025-S1".parse()?))?;
    assert_eq!(ikm_of(&r, "KECIL")["se100"], "7.22");
    assert_eq!(ikm_of(&r, "SEMUA")["se100"], "7.22");
    let r = report(&csv, &ReportOptions::default().period("2025".parse()?))?;
    assert_eq!(ikm_of(&r, "KECIL")["se100"], "5.89");
    assert_eq!(ikm_of(&r, "SEMUA")["se100"], "0.00");
    Ok(())
}

/// 5000 respondents of BESAR (no population): 2661 give every unsur 4 and 2339 give 3, so the index is
/// 25 x (15000 + 2661) / 5000 = 25 x 3.5322 = 88.305 exactly, printed 88.31, grade A. Its
/// standard error: p = 0.5322 of fours, variance of the mean p (1 - p) / (n - 1) =
/// 0.24896316 / 4999, se100 25 x 0.00705709 = 0.1764. The chance of grade A is measured from
/// 88.305, so it is F_4999(0) = 0.5000 exactly (the normal distribution from 88.31 said
/// 1 - Φ(0.005 / 0.1764) = 0.4887). With 2660 fours, 88.30 (grade B): p = 0.532, se100
/// 25 sqrt(0.532 x 0.468 / 4999) = 0.176432, F_4999(-0.005 / 0.176432) = F_4999(-0.028340)
/// = 0.488696 -> 0.4887.
#[test]
fn chance_of_grade_a_is_measured_from_88_305() -> TestResult {
    let edge = |fours: usize| -> Result<Value, Box<dyn std::error::Error>> {
        let rows: Vec<(&str, u8)> = (0..5000)
            .map(|i| ("BESAR", if i < fours { 4 } else { 3 }))
            .collect();
        report(&ikm_csv(&rows), &ReportOptions::default())
    };
    let r = edge(2661)?;
    let pusat = ikm_of(&r, "BESAR");
    assert_eq!(pusat["index100"], "88.31");
    assert_eq!(pusat["grade"], "A");
    assert_eq!(pusat["se100"], "0.18");
    assert_eq!(pusat["p_grade_a"], "0.5000");
    let r = edge(2660)?;
    let pusat = ikm_of(&r, "BESAR");
    assert_eq!(pusat["index100"], "88.30");
    assert_eq!(pusat["grade"], "B");
    assert_eq!(pusat["p_grade_a"], "0.4887");
    Ok(())
}
