//! SQL results against the library's, to the digit.

mod common;

use std::collections::BTreeMap;

use common::{
    Accepted, accepted, by_unit, by_unit_sql, call, core_text, expected_by, pairs,
    register_responses, run, session_with, spkp_spak, strings, structs, tallies,
};
use datafusion::prelude::{SessionConfig, SessionContext};
use persepsi::{Instrument, Tally};

/// A session over the accepted sample with `partitions` target partitions; with more than one,
/// the file scan is split into byte ranges and batches are small, so partial aggregates of
/// every group meet in the final step.
async fn session(data: &Accepted, partitions: usize) -> SessionContext {
    let mut config = SessionConfig::new().with_target_partitions(partitions);
    if partitions > 1 {
        config = config.with_repartition_file_min_size(1).with_batch_size(97);
    }
    let ctx = SessionContext::new_with_config(config);
    register_responses(&ctx, data).await;
    ctx
}

/// Column of SPAK1 in the sample.
const SPAK_AT: usize = common::STARS_AT + 8;

#[tokio::test]
async fn group_by_unit_equals_the_library_for_1_and_8_partitions() {
    let data = accepted("sql-units");
    let expected = expected_by(&data, |r| r[2].to_owned());
    assert!(expected.len() > 100, "the sample covers the catalog");
    let sql = by_unit_sql();
    for partitions in [1, 8] {
        let ctx = session(&data, partitions).await;
        let got = by_unit(&run(&ctx, &sql).await);
        assert_eq!(got, expected, "{partitions} partitions");
    }
}

#[tokio::test]
async fn group_by_unit_and_service_equals_the_library_for_1_and_8_partitions() {
    let data = accepted("sql-cells");
    let expected = expected_by(&data, |r| (r[2].to_owned(), r[3].to_owned()));
    let (spkp, spak) = spkp_spak();
    let sql = format!(
        "SELECT unit, service, {} AS spkp, {} AS spak FROM responses GROUP BY unit, service",
        call("persepsi_index", &spkp),
        call("persepsi_index", &spak)
    );
    for partitions in [1, 8] {
        let ctx = session(&data, partitions).await;
        let batches = run(&ctx, &sql).await;
        let keys = strings(&batches, "unit")
            .into_iter()
            .zip(strings(&batches, "service"));
        let got: BTreeMap<(String, String), (String, String)> = keys.zip(pairs(&batches)).collect();
        assert_eq!(got, expected, "{partitions} partitions");
    }
}

#[tokio::test]
async fn without_group_by_the_row_accumulators_merge_to_the_whole_sample() {
    let data = accepted("sql-total");
    let expected = expected_by(&data, |_| ());
    let (spkp, spak) = spkp_spak();
    let sql = format!(
        "SELECT {} AS spkp, {} AS spak FROM responses",
        call("persepsi_index", &spkp),
        call("persepsi_index", &spak)
    );
    for partitions in [1, 8] {
        let ctx = session(&data, partitions).await;
        let batches = run(&ctx, &sql).await;
        let got = pairs(&batches).remove(0);
        assert_eq!(got, expected[&()], "{partitions} partitions");
    }
}

#[tokio::test]
async fn stored_tallies_merge_to_the_same_index() {
    let data = accepted("sql-tallies");
    let expected = expected_by(&data, |r| r[2].to_owned());
    let (spkp, spak) = spkp_spak();
    // per (unit, month) tallies, then per unit from the tallies alone
    let sql = format!(
        "SELECT unit, persepsi_index('SPKP', t1) AS spkp, persepsi_index('SPAK', t2) AS spak
         FROM (SELECT unit, substr(CAST(date AS VARCHAR), 1, 7) AS month, {} AS t1, {} AS t2
               FROM responses GROUP BY unit, substr(CAST(date AS VARCHAR), 1, 7))
         GROUP BY unit",
        call("persepsi_tally", &spkp),
        call("persepsi_tally", &spak)
    );
    for partitions in [1, 8] {
        let ctx = session(&data, partitions).await;
        let got = by_unit(&run(&ctx, &sql).await);
        assert_eq!(got, expected, "{partitions} partitions");
    }
}

#[tokio::test]
async fn a_sliding_window_retracts_rows_that_leave_the_frame() {
    let data = accepted("sql-window");
    let spak = Instrument::spak();
    let sql = format!(
        "SELECT response_id, {} OVER (PARTITION BY unit ORDER BY response_id
                ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) AS spak
         FROM responses ORDER BY response_id",
        call("persepsi_index", &spak)
    );
    // the library: per unit in id order, the tally of the last five rows
    let mut rows_of_unit: BTreeMap<&str, Vec<&csv::StringRecord>> = BTreeMap::new();
    for r in &data.records {
        rows_of_unit.entry(&r[2]).or_default().push(r);
    }
    let mut expected: BTreeMap<String, String> = BTreeMap::new();
    for rows in rows_of_unit.values_mut() {
        rows.sort_by(|a, b| a[0].cmp(&b[0]));
        for end in 0..rows.len() {
            let window: Vec<csv::StringRecord> = rows[end.saturating_sub(4)..=end]
                .iter()
                .map(|r| (*r).clone())
                .collect();
            let t = tallies(&window, &spak, SPAK_AT, |_| ())
                .remove(&())
                .unwrap_or_default();
            expected.insert(rows[end][0].to_owned(), core_text(&spak, &t, 0));
        }
    }
    for partitions in [1, 8] {
        let ctx = session(&data, partitions).await;
        let batches = run(&ctx, &sql).await;
        let got: BTreeMap<String, String> = strings(&batches, "response_id")
            .into_iter()
            .zip(structs(&batches, "spak"))
            .collect();
        assert_eq!(got.len(), data.records.len());
        assert_eq!(got, expected, "{partitions} partitions");
    }
}

