//! Laws: however rows are partitioned and batched, and whichever accumulator runs (grouped,
//! single, or stored tallies merged), SQL gives the library's result for every group.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;

use common::{core_text, session_with, structs};
use datafusion::arrow::array::{Int64Array, RecordBatch, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::datasource::MemTable;
use datafusion::prelude::SessionConfig;
use persepsi::{Instrument, Tally};
use proptest::prelude::*;

/// A row: its group (0-4) and five cells, each 0 (NULL: missing), 1-6 (a star) or 7 (off the
/// 1-6 scale: the row is rejected).
fn rows() -> impl Strategy<Value = Vec<(u8, [u8; 5])>> {
    proptest::collection::vec(
        (
            0u8..5,
            proptest::array::uniform5(prop_oneof![1 => Just(0u8), 8 => 1u8..=6, 1 => Just(7u8)]),
        ),
        0..200,
    )
}

fn expected(rows: &[(u8, [u8; 5])]) -> BTreeMap<String, String> {
    let spak = Instrument::spak();
    let mut groups: BTreeMap<String, (Tally, u64)> = BTreeMap::new();
    for (g, cells) in rows {
        let entry = groups
            .entry(format!("g{g}"))
            .or_insert_with(|| (Tally::new(&spak), 0));
        if cells.contains(&7) {
            entry.1 += 1;
            continue;
        }
        let answers = spak
            .answers(cells.iter().map(|&c| (c != 0).then_some(c)))
            .expect("on the scale");
        entry.0.record(&answers).expect("fits");
    }
    groups
        .into_iter()
        .map(|(g, (t, r))| (g, core_text(&spak, &t, r)))
        .collect()
}

fn run(
    rows: &[(u8, [u8; 5])],
    partitions: usize,
    batch: usize,
    sql: &str,
) -> BTreeMap<String, String> {
    let schema = Arc::new(Schema::new(
        std::iter::once(Field::new("g", DataType::Utf8, false))
            .chain((1..=5).map(|i| Field::new(format!("s{i}"), DataType::Int64, true)))
            .collect::<Vec<_>>(),
    ));
    // rows dealt round-robin to the partitions, each cut into batches of `batch` rows
    let mut parts: Vec<Vec<RecordBatch>> = vec![Vec::new(); partitions];
    let dealt: Vec<Vec<&(u8, [u8; 5])>> = (0..partitions)
        .map(|p| rows.iter().skip(p).step_by(partitions).collect())
        .collect();
    for (p, mine) in dealt.iter().enumerate() {
        for chunk in mine.chunks(batch.max(1)) {
            let mut columns: Vec<Arc<dyn datafusion::arrow::array::Array>> =
                vec![Arc::new(StringArray::from(
                    chunk
                        .iter()
                        .map(|(g, _)| format!("g{g}"))
                        .collect::<Vec<_>>(),
                ))];
            for i in 0..5 {
                columns.push(Arc::new(Int64Array::from(
                    chunk
                        .iter()
                        .map(|(_, c)| (c[i] != 0).then_some(i64::from(c[i])))
                        .collect::<Vec<_>>(),
                )));
            }
            parts[p].push(RecordBatch::try_new(schema.clone(), columns).expect("batch"));
        }
    }
    let config = SessionConfig::new()
        .with_target_partitions(partitions)
        .with_batch_size(batch.max(1));
    let ctx = session_with(config);
    ctx.register_table(
        "t",
        Arc::new(MemTable::try_new(schema, parts).expect("table")),
    )
    .expect("registers");
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let batches = rt
        .block_on(async { ctx.sql(sql).await?.collect().await })
        .expect("runs");
    common::strings(&batches, "g")
        .into_iter()
        .zip(structs(&batches, "s"))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn partitions_and_batches_never_change_a_group_result(
        rows in rows(),
        partitions in 1usize..5,
        batch in 1usize..50,
    ) {
        let expected = expected(&rows);
        let grouped = run(&rows, partitions, batch,
            "SELECT g, persepsi_index('SPAK', s1, s2, s3, s4, s5) AS s FROM t GROUP BY g");
        prop_assert_eq!(&grouped, &expected);
        // per-row tallies merged by a second aggregation: the same numbers
        let merged = run(&rows, partitions, batch,
            "SELECT g, persepsi_index('SPAK', t) AS s FROM (
               SELECT g, s1, persepsi_tally('SPAK', s1, s2, s3, s4, s5) AS t FROM t GROUP BY g, s1)
             GROUP BY g");
        prop_assert_eq!(&merged, &expected);
    }

    #[test]
    fn one_group_without_group_by_equals_the_library(
        rows in rows(),
        partitions in 1usize..5,
        batch in 1usize..50,
    ) {
        let all: Vec<(u8, [u8; 5])> = rows.iter().map(|&(_, c)| (0, c)).collect();
        let expected = expected(&all);
        let got = run(&all, partitions, batch,
            "SELECT 'g0' AS g, persepsi_index('SPAK', s1, s2, s3, s4, s5) AS s FROM t");
        // no rows: the aggregate still returns one row, with zero counts and no index
        let expected = if all.is_empty() {
            let spak = Instrument::spak();
            BTreeMap::from([("g0".to_owned(), core_text(&spak, &Tally::new(&spak), 0))])
        } else {
            expected
        };
        prop_assert_eq!(got, expected);
    }
}
