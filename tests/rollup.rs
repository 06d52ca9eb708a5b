//! Roll-ups up the unit hierarchy: worked examples for both methods, laws (pooled = index of the
//! merged tallies, independence of input order and catalog order), and filters.

use std::collections::BTreeMap;

use persepsi::*;
use proptest::prelude::*;

fn uc(s: &str) -> UnitCode {
    UnitCode::new(s).expect("unit code")
}

fn sc(s: &str) -> ServiceCode {
    ServiceCode::new(s).expect("service code")
}

fn ac(s: &str) -> AreaCode {
    AreaCode::new(s).expect("area code")
}

fn ratio(n: i128, d: i128) -> Exact {
    Exact::from_ratio(n, d).expect("non-zero denominator")
}

/// (raw to 4 decimals, 1-4 value to 2, 0-100 value to 2), as printed.
fn printed(index: &Index) -> (String, String, String) {
    (
        index.raw().round(4).to_string(),
        index.index4().round(2).to_string(),
        index.index100().round(2).to_string(),
    )
}

fn p(raw: &str, index4: &str, index100: &str) -> (String, String, String) {
    (raw.into(), index4.into(), index100.into())
}

fn find<'r>(units: &'r [UnitRollup], code: &str) -> &'r UnitRollup {
    units
        .iter()
        .find(|u| u.code().as_str() == code)
        .unwrap_or_else(|| panic!("{code} is in the roll-up"))
}

fn result<'r>(units: &'r [UnitRollup], code: &str, instrument: &str) -> &'r InstrumentRollup {
    find(units, code)
        .instrument(instrument)
        .unwrap_or_else(|| panic!("{code} has a {instrument} result"))
}

fn contributors(r: &InstrumentRollup) -> Vec<(Source, u64, Exact)> {
    r.contributors()
        .iter()
        .map(|c| (c.source.clone(), c.respondents, c.raw.clone()))
        .collect()
}

fn child(code: &str) -> Source {
    Source::Child(uc(code))
}

fn codes(units: &[UnitRollup]) -> Vec<&str> {
    units.iter().map(|u| u.code().as_str()).collect()
}

/// Ingests (unit, service, star for all 13 items) records dated 2025-05-01, ids R1, R2, ...
fn ingest_uniform(survey: &mut Survey, records: &[(&str, &str, &str)]) {
    for (i, (unit, service, star)) in records.iter().enumerate() {
        let stars = [*star; 13];
        let id = format!("R{}", i + 1);
        let raw = RawResponse {
            id: &id,
            date: "2025-05-01",
            unit,
            service,
            answers: &stars,
        };
        survey.ingest(i as u64 + 2, &raw).expect("accepted");
    }
}

// ---------------------------------------------------------------------------------------------
// Worked examples
// ---------------------------------------------------------------------------------------------

