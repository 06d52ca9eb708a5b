//! Shared by the SQL, law and Ballista tests and the `sql` example: the accepted sample
//! records, the library's results, and the sessions and queries that SQL runs them with.

#![allow(dead_code)] // each test binary uses a part

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use datafusion::arrow::array::{Array, AsArray, RecordBatch, StructArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Decimal128Type};
use datafusion::prelude::{CsvReadOptions, SessionConfig, SessionContext};
use persepsi::{Catalog, Instrument, Precision, Questionnaire, RawResponse, Survey, Tally};
use persepsi_datafusion::PersepsiFunctions;

pub const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../examples/data/responses.csv"
);

/// Columns of the sample: id, date, unit, service, 13 stars, channel.
pub const STARS_AT: usize = 4;

/// The sample's records that the library accepts (in file order), written as CSV to a file of
/// their own, and the records themselves.
pub struct Accepted {
    pub path: PathBuf,
    pub records: Vec<csv::StringRecord>,
    pub headers: csv::StringRecord,
}

/// Ingests every sample record through the library's validation, record by record, and keeps
/// those accepted: the ones SQL is then run over. Checks the count against the library's own
/// CSV reader on the same file.
pub fn accepted(name: &str) -> Accepted {
    let catalog = Catalog::kemenkum_2025();
    let questionnaire = Arc::new(Questionnaire::spkp_spak());
    let mut survey = Survey::new(Arc::clone(&catalog), Arc::clone(&questionnaire));
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(SAMPLE)
        .expect("sample");
    let headers = reader.headers().expect("header").clone();
    let mut records = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.expect("readable");
        if record.len() != headers.len() {
            continue;
        }
        let answers: Vec<&str> = (STARS_AT..STARS_AT + 13).map(|c| &record[c]).collect();
        let raw = RawResponse {
            id: &record[0],
            date: &record[1],
            unit: &record[2],
            service: &record[3],
            answers: &answers,
        };
        if survey.ingest(i as u64 + 2, &raw).is_ok() {
            records.push(record.clone());
        }
    }
    let mut whole = Survey::new(catalog, questionnaire);
    whole
        .read_csv(std::fs::File::open(SAMPLE).expect("sample"))
        .expect("reads");
    assert_eq!(records.len() as u64, whole.summary().accepted);
    assert!(
        whole.summary().rejected.len() > 20,
        "the sample has rejects"
    );
    // tests write under target/tmp; the `sql` example (which includes this file) to the OS's
    let dir = option_env!("CARGO_TARGET_TMPDIR").map_or_else(std::env::temp_dir, PathBuf::from);
    let path = dir.join(format!("persepsi-{name}.csv"));
    let mut writer = csv::Writer::from_path(&path).expect("writable");
    writer.write_record(&headers).expect("write");
    for r in &records {
        writer.write_record(r).expect("write");
    }
    writer.flush().expect("flush");
    Accepted {
        path,
        records,
        headers,
    }
}

/// A session with `config` and persepsi's functions registered.
pub fn session_with(config: SessionConfig) -> SessionContext {
    let ctx = SessionContext::new_with_config(config);
    PersepsiFunctions::new().register(&ctx);
    ctx
}

/// Registers persepsi's functions in `ctx` and the accepted records as table `responses`.
pub async fn register_responses(ctx: &SessionContext, data: &Accepted) {
    PersepsiFunctions::new().register(ctx);
    ctx.register_csv(
        "responses",
        data.path.to_str().expect("utf-8 path"),
        CsvReadOptions::new(),
    )
    .await
    .expect("registers");
}

/// Plans and runs `sql`, and collects its batches.
pub async fn run(ctx: &SessionContext, sql: &str) -> Vec<RecordBatch> {
    ctx.sql(sql)
        .await
        .expect("plans")
        .collect()
        .await
        .expect("runs")
}

/// The SPKP and SPAK instruments, in the sample's column order.
pub fn spkp_spak() -> (Instrument, Instrument) {
    (Instrument::spkp(), Instrument::spak())
}

/// Both indices per unit over `responses`: columns `unit`, `spkp`, `spak` (see [`by_unit`]).
pub fn by_unit_sql() -> String {
    let (spkp, spak) = spkp_spak();
    format!(
        "SELECT unit, {} AS spkp, {} AS spak FROM responses GROUP BY unit",
        call("persepsi_index", &spkp),
        call("persepsi_index", &spak)
    )
}

/// Rows of `unit`, `spkp`, `spak` as unit -> the [`sql_text`] pair, as [`expected_by`] gives
/// the library's.
pub fn by_unit(batches: &[RecordBatch]) -> BTreeMap<String, (String, String)> {
    strings(batches, "unit")
        .into_iter()
        .zip(pairs(batches))
        .collect()
}

/// A star cell as the library reads it: empty = missing.
fn star(cell: &str) -> Option<u8> {
    let cell = cell.trim();
    (!cell.is_empty()).then(|| cell.parse().expect("accepted stars parse"))
}

