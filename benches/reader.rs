//! The CSV reader on files shaped like real exports, in records per second: a UTF-8 byte-order
//! mark, CRLF, shuffled item columns, two profile columns, 5% faulty rows of every reason, and a
//! free-text `saran` column quoted as Excel quotes it (about 60% of rows; some notes on two
//! lines), beside the same rows with that column empty. A record that holds quotes should cost
//! about what a plain one costs: the two figures side by side show when it does not.
//!
//! `cargo bench --bench reader`. Data: `benches/common/data.rs` (`write_export_csv`, seeded).

mod common;

use std::hint::black_box;
use std::num::NonZeroUsize;

use common::data;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use persepsi::{Catalog, Questionnaire, ReadOptions, Survey};

fn export(c: &mut Criterion) {
    let catalog = Catalog::kemenkum_2025();
    let q = Questionnaire::spkp_spak();
    let rows = 1_000_000;
    let mut group = c.benchmark_group("reader-export");
    group.sample_size(10);
    group.throughput(Throughput::Elements(rows as u64));
    for (notes, label) in [(true, "quoted notes"), (false, "notes emptied")] {
        let mut csv = Vec::with_capacity(130 * rows);
        data::write_export_csv(&mut csv, rows, notes).expect("in memory");
        // and with the two respondent-profile columns counted
        for (threads, profile) in [(1usize, false), (2, false), (1, true), (2, true)] {
            let mut options =
                ReadOptions::default().threads(NonZeroUsize::new(threads).expect("positive"));
            let mut name = format!("1M-row export, {label}, {threads} thread(s)");
            if profile {
                options = options.profile(["jenis_kelamin", "pendidikan"]);
                name += ", profile";
            }
            group.bench_function(name, |b| {
                b.iter(|| {
                    let mut survey = Survey::new(catalog.clone(), q.clone());
                    survey
                        .read_csv_with(black_box(&csv[..]), options.clone())
                        .expect("readable");
                    black_box(survey.summary().accepted)
                });
            });
        }
    }
    group.finish();
}

criterion_group!(benches, export);
criterion_main!(benches);
