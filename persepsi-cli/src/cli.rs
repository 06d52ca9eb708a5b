//! What `persepsi` accepts on its command line, and clap's refusals as one line.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgAction, Args, ColorChoice, Parser, Subcommand, ValueEnum};
use persepsi::{Period, PeriodKind, Questionnaire, Rollup};

/// Exact SPAK/SPKP/IKM perception-survey indices (IPAK, IPKP, IKM) for Indonesian public
/// services.
#[derive(Debug, Parser)]
#[command(
    name = "persepsi",
    version,
    color = ColorChoice::Never,
    subcommand_required = true,
    arg_required_else_help = true
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Computes every unit's indices from a responses file and prints the report.
    ///
    /// Exit 0 when the file was read (rejected rows are part of the report); 2 with one line on
    /// stderr for a usage error, an unreadable file, a missing header or column, or an invalid
    /// catalog.
    Compute(ComputeArgs),
}

/// `persepsi compute`'s options.
#[derive(Debug, Args)]
pub struct ComputeArgs {
    /// The responses: CSV with a header row [default: the bundled sample of the questionnaire]
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    /// A catalog in schema v1 [default: the built-in Kemenkum 2025 catalog]
    #[arg(long, value_name = "FILE.json")]
    pub catalog: Option<PathBuf>,

    /// The questionnaire the responses answer
    #[arg(long, value_name = "Q", value_enum, default_value_t = Preset::SpkpSpak)]
    pub questionnaire: Preset,

    /// How a parent unit's index is made from the units below it
    #[arg(long, value_name = "R", default_value = "pooled", value_parser = rollup())]
    pub rollup: Rollup,

    /// The report's form: the table, JSON (report schema v2), an Excel workbook (needs --out)
    /// or a self-contained HTML page
    #[arg(long, value_name = "F", value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Where the report goes [default: standard output; a workbook needs a file]
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Threads that read and compute, 1 to 1024 [default: all cores]
    #[arg(long, value_name = "N", value_parser = threads, allow_negative_numbers = true)]
    pub threads: Option<NonZeroUsize>,

    /// Only responses dated in this period count: 2025, 2025-S1, 2025-Q3 or 2025-07
    #[arg(long, value_name = "P", value_parser = period)]
    pub period: Option<Period>,

    /// Only this unit and the units below it are listed (ranks and shrinkage as in the whole
    /// report)
    #[arg(long, value_name = "CODE")]
    pub unit: Option<String>,

    /// Each unit's indices also per service
    #[arg(long, value_name = "BREAKDOWN", value_enum)]
    pub by: Option<Breakdown>,

    /// Each unit's indices also per period of this kind (no longer than --period's)
    #[arg(long, value_name = "KIND", value_parser = period_kind())]
    pub series: Option<PeriodKind>,

    /// Adds each index's change from period A to period B, with its standard error and
    /// significance (both within --period)
    #[arg(long, num_args = 2, value_names = ["A", "B"], action = ArgAction::Set, value_parser = period)]
    pub compare_period: Option<Vec<Period>>,

    /// Prior strength of the shrunk index, in respondents [default: 30]
    #[arg(long, value_name = "N", value_parser = prior, allow_negative_numbers = true)]
    pub prior: Option<u64>,

    /// Respondent targets: a CSV file with the columns unit, period and respondents; each
    /// unit with a target within --period shows it beside what it achieved
    #[arg(long, value_name = "FILE.csv")]
    pub targets: Option<PathBuf>,

    /// Respondent-profile columns of the responses file (gender, education, ...): each unit
    /// shows how many respondents gave each value
    #[arg(long, value_name = "COL,...", value_delimiter = ',', value_parser = column)]
    pub profile: Option<Vec<String>>,

    /// Disclosure control: a profile count below N is shown as <N (with one more where it
    /// could be worked out), and a scope with fewer than N respondents on an index shows no
    /// distribution of stars; 0 or 1 turns it off [default: 5]
    #[arg(long, value_name = "N", value_parser = min_cell, allow_negative_numbers = true)]
    pub min_cell: Option<u64>,
}

