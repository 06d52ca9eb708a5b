//! Seeded benchmark data, shared by the benches and `examples/gen_bench.rs` (included by path).
#![allow(dead_code)]

use std::io::{self, Write};

/// Rows of the columnar data set (the peer comparison's 10M responses x 9 items).
pub const COLUMNAR_ROWS: usize = 10_000_000;

/// SplitMix64: a tiny, well-known generator, so Python can reproduce it if needed.
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A star on 1..=k skewed to the top (as real surveys are).
    pub fn star(&mut self, k: u8) -> u8 {
        let r = self.next_u64();
        let top = (r % 100) as u8;
        match top {
            0..=49 => k,
            50..=79 => k - 1,
            80..=92 => k.saturating_sub(2).max(1),
            _ => 1 + ((r >> 32) % u64::from(k)) as u8,
        }
    }
}

/// `rows` x `items` stars on 1..=k, row-major, and a group in 0..groups per row.
pub fn columnar(rows: usize, items: usize, k: u8, groups: u32) -> (Vec<u8>, Vec<u32>) {
    let mut rng = SplitMix64(42);
    let mut stars = Vec::with_capacity(rows * items);
    let mut units = Vec::with_capacity(rows);
    for _ in 0..rows {
        units.push((rng.next_u64() % u64::from(groups)) as u32);
        for _ in 0..items {
            stars.push(rng.star(k));
        }
    }
    (stars, units)
}

/// Unit and service pairs of the built-in catalog that are offered (from its JSON).
pub fn offered_pairs() -> Vec<(String, String)> {
    let json: serde_json::Value =
        serde_json::from_str(include_str!("../../data/kemenkum-2025.json"))
            .expect("built-in catalog JSON");
    let mut pairs = Vec::new();
    for offer in json["offers"].as_array().expect("offers") {
        let unit = offer["unit"].as_str().expect("unit");
        for s in offer["services"].as_array().expect("services") {
            pairs.push((unit.to_owned(), s.as_str().expect("service").to_owned()));
        }
    }
    pairs
}

