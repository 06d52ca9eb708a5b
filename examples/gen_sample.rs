//! Generates the sample response files `examples/data/responses.csv` (SPKP + SPAK) and
//! `examples/data/responses-ikm.csv` (SKM/IKM).
//!
//! Both are one year (2025) of made-up answers for the built-in Kementerian Hukum catalog
//! (`data/kemenkum-2025.json`): valid responses plus some rows that a careful reader must
//! reject, one deliberate mistake each. They are test and demo data, not survey results.
//!
//! Regenerate them, byte for byte, with
//!
//! ```text
//! cargo run --example gen_sample > examples/data/responses.csv
//! cargo run --example gen_sample -- ikm > examples/data/responses-ikm.csv
//! ```
//!
//! Without an argument the generator writes the SPKP + SPAK file; the argument `ikm` selects
//! the SKM/IKM file. Any other argument is an error.
//!
//! # What the SPKP + SPAK file contains
//! - Header `response_id,date,unit,service,SPKP1..SPKP8,SPAK1..SPAK5,channel,jenis_kelamin,
//!   pendidikan`; LF line endings; a field is quoted (RFC 4180) only when it holds a comma, a
//!   quote or a line break. `channel` (`online` or `loket`) is an extra column that the survey
//!   reader ignores; `jenis_kelamin` and `pendidikan` are respondent-profile columns (see
//!   [`GENDERS`] and [`EDUCATION`]: `persepsi compute --profile jenis_kelamin,pendidikan`),
//!   drawn from their own generator ([`PROFILE_SEED`]) after the rest of the file.
//! - Valid rows have ids `R000001`.. in date order, dates on real 2025 calendar days (fewer on
//!   weekends, when the counters are closed and only `online` answers come in), and name a unit
//!   that has an entry in the catalog's `offers` with a service that this unit offers.
//! - Where responses go: about 85% to Kanwil divisions (Divisi Pelayanan Hukum most, then Divisi
//!   P3H, then Bagian Tata Usaha dan Umum), about 10% to the Balai Harta Peninggalan offices and
//!   about 5% to Unit Eselon I. Kanwil sizes differ on purpose: a few large ones ([`LARGE_KANWIL`])
//!   and a few tiny ones ([`SMALL_KANWIL`], under 30 responses each).
//! - Stars 1 to 6. Every unit has its own latent quality, so unit indices differ; the units in
//!   [`WEAK_UNITS`] score clearly lower. SPAK items run higher than SPKP items, all units
//!   improve slightly over the year, and one respondent in fifty marks everything well down.
//! - About 3% of the valid rows leave one or two items empty and about 0.5% answer SPKP only (all
//!   five SPAK cells empty). Three valid rows carry a quoted `channel` cell: two with a comma and
//!   one with a line break, so one record spans two physical lines.
//! - [`MISTAKES`] lists the rejected rows, 3 to 5 per rejection reason, inserted at seeded random
//!   positions among the valid rows. They have ids `X000001`.., except the rows with an empty id
//!   and the duplicates, which repeat the id of an earlier valid row.
//!
//! # What the SKM/IKM file contains
//! - Header `response_id,date,unit,service,U1..U9,jenis_kelamin,pendidikan` (the nine unsur of
//!   PermenPAN-RB 14/2017, then the profile columns, drawn as above from [`IKM_PROFILE_SEED`]);
//!   same line endings and quoting as above.
//! - 2,000 valid rows with ids `K000001`.. in date order, on 2025 calendar days (fewer on
//!   weekends), drawn with the same unit and service rules as the SPKP + SPAK file.
//! - Stars 1 to 4. Again every unit has its own latent quality: most unit means lie around 3.2
//!   to 3.7, the units in [`IKM_WEAK_UNITS`] score clearly lower (around 2.7). Waktu penyelesaian
//!   (U3) and Penanganan pengaduan (U8) run lower, Biaya/tarif (U4) and Perilaku pelaksana (U7)
//!   higher; units improve slightly over the year and one respondent in fifty marks everything
//!   well down.
//! - Exactly 3% of the valid rows (60) leave one item empty.
//! - [`IKM_MISTAKES`] lists the rejected rows, 2 per rejection reason, inserted at seeded random
//!   positions; ids as in the SPKP + SPAK file (`X000001`.., or an empty or repeated id).
//!
//! # Determinism
//! All randomness comes from the hand-written SplitMix64 generator below, seeded with
//! [`SEED`] = 2025 for the SPKP + SPAK file and [`IKM_SEED`] = 2017 for the SKM/IKM file. Each
//! file is generated on its own, so changing one mode never changes the other file. Floating point is used only with `+ - * /`, `sqrt` and `round`, which IEEE 754
//! defines exactly, so the file does not depend on the platform's math library. Changing a table
//! or the order of draws changes the file: regenerate and commit it together with the change.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write as _};

