//! Report schema v2 through the public API: the period and unit scopes, the breakdowns per
//! service and per period, the items' distribution, lowest items and ranks, and the options a
//! report refuses. Every expected number is derived by hand from the stars in the comments.
//!
//! How the derived fields are defined (see `tests/compute.rs`): a respondent's score is the mean
//! of the stars they gave on the instrument; pooled `se100` is the standard error of the mean
//! score (sample variance / n, square-rooted) on the 0-100 scale (x 100 / 5 for SPKP and SPAK on
//! 1..=6, x 25 for IKM); mean-of-children's variance is the sum of its contributors' variances
//! over their number squared; the 95% interval is raw +- t95(n - 1) x SE clamped to the scale
//! (t95: 1 -> 12.706205, 2 -> 4.302653, 4 -> 2.776445, 5 -> 2.570582, 6 -> 2.446912);
//! `p_grade_a` is F_{n-1}((index100 - 88.305) / se100), F the same t distribution function (with
//! a zero SE: 1 when index100 >= 88.305, else 0): closed forms for 1 df (1/2 + atan(t) / pi) and
//! 2 df (1/2 + t / (2 sqrt(2 + t^2))), mpmath's regularized `betainc` at 40 digits for 4 to 6;
//! `shrunk_index100` maps (n x raw + 30 x parent raw) / (n + 30) (the root keeps its own);
//! `lke_points` is index4 / 4 x 17.5 = 35 x index4 / 8; the ZI threshold is 3.60 on 1-4.
//! F_d(t) = 1 - I_x(d/2, 1/2) / 2 at x = d / (d + t^2) for t >= 0.
#![cfg(all(feature = "serde", feature = "csv"))]

use persepsi::{
    Catalog, ForeignIdError, PeriodKind, Questionnaire, Report, ReportError, ReportOptions, Rollup,
    Survey,
};
use serde_json::{Value, json};

type TestResult = Result<(), Box<dyn std::error::Error>>;
type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// PUSAT (offers INFO) -> KW-A (-> KW-A-YAN offers MEREK and PATEN, population 3; KW-A-TU
/// offers INFO), KW-B (-> KW-B-YAN offers MEREK), KW-C (offers INFO, never answered). Services
/// in catalog order MEREK, PATEN, INFO (not alphabetical).
const CATALOG: &str = r#"{
  "units": [
    {"code": "PUSAT", "name": "Pusat", "kind": "ministry", "parent": null},
    {"code": "KW-A", "name": "Kanwil A", "kind": "kanwil", "parent": "PUSAT"},
    {"code": "KW-A-YAN", "name": "Yankum A", "kind": "division", "parent": "KW-A", "population": 3},
    {"code": "KW-A-TU", "name": "TU A", "kind": "division", "parent": "KW-A"},
    {"code": "KW-B", "name": "Kanwil B", "kind": "kanwil", "parent": "PUSAT"},
    {"code": "KW-B-YAN", "name": "Yankum B", "kind": "division", "parent": "KW-B"},
    {"code": "KW-C", "name": "Kanwil C, no responses", "kind": "kanwil", "parent": "PUSAT"}
  ],
  "services": [
    {"code": "MEREK", "name": "Merek", "area": "KI"},
    {"code": "PATEN", "name": "Paten", "area": "KI"},
    {"code": "INFO", "name": "Informasi", "area": "UMUM"}
  ],
  "offers": [
    {"unit": "PUSAT", "services": ["INFO"]},
    {"unit": "KW-A-YAN", "services": ["MEREK", "PATEN"]},
    {"unit": "KW-A-TU", "services": ["INFO"]},
    {"unit": "KW-B-YAN", "services": ["MEREK"]},
    {"unit": "KW-C", "services": ["INFO"]}
  ]
}"#;

const SPKP: [&str; 8] = [
    "SPKP1", "SPKP2", "SPKP3", "SPKP4", "SPKP5", "SPKP6", "SPKP7", "SPKP8",
];
const SPAK: [&str; 5] = ["SPAK1", "SPAK2", "SPAK3", "SPAK4", "SPAK5"];
const IKM: [&str; 9] = ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"];

const SPKP_SPAK_HEADER: &str = "response_id,date,unit,service,SPKP1,SPKP2,SPKP3,SPKP4,SPKP5,SPKP6,SPKP7,SPKP8,SPAK1,SPAK2,SPAK3,SPAK4,SPAK5";
const IKM_HEADER: &str = "response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9";

/// One SPKP/SPAK record: `spkp` on all 8 SPKP items, `spak` on all 5 SPAK items.
fn row(id: &str, date: &str, unit: &str, service: &str, spkp: &str, spak: &str) -> String {
    let cells = |s: &str, n: usize| vec![s; n].join(",");
    format!(
        "{id},{date},{unit},{service},{},{}",
        cells(spkp, 8),
        cells(spak, 5)
    )
}

/// The SPKP/SPAK file most tests read. Every item of an instrument gets the same stars, so
/// every item has the same NRR (all tie at rank 1, all are lowest) and a respondent's score is
/// their star.
///
/// | line | id | date | unit | service | SPKP | SPAK |
/// |---|---|---|---|---|---|---|
/// | 2 | a1 | 2025-01-15 | KW-A-YAN | MEREK | 6 | 6 |
/// | 3 | a2 | 2025-02-15 | KW-A-YAN | MEREK | 6 | 6 |
/// | 4 | a3 | 2025-02-20 | KW-A-YAN | PATEN | 6 | 6 |
/// | 5 | t1 | 2025-04-15 | KW-A-TU | INFO | 2 | 2 |
/// | 6 | t2 | 2025-05-15 | KW-A-TU | INFO | 4 | 4 |
/// | 7 | b1 | 2025-07-15 | KW-B-YAN | MEREK | 5 | (none) |
/// | 8 | p1 | 2025-08-15 | PUSAT | INFO | 6 | 6 |
/// | 9 | x1 | 2025-03-01 | KW-Z | MEREK | 6 | 6 | rejected: unknown unit
fn spkp_spak_file() -> String {
    [
        SPKP_SPAK_HEADER.to_owned(),
        row("a1", "2025-01-15", "KW-A-YAN", "MEREK", "6", "6"),
        row("a2", "2025-02-15", "KW-A-YAN", "MEREK", "6", "6"),
        row("a3", "2025-02-20", "KW-A-YAN", "PATEN", "6", "6"),
        row("t1", "2025-04-15", "KW-A-TU", "INFO", "2", "2"),
        row("t2", "2025-05-15", "KW-A-TU", "INFO", "4", "4"),
        row("b1", "2025-07-15", "KW-B-YAN", "MEREK", "5", ""),
        row("p1", "2025-08-15", "PUSAT", "INFO", "6", "6"),
        row("x1", "2025-03-01", "KW-Z", "MEREK", "6", "6"),
    ]
    .join("\n")
}

fn survey_of(csv: &str, q: Questionnaire) -> Res<Survey> {
    let mut survey = Survey::new(Catalog::from_json(CATALOG)?, q);
    survey.read_csv(csv.as_bytes())?;
    Ok(survey)
}

/// The report's JSON with disclosure control off (`min_cell` 0): these files are a handful of
/// respondents, and their distributions are what the tests work out (`tests/profile.rs` tests
/// what the default withholds).
fn json_of(survey: &Survey, options: &ReportOptions) -> Res<Value> {
    let options = options.clone().min_cell(0);
    Ok(serde_json::from_str(
        &Report::with_options(survey, &options)?.to_json(),
    )?)
}

fn spkp_spak_json(options: &ReportOptions) -> Res<Value> {
    json_of(
        &survey_of(&spkp_spak_file(), Questionnaire::spkp_spak())?,
        options,
    )
}

fn label(grade: &str) -> &'static str {
    match grade {
        "A" => "Sangat Baik",
        "B" => "Baik",
        "C" => "Kurang Baik",
        _ => "Tidak Baik",
    }
}

/// Every item of `items` with the same value.
fn each(items: &[&str], value: &Value) -> Value {
    Value::Object(
        items
            .iter()
            .map(|i| ((*i).to_owned(), value.clone()))
            .collect(),
    )
}