/// The tally of each key for one instrument (`first` = the column of its first item).
pub fn tallies<K: Ord>(
    records: &[csv::StringRecord],
    instrument: &Instrument,
    first: usize,
    key: impl Fn(&csv::StringRecord) -> K,
) -> BTreeMap<K, Tally> {
    let mut out: BTreeMap<K, Tally> = BTreeMap::new();
    let m = instrument.items().len();
    for r in records {
        let answers = instrument
            .answers((first..first + m).map(|c| star(&r[c])))
            .expect("accepted");
        out.entry(key(r))
            .or_insert_with(|| Tally::new(instrument))
            .record(&answers)
            .expect("fits");
    }
    out
}

/// The library's result for a tally, in the text form [`sql_text`] gives a SQL struct.
pub fn core_text(instrument: &Instrument, tally: &Tally, rejected: u64) -> String {
    let head = format!(
        "{} responses={} respondents={} rejected={rejected}",
        instrument.code(),
        tally.responses(),
        tally.respondents()
    );
    let Ok(result) = instrument.index(tally) else {
        return format!("{head} no index");
    };
    let p = Precision::default();
    let nrr: Vec<String> = result
        .items()
        .iter()
        .map(|i| {
            i.nrr()
                .map_or("null".to_owned(), |v| v.round(p.nrr()).to_string())
        })
        .collect();
    let r = result.rounded(p);
    format!(
        "{head} nrr=[{}] raw={} index4={} index100={} grade={} label={}",
        nrr.join(","),
        r.raw,
        r.index4,
        r.index100,
        r.grade,
        r.label
    )
}

/// The text form of row `i` of a `persepsi_index` struct column.
pub fn sql_text(column: &StructArray, i: usize) -> String {
    let text = |name: &str| -> String {
        let c = column.column_by_name(name).expect("field");
        if c.is_null(i) {
            return "null".to_owned();
        }
        match c.data_type() {
            DataType::Decimal128(..) => c.as_primitive::<Decimal128Type>().value_as_string(i),
            DataType::UInt64 => c
                .as_primitive::<datafusion::arrow::datatypes::UInt64Type>()
                .value(i)
                .to_string(),
            _ => cast(c, &DataType::Utf8)
                .expect("to text")
                .as_string::<i32>()
                .value(i)
                .to_owned(),
        }
    };
    let head = format!(
        "{} responses={} respondents={} rejected={}",
        text("instrument"),
        text("responses"),
        text("respondents"),
        text("rejected")
    );
    if text("raw") == "null" {
        return format!("{head} no index");
    }
    let nrr = column
        .column_by_name("nrr")
        .expect("nrr")
        .as_list::<i32>()
        .value(i);
    let nrr = nrr.as_primitive::<Decimal128Type>();
    let nrr: Vec<String> = (0..nrr.len())
        .map(|k| {
            if nrr.is_null(k) {
                "null".to_owned()
            } else {
                nrr.value_as_string(k)
            }
        })
        .collect();
    format!(
        "{head} nrr=[{}] raw={} index4={} index100={} grade={} label={}",
        nrr.join(","),
        text("raw"),
        text("index4"),
        text("index100"),
        text("grade"),
        text("label")
    )
}

/// Column `name` of every batch as text, row by row.
pub fn strings(batches: &[RecordBatch], name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for b in batches {
        let c = cast(b.column_by_name(name).expect("column"), &DataType::Utf8).expect("text");
        let c = c.as_string::<i32>();
        out.extend((0..c.len()).map(|i| c.value(i).to_owned()));
    }
    out
}

/// Struct column `name` of every batch as [`sql_text`], row by row.
pub fn structs(batches: &[RecordBatch], name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for b in batches {
        let c = b.column_by_name(name).expect("column").as_struct();
        out.extend((0..c.len()).map(|i| sql_text(c, i)));
    }
    out
}

/// `persepsi_index('CODE', c1, ..., cm)` for an instrument whose items are named by their codes.
pub fn call(function: &str, instrument: &Instrument) -> String {
    let items: Vec<String> = instrument
        .items()
        .iter()
        .map(|i| format!("\"{}\"", i.code()))
        .collect();
    format!("{function}('{}', {})", instrument.code(), items.join(", "))
}

/// The library's SPKP and SPAK results per key over the accepted records, as [`core_text`].
pub fn expected_by<K: Ord + Clone>(
    data: &Accepted,
    key: impl Fn(&csv::StringRecord) -> K + Copy,
) -> BTreeMap<K, (String, String)> {
    let (spkp, spak) = (Instrument::spkp(), Instrument::spak());
    let a = tallies(&data.records, &spkp, STARS_AT, key);
    let b = tallies(&data.records, &spak, STARS_AT + 8, key);
    a.iter()
        .map(|(k, t)| {
            (
                k.clone(),
                (core_text(&spkp, t, 0), core_text(&spak, &b[k], 0)),
            )
        })
        .collect()
}

/// The `spkp` and `spak` struct columns of every batch as [`sql_text`] pairs, row by row.
pub fn pairs(batches: &[RecordBatch]) -> Vec<(String, String)> {
    structs(batches, "spkp")
        .into_iter()
        .zip(structs(batches, "spak"))
        .collect()
}
