//! `persepsi compute`: the flags turned into the library's calls.

use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use persepsi::{Catalog, ReadOptions, Report, ReportOptions, Survey, Targets};

use crate::cli::{Breakdown, ComputeArgs, Format};
use crate::input::{expected_records, sample};

/// Ids reserved up front at most (8M ids), whatever a file's size promises.
const MAX_RESERVED_IDS: usize = 8 << 20;

/// Reads the responses, builds the report and prints it. `Err` is the one-line reason for a
/// usage error, an unreadable file, a missing header or column, or an invalid catalog.
pub fn run(args: &ComputeArgs) -> Result<(), String> {
    if args.format == Format::Xlsx && args.out.is_none() {
        return Err(
            "'--format xlsx' needs '--out FILE.xlsx': a workbook is not written to a terminal"
                .to_owned(),
        );
    }
    let catalog = match &args.catalog {
        None => Catalog::kemenkum_2025(),
        Some(path) => load_catalog(path)?,
    };
    let mut options = ReportOptions::default().rollup(args.rollup);
    if let Some(period) = args.period {
        options = options.period(period);
    }
    if let Some(code) = &args.unit {
        let unit = catalog.unit_id(code).ok_or_else(|| {
            format!("unknown unit {code:?} for '--unit': no unit of the catalog has this code")
        })?;
        options = options.unit(unit);
    }
    if let Some(Breakdown::Service) = args.by {
        options = options.by_service(true);
    }
    if let Some(kind) = args.series {
        options = options.series(kind);
    }
    if let Some((from, to)) = args.compare() {
        options = options.compare(from, to);
    }
    if let Some(prior) = args.prior {
        options = options.prior_strength(prior);
    }
    if let Some(path) = &args.targets {
        options = options.targets(load_targets(path, &catalog)?);
    }
    if let Some(min_cell) = args.min_cell {
        options = options.min_cell(min_cell);
    }
    let mut read = ReadOptions::default();
    if let Some(columns) = &args.profile {
        read = read.profile(columns);
    }
    if let Some(threads) = args.threads {
        read = read.threads(threads);
        options = options.threads(threads);
    }

    let mut survey = Survey::new(catalog, args.questionnaire.questionnaire());
    // the options are checked on the survey before it has read anything (a report of no
    // responses costs next to nothing): a usage error does not wait for a large file
    Report::with_options(&survey, &options).map_err(|e| e.to_string())?;
    match &args.file {
        None => survey
            .read_csv_with(sample(args.questionnaire), read)
            .map_err(|e| format!("the bundled sample: {e}"))?,
        Some(path) => {
            let mut input =
                File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
            // room for the ids up front: the file's size over its first lines' length
            survey.reserve_ids(expected_records(&mut input).min(MAX_RESERVED_IDS));
            survey
                .read_csv_with(input, read)
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    // the survey's rejections move into the report: a file of rejected rows is held once
    let report = Report::from_survey(survey, &options).map_err(|e| e.to_string())?;

    let meta = meta(args);
    let text = match args.format {
        Format::Table => report.to_string(),
        Format::Json => report.to_json() + "\n",
        Format::Html => persepsi_render::html(&report, &meta),
        Format::Xlsx => {
            // checked above: a workbook has a file
            let path = args.out.as_deref().unwrap_or(Path::new("report.xlsx"));
            return persepsi_render::write_xlsx(&report, &meta, path).map_err(|e| e.to_string());
        }
    };
    match &args.out {
        Some(path) => std::fs::write(path, text.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", path.display())),
        None => {
            let mut out = std::io::stdout().lock();
            // a closed pipe (`| head`) is not an error of the computation
            let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
            Ok(())
        }
    }
}

/// What a document says about its making: the file, the catalog and every report flag given.
fn meta(args: &ComputeArgs) -> persepsi_render::Meta {
    let source = args.file.as_ref().map_or_else(
        || "contoh bawaan (examples/data)".to_owned(),
        |p| p.display().to_string(),
    );
    let mut meta = persepsi_render::Meta::new(source);
    if let Some(path) = &args.catalog {
        meta = meta.catalog(path.display().to_string());
    }
    let given = [
        ("--period", args.period.map(|p| p.to_string())),
        ("--unit", args.unit.clone()),
        ("--by", args.by.map(|_| "service".to_owned())),
        ("--series", args.series.map(|k| k.name().to_owned())),
        (
            "--compare-period",
            args.compare().map(|(a, b)| format!("{a} {b}")),
        ),
        ("--prior", args.prior.map(|p| p.to_string())),
        (
            "--targets",
            args.targets.as_ref().map(|p| p.display().to_string()),
        ),
        ("--profile", args.profile.as_ref().map(|c| c.join(","))),
        ("--min-cell", args.min_cell.map(|n| n.to_string())),
    ];
    for (name, value) in given {
        if let Some(value) = value {
            meta = meta.option(name, value);
        }
    }
    meta
}

/// The targets file at `path`; an error as `FILE:LINE: what is wrong`.
fn load_targets(path: &Path, catalog: &Catalog) -> Result<Targets, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("cannot read targets {}: {e}", path.display()))?;
    Targets::from_csv(&bytes, catalog)
        .map_err(|e| format!("{}:{}: {}", path.display(), e.line, e.kind))
}

fn load_catalog(path: &Path) -> Result<Arc<Catalog>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read catalog {}: {e}", path.display()))?;
    let catalog = Catalog::from_json(&text)
        .map_err(|e| format!("invalid catalog {}: {e}", path.display()))?;
    Ok(Arc::new(catalog))
}