use serde_json::Value;

/// The built-in catalog; the generator reads units, services and the offers mapping from it.
const CATALOG: &str = include_str!("../data/kemenkum-2025.json");

/// Seed of the pseudo-random generator (SPKP + SPAK file).
const SEED: u64 = 2025;
/// Seed of the SPKP + SPAK file's profile columns.
const PROFILE_SEED: u64 = 2026;
/// Seed of the pseudo-random generator (SKM/IKM file).
const IKM_SEED: u64 = 2017;
/// Seed of the SKM/IKM file's profile columns.
const IKM_PROFILE_SEED: u64 = 2018;

/// Number of valid responses (SPKP + SPAK file).
const VALID_ROWS: usize = 6_000;
/// Number of valid responses (SKM/IKM file).
const IKM_VALID_ROWS: usize = 2_000;

/// Share of responses per kind of unit: Kanwil divisions, BHP offices, Unit Eselon I.
const SHARE_KANWIL: f64 = 0.85;
const SHARE_BHP: f64 = 0.10;
const SHARE_ESELON1: f64 = 0.05;

/// Kanwil that get three times the usual number of responses.
const LARGE_KANWIL: &[&str] = &[
    "KW-DKI",
    "KW-JABAR",
    "KW-JATENG",
    "KW-JATIM",
    "KW-SUMUT",
    "KW-SULSEL",
];
/// Kanwil that get a small fraction of the usual number (under 30 responses each).
const SMALL_KANWIL: &[&str] = &["KW-GORONTALO", "KW-SULBAR", "KW-MALUT", "KW-PABAR"];

/// Share of a Kanwil's responses per division (by code suffix).
const DIVISION_SHARE: &[(&str, f64)] = &[("-YANKUM", 0.60), ("-P3H", 0.25), ("-TU", 0.15)];

/// Relative size of the BHP offices and Unit Eselon I units that offer services.
const UNIT_WEIGHT: &[(&str, f64)] = &[
    ("BHP-JAKARTA", 3.0),
    ("BHP-SURABAYA", 2.0),
    ("BHP-SEMARANG", 1.5),
    ("BHP-MEDAN", 1.5),
    ("BHP-MAKASSAR", 1.0),
    ("DJAHU", 3.0),
    ("DJKI", 3.0),
    ("BPHN", 1.5),
    ("DJPP", 1.0),
    ("SETJEN", 0.4),
    ("ITJEN", 0.3),
    ("BSK", 0.4),
    ("BPSDM", 0.4),
];

/// Relative demand per service; services not listed weigh 1.
const SERVICE_WEIGHT: &[(&str, f64)] = &[
    ("AHU-FIDUSIA", 4.0),
    ("AHU-PT", 3.0),
    ("AHU-NOTARIAT", 2.0),
    ("AHU-YAYASAN", 1.5),
    ("AHU-PARPOL-LOKAL", 0.3),
    ("AHU-PPNS", 0.3),
    ("KI-MEREK", 3.0),
    ("KI-HAKCIPTA", 2.0),
    ("KI-KONSULTASI", 2.0),
    ("KI-RAHASIA-DAGANG", 0.3),
    ("KI-DTLST", 0.2),
    ("PUU-HARMONISASI", 2.0),
    ("BINKUM-PENYULUHAN", 2.0),
    ("BINKUM-BANTUAN-HUKUM", 2.0),
    ("UMUM-INFORMASI", 2.0),
];

