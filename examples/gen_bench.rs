//! Writes the benchmark data shared by the Rust benches and the peer comparison
//! (`benches/peers/peers.py`), all from one seeded generator (SplitMix64, seed 42):
//!
//! - `target/bench-data/stars-10m-9.u8`: 10,000,000 responses x 9 items, row-major, one byte per
//!   star (1..=4, no missing answers), the IKM shape;
//! - `target/bench-data/units-10m.u16`: the unit (0..500) of each response, little-endian u16;
//! - `target/bench-data/responses-1m.csv`: 1,000,000 SPKP+SPAK responses (13 items, 1-6 stars,
//!   about 1% missing answers) for the built-in catalog, valid except for a few rejected rows;
//! - `target/bench-data/export-1m.csv`: the same number of responses shaped like a real export
//!   (a byte-order mark, CRLF, a quoted free-text `saran` column, shuffled item columns, two
//!   profile columns, about 5% faulty rows of every reason: `data::write_export_csv`), and
//!   `export-1m-nonotes.csv`, the same rows with the `saran` column left empty.
//!
//! ```text
//! cargo run --release --example gen_bench            # all five
//! cargo run --release --example gen_bench -- 10000000 # CSV rows (default 1,000,000)
//! ```

#[path = "../benches/common/data.rs"]
mod data;

use std::fs::{self, File};
use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let rows: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/target/bench-data");
    fs::create_dir_all(dir)?;

    let (stars, units) = data::columnar(data::COLUMNAR_ROWS, 9, 4, 500);
    fs::write(format!("{dir}/stars-10m-9.u8"), &stars)?;
    let unit_bytes: Vec<u8> = units
        .iter()
        .flat_map(|u| (*u as u16).to_le_bytes())
        .collect();
    fs::write(format!("{dir}/units-10m.u16"), unit_bytes)?;

    let name = if rows == 1_000_000 {
        "responses-1m.csv".to_owned()
    } else {
        format!("responses-{rows}.csv")
    };
    let mut out = BufWriter::with_capacity(1 << 20, File::create(format!("{dir}/{name}"))?);
    data::write_csv(&mut out, rows)?;
    out.flush()?;
    let export = if rows == 1_000_000 {
        "export-1m".to_owned()
    } else {
        format!("export-{rows}")
    };
    for (notes, file) in [
        (true, format!("{export}.csv")),
        (false, format!("{export}-nonotes.csv")),
    ] {
        let mut out = BufWriter::with_capacity(1 << 20, File::create(format!("{dir}/{file}"))?);
        data::write_export_csv(&mut out, rows, notes)?;
        out.flush()?;
    }
    eprintln!(
        "wrote {dir}/stars-10m-9.u8, units-10m.u16, {name}, {export}.csv and {export}-nonotes.csv"
    );
    Ok(())
}