impl ComputeArgs {
    /// The two periods of `--compare-period`, if given (clap takes exactly two values).
    pub fn compare(&self) -> Option<(Period, Period)> {
        match self.compare_period.as_deref() {
            Some(&[from, to]) => Some((from, to)),
            _ => None,
        }
    }
}

/// The questionnaires built into the library, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Preset {
    /// SPKP then SPAK, 13 items on 1-6 stars.
    SpkpSpak,
    /// IKM, U1..U9 on 1-4.
    Ikm,
}

impl Preset {
    /// The library's questionnaire of this name.
    pub fn questionnaire(self) -> Questionnaire {
        match self {
            Preset::SpkpSpak => Questionnaire::spkp_spak(),
            Preset::Ikm => Questionnaire::ikm(),
        }
    }
}

/// How the report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    // the library's table
    Table,
    // the library's JSON report
    Json,
    // an Excel workbook
    Xlsx,
    // a self-contained HTML page with charts
    Html,
}

/// A breakdown of each unit (only by service for now).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Breakdown {
    // per service the unit offers
    Service,
}

/// The library's roll-ups by their names (listed in the help, suggested on a typo).
fn rollup() -> impl TypedValueParser<Value = Rollup> {
    PossibleValuesParser::new([Rollup::Pooled.name(), Rollup::MeanOfChildren.name()])
        .try_map(|name| name.parse::<Rollup>())
}

/// The library's period kinds by their names.
fn period_kind() -> impl TypedValueParser<Value = PeriodKind> {
    let kinds = [
        PeriodKind::Month,
        PeriodKind::Quarter,
        PeriodKind::Semester,
        PeriodKind::Year,
    ];
    PossibleValuesParser::new(kinds.map(PeriodKind::name))
        .try_map(|name| name.parse::<PeriodKind>())
}

fn period(text: &str) -> Result<Period, persepsi::DateError> {
    text.parse()
}

/// The most threads `--threads` takes: far more than the cores of any machine it runs on, and
/// few enough to start (tens of thousands exhaust the memory for thread stacks, and a thread
/// that cannot set up its stack aborts the process).
const MAX_THREADS: usize = 1024;

fn threads(text: &str) -> Result<NonZeroUsize, String> {
    text.parse::<NonZeroUsize>()
        .ok()
        .filter(|n| n.get() <= MAX_THREADS)
        .ok_or_else(|| format!("use a whole number of threads from 1 to {MAX_THREADS}"))
}

fn column(text: &str) -> Result<String, String> {
    let name = text.trim();
    if name.is_empty() {
        Err("use the names of columns of the responses file, apart by commas".to_owned())
    } else {
        Ok(name.to_owned())
    }
}

fn min_cell(text: &str) -> Result<u64, String> {
    text.parse()
        .map_err(|_| "use a whole number of respondents (0 or 1: no disclosure control)".to_owned())
}

fn prior(text: &str) -> Result<u64, String> {
    text.parse()
        .map_err(|_| "use a whole number of respondents".to_owned())
}

/// Whether clap's `err` is no error but the help or version the user asked for.
pub fn is_display(err: &clap::Error) -> bool {
    matches!(
        err.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    )
}

/// Clap's error as one line: the first line of its rendering without `error: `, with the
/// possible values or a suggestion that clap puts on the lines below.
pub fn one_line(err: &clap::Error) -> String {
    let rendered = err.render().to_string();
    let first = rendered.lines().next().unwrap_or_default();
    let mut line = first.strip_prefix("error: ").unwrap_or(first).to_owned();
    // clap attaches an empty list to a flag given without its value
    if let Some(ContextValue::Strings(valid)) = err.get(ContextKind::ValidValue)
        && !valid.is_empty()
    {
        line += &format!(": use {}", or_list(valid));
    }
    for kind in [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ] {
        match err.get(kind) {
            Some(ContextValue::String(s)) => line += &format!(" (did you mean '{s}'?)"),
            Some(ContextValue::Strings(s)) if !s.is_empty() => {
                line += &format!(" (did you mean '{}'?)", s.join("', '"));
            }
            _ => {}
        }
    }
    line
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(values: &[String]) -> String {
    match values {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}
