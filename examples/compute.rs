//! The library's pipeline in a few calls: a catalog and a questionnaire, a responses file read
//! into a survey, a report with options, its table.
//!
//! ```text
//! cargo run --release --example compute [-- RESPONSES.csv]
//! ```
//!
//! Without an argument it reads the bundled sample, `examples/data/responses.csv` (SPKP + SPAK).
//! For the full command line (every option, the JSON report, one-line errors and exit codes)
//! use the `persepsi` tool of the `persepsi-cli` crate:
//! `cargo run -p persepsi-cli -- compute --help`.

use std::fs::File;
use std::io::Write;

use persepsi::{Catalog, Questionnaire, Report, ReportOptions, Rollup, Survey};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/responses.csv").to_owned()
    });
    // the built-in Kementerian Hukum 2025 catalog: units, services and who offers what
    let catalog = Catalog::kemenkum_2025();
    let ntt = catalog
        .unit_id("KW-NTT")
        .ok_or("the catalog has no KW-NTT")?;
    let mut survey = Survey::new(catalog, Questionnaire::spkp_spak());
    // rows that fail validation are counted in the report, not errors
    let input = File::open(&path).map_err(|e| format!("cannot open {path}: {e}"))?;
    survey.read_csv(input)?;

    // the Kanwil of Nusa Tenggara Timur and its divisions, each parent the mean of its children
    let options = ReportOptions::default()
        .rollup(Rollup::MeanOfChildren)
        .unit(ntt);
    let report = Report::with_options(&survey, &options)?;

    let mut out = std::io::stdout().lock();
    // a closed pipe (`| head`) is not an error here
    let _ = out.write_all(report.to_string().as_bytes());
    Ok(())
}