/// Units whose latent quality is low (mean around 4.2 stars on SPKP).
const WEAK_UNITS: &[&str] = &[
    "KW-MALUKU-YANKUM",
    "KW-PAPUA-YANKUM",
    "KW-KALTENG-P3H",
    "BHP-MEDAN",
];

/// Latent quality of the units in [`WEAK_UNITS`] and of all other units: `base + span * u` with
/// `u` uniform in [0, 1), one draw per unit in catalog order.
const QUALITY: Quality = Quality {
    weak_units: WEAK_UNITS,
    weak: (4.15, 0.2),
    normal: (4.95, 0.95),
};

/// Units whose IKM latent quality is low (mean around 2.7 stars).
const IKM_WEAK_UNITS: &[&str] = &["KW-NTT-YANKUM", "KW-MALUKU-TU", "BHP-MAKASSAR"];

/// Latent quality on the 1-4 IKM scale, as [`QUALITY`] is on 1-6.
const IKM_QUALITY: Quality = Quality {
    weak_units: IKM_WEAK_UNITS,
    weak: (2.75, 0.2),
    normal: (3.3, 0.5),
};

/// Offset added to a unit's latent quality per SPKP item: fees are felt to be as announced more
/// often than the promised time is met.
const SPKP_OFFSET: [f64; 8] = [0.05, 0.10, 0.0, -0.30, 0.30, -0.15, 0.05, -0.05];
/// SPAK items run higher than SPKP ones (fewer respondents report corruption than slowness).
const SPAK_OFFSET: [f64; 5] = [0.45, 0.40, 0.50, 0.50, 0.35];
/// Offset per IKM unsur U1..U9: waiting time (U3) and complaint handling (U8) are felt worst,
/// fees (U4, mostly free or as announced) and staff behaviour (U7) best.
const IKM_OFFSET: [f64; 9] = [0.0, -0.05, -0.25, 0.25, 0.05, 0.05, 0.15, -0.20, -0.05];

const SPKP_ITEMS: usize = 8;
const SPAK_ITEMS: usize = 5;
const ITEMS: usize = SPKP_ITEMS + SPAK_ITEMS;
/// Column index of SPKP1 and of `channel` in a row.
const FIRST_ITEM: usize = 4;
const CHANNEL: usize = FIRST_ITEM + ITEMS;

const HEADER: [&str; CHANNEL + 1] = [
    "response_id",
    "date",
    "unit",
    "service",
    "SPKP1",
    "SPKP2",
    "SPKP3",
    "SPKP4",
    "SPKP5",
    "SPKP6",
    "SPKP7",
    "SPKP8",
    "SPAK1",
    "SPAK2",
    "SPAK3",
    "SPAK4",
    "SPAK5",
    "channel",
];

/// Number of IKM items (unsur U1..U9).
const IKM_ITEMS: usize = 9;

const IKM_HEADER: [&str; FIRST_ITEM + IKM_ITEMS] = [
    "response_id",
    "date",
    "unit",
    "service",
    "U1",
    "U2",
    "U3",
    "U4",
    "U5",
    "U6",
    "U7",
    "U8",
    "U9",
];