#[test]
fn kanwil_ntt_pooled_versus_mean_of_children() {
    let (catalog, q) = (Catalog::kemenkum_2025(), Questionnaire::spkp_spak());
    let mut survey = Survey::new(catalog.clone(), q.clone());
    // every record gives the same star to all 13 items, so SPKP and SPAK agree
    ingest_uniform(
        &mut survey,
        &[
            ("KW-NTT-YANKUM", "KI-MEREK", "6"),
            ("KW-NTT-YANKUM", "KI-MEREK", "6"),
            ("KW-NTT-YANKUM", "KI-PATEN", "6"),
            ("KW-NTT-YANKUM", "AHU-FIDUSIA", "5"),
            ("KW-NTT-P3H", "PUU-HARMONISASI", "2"),
            ("KW-NTT-P3H", "BINKUM-JDIH", "3"),
            ("KW-BALI-TU", "UMUM-INFORMASI", "6"),
        ],
    );
    let pooled = survey
        .rollup(Rollup::Pooled, &Filter::all())
        .expect("own ids");
    let moc = survey
        .rollup(Rollup::MeanOfChildren, &Filter::all())
        .expect("own ids");
    // units without responses (KW-NTT-TU, KW-ACEH, ...) are absent
    let expected_units = [
        "KEMENKUM",
        "KW-BALI",
        "KW-BALI-TU",
        "KW-NTT",
        "KW-NTT-YANKUM",
        "KW-NTT-P3H",
    ];
    assert_eq!(codes(&pooled), expected_units);
    assert_eq!(codes(&moc), expected_units);
    assert_eq!(find(&pooled, "KW-NTT").respondents(), 6);
    assert_eq!(find(&pooled, "KEMENKUM").respondents(), 7);

    for ins in ["SPKP", "SPAK"] {
        // YANKUM: (6+6+6+5)/4 = 23/4 = 5.75; P3H: (2+3)/2 = 5/2 = 2.5
        // pooled KW-NTT: (23 + 5)/6 = 14/3 = 4.6667; p = (14/3 - 1)/5 = 11/15
        //   1-4: 1 + 3 x 11/15 = 3.2 -> 3.20; 0-100: 1100/15 = 73.333 -> 73.33
        let r = result(&pooled, "KW-NTT", ins);
        assert_eq!(r.method(), Rollup::Pooled);
        assert_eq!(r.index().raw(), &ratio(14, 3));
        assert_eq!(printed(r.index()), p("4.6667", "3.20", "73.33"));
        assert!(r.contributors().is_empty());
        assert_eq!(r.respondents(), 6);
        // mean of children KW-NTT: (23/4 + 5/2)/2 = 33/8 = 4.125 (TU has no responses: left
        // out, not averaged in as 0, which would give 33/12); p = (33/8 - 1)/5 = 5/8
        //   1-4: 1 + 15/8 = 2.875 -> 2.88 (half away from zero); 0-100: 62.5 -> 62.50
        let r = result(&moc, "KW-NTT", ins);
        assert_eq!(r.method(), Rollup::MeanOfChildren);
        assert_eq!(r.index().raw(), &ratio(33, 8));
        assert_eq!(printed(r.index()), p("4.1250", "2.88", "62.50"));
        assert_eq!(
            contributors(r),
            [
                (child("KW-NTT-YANKUM"), 4, ratio(23, 4)),
                (child("KW-NTT-P3H"), 2, ratio(5, 2)),
            ]
        );
        // the pooled part of a mean-of-children result is still the pooled index
        assert_eq!(r.pooled().index(), result(&pooled, "KW-NTT", ins).index());
        // a leaf: its own responses only
        let r = result(&moc, "KW-NTT-P3H", ins);
        assert_eq!(contributors(r), [(Source::Own, 2, ratio(5, 2))]);
        assert_eq!(printed(r.index()), p("2.5000", "1.90", "30.00"));

        // KEMENKUM pooled: (28 + 6)/7 = 34/7 = 4.8571; p = 27/35
        //   1-4: 1 + 81/35 = 3.3143 -> 3.31; 0-100: 2700/35 = 77.1429 -> 77.14
        let r = result(&pooled, "KEMENKUM", ins);
        assert_eq!(printed(r.index()), p("4.8571", "3.31", "77.14"));
        // KEMENKUM mean of children: (33/8 + 6)/2 = 81/16 = 5.0625 (KW-NTT counts with its own
        // mean of children, not its pooled 14/3); p = 13/16
        //   1-4: 1 + 39/16 = 3.4375 -> 3.44; 0-100: 81.25
        let r = result(&moc, "KEMENKUM", ins);
        assert_eq!(r.index().raw(), &ratio(81, 16));
        assert_eq!(printed(r.index()), p("5.0625", "3.44", "81.25"));
        assert_eq!(
            contributors(r),
            [
                (child("KW-BALI"), 1, Exact::integer(6)),
                (child("KW-NTT"), 6, ratio(33, 8)),
            ]
        );
    }
}

/// R (ministry)
/// ├── K (kanwil, offers S-OWN itself)
/// │   ├── K-A (offers S-A)
/// │   ├── K-B (offers S-B)
/// │   └── K-C (offers S-A; no responses)
/// └── Z (kanwil)
///     └── Z-A (offers S-A; no responses)
fn own_response_catalog() -> Catalog {
    Catalog::builder()
        .unit(uc("R"), "Root", UnitKind::Ministry, None)
        .unit(uc("K"), "Kanwil K", UnitKind::Kanwil, Some(uc("R")))
        .unit(uc("K-A"), "Divisi A", UnitKind::Division, Some(uc("K")))
        .unit(uc("K-B"), "Divisi B", UnitKind::Division, Some(uc("K")))
        .unit(uc("K-C"), "Divisi C", UnitKind::Division, Some(uc("K")))
        .unit(uc("Z"), "Kanwil Z", UnitKind::Kanwil, Some(uc("R")))
        .unit(uc("Z-A"), "Divisi Z-A", UnitKind::Division, Some(uc("Z")))
        .service(sc("S-OWN"), "Pengaduan", ac("UMUM"))
        .service(sc("S-A"), "Fidusia", ac("AHU"))
        .service(sc("S-B"), "Merek", ac("KI"))
        .offer(uc("K"), vec![sc("S-OWN")])
        .offer(uc("K-A"), vec![sc("S-A")])
        .offer(uc("K-B"), vec![sc("S-B")])
        .offer(uc("K-C"), vec![sc("S-A")])
        .offer(uc("Z-A"), vec![sc("S-A")])
        .build()
        .expect("own-response catalog")
}

