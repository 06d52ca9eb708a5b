//! `persepsi_index` beside DataFusion's built-in `avg` on the same plan: the 1M-row SPKP+SPAK
//! file of the core benches (`cargo run --release --example gen_bench`; written here when
//! missing), grouped by unit, 13 ratings per row.
//!
//! ```text
//! cargo bench -p persepsi-datafusion --bench sql
//! ```

// shared with the core crate's benches, which keep Rust 1.85 (no `is_multiple_of`)
#[allow(clippy::manual_is_multiple_of)]
#[path = "../../benches/common/data.rs"]
mod data;

use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;
use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use datafusion::datasource::MemTable;
use datafusion::prelude::{CsvReadOptions, SessionConfig, SessionContext};
use persepsi_datafusion::PersepsiFunctions;
use tokio::runtime::Runtime;

const ROWS: u64 = 1_000_000;
const ITEMS: u64 = 13;

fn file() -> PathBuf {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/bench-data"));
    let path = dir.join("responses-1m.csv");
    if !path.exists() {
        std::fs::create_dir_all(&dir).expect("bench-data directory");
        let mut out = BufWriter::new(File::create(&path).expect("bench file"));
        data::write_csv(&mut out, ROWS as usize).expect("writes");
    }
    path
}

fn items(prefix: &str, n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("\"{prefix}{i}\"")).collect()
}

fn queries(table: &str) -> [(&'static str, String); 2] {
    let (spkp, spak) = (items("SPKP", 8), items("SPAK", 5));
    let avgs: Vec<String> = spkp
        .iter()
        .chain(&spak)
        .map(|c| format!("avg({c})"))
        .collect();
    [
        (
            "persepsi_index",
            format!(
                "SELECT unit, persepsi_index('SPKP', {}), persepsi_index('SPAK', {}) FROM {table} GROUP BY unit",
                spkp.join(", "),
                spak.join(", ")
            ),
        ),
        (
            "avg",
            format!(
                "SELECT unit, {} FROM {table} GROUP BY unit",
                avgs.join(", ")
            ),
        ),
    ]
}

fn sql(c: &mut Criterion) {
    let rt = Runtime::new().expect("tokio");
    let path = file();
    let ctx = SessionContext::new_with_config(SessionConfig::new().with_target_partitions(2));
    PersepsiFunctions::new().register(&ctx);
    rt.block_on(ctx.register_csv("file", path.to_str().expect("utf-8"), CsvReadOptions::new()))
        .expect("registers");
    // the same rows in memory, in two partitions: the aggregation alone
    let batches = rt
        .block_on(async { ctx.table("file").await?.collect().await })
        .expect("reads");
    let schema = batches[0].schema();
    let half = batches.len() / 2;
    let partitions = vec![batches[..half].to_vec(), batches[half..].to_vec()];
    ctx.register_table(
        "memory",
        Arc::new(MemTable::try_new(schema, partitions).expect("table")),
    )
    .expect("registers");

    let mut group = c.benchmark_group("sql_1m_x13_by_unit");
    group.sample_size(10);
    group.throughput(Throughput::Elements(ROWS * ITEMS));
    for table in ["memory", "file"] {
        for (name, query) in queries(table) {
            group.bench_function(format!("{table}/{name}"), |b| {
                b.iter(|| {
                    rt.block_on(async { ctx.sql(&query).await?.collect().await })
                        .expect("runs")
                });
            });
        }
    }
    group.finish();
}

criterion_group!(benches, sql);
criterion_main!(benches);
