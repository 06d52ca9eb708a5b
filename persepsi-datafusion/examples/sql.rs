//! SQL over the bundled sample: the library validates the records, DataFusion groups them.
//!
//! ```text
//! cargo run --release -p persepsi-datafusion --example sql
//! ```
//!
//! 1. Every record of `examples/data/responses.csv` goes through persepsi's validation (ids,
//!    units, services, dates, stars); the accepted ones are written to a CSV of their own.
//! 2. That file is registered in a DataFusion session with `persepsi_index` and
//!    `persepsi_tally`, and two `GROUP BY` queries run: per unit, and per unit and service.
//! 3. The physical plan is printed: partial aggregates per file range, then final aggregates
//!    per hash partition of the groups.

#[path = "../tests/common/mod.rs"]
mod common;

use datafusion::arrow::util::pretty::pretty_format_batches;
use datafusion::prelude::{CsvReadOptions, SessionConfig, SessionContext};
use persepsi_datafusion::PersepsiFunctions;

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = common::accepted("sql-example");
    println!(
        "{} records accepted by persepsi, written to {}",
        data.records.len(),
        data.path.display()
    );

    let config = SessionConfig::new()
        .with_target_partitions(2)
        .with_repartition_file_min_size(1); // split even this small file: partial + final
    let ctx = SessionContext::new_with_config(config);
    PersepsiFunctions::new().register(&ctx);
    ctx.register_csv(
        "responses",
        data.path.to_str().ok_or("path")?,
        CsvReadOptions::new(),
    )
    .await?;

    let spkp = r#"persepsi_index('SPKP', "SPKP1", "SPKP2", "SPKP3", "SPKP4", "SPKP5", "SPKP6", "SPKP7", "SPKP8")"#;
    let spak = r#"persepsi_index('SPAK', "SPAK1", "SPAK2", "SPAK3", "SPAK4", "SPAK5")"#;
    let by_unit = format!(
        "SELECT unit, p['respondents'] AS respondents,
                p['index4'] AS ipkp, p['index100'] AS ipkp100, p['grade'] AS g,
                a['index4'] AS ipak, a['index100'] AS ipak100, a['grade'] AS ga
         FROM (SELECT unit, {spkp} AS p, {spak} AS a FROM responses GROUP BY unit)
         ORDER BY unit"
    );
    let batches = ctx.sql(&by_unit).await?.collect().await?;
    println!("\nPer unit (IPKP and IPAK on 1-4 and 0-100, grade):");
    println!("{}", pretty_format_batches(&batches)?);

    let by_cell = format!(
        "SELECT unit, service, p['respondents'] AS respondents, p['nrr'] AS nrr,
                p['index4'] AS ipkp, p['grade'] AS g
         FROM (SELECT unit, service, {spkp} AS p FROM responses
               WHERE unit LIKE 'KW-DKI%' GROUP BY unit, service)
         ORDER BY unit, service"
    );
    let batches = ctx.sql(&by_cell).await?.collect().await?;
    println!("\nPer unit and service, Kanwil DKI Jakarta (SPKP item means, IPKP):");
    println!("{}", pretty_format_batches(&batches)?);

    let plan = ctx
        .sql(&format!(
            "EXPLAIN SELECT unit, {spkp} FROM responses GROUP BY unit"
        ))
        .await?
        .collect()
        .await?;
    println!("\nThe plan (partial aggregates exchange encoded tallies):");
    for line in common::strings(&plan, "plan") {
        for l in line
            .lines()
            .filter(|l| l.contains("AggregateExec") || l.contains("Repartition"))
        {
            println!("  {}", l.trim_end());
        }
    }
    Ok(())
}