#[test]
fn unit_with_own_responses_and_children() {
    let catalog = own_response_catalog();
    let q = Questionnaire::spkp_spak();
    let mut survey = Survey::new(catalog.clone(), q.clone());
    let no_spak: [&str; 13] = ["3", "3", "3", "3", "3", "3", "3", "3", "", "", "", "", ""];
    let records: [(&str, &str, [&str; 13]); 6] = [
        ("K-A", "S-A", ["6"; 13]),
        ("K-A", "S-A", ["6"; 13]),
        ("K-A", "S-A", ["5"; 13]),
        ("K-B", "S-B", no_spak), // answers SPKP only
        ("K", "S-OWN", ["4"; 13]),
        ("K", "S-OWN", ["5"; 13]),
    ];
    for (i, (unit, service, stars)) in records.iter().enumerate() {
        let id = format!("R{i}");
        let raw = RawResponse {
            id: &id,
            date: "2025-02-10",
            unit,
            service,
            answers: stars,
        };
        survey.ingest(i as u64 + 2, &raw).expect("accepted");
    }
    let pooled = survey
        .rollup(Rollup::Pooled, &Filter::all())
        .expect("own ids");
    let moc = survey
        .rollup(Rollup::MeanOfChildren, &Filter::all())
        .expect("own ids");
    // K-C, Z and Z-A have no responses: absent
    assert_eq!(codes(&pooled), ["R", "K", "K-A", "K-B"]);
    assert_eq!(codes(&moc), ["R", "K", "K-A", "K-B"]);
    // K-B answered no SPAK item: no SPAK result there (never 0)
    assert!(find(&moc, "K-B").instrument("SPAK").is_none());
    assert!(find(&moc, "K-B").instruments()[1].is_none());
    assert_eq!(find(&moc, "K").respondents(), 6);

    // SPKP. Own K: (4+5)/2 = 9/2; K-A: (6+6+5)/3 = 17/3; K-B: 3.
    // pooled K: (9 + 17 + 3)/6 = 29/6 = 4.8333; p = (23/6)/5 = 23/30
    //   1-4: 1 + 23/10 = 3.30; 0-100: 2300/30 = 76.667 -> 76.67 (grade B)
    let r = result(&pooled, "K", "SPKP");
    assert_eq!(r.index().raw(), &ratio(29, 6));
    assert_eq!(printed(r.index()), p("4.8333", "3.30", "76.67"));
    assert_eq!(r.index().grade().grade(), Grade::B);
    // mean of children K: (9/2 + 17/3 + 3)/3 = (27 + 34 + 18)/18 = 79/18 = 4.3889
    //   p = (61/18)/5 = 61/90; 1-4: 1 + 61/30 = 3.0333 -> 3.03; 0-100: 6100/90 = 67.78 (C)
    let r = result(&moc, "K", "SPKP");
    assert_eq!(r.index().raw(), &ratio(79, 18));
    assert_eq!(printed(r.index()), p("4.3889", "3.03", "67.78"));
    assert_eq!(r.index().grade().grade(), Grade::C);
    assert_eq!(
        contributors(r),
        [
            (Source::Own, 2, ratio(9, 2)),
            (child("K-A"), 3, ratio(17, 3)),
            (child("K-B"), 1, Exact::integer(3)),
        ]
    );
    // R: one child with responses (Z has none): its value is K's mean of children
    let r = result(&moc, "R", "SPKP");
    assert_eq!(contributors(r), [(child("K"), 6, ratio(79, 18))]);
    assert_eq!(printed(r.index()), p("4.3889", "3.03", "67.78"));
    assert_eq!(
        printed(result(&pooled, "R", "SPKP").index()),
        p("4.8333", "3.30", "76.67")
    );

    // SPAK: K-B left it blank. Own K: 9/2; K-A: 17/3.
    // pooled K: (9 + 17)/5 = 26/5 = 5.2; p = 0.84; 1-4: 3.52; 0-100: 84.00
    let r = result(&pooled, "K", "SPAK");
    assert_eq!(r.respondents(), 5);
    assert_eq!(printed(r.index()), p("5.2000", "3.52", "84.00"));
    // mean of children K: (9/2 + 17/3)/2 = 61/12 = 5.0833; p = (49/12)/5 = 49/60
    //   1-4: 1 + 49/20 = 3.45; 0-100: 4900/60 = 81.667 -> 81.67
    let r = result(&moc, "K", "SPAK");
    assert_eq!(r.index().raw(), &ratio(61, 12));
    assert_eq!(printed(r.index()), p("5.0833", "3.45", "81.67"));
    assert_eq!(
        contributors(r),
        [
            (Source::Own, 2, ratio(9, 2)),
            (child("K-A"), 3, ratio(17, 3))
        ]
    );
    let r = result(&moc, "R", "SPAK");
    assert_eq!(contributors(r), [(child("K"), 5, ratio(61, 12))]);
}