/// A per-instrument object in which every item has the same stars: one NRR for all, the same
/// distribution on each, all items lowest and all at rank 1.
#[derive(Clone, Copy)]
struct Flat {
    respondents: u64,
    nrr: &'static str,
    /// raw, index4, index100, grade
    index: [&'static str; 4],
    /// se100, ci95_low, ci95_high (`None`: all three null)
    interval: Option<[&'static str; 3]>,
    /// answers of 1..=k stars, on every item
    dist: &'static [u64],
}

impl Flat {
    /// The object as a service's or a period's entry has it.
    fn json(&self, items: &[&str]) -> Value {
        let [raw, index4, index100, grade] = self.index;
        let [se, low, high] = match self.interval {
            Some(i) => i.map(|s| json!(s)),
            None => [Value::Null, Value::Null, Value::Null],
        };
        json!({"respondents": self.respondents, "nrr": each(items, &json!(self.nrr)),
               "raw": raw, "index4": index4, "index100": index100, "grade": grade,
               "label": label(grade), "se100": se, "ci95_low": low, "ci95_high": high,
               "distribution": each(items, &json!(self.dist)), "lowest_items": items,
               "item_ranks": each(items, &json!(1))})
    }
}

/// What a unit's per-instrument object adds to a breakdown's.
struct Extra {
    p_grade_a: Option<&'static str>,
    required: u64,
    adequate: bool,
    shrunk: &'static str,
    rank: Option<u64>,
    /// lke_points and zi_threshold_met (SPKP and SPAK only)
    lke: Option<(&'static str, bool)>,
}

fn with_extra(mut part: Value, extra: &Extra) -> Value {
    if let Value::Object(m) = &mut part {
        m.insert("p_grade_a".into(), json!(extra.p_grade_a));
        m.insert("required_respondents".into(), json!(extra.required));
        m.insert("sample_adequate".into(), json!(extra.adequate));
        m.insert("shrunk_index100".into(), json!(extra.shrunk));
        m.insert("rank".into(), json!(extra.rank));
        if let Some((points, met)) = extra.lke {
            m.insert("lke_points".into(), json!(points));
            m.insert("zi_threshold_met".into(), json!(met));
        }
    }
    part
}

/// `value` with one more field.
fn with(mut value: Value, key: &str, field: Value) -> Value {
    if let Value::Object(m) = &mut value {
        m.insert(key.to_owned(), field);
    }
    value
}

/// SPKP and SPAK indices of a breakdown entry.
fn both(spkp: Flat, spak: Flat) -> Value {
    json!({"SPKP": spkp.json(&SPKP), "SPAK": spak.json(&SPAK)})
}

fn spkp_only(spkp: Flat) -> Value {
    json!({"SPKP": spkp.json(&SPKP)})
}

fn unit(code: &str, respondents: u64, indices: Value) -> Value {
    let (name, parent) = match code {
        "PUSAT" => ("Pusat", None),
        "KW-A" => ("Kanwil A", Some("PUSAT")),
        "KW-A-YAN" => ("Yankum A", Some("KW-A")),
        "KW-A-TU" => ("TU A", Some("KW-A")),
        "KW-B" => ("Kanwil B", Some("PUSAT")),
        "KW-B-YAN" => ("Yankum B", Some("KW-B")),
        _ => ("Kanwil C, no responses", Some("PUSAT")),
    };
    json!({"unit": code, "name": name, "parent": parent, "respondents": respondents,
           "indices": indices})
}

fn service(code: &str, respondents: u64, indices: Value) -> Value {
    let name = match code {
        "MEREK" => "Merek",
        "PATEN" => "Paten",
        _ => "Informasi",
    };
    json!({"service": code, "name": name, "respondents": respondents, "indices": indices})
}

fn period(text: &str, respondents: u64, indices: Value) -> Value {
    json!({"period": text, "respondents": respondents, "indices": indices})
}

fn spkp_spak_items() -> Value {
    json!({"SPKP1": "Informasi pelayanan", "SPKP2": "Persyaratan", "SPKP3": "Prosedur / alur",
           "SPKP4": "Jangka waktu penyelesaian", "SPKP5": "Tarif / biaya",
           "SPKP6": "Sarana prasarana / sistem online", "SPKP7": "Respons petugas",
           "SPKP8": "Konsultasi dan pengaduan", "SPAK1": "Diskriminasi pelayanan",
           "SPAK2": "Kecurangan / di luar prosedur", "SPAK3": "Imbalan / gratifikasi",
           "SPAK4": "Pungutan liar (pungli)", "SPAK5": "Percaloan"})
}

/// The whole report of [`spkp_spak_file`]: 8 records read, x1 rejected, 7 accepted.
fn spkp_spak_report(
    rollup: &str,
    period: Option<&str>,
    in_period: u64,
    units: Vec<Value>,
) -> Value {
    json!({"schema": 2, "questionnaire": "spkp-spak", "rollup": rollup, "input_rows": 8,
           "accepted": 7,
           "rejected": [{"line": 9, "response_id": "x1", "reason": "unknown_unit",
                         "detail": "unknown unit \"KW-Z\""}],
           "period": period, "in_period": in_period, "min_cell": 0,
           "items": spkp_spak_items(),
           "units": units})
}

// ---- the parts of the SPKP/SPAK file, pooled (every value from the stars of the table) ----

/// PUSAT's SPKP over the whole file: stars 6 (a1, a2, a3, p1), 2 (t1), 4 (t2), 5 (b1), 7
/// respondents, distribution [0, 1, 0, 1, 1, 4]; NRR = raw = 35/7 = 5, p = (5 - 1)/5 = 0.8 ->
/// 1 + 3p = 3.40, 100p = 80.00, B. Deviations from 5: 1, 1, 1, -3, -1, 0, 1 -> squares 14,
/// sample variance 14/6, of the mean 14/6/7 = 1/3, SE 0.57735 -> se100 = 20 x 0.57735 = 11.547
/// -> 11.55; t95(6) = 2.446912: 5 - 1.412728 = 3.587272 -> 20 x 2.587272 = 51.745 -> 51.75
/// (the table's 2.4470, rounded up, gave 51.74), the top clamps at 6 -> 100.00.
const PUSAT_SPKP: Flat = Flat {
    respondents: 7,
    nrr: "5.0000",
    index: ["5.0000", "3.40", "80.00", "B"],
    interval: Some(["11.55", "51.75", "100.00"]),
    dist: &[0, 1, 0, 1, 1, 4],
};

/// PUSAT's SPAK over the whole file: b1 has none, so stars 6, 6, 6, 6, 2, 4: 6 respondents,
/// distribution [0, 1, 0, 1, 0, 4], raw 30/6 = 5 -> 3.40, 80.00, B. Squares of deviations
/// 1 + 1 + 1 + 1 + 9 + 1 = 14, of the mean 14/5/6 = 7/15, SE 0.683130 -> se100 13.6626 -> 13.66;
/// t95(5) = 2.570582: 5 - 1.756054 = 3.243946 -> 44.8789 -> 44.88; top 100.00.
const PUSAT_SPAK: Flat = Flat {
    respondents: 6,
    nrr: "5.0000",
    index: ["5.0000", "3.40", "80.00", "B"],
    interval: Some(["13.66", "44.88", "100.00"]),
    dist: &[0, 1, 0, 1, 0, 4],
};

/// KW-A's subtree on either instrument (also: anything over a1, a2, a3, t1, t2 only): stars 6,
/// 6, 6, 2, 4, distribution [0, 1, 0, 1, 0, 3]; raw 24/5 = 4.8, p = 0.76 -> 3.28, 76.00, C.
/// Deviations 1.2, 1.2, 1.2, -2.8, -0.8 -> squares 12.8, sample variance 3.2, of the mean 0.64,
/// SE 0.8 -> se100 16.00; t95(4) = 2.776445: 4.8 - 2.221156 = 2.578844 -> 20 x 1.578844 = 31.577 ->
/// 31.58; top clamps -> 100.00.
const KWA: Flat = Flat {
    respondents: 5,
    nrr: "4.8000",
    index: ["4.8000", "3.28", "76.00", "C"],
    interval: Some(["16.00", "31.58", "100.00"]),
    dist: &[0, 1, 0, 1, 0, 3],
};

/// Three respondents all 6 (KW-A-YAN: a1, a2, a3): raw 6, p = 1 -> 4.00, 100.00, A; equal
/// scores: variance 0, se100 0.00, interval 100.00 to 100.00.
const SIX3: Flat = Flat {
    respondents: 3,
    nrr: "6.0000",
    index: ["6.0000", "4.00", "100.00", "A"],
    interval: Some(["0.00", "100.00", "100.00"]),
    dist: &[0, 0, 0, 0, 0, 3],
};

/// Two respondents all 6 (a1, a2): as [`SIX3`] with 2 (t95(1) x 0 = 0).
const SIX2: Flat = Flat {
    respondents: 2,
    dist: &[0, 0, 0, 0, 0, 2],
    ..SIX3
};

/// One respondent, 6: raw 6 -> 4.00, 100.00, A; one respondent has no SE.
const SIX1: Flat = Flat {
    respondents: 1,
    interval: None,
    dist: &[0, 0, 0, 0, 0, 1],
    ..SIX3
};

/// KW-A-TU (t1, t2): stars 2 and 4 -> raw 3, p = 0.4 -> 2.20, 40.00, D. Two scores differing by
/// 2: variance of the mean (2^2 / 2) / 2 = 1, SE 1 -> se100 20.00; t95(1) = 12.706205 makes the
/// interval the whole scale, 0.00 to 100.00.
const TU: Flat = Flat {
    respondents: 2,
    nrr: "3.0000",
    index: ["3.0000", "2.20", "40.00", "D"],
    interval: Some(["20.00", "0.00", "100.00"]),
    dist: &[0, 1, 0, 1, 0, 0],
};

/// One respondent, 5 (b1's SPKP): raw 5, p = 0.8 -> 3.40, 80.00, B; no SE.
const FIVE1: Flat = Flat {
    respondents: 1,
    nrr: "5.0000",
    index: ["5.0000", "3.40", "80.00", "B"],
    interval: None,
    dist: &[0, 0, 0, 0, 1, 0],
};

/// The units of the whole file, pooled, without breakdowns.
///
/// Shrinkage (prior 30) and ranks: PUSAT keeps 80.00 (root). SPKP: KW-A (5 respondents, 4.8)
/// toward PUSAT's 5: (24 + 150)/35 = 174/35, p = 139/175 = 0.794286 -> 79.43; KW-B (1, 5):
/// (5 + 150)/31 = 5 -> 80.00; KW-B ranks 1, KW-A 2. SPAK: KW-A toward PUSAT's 5: 79.43 as well,
/// rank 1 (KW-B has no SPAK). Divisions of KW-A toward KW-A's 4.8 (both instruments): YAN (3, 6):
/// (18 + 144)/33 = 54/11, p = 43/55 = 0.781818 -> 78.18, rank 1; TU (2, 3): (6 + 144)/32 =
/// 4.6875, p = 0.7375 -> 73.75, rank 2. KW-B-YAN toward KW-B's 5: 5 -> 80.00, rank 1.
///
/// p_grade_a, F_df the t distribution function on n - 1 df: PUSAT SPKP F_6(-8.305 / 11.547)
/// = F_6(-0.71923) = 0.2495; PUSAT SPAK F_5(-8.305 / 13.6626) = F_5(-0.60786) = 0.2849; KW-A
/// F_4(-12.305 / 16) = F_4(-0.76906) = 0.2424; KW-A-YAN SE 0 and 100 >= 88.305 -> 1.0000;
/// KW-A-TU F_1(-48.305 / 20) = 1/2 + atan(-2.41525) / pi = 0.1250.
/// Required respondents: 30, KW-A-YAN's Krejcie-Morgan for 3: 2.88075 / 0.96525 = 2.98 -> 3
/// (met by its 3). LKE points 35 x index4 / 8: 3.4 -> 14.875 -> 14.88, 3.28 -> 14.35,
/// 4 -> 17.50, 2.2 -> 9.625 -> 9.63; only 4.00 reaches 3.60.
fn pooled_units() -> [Value; 6] {
    let pusat = |part: Flat, p| {
        with_extra(
            part.json(&SPKP),
            &Extra {
                p_grade_a: Some(p),
                required: 30,
                adequate: false,
                shrunk: "80.00",
                rank: None,
                lke: Some(("14.88", false)),
            },
        )
    };
    let pusat_spak = with_extra(
        PUSAT_SPAK.json(&SPAK),
        &Extra {
            p_grade_a: Some("0.2849"),
            required: 30,
            adequate: false,
            shrunk: "80.00",
            rank: None,
            lke: Some(("14.88", false)),
        },
    );
    [
        unit(
            "PUSAT",
            7,
            json!({"SPKP": pusat(PUSAT_SPKP, "0.2495"), "SPAK": pusat_spak}),
        ),
        unit(
            "KW-A",
            5,
            kwa_indices(("79.43", Some(2)), ("79.43", Some(1))),
        ),
        unit("KW-A-YAN", 3, yan_indices("78.18")),
        unit("KW-A-TU", 2, tu_indices("73.75")),
        unit("KW-B", 1, five_indices("80.00")),
        unit("KW-B-YAN", 1, five_indices("80.00")),
    ]
}

/// KW-A's (or, in 2025-S1, PUSAT's) pooled indices: [`KWA`] on both instruments, p_grade_a
/// 0.2208, 30 required, LKE 14.35, below 3.60.
fn kwa_indices(spkp: (&'static str, Option<u64>), spak: (&'static str, Option<u64>)) -> Value {
    let extra = |shrunk, rank| Extra {
        p_grade_a: Some("0.2424"),
        required: 30,
        adequate: false,
        shrunk,
        rank,
        lke: Some(("14.35", false)),
    };
    json!({"SPKP": with_extra(KWA.json(&SPKP), &extra(spkp.0, spkp.1)),
           "SPAK": with_extra(KWA.json(&SPAK), &extra(spak.0, spak.1))})
}

/// KW-A-YAN: [`SIX3`], p_grade_a 1.0000, 3 required and met, rank 1, LKE 17.50, 4.00 >= 3.60.
fn yan_indices(shrunk: &'static str) -> Value {
    let extra = Extra {
        p_grade_a: Some("1.0000"),
        required: 3,
        adequate: true,
        shrunk,
        rank: Some(1),
        lke: Some(("17.50", true)),
    };
    json!({"SPKP": with_extra(SIX3.json(&SPKP), &extra), "SPAK": with_extra(SIX3.json(&SPAK), &extra)})
}

/// KW-A-TU: [`TU`], p_grade_a 0.0079, rank 2, LKE 9.63.
fn tu_indices(shrunk: &'static str) -> Value {
    let extra = Extra {
        p_grade_a: Some("0.1250"),
        required: 30,
        adequate: false,
        shrunk,
        rank: Some(2),
        lke: Some(("9.63", false)),
    };
    json!({"SPKP": with_extra(TU.json(&SPKP), &extra), "SPAK": with_extra(TU.json(&SPAK), &extra)})
}

/// KW-B and KW-B-YAN: b1 only, SPKP only: [`FIVE1`], no SE so no p_grade_a, rank 1, LKE 14.88.
fn five_indices(shrunk: &'static str) -> Value {
    let extra = Extra {
        p_grade_a: None,
        required: 30,
        adequate: false,
        shrunk,
        rank: Some(1),
        lke: Some(("14.88", false)),
    };
    json!({"SPKP": with_extra(FIVE1.json(&SPKP), &extra)})
}

#[test]
fn period_alone_scopes_units_and_numbers() -> TestResult {
    let r = spkp_spak_json(&ReportOptions::default().period("2025-S1".parse()?))?;
    // 2025-S1 holds a1, a2, a3, t1, t2 (January to May); b1 (July) and p1 (August) are out, and
    // x1 (rejected) counts in neither. KW-B and KW-B-YAN have nothing in the period: not listed.
    // PUSAT's subtree is KW-A's: both [`KWA`]; PUSAT keeps its own (root), KW-A shrinks toward
    // an equal parent: (5 x 4.8 + 30 x 4.8)/35 = 4.8 -> 76.00, and is the only ranked child.
    // KW-A's divisions shrink toward 4.8 as over the whole file: 78.18 (rank 1) and 73.75 (2).
    let expected = spkp_spak_report(
        "pooled",
        Some("2025-S1"),
        5,
        vec![
            unit("PUSAT", 5, kwa_indices(("76.00", None), ("76.00", None))),
            unit(
                "KW-A",
                5,
                kwa_indices(("76.00", Some(1)), ("76.00", Some(1))),
            ),
            unit("KW-A-YAN", 3, yan_indices("78.18")),
            unit("KW-A-TU", 2, tu_indices("73.75")),
        ],
    );
    assert_eq!(r, expected);
    Ok(())
}

#[test]
fn unit_alone_lists_its_subtree_with_the_whole_reports_numbers() -> TestResult {
    let survey = survey_of(&spkp_spak_file(), Questionnaire::spkp_spak())?;
    let kw_a = survey.catalog().unit_id("KW-A").ok_or("no KW-A")?;
    let r = json_of(&survey, &ReportOptions::default().unit(kw_a))?;
    // KW-A and its divisions only; KW-A still shrinks toward PUSAT's whole-file value (79.43) and
    // still ranks 2nd on SPKP behind KW-B, which is not listed
    let [_, kwa, yan, tu, _, _] = pooled_units();
    let expected = spkp_spak_report("pooled", None, 7, vec![kwa, yan, tu]);
    assert_eq!(r, expected);
    Ok(())
}

#[test]
fn by_service_alone_pooled() -> TestResult {
    let r = spkp_spak_json(&ReportOptions::default().by_service(true))?;
    // PUSAT's MEREK: a1, a2, b1. SPKP stars 6, 6, 5: NRR = raw = 17/3 = 5.6667, p = 14/15 ->
    // 1 + 2.8 = 3.80, 93.33, A; deviations 1/3, 1/3, -2/3 -> squares 2/3, sample variance 1/3,
    // of the mean 1/9, SE 1/3 -> se100 6.67; t95(2) = 4.302653: 17/3 - 1.434218 = 4.232449 ->
    // 20 x 3.232449 = 64.6490 -> 64.65, top 100.00; distribution [0, 0, 0, 0, 1, 2].
    // SPAK: a1, a2 (b1 has none): [`SIX2`].
    let merek_spkp = Flat {
        respondents: 3,
        nrr: "5.6667",
        index: ["5.6667", "3.80", "93.33", "A"],
        interval: Some(["6.67", "64.65", "100.00"]),
        dist: &[0, 0, 0, 0, 1, 2],
    };
    // PUSAT's INFO: t1, t2, p1 with 2, 4, 6 on both: raw 4, p = 0.6 -> 2.80, 60.00, D;
    // deviations -2, 0, 2 -> 8, sample variance 4, of the mean 4/3, SE 1.154701 -> se100 23.09;
    // t95(2): 4 -/+ 4.968 clamps to the whole scale; distribution [0, 1, 0, 1, 0, 1].
    let info3 = Flat {
        respondents: 3,
        nrr: "4.0000",
        index: ["4.0000", "2.80", "60.00", "D"],
        interval: Some(["23.09", "0.00", "100.00"]),
        dist: &[0, 1, 0, 1, 0, 1],
    };
    // services in catalog order MEREK, PATEN, INFO; a unit lists the services with responses in
    // its subtree; KW-B's MEREK has SPKP only
    let [pusat, kwa, yan, tu, kwb, kwb_yan] = pooled_units();
    let kwa_services = || {
        json!([
            service("MEREK", 2, both(SIX2, SIX2)),
            service("PATEN", 1, both(SIX1, SIX1)),
            service("INFO", 2, both(TU, TU))
        ])
    };
    let b_services = || json!([service("MEREK", 1, spkp_only(FIVE1))]);
    let expected = spkp_spak_report(
        "pooled",
        None,
        7,
        vec![
            with(
                pusat,
                "services",
                json!([
                    service(
                        "MEREK",
                        3,
                        json!({"SPKP": merek_spkp.json(&SPKP), "SPAK": SIX2.json(&SPAK)})
                    ),
                    service("PATEN", 1, both(SIX1, SIX1)),
                    service("INFO", 3, both(info3, info3))
                ]),
            ),
            with(kwa, "services", kwa_services()),
            with(
                yan,
                "services",
                json!([
                    service("MEREK", 2, both(SIX2, SIX2)),
                    service("PATEN", 1, both(SIX1, SIX1))
                ]),
            ),
            with(tu, "services", json!([service("INFO", 2, both(TU, TU))])),
            with(kwb, "services", b_services()),
            with(kwb_yan, "services", b_services()),
        ],
    );
    assert_eq!(r, expected);
    Ok(())
}

#[test]
fn series_by_month_pooled() -> TestResult {
    let r = spkp_spak_json(&ReportOptions::default().series(PeriodKind::Month))?;
    // months: 2025-01 a1 (6), 2025-02 a2 and a3 (6, 6), 2025-04 t1 (2), 2025-05 t2 (4),
    // 2025-07 b1 (SPKP 5 only), 2025-08 p1 (6); months without responses are not listed.
    // t1 alone: raw 2, p = 0.2 -> 1.60, 20.00, D; t2 alone: raw 4, p = 0.6 -> 2.80, 60.00, D.
    let two = Flat {
        respondents: 1,
        nrr: "2.0000",
        index: ["2.0000", "1.60", "20.00", "D"],
        interval: None,
        dist: &[0, 1, 0, 0, 0, 0],
    };
    let four = Flat {
        respondents: 1,
        nrr: "4.0000",
        index: ["4.0000", "2.80", "60.00", "D"],
        interval: None,
        dist: &[0, 0, 0, 1, 0, 0],
    };
    let jan = || period("2025-01", 1, both(SIX1, SIX1));
    let feb = || period("2025-02", 2, both(SIX2, SIX2));
    let apr = || period("2025-04", 1, both(two, two));
    let may = || period("2025-05", 1, both(four, four));
    let jul = || period("2025-07", 1, spkp_only(FIVE1));
    let aug = period("2025-08", 1, both(SIX1, SIX1));
    let [pusat, kwa, yan, tu, kwb, kwb_yan] = pooled_units();
    let expected = spkp_spak_report(
        "pooled",
        None,
        7,
        vec![
            with(
                pusat,
                "series",
                json!([jan(), feb(), apr(), may(), jul(), aug]),
            ),
            with(kwa, "series", json!([jan(), feb(), apr(), may()])),
            with(yan, "series", json!([jan(), feb()])),
            with(tu, "series", json!([apr(), may()])),
            with(kwb, "series", json!([jul()])),
            with(kwb_yan, "series", json!([jul()])),
        ],
    );
    assert_eq!(r, expected);
    Ok(())
}

#[test]
fn period_unit_services_and_series_together() -> TestResult {
    let survey = survey_of(&spkp_spak_file(), Questionnaire::spkp_spak())?;
    let kw_a = survey.catalog().unit_id("KW-A").ok_or("no KW-A")?;
    let options = ReportOptions::default()
        .period("2025-S1".parse()?)
        .unit(kw_a)
        .by_service(true)
        .series(PeriodKind::Quarter);
    let r = json_of(&survey, &options)?;
    // in 2025-S1 KW-A's numbers are those of `period_alone_scopes_units_and_numbers`; its
    // services: MEREK a1, a2 ([`SIX2`]), PATEN a3 ([`SIX1`]), INFO t1, t2 ([`TU`]); its quarters:
    // 2025-Q1 a1, a2, a3 ([`SIX3`]), 2025-Q2 t1, t2 ([`TU`])
    let q1 = || period("2025-Q1", 3, both(SIX3, SIX3));
    let q2 = || period("2025-Q2", 2, both(TU, TU));
    let kwa = with(
        with(
            unit(
                "KW-A",
                5,
                kwa_indices(("76.00", Some(1)), ("76.00", Some(1))),
            ),
            "services",
            json!([
                service("MEREK", 2, both(SIX2, SIX2)),
                service("PATEN", 1, both(SIX1, SIX1)),
                service("INFO", 2, both(TU, TU))
            ]),
        ),
        "series",
        json!([q1(), q2()]),
    );
    let yan = with(
        with(
            unit("KW-A-YAN", 3, yan_indices("78.18")),
            "services",
            json!([
                service("MEREK", 2, both(SIX2, SIX2)),
                service("PATEN", 1, both(SIX1, SIX1))
            ]),
        ),
        "series",
        json!([q1()]),
    );
    let tu = with(
        with(
            unit("KW-A-TU", 2, tu_indices("73.75")),
            "services",
            json!([service("INFO", 2, both(TU, TU))]),
        ),
        "series",
        json!([q2()]),
    );
    let expected = spkp_spak_report("pooled", Some("2025-S1"), 5, vec![kwa, yan, tu]);
    assert_eq!(r, expected);
    Ok(())
}

#[test]
fn mean_of_children_with_services_and_semesters() -> TestResult {
    let options = ReportOptions::default()
        .rollup(Rollup::MeanOfChildren)
        .by_service(true)
        .series(PeriodKind::Semester);
    let r = spkp_spak_json(&options)?;
    // Leaves equal their pooled values. NRR, respondents and distributions stay pooled.
    // KW-A: mean(YAN 6, TU 3) = 4.5 on both (pooled 4.8), p = 0.7 -> 3.10, 70.00, C; variance
    // (0 + 1)/2^2 = 1/4, SE 0.5 -> se100 10.00; t95(4) = 2.776445 over its 5 respondents:
    // 4.5 -/+ 1.388222 = 3.111778, 5.888222 -> 42.2356 and 97.7644 -> 42.24 and 97.76 (the
    // table's 2.7765, rounded up, gave 97.77); p_grade_a F_4(-18.305 / 10) = F_4(-1.8305) =
    // 0.07057 -> 0.0706; LKE 35 x 3.1 / 8 = 13.5625 -> 13.56.
    let kwa_moc = Flat {
        index: ["4.5000", "3.10", "70.00", "C"],
        interval: Some(["10.00", "42.24", "97.76"]),
        ..KWA
    };
    // PUSAT SPKP: mean(own p1 6, KW-A 4.5, KW-B 5) = 31/6 = 5.1667 (pooled 5), p = 5/6 -> 3.50,
    // 83.33, B; p1 alone has no variance, so neither has PUSAT; LKE 35 x 3.5 / 8 = 15.3125 ->
    // 15.31. PUSAT SPAK: mean(own 6, KW-A 4.5) = 5.25 (KW-B has no SPAK), p = 0.85 -> 3.55, 85.00,
    // B; LKE 35 x 3.55 / 8 = 15.53125 -> 15.53.
    let pusat_spkp = Flat {
        index: ["5.1667", "3.50", "83.33", "B"],
        interval: None,
        ..PUSAT_SPKP
    };
    let pusat_spak = Flat {
        index: ["5.2500", "3.55", "85.00", "B"],
        interval: None,
        ..PUSAT_SPAK
    };
    let root = |shrunk, lke| Extra {
        p_grade_a: None,
        required: 30,
        adequate: false,
        shrunk,
        rank: None,
        lke: Some((lke, false)),
    };
    // Shrinkage toward the parent's mean-of-children value, n = pooled respondents:
    // KW-A SPKP (5 x 4.5 + 30 x 31/6)/35 = 177.5/35, p = 0.814286 -> 81.43; KW-B (5 + 155)/31 =
    // 160/31, p = 129/155 = 0.832258 -> 83.23: KW-B ranks 1, KW-A 2. KW-A SPAK (22.5 + 30 x
    // 5.25)/35 = 36/7, p = 29/35 -> 82.86, rank 1. KW-A-YAN (18 + 30 x 4.5)/33 = 51/11, p = 8/11 ->
    // 72.73; KW-A-TU (6 + 135)/32 = 4.40625, p = 0.68125 -> 68.125, half away 68.13.
    // KW-B-YAN toward KW-B's 5 -> 80.00.
    let kwa_extra = |shrunk, rank| Extra {
        p_grade_a: Some("0.0706"),
        required: 30,
        adequate: false,
        shrunk,
        rank: Some(rank),
        lke: Some(("13.56", false)),
    };
    let five_extra = |shrunk| Extra {
        p_grade_a: None,
        required: 30,
        adequate: false,
        shrunk,
        rank: Some(1),
        lke: Some(("14.88", false)),
    };
    // services, mean of children within each service: PUSAT MEREK SPKP mean(KW-A 6, KW-B 5) = 5.5,
    // p = 0.9 -> 3.70, 90.00, A, NRR pooled 17/3; KW-B's part is one respondent: no variance.
    // PUSAT MEREK SPAK: KW-A only (a1, a2, variance 0): [`SIX2`]. PUSAT INFO: mean(own p1 6,
    // KW-A 3) = 4.5 -> 3.10, 70.00, C, NRR pooled (2 + 4 + 6)/3 = 4, no variance (p1 alone).
    let merek_spkp = Flat {
        respondents: 3,
        nrr: "5.6667",
        index: ["5.5000", "3.70", "90.00", "A"],
        interval: None,
        dist: &[0, 0, 0, 0, 1, 2],
    };
    let info = Flat {
        respondents: 3,
        nrr: "4.0000",
        index: ["4.5000", "3.10", "70.00", "C"],
        interval: None,
        dist: &[0, 1, 0, 1, 0, 1],
    };
    // semesters: S1 (a1..t2) is KW-A's: PUSAT's S1 is mean(KW-A 4.5) = 4.5 with KW-A's variance
    // 1/4: [kwa_moc]. S2 (b1, p1): SPKP mean(own p1 6, KW-B 5) = 5.5, NRR pooled 5.5, no
    // variance; SPAK p1 alone: [`SIX1`].
    let s2_spkp = Flat {
        respondents: 2,
        nrr: "5.5000",
        index: ["5.5000", "3.70", "90.00", "A"],
        interval: None,
        dist: &[0, 0, 0, 0, 1, 1],
    };
    let s1 = |indices| period("2025-S1", 5, indices);
    let kwa_services = || {
        json!([
            service("MEREK", 2, both(SIX2, SIX2)),
            service("PATEN", 1, both(SIX1, SIX1)),
            service("INFO", 2, both(TU, TU))
        ])
    };
    let pusat = with(
        with(
            unit(
                "PUSAT",
                7,
                json!({"SPKP": with_extra(pusat_spkp.json(&SPKP), &root("83.33", "15.31")),
                       "SPAK": with_extra(pusat_spak.json(&SPAK), &root("85.00", "15.53"))}),
            ),
            "services",
            json!([
                service(
                    "MEREK",
                    3,
                    json!({"SPKP": merek_spkp.json(&SPKP), "SPAK": SIX2.json(&SPAK)})
                ),
                service("PATEN", 1, both(SIX1, SIX1)),
                service("INFO", 3, both(info, info))
            ]),
        ),
        "series",
        json!([
            s1(both(kwa_moc, kwa_moc)),
            period(
                "2025-S2",
                2,
                json!({"SPKP": s2_spkp.json(&SPKP), "SPAK": SIX1.json(&SPAK)})
            )
        ]),
    );
    let kwa = with(
        with(
            unit(
                "KW-A",
                5,
                json!({"SPKP": with_extra(kwa_moc.json(&SPKP), &kwa_extra("81.43", 2)),
                       "SPAK": with_extra(kwa_moc.json(&SPAK), &kwa_extra("82.86", 1))}),
            ),
            "services",
            kwa_services(),
        ),
        "series",
        json!([s1(both(kwa_moc, kwa_moc))]),
    );
    let yan_extra = Extra {
        p_grade_a: Some("1.0000"),
        required: 3,
        adequate: true,
        shrunk: "72.73",
        rank: Some(1),
        lke: Some(("17.50", true)),
    };
    let yan = with(
        with(
            unit(
                "KW-A-YAN",
                3,
                json!({"SPKP": with_extra(SIX3.json(&SPKP), &yan_extra),
                       "SPAK": with_extra(SIX3.json(&SPAK), &yan_extra)}),
            ),
            "services",
            json!([
                service("MEREK", 2, both(SIX2, SIX2)),
                service("PATEN", 1, both(SIX1, SIX1))
            ]),
        ),
        "series",
        json!([period("2025-S1", 3, both(SIX3, SIX3))]),
    );
    let tu = with(
        with(
            unit("KW-A-TU", 2, tu_indices("68.13")),
            "services",
            json!([service("INFO", 2, both(TU, TU))]),
        ),
        "series",
        json!([period("2025-S1", 2, both(TU, TU))]),
    );
    let b = |code, shrunk| {
        with(
            with(
                unit(
                    code,
                    1,
                    json!({"SPKP": with_extra(FIVE1.json(&SPKP), &five_extra(shrunk))}),
                ),
                "services",
                json!([service("MEREK", 1, spkp_only(FIVE1))]),
            ),
            "series",
            json!([period("2025-S2", 1, spkp_only(FIVE1))]),
        )
    };
    let expected = spkp_spak_report(
        "mean-of-children",
        None,
        7,
        vec![
            pusat,
            kwa,
            yan,
            tu,
            b("KW-B", "83.23"),
            b("KW-B-YAN", "80.00"),
        ],
    );
    assert_eq!(r, expected);
    Ok(())
}

#[test]
fn ikm_ties_an_unanswered_item_and_quarters() -> TestResult {
    // KW-B-YAN, MEREK; U9 left empty by everyone; n1 names a service KW-B-YAN does not offer.
    let csv = [
        IKM_HEADER,
        "i1,2025-01-10,KW-B-YAN,MEREK,4,4,3,4,2,2,3,3,",
        "i2,2025-03-10,KW-B-YAN,MEREK,4,4,3,3,2,2,4,3,",
        "i3,2025-11-10,KW-B-YAN,MEREK,1,1,1,1,1,1,1,1,",
        "n1,2025-02-10,KW-B-YAN,INFO,4,4,4,4,4,4,4,4,4",
    ]
    .join("\n");
    let r = json_of(
        &survey_of(&csv, Questionnaire::ikm())?,
        &ReportOptions::default().series(PeriodKind::Quarter),
    )?;
    let obj = |pairs: &[(&str, Value)]| -> Value {
        Value::Object(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        )
    };
    let ranks = obj(&[
        ("U1", json!(1)),
        ("U2", json!(1)),
        ("U3", json!(5)),
        ("U4", json!(3)),
        ("U5", json!(7)),
        ("U6", json!(7)),
        ("U7", json!(3)),
        ("U8", json!(5)),
    ]);
    // The whole file (i1, i2, i3): NRR U1 (4+4+1)/3 = 3, U2 3, U3 (3+3+1)/3 = 7/3, U4 (4+3+1)/3 =
    // 8/3, U5 (2+2+1)/3 = 5/3, U6 5/3, U7 (3+4+1)/3 = 8/3, U8 7/3; U9 unanswered: no NRR, no rank,
    // distribution [0, 0, 0, 0]. Ranks: U1 = U2 first (1, 1), U4 = U7 next (3, 3), U3 = U8 (5, 5),
    // U5 = U6 last (7, 7): the lowest items are U5 and U6. Raw over the 8 answered items:
    // (3 + 3 + 7/3 + 8/3 + 5/3 + 5/3 + 8/3 + 7/3)/8 = (58/3)/8 = 29/12 = 2.416667 -> raw 2.4167,
    // 1-4 2.42, x25 = 60.4167 -> 60.42, D. Scores: i1 25/8, i2 25/8, i3 1; mean 29/12; squared
    // deviations (17/24)^2 x 2 + (34/24)^2 = 6 x (17/24)^2, sample variance 3 x (17/24)^2, of the
    // mean (17/24)^2: SE 17/24 = 0.708333 -> se100 25 x 0.708333 = 17.708 -> 17.71; t95(2) x SE
    // = 3.05 > the distance to either end: 25.00 to 100.00. p_grade_a F_2((60.4167 - 88.305)
    // / 17.7083) = F_2(-1.57487) = 1/2 + t / (2 sqrt(2 + t^2)) = 0.1280. The three units hold the same responses: the
    // subtree equals the parent's, so each shrinks to its own 60.42; KW-B and KW-B-YAN are
    // their parents' only children with IKM: rank 1. No LKE points for IKM.
    let whole = |rank: Option<u64>| {
        json!({"respondents": 3,
               "nrr": obj(&[("U1", json!("3.0000")), ("U2", json!("3.0000")), ("U3", json!("2.3333")),
                            ("U4", json!("2.6667")), ("U5", json!("1.6667")), ("U6", json!("1.6667")),
                            ("U7", json!("2.6667")), ("U8", json!("2.3333"))]),
               "raw": "2.4167", "index4": "2.42", "index100": "60.42", "grade": "D",
               "label": "Tidak Baik", "se100": "17.71", "ci95_low": "25.00", "ci95_high": "100.00",
               "p_grade_a": "0.1280", "required_respondents": 30, "sample_adequate": false,
               "shrunk_index100": "60.42", "rank": rank,
               "distribution": obj(&[("U1", json!([1, 0, 0, 2])), ("U2", json!([1, 0, 0, 2])),
                                     ("U3", json!([1, 0, 2, 0])), ("U4", json!([1, 0, 1, 1])),
                                     ("U5", json!([1, 2, 0, 0])), ("U6", json!([1, 2, 0, 0])),
                                     ("U7", json!([1, 0, 1, 1])), ("U8", json!([1, 0, 2, 0])),
                                     ("U9", json!([0, 0, 0, 0]))]),
               "lowest_items": ["U5", "U6"], "item_ranks": ranks.clone()})
    };
    // 2025-Q1 (i1, i2): NRR U1 4, U2 4, U3 3, U4 3.5, U5 2, U6 2, U7 3.5, U8 3: the same ranks
    // and lowest items; raw (4 + 4 + 3 + 3.5 + 2 + 2 + 3.5 + 3)/8 = 25/8 = 3.125 -> 1-4 3.13,
    // x25 = 78.125 -> 78.13 (half away from zero), B. Both scores are 25/8: variance 0, se100
    // 0.00, the interval 78.125 to 78.125 -> 78.13 to 78.13.
    let q1 = json!({"respondents": 2,
                    "nrr": obj(&[("U1", json!("4.0000")), ("U2", json!("4.0000")), ("U3", json!("3.0000")),
                                 ("U4", json!("3.5000")), ("U5", json!("2.0000")), ("U6", json!("2.0000")),
                                 ("U7", json!("3.5000")), ("U8", json!("3.0000"))]),
                    "raw": "3.1250", "index4": "3.13", "index100": "78.13", "grade": "B",
                    "label": "Baik", "se100": "0.00", "ci95_low": "78.13", "ci95_high": "78.13",
                    "distribution": obj(&[("U1", json!([0, 0, 0, 2])), ("U2", json!([0, 0, 0, 2])),
                                          ("U3", json!([0, 0, 2, 0])), ("U4", json!([0, 0, 1, 1])),
                                          ("U5", json!([0, 2, 0, 0])), ("U6", json!([0, 2, 0, 0])),
                                          ("U7", json!([0, 0, 1, 1])), ("U8", json!([0, 0, 2, 0])),
                                          ("U9", json!([0, 0, 0, 0]))]),
                    "lowest_items": ["U5", "U6"], "item_ranks": ranks});
    // 2025-Q4 (i3): every answered item 1: raw 1 -> 1.00, 25.00, D; one respondent: no SE;
    // U1..U8 all tie (rank 1, all lowest), U9 still all zeros
    let answered = &IKM[..8];
    let mut q4_dist = each(answered, &json!([1, 0, 0, 0]));
    if let Value::Object(m) = &mut q4_dist {
        m.insert("U9".into(), json!([0, 0, 0, 0]));
    }
    let q4 = json!({"respondents": 1, "nrr": each(answered, &json!("1.0000")), "raw": "1.0000",
                    "index4": "1.00", "index100": "25.00", "grade": "D", "label": "Tidak Baik",
                    "se100": null, "ci95_low": null, "ci95_high": null, "distribution": q4_dist,
                    "lowest_items": answered, "item_ranks": each(answered, &json!(1))});
    let series = json!([
        period("2025-Q1", 2, json!({"IKM": q1})),
        period("2025-Q4", 1, json!({"IKM": q4}))
    ]);
    let u = |code, rank| {
        with(
            unit(code, 3, json!({"IKM": whole(rank)})),
            "series",
            series.clone(),
        )
    };
    let expected = json!({
        "schema": 2, "questionnaire": "ikm", "rollup": "pooled", "input_rows": 4, "accepted": 3,
        "rejected": [{"line": 5, "response_id": "n1", "reason": "service_not_offered",
                      "detail": "unit KW-B-YAN does not offer service INFO"}],
        "period": null, "in_period": 3, "min_cell": 0,
        "items": {"U1": "Persyaratan", "U2": "Sistem, mekanisme dan prosedur",
                  "U3": "Waktu penyelesaian", "U4": "Biaya/tarif",
                  "U5": "Produk spesifikasi jenis pelayanan", "U6": "Kompetensi pelaksana",
                  "U7": "Perilaku pelaksana", "U8": "Penanganan pengaduan, saran dan masukan",
                  "U9": "Sarana dan prasarana"},
        "units": [u("PUSAT", None), u("KW-B", Some(1)), u("KW-B-YAN", Some(1))]
    });
    assert_eq!(r, expected);
    Ok(())
}

#[test]
fn a_period_without_responses() -> TestResult {
    // nothing is dated in October 2025: no unit, in_period 0; reading is not scoped, so
    // input_rows, accepted and rejected are unchanged; the breakdowns have nothing to list
    let options = ReportOptions::default()
        .period("2025-10".parse()?)
        .by_service(true)
        .series(PeriodKind::Month);
    let r = spkp_spak_json(&options)?;
    assert_eq!(r, spkp_spak_report("pooled", Some("2025-10"), 0, vec![]));
    // the same for a year after the file
    let r = spkp_spak_json(&ReportOptions::default().period("2026".parse()?))?;
    assert_eq!(r, spkp_spak_report("pooled", Some("2026"), 0, vec![]));
    Ok(())
}

/// The `series` of every listed unit, by unit code.
fn series_of(r: &Value) -> Res<Vec<(String, Value)>> {
    Ok(r["units"]
        .as_array()
        .ok_or("units")?
        .iter()
        .map(|u| {
            (
                u["unit"].as_str().unwrap_or("?").to_owned(),
                u["series"].clone(),
            )
        })
        .collect())
}

/// Each unit's code with its series' (period, respondents).
type Listed = Vec<(String, Vec<(String, u64)>)>;

/// (period, respondents) of each entry of a series.
fn periods(series: &Value) -> Vec<(String, u64)> {
    series
        .as_array()
        .map(|s| {
            s.iter()
                .map(|p| {
                    (
                        p["period"].as_str().unwrap_or("?").to_owned(),
                        p["respondents"].as_u64().unwrap_or(0),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn series_by_quarter_semester_and_year() -> TestResult {
    let survey = survey_of(&spkp_spak_file(), Questionnaire::spkp_spak())?;
    let by = |kind| json_of(&survey, &ReportOptions::default().series(kind));
    let listed = |r: &Value| -> Res<Listed> {
        Ok(series_of(r)?
            .into_iter()
            .map(|(u, s)| (u, periods(&s)))
            .collect())
    };
    let expect = |rows: &[(&str, &[(&str, u64)])]| -> Listed {
        rows.iter()
            .map(|(u, ps)| {
                (
                    (*u).to_owned(),
                    ps.iter().map(|(p, n)| ((*p).to_owned(), *n)).collect(),
                )
            })
            .collect()
    };
    // b1 (SPKP 5) and p1 (6) in Q3 and S2: SPKP 5.5, p = 0.9 -> 3.70, 90.00, A; scores 5 and 6:
    // SE 1/2 -> se100 10.00; t95(1) x 0.5 = 6.35 clamps to the whole scale. SPAK: p1 alone.
    let q3_spkp = Flat {
        respondents: 2,
        nrr: "5.5000",
        index: ["5.5000", "3.70", "90.00", "A"],
        interval: Some(["10.00", "0.00", "100.00"]),
        dist: &[0, 0, 0, 0, 1, 1],
    };
    let second_half = json!({"SPKP": q3_spkp.json(&SPKP), "SPAK": SIX1.json(&SPAK)});

    // quarters: Q1 a1, a2, a3 (all 6), Q2 t1, t2, Q3 b1, p1
    let r = by(PeriodKind::Quarter)?;
    assert_eq!(
        r["units"][0]["series"],
        json!([
            period("2025-Q1", 3, both(SIX3, SIX3)),
            period("2025-Q2", 2, both(TU, TU)),
            period("2025-Q3", 2, second_half.clone())
        ])
    );
    assert_eq!(
        listed(&r)?,
        expect(&[
            ("PUSAT", &[("2025-Q1", 3), ("2025-Q2", 2), ("2025-Q3", 2)]),
            ("KW-A", &[("2025-Q1", 3), ("2025-Q2", 2)]),
            ("KW-A-YAN", &[("2025-Q1", 3)]),
            ("KW-A-TU", &[("2025-Q2", 2)]),
            ("KW-B", &[("2025-Q3", 1)]),
            ("KW-B-YAN", &[("2025-Q3", 1)]),
        ])
    );

    // semesters: S1 is a1..t2 ([`KWA`] on both), S2 is b1, p1
    let r = by(PeriodKind::Semester)?;
    assert_eq!(
        r["units"][0]["series"],
        json!([
            period("2025-S1", 5, both(KWA, KWA)),
            period("2025-S2", 2, second_half)
        ])
    );
    assert_eq!(
        listed(&r)?,
        expect(&[
            ("PUSAT", &[("2025-S1", 5), ("2025-S2", 2)]),
            ("KW-A", &[("2025-S1", 5)]),
            ("KW-A-YAN", &[("2025-S1", 3)]),
            ("KW-A-TU", &[("2025-S1", 2)]),
            ("KW-B", &[("2025-S2", 1)]),
            ("KW-B-YAN", &[("2025-S2", 1)]),
        ])
    );

    // the year: everything, PUSAT's whole-file values
    let r = by(PeriodKind::Year)?;
    assert_eq!(
        r["units"][0]["series"],
        json!([period("2025", 7, both(PUSAT_SPKP, PUSAT_SPAK))])
    );
    assert_eq!(
        listed(&r)?,
        expect(&[
            ("PUSAT", &[("2025", 7)]),
            ("KW-A", &[("2025", 5)]),
            ("KW-A-YAN", &[("2025", 3)]),
            ("KW-A-TU", &[("2025", 2)]),
            ("KW-B", &[("2025", 1)]),
            ("KW-B-YAN", &[("2025", 1)]),
        ])
    );
    Ok(())
}

#[test]
fn series_periods_are_in_time_order_across_years() -> TestResult {
    // read newest first: c1 2026-02 all 4, c2 2025-12 all 3, c3 2025-01 all 2 (KW-A-TU, IKM)
    let csv = [
        IKM_HEADER,
        "c1,2026-02-01,KW-A-TU,INFO,4,4,4,4,4,4,4,4,4",
        "c2,2025-12-01,KW-A-TU,INFO,3,3,3,3,3,3,3,3,3",
        "c3,2025-01-01,KW-A-TU,INFO,2,2,2,2,2,2,2,2,2",
    ]
    .join("\n");
    let survey = survey_of(&csv, Questionnaire::ikm())?;
    let tu = |kind| -> Res<Vec<(String, u64, String)>> {
        let r = json_of(&survey, &ReportOptions::default().series(kind))?;
        let units = r["units"].as_array().ok_or("units")?;
        let tu = units
            .iter()
            .find(|u| u["unit"] == "KW-A-TU")
            .ok_or("no KW-A-TU")?;
        Ok(tu["series"]
            .as_array()
            .ok_or("series")?
            .iter()
            .map(|p| {
                (
                    p["period"].as_str().unwrap_or("?").to_owned(),
                    p["respondents"].as_u64().unwrap_or(0),
                    p["indices"]["IKM"]["index100"]
                        .as_str()
                        .unwrap_or("?")
                        .to_owned(),
                )
            })
            .collect())
    };
    let rows = |v: &[(&str, u64, &str)]| -> Vec<(String, u64, String)> {
        v.iter()
            .map(|(p, n, i)| ((*p).to_owned(), *n, (*i).to_owned()))
            .collect()
    };
    // IKM x25: 2 -> 50.00, 3 -> 75.00, 4 -> 100.00; 2025 holds 2 and 3: raw 2.5 -> 62.50
    assert_eq!(
        tu(PeriodKind::Month)?,
        rows(&[
            ("2025-01", 1, "50.00"),
            ("2025-12", 1, "75.00"),
            ("2026-02", 1, "100.00")
        ])
    );
    assert_eq!(
        tu(PeriodKind::Quarter)?,
        rows(&[
            ("2025-Q1", 1, "50.00"),
            ("2025-Q4", 1, "75.00"),
            ("2026-Q1", 1, "100.00")
        ])
    );
    assert_eq!(
        tu(PeriodKind::Semester)?,
        rows(&[
            ("2025-S1", 1, "50.00"),
            ("2025-S2", 1, "75.00"),
            ("2026-S1", 1, "100.00")
        ])
    );
    assert_eq!(
        tu(PeriodKind::Year)?,
        rows(&[("2025", 2, "62.50"), ("2026", 1, "100.00")])
    );
    Ok(())
}

#[test]
fn a_comparison_inside_the_period_is_accepted() -> TestResult {
    let options = ReportOptions::default()
        .period("2025".parse()?)
        .compare("2025-S1".parse()?, "2025-S2".parse()?);
    let r = spkp_spak_json(&options)?;
    assert_eq!(r["in_period"], 7);
    let units = r["units"].as_array().ok_or("units")?;
    let pusat = &units[0]["indices"];
    // PUSAT SPKP: S1 (a1..t2) 4.8 -> 76.00 with se100 16; S2 (b1 5, p1 6) 5.5 -> 90.00 with se100
    // 10; change 14.00, se sqrt(16^2 + 10^2) = sqrt(356) = 18.868 -> 18.87; Welch's df
    // 356^2 / (16^4 / 4 + 10^4 / 1) = 126736 / 26384 = 4.8035 -> 4.80, t(4.80) = 2.60 (between
    // t(4) 2.78 and t(5) 2.57), x 18.87 far above 14: not significant
    assert_eq!(
        pusat["SPKP"]["trend"],
        json!({"from": "2025-S1", "to": "2025-S2", "index100_from": "76.00",
               "index100_to": "90.00", "change100": "14.00", "se100": "18.87",
               "df": "4.80", "significant": false})
    );
    // PUSAT SPAK: S2 is p1 alone (6 -> 100.00) with no SE: change 24.00, se and significance null
    assert_eq!(
        pusat["SPAK"]["trend"],
        json!({"from": "2025-S1", "to": "2025-S2", "index100_from": "76.00",
               "index100_to": "100.00", "change100": "24.00", "se100": null,
               "df": null, "significant": null})
    );
    // KW-A has S1 only, KW-B S2 only: no trend
    for u in &units[1..] {
        for (_, i) in u["indices"].as_object().ok_or("indices")? {
            assert!(i.get("trend").is_none(), "{}", u["unit"]);
        }
    }
    Ok(())
}

#[test]
fn a_unit_scope_without_responses_lists_nothing() -> TestResult {
    let survey = survey_of(&spkp_spak_file(), Questionnaire::spkp_spak())?;
    let catalog = survey.catalog();
    let kw_c = catalog.unit_id("KW-C").ok_or("no KW-C")?;
    let kw_a = catalog.unit_id("KW-A").ok_or("no KW-A")?;
    // KW-C never answered
    let r = json_of(&survey, &ReportOptions::default().unit(kw_c))?;
    assert_eq!(r, spkp_spak_report("pooled", None, 7, vec![]));
    // KW-A has nothing in 2025-S2 (b1 and p1 are outside its subtree); in_period still counts
    // the whole catalog's 2
    let options = ReportOptions::default()
        .unit(kw_a)
        .period("2025-S2".parse()?);
    let r = json_of(&survey, &options)?;
    assert_eq!(r, spkp_spak_report("pooled", Some("2025-S2"), 2, vec![]));
    Ok(())
}

#[test]
fn a_comparison_outside_the_period_is_refused() -> TestResult {
    let survey = survey_of(&spkp_spak_file(), Questionnaire::spkp_spak())?;
    let (s1, q1, q3) = ("2025-S1".parse()?, "2025-Q1".parse()?, "2025-Q3".parse()?);
    let options = ReportOptions::default().period(s1).compare(q1, q3);
    let err = Report::with_options(&survey, &options);
    assert_eq!(
        err,
        Err(ReportError::CompareOutsidePeriod {
            period: s1,
            from: q1,
            to: q3
        })
    );
    assert_eq!(
        err.err().map(|e| e.to_string()).as_deref(),
        Some(
            "cannot compare 2025-Q1 with 2025-Q3 in a report of 2025-S1: both must lie within 2025-S1"
        )
    );
    // the first compared period outside is refused too
    let options = ReportOptions::default().period(s1).compare(q3, q1);
    assert!(matches!(
        Report::with_options(&survey, &options),
        Err(ReportError::CompareOutsidePeriod { .. })
    ));
    Ok(())
}

#[test]
fn a_series_coarser_than_the_period_is_refused() -> TestResult {
    let survey = survey_of(&spkp_spak_file(), Questionnaire::spkp_spak())?;
    let q1 = "2025-Q1".parse()?;
    let options = ReportOptions::default()
        .period(q1)
        .series(PeriodKind::Semester);
    let err = Report::with_options(&survey, &options);
    assert_eq!(
        err,
        Err(ReportError::SeriesCoarserThanPeriod {
            series: PeriodKind::Semester,
            period: q1
        })
    );
    assert_eq!(
        err.err().map(|e| e.to_string()).as_deref(),
        Some(
            "a series by semester does not fit in a report of 2025-Q1: choose a period kind no longer than quarter"
        )
    );
    // a series as long as the period is fine: one quarter, Q1 (a1, a2, a3)
    let options = ReportOptions::default()
        .period(q1)
        .series(PeriodKind::Quarter);
    let r = json_of(&survey, &options)?;
    assert_eq!(
        periods(&r["units"][0]["series"]),
        [("2025-Q1".to_owned(), 3)]
    );
    Ok(())
}

#[test]
fn a_unit_of_another_catalog_is_refused() -> TestResult {
    let survey = survey_of(&spkp_spak_file(), Questionnaire::spkp_spak())?;
    let other = survey.catalog().to_builder().build()?;
    let foreign = other.unit_id("KW-A").ok_or("no KW-A")?;
    let err = Report::with_options(&survey, &ReportOptions::default().unit(foreign));
    assert_eq!(
        err,
        Err(ReportError::ForeignId(ForeignIdError::Unit {
            unit: foreign
        }))
    );
    // KW-A is the catalog's second unit (position 1); the catalog's tag is not fixed
    let text = err.err().map(|e| e.to_string()).unwrap_or_default();
    assert_eq!(text, format!("{foreign} belongs to another catalog"));
    assert!(text.starts_with("unit id 1 (catalog "), "{text}");
    assert!(text.ends_with(") belongs to another catalog"), "{text}");
    Ok(())
}