/// One deliberate mistake; each rejected row carries exactly one.
#[derive(Clone, Copy)]
enum Mistake {
    /// wrong_column_count: one star cell deleted, so the row has one field too few.
    DroppedCell,
    /// wrong_column_count: a comma in the channel cell without quotes, one field too many.
    UnquotedComma,
    /// wrong_column_count: a trailing comma, one empty field too many.
    TrailingComma,
    /// wrong_column_count: a line cut off three item cells early (after SPAK2).
    Truncated,
    /// missing_response_id: the id cell is empty.
    MissingId,
    /// duplicate_response_id: a second submission of an earlier response, identical or not.
    DuplicateId { identical: bool },
    /// bad_date: a date that is not a calendar date or not in YYYY-MM-DD form.
    BadDate(&'static str),
    /// unknown_unit: a unit code that is not in the catalog (unit, service).
    UnknownUnit(&'static str, &'static str),
    /// unknown_service: a service code that is not in the catalog (unit, service).
    UnknownService(&'static str, &'static str),
    /// service_not_offered: both codes exist but the unit does not offer the service.
    NotOffered(&'static str, &'static str),
    /// malformed_star: a star cell that is not a plain integer.
    MalformedStar(&'static str),
    /// star_out_of_range: an integer outside the scale (1..=6, or 1..=4 for IKM).
    StarOutOfRange(&'static str),
    /// no_answers: all item cells empty.
    NoAnswers,
}

/// The rejected rows, in no particular order (their positions are drawn at random).
const MISTAKES: &[Mistake] = &[
    Mistake::DroppedCell,
    Mistake::UnquotedComma,
    Mistake::TrailingComma,
    Mistake::Truncated,
    Mistake::MissingId,
    Mistake::MissingId,
    Mistake::MissingId,
    Mistake::DuplicateId { identical: true },
    Mistake::DuplicateId { identical: true },
    Mistake::DuplicateId { identical: false },
    Mistake::DuplicateId { identical: false },
    Mistake::BadDate("2025-02-30"),
    Mistake::BadDate("2025-13-01"),
    Mistake::BadDate("25-01-2025"),
    Mistake::BadDate("2025-02-29"),
    Mistake::BadDate("2025-04-31"),
    Mistake::UnknownUnit("KW-JAKARTA", "AHU-FIDUSIA"),
    Mistake::UnknownUnit("KW-DKI-HUMAS", "UMUM-INFORMASI"),
    Mistake::UnknownUnit("BHP-BANDUNG", "BHP-WASIAT"),
    Mistake::UnknownUnit("DITJENPP", "PUU-HARMONISASI"),
    Mistake::UnknownService("KW-JABAR-YANKUM", "AHU-SIUP"),
    Mistake::UnknownService("KW-BALI-YANKUM", "KI-MERK"),
    Mistake::UnknownService("KW-RIAU-TU", "IMI-PASPOR"),
    Mistake::NotOffered("KW-NTT-TU", "KI-MEREK"),
    Mistake::NotOffered("KW-JATIM-YANKUM", "AHU-PARPOL-LOKAL"),
    Mistake::NotOffered("BHP-MEDAN", "AHU-FIDUSIA"),
    Mistake::NotOffered("KW-JATENG", "AHU-FIDUSIA"),
    Mistake::NotOffered("DJKI", "AHU-PT"),
    Mistake::MalformedStar("5.0"),
    Mistake::MalformedStar("+5"),
    Mistake::MalformedStar("lima"),
    Mistake::MalformedStar("4,5"),
    Mistake::StarOutOfRange("0"),
    Mistake::StarOutOfRange("7"),
    Mistake::StarOutOfRange("10"),
    Mistake::StarOutOfRange("0"),
    Mistake::NoAnswers,
    Mistake::NoAnswers,
    Mistake::NoAnswers,
];

/// The rejected rows of the SKM/IKM file, two per reason (positions drawn at random).
const IKM_MISTAKES: &[Mistake] = &[
    Mistake::DroppedCell,
    Mistake::TrailingComma,
    Mistake::MissingId,
    Mistake::MissingId,
    Mistake::DuplicateId { identical: true },
    Mistake::DuplicateId { identical: false },
    Mistake::BadDate("2025-06-31"),
    Mistake::BadDate("2025/03/15"),
    Mistake::UnknownUnit("KW-SUMSEL-HUMAS", "UMUM-INFORMASI"),
    Mistake::UnknownUnit("DITJENKI", "KI-MEREK"),
    Mistake::UnknownService("KW-JATIM-YANKUM", "KI-MERK"),
    Mistake::UnknownService("KW-ACEH-TU", "IMI-VISA"),
    Mistake::NotOffered("KW-BANTEN-YANKUM", "AHU-PARPOL-LOKAL"),
    Mistake::NotOffered("BPHN", "PUU-HARMONISASI"),
    Mistake::MalformedStar("3.0"),
    Mistake::MalformedStar("tiga"),
    Mistake::StarOutOfRange("5"),
    Mistake::StarOutOfRange("0"),
    Mistake::NoAnswers,
    Mistake::NoAnswers,
];

/// SplitMix64 (Steele, Lea and Flood 2014): tiny, fast and good enough for sample data.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in 0..n (multiply-shift; the bias is far below anything visible here).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Approximately standard normal: the Irwin-Hall sum of six uniforms, rescaled. Avoids
    /// `ln`/`cos`, whose last bits may differ between platforms.
    fn normal(&mut self) -> f64 {
        let sum: f64 = (0..6).map(|_| self.unit()).sum();
        (sum - 3.0) * std::f64::consts::SQRT_2
    }

    /// An index drawn with probability proportional to `weights`.
    fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

/// How latent unit quality is drawn: `(base, span)` for weak and for all other units.
struct Quality {
    weak_units: &'static [&'static str],
    weak: (f64, f64),
    normal: (f64, f64),
}

/// A unit with an `offers` entry, with what the generator needs to know about it.
struct Offering {
    unit: String,
    services: Vec<String>,
    service_weights: Vec<f64>,
    /// Latent quality: the mean star an average respondent would give on a neutral item.
    quality: f64,
}

const DAYS_IN_MONTH: [usize; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// `YYYY-MM-DD` for day `day` (0-based) of 2025.
fn date_of(mut day: usize) -> String {
    for (month, len) in DAYS_IN_MONTH.iter().enumerate() {
        if day < *len {
            return format!("2025-{:02}-{:02}", month + 1, day + 1);
        }
        day -= len;
    }
    unreachable!("2025 has 365 days")
}

/// 1 January 2025 was a Wednesday.
fn is_weekend(day: usize) -> bool {
    (day + 2) % 7 >= 5
}

fn lookup(table: &[(&str, f64)], key: &str, default: f64) -> f64 {
    table
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(default, |(_, w)| *w)
}

fn str_field<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("catalog entry without string {key:?}: {v}"))
}

/// Reads the offering units and their draw weight from the catalog.
fn offerings(rng: &mut SplitMix64, quality: &Quality) -> (Vec<Offering>, Vec<f64>) {
    let catalog: Value = serde_json::from_str(CATALOG).expect("the built-in catalog is valid JSON");
    let units = catalog["units"]
        .as_array()
        .expect("catalog has a units array");
    let kind_parent: HashMap<&str, (&str, Option<&str>)> = units
        .iter()
        .map(|u| {
            (
                str_field(u, "code"),
                (str_field(u, "kind"), u["parent"].as_str()),
            )
        })
        .collect();

    // A Kanwil's size: large, small, or drawn between 0.6 and 1.6, in catalog order.
    let mut kanwil_size = HashMap::new();
    for u in units.iter().filter(|u| str_field(u, "kind") == "kanwil") {
        let code = str_field(u, "code");
        let drawn = 0.6 + rng.unit();
        let size = if LARGE_KANWIL.contains(&code) {
            3.0
        } else if SMALL_KANWIL.contains(&code) {
            0.15
        } else {
            drawn
        };
        kanwil_size.insert(code, size);
    }

    let mut list = Vec::new();
    let mut raw = Vec::new();
    for offer in catalog["offers"]
        .as_array()
        .expect("catalog has an offers array")
    {
        let unit = str_field(offer, "unit");
        let services: Vec<String> = offer["services"]
            .as_array()
            .expect("an offers entry has a services array")
            .iter()
            .map(|s| s.as_str().expect("service codes are strings").to_owned())
            .collect();
        let (kind, parent) = kind_parent[unit];
        let (group, weight) = match kind {
            "division" => {
                let kanwil = parent.expect("a division has a parent Kanwil");
                let share = DIVISION_SHARE
                    .iter()
                    .find(|(suffix, _)| unit.ends_with(suffix))
                    .map_or(0.1, |(_, s)| *s);
                (0, kanwil_size[kanwil] * share)
            }
            "upt" => (1, lookup(UNIT_WEIGHT, unit, 1.0)),
            _ => (2, lookup(UNIT_WEIGHT, unit, 0.5)),
        };
        let (base, span) = if quality.weak_units.contains(&unit) {
            quality.weak
        } else {
            quality.normal
        };
        let quality = base + span * rng.unit();
        let service_weights = services
            .iter()
            .map(|s| lookup(SERVICE_WEIGHT, s, 1.0))
            .collect();
        list.push(Offering {
            unit: unit.to_owned(),
            services,
            service_weights,
            quality,
        });
        raw.push((group, weight));
    }

    // Scale each group's weights to its share of the responses.
    let shares = [SHARE_KANWIL, SHARE_BHP, SHARE_ESELON1];
    let mut totals = [0.0; 3];
    for (group, w) in &raw {
        totals[*group] += w;
    }
    let weights = raw
        .iter()
        .map(|(group, w)| w / totals[*group] * shares[*group])
        .collect();
    (list, weights)
}

/// One star answer around `mean`, rounded and clamped to 1..=6.
fn star(rng: &mut SplitMix64, mean: f64) -> u8 {
    (mean + 0.65 * rng.normal()).round().clamp(1.0, 6.0) as u8
}

/// One IKM answer around `mean`, rounded and clamped to 1..=4.
fn ikm_star(rng: &mut SplitMix64, mean: f64) -> u8 {
    (mean + 0.5 * rng.normal()).round().clamp(1.0, 4.0) as u8
}

/// A complete, valid SPKP + SPAK row for `offering` on day `day`.
fn valid_row(rng: &mut SplitMix64, id: String, day: usize, offering: &Offering) -> Vec<String> {
    let service = &offering.services[rng.weighted(&offering.service_weights)];
    let drift = 0.25 * day as f64 / 364.0 - 0.125;
    // One respondent in fifty had a bad visit and marks everything well down.
    let disappointed = if rng.chance(0.02) { -1.8 } else { 0.0 };
    let respondent = offering.quality + drift + disappointed + 0.45 * rng.normal();
    let mut row = vec![id, date_of(day), offering.unit.clone(), service.clone()];
    for offset in SPKP_OFFSET {
        row.push(star(rng, respondent + offset).to_string());
    }
    for offset in SPAK_OFFSET {
        row.push(star(rng, respondent + offset).to_string());
    }
    let online = is_weekend(day) || rng.chance(0.7);
    row.push(if online { "online" } else { "loket" }.to_owned());
    row
}

/// A complete, valid IKM row for `offering` on day `day`.
fn ikm_row(rng: &mut SplitMix64, id: String, day: usize, offering: &Offering) -> Vec<String> {
    let service = &offering.services[rng.weighted(&offering.service_weights)];
    let drift = 0.15 * day as f64 / 364.0 - 0.075;
    let disappointed = if rng.chance(0.02) { -1.3 } else { 0.0 };
    let respondent = offering.quality + drift + disappointed + 0.35 * rng.normal();
    let mut row = vec![id, date_of(day), offering.unit.clone(), service.clone()];
    for offset in IKM_OFFSET {
        row.push(ikm_star(rng, respondent + offset).to_string());
    }
    row
}

/// Writes one record, quoting a field only when it needs it.
fn push_record(out: &mut String, row: &[String]) {
    for (i, field) in row.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if field.contains([',', '"', '\n', '\r']) {
            let _ = write!(out, "\"{}\"", field.replace('"', "\"\""));
        } else {
            out.push_str(field);
        }
    }
    out.push('\n');
}