#[test]
fn method_names() {
    assert_eq!(Rollup::Pooled.to_string(), "pooled");
    assert_eq!(Rollup::MeanOfChildren.to_string(), "mean-of-children");
    assert_eq!("mean-of-children".parse(), Ok(Rollup::MeanOfChildren));
    assert_eq!("pooled".parse(), Ok(Rollup::Pooled));
    assert!("mean".parse::<Rollup>().is_err());
    assert_eq!(Rollup::default(), Rollup::Pooled);
}

#[test]
fn empty_survey_rolls_up_to_nothing() {
    let (catalog, q) = (Catalog::kemenkum_2025(), Questionnaire::spkp_spak());
    let survey = Survey::new(catalog.clone(), q.clone());
    assert!(
        survey
            .rollup(Rollup::Pooled, &Filter::all())
            .expect("own ids")
            .is_empty()
    );
    assert!(
        survey
            .rollup(Rollup::MeanOfChildren, &Filter::all())
            .expect("own ids")
            .is_empty()
    );
}

// ---------------------------------------------------------------------------------------------
// Filters on the built-in catalog
// ---------------------------------------------------------------------------------------------

const PAIRS: [(&str, &str); 10] = [
    ("KW-NTT-YANKUM", "KI-MEREK"),
    ("KW-NTT-YANKUM", "AHU-FIDUSIA"),
    ("KW-NTT-P3H", "PUU-HARMONISASI"),
    ("KW-NTT-TU", "UMUM-INFORMASI"),
    ("KW-ACEH-YANKUM", "AHU-PARPOL-LOKAL"),
    ("KW-ACEH-YANKUM", "KI-PATEN"),
    ("DJKI", "KI-MEREK"),
    ("DJAHU", "AHU-PT"),
    ("BHP-MEDAN", "BHP-WASIAT"),
    ("KW-PAPUA-P3H", "BINKUM-JDIH"),
];

const DATES: [&str; 8] = [
    "2024-12-31",
    "2025-01-01",
    "2025-02-28",
    "2025-03-31",
    "2025-04-01",
    "2025-06-15",
    "2025-07-01",
    "2026-01-15",
];

struct Rec {
    id: String,
    date: &'static str,
    unit: &'static str,
    service: &'static str,
    stars: Vec<String>,
}

impl Rec {
    /// Calls `f` with the record as a [`RawResponse`].
    fn with_raw<T>(&self, f: impl FnOnce(&RawResponse<'_>) -> T) -> T {
        let cells: Vec<&str> = self.stars.iter().map(String::as_str).collect();
        f(&RawResponse {
            id: &self.id,
            date: self.date,
            unit: self.unit,
            service: self.service,
            answers: &cells,
        })
    }
}

fn ingest_recs(survey: &mut Survey, recs: &[&Rec]) {
    for (line, rec) in recs.iter().enumerate() {
        // rejections (a record with no answers) are part of the input too
        let _ = rec.with_raw(|raw| survey.ingest(line as u64 + 2, raw));
    }
}

/// 300 records from a fixed linear congruential generator.
fn builtin_records() -> Vec<Rec> {
    let mut state: u64 = 0x2025_0531;
    let mut next = move |n: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % n
    };
    (0..300)
        .map(|i| {
            let (unit, service) = PAIRS[next(PAIRS.len() as u64) as usize];
            let date = DATES[next(DATES.len() as u64) as usize];
            let stars = (0..13)
                .map(|_| match next(8) {
                    0 => String::new(),
                    s => ((s - 1) % 6 + 1).to_string(),
                })
                .collect();
            Rec {
                id: format!("R{i}"),
                date,
                unit,
                service,
                stars,
            }
        })
        .collect()
}

