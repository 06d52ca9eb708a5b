//! The page of the bundled sample (SPKP + SPAK, by service, by quarter, with targets, profile
//! columns and a comparison of the first two quarters), written to a file.
//!
//! ```text
//! cargo run -p persepsi-render --example sample_html [-- OUT.html]
//! ```

use persepsi::{
    Catalog, Period, PeriodKind, Questionnaire, ReadOptions, Report, ReportOptions, Survey, Targets,
};
use persepsi_render::Meta;

const SAMPLE: &[u8] = include_bytes!("../../examples/data/responses.csv");
const TARGETS: &[u8] = include_bytes!("../../examples/data/targets.csv");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/sample.html".to_owned());
    let catalog = Catalog::kemenkum_2025();
    let targets = Targets::from_csv(TARGETS, &catalog)?;
    let mut survey = Survey::new(catalog, Questionnaire::spkp_spak());
    survey.read_csv_with(
        SAMPLE,
        ReadOptions::default().profile(["jenis_kelamin", "pendidikan"]),
    )?;
    let options = ReportOptions::default()
        .by_service(true)
        .series(PeriodKind::Quarter)
        .targets(targets)
        .compare(Period::Quarter(2025, 1), Period::Quarter(2025, 2));
    let report = Report::with_options(&survey, &options)?;
    let meta = Meta::new("examples/data/responses.csv")
        .option("--by", "service")
        .option("--series", "quarter")
        .option("--compare", "2025-Q1,2025-Q2");
    let page = persepsi_render::html(&report, &meta);
    std::fs::write(&out, &page)?;
    eprintln!("{out}: {} bytes", page.len());
    Ok(())
}