fn main() -> io::Result<()> {
    let out = match std::env::args().nth(1).as_deref() {
        None => spkp_spak(),
        Some("ikm") => ikm(),
        Some(other) => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("unknown mode {other:?}; usage: gen_sample [ikm]"),
            ));
        }
    };
    let mut stdout = io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    stdout.flush()
}

/// `n` response days, sorted, so that ids follow submission order. Weekends keep one draw in
/// five.
fn draw_days(rng: &mut SplitMix64, n: usize) -> Vec<usize> {
    let mut days: Vec<usize> = (0..n)
        .map(|_| {
            loop {
                let day = rng.below(365);
                if !is_weekend(day) || rng.chance(0.2) {
                    break day;
                }
            }
        })
        .collect();
    days.sort_unstable();
    days
}

/// The rejected rows, one per entry of `mistakes`, each with the valid row (1-based) it goes
/// after, sorted by that slot. `items` is the number of item cells, which start at
/// [`FIRST_ITEM`]; `make_row` builds the valid row that a mistake is then applied to.
fn make_rejects(
    rng: &mut SplitMix64,
    mistakes: &[Mistake],
    rows: &[Vec<String>],
    days: &[usize],
    (offerings, weights): (&[Offering], &[f64]),
    items: usize,
    make_row: fn(&mut SplitMix64, String, usize, &Offering) -> Vec<String>,
) -> Vec<(usize, Vec<String>)> {
    let item_cells = FIRST_ITEM..FIRST_ITEM + items;
    // Each goes after valid row `slot` (1-based), never before row 20.
    let mut rejects: Vec<(usize, Vec<String>)> = Vec::new();
    let mut next_x = 1;
    for mistake in mistakes {
        let slot = 20 + rng.below(rows.len() - 19);
        let day = days[slot - 1];
        let offering = &offerings[rng.weighted(weights)];
        let mut row = make_row(rng, format!("X{next_x:06}"), day, offering);
        let item = FIRST_ITEM + rng.below(items);
        match *mistake {
            Mistake::DroppedCell => {
                row.remove(item);
            }
            Mistake::UnquotedComma => {
                *row.last_mut().expect("a row is never empty") = "loket".to_owned();
                row.push(" lantai 2".to_owned());
            }
            Mistake::TrailingComma => row.push(String::new()),
            Mistake::Truncated => row.truncate(item_cells.end - 3),
            Mistake::MissingId => row[0].clear(),
            Mistake::DuplicateId { identical } => {
                // An identical re-submission (a double click) repeats one of the last few rows;
                // an id clash from merged exports repeats one from the last few weeks. Rows
                // with a quoted cell are left alone.
                let window = if identical { 3 } else { 600 };
                let original = loop {
                    let back = 1 + rng.below(slot.min(window));
                    let candidate = &rows[slot - back];
                    if !candidate.iter().any(|cell| cell.contains([',', '\n'])) {
                        break candidate;
                    }
                };
                if identical {
                    row = original.clone();
                } else {
                    row[0] = original[0].clone();
                }
            }
            Mistake::BadDate(date) => row[1] = date.to_owned(),
            Mistake::UnknownUnit(unit, service)
            | Mistake::UnknownService(unit, service)
            | Mistake::NotOffered(unit, service) => {
                row[2] = unit.to_owned();
                row[3] = service.to_owned();
            }
            Mistake::MalformedStar(cell) | Mistake::StarOutOfRange(cell) => {
                row[item] = cell.to_owned();
            }
            Mistake::NoAnswers => {
                for cell in &mut row[item_cells.clone()] {
                    cell.clear();
                }
            }
        }
        if !matches!(mistake, Mistake::MissingId | Mistake::DuplicateId { .. }) {
            next_x += 1;
        }
        rejects.push((slot, row));
    }
    rejects.sort_by_key(|(slot, _)| *slot);
    rejects
}

