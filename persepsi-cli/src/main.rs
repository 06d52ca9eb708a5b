//! `persepsi`: the command line of the [`persepsi`] library. It computes every unit's
//! SPAK/SPKP/IKM indices from a responses file and prints the report, as the library's table, its
//! JSON report (schema v2), an Excel workbook or a self-contained HTML page ([`persepsi_render`]).
//!
//! ```text
//! persepsi compute [OPTIONS] [FILE]
//!
//!   FILE                     CSV with a header row (default: the bundled sample of the
//!                            questionnaire, built into the binary)
//!   --catalog FILE.json      a catalog in schema v1 (default: the built-in Kemenkum 2025 catalog)
//!   --questionnaire Q        spkp-spak (default) | ikm
//!   --rollup R               pooled (default) | mean-of-children
//!   --format F               table (default) | json | xlsx | html
//!   --out FILE               write the report to FILE (default: standard output; xlsx needs it)
//!   --threads N              threads that read and compute, 1 to 1024 (default: all cores)
//!   --period P               only responses dated in P: 2025, 2025-S1, 2025-Q3, 2025-07
//!   --unit CODE              only the unit CODE and the units below it
//!   --by service             each unit's indices also per service
//!   --series KIND            each unit's indices also per month | quarter | semester | year
//!   --compare-period A B     each index's change from period A to B, with its standard error
//!                            and significance
//!   --prior N                prior strength of the shrunk index, in respondents (default 30)
//! ```
//!
//! `persepsi --help`, `persepsi compute --help` (or `-h`) and `persepsi --version` print to
//! standard output and exit 0.
//!
//! # Exit status and errors
//!
//! - 0 when the responses were read: rejected rows are part of the report, not errors.
//! - 2 for every error, with exactly one line on standard error, `persepsi: ` and the reason,
//!   and nothing on standard output: an unknown flag or a bad value (clap's first line, with the
//!   possible values or the suggestion clap would print below it), an unknown `--unit` code,
//!   `--format xlsx` without `--out`, a document that cannot be written,
//!   options the library refuses to report ([`persepsi::ReportError`]: `--compare-period`
//!   outside `--period`, a `--series` coarser than `--period`), a file that cannot be opened or
//!   read, a header without a required column ([`persepsi::ReadError`]), an invalid catalog.
//!   Usage errors are found before any file is read.
//! - Without a subcommand, `persepsi` says in one line that `compute` is required (and where the
//!   help is), with status 2.
//!
//! A closed standard output (`persepsi compute | head`) is not an error.
//!
//! Everything but argument parsing lives in the library: this crate only turns flags into
//! [`persepsi::ReportOptions`] and prints what [`persepsi::Report`] renders.

mod cli;
mod compute;
mod input;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};

/// The exit status of every error (as clap's usage errors).
const FAILURE: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err)
            if err.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand =>
        {
            // an error like any other: one line
            return fail("a command is required: compute (see persepsi --help)");
        }
        Err(err) if cli::is_display(&err) => {
            // the help and the version the user asked for, on stdout
            let _ = err.print();
            return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(FAILURE));
        }
        Err(err) => return fail(&cli::one_line(&err)),
    };
    let result = match &cli.command {
        Command::Compute(args) => compute::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

/// Prints `message` as one line on stderr (a line break inside it, say in a file name, becomes
/// a space) and gives the failure status.
fn fail(message: &str) -> ExitCode {
    let line: String = message
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    // not eprintln!, which panics when stderr is a closed pipe
    let _ = writeln!(std::io::stderr(), "persepsi: {line}");
    ExitCode::from(FAILURE)
}
