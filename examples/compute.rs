//! Computes every unit's indices from a responses file and prints the report.
//!
//! ```text
//! cargo run --release --example compute -- [OPTIONS] [RESPONSES.csv]
//!
//!   RESPONSES.csv             default: examples/data/responses.csv (the bundled sample)
//!   --catalog FILE.json       a catalog in schema v1 (default: the built-in Kemenkum 2025 catalog)
//!   --questionnaire Q         spkp-spak (default) | ikm
//!   --rollup R                pooled (default) | mean-of-children
//!   --format F                table (default) | json (report schema v1)
//!   --threads N               threads that parse and validate (default: all cores)
//!   --compare-period A B      add each index's change from period A to B (2025, 2025-S1,
//!                             2025-Q3, 2025-07) with its standard error and significance
//!   --prior N                 prior strength of the shrunk index, in respondents (default 30)
//! ```
//!
//! Exit 0 when the file was read (rejected rows are part of the report), 2 with one line on
//! stderr for a usage error, an unreadable file, a missing header or column, or an invalid
//! catalog. Everything but argument parsing lives in the library.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::process::ExitCode;
use std::sync::Arc;

use persepsi::{
    Catalog, Period, Questionnaire, ReadOptions, Report, ReportOptions, Rollup, Survey,
};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/responses.csv");

struct Options {
    responses: String,
    catalog: Option<String>,
    questionnaire: Questionnaire,
    rollup: Rollup,
    json: bool,
    threads: Option<std::num::NonZeroUsize>,
    compare: Option<(Period, Period)>,
    prior: Option<u64>,
}

fn parse_args() -> Result<Options, String> {
    let mut opts = Options {
        responses: SAMPLE.to_owned(),
        catalog: None,
        questionnaire: Questionnaire::spkp_spak(),
        rollup: Rollup::Pooled,
        json: false,
        threads: None,
        compare: None,
        prior: None,
    };
    let mut file = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--catalog" => opts.catalog = Some(value("--catalog")?),
            "--questionnaire" => {
                opts.questionnaire = match value("--questionnaire")?.as_str() {
                    "spkp-spak" => Questionnaire::spkp_spak(),
                    "ikm" => Questionnaire::ikm(),
                    other => {
                        return Err(format!(
                            "unknown questionnaire {other:?}: use spkp-spak or ikm"
                        ));
                    }
                }
            }
            "--rollup" => opts.rollup = value("--rollup")?.parse()?,
            "--format" => {
                opts.json = match value("--format")?.as_str() {
                    "table" => false,
                    "json" => true,
                    other => return Err(format!("unknown format {other:?}: use table or json")),
                }
            }
            "--compare-period" => {
                let a = value("--compare-period")?;
                let b = args.next().ok_or("--compare-period needs two periods")?;
                let period = |p: &str| p.parse::<Period>().map_err(|e| e.to_string());
                opts.compare = Some((period(&a)?, period(&b)?));
            }
            "--prior" => {
                let n = value("--prior")?;
                opts.prior = Some(n.parse().map_err(|_| {
                    format!("--prior takes a whole number of respondents, not {n:?}")
                })?);
            }
            "--threads" => {
                let n = value("--threads")?;
                opts.threads =
                    Some(n.parse().map_err(|_| {
                        format!("--threads takes a whole number above 0, not {n:?}")
                    })?);
            }
            "-h" | "--help" => {
                return Err(
                    "usage: compute [--catalog FILE.json] [--questionnaire spkp-spak|ikm] \
                            [--rollup pooled|mean-of-children] [--format table|json] [--threads N] \
                            [--compare-period A B] [--prior N] [RESPONSES.csv]"
                        .to_owned(),
                );
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            path => {
                if file.replace(path.to_owned()).is_some() {
                    return Err("give at most one responses file".to_owned());
                }
            }
        }
    }
    if let Some(f) = file {
        opts.responses = f;
    }
    Ok(opts)
}

fn run() -> Result<(), String> {
    let opts = parse_args()?;
    let catalog = match &opts.catalog {
        None => Catalog::kemenkum_2025(),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read catalog {path}: {e}"))?;
            let catalog =
                Catalog::from_json(&text).map_err(|e| format!("invalid catalog {path}: {e}"))?;
            Arc::new(catalog)
        }
    };
    let mut input =
        File::open(&opts.responses).map_err(|e| format!("cannot open {}: {e}", opts.responses))?;
    let mut survey = Survey::new(catalog, opts.questionnaire.clone());
    // room for the ids up front (at most 8M): the file's size over its first lines' length
    survey.reserve_ids(expected_records(&mut input).min(8 << 20));
    let mut read = ReadOptions::default();
    if let Some(threads) = opts.threads {
        read = read.threads(threads);
    }
    survey
        .read_csv_with(input, read)
        .map_err(|e| format!("{}: {e}", opts.responses))?;
    let mut options = ReportOptions::default().rollup(opts.rollup);
    if let Some((from, to)) = opts.compare {
        options = options.compare(from, to);
    }
    if let Some(prior) = opts.prior {
        options = options.prior_strength(prior);
    }
    // the filter holds no ids, so no id can be another catalog's
    let report = Report::with_options(&survey, &options).map_err(|e| e.to_string())?;
    let text = if opts.json {
        report.to_json() + "\n"
    } else {
        report.to_string()
    };
    let mut out = std::io::stdout().lock();
    // a closed pipe (`| head`) is not an error of the computation
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    Ok(())
}

/// About how many records `file` holds: its size over the mean length of the lines in its first
/// 64 KiB (a line a record, the header and blank lines included; 60 bytes a line when no line
/// ends with `\n`). 0 for what is not a regular file (a pipe, standard input), which is left
/// unread; a regular file is left at its start.
fn expected_records(file: &mut File) -> usize {
    let Ok(meta) = file.metadata() else {
        return 0;
    };
    if !meta.is_file() {
        return 0;
    }
    let size = meta.len();
    let mut head = vec![0; 64 << 10];
    let mut got = 0;
    while got < head.len() {
        match file.read(&mut head[got..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => got += n,
        }
    }
    if file.seek(SeekFrom::Start(0)).is_err() {
        return 0;
    }
    let lines = head[..got].iter().filter(|&&b| b == b'\n').count() as u64;
    let estimate = if lines == 0 {
        size / 60
    } else {
        // size * lines / got, without overflow
        u64::try_from(u128::from(size) * u128::from(lines) / got as u128).unwrap_or(u64::MAX)
    };
    usize::try_from(estimate).unwrap_or(usize::MAX)
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("compute: {message}");
            ExitCode::from(2)
        }
    }
}