/// The respondent-profile columns every record ends with.
const PROFILE_HEADER: [&str; 2] = ["jenis_kelamin", "pendidikan"];
/// `jenis_kelamin` values and their weights.
const GENDERS: [(&str, f64); 2] = [("Perempuan", 52.0), ("Laki-laki", 48.0)];
/// `pendidikan` values and their weights: S3 is rare, so that small units show suppressed
/// counts; about one respondent in 200 leaves the cell empty.
const EDUCATION: [(&str, f64); 8] = [
    ("SD", 3.0),
    ("SMP", 6.0),
    ("SMA/SMK", 30.0),
    ("D3", 12.0),
    ("S1/D4", 38.0),
    ("S2", 8.5),
    ("S3", 2.0),
    ("", 0.5),
];

/// A record's profile cells, from the profile generator (its own stream: the stars and the
/// rejected rows do not change with it).
fn profile_cells(rng: &mut SplitMix64) -> [String; 2] {
    let pick = |rng: &mut SplitMix64, table: &[(&str, f64)]| {
        let weights: Vec<f64> = table.iter().map(|(_, w)| *w).collect();
        table[rng.weighted(&weights)].0.to_owned()
    };
    [pick(rng, &GENDERS), pick(rng, &EDUCATION)]
}

/// The whole file: header, valid rows, and each rejected row after its slot, each record with
/// the profile columns drawn from `profile` appended.
fn render(
    header: &[&str],
    rows: &[Vec<String>],
    rejects: &[(usize, Vec<String>)],
    mut profile: SplitMix64,
) -> String {
    let mut out = String::with_capacity(rows.len() * 130);
    let mut push = |out: &mut String, row: &[String]| {
        let mut row = row.to_vec();
        row.extend(profile_cells(&mut profile));
        push_record(out, &row);
    };
    let header: Vec<String> = header
        .iter()
        .chain(&PROFILE_HEADER)
        .map(|h| (*h).to_owned())
        .collect();
    push_record(&mut out, &header);
    let mut pending = rejects.iter().peekable();
    for (i, row) in rows.iter().enumerate() {
        push(&mut out, row);
        while let Some((_, reject)) = pending.next_if(|(slot, _)| *slot == i + 1) {
            push(&mut out, reject);
        }
    }
    out
}

