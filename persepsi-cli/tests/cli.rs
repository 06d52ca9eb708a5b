//! The `persepsi` binary as a user runs it: exit codes, standard output and the one-line errors.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Runs `persepsi` with `args`.
fn persepsi<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> std::io::Result<Output> {
    Command::new(env!("CARGO_BIN_EXE_persepsi"))
        .args(args)
        .stdin(Stdio::null())
        .output()
}

/// Runs `persepsi` with `args`, which must succeed with an empty stderr; its stdout.
fn stdout_of<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Result<String, Box<dyn std::error::Error>> {
    let out = persepsi(args)?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "stderr: {stderr}");
    assert_eq!(stderr, "");
    Ok(String::from_utf8(out.stdout)?)
}

/// Runs `persepsi compute --format json` with `args`; the report.
fn json_report(args: &[&str]) -> Result<Value, Box<dyn std::error::Error>> {
    let mut all = vec!["compute", "--format", "json"];
    all.extend_from_slice(args);
    Ok(serde_json::from_str(&stdout_of(&all)?)?)
}

/// Runs `persepsi` with `args`, which must fail with status 2, nothing on stdout and exactly one
/// line on stderr; that line, without its line break.
fn error_line<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Result<String, Box<dyn std::error::Error>> {
    let out = persepsi(args)?;
    let stderr = String::from_utf8(out.stderr)?;
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "",
        "stdout on an error"
    );
    let line = stderr
        .strip_suffix('\n')
        .ok_or_else(|| format!("stderr does not end in a line break: {stderr:?}"))?;
    assert!(!line.contains('\n'), "more than one line: {stderr:?}");
    assert!(line.starts_with("persepsi: "), "no prefix: {line:?}");
    Ok(line.to_owned())
}