/// A responses CSV for the SPKP+SPAK questionnaire and the built-in catalog: `rows` records,
/// about 1% missing answers, and one rejected record in 10,000 (unknown unit).
pub fn write_csv(out: &mut impl Write, rows: usize) -> io::Result<()> {
    let pairs = offered_pairs();
    let mut rng = SplitMix64(7);
    writeln!(
        out,
        "response_id,date,unit,service,SPKP1,SPKP2,SPKP3,SPKP4,SPKP5,SPKP6,SPKP7,SPKP8,SPAK1,SPAK2,SPAK3,SPAK4,SPAK5"
    )?;
    let days = [31u32, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    for r in 0..rows {
        let (unit, service) = &pairs[(rng.next_u64() % pairs.len() as u64) as usize];
        let month = (r * 12 / rows.max(1)) as u32;
        let day = 1 + (rng.next_u64() % u64::from(days[month as usize])) as u32;
        let unit = if r % 10_000 == 9_999 {
            "KW-ATLANTIS"
        } else {
            unit
        };
        write!(
            out,
            "R{r:08},2025-{:02}-{day:02},{unit},{service}",
            month + 1
        )?;
        for _ in 0..13 {
            if rng.next_u64().is_multiple_of(100) {
                out.write_all(b",")?;
            } else {
                write!(out, ",{}", rng.star(6))?;
            }
        }
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Free-text suggestions ("saran dan masukan") as respondents write them: plain, with commas,
/// with quotes, with non-ASCII text; `{}` marks where a second line may start.
const NOTES: [&str; 16] = [
    "Pelayanan sudah baik",
    "Terima kasih",
    "Petugas ramah, cepat dan informatif",
    "Antrean terlalu lama, mohon ditambah loket",
    "Sangat memuaskan 👍",
    "Mohon \"jam layanan\" diperpanjang",
    "Informasi biaya kurang jelas, tolong dipasang di papan pengumuman",
    "Tidak ada pungutan liar. Pertahankan!",
    "Ruang tunggu panas, AC rusak",
    "Petugas menyebut \"uang rokok\", mohon ditindak",
    "Persyaratan berubah-ubah; kurang konsisten",
    "Sistem daring sering error, harus datang dua kali",
    "Layanan cepat — selesai dalam 1 hari, mantap",
    "Parkir sempit, toilet kurang bersih",
    "Semoga terus ditingkatkan",
    "Café di lobi nyaman, tetapi loket informasi kosong",
];

/// Respondent-profile answers (the report issues benchmark breakdowns on them).
const GENDERS: [&str; 2] = ["Laki-laki", "Perempuan"];
const EDUCATION: [&str; 7] = ["SD", "SMP", "SMA/SMK", "D3", "S1", "S2", "S3"];

/// The item columns of [`write_export_csv`], in the shuffled order of the export.
pub const EXPORT_ITEMS: [&str; 13] = [
    "SPAK3", "SPKP2", "SPKP7", "SPAK1", "SPKP1", "SPKP5", "SPAK5", "SPKP8", "SPKP3", "SPAK2",
    "SPKP6", "SPAK4", "SPKP4",
];

/// A responses file shaped like a real export (Excel or a survey app, saved as CSV): a UTF-8
/// byte-order mark, CRLF line ends, the 13 SPKP+SPAK item columns in another order than the
/// questionnaire, two respondent-profile columns (`jenis_kelamin`, `pendidikan`) and a free-text
/// `saran` column written as Excel writes it: quoted when it holds a comma, a quote or a line
/// break (about 60% of rows; about 10% of notes span two lines), with non-ASCII text. About 5%
/// of the rows are faulty, spread over every reject reason; about 1% of answers are missing.
///
/// With `notes` false the `saran` column is left empty and everything else is the same row for
/// row (the same ids, dates, stars and faults): the baseline a quoted record is measured
/// against.
pub fn write_export_csv(out: &mut impl Write, rows: usize, notes: bool) -> io::Result<()> {
    let pairs = offered_pairs();
    let offered: std::collections::HashSet<(&str, &str)> = pairs
        .iter()
        .map(|(u, s)| (u.as_str(), s.as_str()))
        .collect();
    let services: Vec<&str> = {
        let mut s: Vec<&str> = pairs.iter().map(|(_, s)| s.as_str()).collect();
        s.sort_unstable();
        s.dedup();
        s
    };
    let order: Vec<usize> = EXPORT_ITEMS
        .iter()
        .map(|code| {
            let (ins, k) = code.split_at(4);
            let k: usize = k.parse().expect("item number");
            if ins == "SPKP" { k - 1 } else { 8 + k - 1 }
        })
        .collect();
    let mut rng = SplitMix64(11);
    out.write_all(b"\xef\xbb\xbf")?;
    write!(
        out,
        "response_id,date,unit,service,jenis_kelamin,pendidikan"
    )?;
    for code in EXPORT_ITEMS {
        write!(out, ",{code}")?;
    }
    out.write_all(b",saran\r\n")?;
    let days = [31u32, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut note = String::new();
    for r in 0..rows {
        let (mut unit, mut service) = {
            let (u, s) = &pairs[(rng.next_u64() % pairs.len() as u64) as usize];
            (u.as_str(), s.as_str())
        };
        let month = (r * 12 / rows.max(1)) as u32;
        let day = 1 + (rng.next_u64() % u64::from(days[month as usize])) as u32;
        let mut date = format!("2025-{:02}-{day:02}", month + 1);
        let mut id = format!("R{r:08}");
        let mut stars = [0u8; 13];
        for s in &mut stars {
            *s = if rng.next_u64().is_multiple_of(100) {
                0
            } else {
                rng.star(6)
            };
        }
        let mut star_text: [Option<&str>; 13] = [None; 13];
        // a fault in about one row of 20, every reason in turn
        let fault = if rng.next_u64().is_multiple_of(20) {
            Some(rng.next_u64() % 11)
        } else {
            None
        };
        let (mut bad_byte, mut short, mut extra) = (false, false, false);
        match fault {
            Some(0) => bad_byte = true,
            Some(1) if r % 2 == 0 => short = true,
            Some(1) => extra = true,
            Some(2) => id.clear(),
            Some(3) if r > 0 => id = format!("R{:08}", (rng.next_u64() % r as u64)),
            Some(4) if r % 2 == 0 => date = format!("2025-02-{}", 29 + r % 3),
            Some(4) => date = format!("{day:02}/{:02}/2025", month + 1),
            Some(5) => unit = "KW-ATLANTIS",
            Some(6) => service = "LAYANAN-LAIN",
            Some(7) => {
                let start = (rng.next_u64() % services.len() as u64) as usize;
                if let Some(other) = (0..services.len())
                    .map(|k| services[(start + k) % services.len()])
                    .find(|s| !offered.contains(&(unit, *s)))
                {
                    service = other;
                }
            }
            Some(8) => star_text[(rng.next_u64() % 13) as usize] = Some(["4.5", "a", "**"][r % 3]),
            Some(9) => star_text[(rng.next_u64() % 13) as usize] = Some(["7", "0", "12"][r % 3]),
            Some(10) => stars = [0; 13],
            _ => {}
        }
        // the note: empty in one row of 5, else one or two sentences
        note.clear();
        let pick = rng.next_u64();
        if !pick.is_multiple_of(5) {
            note.push_str(NOTES[(pick >> 8) as usize % NOTES.len()]);
            if (pick >> 16).is_multiple_of(10) {
                note.push_str(if (pick >> 24).is_multiple_of(2) {
                    "\n"
                } else {
                    "\r\n"
                });
                note.push_str(NOTES[(pick >> 32) as usize % NOTES.len()]);
            } else if (pick >> 16) % 10 < 4 && !note.contains([',', '"']) {
                // a second sentence after a comma, as people write
                note.push_str(", ");
                note.push_str(NOTES[(pick >> 32) as usize % NOTES.len()]);
            }
        }
        let gender = GENDERS[(rng.next_u64() % 2) as usize];
        let education = EDUCATION[(rng.next_u64() % 7) as usize];
        write!(out, "{id},{date},{unit},{service},{gender},{education}")?;
        let items = if short { &order[..12] } else { &order[..] };
        for &k in items {
            match star_text[k] {
                Some(text) => write!(out, ",{text}")?,
                None if stars[k] == 0 => out.write_all(b",")?,
                None => write!(out, ",{}", stars[k])?,
            }
        }
        out.write_all(b",")?;
        if notes {
            if note.contains([',', '"', '\n', '\r']) {
                write!(out, "\"{}\"", note.replace('"', "\"\""))?;
            } else {
                out.write_all(note.as_bytes())?;
            }
            if bad_byte {
                // a Windows-1252 byte pasted from another program: not UTF-8
                out.write_all(b" caf\xe9")?;
            }
        } else if bad_byte {
            out.write_all(b"\xe9")?;
        }
        if extra {
            out.write_all(b",")?;
        }
        out.write_all(b"\r\n")?;
    }
    Ok(())
}