/// The SPKP + SPAK file (`examples/data/responses.csv`).
fn spkp_spak() -> String {
    let mut rng = SplitMix64(SEED);
    let (offerings, weights) = offerings(&mut rng, &QUALITY);
    let days = draw_days(&mut rng, VALID_ROWS);

    let mut rows: Vec<Vec<String>> = days
        .iter()
        .enumerate()
        .map(|(i, &day)| {
            let offering = &offerings[rng.weighted(&weights)];
            valid_row(&mut rng, format!("R{:06}", i + 1), day, offering)
        })
        .collect();

    // Missing answers: 3% leave one or two items empty, 0.5% answer SPKP only.
    for row in &mut rows {
        let x = rng.unit();
        if x < 0.03 {
            let blanks = 1 + rng.below(2);
            for _ in 0..blanks {
                row[FIRST_ITEM + rng.below(ITEMS)].clear();
            }
        } else if x < 0.035 {
            for cell in &mut row[FIRST_ITEM + SPKP_ITEMS..CHANNEL] {
                cell.clear();
            }
        }
    }

    // Quoted channel cells: two with a comma, one with a line break.
    for channel in [
        "loket, lantai 2",
        "loket, meja informasi",
        "loket\nlantai 2",
    ] {
        let i = rng.below(VALID_ROWS);
        rows[i][CHANNEL] = channel.to_owned();
    }

    let rejects = make_rejects(
        &mut rng,
        MISTAKES,
        &rows,
        &days,
        (&offerings, &weights),
        ITEMS,
        valid_row,
    );
    render(&HEADER, &rows, &rejects, SplitMix64(PROFILE_SEED))
}

