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
            if rng.next_u64() % 100 == 0 {
                out.write_all(b",")?;
            } else {
                write!(out, ",{}", rng.star(6))?;
            }
        }
        out.write_all(b"\n")?;
    }
    Ok(())
}