#[test]
fn filtered_rollup_equals_rollup_of_the_matching_records() {
    let (catalog, q) = (Catalog::kemenkum_2025(), Questionnaire::spkp_spak());
    let recs = builtin_records();
    let mut survey = Survey::new(catalog.clone(), q.clone());
    ingest_recs(&mut survey, &recs.iter().collect::<Vec<_>>());
    assert_eq!(survey.summary().seen, 300);

    let area = |code: &str| catalog.area_id(code).expect("area");
    let service = |code: &str| catalog.service_id(code).expect("service");
    let q1: Period = "2025-Q1".parse().expect("period");
    let filters: Vec<(&str, Filter)> = vec![
        ("2025-Q1", Filter::all().period(q1)),
        ("2025", Filter::all().period("2025".parse().expect("year"))),
        (
            "2025-03",
            Filter::all().period("2025-03".parse().expect("month")),
        ),
        ("area KI", Filter::all().area(area("KI"))),
        (
            "area YANKUM (AHU and KI)",
            Filter::all().area(area("YANKUM")),
        ),
        (
            "service KI-MEREK",
            Filter::all().service(service("KI-MEREK")),
        ),
        ("KI in 2025-Q1", Filter::all().area(area("KI")).period(q1)),
        (
            "KI-MEREK in area AHU (nothing)",
            Filter::all().service(service("KI-MEREK")).area(area("AHU")),
        ),
    ];
    for (name, filter) in filters {
        let keep = |r: &Rec| {
            let date: Date = r.date.parse().expect("date");
            let s = service(r.service);
            let sa = catalog.service_area(s).expect("area of service");
            filter.period_filter().is_none_or(|p| p.contains(date))
                && match name {
                    "area KI" | "KI in 2025-Q1" => catalog.area_is_within(sa, area("KI")),
                    "area YANKUM (AHU and KI)" => catalog.area_is_within(sa, area("YANKUM")),
                    "service KI-MEREK" => r.service == "KI-MEREK",
                    "KI-MEREK in area AHU (nothing)" => false,
                    _ => true,
                }
        };
        let matching: Vec<&Rec> = recs.iter().filter(|r| keep(r)).collect();
        let mut only = Survey::new(catalog.clone(), q.clone());
        ingest_recs(&mut only, &matching);
        for method in [Rollup::Pooled, Rollup::MeanOfChildren] {
            let filtered = survey.rollup(method, &filter).expect("own ids");
            let expected = only.rollup(method, &Filter::all()).expect("own ids");
            assert_eq!(filtered, expected, "{name}, {method}");
            if name == "KI-MEREK in area AHU (nothing)" {
                assert!(filtered.is_empty());
            } else {
                assert!(!filtered.is_empty(), "{name} keeps something");
            }
        }
        for u in [catalog.root(), catalog.unit_id("KW-NTT").expect("unit")] {
            assert_eq!(
                survey.tally(u, &filter).expect("own ids"),
                only.tally(u, &Filter::all()).expect("own ids"),
                "{name}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Properties on a small custom catalog
// ---------------------------------------------------------------------------------------------

/// R (offers S1)
/// ├── K1 (S1, S2)
/// │   ├── K1-A (S1, S2, S3)
/// │   └── K1-B (S2, S3)
/// │       └── K1-B-X (S3)
/// └── K2 (offers nothing)
///     ├── K2-A (S1, S3)
///     └── K2-B (S1)
/// Areas: YANKUM > AHU (S1), YANKUM > KI (S2), UMUM (S3).
const UNITS: [(&str, Option<&str>, &[&str]); 8] = [
    ("R", None, &["S1"]),
    ("K1", Some("R"), &["S1", "S2"]),
    ("K1-A", Some("K1"), &["S1", "S2", "S3"]),
    ("K1-B", Some("K1"), &["S2", "S3"]),
    ("K1-B-X", Some("K1-B"), &["S3"]),
    ("K2", Some("R"), &[]),
    ("K2-A", Some("K2"), &["S1", "S3"]),
    ("K2-B", Some("K2"), &["S1"]),
];

/// Units that offer something (records name one of these).
const SERVING: [usize; 7] = [0, 1, 2, 3, 4, 6, 7];

const MONTHS: [&str; 6] = [
    "2024-12-20",
    "2025-01-05",
    "2025-03-31",
    "2025-04-01",
    "2025-08-17",
    "2025-12-31",
];

/// The custom catalog with its units (and offers entries) in the order given.
fn custom_catalog(order: &[usize]) -> Catalog {
    let mut b = Catalog::builder()
        .area(ac("YANKUM"), "Pelayanan Hukum", None)
        .area(ac("AHU"), "AHU", Some(ac("YANKUM")))
        .area(ac("KI"), "KI", Some(ac("YANKUM")))
        .area(ac("UMUM"), "Umum", None)
        .service(sc("S1"), "satu", ac("AHU"))
        .service(sc("S2"), "dua", ac("KI"))
        .service(sc("S3"), "tiga", ac("UMUM"));
    for &i in order {
        let (code, parent, _) = UNITS[i];
        b = b.unit(uc(code), code, UnitKind::Division, parent.map(uc));
    }
    for &i in order.iter().rev() {
        let (code, _, offers) = UNITS[i];
        if !offers.is_empty() {
            b = b.offer(uc(code), offers.iter().map(|s| sc(s)).collect());
        }
    }
    b.build().expect("custom catalog")
}

/// A generated record: the unit (index into SERVING), which of its services, the date, and 13
/// cells (0 = empty); `spak_blank` blanks the SPAK items.
#[derive(Debug, Clone)]
struct Gen {
    unit: usize,
    service: prop::sample::Index,
    date: usize,
    stars: [u8; 13],
    spak_blank: bool,
}

fn gen_record() -> impl Strategy<Value = Gen> {
    (
        0..SERVING.len(),
        any::<prop::sample::Index>(),
        0..MONTHS.len(),
        prop::array::uniform13(0u8..=6),
        prop::bool::weighted(0.2),
    )
        .prop_map(|(unit, service, date, stars, spak_blank)| Gen {
            unit,
            service,
            date,
            stars,
            spak_blank,
        })
}

fn to_rec(i: usize, g: &Gen) -> Rec {
    let (unit, _, offers) = UNITS[SERVING[g.unit]];
    let service = offers[g.service.index(offers.len())];
    let stars = g
        .stars
        .iter()
        .enumerate()
        .map(|(k, &s)| {
            if s == 0 || (g.spak_blank && k >= 8) {
                String::new()
            } else {
                s.to_string()
            }
        })
        .collect();
    Rec {
        id: format!("R{i}"),
        date: MONTHS[g.date],
        unit,
        service,
        stars,
    }
}

fn recs_of(gens: &[Gen]) -> Vec<Rec> {
    gens.iter().enumerate().map(|(i, g)| to_rec(i, g)).collect()
}

/// A unit's results keyed by nothing that depends on catalog order: contributors sorted.
type Comparable = (
    u64,
    Vec<Option<(Rollup, IndexResult, Index, Vec<(String, u64, Exact)>)>>,
);

fn by_code(units: &[UnitRollup]) -> BTreeMap<String, Comparable> {
    units
        .iter()
        .map(|u| {
            let instruments = u
                .instruments()
                .iter()
                .map(|r| {
                    r.as_ref().map(|r| {
                        let mut cs: Vec<(String, u64, Exact)> = r
                            .contributors()
                            .iter()
                            .map(|c| {
                                let source = match &c.source {
                                    Source::Own => String::new(),
                                    Source::Child(code) => code.to_string(),
                                };
                                (source, c.respondents, c.raw.clone())
                            })
                            .collect();
                        cs.sort_by(|a, b| a.0.cmp(&b.0));
                        (r.method(), r.pooled().clone(), r.index().clone(), cs)
                    })
                })
                .collect();
            (u.code().to_string(), (u.respondents(), instruments))
        })
        .collect()
}

/// The mean-of-children raw of a unit and instrument, recomputed from scratch: the own tally's
/// raw (if anyone answered) and each child's value (if it has one), averaged.
fn expected_moc(
    catalog: &Catalog,
    ins: &Instrument,
    k: usize,
    own: &BTreeMap<UnitId, QuestionnaireTally>,
    u: UnitId,
) -> Option<Exact> {
    let mut values = Vec::new();
    if let Some(t) = own.get(&u)
        && let Ok(r) = ins.index(&t.instruments()[k])
    {
        values.push(r.raw().clone());
    }
    for c in catalog.children(u) {
        if let Some(v) = expected_moc(catalog, ins, k, own, c) {
            values.push(v);
        }
    }
    let n = values.len() as u64;
    let sum: Exact = values.into_iter().sum();
    sum.checked_div(&Exact::from(n))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn pooled_is_the_index_of_the_merged_tallies(gens in prop::collection::vec(gen_record(), 0..80)) {
        let order: Vec<usize> = (0..UNITS.len()).collect();
        let catalog = custom_catalog(&order);
        let q = Questionnaire::spkp_spak();
        let recs = recs_of(&gens);
        let mut survey = Survey::new(catalog.clone(), q.clone());
        ingest_recs(&mut survey, &recs.iter().collect::<Vec<_>>());
        // each unit's own tally, from responses validated one by one
        let fresh = Survey::new(catalog.clone(), q.clone());
        let mut own: BTreeMap<UnitId, QuestionnaireTally> = BTreeMap::new();
        for r in &recs {
            if let Ok(resp) = r.with_raw(|raw| fresh.validate(raw)) {
                own.entry(resp.unit())
                    .or_insert_with(|| QuestionnaireTally::new(&q))
                    .record(&resp)
                    .expect("same questionnaire");
            }
        }
        let pooled = survey.rollup(Rollup::Pooled, &Filter::all()).expect("own ids");
        let moc = survey.rollup(Rollup::MeanOfChildren, &Filter::all()).expect("own ids");
        for u in catalog.unit_ids() {
            let mut merged = own.get(&u).cloned().unwrap_or_else(|| QuestionnaireTally::new(&q));
            for c in catalog.children(u) {
                merged.merge(&survey.tally(c, &Filter::all()).expect("own ids")).expect("same shape");
            }
            prop_assert_eq!(&merged, &survey.tally(u, &Filter::all()).expect("own ids"));
            let code = catalog.unit(u).expect("own id").code().as_str();
            let p = pooled.iter().find(|r| r.unit() == u);
            let m = moc.iter().find(|r| r.unit() == u);
            if merged.responses() == 0 {
                prop_assert!(p.is_none() && m.is_none(), "{} has no responses", code);
                continue;
            }
            let (p, m) = (p.expect("present"), m.expect("present"));
            prop_assert_eq!(p.respondents(), merged.responses());
            prop_assert_eq!(m.respondents(), merged.responses());
            for (k, ins) in q.instruments().iter().enumerate() {
                let expected = ins.index(&merged.instruments()[k]).ok();
                let got_p = p.instruments()[k].as_ref();
                let got_m = m.instruments()[k].as_ref();
                prop_assert_eq!(got_p.map(|r| r.pooled()), expected.as_ref(), "{} {}", code, ins.code());
                prop_assert_eq!(got_m.map(|r| r.pooled()), expected.as_ref(), "{} {}", code, ins.code());
                prop_assert_eq!(got_p.map(|r| r.index()), expected.as_ref().map(|e| e.index()));
                prop_assert!(got_p.is_none_or(|r| r.contributors().is_empty()));
                // mean of children, recomputed independently
                let raw = expected_moc(&catalog, ins, k, &own, u);
                prop_assert_eq!(got_m.map(|r| r.index().raw()), raw.as_ref(), "{} {}", code, ins.code());
                if let Some(r) = got_m {
                    prop_assert_eq!(r.index(), &ins.index_from_raw(r.index().raw().clone()));
                    let n = r.contributors().len() as u64;
                    let sum: Exact = r.contributors().iter().map(|c| c.raw.clone()).sum();
                    let mean = sum.checked_div(&Exact::from(n));
                    prop_assert_eq!(mean.as_ref(), Some(r.index().raw()));
                    let respondents: u64 = r.contributors().iter().map(|c| c.respondents).sum();
                    prop_assert_eq!(respondents, r.respondents());
                }
            }
        }
    }

    #[test]
    fn input_order_does_not_change_the_rollup(
        (gens, perm) in prop::collection::vec(gen_record(), 0..60).prop_flat_map(|g| {
            let n = g.len();
            (Just(g), Just((0..n).collect::<Vec<_>>()).prop_shuffle())
        })
    ) {
        let order: Vec<usize> = (0..UNITS.len()).collect();
        let catalog = custom_catalog(&order);
        let q = Questionnaire::spkp_spak();
        let recs = recs_of(&gens);
        let mut a = Survey::new(catalog.clone(), q.clone());
        ingest_recs(&mut a, &recs.iter().collect::<Vec<_>>());
        let mut b = Survey::new(catalog.clone(), q.clone());
        ingest_recs(&mut b, &perm.iter().map(|&i| &recs[i]).collect::<Vec<_>>());
        prop_assert_eq!(a.summary().accepted, b.summary().accepted);
        for method in [Rollup::Pooled, Rollup::MeanOfChildren] {
            prop_assert_eq!(a.rollup(method, &Filter::all()).expect("own ids"), b.rollup(method, &Filter::all()).expect("own ids"));
        }
    }

    #[test]
    fn catalog_order_does_not_change_per_unit_results(
        gens in prop::collection::vec(gen_record(), 0..60),
        order in Just((0..UNITS.len()).collect::<Vec<_>>()).prop_shuffle(),
    ) {
        let identity: Vec<usize> = (0..UNITS.len()).collect();
        let (c1, c2) = (custom_catalog(&identity), custom_catalog(&order));
        let q = Questionnaire::spkp_spak();
        let recs = recs_of(&gens);
        let all: Vec<&Rec> = recs.iter().collect();
        let mut a = Survey::new(c1.clone(), q.clone());
        ingest_recs(&mut a, &all);
        let mut b = Survey::new(c2.clone(), q.clone());
        ingest_recs(&mut b, &all);
        for method in [Rollup::Pooled, Rollup::MeanOfChildren] {
            let (ra, rb) = (a.rollup(method, &Filter::all()).expect("own ids"), b.rollup(method, &Filter::all()).expect("own ids"));
            prop_assert_eq!(ra.len(), rb.len());
            prop_assert_eq!(by_code(&ra), by_code(&rb), "{}", method);
        }
    }

    #[test]
    fn filtered_rollup_equals_rollup_of_matching_records(
        gens in prop::collection::vec(gen_record(), 0..60),
        period in prop::option::of(prop::sample::select(
            vec!["2025", "2024", "2025-S1", "2025-S2", "2025-Q1", "2025-Q2", "2025-03", "2025-04"])),
        area in prop::option::of(prop::sample::select(vec!["YANKUM", "AHU", "KI", "UMUM"])),
        service in prop::option::of(prop::sample::select(vec!["S1", "S2", "S3"])),
    ) {
        let order: Vec<usize> = (0..UNITS.len()).collect();
        let catalog = custom_catalog(&order);
        let q = Questionnaire::spkp_spak();
        let recs = recs_of(&gens);
        let mut filter = Filter::all();
        let period: Option<Period> = period.map(|p| p.parse().expect("period"));
        if let Some(p) = period {
            filter = filter.period(p);
        }
        let area = area.map(|a| catalog.area_id(a).expect("area"));
        if let Some(a) = area {
            filter = filter.area(a);
        }
        let service = service.map(|s| catalog.service_id(s).expect("service"));
        if let Some(s) = service {
            filter = filter.service(s);
        }
        let matching: Vec<&Rec> = recs
            .iter()
            .filter(|r| {
                let s = catalog.service_id(r.service).expect("service");
                let date: Date = r.date.parse().expect("date");
                period.is_none_or(|p| p.contains(date))
                    && service.is_none_or(|x| x == s)
                    && area.is_none_or(|a| {
                        catalog.service_area(s).is_some_and(|sa| catalog.area_is_within(sa, a))
                    })
            })
            .collect();
        let mut survey = Survey::new(catalog.clone(), q.clone());
        ingest_recs(&mut survey, &recs.iter().collect::<Vec<_>>());
        let mut only = Survey::new(catalog.clone(), q.clone());
        ingest_recs(&mut only, &matching);
        for method in [Rollup::Pooled, Rollup::MeanOfChildren] {
            prop_assert_eq!(survey.rollup(method, &filter).expect("own ids"), only.rollup(method, &Filter::all()).expect("own ids"));
        }
        for u in catalog.unit_ids() {
            prop_assert_eq!(survey.tally(u, &filter).expect("own ids"), only.tally(u, &Filter::all()).expect("own ids"));
        }
    }
}