#[tokio::test]
async fn rows_off_the_scale_are_counted_as_rejected_and_filter_clauses_apply() {
    let ctx = session_with(SessionConfig::new());
    ctx.sql(
        "CREATE TABLE r (g VARCHAR, keep BOOLEAN, a BIGINT, b INT, c SMALLINT, d TINYINT, e BIGINT)
         AS VALUES
           ('x', true,  6, 5, 6, 6, 6),
           ('x', true,  0, 5, 6, 6, 6),     -- 0 is not a star
           ('x', false, 1, 1, 1, 1, 1),     -- filtered out
           ('x', true,  NULL, NULL, NULL, NULL, NULL),
           ('y', true,  7, 6, 6, 6, 6),     -- 7 is off 1-6
           ('y', true,  -1, 6, 6, 6, 6)",
    )
    .await
    .expect("plans")
    .collect()
    .await
    .expect("creates");
    let batches = run(
        &ctx,
        "SELECT g, persepsi_index('SPAK', a, b, c, d, e) FILTER (WHERE keep) AS s
         FROM r GROUP BY g ORDER BY g",
    )
    .await;
    let spak = Instrument::spak();
    let mut x = Tally::new(&spak);
    x.record(&spak.answers([6, 5, 6, 6, 6].map(Some)).expect("ok"))
        .expect("fits");
    x.record(&spak.answers([None; 5]).expect("ok"))
        .expect("fits");
    assert_eq!(
        structs(&batches, "s"),
        vec![
            core_text(&spak, &x, 1),
            core_text(&spak, &Tally::new(&spak), 2)
        ]
    );
    assert!(structs(&batches, "s")[1].ends_with("no index"));
}

#[tokio::test]
async fn unsigned_stars_beyond_i64_are_rejected_rows_not_query_errors() {
    let ctx = session_with(SessionConfig::new());
    ctx.sql(
        "CREATE TABLE r (a BIGINT UNSIGNED, b INT UNSIGNED, c BIGINT UNSIGNED, d TINYINT UNSIGNED, e BIGINT UNSIGNED)
         AS VALUES (6, 5, 6, 6, 6), (18446744073709551615, 6, 6, 6, 6), (4, 4, 256, 4, 4)",
    )
    .await
    .expect("plans")
    .collect()
    .await
    .expect("creates");
    let batches = run(
        &ctx,
        "SELECT persepsi_index('SPAK', a, b, c, d, e) AS s FROM r",
    )
    .await;
    let spak = Instrument::spak();
    let mut one = Tally::new(&spak);
    one.record(&spak.answers([6, 5, 6, 6, 6].map(Some)).expect("ok"))
        .expect("fits");
    assert_eq!(structs(&batches, "s"), vec![core_text(&spak, &one, 2)]);
}

#[tokio::test]
async fn bad_calls_are_plan_or_execution_errors_not_panics() {
    let ctx = session_with(SessionConfig::new());
    ctx.sql("CREATE TABLE r (u VARCHAR, a BIGINT, t VARCHAR) AS VALUES ('x', 4, 'four')")
        .await
        .expect("plans")
        .collect()
        .await
        .expect("creates");
    for (sql, message) in [
        (
            "SELECT persepsi_index('NOPE', a) FROM r",
            "unknown instrument 'NOPE'",
        ),
        (
            "SELECT persepsi_index('SPAK', a, a) FROM r",
            "has 5 items, 2 star arguments",
        ),
        (
            "SELECT persepsi_index('SPAK', a, a, a, a, t) FROM r",
            "star argument 5 is Utf8",
        ),
        (
            "SELECT persepsi_index(u, a, a, a, a, a) FROM r",
            "must be an instrument code literal",
        ),
        ("SELECT persepsi_index('SPAK') FROM r", "needs stars"),
        (
            "SELECT persepsi_index(4, a) FROM r",
            "first argument is the instrument code",
        ),
        ("SELECT persepsi_index('SPAK', X'0102') FROM r", "not 2"),
        (
            "SELECT persepsi_index('SPAK', X'01060500') FROM r",
            "encoded SPAK tally",
        ),
    ] {
        let result = match ctx.sql(sql).await {
            Ok(df) => df.collect().await.map(|_| ()),
            Err(e) => Err(e),
        };
        let error = result.expect_err(sql).to_string();
        assert!(error.contains(message), "{sql}: {error}");
    }
}