/// The SKM/IKM file (`examples/data/responses-ikm.csv`).
fn ikm() -> String {
    let mut rng = SplitMix64(IKM_SEED);
    let (offerings, weights) = offerings(&mut rng, &IKM_QUALITY);
    let days = draw_days(&mut rng, IKM_VALID_ROWS);

    let mut rows: Vec<Vec<String>> = days
        .iter()
        .enumerate()
        .map(|(i, &day)| {
            let offering = &offerings[rng.weighted(&weights)];
            ikm_row(&mut rng, format!("K{:06}", i + 1), day, offering)
        })
        .collect();

    // Missing answers: exactly 3% of the rows, drawn without repetition, leave one item empty.
    let mut blanked = 0;
    while blanked < IKM_VALID_ROWS * 3 / 100 {
        let row = &mut rows[rng.below(IKM_VALID_ROWS)];
        if row.iter().all(|cell| !cell.is_empty()) {
            row[FIRST_ITEM + rng.below(IKM_ITEMS)].clear();
            blanked += 1;
        }
    }

    let rejects = make_rejects(
        &mut rng,
        IKM_MISTAKES,
        &rows,
        &days,
        (&offerings, &weights),
        IKM_ITEMS,
        ikm_row,
    );
    render(&IKM_HEADER, &rows, &rejects, SplitMix64(IKM_PROFILE_SEED))
}