/// A fresh folder of this test process's own under the system's temporary folder.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> std::io::Result<TempDir> {
        let dir =
            std::env::temp_dir().join(format!("persepsi-cli-test-{}-{name}", std::process::id()));
        // a leftover of an earlier process with the same id
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        Ok(TempDir(dir))
    }

    /// Writes `contents` to the file `name` inside; its path.
    fn file(&self, name: &str, contents: &str) -> std::io::Result<PathBuf> {
        let path = self.0.join(name);
        std::fs::write(&path, contents)?;
        Ok(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn number(report: &Value, field: &str) -> Option<u64> {
    report[field].as_u64()
}

#[test]
fn help_and_version_print_to_stdout_and_exit_0() -> TestResult {
    for args in [&["--help"][..], &["-h"], &["help"]] {
        let help = stdout_of(args)?;
        assert!(help.contains("Usage: persepsi <COMMAND>"), "{help}");
        assert!(help.contains("compute"), "{help}");
    }
    for args in [
        &["compute", "--help"][..],
        &["compute", "-h"],
        &["help", "compute"],
    ] {
        let help = stdout_of(args)?;
        assert!(
            help.contains("Usage: persepsi compute [OPTIONS] [FILE]"),
            "{help}"
        );
        for flag in [
            "--catalog",
            "--questionnaire",
            "--rollup",
            "--format",
            "--threads",
            "--period",
            "--unit",
            "--by",
            "--series",
            "--compare-period",
            "--prior",
        ] {
            assert!(help.contains(flag), "{flag} missing from {help}");
        }
        assert!(!help.contains('\x1b'), "colours in {help:?}");
    }
    let version = stdout_of(&["--version"])?;
    assert_eq!(version, format!("persepsi {}\n", env!("CARGO_PKG_VERSION")));
    Ok(())
}

#[test]
fn without_a_subcommand_one_line_names_the_command() -> TestResult {
    assert_eq!(
        error_line::<&str>(&[])?,
        "persepsi: a command is required: compute (see persepsi --help)"
    );
    Ok(())
}

#[test]
fn compute_reads_the_bundled_spkp_spak_sample() -> TestResult {
    let report = json_report(&[])?;
    assert_eq!(number(&report, "schema"), Some(2));
    assert_eq!(report["questionnaire"], "spkp-spak");
    assert_eq!(report["rollup"], "pooled");
    assert_eq!(number(&report, "input_rows"), Some(6039));
    assert_eq!(number(&report, "accepted"), Some(6000));
    assert_eq!(report["rejected"].as_array().map(Vec::len), Some(39));
    let table = stdout_of(&["compute"])?;
    assert!(table.starts_with("unit "), "{table}");
    assert!(table.contains("KEMENKUM"), "{table}");
    Ok(())
}

#[test]
fn compute_reads_the_bundled_ikm_sample() -> TestResult {
    let report = json_report(&["--questionnaire", "ikm"])?;
    assert_eq!(number(&report, "schema"), Some(2));
    assert_eq!(report["questionnaire"], "ikm");
    assert_eq!(number(&report, "input_rows"), Some(2020));
    assert_eq!(number(&report, "accepted"), Some(2000));
    Ok(())
}

#[test]
fn the_report_options_reach_the_report() -> TestResult {
    let report = json_report(&[
        "--rollup",
        "mean-of-children",
        "--compare-period",
        "2025-S1",
        "2025-S2",
        "--prior",
        "10",
        "--threads",
        "1",
    ])?;
    assert_eq!(report["rollup"], "mean-of-children");
    // the same report on any number of threads
    let two = json_report(&[
        "--rollup",
        "mean-of-children",
        "--compare-period",
        "2025-S1",
        "2025-S2",
        "--prior",
        "10",
        "--threads",
        "2",
    ])?;
    assert_eq!(report, two);
    assert_ne!(report, json_report(&["--rollup", "mean-of-children"])?);
    Ok(())
}

#[test]
fn a_unit_scope_with_services_and_a_series() -> TestResult {
    let report = json_report(&[
        "--unit", "KW-NTT", "--by", "service", "--series", "quarter", "--period", "2025",
    ])?;
    assert_eq!(report["period"], "2025");
    // reading is not scoped: everything read is still counted
    assert_eq!(number(&report, "input_rows"), Some(6039));
    let units = report["units"].as_array().ok_or("no units")?;
    assert!(units.len() > 1, "KW-NTT and its divisions: {units:?}");
    assert_eq!(units[0]["unit"], "KW-NTT");
    for unit in units {
        let code = unit["unit"].as_str().ok_or("a unit without a code")?;
        assert!(code.starts_with("KW-NTT"), "{code} is not within KW-NTT");
        assert!(unit["services"].is_array(), "{code} has no services");
        let series = unit["series"].as_array().ok_or("no series")?;
        assert!(
            series.iter().all(|p| p["period"]
                .as_str()
                .is_some_and(|p| p.starts_with("2025-Q"))),
            "{code}: {series:?}"
        );
    }
    Ok(())
}

#[test]
fn a_file_on_the_command_line_is_read() -> TestResult {
    let dir = TempDir::new("file")?;
    let csv = dir.file(
        "responses.csv",
        "response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9\n\
         R1,2025-03-01,KW-NTT-TU,UMUM-INFORMASI,4,4,4,4,4,4,4,4,4\n\
         R2,2025-03-02,KW-NTT-TU,UMUM-INFORMASI,3,3,3,3,3,3,3,3,3\n\
         R2,2025-03-03,KW-NTT-TU,UMUM-INFORMASI,2,2,2,2,2,2,2,2,2\n",
    )?;
    let path = csv.to_str().ok_or("a temporary path that is not UTF-8")?;
    let report = json_report(&["--questionnaire", "ikm", path])?;
    assert_eq!(number(&report, "input_rows"), Some(3));
    assert_eq!(number(&report, "accepted"), Some(2));
    assert_eq!(report["rejected"][0]["reason"], "duplicate_response_id");
    let tu = report["units"]
        .as_array()
        .and_then(|units| units.iter().find(|u| u["unit"] == "KW-NTT-TU"))
        .ok_or("no KW-NTT-TU")?;
    // IKM: raw (4 + 3) / 2 = 3.5 on 1-4 -> 87.50
    assert_eq!(tu["indices"]["IKM"]["index100"], "87.50");
    Ok(())
}

#[test]
fn targets_are_read_and_their_errors_name_file_and_line() -> TestResult {
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/data/targets.csv");
    // the bundled targets: KW-ACEH has one for 2026-S1, when nobody answered yet
    let report = json_report(&["--targets", sample, "--period", "2026-S1"])?;
    assert_eq!(
        report["units"],
        serde_json::json!([{"unit": "KW-ACEH", "name": "Kantor Wilayah Kementerian Hukum Aceh", "parent": "KEMENKUM",
            "respondents": 0, "indices": {},
            "targets": [{"period": "2026-S1", "target": 60, "achieved": 0, "percent": "0.00",
                         "met": false}]}])
    );
    let dir = TempDir::new("targets")?;
    let bad = dir.file(
        "targets.csv",
        "unit,period,respondents
KW-NTT,2025,10
KW-X,2025,3
",
    )?;
    let path = bad.to_str().ok_or("a temporary path that is not UTF-8")?;
    assert_eq!(
        error_line(&["compute", "--targets", path])?,
        format!("persepsi: {path}:3: unknown unit \"KW-X\"")
    );
    let missing = dir.path().join("none.csv");
    let missing = missing
        .to_str()
        .ok_or("a temporary path that is not UTF-8")?;
    assert!(
        error_line(&["compute", "--targets", missing])?
            .starts_with(&format!("persepsi: cannot read targets {missing}: "))
    );
    Ok(())
}

#[test]
fn profile_columns_are_counted_under_disclosure_control() -> TestResult {
    let args = ["--profile", "jenis_kelamin,pendidikan", "--unit", "KW-NTT"];
    let report = json_report(&args)?;
    assert_eq!(report["min_cell"], 5);
    let units = report["units"].as_array().ok_or("units")?;
    assert_eq!(units.len(), 4);
    let mut suppressed = 0;
    for unit in units {
        let respondents = unit["respondents"].as_u64().ok_or("respondents")?;
        for column in ["jenis_kelamin", "pendidikan"] {
            let values = unit["profile"][column].as_array().ok_or("a column")?;
            let mut published = 0;
            let mut seen_hidden = false;
            for v in values {
                match v["respondents"].as_u64() {
                    Some(n) => {
                        // published: at least 5, and never after a suppressed one
                        assert!(n >= 5 && !seen_hidden, "{unit}");
                        published += n;
                    }
                    None => {
                        assert_eq!(v["suppressed"], true);
                        seen_hidden = true;
                        suppressed += 1;
                    }
                }
            }
            let hidden = values.iter().filter(|v| v["respondents"].is_null()).count();
            // no suppressed count is left alone to be worked out from the total
            assert!(hidden != 1 || published == 0, "{unit}");
            assert!(published <= respondents);
        }
    }
    assert!(
        suppressed > 0,
        "the sample's small units suppress something"
    );
    // without disclosure control every count is there, and each column partitions the unit
    let mut open = args.to_vec();
    open.extend(["--min-cell", "0"]);
    let report = json_report(&open)?;
    for unit in report["units"].as_array().ok_or("units")? {
        for column in ["jenis_kelamin", "pendidikan"] {
            let values = unit["profile"][column].as_array().ok_or("a column")?;
            let total: Option<u64> = values.iter().map(|v| v["respondents"].as_u64()).sum();
            assert_eq!(total, unit["respondents"].as_u64(), "{unit}");
        }
    }
    // the table shows suppressed counts as <5
    let mut table = vec!["compute"];
    table.extend(args);
    let text = stdout_of(&table)?;
    assert!(text.contains("  pendidikan: "), "{text}");
    assert!(text.contains(" <5"), "{text}");
    // a column the file does not have is one line naming it
    assert_eq!(
        error_line(&["compute", "--profile", "umur"])?,
        "persepsi: the bundled sample: the header lacks the required column \"umur\""
    );
    assert_eq!(
        error_line(&["compute", "--min-cell", "-1"])?,
        "persepsi: invalid value '-1' for '--min-cell <N>': use a whole number of respondents \
         (0 or 1: no disclosure control)"
    );
    Ok(())
}

#[test]
fn a_closed_stdout_is_not_an_error() -> TestResult {
    let mut child = Command::new(env!("CARGO_BIN_EXE_persepsi"))
        .args(["compute", "--format", "json", "--by", "service"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    // read a little, then hang up (as `| head -c 10` does)
    let mut first = [0; 10];
    child
        .stdout
        .take()
        .ok_or("no stdout")?
        .read_exact(&mut first)?;
    let out = child.wait_with_output()?;
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    Ok(())
}

#[test]
fn usage_errors_are_one_line_naming_the_bad_value() -> TestResult {
    let cases: &[(&[&str], &str)] = &[
        (
            &["compute", "--foo"],
            "persepsi: unexpected argument '--foo' found",
        ),
        (
            &["compute", "--perod", "2025"],
            "persepsi: unexpected argument '--perod' found (did you mean '--period'?)",
        ),
        (
            &["compte"],
            "persepsi: unrecognized subcommand 'compte' (did you mean 'compute'?)",
        ),
        (
            &["compute", "--period", "2025-Q5"],
            "persepsi: invalid value '2025-Q5' for '--period <P>': \"2025-Q5\" is not a period \
             written YYYY, YYYY-S1..S2, YYYY-Q1..Q4 or YYYY-MM",
        ),
        (
            &["compute", "--unit", "KW-NOWHERE"],
            "persepsi: unknown unit \"KW-NOWHERE\" for '--unit': no unit of the catalog has this \
             code",
        ),
        (
            &["compute", "--series", "weekly"],
            "persepsi: invalid value 'weekly' for '--series <KIND>': use month, quarter, semester \
             or year",
        ),
        (
            &["compute", "--by", "unit"],
            "persepsi: invalid value 'unit' for '--by <BREAKDOWN>': use service",
        ),
        (
            &["compute", "--period"],
            "persepsi: a value is required for '--period <P>' but none was supplied",
        ),
        (
            &["compute", "--threads"],
            "persepsi: a value is required for '--threads <N>' but none was supplied",
        ),
        (
            &[
                "compute",
                "--period",
                "2025-S1",
                "--compare-period",
                "2025-Q1",
                "2025-Q3",
            ],
            "persepsi: cannot compare 2025-Q1 with 2025-Q3 in a report of 2025-S1: both must lie \
             within 2025-S1",
        ),
        (
            &["compute", "--series", "year", "--period", "2025-Q1"],
            "persepsi: a series by year does not fit in a report of 2025-Q1: choose a period kind \
             no longer than quarter",
        ),
        (
            &["compute", "--threads", "0"],
            "persepsi: invalid value '0' for '--threads <N>': use a whole number of threads from \
             1 to 1024",
        ),
        (
            &["compute", "--threads", "20000"],
            "persepsi: invalid value '20000' for '--threads <N>': use a whole number of threads \
             from 1 to 1024",
        ),
        (
            &["compute", "--prior", "-1"],
            "persepsi: invalid value '-1' for '--prior <N>': use a whole number of respondents",
        ),
        (
            &["compute", "--compare-period", "2025-S1"],
            "persepsi: 2 values required for '--compare-period <A> <B>' but 1 was provided",
        ),
        (
            &["compute", "--format", "xml"],
            "persepsi: invalid value 'xml' for '--format <F>': use table, json, xlsx or html (did you mean 'html'?)",
        ),
        (
            &["compute", "--questionnaire", "spak"],
            "persepsi: invalid value 'spak' for '--questionnaire <Q>': use spkp-spak or ikm",
        ),
        (
            &["compute", "a.csv", "b.csv"],
            "persepsi: unexpected argument 'b.csv' found",
        ),
    ];
    for (args, expected) in cases {
        assert_eq!(error_line(args)?, *expected, "persepsi {}", args.join(" "));
    }
    Ok(())
}

#[test]
fn usage_errors_come_before_the_file_is_read() -> TestResult {
    let line = error_line(&[
        "compute",
        "--series",
        "year",
        "--period",
        "2025-Q1",
        "/no/such/responses.csv",
    ])?;
    assert!(line.contains("a series by year"), "{line}");
    Ok(())
}

#[test]
fn files_that_cannot_be_read_are_one_line_naming_the_file() -> TestResult {
    let dir = TempDir::new("files")?;
    let missing = dir.path().join("missing.csv");
    let line = error_line(&[std::ffi::OsStr::new("compute"), missing.as_os_str()])?;
    let prefix = format!("persepsi: cannot open {}: ", missing.display());
    assert!(line.starts_with(&prefix), "{line}");

    let empty = dir.file("empty.csv", "\n\n")?;
    assert_eq!(
        error_line(&[std::ffi::OsStr::new("compute"), empty.as_os_str()])?,
        format!("persepsi: {}: the file has no header row", empty.display())
    );

    let no_unit = dir.file("no-unit.csv", "response_id,date,service\nR1,2025-01-01,X\n")?;
    assert_eq!(
        error_line(&[std::ffi::OsStr::new("compute"), no_unit.as_os_str()])?,
        format!(
            "persepsi: {}: the header lacks the required column \"unit\"",
            no_unit.display()
        )
    );

    let folder = dir.path();
    let line = error_line(&[std::ffi::OsStr::new("compute"), folder.as_os_str()])?;
    let prefix = format!(
        "persepsi: {}: cannot read the responses: ",
        folder.display()
    );
    assert!(line.starts_with(&prefix), "{line}");
    Ok(())
}

#[test]
fn an_invalid_catalog_is_one_line_naming_the_file() -> TestResult {
    let dir = TempDir::new("catalog")?;
    let broken = dir.file("broken.json", "{\n")?;
    let line = error_line(&[
        std::ffi::OsStr::new("compute"),
        std::ffi::OsStr::new("--catalog"),
        broken.as_os_str(),
    ])?;
    let prefix = format!(
        "persepsi: invalid catalog {}: catalog is not valid schema-v1 JSON: ",
        broken.display()
    );
    assert!(line.starts_with(&prefix), "{line}");

    let cyclic = dir.file(
        "cyclic.json",
        r#"{"units": [
            {"code": "A", "name": "A", "kind": "ministry", "parent": null},
            {"code": "B", "name": "B", "kind": "kanwil", "parent": "C"},
            {"code": "C", "name": "C", "kind": "kanwil", "parent": "B"}
        ], "services": [], "offers": []}"#,
    )?;
    let line = error_line(&[
        std::ffi::OsStr::new("compute"),
        std::ffi::OsStr::new("--catalog"),
        cyclic.as_os_str(),
    ])?;
    let prefix = format!("persepsi: invalid catalog {}: ", cyclic.display());
    assert!(line.starts_with(&prefix), "{line}");

    let missing = dir.path().join("missing.json");
    let line = error_line(&[
        std::ffi::OsStr::new("compute"),
        std::ffi::OsStr::new("--catalog"),
        missing.as_os_str(),
    ])?;
    let prefix = format!("persepsi: cannot read catalog {}: ", missing.display());
    assert!(line.starts_with(&prefix), "{line}");
    Ok(())
}

/// A fresh file name in the target directory's temporary folder.
fn temp_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{}-{name}", std::process::id()))
}

#[test]
fn out_writes_the_report_to_a_file_instead_of_stdout() -> TestResult {
    let path = temp_file("report.json");
    let printed = stdout_of(&["compute", "--format", "json", "--by", "service"])?;
    let quiet = stdout_of(&[
        "compute",
        "--format",
        "json",
        "--by",
        "service",
        "--out",
        path.to_str().ok_or("path")?,
    ])?;
    assert_eq!(quiet, "");
    assert_eq!(std::fs::read_to_string(&path)?, printed);
    std::fs::remove_file(&path)?;
    Ok(())
}

#[test]
fn a_workbook_needs_out_and_is_refused_before_reading() -> TestResult {
    let line = error_line(&["compute", "--format", "xlsx", "no-such-file.csv"])?;
    assert!(line.contains("'--out FILE.xlsx'"), "{line}");
    let bad = error_line(&[
        "compute",
        "--format",
        "xlsx",
        "--out",
        "/no/such/dir/r.xlsx",
    ])?;
    assert!(
        bad.starts_with("persepsi: cannot write the workbook /no/such/dir/r.xlsx"),
        "{bad}"
    );
    Ok(())
}

#[test]
fn the_workbook_and_page_carry_the_reports_numbers_and_flags() -> TestResult {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let report = json_report(&["--period", "2025-S1", "--by", "service"])?;
    let path = temp_file("r.xlsx");
    let out = persepsi(&[
        "compute",
        "--period",
        "2025-S1",
        "--by",
        "service",
        "--format",
        "xlsx",
        "--out",
        path.to_str().ok_or("path")?,
    ])?;
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let mut book: Xlsx<_> = open_workbook(&path)?;
    assert!(book.sheet_names().contains(&"Layanan".to_owned()));
    assert!(!book.sheet_names().contains(&"Periode".to_owned()));
    let ringkasan = book.worksheet_range("Ringkasan")?;
    let root = &report["units"][0];
    assert_eq!(
        ringkasan.get_value((1, 0)),
        Some(&Data::String(
            root["unit"].as_str().ok_or("unit")?.to_owned()
        ))
    );
    let index100: f64 = root["indices"]["SPKP"]["index100"]
        .as_str()
        .ok_or("x")?
        .parse()?;
    assert_eq!(ringkasan.get_value((1, 4)), Some(&Data::Float(index100)));
    let metode = book.worksheet_range("Metode")?;
    let rows: Vec<String> = metode.rows().map(|r| r[1].to_string()).collect();
    assert!(rows.contains(&"2025-S1".to_owned()), "{rows:?}");
    assert!(rows.contains(&"service".to_owned()), "{rows:?}");
    std::fs::remove_file(&path)?;

    let page = stdout_of(&["compute", "--period", "2025-S1", "--format", "html"])?;
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("2025-S1"));
    Ok(())
}
